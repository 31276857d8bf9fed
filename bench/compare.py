"""The site beside a bare baseline, at N events: what serving the same data costs us.

    make bench                                  # 10,000 then 1,000,000 events
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_10000 \\
        .venv/bin/python bench/compare.py --events 10000

The database named must exist (PostgreSQL; `make bench` creates bench_<N>); it is migrated
and, unless it holds N events already, filled by bench/search.py's fill (one SQL
generate_series), then given co-organizers (one event in five) and coordinates. Then two
servers run side by side on free ports of 127.0.0.1, each gunicorn with 2 sync workers:

- ours: the production configuration (gunicorn.conf.py, DEBUG=0, the database given, its
  own Redis database for the cache, static files collected), as `make serve` starts it;
- the baseline: bench/baseline.py's bare WSGI app (psycopg and orjson, one query).

Each request of REQUESTS is measured in alternation (baseline, ours cold, ours warm, …),
`--rounds` times `--requests` requests from `--clients` threads (the streamed feeds fewer).
"Cold" is the first request after a change: the public data version is renewed in Redis
before each request, so nothing kept serves it; "warm" is the same request asked again.
Printed for each: requests per second, p50 and p99 in milliseconds, the gunicorn workers'
CPU milliseconds per request (utime + stime from /proc/<pid>/stat) and PostgreSQL's (its
backends' own, the same way), the queries per request (through Django's test client in
this process, cold and warm), the workers' peak resident memory; then ours ÷ baseline of
server + database CPU. The API answers are first checked to be byte for byte the
baseline's. Then the whole /events.ics and /events.geojson, with the cache emptied (no
event's part kept: after a deploy), then after manage.py keep_feed_parts and a change of
one event: seconds, bytes and the worker's peak memory. The EXPLAIN
(ANALYZE) of every query each request runs cold goes to
bench/results/explain-<N>-postgresql.txt, each marked where it reads a whole table; the
table to bench/results/compare-<N>-postgresql.txt, and .json beside it.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.processes import stop  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"  # the Host header of every request, in ALLOWED_HOSTS: same links in both
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
# django.core.cache's key for events.caching.DATA_VERSION_KEY (no KEY_PREFIX, version 1).
VERSION_KEY = ":1:public-data-version"
AROUND = "starts_after=2024-01-14&starts_before=2024-01-28"
# (name, address, the baseline answers it too, streamed: fewer requests)
REQUESTS = [
    ("API list", f"/api/v1/events/?{AROUND}&page_size=50", True, False),
    ("API country", "/api/v1/events/?country=FR&page_size=50", True, False),
    ("API event", "/api/v1/events/{pk}/", True, False),
    ("API q", "/api/v1/events/?q=wreath&page_size=50", False, False),
    ("/events/", f"/events/?{AROUND}", True, False),
    ("/events/ q", "/events/?q=wreath", False, False),
    ("calendar", "/calendar/2024/1/", True, False),
    ("event page", "/events/{pk}-{slug}/", True, False),
    ("map, a day", "/events.geojson?starts_after=2024-01-21&starts_before=2024-01-21", False, True),
    ("ics, a day", "/events.ics?starts_after=2024-01-21&starts_before=2024-01-21", False, True),
    ("ics, a month", "/events.ics?starts_after=2024-01-01&starts_before=2024-01-31", False, True),
]
WHOLE = [("ics, all", "/events.ics"), ("map, all", "/events.geojson")]
# The API's answers, and the baseline's, compared byte for byte before measuring.
SAME_BYTES = {"API list", "API country", "API event"}

NOTE = """
CPU ms/req: app is the gunicorn workers' own (Python, JSON, the database driver); db is
PostgreSQL's backends' for that server's connections. ours÷base is (app + db) ÷ (app + db).
Cold: the public data version renewed before each request (the first request after any
change); warm: asked again, answered from the shared cache. Peak MB: the workers' highest
resident memory during the row. Queries: per request through Django's client, cold/warm.
"""


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# Two accepted co-organizers on one event in five, so that both servers name them.
CO_ORGANIZE = """
INSERT INTO events_coorganizer (event_id, organization_id, status, named_at, answered_at)
SELECT e.id, o.id, 'accepted', now(), now()
FROM events_event e CROSS JOIN (SELECT unnest(%(partners)s::bigint[]) AS id) AS o
WHERE e.id %% 5 = 1
"""
# A place for every event, as bench/search.py's fill now gives, for a database it filled
# before: so that the map has something to show.
PLACE = """
UPDATE events_event SET latitude = round((48.0 + (id %% 1000) * 0.004)::numeric, 6),
    longitude = round((2.0 + (id %% 997) * 0.004)::numeric, 6)
