import datetime
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import TruncDate, TruncTime
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.languages import LANGUAGE_CODES, language_name
from events.posters import poster_image, validate_poster
from events.records import StatusRecord

# About ten pages: enough for any programme, not a place to store documents.
DESCRIPTION_MAX_CHARS = 20_000


@lru_cache(maxsize=1)
def available_timezones():
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value):
    if value not in available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def validate_languages(value):
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one language."))
    unknown = [code for code in value if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."), params={"codes": ", ".join(map(str, unknown))}
        )


# A search with more matches than this counts and pages through its first ones only.
SEARCH_COUNT_LIMIT = 1000


def _matching_ids(rows, limit, field="pk"):
    """The `field` of `rows` (a queryset: the events' ids), or None if more than `limit`."""
    ids = list(rows.order_by().values_list(field, flat=True)[: limit + 1])
    return None if len(ids) > limit else ids


def translations_prefetch():
    """Each event's live translations as `live_translations`, by language: what
    `Event.shown()` picks the reader's version from, and the versions it links to."""
    return Prefetch(
        "translations",
        queryset=EventTranslation.objects.live().order_by("language"),
        to_attr="live_translations",
    )


class EventQuerySet(models.QuerySet):
    def public(self):
        """The one rule of what anyone outside may see: approved and cancelled events."""
        return self.filter(status__in=Event.PUBLIC_STATUSES)

    def visible_to(self, user):
        """Public events, plus those of the user's organizations, plus all for moderators."""
        if not user.is_authenticated:
            return self.public()
        if user.has_perm("events.moderate_event"):
            return self.all()
        from organizations.models import Membership

        own = Membership.objects.filter(user=user, organization_id=OuterRef("organization_id"))
        return self.filter(Q(status__in=Event.PUBLIC_STATUSES) | Exists(own))

    def of_member(self, user):
        """Events hosted by the organizations the user belongs to."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organization__memberships__user=user)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def on_local_date(self, day):
        return self.filter(local_date=day)

    def with_days_in(self, zone=None):
        """Each event with `shown_date` and `shown_time`: the day and time it starts on in
        `zone` (a ZoneInfo, the one a visitor chose with tz=), or in its own zone when
        None. What every page that groups events by day groups and places them by."""
        if zone is None:
            return self.annotate(shown_date=F("local_date"), shown_time=F("local_time"))
        # AT TIME ZONE on PostgreSQL, Django's own conversion function on SQLite.
        return self.annotate(
            shown_date=TruncDate("starts_at", tzinfo=zone),
            shown_time=TruncTime("starts_at", tzinfo=zone),
        )

    def on_days(self, first=None, last=None, zone=None):
        """Events whose day (as with_days_in(zone) tells it) lies from `first` to `last`,
        both included, either open when None. In a chosen zone the bounds are instants,
        which the index on starts_at serves."""
        if zone is None:
            bounds = {"local_date__gte": first, "local_date__lte": last}
        else:
            after_last = None
            if last is not None and last < datetime.date.max:
                after_last = day_start(last + datetime.timedelta(days=1), zone)
            bounds = {
                "starts_at__gte": None if first is None else day_start(first, zone),
                "starts_at__lt": after_last,
            }
        return self.filter(**{name: value for name, value in bounds.items() if value is not None})

    def in_day_order(self, reverse=False, zone=None):
        """By day, then start time, with_days_in(zone): the order of every page that groups
        by day. In one zone that is the order of the instants themselves."""
        fields = Event.day_order(zone)
        return self.with_days_in(zone).order_by(
            *(f"-{name}" for name in fields) if reverse else fields
        )

    def with_related(self, *, streamed=False):
        """What a list of events shows, fetched in a fixed number of queries.

        The report rides on the event's own query; its photos cost one more query, and
        only when some event of the list has a report. With `streamed`, for answers of any
        length read a chunk at a time, the host and the commemoration cost a query a chunk
        instead of riding on every row: a long answer names the same few again and again,
        and a model instance a row for each costs more than the rest of the event."""
        shared = ("organization", "commemoration")
        events = self.select_related(*(() if streamed else shared), "report", "series")
        if streamed:
            events = events.prefetch_related(*shared)
        return (
            events.with_accepted_co_organizers()
            .with_translations()
            .prefetch_related("report__photos")
        )

    def with_translations(self):
        """Each event's live translations in one query for the whole list: what
        `Event.shown()` picks the reader's version from, and the versions it links to."""

        return self.prefetch_related(translations_prefetch())

    def with_accepted_co_organizers(self):
        """Each event's `accepted_co_organizers` in one query for the whole list."""
        return self.prefetch_related(
            Prefetch(
                "co_organizer_invitations",
                queryset=CoOrganizer.objects.accepted(),
                to_attr="accepted_invitations",
            )
        )

    def search(self, text):
        """The events that have every word of `text` in any version the public may read
        (a word only the French version has finds it), their place, or their host's name.

        Each word is first looked up on its own, each part of it at most
        SEARCH_COUNT_LIMIT + 1 rows, each a plain query that an index serves on PostgreSQL
        (the trigram indexes of migrations 0012 and 0019): its own texts, its hosts, its
        live translations. A word that few events have becomes the list of their ids, and
        the events are found by their primary key. Only a word that every part of which
        has more is searched for as a condition on each row, which PostgreSQL checks while
        it walks the list's order and stops at the page's end; then, if no word is rare,
        count() counts at most SEARCH_COUNT_LIMIT (the list and the API page through the
        first ones) instead of reading every event to count a common word's 200,000.
        One OR across the tables, or `pk IN (… UNION …)`, would read the whole table
        either way (bench/search.py)."""
        # A word said twice is looked up once, whatever its case; as it was typed, since
        # casefold() would turn "Straße" into "strasse", which no ILIKE finds in "Straße".
        words = list({word.casefold(): word for word in (text or "").split()}.values())
        if not words:
            return self
        exact, conditions = None, []
        for word in words:
            found = self._word(word)
            if isinstance(found, Q):
                conditions.append(found)
            else:
                exact = found if exact is None else exact & found
        events = self
        if exact is not None:
            events = events.filter(pk__in=sorted(exact))
        for condition in conditions:
            events = events.filter(condition)
        if exact is None:
            events._count_limit = SEARCH_COUNT_LIMIT
        return events

    def _word(self, word):
        """The ids of the events that have `word` (a set), or a Q if there are more than
        SEARCH_COUNT_LIMIT."""
        from organizations.models import Organization  # noqa: PLC0415

        limit = SEARCH_COUNT_LIMIT
        own_text = (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(city__icontains=word)
            | Q(venue__icontains=word)
        )
        hosts = Organization.objects.filter(
            Q(name__icontains=word) | Q(short_name__icontains=word)
        ).values("pk")
        translated = EventTranslation.objects.live().filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
        )
        own = _matching_ids(Event.objects.filter(own_text), limit)
        by_host = _matching_ids(Event.objects.filter(organization_id__in=hosts), limit)
        in_versions = _matching_ids(translated, limit, "event_id")
        if own is not None and by_host is not None and in_versions is not None:
            return {*own, *by_host, *in_versions}
        return (
            (own_text if own is None else Q(pk__in=own))
            | (Q(organization_id__in=hosts) if by_host is None else Q(pk__in=by_host))
            | Q(pk__in=translated.values("event_id") if in_versions is None else in_versions)
        )

    _count_limit = None

    def _clone(self):
        clone = super()._clone()
        clone._count_limit = self._count_limit
        return clone

    def count(self):
        """The number of events; of a search for common words only (search()), at most
        SEARCH_COUNT_LIMIT."""
        if self._count_limit is None:
            return super().count()
        return models.QuerySet.count(self[: self._count_limit])

    @property
    def count_limit(self):
        """The number count() stops at (SEARCH_COUNT_LIMIT), or None if it counts all."""
        return self._count_limit

    def hosted_or_coorganized_by(self, organization):
        """Events the organization holds: as their host, or as a co-organizer that accepted."""
        accepted = CoOrganizer.objects.accepted().filter(
            event_id=OuterRef("pk"), organization=organization
        )
        return self.filter(Q(organization=organization) | Exists(accepted))


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    PUBLIC_STATUSES = (Status.APPROVED, Status.CANCELLED)

    class Kind(models.TextChoices):
        RALLY = "rally", _("Rally or march")
        CEREMONY = "ceremony", _("Ceremony")
        LECTURE = "lecture", _("Lecture or talk")
        CONFERENCE = "conference", _("Conference or seminar")
        STUDY_CIRCLE = "study_circle", _("Study circle")
        FILM = "film", _("Film screening")
        EXHIBITION = "exhibition", _("Exhibition")
        CULTURAL = "cultural", _("Cultural evening")
        PUBLICATION = "publication", _("Publication launch")
        ONLINE_MEETING = "online_meeting", _("Online meeting")
        OTHER = "other", _("Other")

    commemoration = models.ForeignKey(
        "commemoration.Commemoration",
        verbose_name=_("commemoration"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("host organization"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    # Every organization the host named, whatever it answered; the ones that count as the
    # event's are `accepted_co_organizers`.
    co_organizers = models.ManyToManyField(
        "organizations.Organization",
        through="CoOrganizer",
        verbose_name=_("co-organizers"),
        blank=True,
        related_name="co_organized_events",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in lists.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_CHARS,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_CHARS)],
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_timezone],
        help_text=_("The IANA time zone of the place, for example Europe/Paris."),
    )
    # The start's date in the event's own zone, kept so the database can filter by it.
    local_date = models.DateField(_("local date"), editable=False, db_index=True)
    # The start's wall-clock time there: within a day, events are listed by it.
    local_time = models.TimeField(_("local start time"), editable=False, null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    online_url = models.URLField(_("online link"), blank=True, max_length=500)
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_languages],
        help_text=_("ISO 639-1 codes of the languages spoken, for example en, fr."),
    )
    contact = models.CharField(
        _("public contact"),
        max_length=200,
        blank=True,
        help_text=_("Shown to the public: an e-mail address, a phone number or a web page."),
    )
    poster = models.ImageField(
        _("poster"), upload_to="posters/%Y/%m/", blank=True, validators=[validate_poster]
    )
    # The poster's resized versions (events.poster_versions): {"source": the poster's name,
    # "thumbnail"/"medium": [{"name", "width", "height"}]}, so pages need not read files.
    poster_versions = models.JSONField(
        _("poster versions"), default=dict, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    cancellation_reason = models.TextField(_("cancellation reason"), blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_events",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("first approved"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)
    # The repeating event it belongs to, if any: each occurrence is an event of its own,
    # made and moved through events.series.
    series = models.ForeignKey(
        "events.Series",
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        editable=False,
    )

    objects = EventQuerySet.as_manager()

    # The one order of events wherever days group them: by local day, then local start time.
    DAY_ORDER = ("local_date", "local_time", "pk")

    class Meta:
        ordering = ["local_date", "local_time", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("moderate_event", _("Can approve and reject events"))]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
            models.Index(fields=["status", "local_date"], name="event_status_local_date"),
            models.Index(fields=["local_date", "local_time", "id"], name="event_local_day_order"),
            models.Index(fields=["country"], name="event_country"),
            # The filter menus read the languages in use by walking it (selectors).
            models.Index(fields=["languages"], name="event_languages"),
            # The bounding box of `near=`: a range of latitudes, then of longitudes.
            models.Index(fields=["latitude", "longitude"], name="event_lat_lon"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="event_coordinates_pair_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.starts_at and self.timezone in available_timezones():
            local = self.local_starts_at
            self.local_date = local.date()
            self.local_time = local.time().replace(tzinfo=None)
        if not self.slug:
            self.slug = unique_slug(Event, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @staticmethod
    def day_order(zone=None):
        """DAY_ORDER, or in a chosen zone the instants' order, which is the same there."""
        return Event.DAY_ORDER if zone is None else ("starts_at", "pk")

    @staticmethod
    def page_paths():
        """A function (pk, slug) -> the path of that event's page, as get_absolute_url()
        gives it, with the URL pattern reversed once: for lists of many events."""
        prefix = reverse("events:detail", kwargs={"pk": 1, "slug": "x"}).removesuffix("1-x/")
        return lambda pk, slug: f"{prefix}{pk}-{slug}/"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end cannot be before the start.")})
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            raise ValidationError({missing: _("Give both latitude and longitude, or neither.")})
        if not (self.is_in_person or self.is_online):
            # Otherwise nobody could find the event: the admin, the API and the member form
            # all come through here.
            raise ValidationError(
                _("Give the event's place (at least its city) or its online link."),
                code="no_place",
            )

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_starts_at(self):
        return in_zone(self.starts_at, self.tzinfo)

    @property
    def local_ends_at(self):
        return in_zone(self.ends_at, self.tzinfo)

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self):
        return bool(self.online_url)

    @property
    def is_in_person(self):
        return bool(self.venue or self.address or self.city)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def language_names(self):
        return [language_name(code) for code in self.languages]

    # --- The reader's version ---------------------------------------------------------------

    @property
    def original_language(self):
        """The language the event's own title, summary and description are written in: the
        first language spoken at it."""
        return self.languages[0] if self.languages else settings.LANGUAGE_CODE

    @cached_property
    def live_translations(self):
        """The translations a reader may see, by language; EventQuerySet.with_translations()
        prefetches them for a whole list."""
        return list(self.translations.live().order_by("language"))

    def shown(self, language=None):
        """The version of the event for a reader of `language` (default: the active one):
        its live translation in that language, else the original. Every page, feed and API
        answer reads the event's texts through here."""
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language != self.original_language:
            for translation in self.live_translations:
                if translation.language == language:
                    return ShownText(translation, language=language, asked=language)
        return ShownText(self, language=self.original_language, asked=language)

    @property
    def poster_thumbnail(self):
        """The poster's thumbnail for lists and cards (a PosterImage), or None."""
        return poster_image(self.poster, self.poster_versions, "thumbnail")

    @property
    def poster_medium(self):
        """The poster at the size of the event's page (a PosterImage), or None."""
        return poster_image(self.poster, self.poster_versions, "medium")

    def version_links(self):
        """Each version's own address, for the hreflang alternates, the sitemap and the
        links between versions: the page with `?lang=` (commemoration.middleware)."""
        path = self.get_absolute_url()
        return [
            VersionLink(language=code, name=language_name(code, code), path=f"{path}?lang={code}")
            for code in self.versions
        ]

    @property
    def versions(self):
        """The languages the event can be read in: the original first, then its live
        translations."""
        codes = [self.original_language]
        codes += [t.language for t in self.live_translations if t.language not in codes]
        return codes

    @cached_property
    def accepted_invitations(self):
        """The CoOrganizer rows of the organizations that accepted, with them, by name.

        EventQuerySet.with_related() prefetches them for a whole list; read here otherwise."""
        return list(CoOrganizer.objects.accepted().filter(event=self))

    @property
    def accepted_co_organizers(self):
        """The co-organizers shown as the event's anywhere: those that accepted."""
        return [invitation.organization for invitation in self.accepted_invitations]

    @property
    def has_ended(self):
        return self.ends_at <= timezone.now()

    @property
    def is_reportable(self):
        """Held: approved (not cancelled) and over, so that its organization may report."""
        return self.status == self.Status.APPROVED and self.has_ended

    @property
    def public_report(self):
        """The report anyone may read: the approved one, else None."""
        try:
            report = self.report
        except ObjectDoesNotExist:
            return None
        return report if report.is_approved else None


class ShownText:
    """What a reader is shown of an event: its texts and the language they are in.

    The texts are read from the event or its translation only when asked for: the
    calendar loads the events' titles alone."""

    def __init__(self, source, *, language, asked):
        self.source = source
        self.language = language
        # The language the reader asked for: when it differs from `language`, the pages
        # note the original's language.
        self.asked = asked

    @property
    def is_translation(self):
        return not isinstance(self.source, Event)

    @property
    def title(self):
        return self.source.title

    @property
    def summary(self):
        return self.source.summary

    @property
    def description(self):
        return self.source.description

    @property
    def is_other_language(self):
        return self.language != self.asked

    @property
    def language_name(self):
        return language_name(self.language)


@dataclass(frozen=True)
class VersionLink:
    language: str
    # The language's name in that language, as a reader of it looks for it.
    name: str
    path: str


def in_zone(moment, zone):
    """`moment` as clocks show it in `zone`; in UTC where that is past the calendar's ends.

    9999-12-31T23:00Z is already next year in Tokyo, 0001-01-01T00:00Z still year 0 in
    New York: no datetime holds those local times, but the instant still has to be shown.
    """
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return moment.astimezone(datetime.UTC)


def day_start(day, zone):
    """The UTC instant at which `day` begins in `zone` (a ZoneInfo), or None when that lies
    beyond what a datetime holds (the first days of the calendar, east of Greenwich)."""
    try:
        return datetime.datetime.combine(day, datetime.time(), tzinfo=zone).astimezone(datetime.UTC)
    except OverflowError:
        return None


class Series(models.Model):
    """Events that repeat by one RFC 5545 rule: weekly study circles, monthly screenings.

    The rule (an RRULE's value, without DTSTART) was read in the first event's own zone;
    each occurrence is an Event of its own, made by events.series.create_series()."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="series",
    )
    rule = models.CharField(_("recurrence rule"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return f"#{self.pk} {self.rule}"


class CoOrganizerQuerySet(models.QuerySet):
    def accepted(self):
        """The one rule of which co-organizers count as the event's: their organization said
        yes. With the organizations, by name."""
        return (
            self.filter(status=CoOrganizer.Status.ACCEPTED)
            .select_related("organization")
            .order_by("organization__name", "organization_id")
        )

    def addressed_to(self, user):
        """Those naming an organization of which the user is an admin: theirs to answer."""
        from organizations.models import Membership

        if not user.is_authenticated:
            return self.none()
        admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN)
        return self.filter(organization_id__in=admin_of.values("organization_id"))


class CoOrganizer(models.Model):
    """An organization named co-organizer of an event by its host, and its answer.

    Nobody may put an organization's name on an event without its consent: until one of its
    admins (or the committee) accepts, the event is nowhere shown as the organization's
    (events.services answers; `CoOrganizerQuerySet.accepted()` is what counts).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="co_organizer_invitations",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="co_organizer_invitations",
    )
    status = models.CharField(
        _("answer"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    named_at = models.DateTimeField(_("named"), default=timezone.now)

    objects = CoOrganizerQuerySet.as_manager()

    class Meta:
        ordering = ["named_at", "pk"]
        verbose_name = _("co-organizer")
        verbose_name_plural = _("co-organizers")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"], name="co_organizer_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.organization} – {self.event} ({self.get_status_display()})"


def unique_slug(model, text, max_length=200):
    """A slug from text, with -2, -3… appended until no row of model has it."""
    base = (slugify(text) or "event")[:max_length]
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class ModerationRecord(StatusRecord):
    """One change of an event's state: who, when, from what to what, and why."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="moderation_records")
    from_status = models.CharField(_("from"), max_length=10, choices=Event.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=Event.Status.choices)

    class Meta(StatusRecord.Meta):
        verbose_name = _("moderation record")
        verbose_name_plural = _("moderation records")

    def __str__(self):
        return f"{self.event}: {self.from_status} → {self.to_status}"


class EventRemoval(models.Model):
    """A deleted event, remembered so that mirrors of the public calendar can drop it.

    Leaving the public set by a move is in ModerationRecord; a deletion takes those
    records with it, so it leaves this row instead.
    """

    event_id = models.BigIntegerField(_("event id"), db_index=True)
    was_public = models.BooleanField(
        _("had been public"), help_text=_("Public at deletion, or approved at some time before.")
    )
    removed_at = models.DateTimeField(_("deleted at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["removed_at", "pk"]
        verbose_name = _("deleted event")
        verbose_name_plural = _("deleted events")

    def __str__(self):
        return f"{self.event_id} ({self.removed_at:%Y-%m-%d %H:%M})"


# A signal rather than Event.delete(): the admin's bulk delete and QuerySet.delete() never
# call the model's delete(), but Django sends post_delete for every row they remove.
@receiver(post_delete, sender=Event, dispatch_uid="events.remember_event_removal")
def remember_event_removal(sender, instance, **kwargs):
    EventRemoval.objects.create(
        event_id=instance.pk,
        was_public=instance.is_public or instance.approved_at is not None,
    )


class ModeratorCharge(models.Model):
    """What a committee member takes charge of: some countries, some languages. Their queue
    opens on these; the others' submissions still reach everyone."""

    moderator = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("committee member"),
        on_delete=models.CASCADE,
        related_name="moderator_charge",
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("ISO 639-1 codes, for example es, pt."),
    )

    class Meta:
        verbose_name = _("moderator's charge")
        verbose_name_plural = _("moderators' charges")

    def __str__(self):
        return str(self.moderator)

    def clean(self):
        super().clean()
        if self.languages:
            validate_languages(self.languages)

    def events_q(self):
        """The events this charge covers, as a condition on Event."""
        condition = Q(pk__in=[])
        if self.countries:
            condition |= Q(country__in=[str(c) for c in self.countries])
        for code in self.languages:
            # As the list's language filter reads the JSON list, on every database.
            condition |= Q(languages__icontains=f'"{code}"')
        return condition


# Reports live in their own module; imported here so that Django finds their models.


class ReminderSent(models.Model):
    """One reminder mailed to one person on one day: the daily command sends it once."""

    class Kind(models.TextChoices):
        MODERATION = "moderation", _("events waiting for moderation")
        DRAFTS = "drafts", _("drafts never submitted")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "day"], name="one_reminder_a_day")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.recipient} ({self.day})"


from events.import_models import ImportBatch  # noqa: E402, F401
from events.report_models import EventReport, ReportPhoto, ReportRecord  # noqa: E402, F401
from events.translation_models import EventTranslation  # noqa: E402, F401
