"""Regenerate ingest/data/words.txt, the bundled word list used by ingest.repair.

Source: the Oregon collective bargaining corpus (pdftotext extractions, CC0-1.0), by default
at ../shared/corpora/oregon-cba relative to the project root. A word is kept when it appears
in at least MIN_DOCS different documents of at least MIN_FOLDERS employers (this drops OCR
junk, which rarely repeats across unrelated extractions); a word seen in two documents is also
kept when it is a plain inflection or prefixed form of a kept word ("unfunded", "reassigning");
plus the COMMON words below.

    .venv/bin/python -m ingest.data.build_words [CORPUS_DIR]
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

MIN_DOCS = 3
MIN_FOLDERS = 2
WORD_RX = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")

# Function words and contract words that must be present whatever the corpus says.
_COMMON_TEXT = """
a i about above across after again against all almost also although always am among an and
another any anyone anything are aren't around as at away be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing done don't
down during each either else enough even ever every few for from further had hadn't has hasn't
have haven't having he he'd he'll her here hers herself he's him himself his how however if in
into is isn't it its it's itself just least less let's many may me might more most much must my
myself neither never no none nor not now of off often on once one only or other others otherwise
our ours ourselves out over own per rather same shall she should shouldn't since so some such
than that that's the their theirs them themselves then there therefore there's these they
they'd they'll they're this those though through thus to too toward towards under unless until
up upon us very via was wasn't we well were weren't what when where whether which while who
whom whose why will with within without won't would wouldn't yet you your yours yourself
yourselves agreement arbitration arbitrator article association bargaining benefit benefits
chair chair's chairs clause compensation contract contracts daily department district duties
election employee employee's employees employer grievance holiday hourly increase leave
members negotiation negotiations overtime paid pay payment pension premium proposal provision
rate rates retirement salary schedule section seniority sick special step stipend strike
substitute teacher teacher's teachers term union vacancy vacation wage wages year years
"""
COMMON = _COMMON_TEXT.split()


def corpus_words(root: Path) -> dict[str, set[str]]:
    """word -> set of folders (employers) of the documents it appears in, keyed per document."""
    seen: dict[str, set[str]] = defaultdict(set)
    for path in sorted(root.rglob("*.md")):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        body = text.split("## Full text", 1)[-1]
        doc = str(path.relative_to(root))
        for w in {m.group(0).lower().replace("’", "'") for m in WORD_RX.finditer(body)}:
            if len(w) >= 2:
                seen[w].add(doc)
    return seen


SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "ment", "ments", "ion", "ions", "al",
            "ally", "ity", "ness", "'s")
PREFIXES = ("un", "re", "non", "pre", "sub", "co", "in", "dis", "over", "under", "mis")


def _derived(word: str, base: set[str]) -> bool:
    """True when `word` is a kept word plus a common suffix or prefix (stem of 4+ letters)."""
    for suf in SUFFIXES:
        stem = word[: -len(suf)]
        if word.endswith(suf) and len(stem) >= 4 and (stem in base or stem + "e" in base):
            return True
    return any(word.startswith(p) and len(word) - len(p) >= 4 and word[len(p):] in base
               for p in PREFIXES)


def build(root: Path) -> list[str]:
    """The sorted word list for the corpus at `root`."""
    seen = corpus_words(root)
    base = {
        w for w, docs in seen.items()
        if len(docs) >= MIN_DOCS and len({d.split("/", 1)[0] for d in docs}) >= MIN_FOLDERS
    }
    extra = {w for w, docs in seen.items() if len(docs) >= 2 and _derived(w, base)}
    return sorted(base | extra | set(COMMON))


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    default = here.parents[2] / "shared" / "corpora" / "oregon-cba"
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    words = build(root)
    (here / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {here / 'words.txt'}")
