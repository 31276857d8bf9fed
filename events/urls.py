"""Public event pages: the list, the calendar, an event, and the feeds."""

app_name = "events"
urlpatterns = []
