"""MarkedText: text whose characters carry redline marks (kept, inserted, deleted, colour).

Every loader produces one; repairs and layout cleanup rewrite it with `sub`, which carries
the marks along, so a regex fix never has to know whether the text was struck or underlined.
Pages are separated by form feeds (\\f) until the very end of normalization.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

MarkKind = Literal["keep", "insert", "delete"]


@dataclass(frozen=True)
class Mark:
    """How a run of text is marked. `source` is "tracked" for explicit revisions (w:ins/w:del,
    <ins>/<del>) and "format" for formatting used as a redline (underline, strikethrough).
    `role` tags layout material that is kept but is not contract language ("toc")."""

    kind: MarkKind = "keep"
    color: str | None = None
    source: str = ""
    role: str = ""


KEEP = Mark()
Repl = str | Callable[[re.Match[str]], str]


class MarkedText:
    """Immutable text plus one mark index per character (None = every character kept)."""

    __slots__ = ("text", "_attrs", "marks", "_run_starts", "_run_ends", "_run_marks")

    def __init__(self, text: str, attrs: bytes | None = None, marks: tuple[Mark, ...] = (KEEP,)):
        if attrs is not None and len(attrs) != len(text):
            raise ValueError("attrs must have one entry per character")
        self.text = text
        self._attrs = attrs
        self.marks = marks
        self._run_starts: list[int] | None = None

    @classmethod
    def plain(cls, text: str) -> MarkedText:
        return cls(text)

    @classmethod
    def build(cls, parts: Iterable[tuple[str, Mark]]) -> MarkedText:
        """Concatenate (text, mark) runs."""
        marks: list[Mark] = [KEEP]
        index = {KEEP: 0}
        texts: list[str] = []
        attrs = bytearray()
        for text, mark in parts:
            if not text:
                continue
            idx = index.get(mark)
            if idx is None and len(marks) >= 240:  # too many colours: keep kind, drop colour
                mark = Mark(mark.kind, None, mark.source, mark.role)
                idx = index.get(mark)
            if idx is None:
                idx = index[mark] = len(marks)
                marks.append(mark)
            texts.append(text)
            attrs += bytes([idx]) * len(text)
        text = "".join(texts)
        if len(marks) == 1:
            return cls(text)
        return cls(text, bytes(attrs), tuple(marks))

    @property
    def is_plain(self) -> bool:
        return self._attrs is None or not any(self._attrs)

    def __len__(self) -> int:
        return len(self.text)

    def mark_at(self, i: int) -> Mark:
        return KEEP if self._attrs is None else self.marks[self._attrs[i]]

    def _index_runs(self) -> None:
        """Run boundaries, found once with a regex over the attribute bytes (C speed)."""
        starts, ends, marks = [], [], []
        for m in re.finditer(rb"(.)\1*", self._attrs, re.DOTALL):
            starts.append(m.start())
            ends.append(m.end())
            marks.append(self.marks[m.group(1)[0]])
        self._run_starts, self._run_ends, self._run_marks = starts, ends, marks

    def runs(self, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, Mark]]:
        """Maximal runs (start, end, mark) within [start, end)."""
        end = len(self.text) if end is None else end
        if start >= end:
            return
        if self._attrs is None:
            yield start, end, KEEP
            return
        if self._run_starts is None:
            self._index_runs()
        i = max(bisect_right(self._run_starts, start) - 1, 0)
        while i < len(self._run_starts) and self._run_starts[i] < end:
            yield max(start, self._run_starts[i]), min(end, self._run_ends[i]), self._run_marks[i]
            i += 1

    def slice(self, start: int, end: int) -> MarkedText:
        attrs = None if self._attrs is None else self._attrs[start:end]
        return MarkedText(self.text[start:end], attrs, self.marks)

    def remark(self, start: int, end: int, mark: Mark) -> MarkedText:
        """Copy with [start, end) re-marked as `mark`."""
        parts = [(self.text[a:b], m) for a, b, m in self.runs(0, start)]
        parts.append((self.text[start:end], mark))
        parts += [(self.text[a:b], m) for a, b, m in self.runs(end)]
        return MarkedText.build(parts)

    def sub(self, pattern: str | re.Pattern[str], repl: Repl, count: int = 0) -> MarkedText:
        """re.sub that carries marks: replacement text takes the mark of the match's first char."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        if self._attrs is None:
            return MarkedText(rx.sub(repl, self.text, count=count))
        texts: list[str] = []
        attrs: list[bytes] = []
        pos = 0
        literal = isinstance(repl, str) and "\\" not in repl
        for n, m in enumerate(rx.finditer(self.text)):
            if count and n >= count:
                break
            a, b = m.span()
            new = repl if literal else repl(m) if callable(repl) else m.expand(repl)
            texts.append(self.text[pos:a])
            attrs.append(self._attrs[pos:a])
            if new:
                src = a if a < len(self.text) else max(a - 1, 0)
                if new == m.group(0):
                    attrs.append(self._attrs[a:b])
                else:
                    attrs.append(bytes([self._attrs[src] if self.text else 0]) * len(new))
                texts.append(new)
            pos = b
        texts.append(self.text[pos:])
        attrs.append(self._attrs[pos:])
        return MarkedText("".join(texts), b"".join(attrs), self.marks)

    def without(self, kind: MarkKind) -> str:
        """The text with every run of `kind` dropped ("delete" gives the live text)."""
        if self._attrs is None:
            return "" if kind == "keep" else self.text
        return "".join(self.text[a:b] for a, b, m in self.runs() if m.kind != kind)

    def __repr__(self) -> str:
        shown = "".join(
            self.text[a:b] if m.kind == "keep" else f"[{'+' if m.kind == 'insert' else '-'}"
            f"{self.text[a:b]}{'+' if m.kind == 'insert' else '-'}]"
            for a, b, m in self.runs()
        )
        return f"MarkedText({shown!r})"


@dataclass(frozen=True)
class Loaded:
    """What a loader read: the text with its redline marks, and metadata found in the file."""

    text: MarkedText
    meta: dict[str, object] = field(default_factory=dict)
    paged: bool = False
