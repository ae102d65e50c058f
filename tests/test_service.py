"""Roles and visibility through the service every endpoint uses: a member never reaches a
team-only document, by any path; only the team uploads, deletes and drafts."""

from pathlib import Path

import pytest

from store.errors import ConfigError, NotFoundError
from tests.conftest import make_service
from ui.library import safe_name
from ui.service import NotAllowed
from ui.users import OWNER, Viewer

MEMBER, TEAM = Viewer("mia", "member"), Viewer("tess", "team")


@pytest.fixture
def service(tmp_path, settings):
    return make_service(tmp_path, settings)


def test_team_only_document_is_invisible_to_members_everywhere(service):
    q = "What is our bottom line on the doctorate stipend?"
    assert any(c.doc_id == "team-strategy" for c in service.ask(TEAM, q).citations)
    member_answer = service.ask(MEMBER, q)
    assert all(c.doc_id != "team-strategy" for c in member_answer.citations)
    assert "3,200" not in member_answer.text
    assert all(h.doc_id != "team-strategy" for h in member_answer.closest)
    assert all(h.doc_id != "team-strategy" for h in service.search(MEMBER, "strike target", k=20))
    assert all(h.clause.doc_id != "team-strategy" for h in service.clause(MEMBER, "12.7.5"))
    with pytest.raises(NotFoundError):
        service.clause(MEMBER, "12.7.5", "team-strategy")
    assert "team-strategy" not in service.documents(MEMBER)
    assert "team-strategy" in service.documents(TEAM)
    with pytest.raises(NotFoundError):
        service.compare(MEMBER, "team-strategy", "scusd-proposal-article-12-2021-10-13")
    with pytest.raises(NotFoundError):
        service.original(MEMBER, "team-strategy")
    assert service.original(TEAM, "team-strategy").name == "strategy.txt"


