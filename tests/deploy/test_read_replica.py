"""The optional read replica: the anonymous public's GET and HEAD read from it, every
other request from the primary. The replica here is the test database itself under a
second alias (tests/settings.py), so that which connection ran a query is what is seen."""

import json

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from commemoration.routers import ReplicaRouter
from events.models import Event
from tests.factories import EventFactory, UserFactory
from tests.foundation.test_settings import production, run_check

REPLICA_MIDDLEWARE = "commemoration.middleware.PublicReadsFromReplicaMiddleware"

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


@pytest.fixture
def routed(settings):
    """The settings DATABASE_REPLICA_URL gives: the router, and the middleware after
    authentication."""
    settings.DATABASE_ROUTERS = ["commemoration.routers.ReplicaRouter"]
    middleware = list(django_settings.MIDDLEWARE)
    after_otp = middleware.index("django_otp.middleware.OTPMiddleware") + 1
    middleware.insert(after_otp, REPLICA_MIDDLEWARE)
    settings.MIDDLEWARE = middleware


@pytest.fixture
def public_event(organization, commemoration):
    return EventFactory(
        organization=organization,
        commemoration=commemoration,
        title="Evening at the replica",
        status=Event.Status.APPROVED,
    )


class Queries:
    """The SQL each alias ran within the block."""

    def __enter__(self):
        self.default = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])
        self.default.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.default.__exit__(*exc)


def test_an_anonymous_get_reads_only_from_the_replica(routed, client, public_event, settings):
    # Answers not kept for everyone (no shared cache): built from the replica's rows.
    settings.PUBLIC_ANSWERS_SHARED = False
    with Queries() as queries:
        page = client.get(public_event.get_absolute_url())
        listing = client.get("/api/v1/events/", {"starts_after": "2024-01-01"})

    assert page.status_code == 200
    assert "Evening at the replica" in page.content.decode()
    assert [row["title"] for row in listing.json()["results"]] == ["Evening at the replica"]
    assert len(queries.replica) > 0
    assert [query["sql"] for query in queries.default] == []


def test_an_answer_kept_for_everyone_is_built_from_the_primary(routed, client, public_event):
    # A lagging replica's rows kept under the new data version would be a stale decision
    # served to everyone until the answer expires.
    with Queries() as queries:
        page = client.get(public_event.get_absolute_url())
        listing = client.get("/api/v1/events/", {"starts_after": "2024-01-01"})
    with Queries() as again:
        kept = client.get(public_event.get_absolute_url())

    assert "Evening at the replica" in page.content.decode()
    assert [row["title"] for row in listing.json()["results"]] == ["Evening at the replica"]
    assert len(queries.default) > 0
    assert [query["sql"] for query in queries.replica] == []
    assert "Evening at the replica" in kept.content.decode()
    assert (len(again.default), len(again.replica)) == (0, 0)


def test_an_anonymous_post_uses_only_the_primary(routed, client, public_event):
    with Queries() as queries:
        response = client.post(
            "/accounts/login/", {"username": "nobody", "password": "wrong-password"}
        )

    assert response.status_code == 200  # the form again, with its error
    assert len(queries.default) > 0
    assert [query["sql"] for query in queries.replica] == []


def test_a_signed_in_members_get_uses_only_the_primary(routed, client, member, public_event):
    client.force_login(member)

    with Queries() as queries:
        page = client.get(public_event.get_absolute_url())
        own = client.get("/my/")

    assert page.status_code == 200
    assert own.status_code == 200
    assert len(queries.default) > 0
    assert [query["sql"] for query in queries.replica] == []


def test_the_api_with_a_token_uses_only_the_primary(routed, client, member, public_event):
    token = Token.objects.create(user=member)

    with Queries() as queries:
        response = client.get(
            f"/api/v1/events/{public_event.pk}/", headers={"Authorization": f"Token {token.key}"}
        )

    assert response.status_code == 200
    assert response.json()["title"] == "Evening at the replica"
    assert len(queries.default) > 0
    assert [query["sql"] for query in queries.replica] == []


def test_without_the_middleware_every_read_uses_the_primary(settings, client, public_event):
    settings.DATABASE_ROUTERS = ["commemoration.routers.ReplicaRouter"]

    with Queries() as queries:
        response = client.get(public_event.get_absolute_url())

    assert response.status_code == 200
    assert len(queries.default) > 0
    assert [query["sql"] for query in queries.replica] == []


def test_the_router_writes_and_migrates_only_the_primary_and_relates_both():
    router = ReplicaRouter()
    on_replica = UserFactory.build()
    on_replica._state.db = "replica"
    on_primary = UserFactory.build()
    on_primary._state.db = "default"

    assert router.db_for_write(Event) == "default"
    assert router.db_for_read(Event) == "default"  # outside a public request
    assert router.allow_migrate("default", "events") is True
    assert router.allow_migrate("replica", "events") is False
    assert router.allow_relation(on_replica, on_primary) is True


SHOW_DATABASES = (
    "import json; from django.conf import settings; "
    "print(json.dumps([sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
    "[m for m in settings.MIDDLEWARE if 'otp' in m or 'Replica' in m], "
    "settings.DATABASES.get('replica', {}).get('NAME')]))"
)


def test_database_replica_url_adds_the_alias_the_router_and_the_middleware():
    result = run_check(
        "shell",
        "-c",
        SHOW_DATABASES,
        **production(DATABASE_REPLICA_URL="postgres://reader@replica.example.org:5432/events"),
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        ["default", "replica"],
        ["commemoration.routers.ReplicaRouter"],
        ["django_otp.middleware.OTPMiddleware", REPLICA_MIDDLEWARE],
        "events",
    ]


def test_without_database_replica_url_there_is_no_replica_and_no_router():
    result = run_check("shell", "-c", SHOW_DATABASES, **production())

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        ["default"],
        [],
        ["django_otp.middleware.OTPMiddleware"],
        None,
    ]
