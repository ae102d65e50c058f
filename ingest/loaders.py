"""Loaders: one file in, MarkedText (pages split by \\f) plus the metadata found inside it out.

Registry keyed by file suffix. A loader raises IngestError with a reason a member can act on;
the pipeline reports it and carries on with the next file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from store.errors import IngestError

from .html_tables import list_table
from .marked import KEEP, Loaded, Mark, MarkedText
from .text_tables import read_text_tables

Loader = Callable[[Path, bytes], Loaded]

# --- redline tags in text and HTML ------------------------------------------------------

_TAG_MARKS = {
    "u": Mark("insert", None, "format"),
    "ins": Mark("insert", None, "tracked"),
    "s": Mark("delete", None, "format"),
    "strike": Mark("delete", None, "format"),
    "del": Mark("delete", None, "tracked"),
}
_TAG_RX = re.compile(r"<(/?)(u|ins|s|strike|del)(?:\s[^<>]*)?>", re.IGNORECASE)


def combine_marks(stack: list[Mark]) -> Mark:
    """Innermost mark wins, except that anything struck is deleted (struck insertion = gone)."""
    if not stack:
        return KEEP
    deleted = [m for m in stack if m.kind == "delete"]
    if deleted:
        return Mark("delete", deleted[-1].color or stack[-1].color, deleted[-1].source)
    return stack[-1]


def parse_inline_tags(text: str) -> MarkedText:
    """Turn <u>/<ins>/<s>/<strike>/<del> tags in plain text into marks, dropping the tags."""
    parts: list[tuple[str, Mark]] = []
    stack: list[tuple[str, Mark]] = []
    pos = 0
    for m in _TAG_RX.finditer(text):
        parts.append((text[pos : m.start()], combine_marks([s[1] for s in stack])))
        name = m.group(2).lower()
        if m.group(1):  # closing tag: pop the nearest matching opener, ignore strays
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i]
                    break
        else:
            stack.append((name, _TAG_MARKS[name]))
        pos = m.end()
    parts.append((text[pos:], combine_marks([s[1] for s in stack])))
    return MarkedText.build(parts)


# --- plain text and markdown --------------------------------------------------------------


def decode_text(path: Path, data: bytes) -> str:
    """Bytes to str: UTF-8 (with or without BOM), else Windows-1252; binary data is refused."""
    head = data[:8192]
    if b"\x00" in head:
        raise IngestError(str(path), "not_text", "binary data")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if sample and controls / len(sample) > 0.05:
        raise IngestError(str(path), "not_text", "binary data")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_text(path: Path, data: bytes) -> Loaded:
    text, cells = read_text_tables(decode_text(path, data))
    return Loaded(parse_inline_tags(text), {"tables": cells} if cells else {}, paged="\f" in text)


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_FULL_TEXT = re.compile(r"^## Full text\s*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^(\f?)#{1,6}[ \t]+", re.MULTILINE)


def load_markdown(path: Path, data: bytes) -> Loaded:
    """Markdown with optional YAML front matter; a `## Full text` section is the document body."""
    import yaml

    text = decode_text(path, data)
    meta: dict[str, object] = {}
    fm = _FRONT_MATTER.match(text)
    if fm:
        try:
            loaded = yaml.safe_load(fm.group(1))
        except yaml.YAMLError as exc:
            raise IngestError(str(path), "corrupt", f"front matter: {exc}", kind="Markdown") from None
        meta = loaded if isinstance(loaded, dict) else {}
        text = text[fm.end() :]
    body = _FULL_TEXT.search(text)
    if body:  # curator notes above it are not part of the agreement
        text = text[body.end() :].lstrip("\n")
    text, cells = read_text_tables(_MD_HEADING.sub(r"\1", text))
    meta = {**meta, "tables": cells} if cells else meta
    return Loaded(parse_inline_tags(text), meta, paged="\f" in text)


# --- HTML ----------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "dd", "dt",
}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template"}
_COLOR_RX = re.compile(r"(?:^|;)\s*color\s*:\s*([^;]+)", re.IGNORECASE)


def _html_color(el) -> str | None:
    m = _COLOR_RX.search(el.get("style") or "")
    value = m.group(1).strip() if m else el.get("color")
    return value.lstrip("#").upper() if value else None


def _walk_html(el, stack: list[Mark], parts: list[tuple[str, Mark]]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    lines = tag == "table" and next(el.iter(*_TAG_MARKS), None) is None and list_table(el)
    if tag in _SKIP_TAGS or lines:  # skipped, or a table of lists read by its columns
        if lines:
            parts.append(("\n" + "\n".join(lines) + "\n", combine_marks(stack)))
        if el.tail:
            parts.append((el.tail, combine_marks(stack)))
        return
    pushed = tag in _TAG_MARKS
    if pushed:
        base = _TAG_MARKS[tag]
        stack.append(Mark(base.kind, _html_color(el), base.source))
    if tag in _BLOCK_TAGS:
        parts.append(("\n", KEEP))
    if tag in ("td", "th"):
        parts.append((" ", KEEP))
    if el.text:
        parts.append((el.text, combine_marks(stack)))
    for child in el:
        _walk_html(child, stack, parts)
    if pushed:
        stack.pop()
    if tag in _BLOCK_TAGS:
        parts.append(("\n", KEEP))
    if el.tail:
        parts.append((el.tail, combine_marks(stack)))


def load_html(path: Path, data: bytes) -> Loaded:
    import lxml.etree
    import lxml.html

    if b"\x00" in data[:8192]:
        raise IngestError(str(path), "not_text", "binary data")
    try:
        root = lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IngestError(str(path), "corrupt", str(exc), kind="HTML") from None
    body = root.find("body")
    parts: list[tuple[str, Mark]] = []
    _walk_html(body if body is not None else root, [], parts)
    text = MarkedText.build(parts).sub(r"[ \t\r\xa0]*\n[ \t\r\xa0\n]*\n", "\n\n")
    return Loaded(text, _html_meta(root))


_HTML_META = {"date": ("date", "dc.date", "article:published_time", "pubdate"),
              "source": ("source", "og:url")}


def _html_meta(root) -> dict[str, str]:
    """The page's own title, date (<meta name="date">, article:published_time) and address."""
    meta = {"title": (root.findtext(".//title") or "").strip()}
    tags = {(m.get("name") or m.get("property") or "").lower(): (m.get("content") or "").strip()
            for m in root.iter("meta")}
    for key, names in _HTML_META.items():
        meta[key] = next((tags[n] for n in names if tags.get(n)), "")
    if not meta["source"]:
        link = root.find(".//link[@rel='canonical']")
        meta["source"] = (link.get("href") or "").strip() if link is not None else ""
    if not re.fullmatch(r"\d{4}(-\d\d){0,2}", meta["date"][:10]):
        meta["date"] = ""
    meta["date"] = meta["date"][:10]
    return {k: v for k, v in meta.items() if v}


