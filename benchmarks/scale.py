"""Benchmark: search and ask latency as the store grows, cold starts, and peak memory.

    .venv/bin/python benchmarks/scale.py [--store benchmarks/.stores/oregon]

Reads the full Oregon store that benchmarks/ingest_oregon.py leaves behind (run it first;
`make bench` does). Copies the first documents holding ~1k and ~10k chunks into stores of their
own (vectors copied, nothing re-embedded), then, for 1k, 10k and all chunks, times every
question of evals/oregon.jsonl through search and through ask (SmolLM2 via llama.cpp), each
in a fresh process so peak RSS is per phase. Also times `steward --help` and a cold
`steward ask` on the seed corpus. Writes benchmarks/results/scale.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.stats import pct  # noqa: E402  (needs ROOT on the path)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
STORES = ROOT / "benchmarks" / ".stores"
SIZES = (1_000, 10_000)


def open_at(data_dir: Path):
    """The app's Service over the store in `data_dir` (embedded models, as `make run`)."""
    from store.settings import Settings
    from ui.service import Service

    return Service(Settings(data_dir=data_dir, _env_file=None))


def subset(full: Path, target: int) -> Path:
    """A store of the first documents (by id) holding at least `target` chunks (their rows
    and vectors copied, nothing re-embedded)."""
    from ui.users import OWNER

    src = open_at(full)
    docs, total = [], 0
    for doc_id, rec in sorted(src.documents(OWNER).items()):
        docs.append(doc_id)
        total += rec.n_chunks
        if total >= target:
            break
    dest = STORES / f"oregon-{target // 1000}k"
    shutil.rmtree(dest, ignore_errors=True)
    src.store.copy_to(open_at(dest).store, docs)
    return dest


def measure(data_dir: Path, mode: str) -> dict:
    """In this process: time every Oregon question through `mode` (search or ask)."""
    from evals.runner import load_cases, set_path
    from ui.users import OWNER

    svc = open_at(data_dir)
    call = svc.search if mode == "search" else svc.ask
    call(OWNER, "warm up the models and indexes")
    ms = []
    for case in load_cases(set_path("oregon")):
        svc.searcher.forget_queries()  # time the query embedding too
        t0 = time.perf_counter()
        call(OWNER, case.question)
        ms.append((time.perf_counter() - t0) * 1000)
    return {"chunks": svc.counts()["chunks"], "queries": len(ms),
            "p50_ms": round(pct(ms, 0.5), 1), "p95_ms": round(pct(ms, 0.95), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def in_child(data_dir: Path, mode: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", str(data_dir), "--mode", mode],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_starts(repeat: int = 3) -> dict:
    """Whole-process wall time of `steward --help` and of a first `steward ask`."""
    steward = str(Path(sys.executable).parent / "steward")
    env = {**os.environ, "STEWARD_DATA_DIR": str(STORES / "seed")}
    subprocess.run([steward, "ingest", "-q"], env=env, check=True, capture_output=True)

    def wall(*args: str) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run([steward, *args], env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        return round(sorted(times)[len(times) // 2], 2)

    return {"help_s": wall("--help"),
            "ask_s": wall("ask", "How long do new employees have to file units?")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, default=STORES / "oregon")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--mode", choices=("search", "ask"), help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scale.json")
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.mode)))
        return 0
    if not (args.store / "chroma").is_dir():
        print(f"no Oregon store at {args.store}: run benchmarks/ingest_oregon.py first",
              file=sys.stderr)
        return 2
    stores = [subset(args.store, n) for n in SIZES] + [args.store]
    result = {"cold_start": cold_starts(), "by_size": [
        {"search": in_child(s, "search"), "ask": in_child(s, "ask")} for s in stores]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
