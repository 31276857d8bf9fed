"""The member area at /my/."""

from django.urls import path

from events import api_token_views

app_name = "my"
urlpatterns = [
    path("token/", api_token_views.api_token, name="api_token"),
]
