"""Accounts under /accounts/: Django's auth views and the request to join an organization."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from organizations import member_views
from organizations.forms import LoginForm

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("password_reset/", member_views.SitePasswordResetView.as_view(), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
    path("join/", member_views.join, name="join"),
    path("members/", member_views.membership_overview, name="membership_overview"),
    path(
        "organizations/<slug:slug>/members/",
        member_views.organization_members,
        name="organization_members",
    ),
    path(
        "requests/<int:pk>/accept/",
        member_views.join_request_answer,
        {"accept": True},
        name="join_request_accept",
    ),
    path(
        "requests/<int:pk>/decline/",
        member_views.join_request_answer,
        {"accept": False},
        name="join_request_decline",
    ),
    path("memberships/<int:pk>/role/", member_views.membership_role, name="membership_role"),
    path("memberships/<int:pk>/remove/", member_views.membership_remove, name="membership_remove"),
]
