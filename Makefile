# Steward: `make run` sets everything up and starts Steward; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STEWARD:= $(VENV)/bin/steward
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false
APT_LO := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
          libreoffice-writer-nogui >/dev/null

.PHONY: setup run ingest test bench clean libreoffice
setup: $(VENV)/.installed libreoffice

# LibreOffice renders the Word counterproposals in a test; installed where apt is usable.
libreoffice:
	@command -v soffice >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { $(APT_LO) || { apt-get update -qq && $(APT_LO); }; } && echo "installed LibreOffice"; } || \
	  echo "LibreOffice not installed: the Word-rendering test will be skipped"

# torch first, from this machine's CPU wheel; a bare `torch` would pull multi-GB CUDA builds.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: setup
	$(STEWARD) ingest
	@echo
	@echo "Try:  .venv/bin/steward ask \"What's the doctorate stipend?\""

ingest: setup
	$(STEWARD) ingest

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/query_latency.py
	$(PY) benchmarks/ingest_oregon.py

clean:
	rm -rf .steward .pytest_cache
