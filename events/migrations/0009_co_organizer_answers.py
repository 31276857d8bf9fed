"""Co-organizers answer: the auto-created table of Event.co_organizers becomes the
CoOrganizer model, with the named organization's answer.

The table is renamed and kept with its rows (Django's "changing a ManyToManyField to use a
through model"); the organizations named before answers existed were shown publicly
already, so they stand as accepted.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def accept_existing(apps, schema_editor):
    CoOrganizer = apps.get_model("events", "CoOrganizer")
    CoOrganizer.objects.update(status="accepted")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_event_reports"),
        ("organizations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='ALTER TABLE "events_event_co_organizers" RENAME TO "events_coorganizer"',
                    reverse_sql=(
                        'ALTER TABLE "events_coorganizer" RENAME TO "events_event_co_organizers"'
                    ),
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="CoOrganizer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "event",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="co_organizer_invitations",
                                to="events.event",
                                verbose_name="event",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="co_organizer_invitations",
                                to="organizations.organization",
                                verbose_name="organization",
                            ),
                        ),
                    ],
                    # As the auto-created table has it; replaced by a named constraint below.
                    options={"unique_together": {("event", "organization")}},
                ),
                migrations.AlterField(
                    model_name="event",
                    name="co_organizers",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="co_organized_events",
                        through="events.CoOrganizer",
                        to="organizations.organization",
                        verbose_name="co-organizers",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="coorganizer",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for an answer"),
                    ("accepted", "Accepted"),
                    ("declined", "Declined"),
                ],
                default="pending",
                max_length=10,
                verbose_name="answer",
            ),
        ),
        migrations.AddField(
            model_name="coorganizer",
            name="answered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="answered by",
            ),
        ),
        migrations.AddField(
            model_name="coorganizer",
            name="answered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="answered"),
        ),
        migrations.AddField(
            model_name="coorganizer",
            name="named_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="named"),
        ),
        migrations.AlterUniqueTogether(name="coorganizer", unique_together=set()),
        migrations.AddConstraint(
            model_name="coorganizer",
            constraint=models.UniqueConstraint(
                fields=("event", "organization"), name="co_organizer_once_per_event"
            ),
        ),
        migrations.AlterModelOptions(
            name="coorganizer",
            options={
                "ordering": ["named_at", "pk"],
                "verbose_name": "co-organizer",
                "verbose_name_plural": "co-organizers",
            },
        ),
        # Last, after the changes of the table: on PostgreSQL, rows written in a migration
        # would keep a later ALTER TABLE of theirs waiting for their deferred checks.
        migrations.RunPython(accept_existing, migrations.RunPython.noop, elidable=True),
    ]
