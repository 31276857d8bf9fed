"""The member area at /my/."""

from django.urls import path

from access.decorators import rate_limited
from events import (
    api_token_views,
    coorganizer_views,
    member_views,
    report_views,
    series_views,
    translation_views,
)

# Registering and submitting events count against one limit, shared with the API's.
limited = rate_limited("submission")
submitting = rate_limited("submission", when=lambda request: request.POST.get("action") == "submit")

app_name = "my"
urlpatterns = [
    path("", member_views.index, name="index"),
    path("events/new/", limited(member_views.event_create), name="event_create"),
    path("events/<int:pk>/", member_views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", submitting(member_views.event_edit), name="event_edit"),
    # A copy creates an event, and may submit it: counted as a registration.
    path(
        "events/<int:pk>/duplicate/", limited(member_views.event_duplicate), name="event_duplicate"
    ),
    # A series creates events, and its submission submits many: counted as registrations.
    path("events/<int:pk>/repeat/", limited(series_views.event_repeat), name="event_repeat"),
    path(
        "series/<int:pk>/<slug:code>/",
        rate_limited("submission", when=lambda request: request.method == "POST")(
            series_views.series_move
        ),
        name="series_move",
    ),
    path("events/<int:pk>/submit/", limited(member_views.event_submit), name="event_submit"),
    path("events/<int:pk>/withdraw/", member_views.event_withdraw, name="event_withdraw"),
    path("events/<int:pk>/cancel/", member_views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/report/", submitting(report_views.report_edit), name="report"),
    path(
        "events/<int:pk>/translations/<str:language>/",
        translation_views.translation_edit,
        name="translation",
    ),
    path("language/", translation_views.account_language, name="language"),
    path("token/", api_token_views.api_token, name="api_token"),
    path("co-organizing/", coorganizer_views.co_organizing, name="co_organizing"),
    path(
        "co-organizing/<int:pk>/accept/",
        coorganizer_views.co_organizer_answer,
        {"accept": True},
        name="co_organizer_accept",
    ),
    path(
        "co-organizing/<int:pk>/decline/",
        coorganizer_views.co_organizer_answer,
        {"accept": False},
        name="co_organizer_decline",
    ),
]
