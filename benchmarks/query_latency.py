"""Benchmark: p50/p95 latency of `search` and `ask` on the seed corpus with the embedded models.

    .venv/bin/python benchmarks/query_latency.py [--repeat 2]

Ingests corpus/ into a temporary store (real all-MiniLM-L6-v2), then times every question of
evals/seed.jsonl through search and through ask (SmolLM2 via llama.cpp). Warm-up calls (model
loads) are reported separately as cold-start figures. Writes benchmarks/results/query_latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else 0.0


def timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", type=Path,
                    default=ROOT / "benchmarks" / "results" / "query_latency.json")
    args = ap.parse_args()

    from evals.runner import load_cases, set_path
    from ingest.embed import SentenceTransformerEmbedder
    from ingest.pipeline import Ingestor
    from ingest.settings import Settings
    from ingest.store import open_store
    from retrieval.answer import Answerer
    from retrieval.chat import LlamaCppChat
    from retrieval.search import Searcher

    questions = [c.question for c in load_cases(set_path("seed"))]
    with tempfile.TemporaryDirectory(prefix="steward-lat-") as tmp:
        settings = Settings(data_dir=Path(tmp), _env_file=None)
        embedder = SentenceTransformerEmbedder()
        store = open_store(settings, embedder.name)
        Ingestor(settings, store, embedder, progress=False).run([ROOT / "corpus"])
        searcher = Searcher(settings, store, embedder)
        answerer = Answerer(searcher, LlamaCppChat())
        cold_search = timed(searcher.search, "warm up the embedder")
        cold_ask = timed(answerer.ask, "How long do new employees have to file units?")
        search_ms, ask_ms = [], []
        for _ in range(args.repeat):
            for q in questions:
                searcher._embed.cache_clear()  # time the query embedding too
                search_ms.append(timed(searcher.search, q))
                searcher._embed.cache_clear()
                ask_ms.append(timed(answerer.ask, q))
    result = {
        "corpus": "seed (5 documents)", "questions": len(questions), "repeat": args.repeat,
        "search_ms": {"p50": round(pct(search_ms, 0.5), 1), "p95": round(pct(search_ms, 0.95), 1)},
        "ask_ms": {"p50": round(pct(ask_ms, 0.5), 1), "p95": round(pct(ask_ms, 0.95), 1)},
        "first_search_ms_incl_model_load": round(cold_search, 1),
        "first_ask_ms_incl_model_load": round(cold_ask, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
