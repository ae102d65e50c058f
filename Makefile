# Steward: `make run` sets everything up and starts Steward; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STEWARD:= $(VENV)/bin/steward
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false
APT := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: setup run serve ingest test bench clean libreoffice chromium tesseract
setup: $(VENV)/.installed libreoffice chromium tesseract

# LibreOffice renders the Word counterproposals in a test; Debian's chromium runs the browser
# tests (Playwright drives it; nothing is downloaded). Installed where apt is usable (root).
libreoffice:
	@command -v soffice >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { $(APT) libreoffice-writer-nogui >/dev/null || { apt-get update -qq && \
	    $(APT) libreoffice-writer-nogui >/dev/null; }; } && echo "installed LibreOffice"; } || \
	  echo "LibreOffice not installed: the Word-rendering test will be skipped"

# Tesseract reads scanned pages (PDF pages with no text layer) at ingest.
tesseract:
	@command -v tesseract >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { $(APT) tesseract-ocr tesseract-ocr-eng >/dev/null || { apt-get update -qq && \
	    $(APT) tesseract-ocr tesseract-ocr-eng >/dev/null; }; } && echo "installed Tesseract OCR"; } || \
	  echo "Tesseract not installed: scanned PDF pages cannot be read (apt install tesseract-ocr)"

chromium:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { $(APT) chromium >/dev/null || { apt-get update -qq && $(APT) chromium >/dev/null; }; } \
	  && echo "installed chromium"; } || \
	  echo "chromium not installed: the browser tests will be skipped"

# torch first, from this machine's CPU wheel; a bare `torch` would pull multi-GB CUDA builds.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Set up, ingest corpus/, then serve the app on http://127.0.0.1:7860 (Ctrl+C stops).
run: setup
	$(STEWARD) ingest
	$(STEWARD) serve --host $(HOST) --port $(PORT)

serve: setup
	$(STEWARD) serve --host $(HOST) --port $(PORT)

ingest: setup
	$(STEWARD) ingest

test: setup
	$(PY) -m pytest

# Speed and memory (about 25 minutes here): Oregon ingest and re-ingest, search/ask latency at
# 1k, 10k and all chunks, cold starts, peak RSS, the app in a browser, 1/4/16 users at once.
# JSON in benchmarks/results/.
bench: setup
	$(PY) benchmarks/ingest_oregon.py
	$(PY) benchmarks/scale.py
	$(PY) benchmarks/ui_latency.py
	$(PY) benchmarks/load.py
	$(PY) benchmarks/summary.py

clean:
	rm -rf .steward .pytest_cache
