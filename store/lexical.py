"""The BM25 side of a store: a bm25s index over the same chunks, persisted beside the store.

It is derived data, kept current by the store that owns it (KeywordSide): rebuilt after the
store's own writes (once per ingest run), and by a reader that finds it stale, so several app
instances sharing one Chroma server stay consistent with the server. While an ingest is still
writing (here or in another process), a reader rebuilds at most once every DEBOUNCE_S and
otherwise searches the index it has (the vector side finds what the ingest adds meanwhile).
"""

from __future__ import annotations

import json
import math
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

# Terms: dollar amounts, percentages, section numbers and words ("$3,000", "6.3%", "12.7.5").
TOKEN_RX = re.compile(r"\$?\d+(?:[.,]\d+)*%?|[a-z][a-z']+")
_STOP = frozenset(
    "a an and are as at be by for from has have in is it its of on or shall that the this to "
    "was were will with which who whom what when where how do does did i my me we our you your "
    "any all can may must not no what's whats how's there their they them us under before "
    "after each every per between during within without into onto over than then also other "
    "such same own more most less very just only both either neither get gets if so but "
    "i'm i've i'd i'll im ive we're we've you're they're it's that's don't doesn't didn't can't "
    "won't isn't aren't while should could would she he her him his hers ok okay th st nd rd "
    "getting"
    .split()
)
_SUFFIXES = ("ingly", "edly", "ings", "ing", "ied", "ies", "ed", "es", "s")
DEBOUNCE_S = 30.0


def stem(word: str) -> str:
    """A light suffix stripper: 'stipends' -> 'stipend', 'teaching' -> 'teach'."""
    if word[0] in "$0123456789":  # "$3,000.00", "$3,000" and "3000" are one term
        word = re.sub(r"^0+(?=\d)", "", word.lstrip("$").rstrip(".,").replace(",", ""))
        return word[:-3] if word.endswith(".00") else word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            word = word[: -len(suf)]
            return word + "y" if suf in ("ied", "ies") else word
    return word


_LABELLED = re.compile(r"\b([A-Za-z]{3,})\s+([A-Z]|\d{1,2}|[IVX]{1,4})\b(?![\d]|\.\d)")


TERMS_VERSION = 11  # raise when terms() changes: saved indexes are rebuilt with the new terms
_COMPOUND = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")


NEVER_USED = "\u2205never-used"  # a term no text yields: its weight is an unseen term's


def terms(text: str, joined: bool = True) -> list[str]:
    """The BM25 terms of a text (lower-cased, stop words dropped, lightly stemmed), plus
    labelled items kept whole: "Class A" -> class_a, "Category E" -> category_e, "Step 08" -> step_8,
    and hyphenated words joined as well as apart: "on-call" -> call, oncall (unless not
    `joined`: a question's weight counts each word once)."""
    low = text.lower()
    words = (t[:-2] if t.endswith("'s") else t.rstrip("'") for t in TOKEN_RX.findall(low))
    out = [stem(t) for t in words if t and t not in _STOP]
    if joined:
        out += [stem(w.replace("-", "")) for w in _COMPOUND.findall(low) if len(w) > 5]
    out += [f"{stem(m[1].lower())}_{stem(m[2].lower())}" for m in _LABELLED.finditer(text)
            if m[1].lower() not in _STOP and not _pronoun(m) and m[1].lower() not in _MONTH_NAMES]
    out += [f"{label_prefix('range')}{stem(n)}" for n in _SALARY_RANGE.findall(text)]  # "SR 32"
    return out + _date_words(low)


def label_prefix(word: str) -> str:
    """How a labelled item's term starts: "Range 32" is range's stem, "_", then 32."""
    return f"{stem(word.lower())}_"


_SALARY_RANGE = re.compile(r"\b(?:SR|Rng\.?)\s?(\d{1,2})\b(?![\d]|\.\d)")


_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
_NUMERIC_DATE = re.compile(r"(?<![\d/])(1[0-2]|0?[1-9])/([0-2]?\d|3[01])/(\d{4}|\d{2})(?![\d/])")


_WRITTEN_DATE = re.compile(rf"\b({'|'.join(_MONTH_NAMES)})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")


def _date_words(low: str) -> list[str]:
    """A date written in figures is also its month's name and four-digit year ("effective
    9/1/23" answers "as of September 2023"), and every whole date is one term as well
    ("11/1/2025" and "November 1, 2025" are both 20251101)."""
    out = []
    for m in _NUMERIC_DATE.finditer(low):
        month, year = _MONTH_NAMES[int(m[1]) - 1], m[3] if len(m[3]) == 4 else "20" + m[3]
        out += ([] if month in _STOP else [stem(month)]) + [year, f"{year}{int(m[1]):02}{int(m[2]):02}"]
    for m in _WRITTEN_DATE.finditer(low):
        out.append(f"{m[3]}{_MONTH_NAMES.index(m[1]) + 1:02}{int(m[2]):02}")
    return out


def _pronoun(m: re.Match) -> bool:
    """"unless I am", "Once I'm": the pronoun, not Class I."""
    return m[2] == "I" and (m[1][0].islower() or m.string[m.end():m.end() + 1] in ("'", "’"))


