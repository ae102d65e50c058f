# Steward: `make run` sets everything up and starts Steward; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STEWARD:= $(VENV)/bin/steward
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: setup run ingest test bench clean
setup: $(VENV)/.installed

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
