"""The API beside a bare baseline: what serving the same bytes costs us, and the floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_compare \\
        .venv/bin/python bench/compare.py --events 10000        # or: make bench

The database named must exist (PostgreSQL); it is migrated and, unless it holds N events
already, filled by bench/search.py's fill (one SQL generate_series). Then two servers run
side by side on free ports of 127.0.0.1, each gunicorn with 2 sync workers:

- ours: the production configuration (gunicorn.conf.py, DEBUG=0, SECRET_KEY,
  ALLOWED_HOSTS, the database given, static files collected), as `make serve` starts it;
- the baseline: bench/baseline.py's bare WSGI app (psycopg and orjson, one query).

Both answer three requests, checked first to be byte for byte the same: (a) the list
around 21 January 2024, a page of 50; (b) one country, a page of 50; (c) one event. Each is
measured in alternation (baseline, ours, baseline, ours…), `--rounds` times `--requests`
requests from `--clients` threads. Printed for each: requests per second, p50 and p99 in
milliseconds, and the servers' CPU milliseconds per request (the gunicorn workers'
utime + stime from /proc/<pid>/stat, before and after, over the requests), then ours ÷
baseline; written to bench/results/compare-<N>-postgresql.txt, and .json beside it.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.processes import stop  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"  # the Host header of every request, in ALLOWED_HOSTS: same links in both
TICKS = os.sysconf("SC_CLK_TCK")
AROUND = "/api/v1/events/?starts_after=2024-01-14&starts_before=2024-01-28&page_size=50"
COUNTRY = "/api/v1/events/?country=FR&page_size=50"


NOTE = """
CPU ms/req is the gunicorn workers' own (Python, JSON, the database driver), not
PostgreSQL's: p50 minus CPU is mostly waiting for the database and for the other process.
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


