# `make run` and `make test` are all a new machine needs (Python 3.11+).
PYTHON ?= python3
# Two or more processes share the suite; `make test PYTEST_ARGS=` runs it in one.
PYTEST_ARGS ?= -n auto
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run serve test lint format clean bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	@# The queue's worker (e-mail) runs beside the server and stops with it.
	DEBUG=$${DEBUG:-1} $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# Production (README, "Production"), after `make install`, with the environment set:
# check the settings, migrate, collect the static files, then serve with gunicorn.
serve:
	$(PY) manage.py check --deploy
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	exec $(PY) -m gunicorn --config gunicorn.conf.py

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The site beside a bare baseline (bench/compare.py), at each size of BENCH_EVENTS: a
# PostgreSQL database bench_<N> on BENCH_SERVER, created and filled if it is not; the
# tables go to bench/results/compare-<N>-postgresql.txt, the plans to explain-<N>-….txt.
BENCH_EVENTS ?= 10000 1000000
BENCH_SERVER ?= postgres://postgres@127.0.0.1:5432
bench: install
	set -e; for n in $(BENCH_EVENTS); do \
	  DATABASE_URL="$(BENCH_SERVER)/bench_$$n" $(PY) bench/compare.py --events $$n; \
	done

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var
