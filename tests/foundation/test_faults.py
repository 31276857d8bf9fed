"""Redis or the database out of reach: reads still answer, or a clear 503, never a 500."""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection

from commemoration import cache as tolerant_cache
from events.models import Event
from tests.factories import EventFactory
from tests.faults import HangingServer, closed_port

ROOT = Path(__file__).resolve().parents[2]
READS = ["/", "/events/", "/events.ics", "/api/v1/events/"]


@pytest.fixture
def approved(organization, commemoration):
    return EventFactory(
        organization=organization,
        commemoration=commemoration,
        status=Event.Status.APPROVED,
        title="Lecture on the national question",
    )


@pytest.fixture
def redis_at(settings, monkeypatch):
    """settings.CACHES as commemoration/settings.py builds them for this REDIS_URL."""
    monkeypatch.setattr(tolerant_cache, "_down_until", {})

    def use(port):
        monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{port}/12")
        settings.CACHES = runpy.run_path(str(ROOT / "commemoration" / "settings.py"))["CACHES"]

    return use


def read_everything(client):
    return [(path, client.get(path)) for path in READS]


def test_reads_answer_while_redis_refuses_connections(client, approved, redis_at):
    redis_at(closed_port())

    for path, response in read_everything(client):
        assert response.status_code == 200, path
        assert approved.title in response.getvalue().decode(), path


def test_a_hanging_redis_costs_one_timeout_then_is_left_alone(
    client, approved, redis_at, monkeypatch
):
    monkeypatch.setattr(tolerant_cache, "RETRY_AFTER", 60)
    with HangingServer() as hanging:
        redis_at(hanging.port)
        answers = [(path, response.status_code) for path, response in read_everything(client)]
        # The API's throttle and the .ics cache would each have waited for it again.
        assert hanging.connections == 1

    assert answers == [(path, 200) for path in READS]


def refuse(*args, **kwargs):
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )


@pytest.fixture
def database_down(db):
    """Every new query fails as it does when PostgreSQL refuses connections."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        yield


def test_a_page_says_the_site_is_unavailable_while_the_database_is(database_down, client):
    for path in ("/", "/events/", "/organizations/"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "30"
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert "<h1>Temporarily unavailable</h1>" in response.getvalue().decode()


def test_the_unavailable_page_is_in_the_visitors_language(database_down, client):
    response = client.get("/events/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 503
    assert '<html lang="fr" dir="ltr">' in response.getvalue().decode()
    assert "<h1>Momentanément indisponible</h1>" in response.getvalue().decode()


def test_the_api_answers_503_in_json_while_the_database_is_down(database_down, client):
    response = client.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "El servicio no está disponible por el momento; inténtelo más tarde."
    }


# Run by a separate Python: the production settings, a PostgreSQL address that fails.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
responses = [Client().get(path) for path in ("/", "/api/v1/events/")]
print(json.dumps({
    "connect_timeout": settings.DATABASES["default"]["OPTIONS"]["connect_timeout"],
    "answers": [[r.status_code, r.get("Retry-After")] for r in responses],
}))
"""


def probe_site_with_database_at(port):
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "commemoration.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/unreachable",
        "DATABASE_CONNECT_TIMEOUT": "1",
        "SECRET_KEY": "x" * 60 + "-not-a-real-key-but-long-enough",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
    }
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_postgresql_that_refuses_connections_gives_503_not_500():
    assert probe_site_with_database_at(closed_port()) == {
        "connect_timeout": 1,
        "answers": [[503, "30"], [503, "30"]],
    }


def test_a_postgresql_that_hangs_gives_503_after_the_connect_timeout():
    with HangingServer(give_up=20) as hanging:
        answers = probe_site_with_database_at(hanging.port)["answers"]
        assert hanging.connections >= 1

    assert answers == [[503, "30"], [503, "30"]]
