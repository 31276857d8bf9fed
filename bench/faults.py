"""Cut the database and the cache under load, then restore them; count what failed.

Run from the project's root:  .venv/bin/python bench/faults.py [--requests 40]

Serves the site with gunicorn (DEBUG off, 2 workers) on a free port of 127.0.0.1, against
PostgreSQL (database `queue_faults`, created afresh with the demo data) and Redis (db 12),
each reached through a small TCP proxy of this script, and a mail server that accepts
connections and never answers; a queue worker (`manage.py db_worker`) runs beside it.
Two threads send `--requests` requests per phase (the public reads, the API, and password
reset requests). Each fault is made at the proxy: "refused" closes its port, "hanging"
accepts connections and never answers; the machine's PostgreSQL and Redis are not touched.

Printed per phase: answers by kind. A failure is a 5xx other than 503, or no answer in
CLIENT_TIMEOUT seconds; 503 is the site saying, as it should, that its database is away.
After each restore, and so at the end, failures must be zero. Exits 1 otherwise.
"""

import argparse
import collections
import contextlib
import http.client
import os
import random
import re
import secrets
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.processes import stop  # noqa: E402
from tests.faults import HangingServer, closed_port  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
CLIENT_TIMEOUT = 15
READS = ["/", "/events/", "/events.ics", "/api/v1/events/", "/calendar/2024/1/"]
MEMBER_ADDRESS = "member@example.org"  # the demo member (seed_demo)


def port_below_the_ephemeral_range():
    """A free port that no outgoing connection takes as its own while the proxy is closed."""
    for port in random.Random().sample(range(20000, 32000), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


class Proxy:
    """127.0.0.1:port → upstream, which can be made to refuse or to hang, then restored."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.port = port_below_the_ephemeral_range()
        self.mode = "up"
        self._lock = threading.Lock()
        self._sockets = set()
        self._listener = None
        self._open()

    def _open(self):
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                self._sockets.add(client)
                mode = self.mode
            if mode == "up":
                threading.Thread(target=self._pump, args=(client,), daemon=True).start()
            # "hanging": keep the connection open and say nothing.

    def _pump(self, client):
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        with self._lock:
            self._sockets.add(upstream)
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        try:
            while True:
                for key, _ in selector.select():
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            for sock in (client, upstream):
                sock.close()

    def _drop_connections(self):
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def refuse(self):
        self.mode = "refused"
        self._listener.close()
        self._drop_connections()

    def hang(self):
        self.mode = "hanging"
        self._drop_connections()

    def restore(self):
        if self.mode == "refused":
            self._open()
        self.mode = "up"
        self._drop_connections()


class Supervised:
    """A process started again whenever it exits, as a service manager would."""

    def __init__(self, command, *, env, log):
        self.command, self.env, self.log = command, env, log.open("w")
        self.restarts = -1
        self.stopping = False
        self.process = None
        self._start()
        threading.Thread(target=self._watch, daemon=True).start()

    def _start(self):
        self.restarts += 1
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def _watch(self):
        while not self.stopping:
            if self.process.poll() is not None and not self.stopping:
                time.sleep(1)
                self._start()
            time.sleep(0.2)

    def stop(self):
        self.stopping = True
        stop(self.process)
        self.log.close()


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(pg_url):
    """A fresh database with the demo data; returns its URL."""
    import psycopg

    parts = urllib.parse.urlsplit(pg_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def queue_states(pg_url):
    import psycopg

    with psycopg.connect(pg_url) as connection:
        rows = connection.execute(
            "SELECT task_path, status, count(*) FROM django_tasks_database_dbtaskresult"
            " GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
    return ", ".join(f"{path.rsplit('.', 1)[-1]} {status.lower()} {n}" for path, status, n in rows)


class Load:
    """Requests from `threads` threads; answers counted in the current phase."""

    def __init__(self, port):
        self.port = port
        self.lock = threading.Lock()

    def request(self, path, method="GET", body=None, headers=None):
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=CLIENT_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            content = response.read()
            return response.status, response.getheader("Set-Cookie") or "", content, started
        except TimeoutError:
            return "timeout", "", b"", started
        except OSError as error:
            return f"error: {error.__class__.__name__}", "", b"", started
        finally:
            connection.close()

    def password_reset(self):
        """GET the form, then POST the demo member's address as a browser over HTTPS would."""
        https = {"X-Forwarded-Proto": "https"}
        status, cookie, content, started = self.request("/accounts/password_reset/", headers=https)
        if status != 200:
            return status, started
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie)
        if not (token and csrf_cookie):
            return "no form", started
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1).decode(), "email": MEMBER_ADDRESS}
        )
        status, _, _, _ = self.request(
            "/accounts/password_reset/",
            method="POST",
            body=body,
            headers={
                **https,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie.group(1)}",
                "Referer": f"https://127.0.0.1:{self.port}/accounts/password_reset/",
            },
        )
        return status, started

    def run(self, count, threads=2):
        answers = collections.Counter()
        durations = []
        paths = [*READS, "reset"]
        jobs = iter(range(count))

        def work():
            for n in jobs:
                path = paths[n % len(paths)]
                if path == "reset":
                    status, started = self.password_reset()
                else:
                    status, _, _, started = self.request(path)
                elapsed = time.monotonic() - started
                with self.lock:
                    answers[status] += 1
                    durations.append(elapsed)

        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return answers, durations