def test_members_cannot_change_or_draft(service, tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("12.1 Something")
    for call in (lambda: service.upload(MEMBER, [f], {}),
                 lambda: service.delete(MEMBER, "team-strategy"),
                 lambda: service.reingest(MEMBER, "team-strategy"),
                 lambda: service.draft(MEMBER, ["12.7.5"], "set a floor of $3,500")):
        with pytest.raises(NotAllowed, match="Only the bargaining team"):
            call()


def test_team_draft_never_reads_what_its_viewer_cannot_see(service):
    d = service.draft(TEAM, ["12.7.5"], "set a floor of $3,500")
    assert d.clauses[0].base_clause.doc_id == "scusd-proposal-article-12-2021-10-13"


def test_upload_saves_safely_and_catalogues(service, tmp_path):
    evil = tmp_path / "..%2F..%2Fetc-passwd.txt"
    evil.write_text("ARTICLE 3 LEAVE\n3.1 Bereavement leave is five (5) days.\n")
    report = service.upload(TEAM, [evil], {"doc_type": "tentative_agreement", "date": "2024-05",
                                           "visibility": "member", "title": "TA on leave"})
    assert report.count("added") == 1
    saved = service.settings.corpus_dir / "uploads"
    assert [p.name for p in saved.iterdir() if p.suffix == ".txt"] == [safe_name(evil.name)]
    assert safe_name("../../etc/passwd") == "passwd" and safe_name("a\\..\\b.pdf") == "b.pdf"
    doc = [md for md in service.documents(MEMBER).values() if md.title == "TA on leave"][0]
    assert doc.doc_type == "tentative_agreement" and doc.date_text == "2024-05"
    with pytest.raises(ConfigError, match="at least one file"):
        service.upload(OWNER, [], {})
    with pytest.raises(ConfigError, match="doc_type = 'memo' is not one of"):
        service.upload(TEAM, [evil], {"doc_type": "memo"})
    service.delete(TEAM, doc.doc_id)
    assert doc.doc_id not in service.documents(TEAM)


def test_an_upload_never_overwrites_a_different_file_of_the_same_name(service, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "ta.txt", tmp_path / "b" / "ta.txt"
    first.write_text("ARTICLE 3 LEAVE\n3.1 Bereavement leave is five (5) days.\n")
    second.write_text("ARTICLE 4 HOURS\n4.1 The workday is seven (7) hours.\n")
    service.upload(TEAM, [first], {})
    service.upload(TEAM, [second], {})
    service.upload(TEAM, [second], {})  # the same bytes again: no third copy
    saved = service.settings.corpus_dir / "uploads"
    assert sorted(p.name for p in saved.glob("*.txt")) == ["ta-2.txt", "ta.txt"]
    assert "five (5) days" in (saved / "ta.txt").read_text()


COUNTER = "ARTICLE 14 TRAVEL\n14.2 Mileage is reimbursed at ninety-one cents ($0.91) per mile.\n"
BULLETIN = "Bargaining update: our team met the district on March 3 about travel.\n"


def _two_files(tmp_path):
    counter, bulletin = tmp_path / "counter.txt", tmp_path / "bulletin.txt"
    counter.write_text(COUNTER)
    bulletin.write_text(BULLETIN)
    return counter, bulletin


def test_an_upload_never_changes_a_stored_documents_details(service, tmp_path):
    counter, bulletin = _two_files(tmp_path)
    first = service.upload(TEAM, [counter], {"title": "Our counter on travel", "visibility": "team",
                                             "doc_type": "counterproposal", "date": "2024-03-05"})
    (counter_id,) = [r.doc_id for r in first.results if r.status == "added"]
    before = service.documents(TEAM)[counter_id]
    second = service.upload(TEAM, [counter, bulletin], {"doc_type": "bulletin",
                                                        "visibility": "member", "status": "current"})
    by_name = {Path(r.path).name: r for r in second.results}
    assert by_name["counter.txt"].status == "unchanged"
    assert "details were not changed" in by_name["counter.txt"].reason
    assert by_name["bulletin.txt"].status == "added"
    after = service.documents(TEAM)[counter_id]
    assert after == before  # type, title, date, status, visibility and fingerprint untouched
    assert counter_id not in service.documents(MEMBER)
    assert service.documents(MEMBER)[by_name["bulletin.txt"].doc_id].doc_type == "bulletin"
    assert all(h.doc_id != counter_id for h in service.search(MEMBER, "mileage per mile", k=20))
    assert all(c.doc_id != counter_id for c in service.ask(MEMBER, "What is mileage?").citations)
    assert any(c.doc_id == counter_id for c in service.ask(TEAM, "What is mileage?").citations)
    assert [e["action"] for e in service.log.read()] == ["upload", "upload"]


def test_one_title_for_several_files_is_refused_before_anything_is_saved(service, tmp_path):
    files = _two_files(tmp_path)
    with pytest.raises(ConfigError, match="One title was given for 2 files"):
        service.upload(TEAM, list(files), {"title": "Travel"})
    assert not (service.settings.corpus_dir / "uploads").exists()


def test_details_change_only_by_an_explicit_logged_edit(service, tmp_path):
    counter, _ = _two_files(tmp_path)
    report = service.upload(TEAM, [counter], {"visibility": "team", "doc_type": "counterproposal"})
    doc_id = report.results[0].doc_id
    wanted = {**{k: "" for k in ("title", "employer", "union", "from_party", "to_party")},
              "doc_type": "counterproposal", "date": "", "status": "proposed",
              "visibility": "team"}
    wanted["title"] = service.documents(TEAM)[doc_id].title
    assert service.details_changes(TEAM, doc_id, wanted) == {}
    assert service.edit_details(TEAM, doc_id, wanted) is None
    wanted.update(visibility="member", title="Union counterproposal: travel")
    assert service.details_changes(TEAM, doc_id, wanted) == {
        "visibility": ("team", "member"),
        "title": ("ARTICLE 14 TRAVEL", "Union counterproposal: travel")}
    with pytest.raises(NotAllowed):
        service.edit_details(MEMBER, doc_id, wanted)
    assert doc_id not in service.documents(MEMBER)
    assert service.edit_details(TEAM, doc_id, wanted).results[0].status == "updated"
    assert service.documents(MEMBER)[doc_id].title == "Union counterproposal: travel"
    (edit,) = [e for e in service.log.read() if e["action"] == "edit"]
    assert edit["user"] == "tess" and edit["changes"]["visibility"] == ["team", "member"]
    with pytest.raises(ConfigError, match="not uploaded in the app"):
        service.details_changes(TEAM, "team-strategy", {"visibility": "member"})


# What each example question on the empty chat must find (ui.app.EXAMPLES), in corpus/.
EXAMPLE_FACTS = {"What's the doctorate stipend?": ".02527",
                 "How long do I have to file units?": "sixty (60) days",
                 "What does 12.8.4 say?": "temporarily assume the duties of a principal",
                 "What is the Seattle Education Association striking for?": "smaller class sizes"}


def test_every_example_question_is_answered_from_the_corpus_with_a_citation(service):
    from ui.app import EXAMPLES

    assert sorted(EXAMPLES) == sorted(EXAMPLE_FACTS)  # a new example needs its fact here
    for question in EXAMPLES:
        answer = service.ask(MEMBER, question)
        assert not answer.refused and answer.citations, question
        assert any(EXAMPLE_FACTS[question] in c.quote for c in answer.citations), question


def test_warming_up_says_what_could_not_be_loaded_and_goes_on(service):
    from retrieval.chat import LazyModel

    assert service.warm_up() == ""

    def broken():
        raise ConfigError("The model /x.gguf cannot be loaded (not a GGUF file).")

    service.answerer.model = LazyModel(broken)
    assert service.warm_up() == ("Not everything could be loaded before the first question: "
                                 "The model /x.gguf cannot be loaded (not a GGUF file).")
