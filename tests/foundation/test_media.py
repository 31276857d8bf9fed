"""Uploaded files (posters) are served through the storage API with DEBUG off, as a live
site runs: the public page's og:image and <img> links answer with the stored bytes."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from PIL import Image

from events.models import Event
from tests.factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png_bytes(size=(400, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (164, 22, 26)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def event_with_poster(commemoration, organization):
    event = EventFactory(
        commemoration=commemoration, organization=organization, status=Event.Status.APPROVED
    )
    event.poster.save("poster.png", ContentFile(png_bytes()))
    return event


def body(response):
    return b"".join(response.streaming_content)


@override_settings(DEBUG=False)
def test_with_debug_off_the_posters_url_answers_with_the_image(client, event_with_poster):
    response = client.get(event_with_poster.poster.url)

    assert event_with_poster.poster.url == f"/media/{event_with_poster.poster.name}"
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=2592000"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == png_bytes()


@override_settings(DEBUG=False)
def test_with_debug_off_the_event_pages_og_image_link_works(client, event_with_poster):
    page = client.get(event_with_poster.get_absolute_url()).content.decode()
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', page)[1]

    assert og_image == f"http://testserver/media/{event_with_poster.poster.name}"
    response = client.get(og_image.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert body(response) == png_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/media/posters/missing.png",
        "/media/posters/",
        "/media/posters",
        "/media/../commemoration/settings.py",
        "/media/%2e%2e/commemoration/settings.py",
        "/media/posters/..%2f..%2fmanage.py",
        "/media//etc/passwd",
        "/media/posters\\..\\..\\manage.py",
    ],
)
def test_a_missing_file_or_a_path_outside_the_media_is_not_found(client, media_root, path):
    (media_root / "posters").mkdir()
    (media_root / "posters" / "kept.png").write_bytes(png_bytes())

    with override_settings(DEBUG=False):
        response = client.get(path)

    assert response.status_code == 404


def test_a_stored_file_that_is_not_an_image_is_only_offered_as_a_download(client):
    name = default_storage.save("posters/page.html", ContentFile(b"<script>alert(1)</script>"))

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="page.html"'


def test_media_cannot_be_posted_to(client, event_with_poster):
    response = client.post(event_with_poster.poster.url)

    assert response.status_code == 405
    assert default_storage.exists(event_with_poster.poster.name)
