"""Every write to an event's translations, for the member area, the admin and the API.

The same rules as an edit of the event (events.services): who may write is who may edit
the event (`may_edit`); a translation of an approved event is moderated as an edit is.
The committee's own and a trusted organization's go live at once and are recorded; an
untrusted organization's waits for the committee (`approve_translation`), while the event
itself stays public with the versions already shown. Editing the original marks its
translations as needing review (`flag_for_review`, called by `update_event`).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from events import services
from events.models import Event, EventTranslation, ModerationRecord

S = Event.Status
# The texts a translation carries; editing them in the original flags its translations.
TRANSLATED_FIELDS = ("title", "summary", "description")


def content_languages():
    return [code for code, _name in settings.LANGUAGES]


def may_translate(event, user):
    """Who may edit the event may write its translations."""
    return services.may_edit(event, user)


def save_translation(event, *, by, language, data):
    """Create or change `event`'s translation into `language` from `data` (title,
    summary, description, reviewed; only the keys given), all or nothing.

    Raises PermissionDenied when `by` may not edit the event, ValidationError by field
    when the translation is not valid. Returns the translation.
    """
    unknown = set(data) - {*TRANSLATED_FIELDS, "reviewed"}
    if unknown:
        raise ValueError(f"Not translatable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _locked_event(event, by=by)
        if language not in content_languages():
            raise ValidationError(
                {"language": _("Choose one of the site's languages.")}, code="unknown_language"
            )
        if language == locked.original_language:
            raise ValidationError(
                {"language": _("This is the event's own language: edit the event instead.")},
                code="original_language",
            )
        translation = (
            EventTranslation.objects.select_for_update()
            .filter(event=locked, language=language)
            .first()
        ) or EventTranslation(event=locked, language=language)
        changed = [name for name, value in data.items() if getattr(translation, name) != value]
        for name, value in data.items():
            setattr(translation, name, value)
        if translation.pk is not None and not changed:
            return translation
        translation.full_clean(exclude=["event"], validate_unique=False)
        if set(changed) & set(TRANSLATED_FIELDS):
            # Rewritten against the original as it stands now.
            translation.needs_review = False
        translation.updated_by = by if by is not None and by.is_authenticated else None
        translation.status = _status_after_write(locked, by)
        translation.save()
        _record(locked, translation, by=by)
        services.touch_event(locked.pk)
    return translation


def delete_translation(event, *, by, language):
    """Remove `event`'s translation into `language`; False when there was none."""
    with transaction.atomic():
        locked = _locked_event(event, by=by)
        deleted, _rows = EventTranslation.objects.filter(event=locked, language=language).delete()
        if deleted:
            _record_note(
                locked, by=by, note=_("Translation removed: %(language)s.") % {"language": language}
            )
            services.touch_event(locked.pk)
    return bool(deleted)


def approve_translation(translation, *, by):
    """The committee lets a waiting translation be shown."""
    if not services.may_moderate(by):
        raise PermissionDenied(_("Only the coordinating committee can moderate events."))
    with transaction.atomic():
        locked = EventTranslation.objects.select_for_update().get(pk=translation.pk)
        if locked.is_live:
            return locked
        locked.status = EventTranslation.Status.LIVE
        locked.save(update_fields=["status", "updated_at"])
        _record_note(
            locked.event,
            by=by,
            note=_("Translation approved: %(language)s.") % {"language": locked.language},
        )
        services.touch_event(locked.event_id)
    return locked


def flag_for_review(event, changed):
    """After an edit of the original (`update_event`): translations of texts that changed
    need a new look."""
    if set(changed) & set(TRANSLATED_FIELDS):
        EventTranslation.objects.filter(event=event).update(needs_review=True)


def _locked_event(event, *, by):
    locked = Event.objects.select_for_update().select_related("organization").get(pk=event.pk)
    if locked.status not in services.EDITABLE_STATUSES:
        raise services.EditRefused(
            _("A %(status)s event cannot be changed.")
            % {"status": locked.get_status_display().lower()},
            code="not_editable",
        )
    if not (services.may_moderate(by) or services.is_member_of(by, locked.organization_id)):
        raise PermissionDenied(_("You can change only your own organizations' events."))
    return locked


def _status_after_write(event, by):
    """As an edit: only a public event's translation by an untrusted organization waits."""
    if (
        event.status == S.APPROVED
        and not services.may_moderate(by)
        and not event.organization.is_trusted
    ):
        return EventTranslation.Status.WAITING
    return EventTranslation.Status.LIVE


def _record(event, translation, *, by):
    if translation.is_live:
        note = _("Translation saved: %(language)s.")
    else:
        note = _("Translation saved: %(language)s, waiting for the committee.")
    _record_note(event, by=by, note=note % {"language": translation.language})


def _record_note(event, *, by, note):
    """An approved event's history shows its translations' changes, as an edit's."""
    if event.status != S.APPROVED:
        return
    ModerationRecord.objects.create(
        event=event,
        actor=by if by is not None and by.is_authenticated else None,
        from_status=event.status,
        to_status=event.status,
        note=note,
    )


def translation_rows(event):
    """For the member area: each of the site's languages but the event's own, with its
    translation where there is one (live or waiting)."""
    from events.languages import language_name

    existing = {t.language: t for t in event.translations.all()}
    return [
        {"code": code, "name": language_name(code), "translation": existing.get(code)}
        for code in content_languages()
        if code != event.original_language
    ]
