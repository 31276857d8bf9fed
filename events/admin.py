import datetime
import itertools

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events import caching, csv_safety, feeds, flags, series_admin, services, translations
from events import series as series_service
from events.languages import coded_language_choices
from events.links import LinkField
from events.models import CoOrganizer, Event, EventTranslation, ModerationRecord, ModeratorCharge
from events.posters import poster_help_text
from events.services import TransitionError, approve_event, reject_event
from events.timezones import TimezoneField, timezone_choices, wall_clock_to_utc


class ModerationRecordInline(admin.TabularInline):
    """The event's history, as it happened: nobody edits it."""

    model = ModerationRecord
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CoOrganizerInline(admin.TabularInline):
    """Each named co-organizer and its answer: the named organization's to give (or the
    committee's, from the member area); named and removed with the event's form."""

    model = CoOrganizer
    extra = 0
    can_delete = False
    fields = ["organization", "status", "answered_at", "named_at"]
    readonly_fields = fields
    verbose_name_plural = _("co-organizers' answers")

    def has_view_permission(self, request, obj=None):
        # Part of the event: whoever sees the event sees whom it names and their answers.
        return request.user.has_perm("events.view_event")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventTranslationForm(forms.ModelForm):
    approve = forms.BooleanField(
        label=_("approve"),
        required=False,
        help_text=_("Show this translation, which waits for the committee."),
    )

    class Meta:
        model = EventTranslation
        fields = ["language", "title", "summary", "description", "reviewed"]


class EventTranslationInline(admin.StackedInline):
    """The event's texts in other languages; saved through events.translations, as the
    member area's and the API's: the committee's own go live at once."""

    model = EventTranslation
    form = EventTranslationForm
    extra = 0
    fields = ["language", "title", "summary", "description", "reviewed", "status", "needs_review"]
    readonly_fields = ["status", "needs_review"]

    def get_fields(self, request, obj=None):
        return [*self.fields, "approve"]


class EventAdminForm(forms.ModelForm):
    """The committee's event form: languages and zone chosen from lists, and the start and
    end entered as clocks show them at the event's place, as the members enter them.

    It translates what the committee typed; events.services decides whether the edit
    stands (the same rules as the member form's and the API's)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        help_text=_("Every language spoken at the event. Hold Ctrl (⌘ on a Mac) for several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    timezone = TimezoneField(label=_("Time zone"), help_text=_("The IANA time zone of the place."))
    # Shown for an event of a series (EventAdmin.get_fieldsets): "this and following".
    scope = forms.ChoiceField(
        label=_("Apply the changes to"),
        choices=[
            ("this", _("Change only this event")),
            (
                "following",
                _(
                    "Change this event and the following ones of the series (a new time "
                    "of day keeps each one's date)"
                ),
            ),
        ],
        initial="this",
        required=False,
        widget=forms.RadioSelect,
    )
    # Set by EventAdmin.get_form(): whose edit this is.
    user = None

    class Meta:
        model = Event
        # The admin's fieldsets give the whole list; these are the ones this form changes.
        fields = ["languages", "timezone", "starts_at", "ends_at"]
        # The same link rule as the member form's and the API's: https:// when left out.
        field_classes = {"online_url": LinkField}
        help_texts = {
            "starts_at": _("As clocks show it at the event's place, in its time zone."),
            "ends_at": _("As clocks show it at the event's place, in its time zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = coded_language_choices()
        for name in ("starts_at", "ends_at"):
            # The admin's date and time boxes have no label of their own: name each.
            field = self.fields.get(name)
            if field is not None and hasattr(field.widget, "widgets"):
                date_widget, time_widget = field.widget.widgets
                date_widget.attrs["aria-label"] = f"{field.label}: {_('date')}"
                time_widget.attrs["aria-label"] = f"{field.label}: {_('time')}"
        zones = timezone_choices()
        current = self.instance.timezone
        if current and all(current != value for value, _label in _flatten(zones)):
            # A valid zone outside the list (an alias such as US/Eastern) stays selected.
            zones = [(current, current), *zones]
        self.fields["timezone"].choices = zones
        if "poster" in self.fields:
            self.fields["poster"].help_text = poster_help_text()
        if self.instance.pk:
            # Shown on the wall clock of the place, not in the server's UTC.
            self.initial["starts_at"] = self.instance.local_starts_at.replace(tzinfo=None)
            self.initial["ends_at"] = self.instance.local_ends_at.replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        zone = data.get("timezone")
        for name in ("starts_at", "ends_at"):
            if zone and data.get(name):
                # The widget read the wall-clock time as UTC: read it in the event's zone.
                try:
                    data[name] = wall_clock_to_utc(timezone.make_naive(data[name]), zone)
                except ValidationError as error:
                    self.add_error(name, error)
        return data

    def event_data(self):
        """What the committee gave, by model field, for events.services."""
        return services.data_from_form(self.cleaned_data, creating=self.instance.pk is None)

    def _post_clean(self):
        # The rules are events.services's: asked now, so that what it refuses shows on
        # the form by its field; EventAdmin.save_model() then saves through it.
        services.check_on_form(self, event=self.instance, by=self.user, data=self.event_data())


def _flatten(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield value, label


class OrganizationWithEventsFilter(admin.SimpleListFilter):
    """Host organizations that have events, not every organization there is."""

    title = _("host organization")
    parameter_name = "organization"

    def lookups(self, request, model_admin):
        from organizations.models import Organization

        having = Event.objects.values("organization_id")
        return [
            (str(pk), name)
            for pk, name in Organization.objects.filter(pk__in=having)
            .order_by("name")
            .values_list("pk", "name")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit():
            return queryset.filter(organization_id=int(value))
        return queryset


class CountryWithEventsFilter(admin.SimpleListFilter):
    """Countries that have events: a dozen lines, not 250."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            Event.objects.exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value().upper()[:2])
        return queryset


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The member sees this reason in their area and in the e-mail."),
    )


