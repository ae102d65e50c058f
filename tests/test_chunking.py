from ingest.chunking import build_document, chunk_document, split_span
from ingest.marked import KEEP, Mark, MarkedText
from ingest.windows import lead_ins
from store.records import DocMeta

INS = Mark("insert", "0000FF", "tracked")
DEL = Mark("delete", "FF0000", "tracked")
META = DocMeta("prop", "District proposal to the Association, Article 12, Compensation")

ARTICLE = """District proposal to the Association, Article 12, Compensation

12.2 Salary Schedule Structure

12.2.1 The salary schedules consist of the following.

12.2.1.8 An additional stipend equal to .02527 times Class A, Step 8 is added for the earned doctorate.

12.7 Per Session and Additional Compensation

12.7.5 An additional stipend of $3,000 is added for the earned doctorate. [Moved from 12.2.1.8]
"""


def test_clauses_carry_section_path_and_exact_offsets():
    doc = build_document(META, MarkedText.plain(ARTICLE), "h", paged=False)
    by_sec = {c.section: c for c in doc.clauses}
    assert list(by_sec) == [None, "12.2", "12.2.1", "12.2.1.8", "12.7", "12.7.5"]
    c = by_sec["12.2.1.8"]
    assert c.heading_path == ("Article 12 Compensation", "12.2 Salary Schedule Structure",
                              "12.2.1 The salary schedules consist of the following.", "12.2.1.8")
    for cl in doc.clauses:
        assert doc.text[cl.char_start:cl.char_end] == cl.text
    assert by_sec["12.7.5"].moves[0].section == "12.2.1.8"
    assert by_sec["12.7.5"].keys == ("12.7.5", "moved-from:12.2.1.8")
    chunked = {ch.section for ch in chunk_document(doc, 1000, 100)}
    assert chunked == {None, "12.2.1", "12.2.1.8", "12.7.5"}  # bare headings live in paths only


def test_tracked_renumbering_and_deleted_clause():
    mt = MarkedText.build([
        ("12.8 Compensation for Extra Service\n\n", KEEP),
        ("12.8.3 Adult education teachers are paid per session rates.\n\n", DEL),
        ("12.8.", KEEP), ("5", DEL), ("4", INS),
        (" Designated teachers in charge shall be paid a monthly stipend of ", KEEP),
        ("$50.00", DEL), ("$115.00", INS), (" for each month.\n", KEEP),
    ])
    doc = build_document(META, mt, "h", paged=False)
    secs = {c.section: c for c in doc.clauses}
    deleted = secs["12.8.3"]
    assert deleted.text == "" and deleted.char_start == deleted.char_end
    assert deleted.redline.marked == "[-12.8.3 Adult education teachers are paid per session rates.-]"
    moved = secs["12.8.4"]
    assert moved.aliases == ("12.8.5",) and moved.section_raw == "12.8.54"
    assert moved.text == ("12.8.4 Designated teachers in charge shall be paid a monthly stipend of "
                          "$115.00 for each month.")
    assert moved.redline.marked == ("12.8.[-5-][+4+] Designated teachers in charge shall be paid a "
                                    "monthly stipend of [-$50.00-][+$115.00+] for each month.")
    assert [(x.kind, x.text, x.color) for x in moved.redline.changes] == [
        ("delete", "5", "FF0000"), ("insert", "4", "0000FF"),
        ("delete", "$50.00", "FF0000"), ("insert", "$115.00", "0000FF")]
    assert doc.text[moved.char_start:moved.char_end] == moved.text
    chunks = chunk_document(doc, 1000, 100)
    dead = [ch for ch in chunks if not ch.live]
    assert len(dead) == 1 and dead[0].text.startswith("[-12.8.3")
    assert all(doc.text[ch.char_start:ch.char_end] == ch.text for ch in chunks if ch.live)


