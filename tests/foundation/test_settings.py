import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_CHECK = ["check", "--deploy", "--fail-level", "WARNING"]
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 60 + "-not-a-real-key-but-long-enough"}


def run_check(*command, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS", "REDIS_URL"}
    }
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
    result = run_check(
        DEBUG="0",
        SECRET_KEY="x" * 60 + "-not-a-real-key-but-long-enough",
        ALLOWED_HOSTS="events.example.org",
    )

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
        SECRET_KEY=PRODUCTION["SECRET_KEY"],
        ALLOWED_HOSTS="events.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"


def test_redis_url_gives_a_working_cache_client():
    # Building the client imports the redis package; no server is needed for that.
    result = run_check(
        "shell",
        "-c",
        "from django.core.cache import cache; print(type(cache._cache).__name__)",
        **PRODUCTION,
        ALLOWED_HOSTS="events.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "RedisCacheClient"


def test_development_commands_run_without_production_settings():
    result = run_check("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_wsgi_application_refuses_to_start_without_secret_key():
    result = run_check(
        "shell",
        "-c",
        "import commemoration.wsgi",
        DEBUG="0",
        ALLOWED_HOSTS="events.example.org",
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr
