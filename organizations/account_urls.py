"""Accounts under /accounts/: Django's auth views and the request to join an organization."""

from django.urls import include, path

urlpatterns = [
    path("", include("django.contrib.auth.urls")),
]
