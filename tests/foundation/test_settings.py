import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_CHECK = ["check", "--deploy", "--fail-level", "WARNING"]
# Never connected to by these tests: check --deploy and importing the WSGI module don't.
UNUSED_DATABASE = "postgres://postgres@127.0.0.1:5432/never-connected"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60 + "-not-a-real-key-but-long-enough",
    "DATABASE_URL": UNUSED_DATABASE,
    "SITE_URL": "https://events.example.org",
}
# Everything the settings read that the caller's environment might already set.
SITE_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "SITE_URL",
    "STATIC_ROOT",
    "DATABASE_POOL",
    "CONN_MAX_AGE",
    "DATABASE_STATEMENT_TIMEOUT",
}


def production(without=None, **changes):
    """A complete production environment, less one variable, with some changed."""
    env = {**PRODUCTION, "ALLOWED_HOSTS": "events.example.org", **changes}
    env.pop(without, None)
    return env


def run_check(*command, **env):
    clean = {k: v for k, v in os.environ.items() if k not in SITE_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *(command or DEPLOY_CHECK)],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "commemoration.settings", **env},
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = run_check(DEBUG="0", ALLOWED_HOSTS="events.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_check(**production())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = run_check(**PRODUCTION)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off." in result.stderr


def test_debug_is_off_unless_set():
    result = run_check(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        **production(without="DEBUG"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"


def test_redis_url_gives_a_working_cache_client():
    # Building the client imports the redis package; no server is needed for that.
    result = run_check(
        "shell",
        "-c",
        "from django.core.cache import cache; print(type(cache._cache).__name__)",
        **production(REDIS_URL="redis://127.0.0.1:6379/0"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "ReusingRedisCacheClient"


def test_development_commands_run_without_production_settings():
    result = run_check("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_wsgi_application_refuses_to_start_without_secret_key():
    result = run_check(
        "shell",
        "-c",
        "import commemoration.wsgi",
        **production(without="SECRET_KEY"),
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


# Each way a production environment can be wrong, and the message that must name it.
BROKEN_PRODUCTION = {
    "a typo in a boolean": (
        {"SECURE_SSL_REDIRECT": "ture"},
        "SECURE_SSL_REDIRECT='ture' is neither on (1, true, yes, on) nor off (0, false, no, off).",
    ),
    "DEBUG neither on nor off": (
        {"DEBUG": "maybe"},
        "DEBUG='maybe' is neither on (1, true, yes, on) nor off (0, false, no, off).",
    ),
    "no DATABASE_URL": ({"DATABASE_URL": ""}, "DATABASE_URL must be set when DEBUG is off."),
    "no SITE_URL": ({"SITE_URL": ""}, "SITE_URL must be set when DEBUG is off."),
    "a SITE_URL without its scheme": (
        {"SITE_URL": "events.example.org"},
        "SITE_URL='events.example.org' is not an absolute address such as "
        "https://events.example.org.",
    ),
}
# The two ways a site starts: the application server imports the WSGI module; an operator
# runs the deploy check.
STARTS = {
    "the WSGI application": ["shell", "-c", "import commemoration.wsgi"],
    "check --deploy": DEPLOY_CHECK,
}


@pytest.mark.parametrize("start", STARTS.values(), ids=STARTS.keys())
@pytest.mark.parametrize("broken", BROKEN_PRODUCTION.values(), ids=BROKEN_PRODUCTION.keys())
def test_a_broken_production_setting_refuses_to_start_and_names_the_variable(broken, start):
    change, message = broken
    result = run_check(*start, **production(**change))

    assert result.returncode != 0
    assert message in result.stderr


def test_migrate_without_database_url_names_it_instead_of_creating_sqlite():
    result = run_check("migrate", "--noinput", **production(without="DATABASE_URL"))

    assert result.returncode != 0
    assert "DATABASE_URL must be set when DEBUG is off." in result.stderr


def test_development_needs_nothing_set_and_uses_sqlite_and_the_local_address():
    result = run_check(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.SITE_URL)",
        DEBUG="1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "django.db.backends.sqlite3 http://127.0.0.1:8000"


def test_the_wsgi_application_refuses_to_start_before_collectstatic(tmp_path):
    result = run_check(
        "shell",
        "-c",
        "import commemoration.wsgi",
        **production(STATIC_ROOT=str(tmp_path)),
    )

    assert result.returncode != 0
    assert (
        f"Static files are not collected in STATIC_ROOT ({tmp_path}): "
        "run `manage.py collectstatic --noinput` first." in result.stderr
    )


def test_production_pools_postgresql_connections_and_leaves_conn_max_age_at_zero():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], sorted(d['OPTIONS']['pool']))"
    )
    pooled = run_check("shell", "-c", code, **production())
    expected = "0 ['max_size', 'min_size', 'timeout']"
    assert pooled.stdout.strip().splitlines()[-1] == expected, pooled.stderr
    unpooled = run_check(
        "shell",
        "-c",
        code.replace("sorted(d['OPTIONS']['pool'])", "'pool' in d['OPTIONS']"),
        **production(DATABASE_POOL="0"),
    )
    assert unpooled.stdout.strip().splitlines()[-1] == "60 False", unpooled.stderr


def test_the_web_workers_queries_are_cancelled_before_the_servers_timeout(monkeypatch):
    # Set then removed: whatever gunicorn.conf.py sets is undone after the test.
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "")
    monkeypatch.delenv("DATABASE_STATEMENT_TIMEOUT")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "30")

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    code = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['OPTIONS'].get('options'))"
    )
    web = run_check("shell", "-c", code, **production(DATABASE_STATEMENT_TIMEOUT="20"))
    command = run_check("shell", "-c", code, **production())

    assert config["timeout"] == 30
    assert os.environ["DATABASE_STATEMENT_TIMEOUT"] == "20"
    assert web.stdout.strip().splitlines()[-1] == "-c jit=off -c statement_timeout=20000", (
        web.stderr
    )
    # Commands and migrations, which may rightly take longer, go without.
    assert command.stdout.strip().splitlines()[-1] == "-c jit=off", command.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL's statement_timeout: the PostgreSQL run of the suite",
)
def test_a_query_past_the_statement_timeout_is_cancelled_as_an_operational_error(db):
    """What the middleware answers 503 to (tests/foundation/test_faults.py)."""
    from django.db import connection  # noqa: PLC0415

    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    code = (
        "from django.db import OperationalError, connection\n"
        "try:\n"
        "    connection.cursor().execute('SELECT pg_sleep(3)')\n"
        "    print('finished')\n"
        "except OperationalError as error:\n"
        "    print('cancelled', type(error.__cause__).__name__)\n"
    )
    result = run_check(
        "shell",
        "-c",
        code,
        **production(DATABASE_URL=url, DATABASE_STATEMENT_TIMEOUT="0.2"),
    )

    assert result.stdout.strip().splitlines()[-1] == "cancelled QueryCanceled", result.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL's JIT: the PostgreSQL run of the suite",
)
def test_postgresqls_jit_is_off_for_the_sites_connections(db):
    """Compiling a query costs more than running the site's indexed ones (settings.py)."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        assert cursor.fetchone() == ("off",)
