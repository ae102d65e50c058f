"""Benchmark: time to first token and to the full answer in the UI, on the embedded models.

    .venv/bin/python benchmarks/ui_latency.py [--questions 20] [--cold-only]

Serves the app (real all-MiniLM-L6-v2 and SmolLM2, corpus/ ingested into a temporary store) on
127.0.0.1, opens it in headless Debian chromium, and for each question of evals/seed.jsonl clicks
Ask and watches the page: first token = the first answer text replacing the status line
("Searching the documents…"); full = the citation panel filled. The same questions are then
streamed through the OpenAI-compatible endpoint.

First, the cold start a member meets: `steward serve` started fresh in its own process on a copy
of that store, timed until it answers HTTP (it loads the models before it listens), then the
page opened until it says who is signed in ("ready"), then the first example question asked
in the browser until its answer and citations are shown (target: under 3 s after ready).
Writes benchmarks/results/ui_latency.json (--cold-only: just the cold start, into that file).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
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

# True once the newest answer bubble shows answer text: not empty, not a status line.
FIRST = """([n, busy]) => { const rows = document.querySelectorAll('#steward-chat .bot-row');
  if (rows.length <= n) return false;
  const text = rows[rows.length - 1].innerText.replace(/\\s/g, '');
  return text.length > 0 && text !== '…' && !busy.includes(text); }"""
FULL = "(n) => !!document.querySelector(`#steward-cites[data-turn='${n}']`)"


def busy_words() -> list[str]:
    from ui.words import PROGRESS_WORDS

    return ["".join(w.split()) for w in PROGRESS_WORDS.values()]


def ask_in_page(page, question: str, turn: int = 0) -> tuple[float, float]:
    """Ask in the open page; seconds to the first answer text and to the filled citations."""
    page.fill("#ask-box textarea", question)
    t0 = time.perf_counter()
    page.click("#ask-send")
    page.wait_for_function(FIRST, arg=[turn, busy_words()], polling="raf", timeout=120_000)
    first = time.perf_counter() - t0
    page.wait_for_function(FULL, arg=turn, polling="raf", timeout=120_000)
    return first, time.perf_counter() - t0


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
            first, full = ask_in_page(page, q)
            out.append({"question": q, "first_ms": first * 1000, "full_ms": full * 1000})
        ctx.close()
    return out


def start_fresh_server(data_dir: Path, port: int) -> subprocess.Popen:
    """`steward serve` in a new process (this checkout's code), on `data_dir`."""
    env = {**os.environ, "STEWARD_DATA_DIR": str(data_dir), "STEWARD_CORPUS_DIR": str(ROOT / "corpus"),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    code = "from ui.cli import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def cold_first_answer(store: Path, question: str) -> dict:
    """A fresh server, the page opened once it answers, one question asked in the browser."""
    from playwright.sync_api import sync_playwright

    from tests.servers import free_port, wait_until_up

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium",
                                                    headless=True, args=FLAGS)
        page = ctx.new_page()
        t0 = time.perf_counter()
        proc = start_fresh_server(store, port)
        try:
            wait_until_up(proc, url, "steward serve", seconds=300)
            served = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("#whoami :text('Single-user')", timeout=120_000)
            ready = time.perf_counter()
            first, full = ask_in_page(page, question)
        finally:
            ctx.close()  # first: the server waits for open pages before it stops
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {"question": question, "server_start_s": round(served - t0, 1),
            "page_ready_ms": round((ready - served) * 1000),
            "first_token_ms": round(first * 1000), "answer_ms": round(full * 1000)}


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
    ap.add_argument("--cold-only", action="store_true", help="only the fresh server's first answer")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ui_latency.json")
    args = ap.parse_args()

    from evals.runner import load_cases, set_path
    from store.settings import Settings
    from ui.app import EXAMPLES
    from ui.service import Service
    from ui.users import OWNER

    questions = [c.question for c in load_cases(set_path("seed"))][: args.questions]
    with tempfile.TemporaryDirectory(prefix="steward-ui-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "store", _env_file=None)
        svc = Service(settings)
        svc.ingest(OWNER, [ROOT / "corpus"], progress=False)
        shutil.copytree(settings.data_dir, Path(tmp) / "cold")
        cold = cold_first_answer(Path(tmp) / "cold", EXAMPLES[0])
        result = json.loads(args.out.read_text()) if args.cold_only and args.out.exists() else {}
        result["cold_first_answer"] = cold
        if not args.cold_only:
            result.update(warm_figures(svc, questions))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"Cold start: `steward serve` answered HTTP after {cold['server_start_s']} s; the page "
          f"said ready {cold['page_ready_ms']} ms later; the first answer came "
          f"{cold['answer_ms']} ms after that (first words at {cold['first_token_ms']} ms).")
    if not args.cold_only:
        print(f"UI ({len(questions)} questions, embedded models): first token p50 "
              f"{result['ui']['first_p50']} ms / p95 {result['ui']['first_p95']} ms; full answer "
              f"p50 {result['ui']['full_p50']} ms / p95 {result['ui']['full_p95']} ms")
        print(f"OpenAI stream: first token p50 {result['openai_stream']['first_p50']} ms; full p50 "
              f"{result['openai_stream']['full_p50']} ms; models loaded at start-up in "
              f"{result['warm_up_ms']} ms")
    return 0


def warm_figures(svc, questions: list[str]) -> dict:
    """The app served in this process (models loaded first, as `steward serve` does): each
    question in the browser, then through the OpenAI-compatible API."""
    from ui.server import build_app, serve_in_thread

    t0 = time.perf_counter()
    svc.warm_up()
    warm_ms = (time.perf_counter() - t0) * 1000
    url, stop = serve_in_thread(build_app(svc))
    try:
        ui, api = browser_times(url, questions), api_times(url, questions)
    finally:
        stop()
    return {"questions": len(questions), "warm_up_ms": round(warm_ms), "ui": summary(ui),
            "openai_stream": summary(api), "ui_rows": ui, "api_rows": api}


if __name__ == "__main__":
    sys.exit(main())
