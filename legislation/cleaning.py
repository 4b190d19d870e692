"""Text cleaning shared by every format: Unicode forms, invisible characters, whitespace, digits."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from text.normalise import TATWEEL, strip_controls

__all__ = ["clean_text", "megabytes", "strip_repeated_lines"]

# Bidi controls and marks, zero-width space, BOM, soft hyphen and DEL: invisible, and they break matching.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad\u007f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Presentation forms to letters (NFKC), invisible and control characters and tatweel removed, spaces
    collapsed, lines stripped, brackets that face the wrong way in an Arabic line turned, a closing stop read at
    its start put back at its end and a heading read number first («157 المادة») put in reading order, at most
    one blank line in a row. Digits are kept as printed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text).replace(TATWEEL, "")
    text = strip_controls(text)
    lines = (_reading_order(_SPACES.sub(" ", line).strip()) for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_BRACKETS = re.compile(r"[()\[\]]")
_MIRROR = str.maketrans("()[]", ")(][")


# «157 المادة»: an article heading alone on its line, read number first (the Syrian constitution's layout).
_NUMBER_FIRST_HEADING = re.compile(r"^([0-9٠-٩۰-۹]+)\s+((?:ال)?مادة)$")


def _reading_order(line: str) -> str:
    """A line's pieces that a right-to-left PDF gave in the wrong order put back: brackets facing the wrong way,
    a closing stop read first, a heading read number first."""
    line = _end_punctuation(_turn_brackets(line))
    return _NUMBER_FIRST_HEADING.sub(r"\2 \1", line)


# «: المادة الخامسة عشرة», «.المديرية المختصة ...»: a right-to-left line's final stop read first.
_LEADING_STOP = re.compile(r"^([:.؛،]+)\s*(?=[\u0621-\u064a])")


def _end_punctuation(line: str) -> str:
    """An Arabic line's closing colon or full stop that a PDF put at its start, moved back to its end."""
    match = _LEADING_STOP.match(line)
    if not match or match.group(1).count(".") > 1:  # an ellipsis opens lines
        return line
    return f"{line[match.end() :].rstrip()}{match.group(1)}"


def _turn_brackets(line: str) -> str:
    """An Arabic line whose brackets all face the wrong way («)الفصل الأول(», «الفقرة )أ(»: the glyphs a
    right-to-left PDF drew, read as characters) turned the right way. A line whose brackets already balance, or
    would not balance turned either, is left alone."""
    if not _BRACKETS.search(line) or not _ARABIC_LETTER.search(line) or _balanced(line):
        return line
    turned = line.translate(_MIRROR)
    return turned if _balanced(turned) else line


def _balanced(line: str) -> bool:
    depth = 0
    for char in _BRACKETS.findall(line):
        depth += 1 if char in "([" else -1
        if depth < 0:
            return False
    return depth == 0


# How far from a page's top and bottom a running header or footer is looked for (non-empty lines).
EDGE_LINES = 3
_ANY_DIGITS = re.compile(r"[0-9٠-٩۰-۹]+")
# Headings stay even when many pages begin with one: the segmenter needs them.
_HEADING = re.compile(
    r"^\W*(?:ال)?(?:مادة|المادة|باب|الباب|فصل|الفصل|قسم|القسم|كتاب|الكتاب)(?![^\W\d_])|^\W*(?:article|chapter|part|section)\b"
    r"|^[\d\W]*(?:ال)?مادة\W*$",
    re.IGNORECASE,
)


def strip_repeated_lines(pages: list[str]) -> list[str]:
    """Running headers, footers and page numbers dropped: a line among the first or last EDGE_LINES lines of more
    than half the pages (digits aside, so «12/79» and «13/79» are the same line, as are bare page numbers).
    Needs three pages or more; headings are never dropped. Deterministic: the same pages give the same text."""
    if len(pages) < 3:
        return list(pages)
    edges: list[set[str]] = []
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        edges.append({_line_key(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]})
    counts = Counter(key for keys in edges for key in keys)
    repeated = {key for key, n in counts.items() if n * 2 > len(pages)}
    if not repeated:
        return list(pages)
    return [_strip_edges(page, repeated) for page in pages]


def _line_key(line: str) -> str:
    return _ANY_DIGITS.sub("#", line.strip())


def _strip_edges(page: str, repeated: set[str]) -> str:
    lines = page.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    edge = set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])
    kept = [
        line
        for i, line in enumerate(lines)
        if not (i in edge and _line_key(line) in repeated and not _HEADING.match(line.strip()))
    ]
    stripped = _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip()
    # A page made only of lines every page has (copies of one page) keeps them.
    return stripped or page


def megabytes(size: int) -> str:
    """A byte count as people read it: 52428800 -> '50 MB' (binary megabytes, as file managers show)."""
    value = size / (1024 * 1024)
    return f"{value:,.0f} MB" if value >= 10 else f"{value:,.1f} MB"
