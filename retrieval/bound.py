"""Two words that name one thing ("new hires"), held by a text only word after word, and the
forms a phrase's terms take in questions and texts."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from store.lexical import terms

# Two words that name one thing: "new hires" are employees newly hired, and "the new position"
# a promoted employee serves in says nothing of them. Such a pair in a question is covered only
# whole, or by another phrase of its row (the pair is one term of the question's weights).
BOUND: tuple[tuple[str, ...], ...] = (
    ("new hire", "newly hired", "new employee", "initial employment", "initial hire",
     "probationary employee"),
    ("split class", "split classes"),  # its students sent to others; not a "split shift"
)


def bind(weights: dict[str, float], alts: dict[str, tuple[tuple[str, ...], ...]]
         ) -> tuple[dict[str, float], dict[str, tuple[tuple[str, ...], ...]]]:
    """The weights with each BOUND pair the question asks by ("new", "hir" in this order)
    made one term ("new hir", weighing as its rarer word) that a text holds only where it says
    the pair or another phrase of its row word after word (present_terms)."""
    asked = list(weights)
    for forms in _bound_forms():
        pair = next((f for f in forms if in_order(f, asked)), None)
        if pair is None:
            continue
        key = " ".join(pair)
        weights = {**{t: w for t, w in weights.items() if t not in pair},
                   key: max(weights[t] for t in pair)}
        alts = {**alts, key: tuple((" ".join(f),) for f in forms if f != pair)}
    return weights, alts


@lru_cache(maxsize=1)
def _bound_forms() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Each BOUND row's phrases as search terms, in every form a text may give them."""
    return tuple(tuple(f for p in row for f in forms_of(tuple(terms(p)))) for row in BOUND)


def in_order(phrase: tuple[str, ...], asked: list[str]) -> bool:
    """Do the terms `asked` hold the phrase word after word?"""
    n = len(phrase)
    return any(tuple(asked[i:i + n]) == phrase for i in range(len(asked) - n + 1))


def bound_pairs(found: list[str]) -> set[str]:
    """The BOUND phrases a text's terms say word after word, each as one term ("new hir")."""
    forms = {f for row in _bound_forms() for f in row}
    return {f"{a} {b}" for a, b in pairwise(found) if (a, b) in forms}


def term_parts(weights) -> set[str]:
    """The search terms of a question's weights (a BOUND pair's key is two)."""
    return {part for t in weights for part in t.split(" ")}


def forms_of(phrase: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A phrase's terms as a question may give them: as they are, and with a final e dropped
    where a plural or past form drops it ("raises" and "raised" are rais, "raise" is raise)."""
    plain = tuple(t[:-1] if t.endswith("e") and len(t) >= 4 and t.isalpha() else t
                  for t in phrase)
    return (phrase,) if plain == phrase else (phrase, plain)
