from pathlib import Path

import pytest

from ingest.catalog import Catalog, document_meta
from ingest.dates import find_date
from ingest.metadata import guess_type
from store.errors import ConfigError
from tests.conftest import SEEDS


def test_seed_catalog_entries():
    cat = Catalog()
    entry = cat.entry_for(SEEDS / "004_d6a0d3bf041202d8.txt")
    meta = document_meta(SEEDS / "004_d6a0d3bf041202d8.txt", {}, "text", entry)
    assert (meta.doc_id, meta.doc_type, meta.status, meta.date, meta.visibility) == (
        "scusd-proposal-article-12-2021-10-13", "proposal", "proposed", "2021-10-13", "member")
    assert meta.inferred == ()
    assert all(cat.entry_for(p) for p in SEEDS.glob("*.txt"))


def test_uncatalogued_file_is_inferred(tmp_path):
    f = tmp_path / "Tentative Agreement Art 7.txt"
    text = "Tentative Agreement on Article 7, Hours\nOctober 13, 2021\n7.1 The workday is 8 hours."
    meta = document_meta(f, {}, text, None)
    assert meta.doc_id == "tentative-agreement-art-7"
    assert (meta.doc_type, meta.date, meta.status) == ("tentative_agreement", "2021-10-13", "current")
    assert set(meta.inferred) == {"title", "date", "doc_type", "status"}


def test_front_matter_maps_oregon_fields(tmp_path):
    fm = {"id": "lane-afscme", "title": "Lane County AFSCME", "issuing_body": "Lane County",
          "union": "AFSCME", "doc_type": "letter_of_agreement", "status": "superseded",
          "effective_date": "2024-07-01"}
    meta = document_meta(tmp_path / "x.md", fm, "", None)
    assert (meta.doc_id, meta.employer, meta.doc_type, meta.status, meta.date) == (
        "lane-afscme", "Lane County", "side_letter", "superseded", "2024-07-01")


def test_bad_catalog_values_name_the_file(tmp_path):
    (tmp_path / "catalog.toml").write_text('[[document]]\nfile = "a.txt"\ndoc_type = "contrat"\n')
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(ConfigError, match="a.txt: doc_type = 'contrat' is not one of"):
        Catalog().entry_for(tmp_path / "a.txt")


@pytest.mark.parametrize("text, iso", [
    ("date 2022-03-28 SACRAMENTO", "2022-03-28"),
    ("By | 2017-12-12T11:48 December 1st, 2017|", "2017-12-01"),  # a timestamp is not a date line
    ("Proposal\n\nOctober 13, 2021\n", "2021-10-13"),
    ("no date here", ""),
])
def test_find_date(text, iso):
    assert find_date(text) == iso


def test_guess_doc_type():
    assert guess_type("District Counterproposal", "") == "counterproposal"
    assert guess_type("x", "Our bargaining team met with LAUSD") == "bulletin"
    assert guess_type("Memorandum of Understanding", "") == "side_letter"
    assert guess_type(Path("notes").name, "hello") == "other"
