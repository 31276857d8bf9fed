"""Password reset mail, looked up and sent by the queue (commemoration.mail).

The request only enqueues the address typed: whether it has an account is decided here,
in the worker, so the page answers the same, with the same queries, for any address.
The link is made when the message is sent, so no token waits in the queue.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from commemoration import mail


@task()
def mail_password_reset(*, email, language):
    """One message to each active account with this address, as Django's form decides."""
    for user in PasswordResetForm().get_users(email):
        send_password_reset.enqueue(user_id=user.pk, language=language)


@task()
def send_password_reset(*, user_id, language, attempt=1):
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user._meta.pk.value_to_string(user))),
        "token": default_token_generator.make_token(user),
        "site_url": settings.SITE_URL,
    }
    with mail.in_language_of(user, language):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.txt", context)
    message = EmailMessage(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    mail.send_or_retry(
        message, task_=send_password_reset, attempt=attempt, user_id=user_id, language=language
    )
