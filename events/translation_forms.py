"""The member area's form for one translation of an event; events.translations decides."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.models import EventTranslation


class TranslationForm(forms.ModelForm):
    class Meta:
        model = EventTranslation
        fields = ["title", "summary", "description", "reviewed"]
        widgets = {"description": forms.Textarea(attrs={"rows": 10})}


class AccountLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the e-mails the site sends you"),
        choices=lambda: list(settings.LANGUAGES),
    )
