"""Gunicorn, the production server: `gunicorn --config gunicorn.conf.py` (or `make serve`).

Meant to sit behind a reverse proxy that terminates TLS and buffers slow clients (nginx,
Caddy, a load balancer), which sets X-Forwarded-Proto. Every value can be changed from the
environment, so one file serves every machine.
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "commemoration.wsgi:application"
# Runs from the checkout whatever the current directory.
chdir = str(Path(__file__).resolve().parent)
# The proxy in front connects here; nothing else should reach it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# A request never needs long (slow work goes to the task queue): a stuck worker is killed
# and replaced rather than left holding its slot.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
# A query still running after this long is cancelled by PostgreSQL (a 503), well before the
# worker's timeout would kill the worker in the middle of it (commemoration/settings.py).
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", str(max(1, timeout - 10)))
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so that slow growth of memory never accumulates.
max_requests = 2000
max_requests_jitter = 200
# The application is loaded once, before the workers fork: a missing setting or static
# files not collected stop the server at start with the message, not worker after worker.
preload_app = True
# Only the proxy is trusted to say the request came over HTTPS; never "*".
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No runtime control socket in the home directory (gunicorn 27+): signals do the job, and
# two servers on one machine would share its path.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
