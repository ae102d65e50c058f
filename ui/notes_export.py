"""The bargaining team's notes on a draft, kept out of the proposal: why the draft reads as it
does, each term of the goal (applied, not applied and why, not understood), the checks, the
sources it cites and what it left out (editorial marks). Written as Markdown or as a Word file
of its own, never inside the Word file meant for the other side."""

from __future__ import annotations

from pathlib import Path

HEADING = "Notes for the bargaining team — not for the other side"


def notes_sections(draft) -> list[tuple[str, list[str]]]:
    """(heading, lines) for the whole draft, then for each clause."""
    out = [(HEADING, [f"{draft.from_party} counterproposal to {draft.to_party}: {draft.title}, "
                      f"{draft.date}", f"Goal: {draft.goal}"])]
    for c in draft.clauses:
        lines = [f"Why: {c.rationale}", *c.term_lines()]
        lines += [f"{'OK' if k.ok else 'REVIEW'} — {k.name}: {k.detail}" for k in c.checks]
        lines += [f"[{x.marker}] {x.label}: “{x.quote}”" for x in c.citations]
        lines += list(c.notes)
        out.append((f"{c.section} ({c.method})", lines))
    return out


def notes_markdown(draft) -> str:
    parts = []
    for n, (heading, lines) in enumerate(notes_sections(draft)):
        parts.append(f"{'#' if n == 0 else '##'} {heading}\n")
        parts += [f"- {line}" if n else line + "  " for line in lines]
        parts.append("")
    return "\n".join(parts)


def write_notes(draft, path: Path) -> Path:
    """The team's notes as a Word file (`.docx`) or Markdown (any other name)."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        path.write_text(notes_markdown(draft), encoding="utf-8")
        return path
    import docx

    document = docx.Document()
    document.core_properties.title = HEADING
    for n, (heading, lines) in enumerate(notes_sections(draft)):
        document.add_heading(heading, level=1 if n == 0 else 2)
        for line in lines:
            document.add_paragraph(line, style="List Bullet" if n else None)
    document.save(path)
    return path
