"""The REST API's views: public reading, members' writing, the committee's moderation.

Reads start from EventQuerySet (`visible_to`, which is `public()` for anonymous callers);
every change of state goes through events.services, as in the forms and the admin.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django_countries import countries
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from access.throttling import AnonThrottle, SubmissionThrottle, UserThrottle
from commemoration.models import Commemoration
from commemoration.serializers import CommemorationDetailSerializer, CommemorationSerializer
from events import geojson, services, translations
from events import series as series_service
from events.caching import (
    answer_etag,
    event_list_validators,
    kept_parts,
    part_shape,
    public_answer,
    stamped,
)
from events.filters import EventApiFilter, MultipleChoiceCSVFilter
from events.models import Event, Series
from events.serializers import (
    EventCreatedSerializer,
    EventDetailSerializer,
    EventSerializer,
    EventWriteSerializer,
    ReasonSerializer,
    RemovedEventsSerializer,
    RemovedSinceSerializer,
    SeriesMoveSerializer,
    SeriesSerializer,
    TranslationSerializer,
)
from events.sync import removed_event_ids
from organizations.models import Organization
from organizations.serializers import OrganizationSerializer

# --- Limits -------------------------------------------------------------------------------


def is_whole_number(text):
    # str.isdigit() accepts "²", which int() refuses.
    return text.isascii() and text.isdigit()


class Pagination(PageNumberPagination):
    """Numbered pages; a page size out of range is an error, not silently clamped."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = _("Results per page, from 1 to 200 (default 20).")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "").strip()
        if not raw:
            return self.page_size
        if not is_whole_number(raw) or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        # The bounds get_page_size() and paginate_queryset() hold callers to.
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "").strip()
        if raw and raw != "last" and (not is_whole_number(raw) or int(raw) < 1):
            raise ValidationError({self.page_query_param: [_("Enter a whole number from 1.")]})
        return super().paginate_queryset(queryset, request, view)


# --- Conditional GET ----------------------------------------------------------------------


def not_modified_or_none(request, etag, last_modified):
    """A 304 answer when the caller's copy is current, else None."""
    return get_conditional_response(
        request,
        etag=quote_etag(etag),
        last_modified=int(last_modified.timestamp()) if last_modified else None,
    )


def for_each_caller(response):
    # Members see more than the public: a cache must keep their answers apart.
    patch_vary_headers(response, ["Authorization", "Cookie"])
    return response


def with_validators(response, etag, last_modified):
    response["ETag"] = quote_etag(etag)
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return for_each_caller(response)


# --- Permissions --------------------------------------------------------------------------


class IsModerator(permissions.BasePermission):
    message = _("Only the coordinating committee can moderate events.")

    def has_permission(self, request, view):
        return services.may_moderate(request.user)


# --- Events -------------------------------------------------------------------------------

# Moves a member makes on their own organizations' events.
MEMBER_ACTIONS = frozenset({"partial_update", "submit", "withdraw", "cancel"})
# Who may write a translation is events.translations' question: the committee reaches any
# event here, a member their organizations' (others answer 404, as for an edit).
TRANSLATION_ACTIONS = frozenset({"translation"})
REASON_BODY = extend_schema(request=ReasonSerializer, responses=EventDetailSerializer)


LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description=_(
        "The language of title, summary and description where the event is translated "
        "into it (en, es, fr, de, pt, ru, tr, ar); otherwise Accept-Language decides. "
        "`language` in the answer says which version came back."
    ),
)
TRANSLATION_LANGUAGE = OpenApiParameter(
    "language",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=_("Code of the translation's language: en, es, fr, de, pt, ru, tr or ar."),
    pattern="^[a-z]{2}$",
)
TRANSLATION_INPUT = ("title", "summary", "description", "reviewed")


def _as_field_errors(error):
    if hasattr(error, "message_dict"):
        return error.message_dict
    return {"detail": error.messages}


class Conflict(APIException):
    status_code = 409
    default_detail = _("The event changed meanwhile.")
    default_code = "conflict"