# --- registry ------------------------------------------------------------------------------


def _pdf(path: Path, data: bytes) -> Loaded:
    from .load_pdf import load_pdf

    return load_pdf(path, data)


def _docx(path: Path, data: bytes) -> Loaded:
    from .load_docx import load_docx

    return load_docx(path, data)


LOADERS: dict[str, Loader] = {
    ".txt": load_text,
    ".text": load_text,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": _pdf,
    ".docx": _docx,
}


def supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def check_size(path: Path, max_mb: float) -> None:
    """Refuse a file over the size limit (MB of 1024 x 1024 bytes, as Gradio counts them)."""
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise IngestError(str(path), "too_large", f"{size / 1e6:.0f} MB", limit=f"{max_mb:g}")


def read_file(path: Path, max_mb: float = 100.0) -> bytes:
    """The file's bytes, refusing files over the size limit and empty files."""
    kind = path.suffix.lower().lstrip(".").upper() or "extension-less"
    if path.suffix.lower() not in LOADERS:
        raise IngestError(str(path), "unsupported", kind=kind)
    try:
        check_size(path, max_mb)
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), "unreadable", exc.strerror or str(exc)) from None
    if not data.strip():
        raise IngestError(str(path), "empty")
    return data


def parse_bytes(path: Path, data: bytes) -> Loaded:
    """Run the loader for the file's type over bytes already read."""
    loaded = LOADERS[path.suffix.lower()](path, data)
    if not loaded.text.text.strip():
        raise IngestError(str(path), "not_text" if loaded.paged else "empty")
    return loaded


def load_file(path: Path, max_mb: float = 100.0) -> tuple[Loaded, bytes]:
    """Read and parse one file; returns what was loaded and the raw bytes (for hashing)."""
    data = read_file(path, max_mb)
    return parse_bytes(path, data), data
