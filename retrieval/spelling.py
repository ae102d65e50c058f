"""Members type fast: "whens the dealine", "managment's latest", "how far ahaed". A word the
documents never use, one keystroke away from a word they do use, is read as that word."""

from __future__ import annotations

import re
from string import ascii_lowercase

from store.lexical import NEVER_USED, terms

from .vocabulary import alternatives

_WORD = re.compile(r"(?<![\w'’-])[a-z]{5,}(?![\w-])")  # lower case: never a name ("Gresham")


def _one_edit(word: str) -> set[str]:
    """Every string `word` becomes with a letter it dropped put back ("dealine") or two
    neighbours swapped back ("ahaed"): the slips of fast typing. Never a letter taken away or
    changed: "yearly" is not a slip for "early", nor "raise" for "rise"."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    inserts = [a + c + b for a, b in splits for c in ascii_lowercase]
    return set(swaps + inserts) - {word}


_SUFFIX = re.compile(r"(?:ing|ed|es|er|ly|s)$")


def _bases(word: str) -> set[str]:
    """The words `word` may inflect ("letting" -> "let", "lett", "lette"): a word the documents
    never use may still be a real one, formed from one they do ("letting them know")."""
    base = _SUFFIX.sub("", word)
    if base == word or len(base) < 2:
        return set()
    out = {base, base + "e"}
    if len(base) > 2 and base[-1] == base[-2]:
        out.add(base[:-1])
    return out


def _known(word: str, term_weights, unseen: float) -> bool:
    """Is `word` an inflection of a word the documents use (or of a word too common to search
    for)?"""
    stems = {w: terms(w) for w in _bases(word)}
    if any(not t for t in stems.values()):
        return True
    weights = term_weights({t[0] for t in stems.values()})
    return any(weights.get(t[0], unseen) < unseen - 1e-6 for t in stems.values())


def respelled(text: str, term_weights) -> str:
    """`text` with each lower-case word the documents never use replaced by the most common
    word of the documents one edit away from it, if there is one (`term_weights(terms)` gives
    how rare each term is: the store's IDF)."""
    words = {w for w in _WORD.findall(text) if terms(w)}
    if not words:
        return text
    unseen = term_weights([NEVER_USED]).get(NEVER_USED, 0.0)
    weights = term_weights([terms(w)[0] for w in words])
    fixes = {}
    for w in words:
        if (weights.get(terms(w)[0], unseen) < unseen - 1e-6 or _known(w, term_weights, unseen)
                or alternatives(terms(w))):  # a member's word ("raise"): the contract's is searched
            continue
        stems = {c: t[0] for c in _one_edit(w)
                 if len(t := terms(c)) == 1 and len(t[0]) >= len(c) - 3}  # not "bar" for "baredly"
        seen = term_weights(set(stems.values()))
        best = min(stems, key=lambda c: (seen.get(stems[c], unseen), c), default=None)
        if best is not None and seen.get(stems[best], unseen) < unseen - 1e-6:
            fixes[w] = best
    return _WORD.sub(lambda m: fixes.get(m[0], m[0]), text) if fixes else text
