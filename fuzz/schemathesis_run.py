"""Schemathesis against the running site: every API operation, read and written as a member.

Run with `.venv/bin/python fuzz/schemathesis_run.py` (CI runs it after the test suites).
It builds a throwaway database (an SQLite file in a temporary folder, or, when
DATABASE_URL names a PostgreSQL server, a database of its own there, dropped at the end),
migrates it, loads the demo data and gives the demo member an API token, serves the site
with DEBUG off (tests.settings: production settings, no throttling) on a free local port,
and runs Schemathesis on /api/schema/ with that token, a fixed seed and a bounded number
of cases per operation. It prints the operations, the cases and the failures, and exits
non-zero on any failure: a server error, a status code or a body the schema does not
describe.

Options: --max-examples N (cases per operation and phase, default 15), --seed N.
"""

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEED = 20240121
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
# The examples in the schema, the boundaries of every parameter (coverage), then random
# valid and invalid cases (fuzzing). The stateful phase needs OpenAPI links, which the
# schema has none of.
PHASES = "examples,coverage,fuzzing"


# The coverage phase tries each parameter's boundaries; methods the API does not offer
# (405 for each) and repeated parameters would double its cases for little.
CONFIG = """\
[parameters]
"path.id" = {event_id}

[phases.coverage]
unexpected-methods = []
generate-duplicate-query-parameters = false
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def throwaway_database(workdir):
    """(DATABASE_URL of a new empty database, function that drops it)."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'fuzz.sqlite3'}", lambda: None
    import psycopg

    base, _, _name = server.rpartition("/")
    name = f"fuzz_{secrets.token_hex(4)}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


def site_environment(database_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "ALLOW_DEMO_DATA": "1",
        # Mail stays in the process: nobody is mailed, no SMTP server is needed.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "REDIS_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_COLORS", None)
    return env


def manage(env, *args, capture=False):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    result = subprocess.run(
        command, env=env, cwd=ROOT, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else None


# The demo member's token, and the id of one of their organization's drafts: the event
# that the operations on /api/v1/events/{id}/ edit and move (random ids would only ever
# find no event).
MEMBER_TOKEN_AND_EVENT = (
    "from django.contrib.auth import get_user_model; "
    "from rest_framework.authtoken.models import Token; "
    "from events.models import Event; "
    "member = get_user_model().objects.get(username='member'); "
    "event = Event.objects.of_member(member).filter(status='draft').order_by('pk').first(); "
    "print(Token.objects.get_or_create(user=member)[0].key, event.pk)"
)


def start_server(env, port, log):
    if shutil.which("gunicorn", path=str(BIN)):
        command = [
            str(BIN / "gunicorn"),
            "commemoration.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--timeout=60",
        ]
    else:
        command = [
            sys.executable,
            str(ROOT / "manage.py"),
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def wait_for(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The site stopped before answering (exit {server.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"The site did not answer {url} within {timeout} s.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=15)
    parser.add_argument("--seed", type=int, default=SEED)
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="fuzz-"))
    database_url, drop_database = throwaway_database(workdir)
    env = site_environment(database_url)
    server = None
    try:
        print(f"Database: {database_url.rpartition('@')[2]}", flush=True)
        manage(env, "migrate", "--noinput", "--verbosity=0")
        manage(env, "seed_demo", capture=True)
        answer = manage(env, "shell", "-c", MEMBER_TOKEN_AND_EVENT, capture=True)
        token, event_id = answer.strip().splitlines()[-1].split()
        (workdir / "schemathesis.toml").write_text(CONFIG.format(event_id=event_id))
        port = free_port()
        log_path = workdir / "server.log"
        with open(log_path, "w") as log:
            server = start_server(env, port, log)
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/api/schema/", server)
            served_by = "gunicorn" if "gunicorn" in server.args[0] else "runserver"
            print(f"Site: {base} ({served_by}), DEBUG off", flush=True)
            command = [
                str(BIN / "schemathesis"),
                "run",
                f"{base}/api/schema/",
                f"--url={base}",
                f"--checks={CHECKS}",
                f"--phases={PHASES}",
                f"--header=Authorization: Token {token}",
                f"--seed={options.seed}",
                f"--max-examples={options.max_examples}",
                "--generation-database=none",
                "--request-timeout=30",
                # One worker: the Python 3.11 parser is not safe for Hypothesis's threads.
                "--workers=1",
                "--no-color",
            ]
            print(" ".join(command).replace(token, "<member's token>"), flush=True)
            result = subprocess.run(command, cwd=workdir, env={**os.environ, "NO_COLOR": "1"})
        if result.returncode != 0:
            errors = [line for line in log_path.read_text().splitlines() if "Error" in line]
            if errors:
                print("\nThe site's log:\n" + "\n".join(errors[-40:]))
        return result.returncode
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
