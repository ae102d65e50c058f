"""Benchmark: N users asking at once through the app's API (N = 1, 4, 16), on the embedded models.

    .venv/bin/python benchmarks/load.py [--levels 1,4,16] [--requests 48]

Serves the app (all-MiniLM-L6-v2 + SmolLM2 in-process; corpus/ ingested into
benchmarks/.stores/load) on 127.0.0.1 with 16 member accounts, each with its own API key. A
warm-up pass asks each question once, alone: that verified answer is its reference. Then at each
level N, N users (threads, each with its own HTTP client and key) ask `--requests` questions
between them, all at once, streamed through /v1/chat/completions. Checked: no errors, and every
reply cites exactly what its own question's reference cites (no cross-talk; identical text is
counted too). Reported: latency and first-token p50/p95, throughput, and how long requests
queued for the embedded model (llama.cpp is not re-entrant: one lock, requests wait their
turn). Writes benchmarks/results/load.json. Not a CI gate.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.stats import pct  # noqa: E402  (needs ROOT on the path)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
STORE = ROOT / "benchmarks" / ".stores" / "load"
USERS = 16


def questions(n: int) -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "evals" / "seed.jsonl").read_text().splitlines()
            if line.strip()]
    return list(dict.fromkeys(r["question"] for r in rows if r["answerable"]))[:n]


def start(settings):
    """Ingest corpus/ (incremental), add the users, serve the app; returns url, keys, stop, svc."""
    from ui.server import build_app, serve_in_thread
    from ui.service import Service
    from ui.users import OWNER

    (settings.data_dir / "users.json").unlink(missing_ok=True)
    svc = Service(settings)
    svc.ingest(OWNER, [settings.corpus_dir], progress=False)
    keys = [svc.users.add(f"user{i:02d}", "member", f"pass-{i:02d}-load") for i in range(USERS)]
    url, stop = serve_in_thread(build_app(svc))
    return url, keys, stop, svc


def ask(client, url: str, key: str, question: str) -> dict:
    """One streamed question: total and first-token seconds, the text, the cited clauses."""
    body = {"model": "steward", "stream": True,
            "messages": [{"role": "user", "content": question}]}
    t0, first, text, steward = time.perf_counter(), None, [], {}
    with client.stream("POST", url + "/v1/chat/completions", json=body, timeout=600,
                       headers={"Authorization": f"Bearer {key}"}) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            event = json.loads(line[6:])
            piece = event["choices"][0]["delta"].get("content")
            if piece:
                first = first if first is not None else time.perf_counter() - t0
                text.append(piece)
            steward = event.get("steward", steward)
    cites = [(c["doc_id"], c["section"], c["quote"]) for c in steward.get("citations", [])]
    return {"question": question, "seconds": time.perf_counter() - t0, "first": first or 0.0,
            "text": "".join(text), "citations": cites}


def level(url: str, keys: list[str], pool: list[str], n: int, total: int) -> list[dict]:
    """n users at once, each asking its share of `total` questions in turn."""
    import httpx

    results: list[dict] = []
    barrier, lock = threading.Barrier(n), threading.Lock()

    def user(i: int) -> None:
        mine = [pool[(i + j * n) % len(pool)] for j in range(total // n)]
        with httpx.Client() as client:
            barrier.wait()
            for q in mine:
                try:
                    got = ask(client, url, keys[i], q)
                except Exception as exc:  # an error is a result here, counted and shown
                    got = {"question": q, "error": f"{type(exc).__name__}: {exc}"}
                with lock:
                    results.append(got)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def summarize(n: int, results: list[dict], reference: dict, waits: list[float],
              seconds: float) -> dict:
    ok = [r for r in results if "error" not in r]
    crossed = [r["question"] for r in ok if r["citations"] != reference[r["question"]]["citations"]]
    same_text = sum(r["text"] == reference[r["question"]]["text"] for r in ok)
    lat, first = [r["seconds"] for r in ok], [r["first"] for r in ok]
    return {"users": n, "requests": len(results), "errors": len(results) - len(ok),
            "error_examples": [r["error"] for r in results if "error" in r][:3],
            "cross_talk": len(crossed), "cross_talk_examples": crossed[:3],
            "identical_text": same_text, "wall_s": round(seconds, 2),
            "throughput_rps": round(len(ok) / seconds, 2) if seconds else 0.0,
            "latency_p50_s": round(pct(lat, 0.5), 3), "latency_p95_s": round(pct(lat, 0.95), 3),
            "first_token_p50_s": round(pct(first, 0.5), 3),
            "first_token_p95_s": round(pct(first, 0.95), 3),
            "model_calls": len(waits), "model_wait_p50_s": round(pct(waits, 0.5), 3),
            "model_wait_p95_s": round(pct(waits, 0.95), 3),
            "model_wait_max_s": round(max(waits, default=0.0), 3)}


def main() -> None:
    import httpx

    from store.settings import Settings

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--levels", default="1,4,16")
    ap.add_argument("--requests", type=int, default=48, help="questions asked per level")
    args = ap.parse_args()
    settings = Settings(data_dir=STORE, corpus_dir=ROOT / "corpus", chat_backend="embedded",
                        _env_file=None)
    url, keys, stop, svc = start(settings)
    pool = questions(USERS)
    try:
        with httpx.Client() as client:  # warm-up and references: each question alone
            reference = {q: ask(client, url, keys[0], q) for q in pool}
        out = []
        for n in (int(x) for x in args.levels.split(",")):
            chat = svc.answerer.chat
            before = len(chat.waits)
            t0 = time.perf_counter()
            results = level(url, keys, pool, n, args.requests)
            waits = list(chat.waits)[before:]
            out.append(summarize(n, results, reference, waits, time.perf_counter() - t0))
            print(json.dumps(out[-1]), flush=True)
    finally:
        stop()
    dest = ROOT / "benchmarks" / "results" / "load.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps({"questions": len(pool), "levels": out,
                                "cpu_count": os.cpu_count()}, indent=2) + "\n")
    print(f"wrote {dest}")


if __name__ == "__main__":
    main()
