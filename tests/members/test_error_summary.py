"""A form that comes back with errors starts with a summary: each error, a link to its field."""

import html
import re

from events.models import Event
from tests.factories import EventFactory, UserFactory

S = Event.Status


def error_summary(page):
    """The summary's heading and its items, as (link target or None, text)."""
    found = re.search(
        r'<div class="error-summary" role="alert" tabindex="-1" '
        r'aria-labelledby="error-summary-heading" autofocus>\s*'
        r'<h2 id="error-summary-heading">(.*?)</h2>\s*<ul>(.*?)</ul>',
        page,
        re.S,
    )
    assert found, "no error summary on the page"
    heading, items = found.groups()
    rows = []
    for item in re.findall(r"<li>(.*?)</li>", items, re.S):
        link = re.fullmatch(r'<a href="#([^"]+)">(.*)</a>', item.strip(), re.S)
        target, text = (link.group(1), link.group(2)) if link else (None, item.strip())
        rows.append((target, html.unescape(text)))
    return html.unescape(heading), rows


def ids_on(page):
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_event_form_summary_links_each_error_to_its_field(member_client, event_form_data):
    response = member_client.post(
        "/my/events/new/",
        event_form_data(
            title="",
            attendance="both",
            online_url="not a link",
            latitude="48.85",
            languages=[],
            ends_time="17:00",
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    heading, rows = error_summary(page)
    assert heading == "Please correct the errors below."
    # In the order of the page.
    assert rows == [
        ("id_title", "Title: This field is required."),
        (
            "id_ends_time",
            "End time: The end is before the start. If it ends after midnight, give the end date.",
        ),
        ("id_online_url", "Online link: Enter a valid URL."),
        ("id_longitude", "Longitude: Give both latitude and longitude, or neither."),
        # A group of check boxes is reached through its first choice.
        ("id_languages_0_0", "Languages: This field is required."),
    ]
    # Every link leads to an element of the page.
    assert {target for target, _text in rows} <= ids_on(page)
    assert Event.objects.count() == 0


def test_event_form_summary_reaches_a_radio_group_through_its_first_choice(
    member_client, event_form_data
):
    response = member_client.post("/my/events/new/", event_form_data(attendance="by pigeon"))

    heading, rows = error_summary(response.content.decode())
    assert heading == "Please correct the error below."
    assert rows == [
        (
            "id_attendance_0",
            "How people take part: Select a valid choice. by pigeon is not one of the "
            "available choices.",
        )
    ]
    assert 'id="id_attendance_0"' in response.content.decode()


def test_cancel_form_summary_links_the_missing_reason(member_client, organization, commemoration):
    event = EventFactory(organization=organization, commemoration=commemoration, status=S.APPROVED)

    response = member_client.post(f"/my/events/{event.pk}/cancel/", {"reason": " "})

    page = response.content.decode()
    assert error_summary(page) == (
        "Please correct the error below.",
        [("id_reason", "Why is it cancelled?: This field is required.")],
    )
    assert 'id="id_reason"' in page
    event.refresh_from_db()
    assert event.status == S.APPROVED


def test_join_form_summary_links_each_field_in_error(client, organization):
    response = client.post(
        "/accounts/join/",
        {
            "name": "",
            "email": "eva@",
            "password1": "a long enough passphrase",
            "password2": "another long passphrase",
            "organization": organization.pk,
        },
    )

    assert response.status_code == 200
    heading, rows = error_summary(response.content.decode())
    assert heading == "Please correct the errors below."
    assert rows == [
        ("id_name", "Your name: This field is required."),
        ("id_email", "E-mail address: Enter a valid email address."),
        ("id_password2", "Password again: The two passwords are not the same."),
    ]


def test_log_in_summary_lists_a_wrong_password_without_a_link(client, db):
    UserFactory(username="eva")

    response = client.post("/accounts/login/", {"username": "eva", "password": "wrong"})

    assert error_summary(response.content.decode()) == (
        "Please correct the error below.",
        [
            (
                None,
                "Please enter a correct e-mail address or username and password. Note that "
                "both fields may be case-sensitive.",
            )
        ],
    )


def test_a_form_without_errors_has_no_summary(member_client):
    page = member_client.get("/my/events/new/").content.decode()

    assert "error-summary" not in page
