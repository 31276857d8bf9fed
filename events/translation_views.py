"""/my/events/<id>/translations/<lang>/: a member adds or changes a translation of their
organization's event; /my/language/: the language of their e-mail."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events import translations
from events.languages import language_name
from events.models import Event, EventTranslation
from events.translation_forms import AccountLanguageForm, TranslationForm
from organizations.models import language_of, set_language_of


@login_required
@require_http_methods(["GET", "POST"])
def translation_edit(request, pk, language):
    event = get_object_or_404(Event.objects.of_member(request.user).distinct(), pk=pk)
    if language not in dict(settings.LANGUAGES) or language == event.original_language:
        raise Http404
    if not translations.may_translate(event, request.user):
        messages.error(request, _("This event can no longer be changed."))
        return redirect("my:event_detail", pk=event.pk)
    existing = EventTranslation.objects.filter(event=event, language=language).first()
    form = TranslationForm(request.POST or None, instance=existing)
    if request.method == "POST" and request.POST.get("action") == "delete" and existing:
        translations.delete_translation(event, by=request.user, language=language)
        messages.success(request, _("The translation was removed."))
        return redirect("my:event_detail", pk=event.pk)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = translations.save_translation(
                event, by=request.user, language=language, data=data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if saved.is_live:
                messages.success(request, _("The translation is saved and shown."))
            else:
                messages.success(
                    request,
                    _("The translation is saved; it is shown once the committee approves it."),
                )
            return redirect("my:event_detail", pk=event.pk)
    title = _("“%(title)s” in %(language)s") % {
        "title": event.title,
        "language": language_name(language),
    }
    return render(
        request,
        "my/translation_form.html",
        {"event": event, "form": form, "title": title, "existing": existing},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_language(request):
    form = AccountLanguageForm(
        request.POST or None, initial={"language": language_of(request.user, request.LANGUAGE_CODE)}
    )
    if form.is_valid():
        set_language_of(request.user, form.cleaned_data["language"])
        messages.success(request, _("Your e-mails will come in this language."))
        return redirect("my:index")
    return render(
        request, "my/form_page.html", {"form": form, "title": _("Language of your e-mails")}
    )