class MoveForm(forms.Form):
    """One move from the event's page: the reason where the move needs one, and the status
    the moderator saw, so that a move made meanwhile is not overruled."""

    expected_status = forms.ChoiceField(choices=Event.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The member sees this reason in their area and in the e-mail."),
    )

    def __init__(self, *args, move, **kwargs):
        super().__init__(*args, **kwargs)
        if not move.needs_reason:
            del self.fields["reason"]


# What each move does, as the admin's buttons and confirmation pages say it.
MOVE_LABELS = {
    "submit": _("Submit for moderation"),
    "approve": _("Approve"),
    "reject": _("Reject"),
    "cancel": _("Cancel the event"),
    "withdraw": _("Return to draft"),
}
MOVE_CONSEQUENCES = {
    "submit": _("It will wait in the moderation queue."),
    "approve": _("It will be public at once: on the calendar, in the feeds and the API."),
    "reject": _(
        "It will leave the queue (or the public calendar); the member sees the reason and "
        "may submit it again."
    ),
    "cancel": _("It stays public, marked cancelled, with the reason."),
    "withdraw": _("It becomes a draft, seen only by its organization."),
}


class BoundedDateHierarchyMixin:
    """The list's drill-down by date answers a date it cannot show with a clear 400.

    Django's admin turns a malformed date into its "something is wrong" page, and a
    year past 9999 or the day after 9999-12-31 (whose end it computes) into a 500.
    """

    def changelist_view(self, request, extra_context=None):
        if self.date_hierarchy and date_hierarchy_range(request.GET, self.date_hierarchy) is None:
            message = _(
                "This list cannot show that date: give a year, a month from 1 to 12 and a "
                "day of that month, before December 9999."
            )
            context = {"heading": _("Bad request"), "message": message}
            return render(request, "error_page.html", context, status=400)
        return super().changelist_view(request, extra_context)


def date_hierarchy_range(query, field):
    """(first, after) of the year, month or day the query drills into; None if impossible.

    (None, None) when the query names no date.
    """
    parts = {part: query.getlist(f"{field}__{part}") for part in ("year", "month", "day")}
    if not any(parts.values()):
        return (None, None)
    values = {}
    for part, given in parts.items():
        if given:
            text = given[-1]  # the value Django's admin reads
            if not (text.isascii() and text.isdigit() and len(text) <= 4):
                return None
            values[part] = int(text)
    if "year" not in values:
        return None
    try:
        first = datetime.date(values["year"], values.get("month", 1), values.get("day", 1))
        if "day" in values:
            after = first + datetime.timedelta(days=1)
        elif "month" in values:
            after = (first + datetime.timedelta(days=32)).replace(day=1)
        else:
            after = first.replace(year=first.year + 1)
    except (ValueError, OverflowError):
        return None
    return (first, after)


