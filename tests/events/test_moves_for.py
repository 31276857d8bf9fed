"""What each person is offered on each event equals what events.services.moves_for()
allows: the member area's buttons, the admin's buttons and the API's `allowed_moves`."""

import re

import pytest

from events.models import Event
from events.services import moves_for
from tests.api.conftest import token_client
from tests.factories import EventFactory

S = Event.Status
pytestmark = pytest.mark.django_db

EXPECTED = {
    # status: (member of the host, member of another organization, committee)
    S.DRAFT: ({"submit"}, set(), set()),
    S.SUBMITTED: ({"withdraw"}, set(), {"approve", "reject"}),
    S.APPROVED: ({"withdraw", "cancel"}, set(), {"reject"}),
    S.REJECTED: ({"submit", "withdraw"}, set(), set()),
    S.CANCELLED: (set(), set(), set()),
}


def codes(event, user):
    return {move.code for move in moves_for(event, user)}


def member_area_buttons(client, event):
    response = client.get(f"/my/events/{event.pk}/")
    if response.status_code == 404:
        return set()
    assert response.status_code == 200
    return set(re.findall(r'data-move="([a-z_]+)"', response.content.decode()))


def admin_buttons(client, event):
    response = client.get(f"/admin/events/event/{event.pk}/change/")
    if response.status_code in (302, 403, 404):
        return set()
    assert response.status_code == 200
    return set(re.findall(r'class="event-move" data-move="([a-z_]+)"', response.content.decode()))


def api_allowed_moves(user, event):
    response = token_client(user).get(f"/api/v1/events/{event.pk}/")
    if response.status_code == 404:
        return set()
    assert response.status_code == 200
    return set(response.json()["allowed_moves"])


@pytest.mark.parametrize("status", list(EXPECTED))
def test_every_door_offers_exactly_the_moves_the_services_allow(
    status, client, organization, member, outsider, moderator
):
    event = EventFactory(organization=organization, status=status)
    for person, expected in zip((member, outsider, moderator), EXPECTED[status], strict=True):
        assert codes(event, person) == expected, (status, person.username)
        client.force_login(person)
        assert member_area_buttons(client, event) == (
            expected & {"submit", "withdraw", "cancel"}
        ), (status, person.username, "member area")
        assert admin_buttons(client, event) == (expected if person.is_staff else set()), (
            status,
            person.username,
            "admin",
        )
        visible = event.is_public or person in (member, moderator)
        assert api_allowed_moves(person, event) == (expected if visible else set()), (
            status,
            person.username,
            "API",
        )
        client.logout()


def test_a_move_that_moves_for_does_not_list_is_refused_at_the_api(organization, outsider, member):
    event = EventFactory(organization=organization, status=S.APPROVED)

    # Bob belongs to another organization; Alice may cancel but not approve.
    assert (
        token_client(outsider)
        .post(f"/api/v1/events/{event.pk}/cancel/", {"reason": "Not ours."})
        .status_code
        == 404
    )
    assert token_client(member).post(f"/api/v1/events/{event.pk}/approve/").status_code == 403
    assert Event.objects.get(pk=event.pk).status == S.APPROVED
