"""Generated DOCX and PDF redlines, through the whole ingest, come back as exact clause JSON."""

import json

from click.testing import CliRunner

from tests import redline_fixtures as fx


def ingest_and_get(tmp_path, make, section, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    make(folder)
    monkeypatch.setenv("STEWARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STEWARD_EMBEDDER", "hash")
    from ui.cli import cli

    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", "-q", str(folder)])
    assert res.exit_code == 0 and "0 failed" in res.output, res.output
    res = runner.invoke(cli, ["clause", section, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_docx_tracked_changes_to_clause_json(tmp_path, monkeypatch):
    got = ingest_and_get(tmp_path, fx.proposal_docx, "12.7.5", monkeypatch)
    assert got["current"] == ("12.7.5 An additional stipend of four thousand five hundred dollars "
                              "($4,500) shall be paid to each employee who holds National Board "
                              "certification.")
    assert got["marked"] == ("12.7.5 An additional stipend of [-three thousand dollars ($3,000)-]"
                             "[+four thousand five hundred dollars ($4,500)+] shall be paid to each "
                             "employee who holds National Board certification.")
    assert got["changes"] == [
        {"kind": "delete", "text": "three thousand dollars ($3,000)", "color": "FF0000"},
        {"kind": "insert", "text": "four thousand five hundred dollars ($4,500)", "color": "0000FF"}]
    assert got["heading_path"] == "Article 12 COMPENSATION > 12.7.5"
    assert got["lossy_redline"] is False


def test_docx_fully_deleted_clause_is_shown_struck(tmp_path, monkeypatch):
    got = ingest_and_get(tmp_path, fx.proposal_docx, "12.7.9", monkeypatch)
    # the struck clause is not live; the unnumbered paragraphs after it still are
    assert "sunsets" not in got["current"] and got["current"].startswith("See the salary")
    assert got["marked"].startswith("[-12.7.9 This section sunsets on June 30, 2025.-]\nSee the")


def test_pdf_drawn_lines_to_clause_json(tmp_path, monkeypatch):
    got = ingest_and_get(tmp_path, fx.redline_pdf, "12.7.6", monkeypatch)
    assert got["current"] == "12.7.6 The stipend shall be paid in equal installments."
    assert got["marked"] == ("12.7.6 The stipend shall be paid in [-two-] [+equal+] installments"
                             " [-on or before June 30-].")
    assert [(c["kind"], c["color"]) for c in got["changes"]] == [
        ("delete", "FF0000"), ("insert", "0000FF"), ("delete", "008000")]
    assert got["page"] == 1