WHERE latitude IS NULL
"""


def with_co_organizers():
    from django.db import connection  # noqa: PLC0415

    from organizations.models import Organization  # noqa: PLC0415
    from tests.factories import OrganizationFactory  # noqa: PLC0415

    partners = [
        Organization.objects.filter(slug=slug).first()
        or OrganizationFactory(slug=slug, name=name, kind=kind)
        for slug, name, kind in [
            ("bench-youth", "Youth League of Bench", "youth"),
            ("bench-women", "Women's Union of Bench", "women"),
        ]
    ]
    with connection.cursor() as cursor:
        cursor.execute(CO_ORGANIZE, {"partners": [partner.pk for partner in partners]})
        cursor.execute("ANALYZE events_coorganizer")


def ensure_database(database_url):
    """Create the database named, on its server, if it does not exist."""
    import psycopg  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_django(database_url, static_root):
    """Django in this process on the bench's database, as the servers run it."""
    os.environ.update(production(database_url, static_root))
    sys.path.insert(0, str(ROOT / "bench"))
    import search  # noqa: F401, PLC0415  (sets Django up on DATABASE_URL)


def fill_database(count):
    """Migrated and holding `count` events (bench/search.py's fill), with co-organizers and
    places; one public event."""
    import search  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from events.models import CoOrganizer, Event  # noqa: PLC0415

    if connection.vendor != "postgresql":
        sys.exit("Give DATABASE_URL of a PostgreSQL database.")
    call_command("migrate", verbosity=0)
    if Event.objects.count() != count:
        search.fill(count)
    if not CoOrganizer.objects.exists():
        with_co_organizers()
    with connection.cursor() as cursor:
        cursor.execute(PLACE, {})
        if cursor.rowcount:
            cursor.execute("ANALYZE events_event")
    # An event of the middle of the table, public, as a reader would open one.
    public = Event.objects.public().order_by("pk")
    event = public[public.count() // 2]
    connection.close()
    return event


class Server:
    """A gunicorn master and its workers, whose CPU time and memory are read from /proc."""

    def __init__(self, name, command, env, port, log):
        self.name, self.port = name, port
        self.log = log.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if get(self.port, "/api/v1/events/?page_size=1")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.log.flush()
        sys.exit(f"{self.name} did not start; see {self.log.name}")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in children.read_text().split())

    def cpu_seconds(self):
        """{worker pid: utime + stime in seconds}."""
        return {pid: process_cpu(pid) for pid in self.workers()}

    def reset_peak_memory(self):
        for pid in self.workers():
            # "5" resets the peak resident size (VmHWM) to the current one (Linux 4.0+).
            Path(f"/proc/{pid}/clear_refs").write_text("5")

    def peak_memory_mb(self):
        peaks = [0.0]
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:  # gone since it was listed
                continue
            # A worker being killed (the server's timeout) has no memory left to tell.
            if found := re.search(r"VmHWM:\s+(\d+) kB", status):
                peaks.append(int(found[1]) / 1024)
        return max(peaks)

    def proportional_memory_mb(self):
        """The largest of the workers' proportional set sizes now (PSS: each page shared
        with other processes, such as the gazetteer read before the fork, counted in
        part), or 0."""
        sizes = [0.0]
        for pid in self.workers():
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except (FileNotFoundError, PermissionError, ProcessLookupError):
                continue
            if found := re.search(r"^Pss:\s+(\d+) kB", rollup, re.M):
                sizes.append(int(found[1]) / 1024)
        return max(sizes)

    def stop(self):
        stop(self.process)
        self.log.close()


