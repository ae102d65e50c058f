"""Terminal rendering of ingest reports and clauses (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

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
    console.print(f"Store: {counts['documents']} documents, {counts['clauses']} clauses, "
                  f"{counts['chunks']} chunks.")


def marked_markup(marked: str, changes) -> str:
    """Rich markup for a marked clause: [+added+] underlined green, [-deleted-] struck red."""
    out = escape(marked)
    out = out.replace("[+", "\x00ins").replace("+]", "\x00/ins")
    out = out.replace("[-", "\x00del").replace("-]", "\x00/del")
    out = out.replace("\x00ins", "[underline green]").replace("\x00/ins", "[/underline green]")
    return out.replace("\x00del", "[strike red]").replace("\x00/del", "[/strike red]")


def print_clause(hit, console: Console | None = None) -> None:
    console = console or Console()
    c, doc = hit.clause, hit.doc
    where = f"page {c.page}" if c.page else "no page numbers"
    console.rule(f"[bold]{escape(c.section or c.label or '(unnumbered)')}[/] — "
                 f"{escape(doc.get('title', c.doc_id))}")
    console.print(f"[dim]{escape(doc.get('doc_type', ''))}, {escape(doc.get('status', ''))}; "
                  f"{escape(' > '.join(c.heading_path))}; {where}[/]")
    if c.section_raw:
        console.print(f"[yellow]Printed as {escape(c.section_raw)}; other readings: "
                      f"{escape(', '.join(c.aliases))}[/]")
    console.print(escape(c.redline.current))
    if c.redline.changes:
        console.print("[bold]Changes:[/]")
        console.print(marked_markup(c.redline.marked, c.redline.changes))
    if c.lossy:
        console.print("[yellow]Note: this proposal's struck language was lost in extraction; "
                      "text shown may include deleted words.[/]")