def test_outline_sections_under_articles():
    text = ("ARTICLE 5\nUNION SECURITY\nI. Rights of Employees\nEmployees may join.\n"
            "II. Union Security and Check-off\nA. Deduction of Dues\n1. The County shall deduct dues.\n"
            "2. The County shall remit dues.\nB. Indemnity\nThe Union shall indemnify.\n"
            "ARTICLE 6 - HOLIDAYS\nSection 1. Holidays. The following days are holidays.\n")
    doc = build_document(META, MarkedText.plain(text), "h", paged=False)
    got = [(c.section, c.keys[:2]) for c in doc.clauses]
    assert got == [
        ("5", ("article:5",)),
        ("5.I", ("5.i", "section:i")),
        ("5.II", ("5.ii", "section:ii")),
        ("5.II.A", ("5.ii.a", "section:ii.a")),
        ("5.II.A.1", ("5.ii.a.1", "section:ii.a.1")),
        ("5.II.A.2", ("5.ii.a.2", "section:ii.a.2")),
        ("5.II.B", ("5.ii.b", "section:ii.b")),
        ("6", ("article:6",)),
        ("6.1", ("6.1", "section:1")),
    ]
    assert [c.label for c in doc.clauses][3:5] == [
        "Article 5 (Union Security), II.A", "Article 5 (Union Security), II.A.1"]
    assert doc.clauses[-1].label == "Article 6 (Holidays), Section 1"
    assert {(c.article, c.article_title) for c in doc.clauses[:7]} == {("5", "UNION SECURITY")}
    assert doc.clauses[0].heading_path == ("Article 5 UNION SECURITY",)
    assert doc.clauses[-1].heading_path == ("Article 6 HOLIDAYS", "Section 1 Holidays")


def test_pages_and_toc():
    toc = Mark("keep", None, "", "toc")
    mt = MarkedText.build([
        ("TABLE OF CONTENTS\nARTICLE 1 Recognition 1\nARTICLE 2 Holidays 2\n", toc),
        ("\fARTICLE 1 RECOGNITION\nThe County recognizes the Union.\n\f", KEEP),
        ("ARTICLE 2 HOLIDAYS\nNew Year's Day is a holiday.\n", KEEP),
    ])
    doc = build_document(META, mt, "h", paged=True)
    assert [(c.section, c.page) for c in doc.clauses] == [
        (None, 1), ("1", 2), ("2", 3)]
    assert doc.clauses[0].text.startswith("TABLE OF CONTENTS")
    assert "\f" not in doc.text and len(doc.page_starts) == 3


def test_long_clause_splits_at_subitems_with_overlap_elsewhere():
    items = "".join(f"({ch}) The employee shall receive notice number {i} in writing. " * 3 + "\n"
                    for i, ch in enumerate("abcdefgh"))
    text = "12.3 Grievance Procedure\n" + items
    doc = build_document(META, MarkedText.plain(text), "h", paged=False)
    clause = [c for c in doc.clauses if c.section == "12.3"][0]
    assert [s for s, _ in clause.subitems] == list("abcdefgh")
    chunks = chunk_document(doc, 400, 80)
    mine = [ch for ch in chunks if ch.clause_id == clause.clause_id]
    assert len(mine) > 1 and all(len(ch.text) <= 400 for ch in mine)
    assert all(ch.text.startswith("(") for ch in mine[1:])  # split at sub-items
    assert all(ch.section == "12.3" and ch.embed_text.endswith(ch.text) for ch in mine)
    spans = split_span("word " * 300, 0, 1500, 200, 50)
    assert all(b - a <= 200 for a, b in spans) and spans[0][0] == 0 and spans[-1][1] == 1499
    assert all(spans[i + 1][0] < spans[i][1] for i in range(len(spans) - 1))  # overlap


def test_a_report_is_split_where_its_own_topics_start():
    """A bulletin has no numbered clauses: its windows begin at its headings and list
    lead-ins, so a list comes whole with the words that say whose proposal it is."""
    pledge = "Sign the strike pledge today; every signature counts for the team. " * 9
    text = ("Team declares impasse\n\n" + pledge + "\n\nBargaining Update\n\n"
            "Union economic package proposal:\n\nA two-year contract.\n\n"
            "Longevity differential increase of 0.5% for every five years worked.\n\n"
            "Management's economic package proposal:\n\nA step freeze for 2026-2027.\n")
    doc = build_document(META, MarkedText.plain(text), "h", paged=False)
    assert [c.section for c in doc.clauses] == [None]
    starts = [ch.text.split("\n")[0] for ch in chunk_document(doc, 700, 100)]
    assert starts[1:] == ["Bargaining Update"]  # not its lead-in, which stays with it
    assert lead_ins(text, 0, len(text)) == [text.index("Bargaining Update"),
                                            text.index("Management's")]


