"""The event form members fill in, wherever they live.

Times are entered as the clock on the wall shows them at the event's place, in the
event's IANA time zone, and stored in UTC. The form validates; what happens next
(draft, submission, moderation) is decided by the view through events.services.
"""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from commemoration.models import Commemoration
from events.languages import LANGUAGE_CODES, coded_language_choices
from events.models import Event, available_timezones
from events.selectors import languages_in_use
from events.timezones import country_timezone, listed_timezones, timezone_choices
from organizations.models import Organization

POSTER_MAX_BYTES = 5 * 1024 * 1024
# MPO is the JPEG variant many cameras write.
POSTER_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})
POSTER_MIN_SIDE = 200
POSTER_MAX_SIDE = 8000
# About ten pages: enough for any programme, not a place to store documents.
DESCRIPTION_MAX_CHARS = 20_000

IN_PERSON, ONLINE, BOTH = "in_person", "online", "both"
PLACE_FIELDS = ("venue", "address", "city", "country", "latitude", "longitude")


class TimezoneField(forms.ChoiceField):
    """A <select> of the zones people know, accepting any zone the database knows."""

    def valid_value(self, value):
        return value in available_timezones()


def local_to_utc(day, time, zone):
    """The UTC instant of a wall-clock time in `zone`, or None when the clock skips it.

    When clocks go back an hour a time happens twice; the first one is meant. Raises
    OverflowError for a time whose UTC instant falls outside years 1 to 9999.
    """
    tz = zoneinfo.ZoneInfo(zone)
    wall = datetime.datetime.combine(day, time)
    aware = wall.replace(tzinfo=tz)
    if aware.astimezone(datetime.UTC).astimezone(tz).replace(tzinfo=None) != wall:
        return None
    return aware.astimezone(datetime.UTC)


def skipped_time_error(zone):
    """The error for a wall-clock time that local_to_utc() found skipped in `zone`."""
    return forms.ValidationError(
        _("Clocks skip this time in %(zone)s (summer time begins); choose another."),
        params={"zone": zone},
        code="skipped_time",
    )


