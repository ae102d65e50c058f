"""The served app over HTTP on 127.0.0.1: the OpenAI-compatible endpoint (with the real `openai`
client), the Gradio API (with the real `gradio_client`), login, and role checks on every
handler the UI calls, so a member never reaches a team-only document by any path."""

import httpx
import pytest

from store.settings import Settings
from tests.conftest import make_service, start_server

TEAM_DOC = "team-strategy"
QUESTION = "What's the doctorate stipend?"
SECRET_Q = "What is our bottom line on the doctorate stipend? What is the strike target?"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One multi-user server for the module: member mia, team tess, each with an API key."""
    from ui.server import build_app

    tmp = tmp_path_factory.mktemp("app")
    settings = Settings(data_dir=tmp / "data", embedder="hash", _env_file=None)
    svc = make_service(tmp, settings)
    keys = {"mia": svc.users.add("mia", "member", "mia-pass-1"),
            "tess": svc.users.add("tess", "team", "tess-pass-1")}
    url, stop = start_server(build_app(svc))
    yield url, keys, svc
    stop()


def test_openai_client_gets_a_cited_answer_with_sources(served):
    from openai import OpenAI

    url, keys, _ = served
    client = OpenAI(base_url=url + "/v1", api_key=keys["mia"], max_retries=0)
    assert [m.id for m in client.models.list()] == ["steward"]
    reply = client.chat.completions.create(model="steward",
                                           messages=[{"role": "user", "content": QUESTION}])
    text = reply.choices[0].message.content
    assert ".02527" in text and "[1]" in text
    sources = text.split("Sources:\n", 1)[1]
    assert sources.startswith("[1] ") and "12.7.5" in sources and "“" in sources
    streamed = "".join(chunk.choices[0].delta.content or "" for chunk in
                       client.chat.completions.create(
                           model="steward", stream=True,
                           messages=[{"role": "user", "content": QUESTION}]))
    assert streamed.split() == text.split()  # same words; line breaks may differ


def test_openai_endpoint_needs_a_known_key(served):
    from openai import AuthenticationError, OpenAI

    url, _, _ = served
    client = OpenAI(base_url=url + "/v1", api_key="stw_not-a-key", max_retries=0)
    with pytest.raises(AuthenticationError, match="API key"):
        client.chat.completions.create(model="steward",
                                       messages=[{"role": "user", "content": QUESTION}])
    r = httpx.post(url + "/v1/chat/completions", json={"messages": []},
                   headers={"Authorization": "Bearer " + served[1]["mia"]})
    assert r.status_code == 400 and "user question" in r.json()["error"]["message"]


def test_gradio_client_gets_a_cited_answer_and_role_limits(served):
    from gradio_client import Client

    url, keys, _ = served
    member = Client(url, auth=("mia", keys["mia"]), verbose=False)
    answer = member.predict(QUESTION, [], api_name="/ask")
    assert not answer["refused"] and answer["citations"][0]["section"] == "12.7.5"
    assert ".02527" in answer["citations"][0]["quote"]
    hits = member.predict("doctorate stipend", 5, api_name="/search")
    assert hits and all(h["doc_id"] != TEAM_DOC for h in hits)
    with pytest.raises(Exception, match="Only the bargaining team"):
        member.predict(["12.7.5"], "set a floor of $3,500", "proposal", api_name="/draft")
    team = Client(url, auth=("tess", "tess-pass-1"), verbose=False)
    draft = team.predict(["12.7.5"], "set a floor of $3,500", "proposal", api_name="/draft")
    assert "3,500" in draft["clauses"][0]["draft"] and "[+" in draft["clauses"][0]["marked"]


def test_login_is_required_and_checked(served):
    url, _, _ = served
    assert httpx.get(url + "/config").status_code == 401
    bad = httpx.post(url + "/login", data={"username": "mia", "password": "wrong"})
    assert bad.status_code == 400
    good = httpx.post(url + "/login", data={"username": "mia", "password": "mia-pass-1"})
    assert good.status_code == 200 and httpx.get(url + "/config", cookies=good.cookies).is_success


def test_the_login_page_is_titled_and_log_out_forgets_the_login(served):
    url, _, _ = served
    page = httpx.get(url + "/")
    assert "<title>Steward</title>" in page.text and "clause cited" in page.text
    login = httpx.post(url + "/login", data={"username": "mia", "password": "mia-pass-1"})
    assert httpx.get(url + "/config", cookies=login.cookies).is_success
    out = httpx.get(url + "/logout", cookies=login.cookies)
    assert out.status_code == 302 and out.headers["location"].rstrip("/") == url
    assert httpx.get(url + "/config", cookies=login.cookies).status_code == 401


def test_member_never_reaches_a_team_document_over_http(served):
    from gradio_client import Client
    from openai import OpenAI

    url, keys, svc = served
    member_api = OpenAI(base_url=url + "/v1", api_key=keys["mia"], max_retries=0)
    team_api = OpenAI(base_url=url + "/v1", api_key=keys["tess"], max_retries=0)
    ask = [{"role": "user", "content": SECRET_Q}]
    team_text = team_api.chat.completions.create(model="steward", messages=ask)
    assert TEAM_DOC in team_text.choices[0].message.content  # the team does see it
    member_text = member_api.chat.completions.create(model="steward", messages=ask)
    assert TEAM_DOC not in member_text.choices[0].message.content
    assert "3,200" not in member_text.choices[0].message.content
    member = Client(url, auth=("mia", keys["mia"]), verbose=False)
    answer = member.predict(SECRET_Q, [], api_name="/ask")
    assert all(c["doc_id"] != TEAM_DOC for c in answer["citations"])
    assert all(h["doc_id"] != TEAM_DOC for h in member.predict("strike target", 50,
                                                                api_name="/search"))
    login = httpx.post(url + "/login", data={"username": "mia", "password": "mia-pass-1"})
    source = svc.original(svc.users.viewer("tess"), TEAM_DOC)
    for path in (f"/gradio_api/file={source}", f"/file={source}"):
        r = httpx.get(url + path, cookies=login.cookies)
        assert r.status_code in (403, 404) and "bottom line" not in r.text


class _Request:  # what the UI handlers read from gr.Request
    def __init__(self, username):
        self.username = username


def test_member_never_reaches_a_team_document_through_any_ui_handler(served):
    import gradio as gr

    from ui.app import StewardUI

    _, _, svc = served
    ui, mia, tess = StewardUI(svc), _Request("mia"), _Request("tess")
    *_, (_, chat, _, panel) = ui.respond(SECRET_Q, [], [], [], [], "", "", mia)
    assert TEAM_DOC not in panel and "3,200" not in chat[-1]["content"]
    *_, (_, _, _, team_panel) = ui.respond(SECRET_Q, [], [], [], [], "", "", tess)
    assert "Team strategy memo" in team_panel
    rows, *pickers = ui.library.refresh(mia)
    assert TEAM_DOC not in {r[-1] for r in rows}
    assert all(TEAM_DOC not in {v for _, v in p["choices"]} for p in pickers)
    assert TEAM_DOC in {r[-1] for r in ui.library.refresh(tess)[0]}
    member_labels = [label for label, _ in ui.find_clauses("bottom line strike target", [],
                                                           mia)["choices"]]
    assert member_labels and not any("Team strategy memo" in x for x in member_labels)
    assert any("Team strategy memo" in label for label, _ in
               ui.find_clauses("bottom line strike target", [], tess)["choices"])
    for call, words in (
            (lambda: ui.library.download(TEAM_DOC, mia), "No document"),
            (lambda: ui.compare(TEAM_DOC, "scusd-proposal-article-12-2021-10-13", False, mia),
             "No document|not found|Cannot find"),
            (lambda: ui.make_draft(["12.7.5"], "restore the formula", "proposal", mia),
             "Only the bargaining team"),
            (lambda: ui.library.reingest(TEAM_DOC, mia), "Only the bargaining team"),
            (lambda: ui.library.delete(TEAM_DOC, mia), "Only the bargaining team"),
            (lambda: ui.library.upload([], "", "proposal", "", "", "", "", "", "proposed", "team", mia),
             "Only the bargaining team"),
            (lambda: ui.viewer(_Request("mallory")), "log in")):
        with pytest.raises(gr.Error, match=words):
            call()
    assert TEAM_DOC in svc.documents(svc.users.viewer("tess"))  # nothing was deleted


def test_follow_up_in_the_chat_is_read_with_the_question_before(served):
    from ui.app import StewardUI

    ui, owner = StewardUI(served[2]), _Request("tess")
    first = "What is the stipend for testing coordinators at the elementary level?"
    *_, (_, chat, panels, panel) = ui.respond(first, [], [], [], [], "", "", owner)
    assert "§ 12.7.6" in panel and "cite-0-1" in panel and len(chat) == 2
    alone = list(ui.respond("and at the secondary level?", [], [], [], [], "", "", owner))
    assert "§ 12.7.6" not in alone[-1][3]  # alone, it is not read as about the stipend
    *_, (_, chat, panels, panel) = ui.respond("and at the secondary level?", chat, panels, [], [],
                                              "", "", owner)
    assert "§ 12.7.6" in panel and "cite-1-1" in panel and len(chat) == 4 and len(panels) == 2
    assert "#cite-1-1" in chat[-1]["content"]  # markers link to this turn's cards


def test_the_chat_says_what_steward_is_doing_until_the_answer_comes(served):
    from ui.app import StewardUI

    ui = StewardUI(served[2])
    shown = [chat[-1]["content"] for _, chat, *_ in ui.respond(QUESTION, [], [], [], [], "", "",
                                                                _Request("mia"))]
    assert shown[:2] == ["_Searching the documents…_", "_Reading the clauses…_"]
    assert ".02527" in shown[-1] and "…_" not in shown[-1]


def test_library_upload_reports_each_file_in_plain_words(served, tmp_path):
    from ui.app import StewardUI

    ui, tess = StewardUI(served[2]), _Request("tess")
    good, bad = tmp_path / "ta.txt", tmp_path / "scan.pdf"
    good.write_text("ARTICLE 9 LEAVE\n9.1 Bereavement leave is five (5) days.\n")
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    summary, *_ = ui.library.upload([str(good), str(bad)], "", "tentative_agreement", "", "", "",
                                    "", "2024-05-01", "current", "member", tess)
    assert "**ta.txt** — added as" in summary and "**scan.pdf** — not added:" in summary
    rows = ui.library.refresh(tess)[0]
    assert any(r[1] == "Tentative agreement" and r[2] == "2024-05-01" for r in rows)
    doc_id = next(r[-1] for r in rows if r[1] == "Tentative agreement")
    assert "— added as" in ui.library.reingest(doc_id, tess)[0]
    pending, box, question, _ = ui.library.ask_delete(doc_id, tess)
    assert box["visible"] and "Delete “" in question and "uploaded in the app" in question
    assert ui.library.cancel()[2] == "Nothing was changed."
    assert doc_id in {r[-1] for r in ui.library.refresh(tess)[0]}  # asking deleted nothing
    _, box, message, _ = ui.library.confirm(pending, tess)
    assert "and its uploaded file" in message and not box["visible"]
    assert not (served[2].settings.corpus_dir / "uploads" / "ta.txt").exists()
    assert doc_id not in {r[-1] for r in ui.library.refresh(tess)[0]}


def test_an_upload_clears_the_box_and_the_form_and_an_edit_is_confirmed(served, tmp_path):
    from ui.app import StewardUI
    from ui.library_tab import DEFAULTS

    ui, tess = StewardUI(served[2]), _Request("tess")
    memo = tmp_path / "memo.txt"
    memo.write_text("ARTICLE 15 PARKING\n15.1 Parking is free at every site.\n")
    summary, box, *form = ui.library.upload([str(memo)], "Parking memo", "side_letter", "RD",
                                            "RTA", "", "", "2024-05-01", "current", "team", tess)
    assert "added as" in summary and box is None
    assert form == ["", DEFAULTS["doc_type"], "", "", "", "", "", DEFAULTS["status"],
                    DEFAULTS["visibility"]] and DEFAULTS["visibility"] == "team"
    doc_id = next(r[-1] for r in ui.library.refresh(tess)[0] if r[0] == "Parking memo")
    details = ui.library.details(doc_id, tess)
    assert details[:3] == ["Parking memo", "side_letter", "RD"] and details[-1] == "team"
    details[-1] = "member"
    pending, box, question, _ = ui.library.ask_edit(doc_id, *details, tess)
    assert box["visible"] and "who may see it: bargaining team only → members" in question
    assert "Members will be able to read it" in question
    assert doc_id not in served[2].documents(served[2].users.viewer("mia"))  # not yet
    _, _, message, _ = ui.library.confirm(pending, tess)
    assert "Details saved" in message and "updated" in message
    assert served[2].documents(served[2].users.viewer("mia"))[doc_id].title == "Parking memo"


def test_bad_questions_over_the_api_get_clear_messages(served):
    url, keys, _ = served
    headers = {"Authorization": "Bearer " + keys["mia"]}
    huge = {"messages": [{"role": "user", "content": QUESTION + " x" * 50_000}]}  # 100 KB
    r = httpx.post(url + "/v1/chat/completions", json=huge, headers=headers, timeout=30)
    assert r.status_code == 400 and "characters long" in r.json()["error"]["message"]
    noisy = {"messages": [{"role": "user", "content": "What's the\x00 doctorate\x07 stipend?\u202e"}]}
    r = httpx.post(url + "/v1/chat/completions", json=noisy, headers=headers, timeout=30)
    assert r.status_code == 200 and ".02527" in r.json()["choices"][0]["message"]["content"]


class ScopeSpy:
    """Stands in front of the real store and records the Scope of every read."""

    READS = ("documents", "texts", "nearest", "keyword", "chunks", "clauses")

    def __init__(self, store):
        self.store, self.calls = store, []

    def __getattr__(self, name):
        real = getattr(self.store, name)
        if name not in self.READS:
            return real

        def read(scope, *args, **kwargs):
            from store.scope import Scope

            assert isinstance(scope, Scope), f"{name} read without a Scope"
            self.calls.append((name, scope))
            return real(scope, *args, **kwargs)
        return read


def test_every_public_path_reads_through_the_viewers_scope(served):
    """ask, search, clause, compare, library, download, draft, the OpenAI API and the Gradio
    API: every store read carries a Scope with the asking viewer's visibility."""
    from gradio_client import Client
    from openai import OpenAI

    from ui.app import StewardUI

    url, keys, svc = served
    real = svc.store
    spy = svc.store = svc.searcher.store = ScopeSpy(real)
    try:
        mia, tess, ui = svc.users.viewer("mia"), svc.users.viewer("tess"), StewardUI(svc)
        proposal = "scusd-proposal-article-12-2021-10-13"
        svc.ask(mia, QUESTION)
        svc.search(mia, "doctorate stipend")
        svc.clause(mia, "12.7.5")
        svc.texts(mia, [proposal])  # the evals' path
        svc.compare(mia, proposal, proposal)
        ui.library.refresh(_Request("mia"))
        ui.library.download(proposal, _Request("mia"))
        OpenAI(base_url=url + "/v1", api_key=keys["mia"], max_retries=0).chat.completions.create(
            model="steward", messages=[{"role": "user", "content": QUESTION}])
        member = Client(url, auth=("mia", keys["mia"]), verbose=False)
        member.predict(QUESTION, [], api_name="/ask")
        member.predict("doctorate stipend", 5, api_name="/search")
        assert {name for name, _ in spy.calls} == set(ScopeSpy.READS)
        assert {scope.visibility for _, scope in spy.calls} == {("member",)}
        spy.calls.clear()
        svc.draft(tess, ["12.7.5"], "set a floor of $3,500")
        assert spy.calls and {s.visibility for _, s in spy.calls} == {("member", "team")}
    finally:
        svc.store = svc.searcher.store = real
