"""Splitting a law's cleaned text into its structure: books, parts, chapters, sections and articles.

A heading is a line that starts with a structural word and a number (digits of any script, roman numerals
or Arabic ordinal words). Each provision's text runs from its heading line to the next heading, so the
provisions joined in order give back the whole text: nothing is lost or duplicated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from text.normalise import western_digits

# Structural levels, outermost first. An article is the unit researchers annotate.
LEVELS = {"book": 0, "part": 1, "chapter": 2, "section": 3, "subsection": 4, "article": 5}
EID_PREFIX = {
    "preamble": "preamble", "book": "book", "part": "part", "chapter": "chp", "section": "sec",
    "subsection": "subsec", "article": "art", "paragraph": "para", "item": "item",
}  # fmt: skip

DIGITS = "0-9٠-٩۰-۹"

_UNITS = {
    "اول": 1, "اولي": 1, "حادي": 1, "حاديه": 1, "ثاني": 2, "ثانيه": 2, "ثالث": 3, "ثالثه": 3, "رابع": 4,
    "رابعه": 4, "خامس": 5, "خامسه": 5, "سادس": 6, "سادسه": 6, "سابع": 7, "سابعه": 7, "ثامن": 8, "ثامنه": 8,
    "تاسع": 9, "تاسعه": 9, "عاشر": 10, "عاشره": 10,
}  # fmt: skip
_TENS = {
    "عشر": 10, "عشره": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_HUNDREDS = {"مائه": 100, "مئه": 100, "مائتان": 200, "مائتين": 200, "مئتان": 200, "مئتين": 200}
AR_STRUCTURE = {
    "الكتاب": "book",
    "الباب": "part",
    "الفصل": "chapter",
    "الفرع": "section",
    "القسم": "subsection",
}
EN_STRUCTURE = {"book": "book", "part": "part", "chapter": "chapter", "section": "section", "title": "part"}

_AR_NUMBER = re.compile(
    rf"^[({{\[]?\s*(?P<num>[{DIGITS}]+)\s*[)}}\]]?\s*(?P<bis>مكرر[ةه]?(?:\s*[{DIGITS}]+)?)?\s*(?:[-–—:.]|\s|$)"
)
_AR_ARTICLE_WORD = re.compile(r"^(?:ال)?مادة\s*")
_AR_ARTICLE_REVERSED = re.compile(rf"^(?P<num>[{DIGITS}]+)\s*(?:ال)?مادة\s*$")
_AR_CONTAINER_WORD = re.compile(rf"^(?P<word>{'|'.join(AR_STRUCTURE)})\s+")
_SEPARATOR = re.compile(r"^\s*(?:[-–—:.]|$)")
_EN_ARTICLE = re.compile(r"^(?:Article|Art\.)\s+(?P<num>\d+[A-Za-z]?|[IVXLC]+)\b\s*[-–—:.]?", re.I)
# "12. Citizenship with identity of descent and gender: ..." (numbered articles followed by their title);
# accepted only as the next number in sequence, since numbered lists look the same.
_EN_NUMBERED_ARTICLE = re.compile(r"^(?P<num>\d{1,3})\.\s+(?P<title>[A-Z][A-Za-z]+)")
_EN_CONTAINER = re.compile(
    r"^(?P<word>Book|Part|Chapter|Section|Title)(?:\s+|\s*-\s*)(?P<num>\d+[A-Za-z]?|[IVXLC]+|One|Two|Three|Four|Five|Six|"
    r"Seven|Eight|Nine|Ten)\b\s*[-–—:.]?",
)


@dataclass
class SegmentedProvision:
    kind: str
    number: str
    number_value: str
    heading: str
    text: str
    depth: int
    parent: int | None
    eid: str = ""
    lines: list[str] = field(default_factory=list, repr=False)


def arabic_ordinal_value(words: str) -> int | None:
    """«الحادية والعشرون» -> 21, «الأولى» -> 1, «المائة» -> 100; None if the words are not an ordinal."""
    normalised = re.sub("[أإآ]", "ا", words).replace("ى", "ي").replace("ة", "ه")
    total, seen = 0, False
    for word in re.split(r"\s+", normalised.strip()):
        word = word[1:] if word.startswith("و") and word[1:].startswith("ال") else word
        word = word[2:] if word.startswith("ال") else word
        if word == "بعد" or not word:
            continue
        for table in (_UNITS, _TENS, _HUNDREDS):
            if word in table:
                total += table[word]
                seen = True
                break
        else:
            return None
    return total if seen else None


def _arabic_number(rest: str) -> tuple[str, str] | None:
    """The number that opens ``rest`` (digits or ordinal words) as (printed, normalised)."""
    match = _AR_NUMBER.match(rest)
    if match:
        value = str(int(western_digits(match.group("num"))))
        bis = match.group("bis")
        if bis:
            value += "-bis" + western_digits(re.sub(r"[^0-9٠-٩۰-۹]", "", bis))
        return match.group(0).strip(" -–—:."), value
    words = rest.split()
    for count in range(min(5, len(words)), 0, -1):
        phrase = " ".join(words[:count])
        value = arabic_ordinal_value(phrase.rstrip("-–—:."))
        if value and _SEPARATOR.match(rest[len(phrase) :] if rest.startswith(phrase) else "-"):
            return phrase.rstrip("-–—:. "), str(value)
    return None


def _heading(line: str, last_article: int) -> tuple[str, str, str] | None:
    """(kind, number as printed, normalised number) if the line opens a provision."""
    word = _AR_ARTICLE_WORD.match(line)
    if word:
        found = _arabic_number(line[word.end() :])
        if found:
            return "article", *found
    match = _AR_ARTICLE_REVERSED.match(line)
    if match:
        return "article", match.group("num"), str(int(western_digits(match.group("num"))))
    match = _EN_ARTICLE.match(line)
    if match:
        return "article", match.group("num"), match.group("num")
    match = _EN_NUMBERED_ARTICLE.match(line)
    if match and int(match.group("num")) == last_article + 1:
        return "article", match.group("num"), match.group("num")
    match = _AR_CONTAINER_WORD.match(line)
    if match and len(line) <= 120:
        found = _arabic_number(line[match.end() :])
        if found:
            return AR_STRUCTURE[match.group("word")], *found
    match = _EN_CONTAINER.match(line)
    if match and len(line) <= 120:
        return EN_STRUCTURE[match.group("word").lower()], match.group("num"), match.group("num")
    return None


def segment(text: str) -> list[SegmentedProvision]:
    """The provisions of a cleaned text in reading order, each pointing at its parent by index."""
    provisions: list[SegmentedProvision] = []
    stack: list[int] = []  # indexes of the open containers, outermost first
    current: SegmentedProvision | None = None
    last_article = 0
    for line in text.split("\n"):
        found = _heading(line.strip(), last_article)
        if found:
            kind, number, value = found
            if kind == "article" and value.isdigit():
                last_article = int(value)
            level = LEVELS[kind]
            while stack and LEVELS[provisions[stack[-1]].kind] >= level:
                stack.pop()
            current = SegmentedProvision(
                kind=kind, number=number, number_value=value, heading=line.strip(), text="",
                depth=len(stack), parent=stack[-1] if stack else None,
            )  # fmt: skip
            provisions.append(current)
            if kind != "article":
                stack.append(len(provisions) - 1)
        elif current is None:
            current = SegmentedProvision("preamble", "", "", "", "", 0, None)
            provisions.append(current)
        current.lines.append(line)
    for provision in provisions:
        provision.text = "\n".join(provision.lines).strip("\n")
        provision.lines = []
    _assign_eids(provisions)
    return provisions


def _assign_eids(provisions: list[SegmentedProvision]) -> None:
    used: dict[str, int] = {}
    for provision in provisions:
        own = EID_PREFIX[provision.kind]
        if provision.number_value:
            own += "_" + re.sub(r"[^0-9A-Za-z-]", "", provision.number_value)
        eid = own if provision.parent is None else f"{provisions[provision.parent].eid}__{own}"
        used[eid] = used.get(eid, 0) + 1
        provision.eid = eid if used[eid] == 1 else f"{eid}_{used[eid]}"
