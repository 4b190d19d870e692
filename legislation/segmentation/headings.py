"""Recognising one line as a heading: which kind of provision it opens, and its number.

Each function looks at one line alone; whether a candidate article really is one (and not a cross-reference
that happens to open a line) is decided over the whole document in ``sequence.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from legislation.segmentation.numbers import (
    DIGITS,
    arabic_ordinal_value,
    digits_value,
    english_number_value,
    roman_value,
)

__all__ = [
    "Candidate",
    "article_candidate",
    "closing_block",
    "container_heading",
    "count_explicit_articles",
    "count_tunisian_articles",
    "subdivision",
    "unreadable_article",
]

AR_STRUCTURE = {"الكتاب": "book", "الباب": "part", "الفصل": "chapter", "الفرع": "section", "القسم": "subsection"}
EN_STRUCTURE = {"book": "book", "part": "part", "chapter": "chapter", "section": "section", "title": "part"}


@dataclass
class Candidate:
    """A line that may open an article: its number as printed and normalised, and how sure we are."""

    number: str
    value: int  # the number the sequence is checked on
    bis: str = ""  # «مكرر», «مكرر 2», «A»: an article inserted after ``value``
    last: int = 0  # the last number of a range of repealed articles («المواد 238 - 249 ملغاة»)
    weight: float = 2.0  # explicit headings 2, bare numbered titles 1
    offset: int = 0  # where the heading starts within its line (a heading glued to the previous words)
    inferred: bool = False  # the printed number could not be read: the value is the one its place implies

    @property
    def number_value(self) -> str:
        if self.last:
            return f"{self.value}-{self.last}"
        return str(self.value) + _bis_suffix(self.bis)


_BIS = rf"(?P<bis>مكرر[ةه]?(?:\s*[{DIGITS}]+)?|ثانيا|ثالثا)?"
_AR_NUMBER = re.compile(rf"^[({{\[]?\s*(?P<num>[{DIGITS}]+)\s*[)}}\]]?\s*{_BIS}\s*(?:[-–—:.)]|\s|$)")
_AR_ARTICLE_WORD = re.compile(r"^[.\s]*(?:ال)?مادة\s*")
_AR_RANGE = re.compile(
    rf"^[.\s]*(?:ال)?مواد\s*(?:من\s*)?[(]?(?P<first>[{DIGITS}]+)[)]?\s*(?:-|–|إلى|الى|حتى)\s*[(]?"
    rf"(?P<last>[{DIGITS}]+)[)]?\s*(?:ملغا[ةه]|ملغي[ةه])"
)
# Visual order from right-to-left PDFs: «157 المادة», «:(1) مادة», «(:2) المادة».
_AR_ARTICLE_REVERSED = re.compile(rf"^[\s:(]*(?P<num>[{DIGITS}]+)\s*[):]*\s*[:]?\s*(?:ال)?مادة\s*[:.]?$")
# The Syrian civil code prints «/مادة 12/» at the end of a breadcrumb line, often glued to the word before.
_AR_ARTICLE_SLASHED = re.compile(rf"(?:^|/)\s*(?P<head>مادة\s*(?P<num>[{DIGITS}]+)\s*{_BIS}\s*)/\s*$")
_AR_TUNISIAN = re.compile(rf"^[.\s]*الفصل\s*[(]?(?P<num>[{DIGITS}]+)[)]?\s*{_BIS}\s*(?:[-–—:.]|$)")
_AR_CONTAINER_WORD = re.compile(rf"^(?P<word>{'|'.join(AR_STRUCTURE)})\s+")
_SEPARATOR = re.compile(r"^\s*(?:[-–—:.]|$)")

_EN_ARTICLE = re.compile(
    r"^(?:Article|ARTICLE|Art\.)\s+(?P<num>\d+|[IVXLC]+)(?:\s*(?P<bis>[A-Z]\b|bis\b))?(?P<rest>.*)$"
)
# "12. Citizenship with identity of descent and gender: ..." (numbered articles followed by their title);
# accepted only where the document has no explicit article headings, and only in sequence.
_EN_NUMBERED_ARTICLE = re.compile(r"^(?P<num>\d{1,3})\.\s+(?P<title>[A-Z][A-Za-z]+)")
# "Chapter Twelve: ..." where a translation calls the Tunisian الفصل (article) a chapter.
_EN_CHAPTER_ARTICLE = re.compile(r"^Chapter\s+(?P<num>\d+|[A-Za-z][A-Za-z -]*?)\s*:\s*\S")
_EN_CONTAINER = re.compile(
    r"^(?P<word>Book|Part|Chapter|Section|Title|BOOK|PART|CHAPTER|SECTION|TITLE)(?:\s+|\s*-\s*)"
    r"(?P<num>\d+[A-Za-z]?|[IVXLC]+|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b\s*[-–—:.]?",
)


def arabic_number(rest: str) -> tuple[str, int, str] | None:
    """The number that opens ``rest`` (digits or ordinal words) as (printed, value, bis)."""
    match = _AR_NUMBER.match(rest)
    if match:
        return match.group(0).strip(" -–—:."), digits_value(match.group("num")), match.group("bis") or ""
    words = rest.split()
    for count in range(min(6, len(words)), 0, -1):
        phrase = " ".join(words[:count])
        value = arabic_ordinal_value(phrase.rstrip("-–—:."))
        if value and _SEPARATOR.match(rest[len(phrase) :] if rest.startswith(phrase) else "-"):
            bis = re.match(rf"\s*(مكرر[ةه]?(?:\s*[{DIGITS}]+)?)?", rest[len(phrase) :])
            return phrase.rstrip("-–—:. "), value, bis.group(1) or "" if bis else ""
    return None


def article_candidate(line: str, *, tunisian: bool, numbered: bool) -> Candidate | None:
    """The article this line may open. ``tunisian``: «الفصل N» is an article; ``numbered``: «12. Title» is."""
    word = _AR_ARTICLE_WORD.match(line)
    if word:
        found = arabic_number(line[word.end() :])
        if found:
            printed, value, bis = found
            return Candidate(printed, value, _bis_marker(bis))
        return None
    match = _AR_RANGE.match(line)
    if match:
        first, last = digits_value(match.group("first")), digits_value(match.group("last"))
        if last > first:
            return Candidate(f"{match.group('first')}-{match.group('last')}", first, last=last)
    match = _AR_ARTICLE_REVERSED.match(line)
    if match:
        return Candidate(match.group("num"), digits_value(match.group("num")))
    if "مادة" in line:
        match = _AR_ARTICLE_SLASHED.search(line)
        if match:
            offset = match.start()
            return Candidate(match.group("num"), digits_value(match.group("num")), _bis_marker(match.group("bis")),
                             offset=offset)  # fmt: skip
    if tunisian:
        match = _AR_TUNISIAN.match(line)
        if match:
            return Candidate(match.group("num"), digits_value(match.group("num")), _bis_marker(match.group("bis")))
        match = _EN_CHAPTER_ARTICLE.match(line)
        if match:
            raw = match.group("num")
            value = int(raw) if raw.isdigit() else english_number_value(raw)
            if value:
                return Candidate(raw, value)
    match = _EN_ARTICLE.match(line)
    if match and _english_heading_rest(match.group("rest")):
        raw = match.group("num")
        value = int(raw) if raw.isdigit() else roman_value(raw)
        if value:
            return Candidate(raw + (match.group("bis") or ""), value, (match.group("bis") or "").upper())
    if numbered:
        match = _EN_NUMBERED_ARTICLE.match(line)
        if match:
            return Candidate(match.group("num"), int(match.group("num")), weight=1.0)
    return None


def _bis_marker(bis: str | None) -> str:
    """«مكرر» -> "-", «مكرر 2» -> "2", none -> ""."""
    if not bis:
        return ""
    if bis.startswith("مكرر") and not re.search(rf"[{DIGITS}]", bis):
        return "-"
    digits = re.sub(rf"[^{DIGITS}]", "", bis)
    if digits:
        return str(digits_value(digits))
    return {"ثانيا": "2", "ثالثا": "3"}.get(bis, "")


def _bis_suffix(bis: str) -> str:
    """How a bis shows in a normalised number: «12-bis», «12-bis2», «12A»."""
    if not bis:
        return ""
    if bis == "-":
        return "-bis"
    return f"-bis{bis}" if bis.isdigit() else bis


def _english_heading_rest(rest: str) -> bool:
    """After «Article 12»: nothing, a separator, or a title; not a sentence going on («, …», «of the …»)."""
    rest = rest.strip()
    if not rest:
        return True
    if rest[0] in "-–—:":
        return True
    if rest[0] == ".":
        return not rest[1:].strip() or rest[1:].strip()[0].isupper()
    return rest[0].isupper() or rest[0] == "("


# «المادة VY», «المادة ه٠١», «YoY المادة»: an article heading alone on its line whose number OCR misread.
_AR_ARTICLE_UNREADABLE = re.compile(
    r"^\W*(?:ال)?مادة\s*[(]?\s*(?P<num>[^\s()]{1,5}(?: [^\s()]{1,3})?)\s*[)]?\s*[-–:.]?\s*$"
    r"|^[(]?(?P<rev>[^\s()]{1,5})[)]?\s+(?:ال)?مادة\s*[-–:.]?\s*$"
)


def unreadable_article(line: str) -> str | None:
    """The number as printed, if the line is an Arabic article heading alone on its line, whatever its number
    reads as. Only the place of such a line in the sequence can say which article it opens."""
    match = _AR_ARTICLE_UNREADABLE.match(line)
    if not match or len(line) > 30:
        return None
    return match.group("num") or match.group("rev")


def container_heading(line: str, *, tunisian: bool) -> tuple[str, str, str] | None:
    """(kind, number as printed, normalised number) if the line opens a book, part, chapter or section."""
    match = _AR_CONTAINER_WORD.match(line)
    if match and len(line) <= 120 and not (tunisian and match.group("word") == "الفصل"):
        found = arabic_number(line[match.end() :])
        if found:
            printed, value, bis = found
            return AR_STRUCTURE[match.group("word")], printed, str(value) + _bis_suffix(_bis_marker(bis))
    match = _EN_CONTAINER.match(line)
    # "Part-3 may be suspended ..." is a sentence wrapped onto a new line, not a heading: a heading's own words,
    # if any, are a title (capitalised), not a lower-case continuation.
    rest = line[match.end() :].lstrip() if match else ""
    if (
        match
        and len(line) <= 120
        and not (rest[:1].islower())
        and not (tunisian and match.group("word").lower() == "chapter")
    ):
        raw = match.group("num")
        value = raw if raw[0].isdigit() else (roman_value(raw) or english_number_value(raw) or raw)
        return EN_STRUCTURE[match.group("word").lower()], raw, str(value)
    return None


_ORDINAL_PARAGRAPH = re.compile(r"^(?P<num>أولا|ثانيا|ثالثا|رابعا|خامسا|سادسا|سابعا|ثامنا|تاسعا|عاشرا)[ًٌ]?\s*[-–:.)]")
_NUMBERED_PARAGRAPH = re.compile(
    rf"^(?:\((?P<p>[{DIGITS}]{{1,2}})\)|(?P<n>[{DIGITS}]{{1,2}})\s*[-–)]|(?P<d>\d{{1,2}})\.)\s*\S"
)
_LETTER_ITEM = re.compile(r"^(?:\((?P<p>[a-z]|[أ-ي])\)|(?P<n>[a-z]|[أ-ي])\s*[-–)])\s*\S")
_ORDINALS = ["أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا"]


def subdivision(line: str) -> tuple[str, str, str] | None:
    """(kind, number as printed, normalised) if the line opens a paragraph («1-», «(1)», «أولاً») or an item
    («أ-», «(a)», «a)»)."""
    match = _ORDINAL_PARAGRAPH.match(line.replace("أ", "أ"))
    if match:
        word = match.group("num")
        return "paragraph", word, str(_ORDINALS.index(word) + 1)
    match = _NUMBERED_PARAGRAPH.match(line)
    if match:
        raw = match.group("p") or match.group("n") or match.group("d")
        return "paragraph", raw, str(digits_value(raw))
    match = _LETTER_ITEM.match(line)
    if match:
        raw = match.group("p") or match.group("n")
        return "item", raw, raw if raw.isascii() else str(_AR_LETTERS.index(raw) + 1) if raw in _AR_LETTERS else ""
    return None


_AR_LETTERS = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_CLOSING = re.compile(r"^(?:دمشق في|دمشق\s*[-:]|صدر في|حرر في|تونس في|Done at|IN WITNESS WHEREOF|Signed at)", re.I)
_FINAL = re.compile(r"^(?:ال)?(?:أحكام|احكام) (?:ال)?ختامي[ةه]\s*[:.]?$|^Final (?:provisions|clauses)\s*[:.]?$", re.I)


def closing_block(line: str) -> str | None:
    """ "signature" if the line opens a signature block, "final" if it heads the final provisions."""
    if _CLOSING.match(line):
        return "signature"
    if _FINAL.match(line):
        return "final"
    return None


def count_explicit_articles(lines: list[str]) -> int:
    """Lines headed «المادة N», «Article N» and their printed variants (not numbered titles or الفصل)."""
    return sum(1 for line in lines if line and article_candidate(line, tunisian=False, numbered=False))


def count_tunisian_articles(lines: list[str]) -> int:
    """Lines headed «الفصل N» or «Chapter Twelve: text», the article as Tunisian law and its translations call it."""
    return sum(1 for line in lines if _AR_TUNISIAN.match(line) or _EN_CHAPTER_ARTICLE.match(line))
