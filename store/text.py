"""Text helpers every stage shares: slugs, heading-like lines, party names."""

from __future__ import annotations

import re


def slugify(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s[:80] or "document"


def title_like(s: str) -> bool:
    """Reads like a heading ("Salary Schedule Structure", "CATEGORY D — continued")."""
    t = s.strip(" \t:.-\u2013\u2014")
    words = t.split()
    if not words or len(words) > 10 or len(t) > 90:
        return False
    if re.search(r"[.;,]\s", t) or s.rstrip().endswith((".", ",", ";")) and len(words) > 4:
        return False
    if not (t[0].isupper() or t[0].isdigit()):
        return False
    caps = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return t.isupper() or caps / len(words) >= 0.6


_NAMED = re.compile(r"^(.*?)\s*\(([A-Z][A-Za-z0-9 &.-]{1,15})\)\s*$")


def party_names(name: str) -> tuple[str, str]:
    """'Sacramento City Unified School District (SCUSD)' -> (the full name, 'SCUSD'); a name
    with no short form in brackets is both."""
    name = (name or "").strip()
    m = _NAMED.match(name)
    return (m.group(1), m.group(2)) if m else (name, name)


# Words every employer's or union's name may carry: they name no one in particular.
GENERIC_NAME_WORDS = frozenset(
    "school schools public district districts county city board education teachers teacher "
    "association union federation agreement contract collective bargaining state university "
    "universities unified municipal number no local employees employee negotiated classroom "
    "professional system commissioners final cba mou memorandum understanding higher ed "
    "oregon of the and in between for labor relations unit das department services service "
    "council inc".split())
_RUN = re.compile(r"[A-Z][\w'&.-]*(?:\s+(?:of|the|and|[A-Z][\w'&.-]*))*")


_PLACES = {"county", "city"}  # "orange county" in any case names Orange County's board
# what members call a place ("I teach in Philly"), written as they write it
NICKNAMES = {"Philadelphia": ("Philly",), "Los Angeles": ("LA", "L.A."),
             "San Francisco": ("SF",), "New York": ("NYC",), "Indianapolis": ("Indy",),
             "Cincinnati": ("Cincy",), "Sacramento": ("Sac",), "Minneapolis": ("Mpls",)}


def name_forms(text: str) -> set[tuple[str, bool]]:
    """How a question may name the party in `text`: (form, case-sensitive). The whole name
    in any case ("lane county"); its distinctive words as written ("Lane", "Long Beach":
    'lane' and 'long' are also plain words); its initials as written ("DPS", "DCTA")."""
    forms: set[tuple[str, bool]] = set()
    full, short = party_names(text)
    if short != full:
        forms.add((short, True))
    if len(full.split()) > 1:  # "SEIU 503", "seiu local 503" as a whole, in any case
        forms.add((full, False))
    for run in _RUN.findall(full.replace("_", " ")):
        words = run.split()
        if len(words) > 1 and not run.isupper():
            forms.add((run, False))
            initials = "".join(w[0] for w in words if w[0].isupper())
            if len(initials) >= 3:
                forms.add((initials, True))
        core: list[str] = []
        for w in [*words, "of"]:
            if w.lower().strip(".,'") in GENERIC_NAME_WORDS or len(w) < 2:
                if core and len(" ".join(core)) >= 3:
                    forms.add((" ".join(core), True))
                    if len(core) > 1 or w.lower().strip(".,") in _PLACES:  # "long beach"
                        forms.add((" ".join(core + [w.strip(".,")] * (len(core) == 1)), False))
                core = []
            else:
                core.append(w.strip(".,"))
    forms |= {(n, True) for f, _ in list(forms) for n in NICKNAMES.get(f, ())}
    return {(f, cs) for f, cs in forms if len(f) >= 2 and not f.isdigit()}