class EventForm(forms.ModelForm):
    attendance = forms.ChoiceField(
        label=_("How people take part"),
        choices=[
            (IN_PERSON, _("In person")),
            (ONLINE, _("Online")),
            (BOTH, _("Both in person and online")),
        ],
        initial=IN_PERSON,
        widget=forms.RadioSelect,
    )
    starts_on = forms.DateField(
        label=_("Date"),
        help_text=_("The day it starts, at the event's place."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    starts_time = forms.TimeField(
        label=_("Start time"),
        help_text=_("As clocks show it at the event's place, for example 18:30."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        help_text=_(
            "Leave empty if it ends on the day it starts. Give it if it ends after midnight."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_time = forms.TimeField(
        label=_("End time"),
        help_text=_("As clocks show it at the event's place."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    timezone = TimezoneField(
        label=_("Time zone"),
        required=False,
        help_text=_(
            "The time zone of the place. Leave it on the first choice to use the main time "
            "zone of your organization's country."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        help_text=_(
            "Every language spoken at the event. Those your organizations have used come first."
        ),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
    )
    poster = forms.ImageField(label=_("Poster"), required=False)

    class Meta:
        model = Event
        fields = [
            "organization",
            "commemoration",
            "title",
            "kind",
            "summary",
            "description",
            "timezone",
            "languages",
            "venue",
            "address",
            "city",
            "country",
            "latitude",
            "longitude",
            "online_url",
            "co_organizers",
            "contact",
            "poster",
        ]
        labels = {"organization": _("Your organization"), "kind": _("Kind of event")}
        help_texts = {
            "organization": _("The organization that holds the event; you can choose among yours."),
            "commemoration": _("The commemoration this event belongs to."),
            "title": _("A short name, for example “Lenin and the national question: a lecture”."),
            "description": _("Everything people should know: programme, speakers, access."),
            "venue": _("The name of the hall, bookshop or square."),
            "address": _("Street and number."),
            "city": _("Needed for an event held in person."),
            "country": _("Needed for an event held in person."),
            "latitude": _("Optional, for the map: decimal degrees, for example 48.8566."),
            "longitude": _("Optional, for the map: decimal degrees, for example 2.3522."),
            "online_url": _("Needed for an online event: where people join or watch it."),
            "co_organizers": _("Optional: other organizations holding the event with yours."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "co_organizers": forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
        }

    # The form's parts as the page shows them: a legend, a note, the fields.
    FIELDSETS = [
        (
            _("Who and what"),
            "",
            ["organization", "commemoration", "title", "kind", "summary", "description"],
        ),
        (
            _("When"),
            _(
                "Give the date and times as clocks show them where the event takes place. "
                "Visitors in other countries see them converted."
            ),
            ["starts_on", "starts_time", "ends_on", "ends_time", "timezone"],
        ),
        (_("Where"), "", ["attendance", *PLACE_FIELDS[:4], "online_url", *PLACE_FIELDS[4:]]),
        (_("More"), "", ["languages", "co_organizers", "contact", "poster"]),
    ]

    def fieldsets(self):
        return [
            (legend, note, [self[name] for name in names]) for legend, note, names in self.FIELDSETS
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = Organization.objects.for_member(user).order_by("name")
        self.fields["organization"].queryset = own
        self.fields["organization"].empty_label = None if own.count() == 1 else "—"
        current = Commemoration.objects.current()
        self.fields["commemoration"].initial = current
        if current is not None and self.fields["commemoration"].queryset.count() == 1:
            self.fields["commemoration"].empty_label = None
        description = self.fields["description"]
        description.max_length = DESCRIPTION_MAX_CHARS
        description.validators.append(MaxLengthValidator(DESCRIPTION_MAX_CHARS))
        description.widget.attrs["maxlength"] = DESCRIPTION_MAX_CHARS
        self.fields["co_organizers"].queryset = Organization.objects.order_by("name")
        self.fields["co_organizers"].required = False
        self.fields["languages"].choices = self._language_choices(own)
        zone = self.instance.timezone
        self.fields["timezone"].choices = [
            ("", _("The main time zone of the organization's country")),
            # A zone set through the API or the admin that the list leaves out (Etc/GMT-3):
            # offered, so that saving the form does not silently change it.
            *([(zone, zone)] if zone and zone not in listed_timezones() else []),
            *timezone_choices(),
        ]
        self.fields["poster"].help_text = _(
            "Optional. A JPEG, PNG or WebP image of at most %(size)s, between %(min)s and "
            "%(max)s pixels wide and high."
        ) % {
            "size": filesizeformat(POSTER_MAX_BYTES),
            "min": POSTER_MIN_SIDE,
            "max": POSTER_MAX_SIDE,
        }
        self._initial_from_instance(own)

    def _language_choices(self, own):
        """Two groups: the languages the member's organizations and this site use, then
        every other one, so that nobody scrolls through 184 names to find theirs."""
        lists = Event.objects.filter(organization__in=own).values_list("languages", flat=True)
        usual = {code for codes in lists.order_by().distinct() for code in codes}
        usual |= languages_in_use() | {code for code, _name in settings.LANGUAGES}
        usual &= LANGUAGE_CODES
        return [
            (_("Used by your organizations and on this site"), coded_language_choices(usual)),
            (_("Every other language"), coded_language_choices(LANGUAGE_CODES - usual)),
        ]

    def _initial_from_instance(self, own):
        event = self.instance
        if event.starts_at and event.timezone:
            starts, ends = event.local_starts_at, event.local_ends_at
            self.initial.update(
                starts_on=starts.date(),
                starts_time=starts.time(),
                ends_on=ends.date() if ends.date() != starts.date() else None,
                ends_time=ends.time(),
            )
            self.initial["attendance"] = (
                BOTH
                if event.is_online and event.is_in_person
                else ONLINE
                if event.is_online
                else IN_PERSON
            )
        elif len(own) == 1:
            self.initial.setdefault("timezone", country_timezone(own[0].country))
            self.initial.setdefault("country", own[0].country)

    def clean_poster(self):
        poster = self.cleaned_data.get("poster")
        if not isinstance(poster, UploadedFile):
            return poster  # unchanged, cleared or absent
        if poster.size > POSTER_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; a poster may be at most %(max)s."),
                params={
                    "size": filesizeformat(poster.size),
                    "max": filesizeformat(POSTER_MAX_BYTES),
                },
                code="too_large",
            )
        image = poster.image  # set by forms.ImageField once Pillow could read it
        if image.format not in POSTER_FORMATS:
            raise forms.ValidationError(
                _("A poster must be a JPEG, PNG or WebP image; this one is %(format)s."),
                params={"format": image.format},
                code="format",
            )
        width, height = image.size
        if min(width, height) < POSTER_MIN_SIDE or max(width, height) > POSTER_MAX_SIDE:
            raise forms.ValidationError(
                _(
                    "This image is %(width)s×%(height)s pixels; a poster must be between "
                    "%(min)s and %(max)s pixels wide and high."
                ),
                params={
                    "width": width,
                    "height": height,
                    "min": POSTER_MIN_SIDE,
                    "max": POSTER_MAX_SIDE,
                },
                code="dimensions",
            )
        return poster

    def _post_clean(self):
        super()._post_clean()
        # The model's "a place or an online link" rule: this form says it already, next to
        # the field that is missing for the chosen way of taking part.
        if self.has_error("city") or self.has_error("country") or self.has_error("online_url"):
            errors = self._errors.get(NON_FIELD_ERRORS)
            if errors is not None:
                errors.data = [e for e in errors.as_data() if e.code != "no_place"]
                if not errors.data:
                    del self._errors[NON_FIELD_ERRORS]

    def clean(self):
        data = super().clean()
        attendance = data.get("attendance")
        if attendance in (IN_PERSON, BOTH):
            for name in ("city", "country"):
                if name in data and not data[name]:
                    self.add_error(name, _("Give the place of an event held in person."))
        if attendance in (ONLINE, BOTH) and "online_url" in data and not data["online_url"]:
            self.add_error("online_url", _("Give the link of an online event."))
        if attendance == ONLINE:
            data.update({name: self.fields[name].to_python("") for name in PLACE_FIELDS})
        elif attendance == IN_PERSON:
            data["online_url"] = ""
        if data.get("organization") in data.get("co_organizers", []):
            self.add_error(
                "co_organizers",
                _("Your organization holds the event already: choose only other organizations."),
            )
        for name, other in (("latitude", "longitude"), ("longitude", "latitude")):
            if name in data and data[name] is None and data.get(other) is not None:
                self.add_error(name, _("Give both latitude and longitude, or neither."))
                # Neither goes to the model, whose own check would repeat the error.
                data.pop(other)
        self._clean_times(data)
        return data

    def _clean_times(self, data):
        organization = data.get("organization")
        if not data.get("timezone") and organization is not None:
            data["timezone"] = country_timezone(organization.country)
        zone = data.get("timezone")
        if not zone or not all(data.get(name) for name in ("starts_on", "starts_time")):
            return
        commemoration = data.get("commemoration")
        if commemoration is not None and not commemoration.contains(data["starts_on"]):
            # Also what keeps a mistyped year (0024 for 2024) from the calendar.
            self.add_error(
                "starts_on",
                forms.ValidationError(
                    _("%(commemoration)s runs from %(first)s to %(last)s: choose a day in it."),
                    params={
                        "commemoration": commemoration.title,
                        "first": date_format(commemoration.starts_on),
                        "last": date_format(commemoration.ends_on),
                    },
                    code="outside_window",
                ),
            )
            return
        try:
            starts_at = local_to_utc(data["starts_on"], data["starts_time"], zone)
        except OverflowError:  # reached only when no commemoration bounds the day
            self.add_error("starts_on", _("This date is out of range."))
            return
        if starts_at is None:
            self.add_error("starts_time", skipped_time_error(zone))
        if not data.get("ends_time"):
            return
        try:
            ends_on = data.get("ends_on") or data["starts_on"]
            ends_at = local_to_utc(ends_on, data["ends_time"], zone)
        except OverflowError:
            self.add_error("ends_on", _("This date is out of range."))
            return
        if ends_at is None:
            self.add_error("ends_time", skipped_time_error(zone))
        elif starts_at is not None and ends_at < starts_at:
            error = (
                _("The end is before the start.")
                if data.get("ends_on")
                else _("The end is before the start. If it ends after midnight, give the end date.")
            )
            self.add_error("ends_time", error)
        elif starts_at is not None:
            # Set before the model's own validation, which checks the pair again.
            self.instance.starts_at, self.instance.ends_at = starts_at, ends_at


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the public on the event's page."),
    )
