"""Self-contained HTML for drafts and comparisons: additions underlined, deletions struck."""

from __future__ import annotations

import re
from html import escape

from .words import METHOD_WORDS, say, unrelated_note

# Redlines as Word shows tracked changes, never as link blue: additions underlined in dark
# green, deletions struck through in red. The app's panels use the same rules.
INS_CSS = "color:#116329;text-decoration:underline;text-decoration-color:#116329"
DEL_CSS = "color:#b42318;text-decoration:line-through;text-decoration-color:#b42318"


def redline_rules(scope: str = "") -> str:
    """The rules for <ins>/<del> inside `scope` (a selector and a space, or "" for a page); a
    replacement's new words stand a little apart from the struck ones."""
    return (f"{scope}ins{{{INS_CSS}}}{scope}del{{{DEL_CSS}}}"
            f"{scope}del+ins{{margin-left:.3em}}\n")


STYLE = """<style>
body{font-family:Georgia,serif;max-width:52em;margin:2em auto;line-height:1.5;color:#222}
""" + redline_rules() + """
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
    return (f"<!doctype html><meta charset='utf-8'><title>{escape(draft.title)}</title>{STYLE}"
            + draft_fragment(draft))


def draft_fragment(draft) -> str:
    """The counterproposal's body, for a page or the app's Draft tab."""
    parts = [f"<h1>{escape(draft.from_party)} Counterproposal to {escape(draft.to_party)}</h1>",
             f"<p class='meta'>{escape(draft.title)} · {escape(draft.date)} · goal: "
             f"{escape(draft.goal)}</p>"]
    for c in draft.clauses:
        parts.append(f"<p>{edits_html(c.edits)}</p>")
    parts.append("<h2>Notes for the bargaining team (not part of the proposal)</h2>")
    for c in draft.clauses:
        parts.append(f"<h3>{escape(c.section)} <span class='meta'>— "
                     f"{escape(say(METHOD_WORDS, c.method))}</span></h3>"
                     f"<p>{escape(c.rationale)}</p><ul>")
        parts += [f"<li class='check-{'ok' if t.startswith('Applied') else 'review'}'>"
                  f"{escape(t)}</li>" for t in c.term_lines()]
        parts += [f"<li>[{x.marker}] {escape(x.label)}: “{escape(x.quote)}”</li>" for x in c.citations]
        parts += [f"<li class='check-{'ok' if k.ok else 'review'}'>{'OK' if k.ok else 'REVIEW'} — "
                  f"{escape(k.name)}: {escape(k.detail)}</li>" for k in c.checks]
        parts += [f"<li>{escape(n)}</li>" for n in c.notes]
        parts.append("</ul>")
    return "\n".join(parts)


_MARK_RX = re.compile(r"\[\+(.*?)\+\]|\[-(.*?)-\]", re.DOTALL)


def marked_html(marked: str) -> str:
    """A marked clause ([+added+], [-deleted-]) as HTML with <ins>/<del>, the rest escaped."""
    out, pos = [], 0
    for m in _MARK_RX.finditer(marked):
        out.append(escape(marked[pos:m.start()]))
        out.append(f"<ins>{escape(m.group(1))}</ins>" if m.group(1) is not None
                   else f"<del>{escape(m.group(2))}</del>")
        pos = m.end()
    out.append(escape(marked[pos:]))
    return "".join(out).replace("\n", "<br>")


def compare_html(result) -> str:
    """A clause-by-clause table of two documents."""
    return f"<!doctype html><meta charset='utf-8'><title>Compare</title>{STYLE}" + compare_fragment(
        result, show_unchanged=True)


def compare_fragment(result, show_unchanged: bool = False) -> str:
    """The table itself, for a page or the app's Compare tab, headed by the documents' titles;
    two documents that share (almost) no clauses are said to, the table folded away."""
    rows = [f"<tr><td>{escape(r.status)}</td><td>{escape(r.section_a or '')}</td>"
            f"<td>{escape(r.section_b or '')}</td><td>{edits_html(r.edits)}</td></tr>"
            for r in result.rows if show_unchanged or r.status != "unchanged"]
    table = (f"<table><tr><th>status</th><th class='doc'>{escape(result.title_a)}</th>"
             f"<th class='doc'>{escape(result.title_b)}</th><th>redline</th></tr>"
             + "".join(rows) + "</table>")
    head = (f"<h1>{escape(result.title_a)} → {escape(result.title_b)}</h1>"
            f"<p class='meta'>{escape(result.summary())}</p>")
    note = unrelated_note(result)
    if note:
        return (f"{head}<p class='unrelated'>{escape(note)}</p><details><summary>Show the "
                f"{len(rows):,} rows anyway</summary>{table}</details>")
    return head + table
