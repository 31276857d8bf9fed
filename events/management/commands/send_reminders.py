"""Daily: remind the committee of what waits, and organizations of their unsent drafts."""

from django.core.management.base import BaseCommand

from events.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each committee member a digest of the events waiting longer than "
        "MODERATION_REMINDER_HOURS, and each organization admin their drafts for events in "
        "the coming two weeks. Run it daily; a second run the same day sends nothing again."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(
            "Reminders queued: {moderation} to the committee, {drafts} to organization "
            "admins.".format(**sent)
        )
