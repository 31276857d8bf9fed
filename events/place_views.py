"""The event form's place suggestions, and the map of public events."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from access.decorators import rate_limited
from events import places
from events.public_filters import filters_are_valid, page_event_filter
from events.views import _filter_context

MAP_LIST_LIMIT = 500


@rate_limited("places", methods=("GET",))
@cache_control(public=True, max_age=86400)
def place_suggestions(request):
    """Cities of the gazetteer starting with `q` (optionally in `country`), as JSON."""
    query = request.GET.get("q", "")[:100]
    country = request.GET.get("country", "")[:2]
    found = places.search(query, country=country) if len(query.strip()) >= 2 else []
    return JsonResponse({"results": [place.as_dict() for place in found]})


def event_map(request):
    """Every public event with coordinates, filtered as the list; the others counted apart."""
    query = request.GET
    filterset = page_event_filter(query)
    placed = unplaced = None
    placed_count = unplaced_count = 0
    if filters_are_valid(filterset):
        events = (
            filterset.qs.select_related("organization")
            .with_translations()
            .order_by("starts_at", "pk")
        )
        with_place = events.filter(latitude__isnull=False, longitude__isnull=False)
        without = events.filter(latitude__isnull=True)
        placed_count, unplaced_count = with_place.count(), without.count()
        placed = with_place[:MAP_LIST_LIMIT]
        unplaced = without[:MAP_LIST_LIMIT]
    return render(
        request,
        "events/map.html",
        {
            **_filter_context(filterset, query),
            "placed": placed,
            "unplaced": unplaced,
            "placed_count": placed_count,
            "unplaced_count": unplaced_count,
            "list_limit": MAP_LIST_LIMIT,
            "geojson_query": query.urlencode(),
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )
