import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple, FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.languages import coded_language_choices
from events.models import CoOrganizer, Event, ModerationRecord
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
    ordering = ["created_at", "pk"]

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


class EventAdminForm(forms.ModelForm):
    """The committee's event form: languages and zone chosen from lists, and the start and
    end entered as clocks show them at the event's place, as the members enter them.

    It translates what the committee typed; events.services decides whether the edit
    stands (the same rules as the member form's and the API's)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        help_text=_("Every language spoken at the event."),
        widget=FilteredSelectMultiple(_("languages"), is_stacked=False),
    )
    timezone = TimezoneField(label=_("Time zone"), help_text=_("The IANA time zone of the place."))
    # Set by EventAdmin.get_form(): whose edit this is.
    user = None

    class Meta:
        model = Event
        # The admin's fieldsets give the whole list; these are the ones this form changes.
        fields = ["languages", "timezone", "starts_at", "ends_at"]
        help_texts = {
            "starts_at": _("As clocks show it at the event's place, in its time zone."),
            "ends_at": _("As clocks show it at the event's place, in its time zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = coded_language_choices()
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


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The member sees this reason in their area and in the e-mail."),
    )


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "organization",
        "country",
        "local_start",
        "status",
        "waiting_since",
    ]
    list_filter = ["status", "kind", "country", "commemoration"]
    list_select_related = ["organization"]
    search_fields = ["title", "summary", "city", "organization__name", "organization__short_name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organization", "co_organizers"]
    readonly_fields = [
        "status",
        "cancellation_reason",
        "local_date",
        "submitted_by",
        "created_at",
        "submitted_at",
        "approved_at",
        "updated_at",
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
                ]
            },
        ),
    ]
    inlines = [CoOrganizerInline, ModerationRecordInline]
    actions = ["approve_selected", "reject_selected", "export_csv"]

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
            kwargs.setdefault(
                "widget",
                AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using")),
            )
            return db_field.formfield(**kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        # Through events.services, as every door: the edit is recorded, and the committee's
        # own edit of an approved event does not send it back to moderation.
        if change:
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

    def get_queryset(self, request):
        # The moderation queue: what waits comes first, the longest waiting first.
        # The rest follow by start; submitted_at alone would put them in an order that
        # differs between databases (where NULLs sort) and means nothing for them.
        waiting = Q(status=Event.Status.SUBMITTED)
        queryset = self.model._default_manager.annotate(
            queue=Case(When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField()),
            waiting_from=Case(When(waiting, then=F("submitted_at"))),
        )
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["queue", "waiting_from", "starts_at", "pk"]

    @admin.display(description=_("local start"), ordering="starts_at")
    def local_start(self, obj):
        local = obj.local_starts_at
        return f"{date_format(local, 'SHORT_DATETIME_FORMAT')} {local.tzname()} ({obj.timezone})"

    @admin.display(description=_("waiting since"), ordering="waiting_from")
    def waiting_since(self, obj):
        if obj.status != Event.Status.SUBMITTED or obj.submitted_at is None:
            return "–"
        return _("%(time)s ago") % {"time": timesince(obj.submitted_at, timezone.now())}

    def _moderate(self, request, queryset, move, **kwargs):
        if not request.user.has_perm("events.moderate_event"):
            raise PermissionDenied
        done, refused = 0, []
        for event in queryset:
            try:
                move(event, by=request.user, **kwargs)
                done += 1
            except TransitionError as error:
                refused.append(f"“{event}”: {error}")
        if done:
            self.message_user(
                request,
                ngettext("%(n)d event moved.", "%(n)d events moved.", done) % {"n": done},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Approve selected events"), permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._moderate(request, queryset, approve_event)

    @admin.action(description=_("Reject selected events…"), permissions=["moderate"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._moderate(request, queryset, reject_event, reason=form.cleaned_data["reason"])
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
        """What was planned, for the committee's reports: one row per event, local times."""
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="events.csv"'
        writer = csv.writer(response)
        columns = [
            "id",
            "title",
            "kind",
            "status",
            "organization",
            "co_organizers",
            "local_start",
            "local_end",
            "timezone",
            "venue",
            "address",
            "city",
            "country",
            "online_url",
            "languages",
            "contact",
            "submitted_by",
            "submitted_at",
            "public_url",
        ]
        writer.writerow(columns)
        events = queryset.select_related("organization", "submitted_by").with_related()
        for event in events.order_by("starts_at", "pk"):
            writer.writerow(
                [
                    event.pk,
                    event.title,
                    event.get_kind_display(),
                    event.get_status_display(),
                    event.organization.name,
                    "; ".join(o.name for o in event.accepted_co_organizers),
                    event.local_starts_at.isoformat(),
                    event.local_ends_at.isoformat(),
                    event.timezone,
                    event.venue,
                    event.address,
                    event.city,
                    event.country.code,
                    event.online_url,
                    " ".join(event.languages),
                    event.contact,
                    event.submitted_by.get_username() if event.submitted_by else "",
                    event.submitted_at.isoformat() if event.submitted_at else "",
                    request.build_absolute_uri(event.get_absolute_url()) if event.is_public else "",
                ]
            )
        return response

    def has_moderate_permission(self, request):
        return request.user.has_perm("events.moderate_event")


@admin.register(ModerationRecord)
class ModerationRecordAdmin(admin.ModelAdmin):
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