def test_a_caption_starts_the_window_of_the_table_it_names():
    """A bulletin's heading over a table read by its columns ("Management: …; …") has no
    closing stop; the window holding the table starts with it."""
    text = ("Rally at noon on the quad, bring your friends and signs. " * 12
            + "\n\nProposals from both sides were shared at a closed session June 18th\n\n"
            "Union: Discipline; Grievance Procedure; Layoff\n"
            "Management: Academic Year Positions; Uniforms and Protective Clothing\n")
    assert lead_ins(text, 0, len(text)) == [text.index("Proposals")]
    doc = build_document(META, MarkedText.plain(text), "h", paged=False)
    last = chunk_document(doc, 700, 100)[-1].text
    assert last.startswith("Proposals from both sides") and "Management:" in last
    plain = text.replace("June 18th", "June 18th.")  # a sentence, not a caption
    assert lead_ins(plain, 0, len(plain)) == []


def test_lossy_redline_move_recovers_the_added_words():
    from ingest.loaders import parse_inline_tags

    text = ("12.2 <u>Salary</u>\n12.2.1.8 An additional stipend equal to .02527 times Class A, "
            "Step 8 is added for the earned doctorate.\n12.7 Per Session\n12.7.5 An additional "
            "stipend equal to .02527 times Class A, Step 8 of $3,000 is added for the earned "
            "doctorate. [Moved from 12.2.1.8]\n")
    doc = build_document(META, parse_inline_tags(text), "h", paged=False)
    moved = [c for c in doc.clauses if c.section == "12.7.5"][0]
    assert doc.lossy_redline and moved.lossy
    assert [(x.kind, x.text, x.inferred) for x in moved.redline.changes] == [
        ("insert", "of $3,000", True)]


def test_real_heading_forms_give_articles_and_qualified_ids():
    text = ("ARTICLE TWENTY\nSICK LEAVE\nA. Accrual\n1. Teachers earn one day a month.\n"
            "a. Part-time teachers earn in proportion.\n(1) Rounded to the half day.\n"
            "b. Unused days carry over.\n"
            "Article 21, TRANSFERS\n21-1 Voluntary transfers are posted.\n"
            "21-1.1 Posting lasts ten days.\n"
            "APPENDIX B\nSALARIES\nA. The schedule is attached.\n"
            "Side Letter #2\nThe parties agree to meet:\na. monthly during the term.\n")
    doc = build_document(META, MarkedText.plain(text), "h", paged=False)
    got = [(c.article, c.article_title, c.section) for c in doc.clauses if c.section]
    assert got == [
        ("20", "SICK LEAVE", "20"), ("20", "SICK LEAVE", "20.A"), ("20", "SICK LEAVE", "20.A.1"),
        ("21", "TRANSFERS", "21"), ("21", "TRANSFERS", "21.1"), ("21", "TRANSFERS", "21.1.1"),
        ("Appendix B", "SALARIES", "Appendix B"), ("Appendix B", "SALARIES", "Appendix B.A"),
        ("Side Letter #2", "", "Side Letter #2")]
    assert next(c for c in doc.clauses if c.section == "21.1.1").label == "21-1.1"
    a1 = next(c for c in doc.clauses if c.section == "20.A.1")
    at = doc.text.index("Rounded")
    assert a1.section_at(at) == "20.A.1.a.1"
    assert a1.label_at(doc.text.index("Unused")) == "Article 20 (Sick Leave), A.1.b"
    letter = doc.clauses[-1]
    assert letter.label_at(doc.text.index("monthly")) == "Side Letter #2, a"
    assert letter.section_at(doc.text.index("monthly")) == "Side Letter #2.a"


def test_roman_sub_items_after_letters_nest_and_i_after_h_stays_a_letter():
    text = ("ARTICLE 12\nPAY\nG. Credits\n2. Degrees count.\ne. Doctorates:\ni. a dissertation;\n"
            "ii. a defense.\nh. Eighth item.\ni. Ninth item.\n")
    doc = build_document(META, MarkedText.plain(text), "h", paged=False)
    c = next(c for c in doc.clauses if c.section == "12.G.2")
    assert c.section_at(doc.text.index("a defense")) == "12.G.2.e.ii"
    assert c.section_at(doc.text.index("Ninth")) == "12.G.2.i"


