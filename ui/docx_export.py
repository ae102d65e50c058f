"""A counterproposal as a Word document with real tracked changes (w:ins / w:del by "Steward"),
so the team can accept or reject each change in Word or LibreOffice. The file holds the proposal
only, as it can go to the other side; the team's notes are written apart (ui/notes_export.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

AUTHOR = "Steward"


def _revision(tag: str, rev_id: int, when: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    el.set(qn("w:id"), str(rev_id))
    el.set(qn("w:author"), AUTHOR)
    el.set(qn("w:date"), when)
    return el


def _run(text: str, deleted: bool):
    """A w:r holding text (w:delText inside a deletion), line breaks as w:br."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(OxmlElement("w:br"))
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = line
        run.append(t)
    return run


def add_redline_paragraph(document, edits, when: str, first_id: int) -> int:
    """Append one paragraph of edits; returns the next free revision id."""
    paragraph = document.add_paragraph()
    rev = first_id
    for e in edits:
        if e.kind == "equal":
            paragraph._p.append(_run(e.text, deleted=False))
            continue
        wrapper = _revision("w:ins" if e.kind == "insert" else "w:del", rev, when)
        wrapper.append(_run(e.text, deleted=e.kind == "delete"))
        paragraph._p.append(wrapper)
        rev += 1
    return rev


def write_docx(draft, path: Path) -> Path:
    """Write the proposal, for the other side: a header naming the parties and date, then each
    clause as a tracked redline against its base. Nothing else: the team's notes (rationale,
    checks, terms not applied) go to their own file (ui/notes_export.py)."""
    import docx

    document = docx.Document()
    document.core_properties.author = AUTHOR
    document.core_properties.title = f"{draft.from_party} counterproposal: {draft.title}"
    document.add_heading(f"{draft.from_party} Counterproposal to {draft.to_party}", level=1)
    document.add_paragraph(draft.title)
    document.add_paragraph(long_date(draft.date))
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z")
    rev = 1
    for clause in draft.clauses:
        rev = add_redline_paragraph(document, clause.edits, when, rev)
    path = Path(path)
    document.save(path)
    return path


def long_date(iso: str) -> str:
    """'2026-03-05' -> 'March 5, 2026'."""
    return dt.date.fromisoformat(iso).strftime("%B %-d, %Y")


def accepted_and_rejected(path: Path) -> tuple[list[str], list[str]]:
    """Paragraph texts of a .docx with every tracked change accepted, and with every one
    rejected (what Word shows after 'Accept All' / 'Reject All')."""
    import copy

    import docx
    from docx.oxml.ns import qn

    def texts(body, drop: str) -> list[str]:
        body = copy.deepcopy(body)
        for el in list(body.iter(qn(f"w:{drop}"))):
            el.getparent().remove(el)
        out = []
        for p in body.iter(qn("w:p")):
            parts = []
            for node in p.iter(qn("w:t"), qn("w:delText"), qn("w:br")):
                parts.append("\n" if node.tag == qn("w:br") else node.text or "")
            out.append("".join(parts))
        return out

    body = docx.Document(str(path)).element.body
    return texts(body, "del"), texts(body, "ins")