def process_cpu(pid):
    """utime + stime of a process in seconds, 0 if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # The command name, in parentheses, may hold spaces: split after it.
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class Database:
    """PostgreSQL's CPU for the connections of each server, from its backends' /proc."""

    def __init__(self, database_url):
        import psycopg  # noqa: PLC0415

        parts = urlsplit(database_url)
        self.name = parts.path.lstrip("/")
        # The monitor itself is connected to another database, so that it is never counted.
        self.monitor = psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True)

    def backends(self, application):
        rows = self.monitor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            [self.name, application],
        )
        return {pid: process_cpu(pid) for (pid,) in rows}


def get(port, address, before=None):
    if before:
        before()
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", address, headers={"Host": HOST})
        response = connection.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        # Cut off: the server's timeout killed the worker in the middle of a stream.
        return CUT_OFF, b""
    finally:
        connection.close()


def run(server, database, address, requests, clients, before=None, seconds=None):
    """(wall seconds, latencies in seconds, workers' CPU seconds, database CPU seconds,
    answers cut off) of `requests` requests, or of those sent within `seconds`."""
    latencies, failures = [], []
    lock = threading.Lock()
    left = iter(range(requests))
    deadline = time.perf_counter() + seconds if seconds else None

    def client():
        while True:
            with lock:
                if next(left, None) is None:
                    return
                if deadline and latencies and time.perf_counter() > deadline:
                    return
            started = time.perf_counter()
            status, _body = get(server.port, address, before)
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                if status != 200:
                    failures.append(status)

    before_cpu, before_db = server.cpu_seconds(), database.backends(server.name)
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    after_cpu, after_db = server.cpu_seconds(), database.backends(server.name)
    if set(after_cpu) != set(before_cpu) and not failures:
        # gunicorn replaced a worker (max_requests): its CPU time went with it.
        return None
    db = sum(cpu - before_db.get(pid, 0.0) for pid, cpu in after_db.items())
    cpu = sum(after_cpu.values()) - sum(before_cpu.values())
    return wall, latencies, cpu, db, failures


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(measures):
    wall = sum(m[0] for m in measures)
    latencies = [latency for m in measures for latency in m[1]]
    return {
        "requests": len(latencies),
        "requests_per_second": len(latencies) / wall,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
        "cpu_ms_per_request": sum(m[2] for m in measures) / len(latencies) * 1000,
        "db_cpu_ms_per_request": sum(m[3] for m in measures) / len(latencies) * 1000,
        # Statuses other than 200 (503: a query cancelled; 599: cut off by the timeout).
        "failed": dict(Counter(status for m in measures for status in m[4])),
    }


def production(database_url, static_root):
    return {
        "DJANGO_SETTINGS_MODULE": "commemoration.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS,
        "STATIC_ROOT": str(static_root),
        "SITE_URL": f"http://{HOST}",
        # No proxy in front terminates TLS here (README, "Production").
        "SECURE_SSL_REDIRECT": "0",
        # One client sends all the load: the limits are for other tests.
        "API_THROTTLE_ANON": "10000000/min",
    }


def with_application_name(database_url, name):
    """The URL with its connections named, so that their backends can be told apart."""
    parts = urlsplit(database_url)
    query = "&".join(filter(None, [parts.query, f"application_name={name}"]))
    return parts._replace(query=query).geturl()


def servers(database_url, static_root, logs):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "REDIS", "DATABASE", "DJANGO_", "PUBLIC_ANSWER"))
    }
    ours_port, baseline_port = free_port(), free_port()
    ours = Server(
        "ours",
        [str(PYTHON), "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        {
            **base,
            **production(with_application_name(database_url, "ours"), static_root),
            "GUNICORN_BIND": f"{HOST}:{ours_port}",
            "WEB_CONCURRENCY": "2",
        },
        ours_port,
        logs / "ours.log",
    )
    baseline = Server(
        "baseline",
        # As ours: 2 sync workers, one log line a request.
        [str(PYTHON), "-m", "gunicorn", "--workers", "2", "--bind", f"{HOST}:{baseline_port}",
         "--chdir", str(ROOT / "bench"), "--access-logfile", "-", "baseline:app"],
        {**base, "DATABASE_URL": with_application_name(database_url, "baseline")},
        baseline_port,
        logs / "baseline.log",
    )  # fmt: skip
    return ours, baseline


CUT_OFF = 599  # the status noted for an answer that never ended
SCANS = re.compile(r"Seq Scan on (\w+)")


def queries_and_plans(address, renew):
    """(queries cold, queries warm, [(sql, plan)] of the cold request's reads), through
    Django's test client in this process."""
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    client = Client(HTTP_HOST=HOST)
    counts = []
    for fresh in (True, False):
        if fresh:
            renew()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
        counts.append(len(captured))
        if fresh:
            cold = [query["sql"] for query in captured.captured_queries]
    plans = []
    with connection.cursor() as cursor:
        for sql in cold:
            # A streamed read is a server-side cursor: its query follows FOR.
            select = re.sub(r"^DECLARE .*? CURSOR WITH(OUT)? HOLD FOR ", "", sql)
            if not select.startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + select)
            plans.append((select, "\n".join(row[0] for row in cursor.fetchall())))
    return counts[0], counts[1], plans