def test_section_with_its_first_item_and_letters_bound_at_the_end():
    text = ("ARTICLE 2: RECOGNITION\nSection 1. The Employer recognizes the Union.\n"
            "Section 2(A). Positions may be excluded.\n(B) The Union may challenge them.\n"
            "LETTERS OF AGREEMENT\nLETTER OF AGREEMENT\nArticle 13: CONTRACTING OUT\n"
            "(1) The parties agree to meet.\n")
    doc = build_document(META, MarkedText.plain(text), "h", paged=False)
    s2 = next(c for c in doc.clauses if c.section == "2.2")
    assert s2.section_at(doc.text.index("Positions")) == "2.2.A"
    assert s2.section_at(doc.text.index("The Union may")) == "2.2.B"
    letter = doc.clauses[-1]
    assert letter.article == "Letter of Agreement"
    assert letter.article_title == "Article 13: CONTRACTING OUT"
    assert letter.section_at(doc.text.index("The parties")) == "Letter of Agreement.1"


def _articles(text: str) -> list[tuple[str, str, str]]:
    doc = build_document(META, MarkedText.plain(text), "h", paged=False)
    return [(c.article, c.article_title, c.section) for c in doc.clauses if c.section]


def test_titles_wrapped_after_a_year_under_a_generic_name_and_cut_mid_phrase():
    got = _articles(
        "Article III\nSchool-Based Management\nand Shared Decision-Making\n\nA. Philosophy\n"
        "APPENDIX B\n\n2017-2018\nCLASS SIZE REQUIREMENTS\n\nClass sizes may exceed limits.\n"
        "APPENDIX C\nMEMORANDUM OF UNDERSTANDING\n\nATHLETIC DIRECTORS\n1. Full-time.\n"
        "APPENDIX D\nEMPLOYMENT OF RETIRED EMPLOYEES\n\nAS TEACHERS (50% OR MORE)\nA. SALARY\n"
        "Appendix E - Ballot Language Approved by\nDenver Voters November 1, 2005.\n\nTEXT\n"
        "SIDE LETTERS\n\nThe District and the Federation of\nTeachers agree to these letters:\n")
    titles = {art: title for art, title, _ in got}
    assert titles == {
        "3": "School-Based Management and Shared Decision-Making",
        "Appendix B": "CLASS SIZE REQUIREMENTS", "Appendix C": "ATHLETIC DIRECTORS",
        "Appendix D": "EMPLOYMENT OF RETIRED EMPLOYEES AS TEACHERS (50% OR MORE)",
        "Appendix E": "Ballot Language Approved by Denver Voters November 1, 2005.",
        "Side Letters": ""}  # a sentence cut after "of" is not a title


def test_four_digit_lettered_and_hyphen_dotted_ids_and_a_typo_in_article():
    got = _articles(
        "ARTICLE 11 LEAVES\n11.0205 – MILITARY LEAVE: Granted by law.\n"
        "11.0206 – JURY DUTY LEAVE: Paid.\n"
        "ARTICL 12: OTHER LEAVES\nSection 1. Unpaid leave.\n"
        "ARTICLE 13\nWORKING CONDITIONS\n13-29 Job Sharing\n13-29.2.1 Where one teacher:\n"
        "APPENDIX A\n\nA-1 Basic Salary Schedule:\nSteps follow.\n"
        "A-2.1 National Board Certification\nA stipend is paid.\n")
    assert [s for _, _, s in got] == [
        "11", "11.0205", "11.0206", "12", "12.1", "13", "13.29", "13.29.2.1",
        "Appendix A", "Appendix A.1", "Appendix A.2.1"]
    assert dict((a, t) for a, t, _ in got)["Appendix A"] == ""  # "A-1 ..." is a section


