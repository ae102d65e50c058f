"""Whose document it is and which parties a question names: the one home for party names."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from store.lexical import terms
from store.records import DocRecord
from store.text import name_forms


def named_scope(query: str, documents: dict[str, DocRecord]) -> tuple[str, ...] | None:
    """When a question names some of the stored parties ("Marion County", "SCUSD", "I teach
    in Denver", "DCTA"), the documents it can mean: the named employers' (a union named too,
    "Lane County AFSCME", does not bring in other counties' AFSCME), else the named unions';
    then every document of a numbered union they belong to (a bulletin naming one campus
    speaks for all of SEIU 503), and any that name no party. None = not scoped."""
    employers = {i for i, d in documents.items()
                 if any(_mentions(query, *f) for f in _employer_names(d))}
    named = employers or {i for i, d in documents.items()
                          if any(_mentions(query, *f) for f in _union_names(d))}
    units = {_unit(documents[i].union) for i in named} - {""}
    named |= {i for i, d in documents.items() if _unit(d.union) in units}
    names = {i: doc_names(d) for i, d in documents.items()}
    if not named or named >= {i for i, forms in names.items() if forms}:
        return None
    return tuple(sorted(i for i in documents if i in named or not names[i]))


PLACE_HITS = 300  # passages read to tell whether only one party's texts use a word
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def place_words(query: str, documents: dict[str, DocRecord]) -> list[str]:
    """The question's acronyms ("UO", "ODOT") and its words that some stored party's name
    uses ("university" for Oregon Public Universities), each once."""
    known = _name_terms(tuple(documents.values()))
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", query)
             if (ts := terms(w)) and set(ts) <= known]
    return list(dict.fromkeys(_ACRONYM.findall(query) + [w.lower() for w in words]))


@lru_cache(maxsize=8)
def _name_terms(docs: tuple[DocRecord, ...]) -> frozenset[str]:
    return frozenset(t for d in docs for n in (d.employer, d.union) if n for t in terms(n))


def party(doc: DocRecord) -> str:
    """Whose document it is: its numbered union ("SEIU 503": a bulletin naming one campus
    speaks for all of it), else its employer, else itself."""
    return _unit(doc.union) or doc.employer.lower() or doc.doc_id


def _unit(union: str) -> str:
    """'SEIU Local 503' and 'SEIU 503' are one union; 'AFSCME' with no number is a national
    union of many locals, not one unit ('')."""
    words = [w for w in re.findall(r"\w+", union.lower()) if w != "local"]
    return " ".join(words) if any(w.isdigit() for w in words) else ""


def without_names(query: str, documents: dict[str, DocRecord]) -> str:
    """`query` with every stored party's name taken out, unless the question is about the
    party itself ("Who is the president of SCTA?": one word would be left)."""
    forms = set().union(*(doc_names(d) for d in documents.values()))
    out = query
    for name, case_sensitive in sorted(forms, key=lambda f: (-len(f[0]), f)):
        if _mentions(out, name, case_sensitive):
            out = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", out,
                         flags=0 if case_sensitive else re.IGNORECASE)
    out = " ".join(_LOCAL.sub(" ", out).split())
    return out if len(terms(out)) >= 2 else query


_LOCAL = re.compile(r"(?i)\b(?:local|council|district council)\s+\d+\b")  # "Local 701"


@lru_cache(maxsize=4096)  # every question reads every document's names: once per record
def doc_names(doc: DocRecord) -> set[tuple[str, bool]]:
    """The forms a question may name a document's parties in: its employer and union, and
    the file's own name ("Denver_Public_Schools__…" -> DPS)."""
    return _employer_names(doc) | _union_names(doc)


@lru_cache(maxsize=4096)
def _employer_names(doc: DocRecord) -> set[tuple[str, bool]]:
    stem = Path(doc.source).stem.split("__")[0] if doc.source else ""
    return set().union(*(name_forms(f) for f in (doc.employer, stem) if f))


@lru_cache(maxsize=4096)
def _union_names(doc: DocRecord) -> set[tuple[str, bool]]:
    return name_forms(doc.union) if doc.union else set()


def _mentions(query: str, name: str, case_sensitive: bool) -> bool:
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", query, flags) is not None