@dataclass
class LexicalIndex:
    """bm25s over chunk texts, with each chunk's document (scopes are applied by document)."""

    revision: int
    ids: list[str]
    doc_ids: list[str]
    bm25: Any  # bm25s.BM25
    df: dict[str, int] = field(default_factory=dict)  # chunks each term appears in
    built_at: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        names = sorted(set(self.doc_ids))
        self._names = {d: i for i, d in enumerate(names)}
        self._codes = np.array([self._names[d] for d in self.doc_ids], dtype=np.int64)

    def weight(self, term: str) -> float:
        """IDF of a term; a term the documents never use weighs the most."""
        return math.log(1.0 + (len(self.ids) + 1) / (self.df.get(term, 0) + 0.5))

    def mask(self, allowed: set[str] | None) -> np.ndarray | None:
        """Which chunks belong to the allowed documents (None = all documents)."""
        if allowed is None:
            return None
        codes = [self._names[d] for d in allowed if d in self._names]
        return np.isin(self._codes, np.array(codes, dtype=np.int64))

    def search(self, query: str, k: int, allowed: set[str] | None = None
               ) -> list[tuple[str, float]]:
        """(chunk_id, score) best first; chunks of documents not allowed never come back."""
        q = terms(query)
        if not q or not self.ids:
            return []
        mask = self.mask(allowed)
        if mask is not None and not mask.any():
            return []
        k = min(k, len(self.ids) if mask is None else int(mask.sum()))
        docs, scores = self.bm25.retrieve([q], k=k, show_progress=False, n_threads=1,
                                          weight_mask=None if mask is None else mask.astype(np.float32))
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True)
                if s > 0]


def build_index(rows: Iterable[tuple[str, str, str]], revision: int) -> LexicalIndex:
    """Index (chunk_id, doc_id, text) rows; texts are tokenized as they stream by and not
    kept, so a large store is indexed without holding every chunk's text."""
    import bm25s

    ids: list[str] = []
    doc_ids: list[str] = []
    vocab: dict[str, int] = {}
    corpus: list[list[int]] = []
    df: Counter[str] = Counter()
    for chunk_id, doc_id, text in rows:
        ids.append(chunk_id)
        doc_ids.append(doc_id)
        doc = terms(text) or ["\u2205"]
        df.update(set(doc))
        corpus.append([vocab.setdefault(t, len(vocab)) for t in doc])
    bm25 = bm25s.BM25()
    if corpus:
        bm25.index(bm25s.tokenization.Tokenized(ids=corpus, vocab=vocab), show_progress=False)
    return LexicalIndex(revision, ids, doc_ids, bm25, dict(df))


def save_index(index: LexicalIndex, folder: Path) -> None:
    """Write to a private temp folder, then swap it in: a reader never sees half an index, and
    two writers (an ingest and a reader rebuilding) never trip over each other's files."""
    import tempfile

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        if index.ids:
            index.bm25.save(str(tmp / "bm25"), show_progress=False)
        (tmp / "meta.json").write_text(json.dumps({"revision": index.revision, "ids": index.ids,
                                                   "doc_ids": index.doc_ids, "df": index.df,
                                                   "terms": TERMS_VERSION}))
        old = Path(tempfile.mkdtemp(prefix=folder.name + ".old.", dir=folder.parent))
        try:
            if folder.exists():
                folder.rename(old / "index")
            tmp.rename(folder)
        except OSError:
            pass  # another writer swapped its (equally fresh) index in first
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_index(folder: Path) -> LexicalIndex | None:
    """The saved index, or None if there is none (or it cannot be read)."""
    import bm25s

    try:
        meta = json.loads((folder / "meta.json").read_text())
        if meta.get("terms", 1) != TERMS_VERSION:
            return None  # indexed with other terms: rebuilt from the store
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if meta["ids"] else None
    except (OSError, ValueError, KeyError):
        return None
    doc_ids = meta.get("doc_ids") or meta.get("columns", {}).get("doc_id") or []
    return LexicalIndex(meta["revision"], meta["ids"], doc_ids, bm25, meta.get("df", {}))


def index_folder(data_dir: Path, namespace: str, chroma_url: str = "") -> Path:
    """Where the BM25 index of one store lives (one per embedder, and per Chroma server)."""
    import hashlib

    suffix = "-" + hashlib.sha1(chroma_url.encode()).hexdigest()[:8] if chroma_url else ""
    return data_dir / "bm25" / f"{namespace}{suffix}"


class KeywordSide:
    """The BM25 index of one store, kept by that store (see the module docstring). `store`
    gives revision(), index_rows() -> (chunk_id, doc_id, text) and ingest_running() (an
    ingest, here or in another process, is writing to it now)."""

    def __init__(self, store, folder: Path | None) -> None:
        self.store = store
        self.folder = folder  # None: in memory only
        self._index: LexicalIndex | None = None
        self._lock = threading.Lock()

    def refresh(self) -> LexicalIndex:
        """Rebuild from the store's chunks (the store is the truth) and save it."""
        index = build_index(self.store.index_rows(), self.store.revision())
        if self.folder is not None:
            save_index(index, self.folder)
        self._index = index
        return index

    def current(self) -> LexicalIndex:
        """The index matching the store's revision: the cached one, the saved one, or a
        rebuild (debounced while another process is still ingesting)."""
        revision = self.store.revision()
        cached = self._index
        if cached is not None and cached.revision == revision:
            return cached
        with self._lock:
            cached = self._index
            if cached is not None and cached.revision == revision:
                return cached
            saved = load_index(self.folder) if self.folder is not None else None
            if saved is not None and saved.revision == revision:
                self._index = saved
                return saved
            fresh_enough = cached is not None and time.monotonic() - cached.built_at < DEBOUNCE_S
            if fresh_enough and self.store.ingest_running():
                return cached
            return self.refresh()


class KeywordReads:
    """The Store's keyword reads, for a store with a `keyword_side` and `documents(scope)`."""

    def keyword(self, scope, query: str, k: int) -> list[tuple[str, float]]:
        docs = self.documents(scope)
        return self.keyword_side.current().search(query, k, set(docs)) if docs else []

    def term_weights(self, terms: Iterable[str]) -> dict[str, float]:
        index = self.keyword_side.current()
        return {t: index.weight(t) for t in terms}
