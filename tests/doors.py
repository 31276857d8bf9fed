"""The three doors through which people edit an event, each played as a person would:
the member form (/my/), the API (a member's token) and the admin (the committee).

Each door's `edit(event, **changes)` posts the event as it stands with `changes` applied,
named as the model names them (`title`, `day`, `poster`), and returns the response.
"""

import io
import os

from django.contrib.messages import constants, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def image_file(name="poster.png", size=(400, 600), image_format="PNG", noise=False):
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (164, 22, 26))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def admin_change_url(event):
    return f"/admin/events/event/{event.pk}/change/"


def admin_form_data(event, **changes):
    """What the admin's change form posts for `event` unchanged, with `changes` applied."""
    starts, ends = event.local_starts_at, event.local_ends_at
    data = {
        "commemoration": event.commemoration_id,
        "organization": event.organization_id,
        "title": event.title,
        "kind": event.kind,
        "summary": event.summary,
        "description": event.description,
        "languages": event.languages,
        "contact": event.contact,
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": starts.strftime("%H:%M:%S"),
        "ends_at_0": ends.strftime("%Y-%m-%d"),
        "ends_at_1": ends.strftime("%H:%M:%S"),
        "timezone": event.timezone,
        "venue": event.venue,
        "address": event.address,
        "city": event.city,
        "country": event.country.code,
        "latitude": "" if event.latitude is None else str(event.latitude),
        "longitude": "" if event.longitude is None else str(event.longitude),
        "online_url": event.online_url,
        "co_organizers": [o.pk for o in event.co_organizers.all()],
        "moderation_records-TOTAL_FORMS": "0",
        "moderation_records-INITIAL_FORMS": "0",
        "co_organizer_invitations-TOTAL_FORMS": "0",
        "co_organizer_invitations-INITIAL_FORMS": "0",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    return {**data, **changes}


def member_form_data(event, **changes):
    """What the member's event form posts for `event` unchanged, with `changes` applied."""
    starts, ends = event.local_starts_at, event.local_ends_at
    attendance = (
        "both"
        if event.is_online and event.is_in_person
        else "online"
        if event.is_online
        else "in_person"
    )
    data = {
        "organization": event.organization_id,
        "commemoration": event.commemoration_id,
        "title": event.title,
        "kind": event.kind,
        "summary": event.summary,
        "description": event.description,
        "languages": event.languages,
        "starts_on": starts.strftime("%Y-%m-%d"),
        "starts_time": starts.strftime("%H:%M"),
        "ends_on": "" if ends.date() == starts.date() else ends.strftime("%Y-%m-%d"),
        "ends_time": ends.strftime("%H:%M"),
        "timezone": event.timezone,
        "attendance": attendance,
        "venue": event.venue,
        "address": event.address,
        "city": event.city,
        "country": event.country.code,
        "latitude": "" if event.latitude is None else str(event.latitude),
        "longitude": "" if event.longitude is None else str(event.longitude),
        "online_url": event.online_url,
        "contact": event.contact,
        "co_organizers": [o.pk for o in event.co_organizers.all()],
        "action": "save",
    }
    return {**data, **changes}


class MemberFormDoor:
    name = "member form"

    def __init__(self, client, user):
        client.force_login(user)
        self.client = client

    def edit(self, event, *, title=None, day=None, time=None, poster=None):
        changes = {}
        if title is not None:
            changes["title"] = title
        if day is not None:
            changes["starts_on"] = day
            changes["ends_on"] = ""
        if time is not None:
            changes["starts_time"], changes["ends_time"] = time
        if poster is not None:
            changes["poster"] = poster
        return self.client.post(f"/my/events/{event.pk}/edit/", member_form_data(event, **changes))


class ApiDoor:
    name = "API"

    def __init__(self, client, user):
        self.client = APIClient()
        self.client.credentials(
            HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}"
        )

    def edit(self, event, *, title=None, day=None, time=None, poster=None):
        url = f"/api/v1/events/{event.pk}/"
        if poster is not None:
            return self.client.patch(url, {"poster": poster}, format="multipart")
        body = {}
        if title is not None:
            body["title"] = title
        if day is not None or time is not None:
            local_day = day or event.local_starts_at.strftime("%Y-%m-%d")
            start, end = time or (
                event.local_starts_at.strftime("%H:%M"),
                event.local_ends_at.strftime("%H:%M"),
            )
            body["starts_at"] = f"{local_day}T{start}:00"
            body["ends_at"] = f"{local_day}T{end}:00"
        return self.client.patch(url, body, format="json")


class AdminDoor:
    name = "admin"

    def __init__(self, client, user):
        client.force_login(user)
        self.client = client

    def edit(self, event, *, title=None, day=None, time=None, poster=None):
        changes = {}
        if title is not None:
            changes["title"] = title
        if day is not None:
            changes["starts_at_0"] = changes["ends_at_0"] = day
        if time is not None:
            changes["starts_at_1"], changes["ends_at_1"] = (f"{t}:00" for t in time)
        if poster is not None:
            changes["poster"] = poster
        return self.client.post(admin_change_url(event), admin_form_data(event, **changes))


def outcome(response):
    """ "saved" or "refused", as the door said it to the person; anything else fails the test.

    The API answers 200 or 400. A form comes back (200) with its errors, or redirects
    (302) with a message: an error message when it refused (the member area does not open
    the form of an event that cannot be edited; the admin says so when the event moved
    between the form's check and the save).
    """
    code = response.status_code
    if response.get("Content-Type", "").startswith("application/json"):
        return {200: "saved", 400: "refused"}.get(code, f"HTTP {code}: {response.content!r}")
    if code == 200:
        context = response.context
        form = context["adminform"].form if "adminform" in context else context.get("form")
        return "refused" if form is not None and form.errors else "200 without errors"
    if code == 302:
        levels = {m.level for m in get_messages(response.wsgi_request)}
        return "refused" if constants.ERROR in levels else "saved"
    return f"HTTP {code}"


def refusal_text(response):
    """What the person was told: the errors of a form or of the API, or the messages."""
    if response.get("Content-Type", "").startswith("application/json"):
        return str(response.json())
    if response.status_code == 200:
        context = response.context
        form = context["adminform"].form if "adminform" in context else context["form"]
        return " ".join(message for messages in form.errors.values() for message in messages)
    return " ".join(str(m) for m in get_messages(response.wsgi_request))
