"""Print the README's benchmark table from the latest benchmarks/results/*.json.

    .venv/bin/python benchmarks/summary.py

`make bench` ends with this, so the table in the README can be checked against a fresh run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def load(name: str) -> dict:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def ingest_rows(ing: dict) -> list[tuple[str, str]]:
    s = ing["split_s"]
    return [
        ("Oregon ingest: documents / failed / MB of text",
         f"{ing['documents']} / {len(ing['failed'])} / {ing['megabytes']}"),
        ("clauses / chunks", f"{ing['clauses']:,} / {ing['chunks']:,}"),
        ("ingest wall time, chunks/s, MB/s",
         f"{ing['seconds']:,.0f} s, {ing['chunks_per_s']}, {ing['mb_per_s']}"),
        ("embedding / parsing / Chroma writes / BM25",
         f"{s['embed']:,.0f} s / {s['parse']:,.0f} s / {s['store']:,.0f} s / {s['lexical']:,.0f} s"),
        ("pipeline overhead vs embedding time (target < 15%)",
         f"{ing['overhead_vs_embedding']:.1%}"),
        ("re-ingest unchanged, per 100 documents (target < 1 s)",
         f"{ing['reingest_s_per_100_docs']} s"),
        ("peak RSS, ingest", f"{ing['peak_rss_mb'] / 1024:.1f} GB"),
    ]


def scale_rows(sc: dict) -> list[tuple[str, str]]:
    rows = []
    for size in sc["by_size"]:
        se, ask = size["search"], size["ask"]
        rows.append((f"search p50 / p95 at {se['chunks']:,} chunks (target p95 < 150 ms)",
                     f"{se['p50_ms']:,.0f} / {se['p95_ms']:,.0f} ms, RSS {se['peak_rss_mb']} MB"))
        rows.append((f"ask p50 / p95 at {ask['chunks']:,} chunks (SmolLM2)",
                     f"{ask['p50_ms']:,.0f} / {ask['p95_ms']:,.0f} ms, RSS {ask['peak_rss_mb']} MB"))
    cold = sc["cold_start"]
    rows.append(("`steward --help` (target < 0.5 s) / cold `steward ask`",
                 f"{cold['help_s']} s / {cold['ask_s']} s"))
    return rows


def ui_rows(ui: dict) -> list[tuple[str, str]]:
    rows = []
    if cold := ui.get("cold_first_answer"):
        rows.append(("UI cold start: `steward serve` to listening / first answer after the page "
                     "says ready (target < 3 s)",
                     f"{cold['server_start_s']} s / {cold['answer_ms']:,} ms"))
    if "ui" in ui:
        u, o = ui["ui"], ui["openai_stream"]
        rows += [("UI first token / full answer, p50 / p95",
                  f"{u['first_p50']:,} / {u['full_p50']:,} ms, {u['first_p95']:,} / "
                  f"{u['full_p95']:,} ms"),
                 ("OpenAI-compatible stream first token p50 / p95",
                  f"{o['first_p50']:,} / {o['first_p95']:,} ms")]
    return rows


def load_rows(ld: dict) -> list[tuple[str, str]]:
    rows = []
    for lv in ld["levels"]:
        rows.append((f"{lv['users']} user(s) at once (API): errors / cross-talk, p50 / p95, "
                     "model-lock wait p95 / max",
                     f"{lv['errors']} / {lv['cross_talk']} of {lv['requests']}, "
                     f"{lv['latency_p50_s'] * 1000:,.0f} / {lv['latency_p95_s'] * 1000:,.0f} ms, "
                     f"{lv['model_wait_p95_s'] * 1000:,.0f} / {lv['model_wait_max_s'] * 1000:,.0f} ms"))
    return rows


def main() -> int:
    rows: list[tuple[str, str]] = []
    for name, fn in (("ingest_oregon", ingest_rows), ("scale", scale_rows), ("ui_latency", ui_rows),
                     ("load", load_rows)):
        data = load(name)
        if data:
            rows += fn(data)
        else:
            print(f"(no {name}.json yet)", file=sys.stderr)
    print("| figure | value |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
