"""The member area at /my/."""

app_name = "my"
urlpatterns = []