WAITING = Q(status=Event.Status.SUBMITTED)
IN_QUEUE = Case(When(WAITING, then=Value(0)), default=Value(1), output_field=IntegerField())
WAITING_FROM = Case(When(WAITING, then=F("submitted_at")))


CSV_COLUMNS = [
    "id",
    "title",
    "summary",
    "description",
    "kind",
    "status",
    "commemoration",
    "organization",
    "co_organizers",
    "local_start",
    "local_end",
    "timezone",
    "local_date",
    "venue",
    "address",
    "city",
    "country",
    "latitude",
    "longitude",
    "online_url",
    "languages",
    "contact",
    "cancellation_reason",
    "submitted_at",
    "approved_at",
    "public_url",
]


def csv_row(event, request, labels):
    return [
        event.pk,
        event.title,
        event.summary,
        event.description,
        labels["kind"][event.kind],
        labels["status"][event.status],
        event.commemoration.title,
        event.organization.name,
        "; ".join(o.name for o in event.accepted_co_organizers),
        event.local_starts_at.isoformat(),
        event.local_ends_at.isoformat(),
        event.timezone,
        event.local_date.isoformat(),
        event.venue,
        event.address,
        event.city,
        event.country.code,
        "" if event.latitude is None else event.latitude,
        "" if event.longitude is None else event.longitude,
        event.online_url,
        " ".join(event.languages),
        event.contact,
        event.cancellation_reason,
        event.submitted_at.isoformat() if event.submitted_at else "",
        event.approved_at.isoformat() if event.approved_at else "",
        request.build_absolute_uri(event.get_absolute_url()) if event.is_public else "",
    ]


# Events read from the database at a time for the CSV export.
CSV_CHUNK = 1000


class _Echo:
    """A file for csv.writer that hands each line back instead of storing it."""

    def write(self, value):
        return value


class QueueChangeList(ChangeList):
    """The queue's page, with each event's likely duplicates found for the whole page at
    once (events.flags), for the flags column."""

    def get_results(self, request):
        super().get_results(request)
        pairs = flags.likely_duplicates(self.result_list)
        for event in self.result_list:
            event.likely_duplicates = pairs.get(event.pk, [])


