import re
from pathlib import Path

import pytest

from ingest.loaders import load_markdown, load_text
from ingest.marked import KEEP, Mark, MarkedText
from ingest.repair import (
    dehyphenate,
    document_vocab,
    fix_mojibake,
    fix_shifted_runs,
    normalize_whitespace,
    repair,
    unescape,
    word_list,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "004_d6a0d3bf041202d8.txt"
OREGON = ROOT.parent / "shared" / "corpora" / "oregon-cba"
BIGGEST = OREGON / "state" / "cba" / "state-seiu-2025-2027-blackline-as-of-02202026.md"
INS = Mark("insert", "FF0000", "format")
DEL = Mark("delete", None, "tracked")


def plain(fn, text: str, *args) -> str:
    return fn(MarkedText.plain(text), *args).text


def shift(text: str, k: int) -> str:
    return "".join(chr(ord(c) + k) for c in text)


# --- word lists -----------------------------------------------------------------------------


def test_word_list_is_bundled_and_modest():
    words = word_list()
    assert 5_000 < len(words) < 40_000
    assert {"the", "of", "year", "chair", "election", "negotiations", "grievance"} <= words
    assert all(w == w.lower() and (len(w) >= 2 or w in "ai") for w in words)


def test_document_vocab_adds_document_words():
    vocab = document_vocab("The Steward’s Zyzzyva x 42 filed")
    assert {"steward's", "zyzzyva", "filed", "the"} <= vocab
    assert "x" not in vocab and "42" not in vocab
    assert word_list() <= vocab


# --- shifted runs ---------------------------------------------------------------------------


def test_seed_shifted_runs_decode():
    out = repair(load_text(SEED, SEED.read_bytes()).text).text
    assert "second year of the chair's term, a special election will be held" in out
    assert "year of the chair's term, a special election wik be held" in out
    assert "{gct" not in out and "ejckt" not in out and "urgekcn" not in out


def test_shifted_runs_each_shift():
    for k in (1, 2, 3):
        assert plain(fix_shifted_runs, shift("the employer shall pay the premium", k)) == (
            "the employer shall pay the premium")
    spaced = " ".join(shift(w, -1) for w in ["the", "employer", "shall", "pay"])
    assert plain(fix_shifted_runs, spaced) == "the employer shall pay"


@pytest.mark.parametrize("k", [1, 2, 3])
def test_shifted_runs_with_numbers_and_ambiguous_words(k):
    for text in ("Section 4.2 applies to $1,500.00 payments.", "he will go up to the office"):
        assert plain(fix_shifted_runs, f"Before {shift(text, k)} after.") == f"Before {text} after."


def test_shifted_run_stops_at_real_text():
    text = 'of the ejcktøu"vgt o ."c"urgekcn"gngevkqp" ykm"be held within three weeks'
    assert plain(fix_shifted_runs, text) == (
        "of the chair's term, a special election  wik be held within three weeks")


@pytest.mark.parametrize("text", [
    'A "U" contract teacher\'s annual salary shall be 230 times his/her rate.',
    'or the negotiation of a "contract" for such work which shall be based on',
    'a. "trading" extra duty assignments with other teachers; "Q" or "R" grades',
    "Track* (A)\tSoccer (F ,M)\nSwimming***(A) #3 #4 !! Preschool****",
    "12.9.3. 8 3\tA teacher; 12.2.5.2MaximChasSteb Placement on Entrance: 5",
    "Kit Carson, Zxq Vjr and Ukp Lmw signed; ORS 243.650 OAR 125-155-0520",
    "for lfamily, _, _, _, laddr in local_addr_infos:",
])
def test_shifted_runs_leave_real_text_alone(text):
    assert plain(fix_shifted_runs, text) == text


# --- escapes, emphasis, entities, tags ----------------------------------------------------------


@pytest.mark.parametrize("raw, fixed", [
    (r"of \$3,000 is added", "of $3,000 is added"),
    (r"\*not bold\* \_x\_ \# \[Moved\]", "*not bold* _x_ # [Moved]"),
    ("12.2.2.4 Class **D**", "12.2.2.4 Class D"),
    ("12.2.5.2Maxim**ChasSteb** Placement", "12.2.5.2MaximChasSteb Placement"),
    ("the __Union__ shall", "the Union shall"),
    ("Family &amp; Medical&nbsp;Leave &#8217; &#x2014;", "Family & Medical\xa0Leave ’ —"),
    ("line one<br>line two<br/>three</p><p>four", "line one\nline two\nthree\n\nfour"),
    ('<span style="x">Salary</span> <b>Schedule</b>', "Salary Schedule"),
    ("the $18 \\, / \\, 24$ hours", "the 18 / 24 hours"),
    ("12\\. Wages\n\\- item", "12. Wages\n- item"),
])
def test_unescape(raw, fixed):
    assert plain(unescape, raw) == fixed


@pytest.mark.parametrize("text", [
    "less than <5 days, where a < b and c > d; if x<a and y>b",
    "By: ____________   __----__  DATE: ______",
    "Swimming***(A) and Preschool**** and 2 ** 3",
    r"{B\(E) Non-probationary; PAYROLL DEDUCTIONS\....... 78; C:\Users; \\\\",
    "AT&T and R&D; pay $18 and $24 now",
])
def test_unescape_leaves_lookalikes(text):
    assert plain(unescape, text) == text


# --- mojibake -----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, fixed", [
    ("Category D ó continued", "Category D — continued"),
    ("Head Teacher ó Elementary", "Head Teacher — Elementary"),
    ("Attachment(s) A & B ó the District will", "Attachment(s) A & B — the District will"),
    ("Grades 9 ñ 12", "Grades 9 – 12"),
    ("the employeeâ€™s â€œrightâ€\x9d", "the employee’s “right”"),
    ("cafÃ© Â§ 3", "café § 3"),
    ("employee\x92s \x93in lieu of dues\x94 2025 \x96 2028",
     "employee’s “in lieu of dues” 2025 – 2028"),
    ("beneﬁts oﬀ oﬃce", "benefits off office"),
])
def test_fix_mojibake(raw, fixed):
    assert plain(fix_mojibake, raw) == fixed


