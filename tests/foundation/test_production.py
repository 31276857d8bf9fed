"""The README's production sequence, run as written: `make serve` with DEBUG off migrates,
collects the static files and starts gunicorn, which serves pages, their CSS, the API and
the posters. One subprocess test of a few seconds (collectstatic is most of it)."""

import http.client
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.foundation.test_settings import SITE_VARIABLES

ROOT = Path(__file__).resolve().parents[2]
HOST = "events.example.org"
START_TIMEOUT = 120  # seconds; a loaded two-core machine collects static files slowly


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (400, 600), (164, 22, 26)).save(buffer, format="PNG")
    return buffer.getvalue()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(server, port, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"make serve stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not start listening in time:\n{log.read_text()}")


@pytest.fixture
def site_root(tmp_path):
    """Where the production site keeps its files: database, static files, media."""
    (tmp_path / "media" / "posters").mkdir(parents=True)
    (tmp_path / "media" / "posters" / "rally.png").write_bytes(png_bytes())
    return tmp_path


@pytest.fixture
def port(site_root):
    """`make serve` with DEBUG off on a free port; stopped after the test."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in SITE_VARIABLES},
        "DJANGO_SETTINGS_MODULE": "commemoration.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "-not-a-real-key-but-long-enough",
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": f"sqlite:///{site_root / 'db.sqlite3'}",
        "STATIC_ROOT": str(site_root / "static"),
        "MEDIA_ROOT": str(site_root / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    log = site_root / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"PY={sys.executable}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make and gunicorn in a group of their own
        )
        try:
            wait_until_listening(server, port, log)
            yield port
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def get(port, path, proxied=True):
    """A request as the TLS-terminating proxy in front of gunicorn passes it on."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": HOST, **({"X-Forwarded-Proto": "https"} if proxied else {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def test_make_serve_runs_the_site_with_debug_off(port, site_root):
    home, page = get(port, "/")
    assert home.status == 200
    assert home.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    stylesheet = re.search(
        r'<link rel="stylesheet" href="/static/(css/site\.[0-9a-f]{12}\.css)">', page.decode()
    )
    assert stylesheet, page[:2000]

    css, content = get(port, f"/static/{stylesheet[1]}")
    assert css.status == 200
    assert css.getheader("Content-Type").startswith("text/css")
    # The file collectstatic wrote, which WhiteNoise serves under its hashed name.
    assert content == (site_root / "static" / stylesheet[1]).read_bytes()
    assert b"{" in content

    events, _ = get(port, "/events/")
    assert events.status == 200
    api, content = get(port, "/api/v1/events/")
    assert (api.status, api.getheader("Content-Type")) == (200, "application/json")
    assert b'"results":[]' in content

    poster, content = get(port, "/media/posters/rally.png")
    assert (poster.status, poster.getheader("Content-Type")) == (200, "image/png")
    assert content == png_bytes()

    plain, _ = get(port, "/events/", proxied=False)
    assert (plain.status, plain.getheader("Location")) == (301, f"https://{HOST}/events/")
