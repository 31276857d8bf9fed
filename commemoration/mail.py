"""Every e-mail of the site leaves through the task queue, never from a request.

A request only enqueues a task naming what happened (ids and the visitor's language: a
model instance does not survive the queue); a worker (`manage.py db_worker`) decides who
is told, renders the message in that language and sends it with settings.EMAIL_TIMEOUT.
A failed send is enqueued again with a growing delay (RETRY_DELAYS), so a mail server
that hangs or is down delays mail and never a page.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds before each new attempt: 1 min, 5 min, 30 min, 2 h, 6 h; then it is given up.
RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60, 6 * 60 * 60]


def never_raises(notify):
    """Mail is a side effect of a change already committed: a failure is logged, not raised."""

    @functools.wraps(notify)
    def wrapper(*args, **kwargs):
        try:
            notify(*args, **kwargs)
        except Exception:
            logger.exception("Could not notify: %s", notify.__name__)

    return wrapper


def enqueue(task_, **kwargs):
    """Queue task_ with the language of the person who acted, for the mail it renders."""
    return task_.enqueue(language=translation.get_language() or settings.LANGUAGE_CODE, **kwargs)


def send_or_retry(message, *, task_, attempt, **kwargs):
    """Send message; when that fails, enqueue task_(**kwargs) again later, and raise.

    task_ rebuilds the message from kwargs (ids, never a stored password-reset link), so a
    retry renders it afresh. The failure is raised so that the worker records this attempt
    as failed, with its traceback.
    """
    try:
        message.send()
    except Exception as error:
        if attempt <= len(RETRY_DELAYS) and task_.get_backend().supports_defer:
            delay = RETRY_DELAYS[attempt - 1]
            task_.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
                attempt=attempt + 1, **kwargs
            )
            logger.warning(
                "Mail task %s failed (attempt %d): %r; trying again in %d s",
                task_.name,
                attempt,
                error,
                delay,
            )
        else:
            logger.error(
                "Mail task %s failed (attempt %d): %r; not trying again", task_.name, attempt, error
            )
        raise


@task()
def send_email(*, subject, body, to, attempt=1):
    """One rendered message to one address, so that nobody sees the others' addresses."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    send_or_retry(message, task_=send_email, attempt=attempt, subject=subject, body=body, to=to)


def absolute(path):
    """Links in mail use settings.SITE_URL: mail is read far from the request that caused it."""
    return f"{settings.SITE_URL}{path}"


def in_language_of(user, default=None):
    """Render a message inside this: in the language its recipient reads (their account's),
    else `default` (the language of whoever acted), else the site's. The one place where a
    mail's language is chosen."""
    from organizations.models import language_of

    return translation.override(language_of(user, default))


def send_to_each(template, recipients, context, language):
    """Render emails/<template> for each recipient in their own language (`language`, the
    actor's, when they have none), and queue each message to be sent (and retried) on its
    own, so that nobody sees the others' addresses."""
    context = {**context, "site_url": settings.SITE_URL}
    for user in recipients:
        personal = {**context, "recipient": user}
        with in_language_of(user, language):
            subject = render_to_string(f"emails/{template}_subject.txt", personal)
            body = render_to_string(f"emails/{template}.txt", personal)
        send_email.enqueue(subject=" ".join(subject.split()), body=body, to=user.email)