@pytest.mark.parametrize("text", [
    "Sí, 1 ó 2 días por semana",
    "José Núñez, café, résumé, Brian Rüdiger",
    "Mw\x94 \x84QF\x94 ?6\x91\x94",
    "teléfono ó correo",
])
def test_fix_mojibake_leaves_real_text(text):
    assert plain(fix_mojibake, text) == text


# --- de-hyphenation ---------------------------------------------------------------------------


def test_dehyphenate_joins_known_words_and_moves_the_break():
    text = "the negoti-\n   ations shall begin; staff de-\nvelopment plan."
    assert plain(dehyphenate, text) == "the negotiations\nshall begin; staff development\nplan."


def test_dehyphenate_keeps_real_hyphens():
    text = "for twenty-\nfive (25) days; one-\nhalf of the son-in-\nlaw leave."
    assert plain(dehyphenate, text) == (
        "for twenty-five\n(25) days; one-half\nof the son-in-law\nleave.")


def test_dehyphenate_prefers_the_documents_own_hyphenated_form():
    vocab = frozenset({"coworkers", "parttime"}) | word_list()
    text = "co-\nworkers and part-\ntime staff. All co-workers and part-time staff."
    assert plain(dehyphenate, text, vocab) == (
        "co-workers\nand part-time\nstaff. All co-workers and part-time staff.")
    assert plain(dehyphenate, "co-\nworkers agree", vocab) == "coworkers\nagree"


def test_dehyphenate_needs_a_lower_case_continuation():
    for text in ("Non-\nProbationary", "Step 5 -\nnext", "total 1-\n2 hours"):
        assert plain(dehyphenate, text) == text


# --- whitespace ---------------------------------------------------------------------------------


def test_normalize_whitespace_rules():
    raw = "  \ufeffA\t\tb\xa0\u2003c  \r\n    indented line   \r\n\n\n\n\nnext\u200b\u200b word \n"
    assert plain(normalize_whitespace, raw) == "A b c\nindented line\n\nnext word"


def test_normalize_whitespace_page_breaks_stand_alone():
    raw = "end of page one  \n\n\n\f  \n  Page two\n \f\f  page four \f"
    assert plain(normalize_whitespace, raw) == (
        "end of page one\n\f\nPage two\n\f\n\f\npage four\n\f")
    assert plain(normalize_whitespace, "a\fb") == "a\n\f\nb"
    assert plain(normalize_whitespace, "\f\n  first") == "\f\nfirst"


# --- marks survive ---------------------------------------------------------------------------


def test_marks_survive_repair():
    mt = MarkedText.build([
        ("  The   rate of ", KEEP), (r"\$50.00", DEL), (r"\$115.00", INS),
        (" per  month for **each** teacher in the negoti-\n   ", KEEP), ("ations ", KEEP),
        ("Category D ó continued", INS), (" of the ", KEEP),
        ('{gct"qh"vjg"ejcktøu"', INS), (" term.  \n\n\n", KEEP),
    ])
    out = repair(mt)
    assert out.without("delete") == (
        "The rate of $115.00 per month for each teacher in the negotiations\n"
        "Category D — continued of the year of the chair's term.")
    assert out.without("insert") == (  # the space before the insertion stays with it
        "The rate of $50.00 per month for each teacher in the negotiations\n of the term.")
    assert out.mark_at(out.text.index("$115")) == INS


def test_shifted_run_keeps_marks_of_each_piece():
    mt = MarkedText.build([('{gct"qh"', KEEP), ('vjg"ejcktøu"', INS)])
    out = fix_shifted_runs(mt)
    assert out.without("insert") == "year of " and out.without("delete") == "year of the chair's "


# --- real documents --------------------------------------------------------------------------


FIXTURES = sorted((Path(__file__).parent / "fixtures" / "layout").glob("*.md"))  # Oregon excerpts


def _load(path: Path) -> MarkedText:
    return load_markdown(path, path.read_bytes()).text


def test_real_contract_changes_only_whitespace_and_hyphens():
    for path in FIXTURES:
        mt = _load(path)
        out = repair(mt)
        strip = re.compile(r"[\s\-\u00ad\u200b]")
        assert strip.sub("", out.text) == strip.sub("", mt.text), path.name
        assert out.text.count("\f") == mt.text.count("\f")
        assert "\n\n\n" not in out.text and "  " not in out.text


def test_no_shifted_runs_found_in_real_contracts():
    assert FIXTURES
    for path in FIXTURES:
        mt = _load(path)
        assert fix_shifted_runs(mt).text == mt.text, path.name
