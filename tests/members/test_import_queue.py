"""A confirmed import runs in the queue's worker, not in the member's request.

The real database queue, its worker run by the test (tests/faults.py): the confirmation
answers at once and creates nothing, the report page waits, the worker creates the events,
a second confirmation queues nothing more, and a failed import says so and saves nothing.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import Event, ImportBatch
from tests.faults import run_queue
from tests.members.test_import import GOOD, HEADER, upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_imports():
    return DBTaskResult.objects.filter(
        task_path="events.imports.run_import", status="READY"
    ).count()


def test_confirming_queues_the_import_and_the_worker_creates_the_events(
    member_client, organization, commemoration
):
    upload(member_client, organization, HEADER + "\n".join(GOOD))
    batch = ImportBatch.objects.get()

    response = member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": "1"})

    report_url = reverse("my:import_report", args=[batch.pk])
    assert response.status_code == 302
    assert response["Location"] == report_url
    assert Event.objects.count() == 0
    assert queued_imports() == 1
    waiting = member_client.get(report_url)
    assert waiting.status_code == 200
    assert "Importing…" in waiting.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in waiting.content.decode()
    # The preview, while it waits, leads to the report: nothing to confirm twice.
    assert member_client.get(reverse("my:import_preview", args=[batch.pk]))["Location"] == (
        report_url
    )
    # A double click queues nothing more.
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": "1"})
    assert queued_imports() == 1

    run_queue()

    assert Event.objects.filter(status=Event.Status.SUBMITTED).count() == len(GOOD)
    done = member_client.get(report_url).content.decode()
    assert "5 events created and submitted to the committee." in done
    assert "refresh" not in done
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": "1"})
    assert queued_imports() == 0
    assert Event.objects.count() == len(GOOD)


def test_a_failed_import_saves_nothing_says_so_and_may_be_confirmed_again(
    member_client, organization, commemoration, monkeypatch
):
    upload(member_client, organization, HEADER + "\n".join(GOOD))
    batch = ImportBatch.objects.get()
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": ""})
    original = Event.save

    def fail_on_the_third(self, *args, **kwargs):
        if Event.objects.count() >= 2:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Event, "save", fail_on_the_third)
    run_queue()
    monkeypatch.setattr(Event, "save", original)

    assert Event.objects.count() == 0
    page = member_client.get(reverse("my:import_report", args=[batch.pk])).content.decode()
    assert "could not be created (RuntimeError); nothing was saved." in page
    assert "disk full" not in page  # no internals shown

    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": ""})
    run_queue()
    assert Event.objects.count() == len(GOOD)


def test_an_import_no_worker_took_up_may_be_confirmed_again(
    member_client, organization, commemoration
):
    upload(member_client, organization, HEADER + "\n".join(GOOD))
    batch = ImportBatch.objects.get()
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": ""})
    DBTaskResult.objects.all().delete()  # the worker's queue lost it
    ImportBatch.objects.filter(pk=batch.pk).update(
        queued_at=timezone.now() - ImportBatch.STALE_AFTER * 2
    )

    page = member_client.get(reverse("my:import_report", args=[batch.pk])).content.decode()
    assert "no worker has taken them up; nothing was saved." in page
    preview = member_client.get(reverse("my:import_preview", args=[batch.pk]))
    assert preview.status_code == 200
    member_client.post(reverse("my:import_confirm", args=[batch.pk]), {"submit": ""})
    assert queued_imports() == 1
    run_queue()
    assert Event.objects.count() == len(GOOD)
