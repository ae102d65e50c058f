"""How stored values read to people. The store keeps `tentative_agreement`, `side_letter`,
`team`, a draft's method `deterministic`; everything a person sees (the app's tables, pickers,
filters, citations, confirmations, the command line's lines) says them in words, through here.
Stored values never change."""

from __future__ import annotations

TYPE_WORDS = {"contract": "Contract", "proposal": "Proposal",
              "counterproposal": "Counterproposal", "tentative_agreement": "Tentative agreement",
              "side_letter": "Side letter or MOU", "award": "Fact-finding report or award",
              "bulletin": "Bulletin", "news": "News", "other": "Other"}
STATUS_WORDS = {"current": "Current", "proposed": "Proposed", "superseded": "Superseded",
                "expired": "Expired"}
VISIBILITY_WORDS = {"member": "Members (everyone)", "team": "Bargaining team only"}
ROLE_WORDS = {"member": "Member", "team": "Bargaining team"}
# How a draft's wording was made (retrieval.draft's DraftClause.method).
METHOD_WORDS = {"model": "worded by the language model, checked by Steward",
                "deterministic": "Steward applied the goal's terms to the clause itself"}
# What the chat shows while an answer is under way (retrieval.answer.Progress steps).
PROGRESS_WORDS = {"searching": "Searching the documents…", "reading": "Reading the clauses…"}
FIELD_WORDS = {"doc_type": TYPE_WORDS, "status": STATUS_WORDS, "visibility": VISIBILITY_WORDS}


def say(words: dict[str, str], value: str | None) -> str:
    """A stored value in words; an unknown one with its underscores as spaces, capitalised."""
    value = value or ""
    return words.get(value) or value.replace("_", " ").capitalize()


def say_lower(words: dict[str, str], value: str | None) -> str:
    """The same words inside a sentence ("Searched only: tentative agreement")."""
    text = say(words, value)
    return text[:1].lower() + text[1:]


def choices(words: dict[str, str]) -> list[tuple[str, str]]:
    """(label people read, stored value) pairs for a Gradio choice."""
    return [(label, value) for value, label in words.items()]


def unrelated_note(result) -> str:
    """Plain words when two compared documents (a retrieval.compare.Comparison) share no
    clauses, or almost none (fewer than one in ten of the smaller one's); "" otherwise."""
    (n_a, n_b), shared = result.sizes(), result.shared()
    if shared and shared * 10 >= min(n_a, n_b):
        return ""

    def clauses(n: int) -> str:
        return "no numbered clauses" if not n else f"{n:,} numbered clause{'s' * (n != 1)}"

    how = "share no clauses" if not shared else f"share almost no clauses (only {shared:,})"
    return (f"These two documents {how}: “{result.title_a}” ({clauses(n_a)}) and "
            f"“{result.title_b}” ({clauses(n_b)}). They look like different documents, so a "
            "clause-by-clause comparison says little. Compare two versions of the same "
            "document, such as the contract and a proposal to change it.")
