# Cylch: `make run` and `make test` work on a fresh Debian machine with Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST := $(VENV)/bin/pytest

.PHONY: run test bench lint typecheck test-sqlite test-postgres test-browser messages frontend deps-run deps-test clean

run: deps-run frontend messages
	$(PY) manage.py migrate --noinput
	./scripts/run.sh

test: deps-test frontend messages lint typecheck test-sqlite test-postgres test-browser

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

deps-run:
	./scripts/system-deps.sh run
	$(MAKE) --no-print-directory $(VENV)/.run-installed

deps-test:
	./scripts/system-deps.sh test
	$(MAKE) --no-print-directory $(VENV)/.test-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var/build/cylch/cylch.css: node_modules/.installed cylch/static_src/cylch.scss
	mkdir -p var/build/cylch
	npx --no-install sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import \
	  --load-path=node_modules/govuk-frontend/dist cylch/static_src/cylch.scss $@

frontend: node_modules/.installed var/build/cylch/cylch.css

messages:
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var -v0

lint:
	$(VENV)/bin/ruff check .

typecheck:
	$(VENV)/bin/mypy cylch

test-sqlite:
	$(PYTEST) -m "not browser" -q

test-postgres:
	./scripts/with-postgres.sh $(PYTEST) -m "not browser" -q

test-browser:
	$(PYTEST) -m browser -q

bench: deps-test frontend messages
	./scripts/with-postgres.sh $(PY) manage.py bench

clean:
	rm -rf var node_modules $(VENV)
