"""A word the documents never use, one keystroke from one they do, is read as that word."""

from retrieval.spelling import respelled
from store.lexical import terms

SEEN = {t: 2.0 for w in ("deadline grievance transfer request ahead vacation management "
                         "proposal dead line").split() for t in terms(w)}
SEEN[terms("deadline")[0]] = 1.5


def weights(ts):
    return {t: SEEN.get(t, 9.0) for t in ts}


def test_slips_are_mended_to_the_documents_words():
    assert respelled("whens the dealine to put in a transfer request?", weights) == (
        "whens the deadline to put in a transfer request?")
    assert respelled("how far ahaed for vacation?", weights) == "how far ahead for vacation?"
    assert respelled("managment's latest proposal", weights) == "management's latest proposal"


def test_known_words_names_and_far_misses_are_left_alone():
    text = "Gresham teachers: whats the doula benefit for a transfer?"
    assert respelled(text, weights) == text


def test_a_real_word_is_not_shortened_into_another():
    seen = {t: 2.0 for w in ("early rise pay".split()) for t in terms(w)}

    def few(ts):
        return {t: seen.get(t, 9.0) for t in ts}

    assert respelled("the yearly pay and the raise", few) == "the yearly pay and the raise"


def test_an_inflection_of_a_known_word_is_not_a_slip():
    seen = {t: 2.0 for w in ("let lette know plan".split()) for t in terms(w)}

    def few(ts):
        return {t: seen.get(t, 9.0) for t in ts}

    text = "a bonus for letting them know, planned early"
    assert respelled(text, few) == text
    assert respelled("whens the dealine", weights) == "whens the deadline"


def test_a_word_is_not_mended_into_one_whose_stem_says_little():
    seen = {t: 2.0 for t in terms("bar")}  # "baredly" (a typo somewhere) stems to "bar"

    def few(ts):
        return {t: seen.get(t, 9.0) for t in ts}

    assert respelled("if I barely use sick leave", few) == "if I barely use sick leave"


def test_a_members_word_is_never_mended_into_the_contracts_spelling_of_another():
    seen = {t: 2.0 for w in ("raised salary increased".split()) for t in terms(w)}

    def contract(ts):  # one nurses' contract: "raised" and "salary increased", never "raise"
        return {t: seen.get(t, 9.0) for t in ts}
    assert respelled("Do I get a raise in July 2026?", contract) == (
        "Do I get a raise in July 2026?")  # the vocabulary searches it as a salary increase
