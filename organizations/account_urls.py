"""Accounts under /accounts/: Django's auth views and the request to join an organization."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from access.decorators import rate_limited
from organizations import member_views
from organizations.forms import LoginForm

urlpatterns = [
    path(
        "login/",
        # Django's LoginView gives no title: the page's <title> and heading need one.
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, extra_context={"title": _("Log in")}
        ),
        name="login",
    ),
    path(
        "password_reset/",
        # Per address, and per e-mail address asked for: nobody floods one mailbox.
        rate_limited("password_reset", fields=["email"])(
            member_views.SitePasswordResetView.as_view()
        ),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
    path("join/", rate_limited("join", fields=["email"])(member_views.join), name="join"),
    path("join/confirm/<str:token>/", member_views.join_confirm, name="join_confirm"),
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