def fmt(value, width, digits=2):
    return f"{value:>{width}.{digits}f}" if isinstance(value, float) else f"{value:>{width}}"


def table(results, whole, count, options):
    lines = [
        f"The site beside the bare baseline (bench/baseline.py), {count} events, PostgreSQL;",
        f"gunicorn, 2 sync workers each; {options.clients} client threads; "
        f"{options.rounds} rounds of {options.requests} requests each "
        f"(at most {options.seconds:.0f} s), in alternation.",
        "",
        f"{'request':<13} {'server':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'app ms':>7} {'db ms':>7} {'÷base':>6} {'queries':>8} {'peak MB':>8}",
    ]
    for kind, rows in results.items():
        for mode, row in rows.items():
            if mode == "queries":
                continue
            queries = rows["queries"] if mode != "baseline" else "1-2"
            lines.append(
                f"{kind:<13} {mode:<10} {fmt(row['requests_per_second'], 8, 1)}"
                f" {fmt(row['p50_ms'], 8)} {fmt(row['p99_ms'], 8)}"
                f" {fmt(row['cpu_ms_per_request'], 7)} {fmt(row['db_cpu_ms_per_request'], 7)}"
                f" {fmt(row.get('ratio', '-'), 6)} {queries:>8} {fmt(row['peak_mb'], 8, 0)}"
            )
            if row["failed"]:
                failed = ", ".join(f"{n} × {status}" for status, n in row["failed"].items())
                lines.append(f"{'':<13} not 200: {failed} (of {row['requests']})")
        lines.append("")
    lines.append(
        "Whole feeds (599: cut off by the server's timeout), first with no event's part kept"
    )
    if whole:
        kept_in = next(iter(whole.values()))["kept_in"]
        lines.append(
            f"(after a deploy), then after manage.py keep_feed_parts ({kept_in:.0f} s) and a"
            " change of one event:"
        )
    for kind, row in whole.items():
        after = row["after_change"]
        lines.append(
            f"{kind:<13} first: status {row['status']}, {row['seconds']:.1f} s, "
            f"worker peak {row['peak_mb']:.0f} MB (PSS {row['peak_pss_mb']:.0f} MB)"
        )
        lines.append(
            f"{'':<13} after a change: status {after['status']}, {after['seconds']:.1f} s, "
            f"{after['bytes'] / 1e6:.1f} MB, worker peak {after['peak_mb']:.0f} MB"
            f" (PSS {after['peak_pss_mb']:.0f} MB)"
        )
    return "\n".join(lines)


