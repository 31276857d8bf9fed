from django.core.management.base import BaseCommand, CommandError

from commemoration.backups import BackupError, restore_backup, summary


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup`: replaces every database row and "
        "writes every media file. Refuses a database that holds a site's data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data this database already holds",
        )

    def handle(self, *args, file, force, **options):
        try:
            objects, media = restore_backup(file, force=force)
        except BackupError as error:
            raise CommandError(error) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {summary(objects, media)} from {file}."))
