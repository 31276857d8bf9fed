"""`manage.py backup` and `manage.py restore` round-trip a populated site: every row of the
database and every media file, as a live site runs them (each command in its own
transaction, hence transactional tests)."""

import io
import json
import shutil
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image
from rest_framework.authtoken.models import Token

from commemoration.backups import backed_up_models
from events.models import Event, ModerationRecord
from organizations.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (400, 600), (164, 22, 26)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def site(media_root):
    """The demo site (events in every state, with their moderation history), a poster and
    a member's API token; returns the event with the poster."""
    call_command("seed_demo", stdout=io.StringIO())
    event = Event.objects.filter(status=Event.Status.APPROVED).order_by("pk").first()
    event.poster.save("rally.png", ContentFile(png_bytes()))
    Token.objects.create(user=get_user_model().objects.get(username="member"))
    return event


def site_rows():
    """Every field of every row of the site's own tables and of its accounts, by table."""
    models = [
        *[
            model
            for label in ["commemoration", "organizations", "events"]
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        ],
        get_user_model(),
        get_user_model().groups.through,
        Token,
    ]
    return {model._meta.label: _rows(model) for model in models}


def _rows(model):
    if model._meta.auto_created:  # a many-to-many table: its own ids are not data
        fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        return list(model._base_manager.order_by(*fields).values(*fields))
    return list(model._base_manager.order_by("pk").values())


def moderation_history():
    return list(
        ModerationRecord.objects.order_by("pk").values_list(
            "event__title", "actor__username", "from_status", "to_status", "note", "created_at"
        )
    )


def media_files(media_root):
    return {
        str(path.relative_to(media_root)): path.read_bytes()
        for path in media_root.rglob("*")
        if path.is_file()
    }


def wipe(media_root):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)


def backup(path):
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore(path, *options):
    out = io.StringIO()
    call_command("restore", str(path), *options, stdout=out)
    return out.getvalue()


def test_a_backup_restores_every_row_and_every_media_file_after_a_wipe(
    site, media_root, tmp_path, client
):
    before, history = site_rows(), moderation_history()
    rows = sum(model._base_manager.count() for model in backed_up_models())
    token = Token.objects.get(user__username="member").key
    archive = tmp_path / "site.tar.gz"

    # The demo posters and their resized versions, and the poster saved above.
    media = media_files(media_root)
    demo = Event.objects.exclude(poster_versions={}).order_by("pk").first()
    versions = [r["name"] for kind in ("thumbnail", "medium") for r in demo.poster_versions[kind]]
    assert set(versions) < set(media)
    # Each demo poster and its four versions (the one replaced above stays in the storage).
    assert len(media) == 1 + Event.objects.exclude(poster_versions={}).count() * 5
    assert (
        backup(archive)
        == f"Backed up {rows} database rows and {len(media)} media files to {archive}.\n"
    )
    wipe(media_root)
    assert (Event.objects.count(), get_user_model().objects.count()) == (0, 0)
    assert not default_storage.exists(site.poster.name)

    assert (
        restore(archive)
        == f"Restored {rows} database rows and {len(media)} media files from {archive}.\n"
    )
    assert media_files(media_root) == media

    assert site_rows() == before
    assert 55 <= len(before["events.Event"]) == Event.objects.count()
    assert len(history) > len(before["events.Event"])
    event = Event.objects.get(pk=site.pk)
    assert (event.title, event.organization.slug, event.status, event.timezone) == (
        site.title,
        site.organization.slug,
        Event.Status.APPROVED,
        site.timezone,
    )
    assert (event.starts_at, event.languages, event.poster.name) == (
        site.starts_at,
        site.languages,
        site.poster.name,
    )
    assert moderation_history() == history
    assert (
        ModerationRecord.objects.filter(to_status=Event.Status.REJECTED).exclude(note="").exists()
    )
    with default_storage.open(event.poster.name) as poster:
        assert poster.read() == png_bytes()
    # Passwords, the committee's permissions (by natural key) and API tokens all came back.
    response = client.post(
        "/accounts/login/", {"username": "member", "password": "member-demo-2024"}
    )
    assert (response.status_code, response["Location"]) == (302, "/my/")
    committee = authenticate(username="committee", password="committee-demo-2024")
    assert committee.has_perm("events.moderate_event")
    assert Token.objects.get(key=token).user.username == "member"
    # New rows get new ids (PostgreSQL's sequences were moved past the restored ones).
    assert OrganizationFactory().pk > max(row["id"] for row in before["organizations.Organization"])


def test_restore_refuses_a_database_that_holds_a_sites_data_unless_forced(
    site, media_root, tmp_path
):
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    before = site_rows()
    OrganizationFactory(name="Registered after the backup")

    with pytest.raises(CommandError, match="already holds a site's data.*Give --force"):
        restore(archive)
    assert Organization.objects.filter(name="Registered after the backup").exists()

    restore(archive, "--force")
    assert site_rows() == before
    assert not Organization.objects.filter(name="Registered after the backup").exists()


def test_backup_refuses_to_overwrite_a_file(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    archive.write_bytes(b"yesterday's backup")

    with pytest.raises(CommandError, match="already exists: choose another name"):
        backup(archive)
    assert archive.read_bytes() == b"yesterday's backup"


def rewritten(source, target, *, manifest=lambda m: m, extra=()):
    """A copy of a backup with its manifest changed or members added."""
    with tarfile.open(source) as original, tarfile.open(target, "w:gz") as copy:
        members = [(m, original.extractfile(m).read()) for m in original]
        for member, data in members:
            if member.name == "backup.json":
                data = json.dumps(manifest(json.loads(data))).encode()
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        for member, data in extra:
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(site, media_root, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    wipe(media_root)
    text = tmp_path / "notes.tar.gz"
    text.write_text("not an archive")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    bare = tmp_path / "bare.tar.gz"
    with tarfile.open(bare, "w:gz") as other:
        other.add(text, arcname="notes.txt")
    future = rewritten(
        archive,
        tmp_path / "future.tar.gz",
        manifest=lambda m: {**m, "migrations": [*m["migrations"], "events.9999_future"]},
    )
    outside = rewritten(
        archive, tmp_path / "outside.tar.gz", extra=[(tarfile.TarInfo("media/../escaped"), b"x")]
    )
    link = tarfile.TarInfo("media/posters/link.png")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    symlink = rewritten(archive, tmp_path / "symlink.tar.gz", extra=[(link, b"")])

    refusals = {
        tmp_path / "missing.tar.gz": f"{tmp_path / 'missing.tar.gz'} does not exist.",
        text: f"{text} is not a .tar.gz backup, or it is damaged.",
        truncated: f"{truncated} is not a .tar.gz backup, or it is damaged.",
        bare: "This archive is not a backup of this site: it has no backup.json.",
        future: "This database's migrations are not those of the backup (1 missing here, 0 not "
        "in the backup).",
        outside: "'media/../escaped' is not a media file this site could have written.",
        symlink: "'media/posters/link.png' is not a media file this site could have written.",
    }
    for path, message in refusals.items():
        with pytest.raises(CommandError) as refused:
            restore(path)
        assert str(refused.value).startswith(message), path
    assert (Event.objects.count(), get_user_model().objects.count()) == (0, 0)
    assert not media_root.exists()
    assert not (media_root.parent / "escaped").exists()
