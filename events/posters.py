"""What a poster may be: checked by the model, so the member form, the API and the admin
all refuse the same files with the same messages.

A poster is read by every visitor's browser: a small file can still decode to hundreds
of megabytes (an 8000×8000 PNG of 8 KB), so pixels are bounded as well as bytes.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

POSTER_MAX_BYTES = 5 * 1024 * 1024
# MPO is the JPEG variant many cameras write.
POSTER_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})
POSTER_MIN_SIDE = 200
POSTER_MAX_SIDE = 8000
POSTER_MAX_PIXELS = 25_000_000


def poster_help_text():
    return _(
        "Optional. A JPEG, PNG or WebP image of at most %(size)s, between %(min)s and "
        "%(max)s pixels wide and high, and at most %(megapixels)s million pixels."
    ) % {
        "size": filesizeformat(POSTER_MAX_BYTES),
        "min": POSTER_MIN_SIDE,
        "max": POSTER_MAX_SIDE,
        "megapixels": POSTER_MAX_PIXELS // 1_000_000,
    }


def validate_poster(value):
    """The model field's validator: a new upload is checked; a stored poster is not read."""
    # A FieldFile already in storage was checked when it came in; reading it again on
    # every save would fetch it from the storage for nothing.
    if not value or getattr(value, "_committed", False):
        return
    if value.size > POSTER_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s; a poster may be at most %(max)s."),
            params={"size": filesizeformat(value.size), "max": filesizeformat(POSTER_MAX_BYTES)},
            code="too_large",
        )
    position = value.tell() if hasattr(value, "tell") else 0
    try:
        value.seek(0)
        # Image.open reads the header only: size and format, without decoding the pixels.
        with Image.open(value) as image:
            image_format, (width, height) = image.format, image.size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image that can be read: send a JPEG, PNG or WebP image."),
            code="invalid_image",
        ) from None
    finally:
        value.seek(position)
    if image_format not in POSTER_FORMATS:
        raise ValidationError(
            _("A poster must be a JPEG, PNG or WebP image; this one is %(format)s."),
            params={"format": image_format},
            code="format",
        )
    if min(width, height) < POSTER_MIN_SIDE or max(width, height) > POSTER_MAX_SIDE:
        raise ValidationError(
            _(
                "This image is %(width)s×%(height)s pixels; a poster must be between "
                "%(min)s and %(max)s pixels wide and high."
            ),
            params={
                "width": width,
                "height": height,
                "min": POSTER_MIN_SIDE,
                "max": POSTER_MAX_SIDE,
            },
            code="dimensions",
        )
    if width * height > POSTER_MAX_PIXELS:
        raise ValidationError(
            _(
                "This image is %(width)s×%(height)s pixels; a poster may have at most "
                "%(megapixels)s million pixels."
            ),
            params={
                "width": width,
                "height": height,
                "megapixels": POSTER_MAX_PIXELS // 1_000_000,
            },
            code="pixels",
        )


# The resized versions of a poster (events.poster_versions), by use: the thumbnail of
# lists and cards, the medium size of the event's page; two widths each, for 1x and 2x.
POSTER_VERSION_WIDTHS = {"thumbnail": (160, 320), "medium": (480, 960)}


@dataclass(frozen=True)
class PosterImage:
    """One size of a poster as an <img> writes it: `src`, `srcset` with w descriptors, and
    the width and height of its smallest version (the aspect ratio the page reserves)."""

    src: str
    srcset: str
    width: int
    height: int


def poster_image(poster, versions, kind):
    """The `kind` version of `poster` from the event's `poster_versions`, or None when
    there is none made from this poster. Reads no file: names and sizes are on the event."""
    if not poster or not versions or versions.get("source") != poster.name:
        return None
    renditions = versions.get(kind) or []
    if not renditions:
        return None
    urls = [(default_storage.url(r["name"]), r["width"]) for r in renditions]
    return PosterImage(
        src=urls[0][0],
        srcset=", ".join(f"{url} {width}w" for url, width in urls),
        width=renditions[0]["width"],
        height=renditions[0]["height"],
    )
