"""Make the resized versions of the posters that have none (events.poster_versions)."""

from django.core.management.base import BaseCommand

from events.poster_versions import make_missing_poster_versions


class Command(BaseCommand):
    help = (
        "Make the thumbnail and medium versions of every poster that has none yet, and "
        "remove those of events whose poster was removed. A second run does nothing."
    )

    def handle(self, *args, **options):
        changed, failed = make_missing_poster_versions()
        for pk, reason in failed:
            self.stderr.write(f"Event {pk}: its poster could not be read ({reason}).")
        self.stdout.write(f"Poster versions made or removed for {changed} events.")
