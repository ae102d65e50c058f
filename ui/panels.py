"""HTML and Markdown the app shows: answers with clickable citation markers, the citation side
panel (the quoted span highlighted in its clause, the clause's redline), the Sources block of
the API, and the document list. Pure functions of retrieval's records, so they are tested
without a browser."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from .html_export import marked_html, redline_rules
from .words import STATUS_WORDS, TYPE_WORDS, VISIBILITY_WORDS, say, say_lower

CSS = """
#ask-grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);align-items:start}
#ask-main{grid-column:1;grid-row:1}#ask-side{grid-column:2;grid-row:1/span 2}
#ask-more{grid-column:1;grid-row:2}
#whoami{text-align:right}
#steward-cites{max-height:70vh;overflow-y:auto}
.cite{border:1px solid #d0d7de;border-radius:6px;padding:.4em .7em;margin:.4em 0;background:#fff;
color:#222}
.cite summary{cursor:pointer;font-weight:600}
.cite .meta{color:#57606a;font-size:.85em;font-weight:400}
.cite .clause{margin:.5em 0;line-height:1.5;white-space:normal}
.cite mark{background:#fff3a3;padding:0 .1em}
.cite.flash{outline:3px solid #f0b400}
""" + redline_rules(".redline ") + redline_rules(".steward-doc ") + """
.redline{border-top:1px dashed #ccc;margin-top:.4em;padding-top:.4em}
.check-ok{color:#256029}.check-review{color:#9a5b00}
.steward-doc table{border-collapse:collapse;width:100%}
.steward-doc td,.steward-doc th{border:1px solid #ccc;padding:.3em;vertical-align:top}
.steward-doc th.doc{width:16%}
.steward-doc h1{font-size:1.5em}.steward-doc h2{font-size:1.25em}.steward-doc h3{font-size:1.1em}
@media (max-width:720px){
#ask-grid{grid-template-columns:minmax(0,1fr)}
#ask-main,#ask-side,#ask-more{grid-column:1;grid-row:auto}
#steward-title{min-width:100% !important}
#whoami{text-align:left}
#steward-title h2{font-size:1.2em !important}
#steward-cites{max-height:none}
.steward-doc h1{font-size:1.2em}
}
.steward-doc .unrelated{border-left:4px solid #f0b400;background:#fffbe6;padding:.6em .8em;
color:#222}
"""

# Citation markers are links to the side panel; this makes them scroll there and flash the
# card instead of following the link (the panel may still be updating, so it tries again).
HEAD = """<script>
document.addEventListener('click', function (e) {
  var a = e.target.closest && e.target.closest('a[href^="#cite-"]');
  if (!a) return;
  e.preventDefault(); e.stopPropagation();
  var id = a.getAttribute('href').slice(1), tries = 0;
  (function show() {
    var el = document.getElementById(id);
    if (!el) { if (tries++ < 10) setTimeout(show, 150); return; }
    el.open = true; el.scrollIntoView({block: 'nearest'});
    el.classList.add('flash'); setTimeout(function () { el.classList.remove('flash'); }, 1500);
  })();
}, true);
</script>"""

EMPTY_PANEL = "<div id='steward-cites'><p class='meta'>Citations appear here.</p></div>"
_MARKER = re.compile(r"\[(\d{1,2})\]")


_MD_ACTIVE = re.compile(r"([\\`*_\[\]()!#|~])")


def md_text(text: str) -> str:
    """Plain text made inert inside Markdown: a document's `<script>`, `<img>`, links, images
    or emphasis show as the characters they are, never as markup."""
    return _MD_ACTIVE.sub(r"\\\1", escape(text, quote=False))


# the answering words Steward itself sets in bold ("**$36,000** — …", "**1. …?**")
_BOLD = re.compile(r"\*\*([^*\n]{1,300}?)\*\*")


def _inert_but_bold(text: str) -> str:
    """md_text, except the bold spans that set the answering words apart stay bold (their
    words inert too)."""
    out, pos = [], 0
    for m in _BOLD.finditer(text):
        out += [md_text(text[pos:m.start()]), f"**{md_text(m[1])}**"]
        pos = m.end()
    return "".join(out) + md_text(text[pos:])


def linked_answer(text: str, turn: int) -> str:
    """Answer Markdown (its text inert, see md_text; the answering words bold) whose [n]
    markers link to card n of this turn in the side panel."""
    parts = _MARKER.split(text)  # text, marker number, text, ...
    return "".join(_inert_but_bold(p) if i % 2 == 0 else f"[\\[{p}\\]](#cite-{turn}-{p})"
                   for i, p in enumerate(parts))


def highlight(clause_text: str, quote: str) -> str:
    """The clause, escaped, with the quote marked (matched across any whitespace)."""
    words = quote.split()
    if words:
        rx = re.compile(r"\s+".join(map(re.escape, words)))
        m = rx.search(clause_text)
        if m:
            return (escape(clause_text[:m.start()]) + "<mark>" + escape(m.group(0)) + "</mark>"
                    + escape(clause_text[m.end():])).replace("\n", "<br>")
    return f"<mark>{escape(quote)}</mark><hr>{escape(clause_text)}".replace("\n", "<br>")


def citation_card(c, turn: int) -> str:
    """One cited clause: who says it, where, its status, the clause with the quote marked, and
    its redline when it carries changes."""
    status = say_lower(STATUS_WORDS, c.status) if c.status else ""
    where = " · ".join(x for x in (c.title, f"§ {c.section}" if c.section else "",
                                   f"p. {c.page}" if c.page else "", status, c.date) if x)
    parts = [f"<details class='cite' id='cite-{turn}-{c.marker}' open>",
             f"<summary>[{c.marker}] {escape(c.label)}<br><span class='meta'>{escape(where)}"
             "</span></summary>",
             f"<div class='clause'>{highlight(c.clause_text or c.quote, c.quote)}</div>"]
    if c.marked:
        changes = _inferred(marked_html(c.marked), c.notes)
        parts.append("<div class='redline'><b>Changes in this document</b> (added: underlined in "
                     f"green; deleted: struck through in red):<br>{changes}</div>")
    if c.notes:
        parts.append(f"<div class='meta'>{escape('; '.join(c.notes))}</div>")
    if c.lossy:
        parts.append("<div class='meta'>Extracted without its strikethrough: some words shown "
                     "may be struck in the original.</div>")
    if c.ocr_confidence is not None:
        parts.append(f"<div class='meta'>{escape(ocr_note(c.ocr_confidence))}</div>")
    return "".join(parts) + "</details>"


def _inferred(html: str, notes: tuple[str, ...]) -> str:
    """Underline additions known only from the notes (a lossy redline's inferred insertions)."""
    for note in notes:
        if note.startswith("adds "):
            for added in re.findall(r"“([^”]+)”", note):
                text = escape(added)
                if f"<ins>{text}</ins>" not in html and text in html:
                    html = html.replace(text, f"<ins title='inferred from the move'>{text}</ins>", 1)
    return html


def citations_panel(answer, turn: int) -> str:
    """The side panel for one answer: its citation cards, or what the search found closest."""
    if answer is None:
        return EMPTY_PANEL
    if answer.citations:
        body = "".join(citation_card(c, turn) for c in answer.citations)
    elif answer.closest:
        body = "<p class='meta'>No clause answers this. Closest clauses found:</p>" + "".join(
            f"<div class='cite'><b>{escape(h.title)}</b> {escape(h.section or '')}<br>"
            f"<span class='meta'>{escape(h.text[:300])}</span></div>" for h in answer.closest)
    else:
        body = "<p class='meta'>Nothing cited.</p>"
    return f"<div id='steward-cites' data-turn='{turn}'>{body}</div>"


def answer_markdown(answer, turn: int) -> str:
    """The final chat message: the answer with linked markers, and any notices."""
    text = linked_answer(answer.text, turn)
    if answer.notices:
        text += "\n\n" + "\n".join(f"_{md_text(n)}_" for n in answer.notices)
    return text


def filters_note(types, statuses, employer: str, union: str) -> str:
    """Says which Ask filters narrowed the search (they stay set from question to question)."""
    parts = [", ".join(say_lower(TYPE_WORDS, t) for t in types or ()),
             ", ".join(statuses or ()) and "status " + ", ".join(
                 say_lower(STATUS_WORDS, s) for s in statuses),
             employer and f"employer “{employer}”", union and f"union “{union}”"]
    parts = [p for p in parts if p]
    return ("Searched only: " + "; ".join(parts) + " (see Filters).") if parts else ""


def ocr_note(confidence: float) -> str:
    return (f"Read from a scanned page by OCR (confidence {confidence:.0f}%): check the words "
            "against the original.")


def sources_block(answer) -> str:
    """Plain-text citations for API clients: 'Sources:' then one line per cited clause."""
    if not answer.citations:
        return ""
    lines = [f"[{c.marker}] {c.label}{f' (p. {c.page})' if c.page else ''} — “{c.quote}”"
             f" (doc {c.doc_id}{', read by OCR' if c.ocr_confidence is not None else ''})"
             for c in answer.citations]
    return "\n\nSources:\n" + "\n".join(lines)


def document_rows(docs: dict[str, Any]) -> list[list[str]]:
    """The Library table: one row per document (DocRecord) the viewer may see, in words."""
    rows = [[d.title or doc_id, say(TYPE_WORDS, d.doc_type), d.date_text,
             say(STATUS_WORDS, d.status), say(VISIBILITY_WORDS, d.visibility or "member"),
             str(d.n_clauses), doc_id]
            for doc_id, d in docs.items()]
    return sorted(rows, key=lambda r: (r[1], r[2], r[6]))


DOC_COLUMNS = ["title", "type", "date", "status", "who may see it", "clauses", "id"]


def ingest_summary(report) -> str:
    """Per-file results of an upload in plain words (Markdown)."""
    lines = []
    for r in report.results:
        name = Path(r.path).name
        if r.status == "failed":
            lines.append(f"- **{name}** — not added: {r.reason}")
        elif r.reason:
            lines.append(f"- **{name}** — {r.reason}")
        else:
            lines.append(f"- **{name}** — {r.status}" + (f" as `{r.doc_id}`" if r.doc_id else "")
                         + (f", {r.chunks} passages indexed" if r.chunks else ""))
        lines += [f"  - {md_text(n)}" for n in getattr(r, "notes", ())]
    return "\n".join(lines) or "Nothing was ingested."
