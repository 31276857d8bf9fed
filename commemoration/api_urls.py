"""The REST API under /api/: version 1, its OpenAPI schema and its documentation."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from events.api import (
    CommemorationViewSet,
    EventViewSet,
    OrganizationViewSet,
    SeriesViewSet,
    not_found,
)

app_name = "api"

router = DefaultRouter()
router.register("events", EventViewSet, basename="event")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("series", SeriesViewSet, basename="series")
router.register("commemorations", CommemorationViewSet, basename="commemoration")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file: the page has no inline script (CSP),
    # and every asset comes from our own static files, so the docs work offline.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    re_path(r"^(?P<path>.*)$", not_found),
]