def fill_database(count):
    """Migrated and holding `count` events (bench/search.py's fill); one public event's id."""
    sys.path.insert(0, str(ROOT / "bench"))
    import search  # noqa: PLC0415  (sets Django up on DATABASE_URL)
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from events.models import Event  # noqa: PLC0415

    if connection.vendor != "postgresql":
        sys.exit("Give DATABASE_URL of a PostgreSQL database.")
    call_command("migrate", verbosity=0)
    if Event.objects.count() != count:
        search.fill(count)
        with_co_organizers()
    # An event of the middle of the table, public, as a reader would open one.
    public = Event.objects.public().order_by("pk")
    event = public[public.count() // 2].pk
    connection.close()
    return event


class Server:
    """A gunicorn master and its workers, whose CPU time is read from /proc."""

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
        times = {}
        for pid in self.workers():
            # The command name, in parentheses, may hold spaces: split after it.
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            times[pid] = (int(fields[11]) + int(fields[12])) / TICKS
        return times

    def stop(self):
        stop(self.process)
        self.log.close()


def get(port, address):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", address, headers={"Host": HOST})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def run(server, address, requests, clients):
    """(wall seconds, latencies in seconds, CPU seconds of the workers) of `requests`."""
    latencies, failures = [], []
    lock = threading.Lock()
    left = iter(range(requests))

    def client():
        while True:
            with lock:
                if next(left, None) is None:
                    return
            started = time.perf_counter()
            status, _body = get(server.port, address)
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                if status != 200:
                    failures.append(status)

    before = server.cpu_seconds()
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    after = server.cpu_seconds()
    if failures:
        sys.exit(f"{server.name}: {len(failures)} answers were not 200: {sorted(set(failures))}")
    if set(after) != set(before):
        # gunicorn replaced a worker (max_requests): its CPU time went with it.
        return None
    return wall, latencies, sum(after.values()) - sum(before.values())


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(measures):
    wall = sum(m[0] for m in measures)
    latencies = [latency for m in measures for latency in m[1]]
    cpu = sum(m[2] for m in measures)
    return {
        "requests": len(latencies),
        "requests_per_second": len(latencies) / wall,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
        "cpu_ms_per_request": cpu / len(latencies) * 1000,
    }


def servers(database_url, logs):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "REDIS"))}
    ours_port, baseline_port = free_port(), free_port()
    production = {
        **base,
        "DJANGO_SETTINGS_MODULE": "commemoration.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "SITE_URL": f"http://{HOST}",
        # No proxy in front terminates TLS here (README, "Production").
        "SECURE_SSL_REDIRECT": "0",
        "GUNICORN_BIND": f"{HOST}:{ours_port}",
        "WEB_CONCURRENCY": "2",
        # One client sends all the load: the limits are for other tests.
        "API_THROTTLE_ANON": "10000000/min",
    }
    subprocess.run(
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=production,
        check=True,
    )
    ours = Server(
        "ours",
        [str(PYTHON), "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        production,
        ours_port,
        logs / "ours.log",
    )
    baseline = Server(
        "baseline",
        # As ours: 2 sync workers, one log line a request.
        [str(PYTHON), "-m", "gunicorn", "--workers", "2", "--bind", f"{HOST}:{baseline_port}",
         "--chdir", str(ROOT / "bench"), "--access-logfile", "-", "baseline:app"],
        {**base, "DATABASE_URL": database_url},
        baseline_port,
        logs / "baseline.log",
    )  # fmt: skip
    return ours, baseline


def table(results, count, options):
    lines = [
        f"The API beside the bare baseline (bench/baseline.py), {count} events, PostgreSQL;",
        f"gunicorn, 2 sync workers each; {options.clients} client threads; "
        f"{options.rounds} rounds of {options.requests} requests each, in alternation.",
        "",
        f"{'request':<9} {'server':<9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11}",
    ]
    for kind, by_server in results.items():
        for name in ("baseline", "ours"):
            row = by_server[name]
            lines.append(
                f"{kind:<9} {name:<9} {row['requests_per_second']:>8.1f} {row['p50_ms']:>8.2f}"
                f" {row['p99_ms']:>8.2f} {row['cpu_ms_per_request']:>11.2f}"
            )
        ratio = {
            key: "-" if value is None else f"{value:.2f}"
            for key, value in by_server["ours ÷ baseline"].items()
        }
        lines.append(
            f"{kind:<9} {'ours÷base':<9} {ratio['requests_per_second']:>8}"
            f" {ratio['p50_ms']:>8} {ratio['p99_ms']:>8} {ratio['cpu_ms_per_request']:>11}"
        )
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=int(os.environ.get("BENCH_EVENTS", 10000)))
    parser.add_argument("--requests", type=int, default=200, help="per round and server")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=2, help="client threads")
    parser.add_argument("--json", type=Path, help="default bench/results/compare-<N>-….json")
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if urlsplit(database_url).scheme not in {"postgres", "postgresql"}:
        sys.exit("Give DATABASE_URL of a PostgreSQL database.")

    print(f"Filling {options.events} events if needed…", flush=True)
    event = fill_database(options.events)
    requests = {"around": AROUND, "country": COUNTRY, "event": f"/api/v1/events/{event}/"}

    logs = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    ours, baseline = servers(database_url, logs)
    results, checks = {}, []
    try:
        ours.wait_until_up()
        baseline.wait_until_up()
        for kind, address in requests.items():
            mine, floor = get(ours.port, address), get(baseline.port, address)
            same = "the same bytes" if mine == floor else "DIFFERENT answers"
            checks.append(f"{kind}: {address}: {same} ({len(mine[1])} bytes)")
            print(checks[-1], flush=True)
            if mine != floor:
                sys.exit("The baseline must answer what the API answers; see the test.")
            # Warm both: connections opened, code paths and the database's pages read.
            run(ours, address, 20, options.clients)
            run(baseline, address, 20, options.clients)
            measured = {"baseline": [], "ours": []}
            while min(len(m) for m in measured.values()) < options.rounds:
                for server in (baseline, ours):
                    if len(measured[server.name]) < options.rounds:
                        measure = run(server, address, options.requests, options.clients)
                        if measure is not None:  # else a worker was replaced: again
                            measured[server.name].append(measure)
            by_server = {name: summary(measures) for name, measures in measured.items()}
            by_server["ours ÷ baseline"] = {
                # None where the baseline's figure is 0 (CPU time under a clock tick).
                key: by_server["ours"][key] / by_server["baseline"][key]
                if by_server["baseline"][key]
                else None
                for key in by_server["ours"]
                if key != "requests"
            }
            results[kind] = by_server
    finally:
        ours.stop()
        baseline.stop()

    text = table(results, options.events, options) + "\n" + "\n".join(checks) + "\n" + NOTE
    print("\n" + text)
    stem = f"compare-{options.events}-postgresql"
    path = options.json or ROOT / "bench" / "results" / f"{stem}.json"
    path.with_suffix(".txt").write_text(text)
    path.write_text(
        json.dumps(
            {
                "events": options.events,
                "requests": requests,
                "rounds": options.rounds,
                "requests_per_round": options.requests,
                "clients": options.clients,
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"(also in {path.with_suffix('.txt')} and {path.name})")


if __name__ == "__main__":
    main()
