"""Clause-aware chunking: a normalized MarkedText becomes clauses, and clauses become chunks.

Clauses follow the document's own structure (ARTICLE / Section / 12.2.1.8 / I. A. 1.);
lettered sub-items stay inside their clause and are preferred split points. Every clause
knows its section number, heading path, page and exact character span in the live text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from store.keys import section_key
from store.records import Chunk, Clause, Document
from store.text import title_like

from .heading import Heading, article_number
from .marked import MarkedText
from .redline import inferred_changes, is_lossy, moves_in, redline_of
from .sections import find_headings
from .titles import article_title, implicit_title
from .windows import lead_ins, split_span, trim

_ANCHORS = ("article", "section", "dotted")
_FIRST_ITEMS = frozenset({"1", "A", "a", "I", "i"})  # an outline list starts again


@dataclass
class _Entry:
    kind: str
    value: str  # "12", "12.8.4", "II"
    label: str  # heading-path element, e.g. "Article 12 Compensation"
    section: str  # qualified id, e.g. "5.II", "20.A.1", "12.8.4"
    key: str  # lookup key, e.g. "5.ii"
    keys: tuple[str, ...] = ()
    virtual: bool = False
    short: str = ""  # the label without the snippet of an untitled number
    title: str = ""  # the heading's own title ("SICK LEAVE")
    place: str = ""  # how a person reads the place: "Article 20 (Sick Leave), A.1"


def article_words(value: str, title: str) -> str:
    """'Article 20 (Sick Leave)', 'Appendix B (Salaries)': the article as a person names it."""
    shown = _title_case(title) if title.isupper() else title
    name = value if value[:1].isalpha() and " " in value else f"Article {value}"
    return f"{name}{f' ({shown})' if shown else ''}"


def _title_case(title: str) -> str:
    """"PAID TIME OFF (PTO) AND PERSONAL LEAVE" as "Paid Time Off (PTO) And Personal Leave":
    an acronym in brackets stays as written."""
    return re.sub(r"\(([A-Za-z0-9&]{2,6})\)", lambda m: f"({m[1].upper()})", title.title())


class _Outline:
    """The stack of open headings, so each clause knows its path and full section number."""

    def __init__(self, doc_title: str, text: str) -> None:
        self.stack: list[_Entry] = []
        self.doc_title = doc_title
        self.head = text[:800]
        self.text = text

    def _pop_outline(self) -> None:
        while self.stack and self.stack[-1].kind not in _ANCHORS:
            self.stack.pop()

    def _numbered_article(self, num: str) -> _Entry | None:
        """The open "ARTICLE 12.4" (read as section 12.4) an undotted "Section 6" falls under."""
        if "." in num or self._article() is not None:
            return None
        return next((e for e in self.stack if e.kind == "section" and "." in e.value
                     and e.label.startswith("Article ")), None)

    def _article(self) -> _Entry | None:
        return next((e for e in self.stack if e.kind == "article"), None)

    def article(self) -> tuple[str, str]:
        """(number, title) of the open article, or ("", "")."""
        art = self._article()
        return (art.value, art.title) if art else ("", "")

    def push(self, h: Heading, title: str) -> _Entry:
        entry = getattr(self, "_push_" + h.kind)(h, title)
        self.stack.append(entry)
        return entry

    def _push_article(self, h: Heading, title: str) -> _Entry:
        self.stack.clear()
        value = h.raw if h.raw[:1].isalpha() and " " in h.raw else article_number(h.value)
        return _Entry("article", value, f"Article {h.raw} {title}".strip(), value,
                      value.lower(), (f"article:{value.lower()}",), title=title,
                      place=article_words(value, title))

    def _push_section(self, h: Heading, title: str) -> _Entry:
        parent = self._numbered_article(h.value)
        self.stack[:] = [e for e in self.stack if e.kind == "article" or e is parent]
        art, num = self._article(), h.value
        named = self.text[h.start:h.start + 7].lower() == "article"  # "ARTICLE 12.4"
        label = f"{'Article' if named else 'Section'} {num} {title}".strip()
        if parent is not None:  # "Section 6" of "ARTICLE 12.4": 12.4, Section 6
            key = f"{parent.key}.{section_key(num)}"
            return _Entry("section", num, label, f"{parent.value}.{num}", key,
                          (key, f"section:{section_key(num)}"), title=title,
                          place=f"{parent.place}, Section {num}")
        if "." in num or art is None:
            key = section_key(num)
            place = article_words(num, title) if named else num if "." in num else f"Section {num}"
            return _Entry("section", num, label, num, key, (key, f"section:{key}"), title=title,
                          place=place)
        key = f"{art.key}.{section_key(num)}"
        return _Entry("section", num, label, f"{art.value}.{num}", key,
                      (key, f"section:{section_key(num)}"), title=title,
                      place=f"{art.place}, Section {num}")

    def _push_dotted(self, h: Heading, title: str) -> _Entry:
        art = self._article()
        if re.match(r"[A-Z]-", h.raw) and art is not None:  # "A-2.1" in Appendix A
            return self._push_unit_section(h, title, art)
        key = section_key(h.value)
        while self.stack and self.stack[-1].kind != "article" and not (
            self.stack[-1].kind in _ANCHORS and key.startswith(self.stack[-1].key + ".")
        ):
            self.stack.pop()
        art = self._article()
        if art is not None and art.virtual and art.value != h.value.split(".")[0]:
            self.stack.clear()  # "2.1" after the implicit article 1: a new implicit article
        if not self.stack:
            self._implicit_article(h.value.split(".")[0], h.line_start)
        keys = [key] + [section_key(r) for r in h.readings if section_key(r) != key]
        raw_key = section_key(h.raw)
        keys += [raw_key] if raw_key not in keys and " " not in h.raw else []
        return _Entry("dotted", h.value, f"{h.value} {title or h.snippet}".strip(), h.value, key,
                      tuple(keys), short=f"{h.value} {title}".strip(), title=title,
                      place=h.raw if re.fullmatch(r"\d{1,2}(?:-\d{1,2})+(?:\.\d{1,2})?", h.raw)
                      else h.value)  # hyphenated ids are cited as printed: 7-1-4

    def _push_unit_section(self, h: Heading, title: str, art: _Entry) -> _Entry:
        key = f"{art.key}.{section_key(h.value)}"
        while self.stack[-1].kind != "article" and not key.startswith(self.stack[-1].key + "."):
            self.stack.pop()
        return _Entry("dotted", h.value, f"{h.raw} {title or h.snippet}".strip(),
                      f"{art.value}.{h.value}", key, (key, section_key(h.raw)),
                      short=f"{h.raw} {title}".strip(), title=title, place=f"{art.place}, {h.raw}")

    def _implicit_article(self, num: str, at: int) -> None:
        """Dotted numbers 12.x with no ARTICLE 12 line: the article is a caps line "12 LEAVES"
        just before, or its title is taken from an "Article 12 ..." line at the top."""
        before = self.text[max(0, at - 3000):at]
        lines = re.findall(rf"(?m)^[ \t]*{num}\.?[ \t]+([A-Z][A-Z0-9 ,&/'\u2019()-]{{2,70}})[ \t]*$",
                           before)
        m = None if lines else re.search(
            rf"\bArticle\s+{num}\b[\s,:.\-\u2013\u2014]*([A-Z][A-Za-z &/]{{2,60}})?",
            self.head + "\n" + self.doc_title)
        if lines or m:
            title = lines[-1].strip() if lines else (m.group(1) or "").strip()
            title = implicit_title(before, title, lines[-1]) if lines else title
            self.stack.append(_Entry("article", num, f"Article {num} {title}".strip(), num, num,
                                     (), virtual=True, title=title,
                                     place=article_words(num, title)))

    def _push_outline(self, h: Heading, title: str) -> _Entry:
        """An outline item: a sibling of the last item of its style, unless it starts a list
        again below a deeper item ("1. Accrual" … "B. …" then "1.": B's first item)."""
        styles = [e.kind for e in self.stack]
        if h.kind in styles:
            at = len(styles) - 1 - styles[::-1].index(h.kind)
            if h.value not in _FIRST_ITEMS or at == len(styles) - 1:
                del self.stack[at:]
        anchor = next((e for e in reversed(self.stack) if e.kind in _ANCHORS), None)
        comps = [e.value for e in self.stack if e.kind not in _ANCHORS] + [h.value]
        tail = ".".join(comps)
        label = f"{h.raw}. {title}".strip()
        if anchor is None:
            return _Entry(h.kind, h.value, label, tail, tail.lower(), (tail.lower(),),
                          title=title, place=tail)
        key = f"{anchor.key}.{tail.lower()}"
        place = (f"{anchor.place}, {tail}" if anchor.kind == "article"
                 else f"{anchor.place}.{tail}")
        return _Entry(h.kind, h.value, label, f"{anchor.section}.{tail}", key,
                      (key, f"section:{tail.lower()}"), title=title, place=place)

    _push_roman = _push_upper = _push_digit = _push_outline

    def path(self) -> tuple[str, ...]:
        """Labels from the article down; untitled ancestors show their first words."""
        labels = [e.label for e in self.stack]
        if self.stack and self.stack[-1].short:
            labels[-1] = self.stack[-1].short
        return tuple(labels)


def _toc_line_starts(mt: MarkedText) -> set[int]:
    starts: set[int] = set()
    for a, b, mark in mt.runs():
        if mark.role == "toc":
            line = mt.text.rfind("\n", 0, a) + 1
            starts.add(line)
            starts.update(i + 1 for i in range(a, b - 1) if mt.text[i] == "\n")
    return starts


class _OffsetMap:
    """Union offsets (all marked text) -> live-text offsets (deletions removed)."""

    def __init__(self, mt: MarkedText) -> None:
        self.starts: list[int] = []
        self.live: list[int] = []
        self.deleted: list[bool] = []
        live = 0
        for a, b, mark in mt.runs():
            self.starts.append(a)
            self.live.append(live)
            self.deleted.append(mark.kind == "delete")
            live += 0 if mark.kind == "delete" else b - a

    def __call__(self, pos: int) -> int:
        i = bisect_right(self.starts, pos) - 1
        if i < 0:
            return 0
        return self.live[i] + (0 if self.deleted[i] else pos - self.starts[i])


def _segments(mt: MarkedText, headings: list[Heading]) -> list[tuple[int, int, Heading | None]]:
    """(start, end, heading) spans in union offsets; a TOC region is its own headless span."""
    toc = sorted(_toc_line_starts(mt))
    cuts: list[tuple[int, Heading | None, bool]] = [(0, None, False)]
    cuts += [(h.line_start, h, False) for h in headings if h.is_boundary]
    for i, s in enumerate(toc):  # first line of each TOC run, and the line after it
        if i == 0 or mt.text.rfind("\n", 0, s - 1) + 1 != toc[i - 1]:
            cuts.append((s, None, True))
        if i + 1 == len(toc) or mt.text.rfind("\n", 0, toc[i + 1] - 1) + 1 != s:
            nl = mt.text.find("\n", s)
            if nl > 0:
                cuts.append((nl + 1, None, False))
    cuts.sort(key=lambda c: (c[0], c[1] is not None))
    out = []
    for i, (start, h, _) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(mt.text)
        if end > start:
            out.append((start, end, h))
    return out


def build_document(meta, mt: MarkedText, content_hash: str, paged: bool,
                   ocr_pages: tuple[tuple[int, float], ...] = ()) -> Document:
    """Turn a normalized MarkedText into a Document with its clauses (`ocr_pages`: the pages
    read from a scan, with the OCR's confidence)."""
    live_raw = mt.without("delete")
    text = live_raw.replace("\f", "\n")
    pages = (0, *[i + 1 for i, c in enumerate(live_raw) if c == "\f"]) if paged else ()
    views = None if mt.is_plain else (
        lambda a, b: (mt.slice(a, b).without("delete"), mt.slice(a, b).without("insert")))
    headings = find_headings(mt.text, skip=_toc_line_starts(mt), views=views)
    subs = [h for h in headings if h.kind == "sub"]
    live_of = _OffsetMap(mt)
    outline = _Outline(meta.title, mt.text)
    lossy = is_lossy(mt)
    doc = Document(meta, text, content_hash, pages, (), lossy, ocr_pages)
    clauses: list[Clause] = []
    for start, end, h in _segments(mt, headings):
        ua, ub = trim(mt.text, max(start, h.start) if h else start, end)
        if ua >= ub:
            continue
        entry = None
        if h is not None:
            title = article_title(mt.text, h) if h.kind == "article" else h.title
            entry = outline.push(h, title)
        a, b = trim(text, live_of(ua), live_of(ub))
        inner = sub_paths([s for s in subs if ua < s.start < ub], live_of)
        clauses.append(_clause(doc, len(clauses), mt, (ua, ub), (a, b), h, entry,
                               outline.path() if entry else (), inner, lossy,
                               outline.article() if entry else ("", "")))
    if lossy:
        clauses = _infer_moves(clauses)
    return Document(meta, text, content_hash, pages, tuple(clauses), lossy, ocr_pages)


def _sub_style(raw: str) -> str:
    """'(b)' -> '(a)', 'iv.' -> 'i.', '12)' -> '1)': sub-items of one style are siblings."""
    if re.fullmatch(r"\(?[ivx]{2,4}[.)]*", raw):
        return re.sub(r"[ivx]+", "i", raw)
    return re.sub(r"\d+", "1", re.sub(r"[A-Z]+", "A", re.sub(r"[a-z]+", "a", raw)))


def sub_paths(subs: list[Heading], live_of) -> list[tuple[str, int]]:
    """Nested paths of a clause's sub-items in order: a., (1), (2), b. -> a, a.1, a.2, b."""
    stack: list[tuple[str, str]] = []
    out = []
    for s in subs:
        style = _sub_style(s.raw)
        if s.value in ("i", "v", "x") and "a" in style:  # "i." after "h." is a letter
            prev = next((v for st, v in reversed(stack) if st == style), None)
            if prev is None or len(prev) != 1 or ord(prev) != ord(s.value) - 1:
                style = style.replace("a", "i")
        styles = [st for st, _ in stack]
        if style in styles:
            del stack[styles.index(style):]
        stack.append((style, s.value))
        out.append((".".join(v for _, v in stack), live_of(s.start)))
    return out


def _infer_moves(clauses: list[Clause]) -> list[Clause]:
    """In a lossy redline, a clause `[Moved from X]` is compared with clause X to recover
    what the move added (recorded as inferred insertions)."""
    from dataclasses import replace

    by_key = {k: c for c in clauses for k in c.keys}
    out = []
    for c in clauses:
        sources = [by_key.get(m.section) for m in c.moves if m.direction == "from"]
        extra = tuple(x for src in sources if src is not None and src is not c
                      for x in inferred_changes(c.text, src.text))
        if extra:
            c = replace(c, redline=replace(c.redline, changes=c.redline.changes + extra))
        out.append(c)
    return out


def _clause(doc, n, mt, union_span, live_span, h, entry, path, subitems, lossy,
            article) -> Clause:
    rl = redline_of(mt, *union_span)
    a, b = live_span
    current = doc.text[a:b] if b > a else ""
    marked = rl.marked.strip()
    keys = tuple(entry.keys) if entry else ()
    if entry and subitems:
        keys += tuple(f"{entry.key}.{label.lower()}" for label, _ in subitems)
    moves = moves_in(current or marked)
    keys += tuple(f"moved-from:{section_key(m.section)}" for m in moves if m.direction == "from")
    aliases = tuple(k for k in (h.readings if h else ()) if k != (h.value if h else None))
    return Clause(
        clause_id=f"{doc.doc_id}#{n:04d}",
        doc_id=doc.doc_id,
        section=entry.section if entry else None,
        label=entry.place if entry else "",
        heading_path=path,
        page=doc.page_at(a),
        char_start=a,
        char_end=max(a, b),
        redline=type(rl)(current, marked, rl.changes),
        section_raw=h.raw if h and h.kind == "dotted" and h.raw != h.value else None,
        aliases=aliases,
        moves=moves,
        lossy=lossy,
        keys=tuple(dict.fromkeys(keys)),
        subitems=tuple(subitems),
        article=article[0],
        article_title=article[1],
    )


def _heading_only(c: Clause, nxt: Clause | None) -> bool:
    """A bare heading line ("ARTICLE 12 - WAGES") whose body is its sub-clauses: its title is
    already in every child's heading path, so it gets no chunk of its own."""
    text = c.text.strip()
    if not c.section or not nxt or "\n" in text or len(text) > 120:
        return False
    if nxt.heading_path[: len(c.heading_path)] != c.heading_path:
        return False
    rest = re.sub(r"^(?:article|section|sec\.)?\s*[\w.()-]+[.:]?\s*", "", text, flags=re.I)
    return not rest or title_like(rest)


def chunk_document(doc: Document, max_chars: int, overlap: int) -> list[Chunk]:
    """The chunks of every clause; a clause deleted by a redline gets one non-live chunk."""
    chunks: list[Chunk] = []
    for i, c in enumerate(doc.clauses):
        if _heading_only(c, doc.clauses[i + 1] if i + 1 < len(doc.clauses) else None):
            continue
        prefix = " > ".join(c.heading_path)
        head = f"{doc.meta.title}\n{prefix}\n" if prefix else f"{doc.meta.title}\n"
        if c.char_end <= c.char_start:
            chunks.append(Chunk(f"{c.clause_id}.0", c.clause_id, doc.doc_id, c.section,
                                c.heading_path, c.page, c.char_start, c.char_start,
                                c.redline.marked, head + "[deleted] " + c.redline.marked, 0, False))
            continue
        breaks = [off for _, off in c.subitems] or (
            [] if c.section else lead_ins(doc.text, c.char_start, c.char_end))
        spans = split_span(doc.text, c.char_start, c.char_end, max_chars, overlap, breaks)
        for part, (a, b) in enumerate(spans):
            body = doc.text[a:b]
            chunks.append(Chunk(f"{c.clause_id}.{part}", c.clause_id, doc.doc_id, c.section,
                                c.heading_path, doc.page_at(a), a, b, body, head + body, part))
    return chunks