@admin.register(Event)
class EventAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "host",
        "country",
        "local_start",
        "status",
        "waiting_since",
        "flags",
    ]
    list_filter = [
        "status",
        OrganizationWithEventsFilter,
        CountryWithEventsFilter,
        "kind",
        "commemoration",
        series_admin.InSeriesFilter,
    ]
    list_select_related = ["organization"]
    search_fields = ["title", "summary", "city", "organization__name", "organization__short_name"]
    date_hierarchy = "starts_at"
    # Plain lists for the organizations rather than the autocomplete: its search box has
    # no label that a screen reader could read.
    readonly_fields = [
        "status",
        "cancellation_reason",
        "local_date",
        "submitted_by",
        "created_at",
        "submitted_at",
        "approved_at",
        "updated_at",
        "series_link",
    ]
    fieldsets = [
        (None, {"fields": ["commemoration", "organization", "co_organizers", "title", "kind"]}),
        (_("Text"), {"fields": ["summary", "description", "languages", "contact", "poster"]}),
        (_("Time"), {"fields": ["starts_at", "ends_at", "timezone", "local_date"]}),
        (
            _("Place"),
            {
                "fields": [
                    "venue",
                    "address",
                    "city",
                    "country",
                    "latitude",
                    "longitude",
                    "online_url",
                ]
            },
        ),
        (
            _("Moderation"),
            {
                "fields": [
                    "status",
                    "cancellation_reason",
                    "submitted_by",
                    "created_at",
                    "submitted_at",
                    "approved_at",
                    "updated_at",
                    "series_link",
                ]
            },
        ),
    ]
    inlines = [CoOrganizerInline, EventTranslationInline, ModerationRecordInline]
    actions = ["approve_selected", "reject_selected", "export_csv", "export_ics"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.series_id is not None:
            # An edit of one date of a series may be carried to the later ones.
            return [*fieldsets, (_("Series"), {"fields": ["scope"]})]
        return fieldsets

    def get_urls(self):
        return [
            path(
                "<path:object_id>/move/<slug:code>/",
                self.admin_site.admin_view(self.move_view),
                name="events_event_move",
            ),
            path(
                "<path:object_id>/series-move/<slug:code>/",
                self.admin_site.admin_view(self.series_move_view),
                name="events_event_series_move",
            ),
            path(
                "<path:object_id>/merge/<int:other_id>/",
                self.admin_site.admin_view(self.merge_view),
                name="events_event_merge",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        moves = services.moves_for(event, request.user) if event is not None else []
        extra_context = {
            **(extra_context or {}),
            "moves": [{"code": move.code, "label": MOVE_LABELS[move.code]} for move in moves],
            "likely_duplicates": (
                flags.likely_duplicates([event]).get(event.pk, []) if event is not None else []
            ),
            "attention": flags.attention_reasons(event) if event is not None else [],
            "may_merge": services.may_moderate(request.user),
            "series_moves": series_admin.series_moves_on_page(event, request.user),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def series_move_view(self, request, object_id, code):
        return series_admin.series_move_view(self, request, object_id, code)

    @admin.display(description=_("series"))
    def series_link(self, event):
        if event.series_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:events_series_change", args=[event.series_id]),
            event.series,
        )

    def merge_view(self, request, object_id, other_id):
        """Confirm, then keep this event with the other's organizations as co-organizers."""
        event = self.get_object(request, object_id)
        other = self.get_object(request, other_id)
        if event is None or other is None:
            raise Http404
        change_url = reverse("admin:events_event_change", args=[event.pk])
        if request.method == "POST":
            try:
                services.merge_as_co_organizers(event, other, by=request.user)
            except (TransitionError, PermissionDenied) as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(other)s” is merged into this event, as its co-organizers.")
                    % {"other": other.title},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge as co-organizers"),
            "opts": self.model._meta,
            "event": event,
            "other": other,
        }
        return TemplateResponse(request, "admin/events/event/merge.html", context)

    object_history_template = "admin/events/event/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        """Where "History" is: the event's moves, newest first, then the admin's log."""
        records = ModerationRecord.objects.filter(event_id=object_id).select_related("actor")
        extra_context = {
            **(extra_context or {}),
            "moderation_records": records.order_by("-created_at", "-pk")
            if str(object_id).isdigit()
            else [],
        }
        return super().history_view(request, object_id, extra_context)

    def move_view(self, request, object_id, code):
        """Confirm one move of one event, then make it through events.services."""
        event = self.get_object(request, object_id)
        if event is None or not self.has_view_permission(request, event):
            raise Http404
        move = next((m for m in services.moves_for(event, request.user) if m.code == code), None)
        change_url = reverse("admin:events_event_change", args=[event.pk])
        if move is None:
            self.message_user(
                request,
                _("This move is not possible now: the event is %(status)s.")
                % {"status": event.get_status_display().lower()},
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        form = MoveForm(
            request.POST if request.method == "POST" else None,
            move=move,
            initial={"expected_status": event.status},
        )
        if form.is_valid():
            try:
                services.transition_event(
                    event,
                    move,
                    by=request.user,
                    note=form.cleaned_data.get("reason", ""),
                    expected_status=form.cleaned_data["expected_status"],
                )
            except (TransitionError, PermissionDenied) as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(title)s” is now %(status)s.")
                    % {"title": event.title, "status": event.get_status_display().lower()},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": MOVE_LABELS[move.code],
            "label": MOVE_LABELS[move.code],
            "consequence": MOVE_CONSEQUENCES[move.code],
            "opts": self.model._meta,
            "event": event,
            "form": form,
        }
        return TemplateResponse(request, "admin/events/event/move.html", context)

    def check(self, **kwargs):
        # co_organizers has a through model (CoOrganizer, the answers), which the admin
        # would leave out of the form; the form keeps it, and events.services sets it.
        return [
            error
            for error in super().check(**kwargs)
            if not (error.id == "admin.E013" and "'co_organizers'" in error.msg)
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "co_organizers":
            return db_field.formfield(**kwargs)  # the admin's own gives None for it
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        # Through events.services, as every door: the edit is recorded, and the committee's
        # own edit of an approved event does not send it back to moderation.
        if change and obj.series_id and form.cleaned_data.get("scope") == "following":
            series_service.update_this_and_following(obj, by=request.user, data=form.event_data())
        elif change:
            services.update_event(obj, by=request.user, data=form.event_data())
        else:
            created = services.create_event(by=request.user, data=form.event_data())
            obj.pk, obj.slug, obj.local_date = created.pk, created.slug, created.local_date
            obj._state.adding = False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditRefused as error:
            # The event moved between the form's check and the save (someone else's move):
            # nothing was saved; say why and show the event as it now is.
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def save_related(self, request, form, formsets, change):
        # The co-organizers were set by events.services with the rest of the edit.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not EventTranslation:
            return super().save_formset(request, form, formset, change)
        event = form.instance
        # What the admin's history message reads; the services record the rest.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for translation_form in formset.forms:
            if not translation_form.has_changed() or not translation_form.is_valid():
                continue
            data = translation_form.cleaned_data
            # The form's validation has already set the new values on its instance.
            old_language = translation_form.initial.get("language")
            if old_language and (data.get("DELETE") or old_language != data["language"]):
                translations.delete_translation(event, by=request.user, language=old_language)
            if data.get("DELETE"):
                continue
            saved = translations.save_translation(
                event,
                by=request.user,
                language=data["language"],
                data={name: data[name] for name in translations.TRANSLATED_FIELDS + ("reviewed",)},
            )
            if data.get("approve"):
                saved = translations.approve_translation(saved, by=request.user)
            if translation_form.initial:
                formset.changed_objects.append((saved, translation_form.changed_data))
            else:
                formset.new_objects.append(saved)

    def get_queryset(self, request):
        # waiting_from sorts the "waiting since" column.
        queryset = self.model._default_manager.prefetch_related("co_organizers").annotate(
            waiting_from=WAITING_FROM
        )
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        # The moderation queue: what waits comes first, the longest waiting first.
        # The rest follow by start; submitted_at alone would put them in an order that
        # differs between databases (where NULLs sort) and means nothing for them.
        # A committee member's own countries and languages come first in each part.
        # Expressions, not annotations: the admin also orders by this the events that
        # other models' pages offer (a moderation record's event), without get_queryset.
        if not hasattr(request, "_moderator_charge"):
            charge = ModeratorCharge.objects.filter(moderator_id=request.user.pk).first()
            request._moderator_charge = charge
        charge = request._moderator_charge
        if charge is None or not (charge.countries or charge.languages):
            # Nothing is theirs: no constant in its place, as a database reads ORDER BY 1
            # as "by the first column".
            return [IN_QUEUE.asc(), WAITING_FROM.asc(), "starts_at", "pk"]
        mine = charge.events_q()
        theirs = Case(When(mine, then=Value(0)), default=Value(1), output_field=IntegerField())
        return [IN_QUEUE.asc(), theirs.asc(), WAITING_FROM.asc(), "starts_at", "pk"]

    @admin.display(description=_("host"), ordering="organization__name")
    def host(self, obj):
        organization = obj.organization
        return (
            format_html('<abbr title="{}">{}</abbr>', organization.name, organization.display_name)
            if organization.short_name
            else organization.name
        )

    @admin.display(description=_("local start"), ordering="starts_at")
    def local_start(self, obj):
        local = obj.local_starts_at
        return format_html(
            "{} {}<br><small>{}</small>",
            date_format(local, "SHORT_DATETIME_FORMAT"),
            local.tzname(),
            obj.timezone,
        )

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    @admin.display(description=_("flags"))
    def flags(self, obj):
        """Likely duplicates (with a link to each) and links that deserve a look."""
        parts = [
            format_html(
                '<a href="{}" class="flag flag-duplicate">{}</a>',
                reverse("admin:events_event_change", args=[other.pk]),
                _("duplicate of #%(id)s?") % {"id": other.pk},
            )
            for other in getattr(obj, "likely_duplicates", [])
        ]
        labels = {
            "blocked_host": _("link to %(what)s"),
            "many_links": _("%(what)s links"),
        }
        parts += [
            format_html('<span class="flag flag-links">{}</span>', labels[code] % {"what": what})
            for code, what in flags.attention_reasons(obj)
        ]
        return format_html_join(" ", "{}", ((part,) for part in parts)) or "–"

    @admin.display(description=_("waiting since"), ordering="waiting_from")
    def waiting_since(self, obj):
        if obj.status != Event.Status.SUBMITTED or obj.submitted_at is None:
            return "–"
        return _("%(time)s ago") % {"time": timesince(obj.submitted_at, timezone.now())}

    def _moderate(self, request, queryset, move, done_message, **kwargs):
        if not request.user.has_perm("events.moderate_event"):
            raise PermissionDenied
        done, refused = [], []
        for event in queryset:
            try:
                move(event, by=request.user, **kwargs)
                done.append(event)
            except (TransitionError, PermissionDenied) as error:
                refused.append(f"“{event}”: {error}")
        if done:
            titles = ", ".join(f"“{event.title}”" for event in done)
            self.message_user(
                request,
                done_message(len(done)) % {"n": len(done), "titles": titles},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Approve selected events"), permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._moderate(
            request,
            queryset,
            approve_event,
            lambda n: ngettext(
                "%(n)d event approved: %(titles)s.", "%(n)d events approved: %(titles)s.", n
            ),
        )

    @admin.action(description=_("Reject selected events…"), permissions=["moderate"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._moderate(
                request,
                queryset,
                reject_event,
                lambda n: ngettext(
                    "%(n)d event rejected: %(titles)s.", "%(n)d events rejected: %(titles)s.", n
                ),
                reason=form.cleaned_data["reason"],
                # The queue's bulk reject turns down what waits: an event another moderator
                # approved meanwhile is not overruled (take one down from its own page).
                expected_status=Event.Status.SUBMITTED,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject events"),
            "opts": self.model._meta,
            "events": queryset.select_related("organization"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/event/reject.html", context)

    @admin.action(description=_("Export selected events as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        """What was planned, for the committee's reports: one row per event, local times.

        UTF-8 with a byte-order mark, so that spreadsheets read São Paulo and Türkiye
        right; streamed, a chunk of events at a time, so that any number exports in
        bounded memory. No account appears in it: user names can be e-mail addresses.
        """
        # get_FOO_display() would translate every label again for each row.
        labels = {
            "kind": {value: str(label) for value, label in Event.Kind.choices},
            "status": {value: str(label) for value, label in Event.Status.choices},
        }
        writer = csv_safety.writer(_Echo())

        def write(chosen):
            chosen = chosen.select_related("organization", "commemoration")
            for event in chosen.with_accepted_co_organizers().iterator(chunk_size=CSV_CHUNK):
                yield event.pk, writer.writerow(csv_row(event, request, labels)).encode()

        # Each row kept in the cache (events.caching.kept_fragments), as the feeds' events:
        # it names the host, the co-organizers and the commemoration, and is in a language.
        shaped_by = None
        if settings.FEED_FRAGMENT_SECONDS:
            site = request.build_absolute_uri("/")
            shaped_by = ("csv", get_language(), site, caching.shared_version())
        events = queryset.order_by("starts_at", "pk")
        rows = caching.kept_fragments(events, shaped_by, write, chunk_size=CSV_CHUNK)
        head = ["\ufeff".encode() + writer.writerow(CSV_COLUMNS).encode()]
        # A few hundred rows a write, not one.
        lines = (b"".join(batch) for batch in caching.batched(itertools.chain(head, rows), 200))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="events.csv"'
        return response

    @admin.action(description=_("Export selected events as iCalendar"), permissions=["view"])
    def export_ics(self, request, queryset):
        """The selected events as one iCalendar file, streamed like the CSV."""
        events = queryset.select_related("organization").order_by("starts_at", "pk")
        response = feeds.streamed_calendar_response(
            request, events, str(Event._meta.verbose_name_plural), "events.ics"
        )
        response["Content-Disposition"] = 'attachment; filename="events.ics"'
        return response

    def has_moderate_permission(self, request):
        return request.user.has_perm("events.moderate_event")


@admin.register(ModerationRecord)
class ModerationRecordAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    list_display = ["created_at", "event", "actor", "from_status", "to_status", "note"]
    list_filter = ["to_status"]
    list_select_related = ["event", "actor"]
    search_fields = ["event__title", "note"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ModeratorChargeForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = ModeratorCharge
        fields = ["moderator", "countries", "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = coded_language_choices()
        # Only committee members take charge of a part of the queue.
        self.fields["moderator"].queryset = (
            get_user_model()
            .objects.filter(is_staff=True, is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(groups__permissions__codename="moderate_event")
                | Q(user_permissions__codename="moderate_event")
            )
            .distinct()
            .order_by("username")
        )


@admin.register(ModeratorCharge)
class ModeratorChargeAdmin(admin.ModelAdmin):
    """Who takes charge of which countries and languages: their queue opens on these."""

    form = ModeratorChargeForm
    list_display = ["moderator", "country_list", "language_list"]
    list_select_related = ["moderator"]

    @admin.display(description=_("countries"))
    def country_list(self, obj):
        return ", ".join(country.name for country in obj.countries) or "–"

    @admin.display(description=_("languages"))
    def language_list(self, obj):
        return ", ".join(obj.languages) or "–"


from events import report_admin  # noqa: E402, F401  (the reports' desk registers itself)
