"""A poster's resized versions, made once when the poster is saved.

A phone reading the list must not download an 800×1100 poster per event: beside the
original, the storage holds a thumbnail for lists and a medium size for the event's page,
each in two widths (for 1x and 2x screens). Their names and dimensions are kept on the
event (`Event.poster_versions`), so a page writes `srcset`, `width` and `height` without
reading a file. The versions record the poster they were made from: a new poster (a new
name in the storage) gets new versions, and versions no event uses any more are removed.

Events of a series, or a copy of an event, share their poster's file, and so its versions.
"""

import io
import posixpath
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

from events.models import Event
from events.posters import POSTER_VERSION_WIDTHS

VERSION_FORMAT = "WEBP"
VERSION_EXTENSION = ".webp"
VERSION_QUALITY = 80


class UnreadablePoster(Exception):
    """The poster's header could be read, its pixels not (a truncated or damaged file)."""


def make_poster_versions(event, *, storage=default_storage):
    """Make (or reuse, or remove) the versions of `event`'s poster as it is saved; records
    them on the event. Does nothing when they were made from this poster already; True when
    something changed. Inside the saving transaction: versions no longer used are deleted
    once it commits. Raises UnreadablePoster when the image cannot be decoded."""
    old = event.poster_versions or {}
    source = event.poster.name if event.poster else ""
    if old.get("source", "") == source:
        return False
    new = {}
    if source:
        shared = (
            Event.objects.filter(poster=source, poster_versions__source=source)
            .exclude(pk=event.pk)
            .values_list("poster_versions", flat=True)
            .first()
        )
        try:
            new = shared or _render(source, storage)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            raise UnreadablePoster(str(error)) from error
    Event.objects.filter(pk=event.pk).update(poster_versions=new)
    event.poster_versions = new
    if old.get("source"):
        transaction.on_commit(partial(_remove_if_unused, old, storage))
    return True


def version_names(versions):
    """Every stored name of a `poster_versions` value."""
    return [
        rendition["name"] for kind in POSTER_VERSION_WIDTHS for rendition in versions.get(kind, [])
    ]


def _remove_if_unused(versions, storage):
    if Event.objects.filter(poster_versions__source=versions["source"]).exists():
        return
    for name in version_names(versions):
        storage.delete(name)


def _widths(targets, width):
    """The target widths below the original's, and the original's own in place of those
    above it: an image is never enlarged, and each size has a 2x width when it can."""
    chosen = [target for target in targets if target < width]
    if len(chosen) < len(targets):
        chosen.append(width)
    return chosen


def _render(source, storage):
    with storage.open(source, "rb") as file, Image.open(file) as original:
        # Decoding a large JPEG at a fraction of its size is much faster, and enough.
        widest = max(max(widths) for widths in POSTER_VERSION_WIDTHS.values())
        original.draft("RGB", (widest, widest))
        image = ImageOps.exif_transpose(original)
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    stem = posixpath.splitext(source)[0]
    versions = {"source": source}
    for kind, targets in POSTER_VERSION_WIDTHS.items():
        versions[kind] = []
        for width in _widths(targets, image.width):
            height = max(1, round(image.height * width / image.width))
            buffer = io.BytesIO()
            image.resize((width, height), Image.Resampling.LANCZOS).save(
                buffer, format=VERSION_FORMAT, quality=VERSION_QUALITY
            )
            name = storage.save(
                f"{stem}-{width}w{VERSION_EXTENSION}", ContentFile(buffer.getvalue())
            )
            versions[kind].append({"name": name, "width": width, "height": height})
    return versions


def make_missing_poster_versions(*, storage=default_storage):
    """Versions for every event whose poster has none made from it (posters saved before
    versions existed, a restored database), and none for an event without a poster.

    Idempotent: a second run does nothing. Returns (events changed, [(event id, reason)]
    of the posters that could not be read)."""
    stale = Event.objects.exclude(poster="") | Event.objects.filter(poster="").exclude(
        poster_versions={}
    )
    from events.services import touch_event  # noqa: PLC0415 (services make versions too)

    changed, failed = 0, []
    for event in stale.only("pk", "poster", "poster_versions").order_by("pk").iterator():
        if (event.poster_versions or {}).get("source", "") == event.poster.name:
            continue
        try:
            with transaction.atomic():
                if make_poster_versions(event, storage=storage):
                    changed += 1
                    # What shows the poster's versions (a card kept under the event's last
                    # change, a page kept for the data version) is written again.
                    touch_event(event.pk)
        except (OSError, UnreadablePoster) as error:
            failed.append((event.pk, str(error) or type(error).__name__))
    return changed, failed
