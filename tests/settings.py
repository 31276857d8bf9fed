"""The production settings, with what only tests need: a known key and fast hashing."""

import copy
import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
# The test database is made, flushed and dropped under the tests' feet: no pool there
# (tests/foundation/test_settings.py checks that production has one).
os.environ.setdefault("DATABASE_POOL", "0")
# SQLite unless DATABASE_URL names another database (CI runs `DATABASE_URL= make test`).
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", "db.sqlite3"
    )

from commemoration.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One process writes and reads here (tasks run at once): its local memory is shared by all
# that writes, as Redis is in production.
PUBLIC_ANSWERS_SHARED = True
# Each event's VEVENT and GeoJSON Feature kept there too, as in production
# (tests/public/test_kept_parts.py turns it off to compare).
FEED_FRAGMENT_SECONDS = 60 * 60
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    # Tests make many requests quickly; throttling has its own test with its own rates.
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
}
# Tests log in and post forms many times; the tests of the limits set their own.
THROTTLE_RATES = {scope: "100000/min" for scope in THROTTLE_RATES}  # noqa: F405
AXES_ENABLED = False  # the lockout's tests turn it on
ALLOW_DEMO_DATA = True  # the browser tests and seed tests load the demo data
# Queued work runs at once in tests; tests of the queue itself use the database backend
# and run the worker's loop (tests/faults.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The read replica's alias, the test database itself (TEST MIRROR), so that a test can
# install the router (tests/deploy/test_read_replica.py); no other test reads through it.
DATABASES["replica"] = {  # noqa: F405
    **copy.deepcopy(DATABASES["default"]),  # noqa: F405
    "TEST": {"MIRROR": "default"},
}
DATABASE_ROUTERS = []
MIDDLEWARE = [  # noqa: F405
    name
    for name in MIDDLEWARE  # noqa: F405
    if name != "commemoration.middleware.PublicReadsFromReplicaMiddleware"
]
