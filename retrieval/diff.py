"""Word-level redlines between two texts: what a draft keeps, adds and strikes."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from .text import MONEY_PHRASE

# An amount phrase ("fifty dollar ($50.00)") is one token, so it is struck and replaced whole;
# punctuation stands apart from words, so "dollar)," differs from "dollar)" only by the comma.
_TOKEN = re.compile(MONEY_PHRASE.pattern + r"|\s+|\d+(?:\.\d+){2,}|\d(?:,?\d)*(?:\.\d+)?%?|"
                    r"\w+(?:['’-]\w+)*|[^\w\s]",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Edit:
    """One run of a word-level redline."""

    kind: Literal["equal", "insert", "delete"]
    text: str


def word_diff(base: str, new: str) -> tuple[Edit, ...]:
    """Edits turning `base` into `new`; equal+delete rebuilds base, equal+insert rebuilds new.
    A changed word is shown whole (struck, then added), never as changed letters."""
    a, b = _TOKEN.findall(base), _TOKEN.findall(new)
    out: list[Edit] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            _push(out, "equal", "".join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            _push(out, "delete", "".join(a[i1:i2]))
        if op in ("insert", "replace"):
            _push(out, "insert", "".join(b[j1:j2]))
    return tuple(_tidy(out))


def _push(out: list[Edit], kind: str, text: str) -> None:
    if not text:
        return
    if out and out[-1].kind == kind:
        out[-1] = Edit(kind, out[-1].text + text)
    else:
        out.append(Edit(kind, text))


def _tidy(edits: list[Edit]) -> list[Edit]:
    """A lone space kept between two changes joins them ('[-a-] [+b+] [-c-]' -> one change)."""
    out: list[Edit] = []
    i = 0
    while i < len(edits):
        e = edits[i]
        if (e.kind == "equal" and not e.text.strip() and 0 < i < len(edits) - 1
                and edits[i - 1].kind != "equal" and edits[i + 1].kind != "equal"):
            for kind in ("delete", "insert"):
                _push(out, kind, e.text)
            i += 1
            continue
        _push(out, e.kind, e.text)
        i += 1
    return _regroup(out)


def _regroup(edits: list[Edit]) -> list[Edit]:
    """Within a run of changes, all deletions first, then all insertions."""
    out: list[Edit] = []
    run: list[Edit] = []
    for e in [*edits, Edit("equal", "")]:
        if e.kind != "equal":
            run.append(e)
            continue
        for kind in ("delete", "insert"):
            _push(out, kind, "".join(x.text for x in run if x.kind == kind))
        run = []
        _push(out, "equal", e.text)
    return out


def base_text(edits: tuple[Edit, ...]) -> str:
    return "".join(e.text for e in edits if e.kind != "insert")


def new_text(edits: tuple[Edit, ...]) -> str:
    return "".join(e.text for e in edits if e.kind != "delete")


def marked(edits: tuple[Edit, ...]) -> str:
    """'[+added+]' / '[-struck-]' rendering."""
    out = []
    for e in edits:
        if e.kind == "equal":
            out.append(e.text)
        else:
            sign = "+" if e.kind == "insert" else "-"
            core = e.text.strip()
            lead, trail = e.text[: len(e.text) - len(e.text.lstrip())], e.text[len(e.text.rstrip()):]
            out.append(f"{lead}[{sign}{core}{sign}]{trail}" if core else e.text)
    return "".join(out)
