"""A poster is resized once, when it is saved: lists show its thumbnail, the event's page its
medium size, each with srcset and dimensions; the original is sent to neither."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from events.models import Event
from tests.api.conftest import EVENTS, token_client
from tests.doors import admin_change_url, admin_form_data, image_file
from tests.factories import EventFactory, local

S = Event.Status
# A poster larger than every version: each size gets both its widths.
POSTER_SIZE = (1000, 1400)
EXPECTED = {
    "thumbnail": [(160, 224), (320, 448)],
    "medium": [(480, 672), (960, 1344)],
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def version_sizes(event):
    """{kind: [(width, height)]} as the stored files are, opened with Pillow."""
    sizes = {}
    for kind in ("thumbnail", "medium"):
        sizes[kind] = []
        for rendition in event.poster_versions[kind]:
            with default_storage.open(rendition["name"], "rb") as file, Image.open(file) as image:
                assert image.format == "WEBP"
                assert image.size == (rendition["width"], rendition["height"])
                sizes[kind].append(image.size)
    return sizes


def version_names(event):
    return [r["name"] for kind in ("thumbnail", "medium") for r in event.poster_versions[kind]]


def make_public(event):
    Event.objects.filter(pk=event.pk).update(
        status=S.APPROVED, approved_at=datetime.datetime(2023, 12, 1, tzinfo=datetime.UTC)
    )
    event.refresh_from_db()
    return event


def test_a_poster_sent_through_the_member_form_is_resized_once(
    member_client, event_form_data, media_root
):
    response = member_client.post(
        "/my/events/new/", event_form_data(poster=image_file(size=POSTER_SIZE))
    )

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.poster_versions["source"] == event.poster.name
    assert version_sizes(event) == EXPECTED
    stem = event.poster.name.removesuffix(".png")
    assert version_names(event) == [f"{stem}-{w}w.webp" for w in (160, 320, 480, 960)]
    assert stored_files(media_root) == sorted([event.poster.name, *version_names(event)])

    # Saving the event again without a new poster makes nothing again.
    before = event.poster_versions
    response = member_client.post(
        f"/my/events/{event.pk}/edit/", event_form_data(title="Another title", action="save")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Another title"
    assert event.poster_versions == before
    assert stored_files(media_root) == sorted([event.poster.name, *version_names(event)])


def test_a_small_poster_is_never_enlarged(member_client, event_form_data):
    member_client.post("/my/events/new/", event_form_data(poster=image_file(size=(300, 450))))

    event = Event.objects.get()
    assert version_sizes(event) == {"thumbnail": [(160, 240), (300, 450)], "medium": [(300, 450)]}


def test_a_poster_sent_through_the_api_is_resized(member, organization):
    event = EventFactory(organization=organization, status=S.DRAFT)

    response = token_client(member).patch(
        f"{EVENTS}{event.pk}/", {"poster": image_file(size=POSTER_SIZE)}, format="multipart"
    )

    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.poster_versions["source"] == event.poster.name
    assert version_sizes(event) == EXPECTED


def test_a_poster_sent_through_the_admin_is_resized(moderator_client, organization):
    event = EventFactory(organization=organization, status=S.APPROVED)

    response = moderator_client.post(
        admin_change_url(event), admin_form_data(event, poster=image_file(size=POSTER_SIZE))
    )

    assert response.status_code == 302, response.content
    event.refresh_from_db()
    assert event.poster_versions["source"] == event.poster.name
    assert version_sizes(event) == EXPECTED


def test_a_replaced_poster_gets_new_versions_and_the_old_ones_are_removed(
    member, organization, media_root, django_capture_on_commit_callbacks
):
    event = EventFactory(organization=organization, status=S.DRAFT)
    api = token_client(member)
    api.patch(f"{EVENTS}{event.pk}/", {"poster": image_file()}, format="multipart")
    event.refresh_from_db()
    old = version_names(event)
    assert all(default_storage.exists(name) for name in old)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(
            f"{EVENTS}{event.pk}/",
            {"poster": image_file("new.jpg", size=POSTER_SIZE, image_format="JPEG")},
            format="multipart",
        )

    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.poster.name.endswith("new.jpg")
    assert event.poster_versions["source"] == event.poster.name
    assert version_sizes(event) == EXPECTED
    assert not any(default_storage.exists(name) for name in old)
    assert set(old).isdisjoint(version_names(event))

    new = version_names(event)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(f"{EVENTS}{event.pk}/", {"poster": None}, format="json")

    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert not event.poster
    assert event.poster_versions == {}
    assert not any(default_storage.exists(name) for name in new)


def test_versions_shared_by_a_copy_stay_while_one_event_uses_them(
    member, organization, django_capture_on_commit_callbacks
):
    first = EventFactory(organization=organization, status=S.DRAFT)
    api = token_client(member)
    api.patch(f"{EVENTS}{first.pk}/", {"poster": image_file()}, format="multipart")
    first.refresh_from_db()
    # A copy (a series' occurrence) shares the poster's file, and so its versions.
    copy = EventFactory(organization=organization, status=S.DRAFT)
    from events.services import update_event

    update_event(copy, by=member, data={"poster": first.poster})
    assert copy.poster_versions == first.poster_versions

    with django_capture_on_commit_callbacks(execute=True):
        api.patch(f"{EVENTS}{first.pk}/", {"poster": None}, format="json")

    assert all(default_storage.exists(name) for name in version_names(copy))


@pytest.fixture
def public_event_with_poster(member, organization, commemoration):
    """An approved event on the anchor day whose poster came through the API."""
    event = EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Lenin and the national question",
        status=S.DRAFT,
        starts_at=local(2024, 1, 21, 18, zone="Europe/Paris"),
        timezone="Europe/Paris",
    )
    token_client(member).patch(
        f"{EVENTS}{event.pk}/", {"poster": image_file(size=POSTER_SIZE)}, format="multipart"
    )
    return make_public(event)


def thumbnail_tag(event):
    stem = "/media/" + event.poster.name.removesuffix(".png")
    return (
        f'<img class="event-thumb" src="{stem}-160w.webp" '
        f'srcset="{stem}-160w.webp 160w, {stem}-320w.webp 320w" '
        'sizes="(min-width: 40rem) 160px, 80px" width="160" height="224" '
        f'alt="Poster of {event.title}" loading="lazy" decoding="async">'
    )


@pytest.mark.parametrize("path", ["/events/", "/", "organization"])
def test_lists_show_the_thumbnail_and_never_the_original(
    client, public_event_with_poster, organization, path
):
    event = public_event_with_poster
    if path == "organization":
        path = organization.get_absolute_url()

    page = client.get(path).content.decode()

    assert thumbnail_tag(event) in page
    assert event.poster.url not in page


def test_the_thumbnail_is_titled_in_the_readers_language(client, public_event_with_poster):
    from events.translations import save_translation
    from tests.factories import committee_member

    save_translation(
        public_event_with_poster,
        by=committee_member(),
        language="es",
        data={"title": "Lenin y la cuestión nacional", "summary": "Una charla.", "reviewed": True},
    )

    page = client.get("/events/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert re.search(r'<img class="event-thumb"[^>]* alt="Cartel de Lenin y la cuestión', page)


def test_the_events_page_shows_the_medium_size_linking_to_the_original(
    client, public_event_with_poster
):
    event = public_event_with_poster
    stem = "/media/" + event.poster.name.removesuffix(".png")

    page = client.get(event.get_absolute_url()).content.decode()

    assert (
        f'<a href="{event.poster.url}"><img src="{stem}-480w.webp" '
        f'srcset="{stem}-480w.webp 480w, {stem}-960w.webp 960w" '
        'sizes="(min-width: 60rem) 30vw, (min-width: 40rem) 480px, 100vw" '
        'width="480" height="672" alt="Poster of Lenin and the national question"></a>'
    ) in page
    assert f'<img src="{event.poster.url}"' not in page


def list_queries(client):
    cache.clear()  # both measured alike, with what the list derives and keeps computed anew
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/events/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_list_costs_the_same_queries_and_reads_no_file_with_20_posters(
    client, public_event_with_poster, organization, commemoration, monkeypatch
):
    poster = public_event_with_poster
    Event.objects.filter(pk=poster.pk).update(poster="", poster_versions={})
    plain = [
        EventFactory(
            organization=organization,
            commemoration=commemoration,
            status=S.APPROVED,
            starts_at=local(2024, 1, 10 + n % 10, 18, zone="Europe/Paris"),
            timezone="Europe/Paris",
        )
        for n in range(20)
    ]
    without_posters, page = list_queries(client)
    assert 'class="event-thumb"' not in page

    # The same 20 events (and the first one), now with a poster and its versions.
    Event.objects.filter(pk__in=[e.pk for e in plain]).update(
        poster=poster.poster.name, poster_versions=poster.poster_versions
    )

    def no_file_reads(*args, **kwargs):
        raise AssertionError("The list read a file of the storage.")

    for method in ("open", "exists", "size", "listdir"):
        monkeypatch.setattr(FileSystemStorage, method, no_file_reads)
    with_posters, page = list_queries(client)

    assert page.count('class="event-thumb"') == 20
    assert with_posters == without_posters


def test_make_poster_versions_resizes_posters_saved_before_and_is_idempotent(
    organization, media_root
):
    upload = image_file(size=POSTER_SIZE)
    name = default_storage.save("posters/2023/12/old.png", upload)
    older = EventFactory(organization=organization, poster=name)
    removed = EventFactory(organization=organization, poster_versions={"source": "gone.png"})
    assert older.poster_versions == {}

    out = io.StringIO()
    call_command("make_poster_versions", stdout=out)

    older.refresh_from_db()
    removed.refresh_from_db()
    assert out.getvalue() == "Poster versions made or removed for 2 events.\n"
    assert version_sizes(older) == EXPECTED
    assert removed.poster_versions == {}
    files = stored_files(media_root)

    out = io.StringIO()
    call_command("make_poster_versions", stdout=out)

    assert out.getvalue() == "Poster versions made or removed for 0 events.\n"
    assert stored_files(media_root) == files


def test_make_poster_versions_names_a_poster_it_cannot_read(organization):
    event = EventFactory(organization=organization, poster="posters/2023/12/missing.png")

    out, err = io.StringIO(), io.StringIO()
    call_command("make_poster_versions", stdout=out, stderr=err)

    assert out.getvalue() == "Poster versions made or removed for 0 events.\n"
    assert err.getvalue().startswith(f"Event {event.pk}: its poster could not be read (")
    event.refresh_from_db()
    assert event.poster_versions == {}


def truncated_jpeg():
    """A JPEG whose header reads (type, size) but whose pixels stop halfway."""
    whole = image_file("cut.jpg", size=POSTER_SIZE, image_format="JPEG", noise=True).read()
    return SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg")


UNREADABLE = "This file is not an image that can be read: send a JPEG, PNG or WebP image."


def test_a_poster_whose_pixels_cannot_be_read_is_refused_by_the_form(
    member_client, event_form_data
):
    response = member_client.post("/my/events/new/", event_form_data(poster=truncated_jpeg()))

    assert response.status_code == 200
    assert response.context["form"].errors == {"poster": [UNREADABLE]}
    assert Event.objects.count() == 0


def test_a_poster_whose_pixels_cannot_be_read_is_refused_by_the_api(member, organization):
    event = EventFactory(organization=organization, status=S.DRAFT)

    response = token_client(member).patch(
        f"{EVENTS}{event.pk}/", {"poster": truncated_jpeg()}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json() == {"poster": [UNREADABLE]}
    event.refresh_from_db()
    assert not event.poster
    assert event.poster_versions == {}
