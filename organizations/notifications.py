"""E-mail to a person who asked to join without logging in, queued after the commit.

Queued as events.notifications queues the site's other mail (ids to the worker, which
renders one message per recipient with links on settings.SITE_URL; failures logged and
never shown to the visitor); only the owner of the address learns from it whether the
address has an account.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks import task

from commemoration import mail
from organizations.models import Organization


@mail.never_raises
def join_confirmation(user, organization, *, token):
    mail.enqueue(
        mail_join_confirmation, user_id=user.pk, organization_id=organization.pk, token=token
    )


@mail.never_raises
def join_with_known_address(user, organization):
    mail.enqueue(mail_join_with_known_address, user_id=user.pk, organization_id=organization.pk)


@task()
def mail_join_confirmation(*, user_id, organization_id, token, language):
    context = {
        "organization": Organization.objects.get(pk=organization_id),
        "confirm_url": mail.absolute(reverse("join_confirm", kwargs={"token": token})),
    }
    mail.send_to_each(
        "join_confirmation", [get_user_model().objects.get(pk=user_id)], context, language
    )


@task()
def mail_join_with_known_address(*, user_id, organization_id, language):
    context = {
        "organization": Organization.objects.get(pk=organization_id),
        "login_url": mail.absolute(reverse("login")),
        "join_url": mail.absolute(reverse("join")),
        "reset_url": mail.absolute(reverse("password_reset")),
    }
    mail.send_to_each(
        "join_with_known_address", [get_user_model().objects.get(pk=user_id)], context, language
    )
