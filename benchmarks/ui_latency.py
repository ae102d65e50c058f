"""Benchmark: time to first token and to the full answer in the UI, on the embedded models.

    .venv/bin/python benchmarks/ui_latency.py [--questions 20]

Serves the app (real all-MiniLM-L6-v2 and SmolLM2, corpus/ ingested into a temporary store) on
127.0.0.1, opens it in headless Debian chromium, and for each question of evals/seed.jsonl clicks
Ask and watches the page: first token = the first answer text replacing the "…" placeholder;
full = the citation panel filled. The same questions are then streamed through the
OpenAI-compatible endpoint. Writes benchmarks/results/ui_latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.stats import pct  # noqa: E402  (needs ROOT on the path)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

# True once the newest answer bubble shows text other than the "…" placeholder.
FIRST = """(n) => { const rows = document.querySelectorAll('#steward-chat .bot-row');
  return rows.length > n && rows[rows.length - 1].innerText.replace(/[\\s…]/g, '').length > 0; }"""
FULL = "(n) => !!document.querySelector(`#steward-cites[data-turn='${n}']`)"


def browser_times(url: str, questions: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium",
                                                    headless=True, args=FLAGS)
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_selector("#whoami :text('Single-user')", timeout=60_000)
        new = page.locator("button:has-text('New conversation')")
        for q in questions:  # each in a new conversation: no follow-up context
            new.click()
            page.wait_for_function("() => !document.querySelector('#steward-chat .bot-row')")
            turn = 0
            page.fill("#ask-box textarea", q)
            t0 = time.perf_counter()
            page.click("#ask-send")
            page.wait_for_function(FIRST, arg=turn, polling="raf", timeout=120_000)
            first = time.perf_counter() - t0
            page.wait_for_function(FULL, arg=turn, polling="raf", timeout=120_000)
            out.append({"question": q, "first_ms": first * 1000,
                        "full_ms": (time.perf_counter() - t0) * 1000})
        ctx.close()
    return out


def api_times(url: str, questions: list[str]) -> list[dict]:
    from openai import OpenAI

    client, out = OpenAI(base_url=url + "/v1", api_key="-", max_retries=0), []
    for q in questions:
        t0, first = time.perf_counter(), None
        for chunk in client.chat.completions.create(
                model="steward", stream=True, messages=[{"role": "user", "content": q}]):
            if first is None and (chunk.choices[0].delta.content or "").strip():
                first = time.perf_counter() - t0
        out.append({"question": q, "first_ms": first * 1000,
                    "full_ms": (time.perf_counter() - t0) * 1000})
    return out


def summary(rows: list[dict]) -> dict:
    return {f"{k}_{p}": round(pct([r[f"{k}_ms"] for r in rows], q)) for k in ("first", "full")
            for p, q in (("p50", 0.5), ("p95", 0.95))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=int, default=20)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ui_latency.json")
    args = ap.parse_args()

    from evals.runner import load_cases, set_path
    from store.settings import Settings
    from ui.server import build_app, serve_in_thread
    from ui.service import Service
    from ui.users import OWNER

    questions = [c.question for c in load_cases(set_path("seed"))][: args.questions]
    with tempfile.TemporaryDirectory(prefix="steward-ui-") as tmp:
        settings = Settings(data_dir=Path(tmp), _env_file=None)
        svc = Service(settings)
        svc.ingest(OWNER, [ROOT / "corpus"], progress=False)
        t0 = time.perf_counter()
        assert svc.answerer.chat is not None  # loads SmolLM2
        svc.ask(svc.users.viewer(None), "How long do new employees have to file units?")
        cold_ms = (time.perf_counter() - t0) * 1000
        url, stop = serve_in_thread(build_app(svc))
        try:
            ui, api = browser_times(url, questions), api_times(url, questions)
        finally:
            stop()
    result = {"questions": len(questions), "model_load_and_first_answer_ms": round(cold_ms),
              "ui": summary(ui), "openai_stream": summary(api), "ui_rows": ui, "api_rows": api}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"UI ({len(questions)} questions, embedded models): first token p50 "
          f"{result['ui']['first_p50']} ms / p95 {result['ui']['first_p95']} ms; full answer p50 "
          f"{result['ui']['full_p50']} ms / p95 {result['ui']['full_p95']} ms")
    print(f"OpenAI stream: first token p50 {result['openai_stream']['first_p50']} ms; full p50 "
          f"{result['openai_stream']['full_p50']} ms; cold start (model loads) {cold_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
