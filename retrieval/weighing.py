"""How a question's words weigh: words that only shape a question weigh nothing, a story's
words and what only its telling part says weigh less, and what kind of answer it asks."""

from __future__ import annotations

import re

from store.lexical import NEVER_USED, terms

from .direct import asking_sentence, question_kind
from .text import sentence_spans
from .vocabulary import plain_words

# Words that shape a question but say nothing about what it is about, as written and as the
# terms questions are compared by ("anything" is anyth).
_ASKING = (
    "what how much many long often soon does do did say says said tell about get gets got is are "
    "there any which who when where why can could would should please know want need explain "
    "me us we our i my mine current currently contract agreement document documents clause "
    "section article language rule rules policy now latest still today recently ever actually "
    "exactly really here someone somebody something anything thing things think guess wonder "
    "wondering happen happens happened doing nobody anyone anybody whens hey hi thanks "
    "question lot make mak take tak give giv keep put let come com go mid wait hmm hav being far "
    "folk guy yall kinda sorta stuff basically whether until once".split()
)
QUESTION_WORDS = frozenset(_ASKING) | {t for w in _ASKING for t in terms(w)}
STORY_WORDS = 12  # a question this long tells a story around what it asks


def story_words_down(weights: dict[str, float], term_weights, alts,
                      names: set[str]) -> dict[str, float]:
    """A word the documents never use and no contract word stands for ("grandma", "kick in")
    tells the story around a question more often than what it asks: it weighs half of what
    an average word of the question the documents do use weighs. A name ("Chicago") keeps
    its weight: a question about someone the documents never name is not answered."""
    unseen = term_weights([NEVER_USED]).get(NEVER_USED, 0.0)
    seen = [w for t, w in weights.items() if w < unseen - 1e-6 or t in alts]
    if not unseen or not seen:
        return weights
    low = 0.5 * sum(seen) / len(seen)
    return {t: (low if w >= unseen - 1e-6 and t not in alts and t not in names else w)
            for t, w in weights.items()}


_CARRIED = re.compile(r"\s\(([^()]+)\)\?\s*$")


def told_down(weights: dict[str, float], question: str, names: set[str]) -> dict[str, float]:
    """Words only the telling part of a question uses ("I'm a tenured teacher in Baltimore.
    How many sick days do I get?"), or only the topic a later part carries over in brackets
    ("What grade do I need (tuition reimbursement)?"), say who asks or about what, not what:
    each weighs at most half of what an average word of the asking sentence weighs (a
    carried topic, all its words together, less than the asking ones). Names keep their
    weight."""
    told, asked = [], []
    carried = _CARRIED.search(question)  # a later part's topic, carried over
    if carried:
        told.append(carried[1])
        question = question[:carried.start()] + "?"
    for a, b in sentence_spans(question):
        (asked if question[a:b].rstrip().endswith("?") else told).append(question[a:b])
    asking = set(terms(plain_words(" ".join(asked))))
    base = [w for t, w in weights.items() if t in asking]
    if not told or not base:
        return weights
    low = 0.5 * sum(base) / len(base)
    out = {t: (min(w, low) if t not in asking and t not in names else w)
           for t, w in weights.items()}
    return _carried_down(out, carried[1], asking | names, CARRIED * sum(base)) if carried else out


CARRIED = 0.9  # a carried topic weighs less than what the part asks: its words are the greater half


def _carried_down(weights: dict[str, float], carried: str, kept: set[str],
                  budget: float) -> dict[str, float]:
    """The topic a later part carries over weighs, all its words together, at most `budget`
    (a share of what the part asks): "What grade do I need (tuition reimbursement percent cover grad
    classes toward master's)?" is about a grade."""
    topic = set(terms(plain_words(carried))) - kept
    held = sum(w for t, w in weights.items() if t in topic)
    if held <= budget:
        return weights
    return {t: w * budget / held if t in topic else w for t, w in weights.items()}


def asked_kind(question: str) -> str:
    """The kind of answer asked for (direct.question_kind) by the last question of a text that
    carries the conversation before it ("How much does a coach make? what if I coached six
    years elsewhere - does that count?"), when that question asks one or stands alone."""
    asks = [s for s in re.split(r"(?<=[?])\s+", question.strip()) if s.rstrip().endswith("?")]
    last = asks[-1] if len(asks) > 1 else question
    kind = question_kind(last)
    said = asking_sentence(last)  # "I work nights. Is there …?"
    if not kind and said != last.strip():
        kind = question_kind(said)
    return kind if kind or len(last.split()) >= STORY_WORDS else question_kind(question)
