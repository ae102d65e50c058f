"""Self-contained HTML for drafts and comparisons: additions underlined, deletions struck."""

from __future__ import annotations

from html import escape

STYLE = """<style>
body{font-family:Georgia,serif;max-width:52em;margin:2em auto;line-height:1.5;color:#222}
ins{color:#0645ad;text-decoration:underline}del{color:#b00;text-decoration:line-through}
.meta{color:#666;font-size:.9em}.check-ok{color:#256029}.check-review{color:#9a5b00}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}
</style>"""


def edits_html(edits) -> str:
    """Edits as HTML; spaces at the edges of a change stay outside its <ins>/<del>."""
    out = []
    for e in edits:
        if e.kind == "equal" or not e.text.strip():
            out.append(escape(e.text).replace("\n", "<br>"))
            continue
        core = e.text.strip()
        lead, trail = e.text[: len(e.text) - len(e.text.lstrip())], e.text[len(e.text.rstrip()):]
        tag = e.kind[:3]
        out.append(f"{lead}<{tag}>{escape(core).replace(chr(10), '<br>')}</{tag}>{trail}")
    return "".join(out)


def draft_html(draft) -> str:
    """The counterproposal as a page: header, redlined clauses, then notes for the team."""
    parts = [f"<!doctype html><meta charset='utf-8'><title>{escape(draft.title)}</title>{STYLE}",
             f"<h1>{escape(draft.from_party)} Counterproposal to {escape(draft.to_party)}</h1>",
             f"<p class='meta'>{escape(draft.title)} · {escape(draft.date)} · goal: "
             f"{escape(draft.goal)}</p>"]
    for c in draft.clauses:
        parts.append(f"<p>{edits_html(c.edits)}</p>")
    parts.append("<h2>Notes for the bargaining team</h2>")
    for c in draft.clauses:
        parts.append(f"<h3>{escape(c.section)} <span class='meta'>({escape(c.method)})</span></h3>"
                     f"<p>{escape(c.rationale)}</p><ul>")
        parts += [f"<li>[{x.marker}] {escape(x.label)}: “{escape(x.quote)}”</li>" for x in c.citations]
        parts += [f"<li class='check-{'ok' if k.ok else 'review'}'>{'OK' if k.ok else 'REVIEW'} — "
                  f"{escape(k.name)}: {escape(k.detail)}</li>" for k in c.checks]
        parts += [f"<li>{escape(n)}</li>" for n in c.notes]
        parts.append("</ul>")
    return "\n".join(parts)


def compare_html(result) -> str:
    """A clause-by-clause table of two documents."""
    rows = [f"<tr><td>{escape(r.status)}</td><td>{escape(r.section_a or '')}</td>"
            f"<td>{escape(r.section_b or '')}</td><td>{edits_html(r.edits)}</td></tr>"
            for r in result.rows]
    return (f"<!doctype html><meta charset='utf-8'><title>Compare</title>{STYLE}"
            f"<h1>{escape(result.title_a)} → {escape(result.title_b)}</h1>"
            f"<p class='meta'>{escape(result.summary())}</p><table><tr><th>status</th>"
            f"<th>{escape(result.doc_a)}</th><th>{escape(result.doc_b)}</th><th>redline</th></tr>"
            + "".join(rows) + "</table>")
