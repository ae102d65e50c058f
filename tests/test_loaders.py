from pathlib import Path

import pytest

from ingest.loaders import load_file, load_html, load_markdown, parse_inline_tags
from store.errors import IngestError


def runs(mt):
    return [(mt.text[a:b], m.kind, m.color) for a, b, m in mt.runs()]


def test_inline_tags_become_marks_and_struck_insertion_is_deleted():
    mt = parse_inline_tags("pay <u>rate</u>step and <u>new <s>gone</s></u> <del>old</del><ins>x</ins>")
    assert mt.without("delete") == "pay ratestep and new  x"
    assert mt.without("insert") == "pay step and gone old"  # struck insertion: deleted now
    assert ("gone", "delete", None) in runs(mt)


def test_markdown_front_matter_and_full_text(tmp_path):
    md = tmp_path / "cba.md"
    md.write_text("---\ntitle: Lane County AFSCME\ndoc_type: collective_bargaining_agreement\n"
                  "---\n# Lane\n\n## Curator notes\nnot the contract\n\n## Full text\n\n"
                  "### ARTICLE 1 Recognition\nThe County recognizes the Union.\n")
    loaded, _ = load_file(md)
    assert loaded.meta["title"] == "Lane County AFSCME"
    assert loaded.text.text == "ARTICLE 1 Recognition\nThe County recognizes the Union.\n"


def test_html_marks_colour_and_blocks():
    html = (b"<html><head><title>TA</title><style>p{}</style></head><body>"
            b"<p>12.1 Wages shall be <del style='color:#ff0000'>2%</del>"
            b"<ins style='color: blue'>4%</ins>.</p><p>12.2 Next</p></body></html>")
    loaded = load_html(Path("ta.html"), html)
    assert loaded.meta == {"title": "TA"}
    assert loaded.text.without("delete").strip() == "12.1 Wages shall be 4%.\n\n12.2 Next"
    assert ("2%", "delete", "FF0000") in runs(loaded.text)
    assert ("4%", "insert", "BLUE") in runs(loaded.text)


def test_an_html_table_of_lists_reads_one_line_per_column_and_a_pay_table_as_laid_out():
    lists = (b"<p>Proposals shared June 18:</p><table><tr><td><h2>Union</h2></td>"
             b"<td><h2>Management</h2></td></tr><tr><td>Discipline</td><td>Academic Year "
             b"Positions</td></tr><tr><td>Layoff</td><td>Uniforms</td></tr><tr><td>"
             b"Reclassification</td></tr></table><p>Next</p>")
    text = load_html(Path("b.html"), lists).text.text
    assert "Union: Discipline; Layoff; Reclassification\nManagement: Academic Year Positions; " \
           "Uniforms\n" in text and text.rstrip().endswith("Next")
    pay = (b"<table><tr><th>Step</th><th>Rate</th></tr><tr><td>1</td><td>$3,000</td></tr>"
           b"<tr><td>2</td><td>$3,100</td></tr></table>")
    laid_out = load_html(Path("p.html"), pay).text.text
    assert "Step: " not in laid_out and "$3,000" in laid_out  # a record per row, as laid out
    struck = lists.replace(b"<td>Layoff</td>", b"<td><del>Layoff</del></td>")
    assert "Union: " not in load_html(Path("r.html"), struck).text.text  # a redline stays whole


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("junk.txt", bytes(range(256)) * 10, "not_text"),
    ("photo.jpg", b"\xff\xd8\xff", "unsupported"),
])
def test_bad_files_fail_with_reasons(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(IngestError) as err:
        load_file(p)
    assert err.value.reason == reason and name in str(err.value)


def test_too_large_and_non_utf8(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 2_000_000)
    with pytest.raises(IngestError) as err:
        load_file(p, max_mb=1)
    assert err.value.reason == "too_large" and "1 MB" in str(err.value)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Employees\u2019 caf\u00e9 \u2014 12.1".encode("cp1252"))
    loaded, _ = load_file(latin)
    assert loaded.text.text == "Employees\u2019 caf\u00e9 \u2014 12.1"


def test_markdown_bad_front_matter(tmp_path):
    p = tmp_path / "x.md"
    p.write_text("---\ntitle: [unclosed\n---\nbody\n")
    with pytest.raises(IngestError) as err:
        load_markdown(p, p.read_bytes())
    assert err.value.reason == "corrupt"
