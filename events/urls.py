"""Public event pages: the list, the calendar, an event, the feeds and the figures."""

from django.urls import path

from events import embed_views, figure_views, place_views, views
from events.feeds import LatestEventsFeed

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/feed.atom", LatestEventsFeed(), name="feed"),
    path("events/<int:pk>-<slug:slug>/", views.event_detail, name="detail"),
    path("events/<int:pk>-<slug:slug>/poster/", views.event_poster, name="poster"),
    path(
        "events/<int:pk>-<slug:slug>/share/fediverse/",
        views.share_fediverse,
        name="share_fediverse",
    ),
    path("events/<int:pk>-<slug:slug>.ics", views.event_ics, name="detail_ics"),
    path("events.ics", views.events_ics, name="ics"),
    path("events.geojson", views.events_geojson, name="geojson"),
    path("places/", place_views.place_suggestions, name="places"),
    path("map/", place_views.event_map, name="map"),
    path("calendar/", views.calendar_current, name="calendar"),
    path("calendar/<int:year>/<int:month>/", views.calendar_month, name="calendar_month"),
    path("embed/", embed_views.embed, name="embed"),
    path("embed/calendar.js", embed_views.calendar_script, name="embed_script"),
    path("figures/", figure_views.figures_page, name="figures"),
    path("figures/<slug:name>.csv", figure_views.figures_csv, name="figures_csv"),
    path("figures/<slug:name>.svg", figure_views.figures_svg, name="figures_svg"),
]
