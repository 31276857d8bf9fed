"""The public directory of organizations."""

app_name = "organizations"
urlpatterns = []