def failures(answers, *, during):
    """During a fault, 503 is the right answer; after the restore, only a page is."""
    return sum(
        n
        for status, n in answers.items()
        if not isinstance(status, int) or status >= 500 and (status != 503 or not during)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per phase")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/queue_faults")
    parser.add_argument("--redis", default="127.0.0.1:6379", help="host:port of Redis")
    parser.add_argument("--redis-db", type=int, default=12)
    options = parser.parse_args()
    with HangingServer(give_up=3600) as mail:
        return run(options, mail)


def run(options, mail):
    pg = urllib.parse.urlsplit(options.database)
    redis_host, redis_port = options.redis.rsplit(":", 1)
    database = Proxy((pg.hostname, pg.port or 5432))
    cache = Proxy((redis_host, int(redis_port)))
    port = closed_port()
    proxied = pg._replace(netloc=f"{pg.username or 'postgres'}@127.0.0.1:{database.port}")

    base = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "REDIS"))}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "commemoration.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": proxied.geturl(),
        "REDIS_URL": f"redis://127.0.0.1:{cache.port}/{options.redis_db}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail.port),
        "EMAIL_TIMEOUT": "2",
        # One client sends all the load: the limits are for other tests.
        "API_THROTTLE_ANON": "100000/min",
        "THROTTLE_PASSWORD_RESET": "100000/hour",
        "LOG_LEVEL": "WARNING",
    }

    print(f"Preparing {pg.path.lstrip('/')} (migrate, demo data, static files)…", flush=True)
    prepare_database(options.database)
    direct = {**env, "DATABASE_URL": options.database}
    manage(direct, "migrate", "--noinput", "-v", "0")
    manage({**direct, "DEBUG": "1", "REDIS_URL": ""}, "seed_demo")
    manage(direct, "collectstatic", "--noinput", "-v", "0")

    logs = tempfile.TemporaryDirectory(prefix="faults-")
    log = Path(logs.name)
    server = subprocess.Popen(
        [str(GUNICORN), "commemoration.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "30", "--error-logfile", str(log / "gunicorn.log")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = Supervised(
        [str(PYTHON), "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
        env=env,
        log=log / "worker.log",
    )
    load = Load(port)
    try:
        for _ in range(300):
            if isinstance(load.request("/")[0], int):
                break
            time.sleep(0.2)
        else:
            print((log / "gunicorn.log").read_text()[-3000:])
            print("FAIL: gunicorn did not answer within a minute")
            return 1
        # (name, fault, during a fault?, share of --requests): while the database hangs
        # each request waits DATABASE_CONNECT_TIMEOUT (3 s) for its 503, so fewer are sent.
        phases = [
            ("all up", None, False, 1),
            ("database refused", database.refuse, True, 1),
            ("database restored", database.restore, False, 1),
            ("database hanging", database.hang, True, 0.25),
            ("database restored", database.restore, False, 1),
            ("cache refused", cache.refuse, True, 1),
            ("cache restored", cache.restore, False, 1),
            ("cache hanging", cache.hang, True, 1),
            ("cache restored", cache.restore, False, 1),
        ]
        print(f"gunicorn on 127.0.0.1:{port}; {options.requests} requests per phase, 2 threads")
        print("the mail server accepts connections and never answers, all along\n")
        header = f"{'phase':<20} {'answers':<40} {'failures':>8} {'median':>8} {'slowest':>8}"
        print(header)
        print("-" * len(header))
        failed_after = 0
        for name, fault, during, share in phases:
            if fault:
                fault()
            answers, durations = load.run(max(2, round(options.requests * share)))
            durations.sort()
            failed = failures(answers, during=during)
            if not during:
                failed_after += failed
            shown = ", ".join(f"{status}×{n}" for status, n in sorted(answers.items(), key=str))
            median = durations[len(durations) // 2]
            print(
                f"{name:<20} {shown:<40} {failed:>8} {median * 1000:>6.0f}ms"
                f" {durations[-1] * 1000:>6.0f}ms",
                flush=True,
            )
    finally:
        worker.stop()
        stop(server)

    print(
        f"\nqueue worker: restarted {worker.restarts} times after the database went away "
        "(as systemd's Restart= would)"
    )
    print(
        f"mail: the silent server saw {mail.connections} connections (only the worker sends mail)"
    )
    print("queued tasks by state:", queue_states(options.database))
    print(f"failures after restore: {failed_after}")
    return 1 if failed_after else 0


if __name__ == "__main__":
    sys.exit(main())
