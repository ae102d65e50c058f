"""Benchmark: ingest the 228 Oregon CBAs, then re-ingest them unchanged.

    .venv/bin/python benchmarks/ingest_oregon.py [--limit N] [--embedder hash]

Leaves the store in benchmarks/.stores/oregon for benchmarks/scale.py.
Prints and writes benchmarks/results/ingest_oregon.json: documents, failures (with reasons),
chunks, wall time, chunks/s, MB/s, the parse / embed / store split, re-ingest seconds per 100
documents, and peak RSS. Reads ../shared/corpora/oregon-cba; the app never needs it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "oregon-cba"


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    files = sorted(corpus.glob("*/cba/*.md")) + sorted(corpus.glob("*/loa/*.md"))
    return files[:limit] if limit else files


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--embedder", default="sentence-transformers")
    ap.add_argument("--data-dir", type=Path, default=ROOT / "benchmarks" / ".stores" / "oregon",
                    help="where the store is built (emptied first)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ingest_oregon.json")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    from store.settings import Settings
    from ui.service import Service
    from ui.users import OWNER

    files = corpus_files(args.corpus, args.limit)
    shutil.rmtree(args.data_dir, ignore_errors=True)
    settings = Settings(data_dir=args.data_dir, embedder=args.embedder, _env_file=None)
    svc = Service(settings)
    first = svc.ingest(OWNER, files, progress=sys.stderr.isatty())
    rss_ingest = peak_rss_mb()
    t0 = time.perf_counter()
    again = svc.ingest(OWNER, files, progress=False)
    rerun_s = time.perf_counter() - t0
    counts = svc.counts()

    mb = first.bytes_read / 1e6
    chunks = first.chunks_embedded
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "embedder": svc.embedder.name,
        "documents": len(files),
        "added": first.count("added"),
        "failed": [{"path": r.path, "reason": r.reason} for r in first.results if r.status == "failed"],
        "chunks": chunks,
        "clauses": counts["clauses"],
        "megabytes": round(mb, 2),
        "seconds": round(first.seconds, 1),
        "chunks_per_s": round(chunks / first.seconds, 1),
        "mb_per_s": round(mb / first.seconds, 3),
        "split_s": {k: round(v, 1) for k, v in first.timings.items()},
        "embed_batch_size": settings.embed_batch_size,
        "overhead_vs_embedding": round((first.seconds - first.timings["embed"])
                                       / max(first.timings["embed"], 1e-9), 3),
        "reingest_unchanged_s": round(rerun_s, 2),
        "reingest_s_per_100_docs": round(rerun_s / len(files) * 100, 3),
        "reingest_unchanged": again.count("unchanged"),
        "peak_rss_mb": round(rss_ingest, 0),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
