"""Backup and restore of a whole site: every row of the database and every media file, in
one .tar.gz that restores on SQLite or PostgreSQL alike.

The archive holds, in this order:
- backup.json: the format, when it was made, and the migrations its database had;
- database.jsonl: every row in Django's serialization (what dumpdata writes, but with
  times to the microsecond), one object per line, with natural keys for what `migrate`
  recreates with ids of its own (content types, permissions); written to a file and read
  back by loaddata a line at a time, never whole in memory;
- media/<name>: each file of the default storage, read and written through the storage API.
"""

import datetime
import gzip
import io
import json
import os
import posixpath
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from commemoration.media import is_plain_name

FORMAT = 1
MANIFEST = "backup.json"
DATABASE = "database.jsonl"
MEDIA = "media/"
# Recreated by migrate on every database, with ids of their own (rows that refer to them
# carry natural keys instead); sessions only mean that everyone signs in again.
NOT_BACKED_UP = {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}
# A database holding any of these is a site's, not a fresh one that only `migrate` filled.
SITE_APPS = ["commemoration", "organizations", "events"]


class BackupError(Exception):
    """A backup that can't be written, or a file that can't be restored here."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond (as JavaScript would read them); a
    restored site keeps them whole, so that `updated_since` and ordering by time hold."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models(using=DEFAULT_DB_ALIAS):
    """Every model with rows of its own, those named by natural keys first (as dumpdata)."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module]
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        if (
            model._meta.label not in NOT_BACKED_UP
            and not model._meta.proxy
            and router.allow_migrate_model(using, model)
        ):
            yield model


def _rows(using):
    for model in backed_up_models(using):
        yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator()


def summary(objects, media):
    return f"{objects} database rows and {media} media file{'' if media == 1 else 's'}"


def applied_migrations(using=DEFAULT_DB_ALIAS):
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def media_names(storage, directory=""):
    """Every file of the storage, through its API (a directory may not exist yet)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(directory, name)
    for name in sorted(directories):
        yield from media_names(storage, posixpath.join(directory, name))


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def write_backup(path, *, storage=default_storage, using=DEFAULT_DB_ALIAS):
    """Write the database and the media to `path`; return (objects, media files)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: choose another name.")
    partial = path.with_name(f".{path.name}.partial")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DATABASE
        connection = connections[using]
        outermost = not connection.in_atomic_block
        # One snapshot of every table, even while the site keeps writing.
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            with open(dump, "w", encoding="utf-8") as stream:
                serializers.serialize(
                    "jsonl",
                    _rows(using),
                    stream=stream,
                    use_natural_foreign_keys=True,
                    cls=ExactJSONEncoder,
                )
            migrations = applied_migrations(using)
        objects = _count_lines(dump)
        names = list(media_names(storage))
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "objects": objects,
            "media": len(names),
            "migrations": migrations,
        }
        try:
            with tarfile.open(partial, "w:gz") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
                archive.add(dump, arcname=DATABASE)
                for name in names:
                    info = tarfile.TarInfo(MEDIA + name)
                    info.size = storage.size(name)
                    info.mtime = int(storage.get_modified_time(name).timestamp())
                    with storage.open(name, "rb") as file:
                        archive.addfile(info, file)
            os.replace(partial, path)  # never a truncated file under the name asked for
        finally:
            partial.unlink(missing_ok=True)
    return objects, len(names)


def _count_lines(path):
    with open(path, "rb") as file:
        return sum(1 for line in file if line.strip())


def site_has_data(using=DEFAULT_DB_ALIAS):
    User = get_user_model()
    models = [User] + [m for label in SITE_APPS for m in apps.get_app_config(label).get_models()]
    return any(model._base_manager.using(using).exists() for model in models)


def _safe_media_name(member):
    name = member.name.removeprefix(MEDIA)
    if not member.isfile() or not is_plain_name(name):
        raise BackupError(f"{member.name!r} is not a media file this site could have written.")
    return name


def _read_manifest(archive):
    first = archive.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise BackupError(f"This archive is not a backup of this site: it has no {MANIFEST}.")
    try:
        manifest = json.load(archive.extractfile(first))
    except ValueError:
        raise BackupError(f"{MANIFEST} can't be read.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format is not {FORMAT}, the one this site reads.")
    return manifest


def _check_migrations(manifest, using):
    ours, theirs = set(applied_migrations(using)), set(manifest.get("migrations", []))
    if ours == theirs:
        return
    latest = {}
    for migration in sorted(theirs):
        app, name = migration.split(".", 1)
        latest[app] = name
    steps = ", ".join(f"`migrate {app} {name}`" for app, name in sorted(latest.items()))
    raise BackupError(
        "This database's migrations are not those of the backup "
        f"({len(theirs - ours)} missing here, {len(ours - theirs)} not in the backup). "
        f"Restore onto a database migrated to the backup's state ({steps}) with the version "
        "of the site that made it, then migrate forward."
    )


def restore_backup(path, *, force=False, storage=default_storage, using=DEFAULT_DB_ALIAS):
    """Replace the database's rows and write the media from a backup; return (objects,
    media files). Refuses a database that already holds a site's data unless `force`."""
    if not Path(path).is_file():
        raise BackupError(f"{path} does not exist.")
    try:
        with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
            return _restore(archive, Path(work), force=force, storage=storage, using=using)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile):
        raise BackupError(f"{path} is not a .tar.gz backup, or it is damaged.") from None


def _restore(archive, work, *, force, storage, using):
    manifest = _read_manifest(archive)
    members = archive.getmembers()  # reads the whole archive once: a damaged one stops here
    database = [m for m in members if m.name == DATABASE and m.isfile()]
    if len(database) != 1:
        raise BackupError(f"This backup has no {DATABASE}.")
    unknown = [
        m.name
        for m in members
        if m.name not in {MANIFEST, DATABASE} and not m.name.startswith(MEDIA)
    ]
    if unknown:
        raise BackupError(f"This backup holds files no backup has: {', '.join(unknown)}.")
    media = [(m, _safe_media_name(m)) for m in members if m.name.startswith(MEDIA)]
    _check_migrations(manifest, using)
    if not force and site_has_data(using):
        raise BackupError(
            "This database already holds a site's data; a restore replaces all of it. "
            "Give --force to replace it."
        )
    dump = work / DATABASE
    with archive.extractfile(database[0]) as source, open(dump, "wb") as target:
        shutil.copyfileobj(source, target)
    # Rows and media together: if a media file can't be written, the rows stay as they were.
    with transaction.atomic(using=using):
        call_command("flush", interactive=False, database=using, verbosity=0)
        call_command("loaddata", str(dump), database=using, verbosity=0)
        for member, name in media:
            if storage.exists(name):
                storage.delete(name)
            with archive.extractfile(member) as content:
                saved = storage.save(name, File(content, name=name))
            if saved != name:
                raise BackupError(f"The storage kept {name} as {saved}.")
    return _count_lines(dump), len(media)
