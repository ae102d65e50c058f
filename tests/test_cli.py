"""The `steward` command line, end to end on the seeds (hash embedder, no chat model)."""

import json

import pytest
from click.testing import CliRunner

from ui.cli import cli


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("STEWARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STEWARD_EMBEDDER", "hash")
    monkeypatch.setenv("STEWARD_CHAT_BACKEND", "extractive")
    runner = CliRunner()

    def invoke(*args, stdin=None):
        res = runner.invoke(cli, list(args), input=stdin)
        assert res.exit_code == 0, res.output
        return res.output
    invoke("ingest", "-q")
    return invoke


def test_search_json_and_stdin(run):
    hits = json.loads(run("search", "--json", "-k", "3", "12.7.5"))
    assert len(hits) == 3 and hits[0]["section"] == "12.7.5"
    assert set(hits[0]) == {"doc_id", "title", "section", "page", "text", "score"}
    lines = run("search", "--json", "-k", "2", "-", stdin="doctorate stipend\nfile units\n")
    assert [len(json.loads(x)) for x in lines.splitlines()] == [2, 2]


def test_ask_json_batch_and_filters(run):
    out = run("ask", "--json", "-", stdin="What's the doctorate stipend?\nWhat is the dental "
              "deductible?\n")
    first, second = (json.loads(x) for x in out.splitlines())
    assert not first["refused"] and first["citations"][0]["verified"] is True
    assert second["refused"] and second["answer"] == "I couldn't find that in the documents."
    assert first["backend"] == "extractive"
    only_news = json.loads(run("ask", "--json", "--type", "news", "What's the doctorate stipend?"))
    assert all(c["doc_type"] == "news" for c in only_news["citations"])


def test_human_output_and_errors(run, monkeypatch):
    assert "[1]" in run("ask", "How long do new employees have to file units?")
    res = CliRunner().invoke(cli, ["search", "--type", "contrct", "x"])
    assert res.exit_code != 0
    monkeypatch.setenv("STEWARD_CHAT_BACKEND", "gpt-9")
    from ui.cli import main

    monkeypatch.setattr("sys.argv", ["steward", "ask", "stipend?"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1


def test_draft_outputs(run, tmp_path):
    out = json.loads(run("draft", "--section", "12.7.5", "--goal",
                         "restore the .02527 formula and set a floor of $3,500", "--json"))
    clause = out["clauses"][0]
    assert clause["base"].startswith("12.7.5") and "[-of $3,000-]" in clause["marked"]
    assert [(t["kind"], t["applied"]) for t in clause["terms"]] == [("restore", True),
                                                                     ("floor", True)]
    assert clause["editorial_marks"] == ["[Moved from 12.2.1.8]"] and not clause["not_understood"]
    assert all(c["ok"] for c in clause["checks"]) and clause["citations"][0]["verified"]
    run("draft", "--section", "12.7.5", "--section", "12.8.6.1.1", "--goal",
        "restore the .02527 formula and set a floor of $3,500",
        "--docx", str(tmp_path / "c.docx"), "--html", str(tmp_path / "c.html"),
        "--notes", str(tmp_path / "notes.md"))
    assert "Applied: a floor of $3,500" in (tmp_path / "notes.md").read_text()
    html = (tmp_path / "c.html").read_text()
    assert "<del>of $3,000</del>" in html and html.count("<ins>") >= 2
    assert (tmp_path / "c.docx").stat().st_size > 0
    text = " ".join(run("draft", "--section", "12.8.6.1.1", "--goal",
                        "raise the stipend to $150").split())
    assert "[+one hundred fifty dollar ($150.00)+]" in text and "REVIEW" not in text


def test_compare_outputs(run, tmp_path):
    out = json.loads(run("compare", "scusd-proposal-article-12-2021-10-13",
                         "scusd-proposal-article-12-2021-10-13", "--json"))
    assert set(out["counts"]) == {"unchanged"}
    res = CliRunner().invoke(cli, ["compare", "nope", "scusd-proposal-article-12-2021-10-13"])
    assert res.exit_code != 0


def test_user_commands_manage_logins_and_keys(run, tmp_path):
    from ui.users import Users

    assert "single-user mode" in run("user", "list")
    out = run("user", "add", "mia", "--role", "member", stdin="s3cret-pass\ns3cret-pass\n")
    key = out.strip().rsplit(" ", 1)[-1]
    assert key.startswith("stw_") and "mia\tmember" in run("user", "list")
    users = Users(tmp_path / "data" / "users.json")
    assert users.login("mia", "s3cret-pass") and users.login("mia", key)
    assert not users.login("mia", "wrong") and users.by_api_key(key).role == "member"
    assert "s3cret-pass" not in (tmp_path / "data" / "users.json").read_text()
    assert key not in (tmp_path / "data" / "users.json").read_text()
    res = CliRunner().invoke(cli, ["user", "add", "x", "--role", "boss", "--password", "p"])
    assert res.exit_code == 2 and "'boss' is not one of" in res.output
    run("user", "remove", "mia")
    assert users.by_api_key(key) is None and users.single_user


def test_serve_refuses_an_open_address_without_users(run):
    from store.errors import ConfigError
    from ui.server import check_host, is_local

    assert is_local("127.0.0.1") and is_local("::1") and not is_local("0.0.0.0")
    with pytest.raises(ConfigError, match="only listens on this computer"):
        check_host("0.0.0.0", 0, single_user=True)
    check_host("127.0.0.1", 0, single_user=True)
