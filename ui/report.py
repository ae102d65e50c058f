"""Terminal rendering of ingest reports and clauses (rich)."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .words import METHOD_WORDS, STATUS_WORDS, TYPE_WORDS, say, say_lower, unrelated_note

_STATUS_STYLE = {"added": "green", "updated": "cyan", "unchanged": "dim", "failed": "red",
                 "removed": "yellow"}


def print_ingest_report(report, counts: dict[str, int], console: Console | None = None) -> None:
    """Summary line, a row per failure with its reason, and what the store now holds."""
    console = console or Console(stderr=False)
    parts = [f"[{_STATUS_STYLE[s]}]{report.count(s)} {s}[/]" for s in
             ("added", "updated", "unchanged", "failed") ]
    if report.count("removed"):
        parts.append(f"[yellow]{report.count('removed')} removed[/]")
    console.print("Ingest: " + ", ".join(parts) + f"  ({report.seconds:.1f} s, "
                  f"{report.chunks_embedded} chunks embedded)")
    failed = [r for r in report.results if r.status == "failed"]
    if failed:
        table = Table("file", "why it failed", title="Files not ingested", title_style="red")
        for r in failed:
            table.add_row(escape(r.path), escape(r.reason))
        console.print(table)
    dupes = [r for r in report.results if r.reason and r.status == "unchanged"]
    for r in dupes:
        console.print(f"[dim]{escape(r.path)}: {escape(r.reason)}[/]")
    for r in report.results:
        for note in r.notes:
            console.print(f"[yellow]{escape(Path(r.path).name)}[/]: {escape(note)}")
    console.print(f"Store: {counts['documents']} documents, {counts['clauses']} clauses, "
                  f"{counts['chunks']} chunks.")


_MARK_RX = re.compile(r"\[\+(.*?)\+\]|\[-(.*?)-\]", re.DOTALL)


def marked_markup(marked: str) -> str:
    """Rich markup for a marked clause: [+added+] underlined green, [-deleted-] struck red;
    everything else escaped, so clause text like "[age 55+]" prints as written."""
    out, pos = [], 0
    for m in _MARK_RX.finditer(marked):
        out.append(escape(marked[pos : m.start()]))
        if m.group(1) is not None:
            out.append(f"[underline green]{escape(m.group(1))}[/underline green]")
        else:
            out.append(f"[strike red]{escape(m.group(2))}[/strike red]")
        pos = m.end()
    out.append(escape(marked[pos:]))
    return "".join(out)


def redline_text(console: Console, marked: str) -> str:
    """Struck/underlined on a colour terminal; the literal [-…-]/[+…+] marks otherwise."""
    return marked_markup(marked) if console.color_system else escape(marked)


def print_clause(hit, console: Console | None = None) -> None:
    console = console or Console()
    c, doc = hit.clause, hit.doc
    where = f"page {c.page}" if c.page else "no page numbers"
    console.rule(f"[bold]{escape(c.section or c.label or '(unnumbered)')}[/] — "
                 f"{escape(doc.title or c.doc_id)}")
    console.print(f"[dim]{escape(say_lower(TYPE_WORDS, doc.doc_type))}, "
                  f"{escape(say_lower(STATUS_WORDS, doc.status))}; "
                  f"{escape(' > '.join(c.heading_path))}; {where}[/]")
    if c.section_raw:
        console.print(f"[yellow]Printed as {escape(c.section_raw)}; other readings: "
                      f"{escape(', '.join(c.aliases))}[/]")
    console.print(escape(c.redline.current))
    if c.redline.changes:
        console.print("[bold]Changes:[/]")
        console.print(redline_text(console, c.redline.marked))
    if c.lossy:
        console.print("[yellow]Note: this proposal's struck language was lost in extraction; "
                      "text shown may include deleted words.[/]")


def print_hits(query: str, hits, console: Console | None = None) -> None:
    console = console or Console()
    if not hits:
        console.print(f"[yellow]Nothing found for {escape(query)!r}.[/]")
    for n, h in enumerate(hits, 1):
        where = f", p. {h.page}" if h.page else ""
        tag = " [bold green](named)[/]" if h.exact else ""
        console.print(f"[bold]{n}. {escape(h.section or '(unnumbered)')}[/]{tag} — "
                      f"{escape(h.title)} [dim]({escape(say_lower(TYPE_WORDS, h.doc_type))}{where}, "
                      f"score {h.score:.3f})[/]")
        console.print("   " + escape(" ".join(h.text.split())[:300]))


def stream_answer(parts):
    """Print answer text as it streams; return the final Answer."""
    import sys

    from retrieval.answer import Answer

    final = None
    for part in parts:
        if isinstance(part, Answer):
            final = part
        else:
            sys.stdout.write(part)
            sys.stdout.flush()
    sys.stdout.write("\n")
    return final


def print_answer(answer, console: Console | None = None) -> None:
    """After the streamed text: the cited clauses with their verbatim quotes."""
    console = console or Console()
    for note in answer.notices:
        console.print(f"[yellow]{escape(note)}[/]")
    if answer.refused:
        if answer.closest:
            console.print("[dim]Closest clauses found:[/]")
            print_hits("", list(answer.closest), console)
        return
    console.print()
    for c in answer.citations:
        where = f", page {c.page}" if c.page else ""
        console.print(f"[bold][{c.marker}][/] {escape(c.title)} — "
                      f"{escape(c.section or '(unnumbered)')}{where} [dim]"
                      f"({escape(say_lower(TYPE_WORDS, c.doc_type))}, "
                      f"{escape(say_lower(STATUS_WORDS, c.status))})[/]")
        console.print(f"    “{escape(c.quote)}”")
        if c.ocr_confidence is not None:
            from .panels import ocr_note

            console.print(f"    [yellow]{escape(ocr_note(c.ocr_confidence))}[/]")
        if c.marked:
            console.print("    [dim]Redline:[/] " + redline_text(console, c.marked))


_EVAL_ROWS = ("questions", "answerable", "unanswerable", "recall@1", "recall@5", "mrr",
              "cited_evidence_recall", "answer_fact_accuracy", "refusal_precision",
              "refusal_recall", "false_refusals", "unverified_quotes", "contradictions",
              "latency_p50_s",
              "latency_p95_s")
_PLAIN = ("mrr", "latency_p50_s", "latency_p95_s")


def _cell(key: str, value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}" if key in _PLAIN else f"{value:.1%}"
    return str(value)


def print_eval(name: str, summaries: dict[str, dict], failures, console: Console | None = None,
               wins: dict[str, bool] | None = None) -> None:
    """The metrics side by side (Steward, then the baseline), and optionally each miss."""
    console = console or Console()
    table = Table("metric", *summaries, *(["steward better"] if wins else []),
                  title=f"Steward eval: {name}")
    for key in _EVAL_ROWS:
        mark = [] if not wins else [("yes" if wins[key] else "[red]NO[/]") if key in wins else ""]
        table.add_row(key, *(_cell(key, s.get(key)) for s in summaries.values()), *mark)
    console.print(table)
    for r in failures:
        ok = (r.refused if not r.case.answerable else r.fact_in_answer and r.fact_in_quote)
        if not ok or r.contradiction:
            why = f", contradiction: {r.contradiction}" if r.contradiction else ""
            console.print(f"[red]{escape(r.case.id)}[/] {escape(r.case.question)} "
                          f"[dim](refused={r.refused}, rank={r.rank}{escape(why)})[/]")
            console.print("   " + escape(r.answer[:300].replace("\n", " ")))


def draft_json(draft) -> dict:
    """The draft for scripts: per clause, base and new text, redline, rationale, checks."""
    from retrieval.diff import marked

    return {"goal": draft.goal, "against": draft.against, "from_party": draft.from_party,
            "to_party": draft.to_party, "date": draft.date, "title": draft.title, "clauses": [
                {"section": c.section, "base_doc_id": c.base_clause.doc_id,
                 "base": c.base_text, "draft": c.text, "marked": marked(c.edits),
                 "method": c.method, "rationale": c.rationale, "notes": list(c.notes),
                 "terms": [{"kind": o.term.kind, "term": o.term.label(), "words": o.term.words,
                            "applied": o.applied, "how" if o.applied else "why": o.how}
                           for o in c.outcomes],
                 "not_understood": list(c.unclear), "editorial_marks": list(c.marks),
                 "citations": [x.to_json() for x in c.citations],
                 "checks": [{"name": k.name, "ok": k.ok, "detail": k.detail} for k in c.checks]}
                for c in draft.clauses]}


def print_draft(draft, console: Console | None = None) -> None:
    from retrieval.diff import marked

    console = console or Console()
    console.rule(f"[bold]{escape(draft.from_party)} counterproposal to {escape(draft.to_party)}")
    for c in draft.clauses:
        how = say(METHOD_WORDS, c.method)
        console.print(f"[bold]{escape(c.section)}[/] [dim]({escape(how)}; answers "
                      f"{escape(c.base_doc.title or c.base_clause.doc_id)})[/]")
        console.print(redline_text(console, marked(c.edits)))
        console.print(f"[dim]Why:[/] {escape(c.rationale)}")
        for x in c.citations:
            console.print(f"  [{x.marker}] {escape(x.label)}: “{escape(x.quote)}”")
        for line in c.term_lines():
            tag = "" if line.startswith("Applied") else "[yellow]"
            console.print(f"  {tag}{escape(line)}{'[/]' if tag else ''}")
        for k in c.checks:
            tag = "[green]OK[/]" if k.ok else "[yellow]REVIEW[/]"
            console.print(f"  {tag} {escape(k.name)}: {escape(k.detail)}")
        for n in c.notes:
            console.print(f"  [yellow]{escape(n)}[/]")


def print_comparison(result, show_all: bool = False, console: Console | None = None) -> None:
    from retrieval.diff import marked

    console = console or Console()
    console.rule(f"[bold]{escape(result.title_a)} → {escape(result.title_b)}")
    console.print(escape(result.summary()))
    if note := unrelated_note(result):
        console.print(f"[yellow]{escape(note)}[/]")
    for r in result.rows:
        if r.status == "unchanged" and not show_all:
            continue
        where = r.section_b or r.section_a or ""
        if r.status == "moved":
            where = f"{r.section_a} → {r.section_b}"
        console.print(f"[bold]{escape(r.status.upper())}[/] {escape(where)} [dim]{escape(r.how)}[/]")
        console.print("  " + redline_text(console, marked(r.edits)))