def measure_row(ours, baseline, database, address, has_baseline, streamed, options, renew):
    requests = 2 if streamed else options.requests
    clients = 1 if streamed else options.clients
    rounds = 1 if streamed else options.rounds
    modes = {"ours cold": (ours, renew), "ours warm": (ours, None)}
    if has_baseline:
        modes = {"baseline": (baseline, None), **modes}
    measured = {mode: [] for mode in modes}
    peaks = {mode: 0.0 for mode in modes}
    for server, _before in modes.values():  # warm: connections, code, the database's pages
        run(server, database, address, min(requests, 10), clients, seconds=options.seconds)
    while min(len(m) for m in measured.values()) < rounds:
        for mode, (server, before) in modes.items():
            if len(measured[mode]) < rounds:
                server.reset_peak_memory()
                measure = run(server, database, address, requests, clients, before, options.seconds)
                if measure is not None:  # else a worker was replaced: again
                    measured[mode].append(measure)
                    peaks[mode] = max(peaks[mode], server.peak_memory_mb())
    rows = {}
    for mode, measures in measured.items():
        rows[mode] = {**summary(measures), "peak_mb": peaks[mode]}
    if has_baseline:
        floor = rows["baseline"]
        floor_cpu = floor["cpu_ms_per_request"] + floor["db_cpu_ms_per_request"]
        for mode in ("ours cold", "ours warm"):
            mine = rows[mode]["cpu_ms_per_request"] + rows[mode]["db_cpu_ms_per_request"]
            rows[mode]["ratio"] = mine / floor_cpu if floor_cpu else None
    return rows


def whole_once(ours, address, renew):
    """One whole feed; the workers' peak memory read every half second while it runs, so
    that a worker the server's timeout kills still tells its peak."""
    ours.reset_peak_memory()
    renew()
    peaks, proportional, done = [0.0], [0.0], threading.Event()

    def watch():
        while not done.wait(0.5):
            peaks.append(ours.peak_memory_mb())
            proportional.append(ours.proportional_memory_mb())

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    try:
        status, body = get(ours.port, address)
    finally:
        done.set()
        watcher.join()
    return {
        "status": status,
        "seconds": time.perf_counter() - started,
        "bytes": len(body),
        "peak_mb": max(*peaks, ours.peak_memory_mb()),
        "peak_pss_mb": max(*proportional, ours.proportional_memory_mb()),
    }