def test_a_list_of_articles_and_appendices_inside_an_article_opens_nothing():
    got = _articles(
        "ARTICLE 8\nWORKING CONDITIONS\n8-6 Substitutes\nThey get these provisions:\n\n"
        "Article 1 Recognition\nArticle 2 Definitions\nArticle 8 Working Conditions except 8-4\n"
        "Appendix A, Sections:\nA-1 Salary Schedule\nAppendix E Dental Coverage\n\n"
        "8-6.3 When there exists a need to hire.\n"
        "ARTICLE 9\nDISCIPLINE\n9-1 Discipline Code\n")
    assert [(a, s) for a, _, s in got] == [
        ("8", "8"), ("8", "8.6"), ("8", "8.6.3"), ("9", "9"), ("9", "9.1")]
    assert {t for a, t, _ in got if a == "8"} == {"WORKING CONDITIONS"}


def test_references_wrapped_over_a_page_break_or_after_and_open_nothing():
    got = _articles(
        "ARTICLE 61 PAY\nSection 5. On-call pay is subject to the provision of\n\f\n"
        "Article 25, Overtime, Section 4(B) or payment in cash.\n"
        "ARTICLE 62: LICENSES\nSection 1. Drivers need a license, may deviate from Article 5; and\n"
        "Article 6, Provision 6.01 of this Agreement.\nSection 2. Renewals.\n"
        "ARTICLE 63 SHARING\n63.1 Teachers may share provided that:\nA. they ask; and\n\f\n"
        "B. The Board agrees.\n")
    assert [s for _, _, s in got] == ["61", "61.5", "62", "62.1", "62.2", "63", "63.1",
                                      "63.1.A", "63.1.B"]


def test_a_continued_article_header_at_a_page_top_opens_nothing():
    got = _articles(
        "ARTICLE IX\nSAFETY\nG. Conditions\n1. Rooms are kept safe.\n\f\n"
        "ARTICLE IX - SAFETY (continued)\n\nIX-2\n\n2. Exits are marked.\nH. Reports\n")
    assert got == [("9", "SAFETY", "9"), ("9", "SAFETY", "9.G"), ("9", "SAFETY", "9.G.1"),
                   ("9", "SAFETY", "9.G.2"), ("9", "SAFETY", "9.H")]


def test_a_list_started_again_under_a_lettered_item_nests_under_it():
    text = ("ARTICLE 7 - VACATION LEAVE\n1. Accrual.\nA. New hires may frontload.\n"
            "B. Employees hired before 2001 accrue as follows:\n1. Under five years, 104 hours.\n"
            "2. Over five years, 128 hours.\nC. Employees hired after 2001 accrue as follows:\n"
            "1. Twelve hours a month.\n2. Employees may sell back sixty hours.\n"
            "D. Employees in paid status accrue.\n2. Holidays.\nA. New Year's Day.\n")
    doc = build_document(META, MarkedText.plain(text), "h", paged=False)
    assert [c.section for c in doc.clauses] == [
        "7", "7.1", "7.1.A", "7.1.B", "7.1.B.1", "7.1.B.2", "7.1.C", "7.1.C.1", "7.1.C.2",
        "7.1.D", "7.2", "7.2.A"]


def test_sections_of_an_article_numbered_like_a_section_sit_under_it():
    text = ("ARTICLE 12.4          LEAD WORK DIFFERENTIAL\n"
            "Section 1. Lead work differential is paid to employees assigned lead work.\n\n"
            "Section 6. If the duties have not been assigned in writing, the employee may "
            "notify the Appointing Authority.\n\n"
            "ARTICLE 12.5          SAFETY GLASSES\n"
            "Section 1. Glasses are provided.\n")
    doc = build_document(DocMeta("aee", "AEE contract"), MarkedText.plain(text), "h", paged=False)
    by_text = {c.text[:12]: c for c in doc.clauses}
    six = by_text["Section 6. I"]
    assert six.heading_path == ("Article 12.4 LEAD WORK DIFFERENTIAL", "Section 6")
    assert six.label == "Article 12.4 (Lead Work Differential), Section 6"
    assert six.section == "12.4.6" and "section:6" in six.keys
    glasses = [c for c in doc.clauses if "Glasses" in c.text][0]
    assert glasses.heading_path == ("Article 12.5 SAFETY GLASSES", "Section 1")


def test_an_acronym_in_an_article_title_keeps_its_capitals():
    from ingest.chunking import article_words

    assert article_words("10", "PAID TIME OFF (PTO) AND PERSONAL LEAVE") == (
        "Article 10 (Paid Time Off (PTO) And Personal Leave)")
    assert article_words("20", "SICK LEAVE") == "Article 20 (Sick Leave)"
