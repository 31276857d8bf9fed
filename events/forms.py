"""The event form members fill in, wherever they live.

Times are entered as the clock on the wall shows them at the event's place, in the
event's IANA time zone, and stored in UTC. The form validates; what happens next
(draft, submission, moderation) is decided by the view through events.services.
"""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commemoration.models import Commemoration
from events import places, services
from events.languages import LANGUAGE_CODES, coded_language_choices
from events.links import LinkField
from events.models import Event
from events.posters import poster_help_text
from events.selectors import languages_in_use
from events.timezones import (
    TimezoneField,
    country_timezone,
    listed_timezones,
    timezone_choices,
    wall_clock_to_utc,
)
from organizations.models import Organization

IN_PERSON, ONLINE, BOTH = "in_person", "online", "both"


PLACE_FIELDS = ("venue", "address", "city", "country", "latitude", "longitude")


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
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_(
            "Type a city and choose it, for example “Tokyo, JP”: its country, time zone and "
            "coordinates are filled in; you can still correct them below."
        ),
    )
    timezone_confirmed = forms.BooleanField(
        label=_("Keep this time zone although it is not one of the country's"),
        required=False,
    )

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
        field_classes = {"online_url": LinkField}
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
            ["starts_on", "starts_time", "ends_on", "ends_time", "timezone", "timezone_confirmed"],
        ),
        (
            _("Where"),
            "",
            ["attendance", "place", *PLACE_FIELDS[:4], "online_url", *PLACE_FIELDS[4:]],
        ),
        (_("More"), "", ["languages", "co_organizers", "contact", "poster"]),
    ]

    # The page's order, which the error summary follows too.
    field_order = [name for _legend, _note, names in FIELDSETS for name in names]

    def fieldsets(self):
        return [
            (legend, note, [self[name] for name in names]) for legend, note, names in self.FIELDSETS
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        own = Organization.objects.for_member(user).order_by("name")
        self.fields["organization"].queryset = own
        # Required choices: no blank "—" or "---------" to pick by mistake; a blank that
        # says what to do only where nothing is chosen for the member.
        self.fields["organization"].empty_label = (
            None if own.count() == 1 else _("Choose the organization")
        )
        current = Commemoration.objects.current()
        self.fields["commemoration"].initial = current
        self.fields["commemoration"].empty_label = (
            None if current is not None else _("Choose the commemoration")
        )
        self.fields["country"].choices = [
            ("", _("No country: the event is only online")),
            *(choice for choice in self.fields["country"].choices if choice[0]),
        ]
        # Never offered as its own co-organizer (events.services refuses it too).
        host = self.instance.organization_id if self.instance.pk else None
        if host is None and own.count() == 1:
            host = own.get().pk
        self.fields["co_organizers"].queryset = Organization.objects.exclude(pk=host).order_by(
            "name"
        )
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
        self.fields["poster"].help_text = poster_help_text()
        self.fields["place"].widget.attrs.update(
            {
                "list": "place-suggestions",
                "autocomplete": "off",
                "data-places-url": reverse("events:places"),
            }
        )
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

    def _post_clean(self):
        # The model's validation and every rule of an edit are events.services's: asked
        # here so that the page shows all errors at once; the view then saves through
        # create_event()/update_event(), which check again under their lock.
        services.check_on_form(
            self, event=self.instance, by=self.user, data=self.event_data(), field_of=self.FIELD_OF
        )

    def clean(self):
        data = super().clean()
        self._fill_from_place(data)
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
        self._clean_times(data)
        return data

    def _fill_from_place(self, data):
        """The chosen city's country, zone and coordinates, where the member left them
        empty (the page's script fills them as the city is chosen; this is for readers
        without it)."""
        text = data.get("place")
        if not text or data.get("attendance") == ONLINE:
            return
        place = places.lookup(text)
        if place is None:
            self.add_error("place", _("Unknown place: choose a city among the suggestions."))
            return
        if not data.get("city"):
            data["city"] = place.name
        if not data.get("country"):
            data["country"] = place.country
        if not data.get("timezone"):
            data["timezone"] = place.timezone
        if data.get("latitude") is None and data.get("longitude") is None:
            data["latitude"] = Decimal(str(place.latitude)).quantize(Decimal("0.000001"))
            data["longitude"] = Decimal(str(place.longitude)).quantize(Decimal("0.000001"))

    def _clean_times(self, data):
        organization = data.get("organization")
        if not data.get("timezone") and organization is not None:
            data["timezone"] = country_timezone(organization.country)
        zone = data.get("timezone")
        if not zone or not all(data.get(name) for name in ("starts_on", "starts_time")):
            return
        starts_at = self._moment("starts_on", "starts_time", data["starts_on"], zone)
        if not data.get("ends_time"):
            return
        ends_on = data.get("ends_on") or data["starts_on"]
        ends_at = self._moment(
            "ends_on" if data.get("ends_on") else "ends_time", "ends_time", ends_on, zone
        )
        if starts_at is None or ends_at is None:
            return
        if ends_at < starts_at:
            error = (
                _("The end is before the start.")
                if data.get("ends_on")
                else _("The end is before the start. If it ends after midnight, give the end date.")
            )
            self.add_error("ends_time", error)
            return
        data["starts_at"], data["ends_at"] = starts_at, ends_at

    def _moment(self, day_field, time_field, day, zone):
        wall = datetime.datetime.combine(day, self.cleaned_data[time_field])
        try:
            return wall_clock_to_utc(wall, zone)
        except ValidationError as error:
            self.add_error(day_field if error.code == "out_of_range" else time_field, error)
            return None

    # Where the services' errors, named by model field, show on this form.
    FIELD_OF = {"starts_at": "starts_on", "ends_at": "ends_time"}

    def event_data(self):
        """What the member gave, by model field, for events.services."""
        return services.data_from_form(self.cleaned_data, creating=self.instance.pk is None)

    def show_refusal(self, error):
        error.add_to_form(self, self.FIELD_OF)


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the public on the event's page."),
    )