def keep_feed_parts(env):
    """Seconds `manage.py keep_feed_parts` takes to write and keep every event's parts."""
    started = time.perf_counter()
    subprocess.run(
        [str(PYTHON), "manage.py", "keep_feed_parts"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def whole_feeds(ours, renew, change, env):
    """Each whole feed with no event's part kept (the cache emptied, as after a deploy);
    then manage.py keep_feed_parts, as the README asks after a deploy; then each again
    after one event changed, as a subscriber's next fetch finds it."""
    firsts = {kind: whole_once(ours, address, renew) for kind, address in WHOLE}
    kept_in = keep_feed_parts(env)
    change()
    return {
        kind: {**firsts[kind], "kept_in": kept_in, "after_change": whole_once(ours, address, renew)}
        for kind, address in WHOLE
    }


def explain_text(plans, count):
    lines = [
        f"EXPLAIN (ANALYZE, BUFFERS) of every query each request runs cold, {count} events.",
        "A line 'READS WHOLE TABLE' follows a plan with a sequential scan of events_event.",
        "",
    ]
    for kind, address, queries in plans:
        lines.append(f"=== {kind}: {address}")
        for sql, plan in queries:
            lines += ["", sql, "", plan]
            if "events_event" in SCANS.findall(plan):
                lines.append("READS WHOLE TABLE (Seq Scan on events_event)")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=int(os.environ.get("BENCH_EVENTS", 10000)))
    parser.add_argument("--requests", type=int, default=120, help="per round and server")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=2, help="client threads")
    parser.add_argument(
        "--seconds", type=float, default=20, help="at most, per round (fewer requests then)"
    )
    parser.add_argument("--only", help="measure only the requests whose name contains this")
    parser.add_argument("--json", type=Path, help="default bench/results/compare-<N>-….json")
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if urlsplit(database_url).scheme not in {"postgres", "postgresql"}:
        sys.exit("Give DATABASE_URL of a PostgreSQL database.")

    ensure_database(database_url)
    import redis  # noqa: PLC0415

    store = redis.Redis.from_url(REDIS, socket_timeout=5)
    store.flushdb()

    def renew():
        store.delete(VERSION_KEY)

    def change(event):
        """One event changed, as an edit would: its last change moved, the version renewed."""
        from django.utils import timezone  # noqa: PLC0415

        from events.models import Event  # noqa: PLC0415

        Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())
        renew()

    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = {**os.environ, **production(database_url, static_root)}
    subprocess.run(
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    prepare_django(database_url, static_root)
    print(f"Filling {options.events} events if needed…", flush=True)
    event = fill_database(options.events)
    chosen = [
        (kind, address.format(pk=event.pk, slug=event.slug), has_baseline, streamed)
        for kind, address, has_baseline, streamed in REQUESTS
        if not options.only or options.only in kind
    ]

    logs = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    ours, baseline = servers(database_url, static_root, logs)
    database = Database(database_url)
    results, whole, checks, plans = {}, {}, [], []
    try:
        ours.wait_until_up()
        baseline.wait_until_up()
        for kind, address, has_baseline, streamed in chosen:
            if kind in SAME_BYTES:
                mine, floor = get(ours.port, address), get(baseline.port, address)
                same = "the same bytes" if mine == floor else "DIFFERENT answers"
                checks.append(f"{kind}: {address}: {same} ({len(mine[1])} bytes)")
                print(checks[-1], flush=True)
                if mine != floor:
                    sys.exit("The baseline must answer what the API answers; see the test.")
            print(f"{kind}: {address}", flush=True)
            rows = measure_row(
                ours, baseline, database, address, has_baseline, streamed, options, renew
            )
            cold, warm, explained = queries_and_plans(address, renew)
            rows["queries"] = f"{cold}/{warm}"
            plans.append((kind, address, explained))
            results[kind] = rows
        if not options.only:
            print("whole feeds:", ", ".join(address for _kind, address in WHOLE), flush=True)
            store.flushdb()
            whole = whole_feeds(ours, renew, lambda: change(event), env)
    finally:
        ours.stop()
        baseline.stop()

    text = table(results, whole, options.events, options)
    text += "\n\n" + "\n".join(checks) + "\n" + NOTE
    print("\n" + text)
    stem = f"compare-{options.events}-postgresql"
    path = options.json or ROOT / "bench" / "results" / f"{stem}.json"
    path.with_suffix(".txt").write_text(text)
    (path.parent / f"explain-{options.events}-postgresql.txt").write_text(
        explain_text(plans, options.events)
    )
    path.write_text(
        json.dumps(
            {
                "events": options.events,
                "requests": {kind: address for kind, address, *_ in chosen},
                "rounds": options.rounds,
                "requests_per_round": options.requests,
                "clients": options.clients,
                "results": results,
                "whole": whole,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"(also in {path.with_suffix('.txt')}, {path.name} and the EXPLAIN plans beside)")


if __name__ == "__main__":
    main()
