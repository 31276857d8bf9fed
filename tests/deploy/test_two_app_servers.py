"""Several app servers: two gunicorn servers in the production configuration, on two ports,
share one PostgreSQL database (the test database) and one Redis database. A decision or an
edit made through one is seen at once through the other, on the pages, the API and the
calendar feed, although each keeps answers in the shared cache."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.db import connection
from rest_framework.authtoken.models import Token

from events.models import Event
from events.services import submit_event
from tests.factories import EventFactory

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
REDIS = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/13")

pytestmark = [
    # The committee's group, made by a migration, is put back after each test's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several app servers share PostgreSQL; CI runs this on PostgreSQL",
    ),
]


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class AppServer:
    """`gunicorn --config gunicorn.conf.py`, as `make serve` starts it, on its own port."""

    def __init__(self, name, environment, log):
        self.name, self.port = name, free_port()
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**environment, "GUNICORN_BIND": f"{HOST}:{self.port}"},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if self.request("GET", "/api/v1/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"app server {self.name} did not start:\n{self.log.read_text()}")

    def request(self, method, address, body=None, token=None):
        headers = {"Host": HOST}
        if token:
            headers["Authorization"] = f"Token {token}"
        if body is not None:
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        link = http.client.HTTPConnection(HOST, self.port, timeout=20)
        try:
            link.request(method, address, body=body, headers=headers)
            response = link.getresponse()
            return response.status, response.read()
        finally:
            link.close()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The collected static files both servers serve, as `make serve` collects them."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env={**production_environment(), "STATIC_ROOT": str(root)},
        check=True,
    )
    return root


def production_environment():
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DEBUG", "DJANGO_", "DATABASE", "REDIS", "PUBLIC_ANSWER"))
    }
    database = connection.settings_dict
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return {
        **kept,
        "DJANGO_SETTINGS_MODULE": "commemoration.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": (
            f"postgres://{user}@{database['HOST'] or HOST}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": REDIS,
        "WEB_CONCURRENCY": "2",
        "API_THROTTLE_ANON": "100000/min",
        "API_THROTTLE_USER": "100000/min",
    }


@pytest.fixture
def shared_redis(settings):
    """The servers' Redis database, emptied, and this process's cache on it too: what the
    test writes through the ORM renews the version the servers read."""
    store = redis.Redis.from_url(REDIS, socket_timeout=5)
    try:
        store.flushdb()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS} is required for this test: {error}")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    }
    yield store
    store.flushdb()


@pytest.fixture(scope="module")
def started_servers(django_db_setup, static_root, tmp_path_factory):
    environment = {**production_environment(), "STATIC_ROOT": str(static_root)}
    logs = tmp_path_factory.mktemp("logs")
    servers = [AppServer(name, environment, logs / f"{name}.log") for name in ("one", "two")]
    try:
        for server in servers:
            server.wait_until_up()
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def two_servers(started_servers, shared_redis):
    return started_servers


@pytest.fixture
def waiting(commemoration, organization, member):
    event = EventFactory(
        commemoration=commemoration,
        organization=organization,
        title="Lantern walk by the river",
        status=Event.Status.DRAFT,
    )
    submit_event(event, by=member)
    return event


def addresses(event):
    query = urlencode({"starts_after": "2024-01-01", "starts_before": "2024-12-31"})
    return {
        "list": f"/events/?{query}",
        "calendar": "/calendar/2024/1/",
        "event page": event.get_absolute_url(),
        "api list": f"/api/v1/events/?{query}",
        "api event": f"/api/v1/events/{event.pk}/",
        "ics": f"/events.ics?{query}",
    }


def read_all(server, event):
    """Every public answer that shows the event, asked twice (the second may be kept)."""
    event.refresh_from_db()
    for _ in range(2):
        answers = {name: server.request("GET", a) for name, a in addresses(event).items()}
    return answers


def showing(answers, text):
    return {name for name, (status, body) in answers.items() if text.encode() in body}


def move(server, event, action, token, **body):
    status, answer = server.request("POST", f"/api/v1/events/{event.pk}/{action}/", body, token)
    assert status == 200, answer
    return json.loads(answer)


def test_a_decision_through_one_app_server_is_seen_at_once_through_the_other(
    two_servers, waiting, moderator, member
):
    one, two = two_servers
    committee = Token.objects.create(user=moderator).key
    everywhere = set(addresses(waiting))

    before = read_all(two, waiting)
    assert showing(before, "Lantern walk") == set()
    assert before["event page"][0] == before["api event"][0] == 404

    assert move(one, waiting, "approve", committee)["status"] == "approved"
    approved = read_all(two, waiting)
    assert {status for status, _ in approved.values()} == {200}
    assert showing(approved, "Lantern walk by the river") == everywhere

    status, _ = one.request(
        "PATCH", f"/api/v1/events/{waiting.pk}/", {"title": "Lantern walk to the bridge"}, committee
    )
    assert status == 200
    edited = read_all(two, waiting)
    assert showing(edited, "Lantern walk to the bridge") == everywhere
    assert showing(edited, "by the river") == set()

    # The other way round: a member cancels through the second server, seen on the first.
    cancelled = move(two, waiting, "cancel", Token.objects.create(user=member).key, reason="Ice.")
    assert cancelled["status"] == "cancelled"
    after = read_all(one, waiting)
    assert json.loads(after["api event"][1])["status"] == "cancelled"
    assert b"Ice." in after["event page"][1]
    assert b"STATUS:CANCELLED" in after["ics"][1]


def test_a_rejection_through_one_app_server_takes_the_event_off_the_other(
    two_servers, waiting, moderator
):
    one, two = two_servers
    committee = Token.objects.create(user=moderator).key
    move(two, waiting, "approve", committee)
    assert showing(read_all(one, waiting), "Lantern walk") == set(addresses(waiting))

    move(two, waiting, "reject", committee, reason="Listed twice.")
    rejected = read_all(one, waiting)

    assert showing(rejected, "Lantern walk") == set()
    assert rejected["event page"][0] == rejected["api event"][0] == 404