class JSONOnly(DefaultContentNegotiation):
    """The events answer JSON whatever `?format=` says: the list reads `format=geojson`
    itself, and an unknown one is ignored, as any unknown parameter."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if format_suffix:  # an address such as /events/1.5/: no such event, a 404
            return super().select_renderer(request, renderers, format_suffix)
        return renderers[0], renderers[0].media_type


@extend_schema_view(
    list=extend_schema(
        summary=_("Public events, filtered"),
        description=_(
            "Anonymous callers see approved and cancelled events only; members also see "
            "their organizations' events, and the committee every event. Answers carry an "
            "ETag and Last-Modified; send them back for a 304."
        ),
        # `format=geojson` (every public event with coordinates matching the filters, as
        # one streamed GeoJSON FeatureCollection) is left out of the schema: its answer is
        # not the paginated list the schema describes. /events.geojson gives the same (README).
        parameters=[LANG_PARAMETER],
    ),
    retrieve=extend_schema(summary=_("One event"), parameters=[LANG_PARAMETER]),
    create=extend_schema(
        summary=_("Register an event (a draft) for one of your organizations"),
        description=_(
            "With `recurrence` (an RFC 5545 RRULE), the event is the first of a series: "
            "the answer is that event, with `series` and `series_count`."
        ),
        request=EventWriteSerializer,
        responses={201: EventCreatedSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Edit an event of one of your organizations"),
        description=_(
            "An approved event that changes goes back to moderation, unless its "
            "organization is trusted. A poster is sent as multipart/form-data."
        ),
        request=EventWriteSerializer,
        responses=EventDetailSerializer,
    ),
)
class EventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]+"
    filter_backends = [DjangoFilterBackend]
    filterset_class = EventApiFilter
    pagination_class = Pagination
    content_negotiation_class = JSONOnly
    throttle_classes = [AnonThrottle, UserThrottle, SubmissionThrottle]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        user = self.request.user
        if self.action in {"partial_update", *TRANSLATION_ACTIONS} and services.may_moderate(user):
            # The committee edits any event, as in the admin; events.services decides.
            events = Event.objects.all()
        elif self.action in MEMBER_ACTIONS | TRANSLATION_ACTIONS:
            events = Event.objects.of_member(user)
        else:
            events = Event.objects.visible_to(user)
        return events.with_related()

    # PATCH only: an event is never replaced whole (PUT is a translation's, below).
    def partial_update(self, request, *args, **kwargs):
        return mixins.UpdateModelMixin.update(self, request, *args, partial=True, **kwargs)

    perform_update = mixins.UpdateModelMixin.perform_update

    def get_permissions(self):
        if self.action in {"approve", "reject"}:
            return [permissions.IsAuthenticated(), IsModerator()]
        return super().get_permissions()

    def get_serializer_class(self):
        if self.action in {"create", "partial_update"}:
            return EventWriteSerializer
        if self.action == "list":
            return EventSerializer
        return EventDetailSerializer

    def list(self, request, *args, **kwargs):
        if request.query_params.get("format") == "geojson":
            # Open data: public events only, whoever asks, every page at once, streamed.
            events = self.filter_queryset(self.get_queryset())
            return geojson.geojson_response(
                events.public(), request, by_distance="distance_km" in events.query.annotations
            )
        # Filtered only when the answer is built: a search's filter reads the database
        # (events.models.EventQuerySet.search), which a kept answer must not.
        kept = public_answer(request, lambda: self._page(self.filter_queryset(self.get_queryset())))
        if kept is not None:
            return for_each_caller(kept)
        events = self.filter_queryset(self.get_queryset())
        # A member's answer, or no shared cache: validators from the database.
        etag, last_modified = event_list_validators(request, events)
        not_modified = not_modified_or_none(request, etag, last_modified)
        if not_modified is not None:
            return not_modified
        return with_validators(self._page(events), etag, last_modified)

    def _page(self, events):
        """The page asked for as JSON: the pagination's envelope around each event's part,
        the parts kept (events.caching.kept_parts) but for a distance from a point."""
        rows = self.paginate_queryset(stamped(events))
        envelope = self.get_paginated_response([]).data
        head = self._json({name: value for name, value in envelope.items() if name != "results"})
        # {"count":…,"previous":null} + ,"results":[…]}: the results come last (DRF's order).
        results = b",".join(self._parts(rows, events, EventSerializer, "api-event"))
        return self._response(b"".join([head[:-1], b',"results":[', results, b"]}"]))

    def _parts(self, rows, events, serializer_class, kind):
        """Each event of `rows` as the serializer writes it, kept by kind unless it holds
        a distance from the point asked for (the request's, not the event's)."""
        by_point = "distance_km" in events.query.annotations
        shaped_by = None if by_point else part_shape(kind, self.request)
        to_representation = serializer_class(
            context=self.get_serializer_context()
        ).to_representation

        def write(pks):
            for event in events.filter(pk__in=pks):
                yield event.pk, self._json(to_representation(event))

        return [part for _pk, part in kept_parts(rows, shaped_by, write)]

    def _json(self, data):
        renderer = self.request.accepted_renderer
        return renderer.render(data, self.request.accepted_media_type, self.get_renderer_context())

    def _response(self, body):
        return HttpResponse(body, content_type=self.request.accepted_renderer.media_type)

    def _rendered(self, data):
        """The JSON of `data` as an HttpResponse, rendered now so that it can be kept."""
        return self._response(self._json(data))

    def _public_event(self):
        """The event asked for as an anonymous reader sees it, its part kept; a 404 where
        it is not public (or does not match the filters given, as get_object() would: the
        filter set, a good part of the cost of the answer, runs only when one is given)."""
        events = self.get_queryset()
        if not self.filterset_class.base_filters.keys().isdisjoint(self.request.query_params):
            events = self.filter_queryset(events)
        events = events.filter(pk=self.kwargs["pk"])
        parts = self._parts(list(stamped(events)), events, EventDetailSerializer, "api-detail")
        if not parts:  # as get_object_or_404() says it
            raise Http404(f"No {Event._meta.object_name} matches the given query.")
        return self._response(parts[0])

    def retrieve(self, request, *args, **kwargs):
        kept = public_answer(request, self._public_event)
        if kept is not None:
            return for_each_caller(kept)
        event = self.get_object()
        etag = answer_etag(request, event.pk, event.updated_at.isoformat())
        not_modified = not_modified_or_none(request, etag, event.updated_at)
        if not_modified is not None:
            return not_modified
        return with_validators(Response(self.get_serializer(event).data), etag, event.updated_at)

    def _move(self, request, move, *, reason_as="note"):
        event = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data.get("reason", "").strip()
        expected = body.validated_data.get("expected_status")
        try:
            move(event, by=request.user, expected_status=expected, **{reason_as: reason})
        except services.StaleMove as error:
            raise Conflict(str(error)) from None
        except services.TransitionError as error:
            # Name the parameter when what is missing is the reason.
            if reason_as == "reason" and not reason:
                raise ValidationError({"reason": [str(error)]}) from None
            raise ValidationError({"detail": str(error)}) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        return Response(EventDetailSerializer(event, context=self.get_serializer_context()).data)

    @REASON_BODY
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft or rejected event to the committee."""
        return self._move(request, services.submit_event)

    @REASON_BODY
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take an event back to draft: out of moderation, or off the public calendar."""
        return self._move(request, services.return_event_to_draft)

    @REASON_BODY
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel an approved event; it stays public, marked cancelled. Reason required."""
        return self._move(request, services.cancel_event, reason_as="reason")

    @REASON_BODY
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Publish a submitted event (coordinating committee only)."""
        return self._move(request, services.approve_event)

    @REASON_BODY
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Turn an event down with a reason the member sees (committee only)."""
        return self._move(request, services.reject_event, reason_as="reason")

    @extend_schema(
        methods=["PUT"],
        summary=_("Add or change a translation of an event of one of your organizations"),
        description=_(
            "The language is one of the site's (en, es, fr, de, pt, ru, tr, ar), not the "
            "event's own. On an approved event of an untrusted organization the translation "
            "waits for the committee (status waiting) and the event stays as it is."
        ),
        parameters=[TRANSLATION_LANGUAGE],
        request=TranslationSerializer,
        responses=TranslationSerializer,
    )
    @extend_schema(
        methods=["DELETE"],
        summary=_("Remove a translation of an event of one of your organizations"),
        parameters=[TRANSLATION_LANGUAGE],
        request=None,
        responses={204: None},
    )
    @action(
        detail=True,
        methods=["put", "delete"],
        url_path=r"translations/(?P<language>[a-z]{2})",
        url_name="translation",
        filter_backends=[],
        pagination_class=None,
    )
    def translation(self, request, pk=None, language=None):
        event = self.get_object()
        try:
            if request.method == "DELETE":
                if not translations.delete_translation(event, by=request.user, language=language):
                    raise NotFound()
                return Response(status=204)
            body = TranslationSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = {k: v for k, v in body.validated_data.items() if k in TRANSLATION_INPUT}
            saved = translations.save_translation(
                event, by=request.user, language=language, data=data
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except DjangoValidationError as error:
            raise ValidationError(_as_field_errors(error)) from None
        return Response(TranslationSerializer(saved).data)

    @extend_schema(
        summary=_("Events that left the public set"),
        description=_(
            "With the list's `updated_since`, what another site needs to mirror the "
            "public calendar exactly: the ids of events rejected, sent back to "
            "moderation, withdrawn or deleted since that time, and not public again."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                required=True,
                description=_("A date and time with its UTC offset."),
            )
        ],
        responses=RemovedEventsSerializer,
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def removed(self, request):
        since = RemovedSinceSerializer(data=request.query_params)
        since.is_valid(raise_exception=True)
        moment = since.validated_data["since"]
        until = timezone.now()
        return Response(
            RemovedEventsSerializer(
                {"since": moment, "until": until, "ids": removed_event_ids(moment)}
            ).data
        )


# --- Series -------------------------------------------------------------------------------

SERIES_MEMBER_ACTIONS = frozenset({"submit", "withdraw", "cancel"})
SERIES_MOVE_BODY = extend_schema(request=SeriesMoveSerializer, responses=SeriesSerializer)


@extend_schema_view(
    retrieve=extend_schema(
        summary=_("One series"),
        description=_(
            "Its rule and the events of it the caller may see; anonymous callers see a "
            "series only while one of its events is public."
        ),
    )
)
class SeriesViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Events repeating by one rule; the actions move all its events that the move fits
    at once, each with its own record, through events.series."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = SeriesSerializer
    throttle_classes = [AnonThrottle, UserThrottle]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        user = self.request.user
        if self.action in {"approve", "reject"}:
            return Series.objects.all()
        if self.action in SERIES_MEMBER_ACTIONS:
            return Series.objects.filter(organization__memberships__user=user).distinct()
        visible = Event.objects.visible_to(user).filter(series_id=OuterRef("pk"))
        return Series.objects.filter(Exists(visible)).select_related("organization")

    def get_permissions(self):
        if self.action in {"approve", "reject"}:
            return [permissions.IsAuthenticated(), IsModerator()]
        return super().get_permissions()

    def _move(self, request, move):
        series = self.get_object()
        body = SeriesMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data.get("reason", "").strip()
        try:
            series_service.move_series(
                series,
                move,
                by=request.user,
                note=reason,
                expected_state=body.validated_data.get("expected_state"),
            )
        except services.StaleMove as error:
            raise Conflict(str(error)) from None
        except services.TransitionError as error:
            if move.needs_reason and not reason:
                raise ValidationError({"reason": [str(error)]}) from None
            raise ValidationError({"detail": str(error)}) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        return Response(self.get_serializer(series).data)

    @SERIES_MOVE_BODY
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send every draft or rejected event of the series to the committee."""
        return self._move(request, services.SUBMIT)

    @SERIES_MOVE_BODY
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take every submitted, rejected or approved event of the series back to draft."""
        return self._move(request, services.RETURN_TO_DRAFT)

    @SERIES_MOVE_BODY
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel every approved event of the series; they stay public. Reason required."""
        return self._move(request, services.CANCEL)

    @SERIES_MOVE_BODY
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Publish every submitted event of the series (coordinating committee only)."""
        return self._move(request, services.APPROVE)

    @SERIES_MOVE_BODY
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Turn down every submitted or approved event of the series, with one reason
        (committee only)."""
        return self._move(request, services.REJECT)


# --- Organizations and commemorations -----------------------------------------------------


class OrganizationFilter(FilterSet):
    # As the event list's filters: several values, by commas or repeated.
    country = MultipleChoiceCSVFilter(
        choices=lambda: list(countries),
        normalize=str.upper,
        help_text=_("ISO 3166-1 alpha-2 codes of the organization's country; several allowed."),
    )
    kind = MultipleChoiceCSVFilter(
        choices=Organization.Kind.choices,
        help_text=_("Kinds of organization; several allowed."),
    )

    class Meta:
        model = Organization
        fields = ["country", "kind"]


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    pagination_class = Pagination
    throttle_classes = [AnonThrottle, UserThrottle]


class OrganizationViewSet(ReadOnlyViewSet):
    """Organizations: parties, youth and women's organizations, unions, committees."""

    queryset = Organization.objects.select_related("parent")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter


class CommemorationViewSet(ReadOnlyViewSet):
    """Commemorations; one's detail counts its public events by country and kind."""

    def get_queryset(self):
        public_events = (
            Event.objects.public()
            .filter(commemoration=OuterRef("pk"))
            .order_by()
            .values("commemoration")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Commemoration.objects.annotate(public_events=Coalesce(Subquery(public_events), 0))

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CommemorationDetailSerializer
        return CommemorationSerializer


@csrf_exempt  # A POST to no address is a 404 too, not the CSRF check's HTML 403.
def not_found(request, path=""):
    """Any other address under /api/: a JSON 404, as API clients expect."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
