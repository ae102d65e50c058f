"""Files the app hands out (a Library original, a drafted Word file) over HTTP on 127.0.0.1:
Gradio serves them from its cache at /gradio_api/file=..., and only the person they were
handed to may fetch that URL; not a client without a login, not another member."""

import json
import uuid
import zipfile
from io import BytesIO

import httpx
import pytest

from store.settings import Settings
from tests.conftest import make_service, start_server

TEAM_DOC = "team-strategy"
REFUSED = (401, 403, 404)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from ui.server import build_app

    tmp = tmp_path_factory.mktemp("files")
    settings = Settings(data_dir=tmp / "data", embedder="hash", _env_file=None)
    svc = make_service(tmp, settings)
    svc.users.add("mia", "member", "mia-pass-1")
    svc.users.add("tess", "team", "tess-pass-1")
    svc.users.add("theo", "team", "theo-pass-1")
    url, stop = start_server(build_app(svc))
    yield url
    stop()


def _login(url: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    r = client.post("/login", data={"username": name, "password": f"{name}-pass-1"})
    assert r.status_code == 200, r.text
    return client


def _stream(client: httpx.Client, session: str, fn_index: int, trigger, data: list) -> list:
    joined = client.post("/gradio_api/queue/join", json={
        "data": data, "fn_index": fn_index, "trigger_id": trigger, "session_hash": session,
        "event_data": None})
    assert joined.is_success, joined.text
    with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as s:
        for line in s.iter_lines():
            msg = json.loads(line[5:]) if line.startswith("data:") else {}
            if msg.get("msg") == "process_completed":
                assert msg.get("success"), msg.get("output", {}).get("error", msg)
                return msg["output"]["data"]
    raise AssertionError("The event never completed.")


def _event(client: httpx.Client, button: str, data: list) -> list:
    """Click a button (its elem_id or label) the way the browser does: in a fresh session,
    run the page-load events (they fill the document pickers), then the button's event."""
    config = client.get("/config").json()
    session = uuid.uuid4().hex
    for i, dep in enumerate(config["dependencies"]):
        if any(event == "load" for _, event in dep["targets"]):
            _stream(client, session, i, None, [])
    button = next(c["id"] for c in config["components"] if c.get("type") == "button" and
                  button in (c["props"].get("elem_id"), c["props"].get("value")))
    fn_index = next(i for i, d in enumerate(config["dependencies"])
                    if [button, "click"] in d["targets"])
    return _stream(client, session, fn_index, button, data)


def _file_url(output: dict) -> str:
    value = output.get("value", output)
    assert value["url"] and "/gradio_api/file=" in value["url"], value
    return "/gradio_api/file=" + value["url"].split("/gradio_api/file=", 1)[1]


def _refused(client: httpx.Client, path: str, secret: bytes) -> None:
    for method, variant in (("GET", path), ("HEAD", path),
                            ("GET", path.replace("/file=", "/file/", 1)),
                            ("GET", path.replace("/file=", "//file=", 1))):
        r = client.request(method, variant)
        assert r.status_code in REFUSED, (method, variant, r.status_code)
        assert secret not in r.content


def test_only_the_team_member_it_was_handed_to_fetches_a_team_original(served):
    team, member, other_team = _login(served, "tess"), _login(served, "mia"), _login(
        served, "theo")
    _, original = _event(team, "Download original", [TEAM_DOC])
    path = _file_url(original)
    got = team.get(path)  # (c) the team member who asked for it gets the file
    assert got.status_code == 200 and b"bottom line" in got.content
    _refused(httpx.Client(base_url=served), path, b"bottom line")  # (a) no login
    _refused(member, path, b"bottom line")  # (b) a logged-in member
    _refused(other_team, path, b"bottom line")  # another user it was not handed to
    # nor can the member ask for it: the picker does not offer it, and the Library refuses it
    with pytest.raises(AssertionError, match="No document|not in the list"):
        _event(member, "Download original", [TEAM_DOC])
    _, again = _event(other_team, "Download original", [TEAM_DOC])
    assert other_team.get(_file_url(again)).status_code == 200  # once asked for, theirs too


def test_a_drafted_word_file_reaches_only_the_person_who_drafted_it(served):
    team, member = _login(served, "tess"), _login(served, "mia")
    _, docx, notes = _event(team, "draft-go", [["12.7.5"], "set a floor of $3,500", "proposal"])
    path = _file_url(docx)
    got = team.get(path)
    assert got.status_code == 200
    xml = zipfile.ZipFile(BytesIO(got.content)).read("word/document.xml").decode()
    assert "<w:ins " in xml and "bargaining team" not in xml  # the proposal only
    _refused(httpx.Client(base_url=served), path, b"word/document.xml")
    _refused(member, path, b"word/document.xml")
    notes_path = _file_url(notes)  # the team's notes: a file of their own, the drafter's only
    got = team.get(notes_path)
    assert got.status_code == 200 and "not for the other side" in zipfile.ZipFile(
        BytesIO(got.content)).read("word/document.xml").decode()
    _refused(member, notes_path, b"word/document.xml")


def test_single_user_mode_still_downloads(tmp_path, settings):
    from ui.server import build_app

    url, stop = start_server(build_app(make_service(tmp_path, settings)))
    try:
        owner = httpx.Client(base_url=url, timeout=60)  # no users: no login, this computer only
        _, original = _event(owner, "Download original", [TEAM_DOC])
        got = owner.get(_file_url(original))
        assert got.status_code == 200 and b"bottom line" in got.content
    finally:
        stop()


def test_no_other_server_file_is_served_to_a_logged_in_member(served):
    member = _login(served, "mia")
    for path in ("/gradio_api/file=/etc/passwd", "/gradio_api/file=/tmp",
                 "/gradio_api/file=../../../etc/passwd", "/gradio_api/file/etc/hostname"):
        assert member.get(path).status_code in REFUSED, path
