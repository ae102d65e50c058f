"""A clause heading found at a line start, and how article numbers are read ("XII",
"TWELVE", "Twenty-One", "XVIII-A")."""

from __future__ import annotations

from dataclasses import dataclass

from store.keys import roman_to_int

_UNITS = ("ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|ELEVEN|TWELVE|THIRTEEN|FOURTEEN|"
          "FIFTEEN|SIXTEEN|SEVENTEEN|EIGHTEEN|NINETEEN")
_TENS = "TWENTY|THIRTY|FORTY|FIFTY|SIXTY|SEVENTY|EIGHTY|NINETY"
_NUMBER_WORDS = {w: i + 1 for i, w in enumerate(_UNITS.split("|"))} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS.split("|"))}
SPELLED = rf"(?i:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_UNITS})"


def _number_value(word: str) -> int | None:
    word = word.upper().replace(" ", "-")
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    parts = word.split("-")
    if len(parts) == 2 and all(p in _NUMBER_WORDS for p in parts):
        return _NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]]
    return roman_to_int(word)


def article_number(raw: str) -> str:
    """An article number as digits where it can be: 'XII' / 'TWELVE' / 'Twenty-One' -> '12' /
    '21', 'XVIII-A' -> '18-A', '12' -> '12'."""
    if raw[:1].isdigit():
        return raw
    value = _number_value(raw)
    if value:
        return str(value)
    head, _, suffix = raw.partition("-")
    value = _number_value(head)
    return f"{value}-{suffix}" if value else raw


@dataclass(frozen=True)
class Heading:
    """A clause heading (or sub-item) found at the start of a line."""

    kind: str  # article | section | dotted | roman | upper | digit | sub
    line_start: int  # offset of the line in the text
    start: int  # offset of the number token (after any "- " bullet)
    token_end: int  # offset just past the number token
    raw: str  # the number as printed ("12.8.54", "XII", "3", "(b)")
    title: str = ""  # heading title on the same line, if it reads like one
    readings: tuple[str, ...] = ()  # dotted: candidate numbers, best first
    damaged: bool = False  # dotted: the printed number carries renumbering damage
    fixed: bool = False  # dotted: real redline marks say which reading is live (readings[0])
    snippet: str = ""  # the first words after an untitled number, for heading paths
    value: str = ""  # resolved number ("12.8.4", "12", "II", "3", "b")

    @property
    def is_boundary(self) -> bool:
        return self.kind != "sub"
