from django.core.management.base import BaseCommand, CommandError

from commemoration.backups import BackupError, summary, write_backup


class Command(BaseCommand):
    help = (
        "Write the whole site (every database row, every media file) to one .tar.gz that "
        "`manage.py restore` reads back, on SQLite or PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. site-2024-01-21.tar.gz")

    def handle(self, *args, file, **options):
        try:
            objects, media = write_backup(file)
        except BackupError as error:
            raise CommandError(error) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up {summary(objects, media)} to {file}."))
