"""A poster is an image of a known type, size and dimensions, stored through the storage API."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Event
from tests.doors import image_file


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_poster_is_stored_and_shown_on_the_events_page(member_client, event_form_data):
    response = member_client.post("/my/events/new/", event_form_data(poster=image_file()))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.poster.name.startswith("posters/")
    assert event.poster.name.endswith(".png")
    assert default_storage.exists(event.poster.name)
    assert (event.poster.width, event.poster.height) == (400, 600)

    page = member_client.get(f"/my/events/{event.pk}/").content.decode()
    assert (
        f'<img src="/media/{event.poster.name}" alt="Poster of Lenin and the national question">'
        in page
    )


def _refused(client, data, field_error):
    response = client.post("/my/events/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"poster": [field_error]}
    page = response.content.decode()
    assert field_error.replace("'", "&#x27;") in page
    assert 'value="Lenin and the national question"' in page
    assert 'value="Bourse du travail"' in page
    assert Event.objects.count() == 0


def test_a_file_that_is_not_an_image_is_refused_and_the_form_kept(member_client, event_form_data):
    fake = SimpleUploadedFile("poster.png", b"%PDF-1.4 not an image", content_type="image/png")
    _refused(
        member_client,
        event_form_data(poster=fake),
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
    )


def test_a_too_large_poster_is_refused_and_the_form_kept(member_client, event_form_data):
    big = image_file(size=(1600, 1200), noise=True)
    assert big.size > 5 * 1024 * 1024
    _refused(
        member_client,
        event_form_data(poster=big),
        f"This file is {big.size / 1024 / 1024:.1f}\xa0MB; a poster may be at most 5.0\xa0MB.",
    )


def test_a_tiny_poster_is_refused(member_client, event_form_data):
    _refused(
        member_client,
        event_form_data(poster=image_file(size=(50, 80))),
        "This image is 50×80 pixels; a poster must be between 200 and 8000 pixels wide and high.",
    )


def test_a_gif_poster_is_refused(member_client, event_form_data):
    _refused(
        member_client,
        event_form_data(poster=image_file("poster.gif", image_format="GIF")),
        "A poster must be a JPEG, PNG or WebP image; this one is GIF.",
    )


def test_a_valid_poster_in_an_invalid_form_is_asked_for_again(member_client, event_form_data):
    response = member_client.post("/my/events/new/", event_form_data(title="", poster=image_file()))
    assert response.context["form"].errors == {"title": ["This field is required."]}
    assert "choose the poster again" in response.content.decode()
    assert Event.objects.count() == 0
