"""Placing an annotation's passage in a provision's text, and placing it again when the text changes.

An annotation keeps its passage the W3C Web Annotation way: the exact quote, a little text before and after it
(``prefix``, ``suffix``) and character offsets. The offsets are a hint, the quote is the truth. When the text
changes (the document is processed again, a correction splits an article) the passage is looked for:

1. exactly, in the text it was made on, then in the law's other texts, the copy whose surrounding text and
   position agree best winning;
2. exactly once spelling is folded (diacritics, tatweel, alef, ya and ta marbuta forms, spaces, case), which
   survives an OCR pass or a cleaner extraction;
3. approximately: the closest window of the same length, if similar enough.

What cannot be placed is an orphan, for a reviewer to place by hand; it is never dropped. Every placement is
widened to whole words, so a highlight never cuts an Arabic word in two.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from text.normalise import ARABIC_MARKS

__all__ = ["CONTEXT_CHARS", "Placement", "Selector", "place", "selector_for", "whole_words"]

# How much text before and after the quote is kept with it.
CONTEXT_CHARS = 32
# An approximate match must be at least this similar to the quote.
FUZZY_MIN_RATIO = 0.75
# Above this many candidate windows, approximate matching looks only near the longest shared run.
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_WORD_CHAR = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670]")


@dataclass(frozen=True)
class Selector:
    """A passage as the W3C model keeps it: TextQuoteSelector (exact, prefix, suffix) and TextPositionSelector
    (start, end)."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Placement:
    """Where a passage is now: in which of the texts offered (its key), at which offsets, found how."""

    key: object
    start: int
    end: int
    method: str  # "exact", "folded" or "fuzzy"
    score: float

    def selector(self, text: str) -> Selector:
        return selector_for(text, self.start, self.end)


def selector_for(text: str, start: int, end: int) -> Selector:
    """The selector of ``text[start:end]``, widened to whole words."""
    start, end = whole_words(text, start, end)
    return Selector(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
    )


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``start`` and ``end`` moved outwards to word boundaries and inwards past spaces at either end."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start > 0 and _is_word(text[start - 1]) and start < len(text) and _is_word(text[start]):
        start -= 1
    while end < len(text) and end > 0 and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def place(selector: Selector, texts: Iterable[tuple[object, str]]) -> Placement | None:
    """The passage's place among ``texts`` ((key, text) pairs, the text it was made on first), or None."""
    texts = list(texts)
    if not selector.exact.strip():
        return None
    for method, fold in (("exact", False), ("folded", True)):
        best: Placement | None = None
        for rank, (key, text) in enumerate(texts):
            for start, end in _occurrences(selector.exact, text, fold=fold):
                score = _context_score(selector, text, start, end) - rank * 0.01
                if best is None or score > best.score:
                    best = Placement(key, start, end, method, score)
        if best is not None:
            start, end = whole_words(dict(texts)[best.key], best.start, best.end)
            return Placement(best.key, start, end, best.method, best.score)
    return _fuzzy(selector, texts)


def _occurrences(quote: str, text: str, *, fold: bool) -> list[tuple[int, int]]:
    if not fold:
        found, at = [], text.find(quote)
        while at != -1:
            found.append((at, at + len(quote)))
            at = text.find(quote, at + 1)
        return found
    folded_text, positions = _folded(text)
    folded_quote, _ = _folded(quote)
    if not folded_quote:
        return []
    found, at = [], folded_text.find(folded_quote)
    while at != -1:
        found.append((positions[at], positions[at + len(folded_quote) - 1] + 1))
        at = folded_text.find(folded_quote, at + 1)
    return found


def _context_score(selector: Selector, text: str, start: int, end: int) -> float:
    """How well the text around a match agrees with the quote's prefix, suffix and offsets (0 to 3)."""
    score = 0.0
    if selector.prefix:
        before = text[max(0, start - len(selector.prefix)) : start]
        score += SequenceMatcher(None, before, selector.prefix).ratio()
    if selector.suffix:
        after = text[end : end + len(selector.suffix)]
        score += SequenceMatcher(None, after, selector.suffix).ratio()
    if selector.start is not None:
        score += 1 / (1 + abs(start - selector.start) / 100)
    return score


def _fuzzy(selector: Selector, texts: list[tuple[object, str]]) -> Placement | None:
    folded_quote, _ = _folded(selector.exact)
    best: Placement | None = None
    for key, text in texts:
        folded_text, positions = _folded(text)
        if not folded_text:
            continue
        matcher = SequenceMatcher(None, folded_text, folded_quote, autojunk=False)
        block = matcher.find_longest_match(0, len(folded_text), 0, len(folded_quote))
        if block.size == 0:
            continue
        # Windows around the longest shared run, as long as the quote give or take a fifth.
        anchor = block.a - block.b
        slack = max(2, len(folded_quote) // 5)
        for begin in range(max(0, anchor - slack), max(0, anchor + slack) + 1, max(1, slack // 4)):
            for length in (len(folded_quote) - slack, len(folded_quote), len(folded_quote) + slack):
                window = folded_text[begin : begin + max(1, length)]
                ratio = SequenceMatcher(None, window, folded_quote, autojunk=False).ratio()
                if ratio >= FUZZY_MIN_RATIO and (best is None or ratio > best.score):
                    stop = min(len(positions) - 1, begin + len(window) - 1)
                    best = Placement(key, positions[begin], positions[stop] + 1, "fuzzy", ratio)
    if best is None:
        return None
    start, end = whole_words(dict(texts)[best.key], best.start, best.end)
    return Placement(best.key, start, end, best.method, best.score)


def _folded(text: str) -> tuple[str, list[int]]:
    """The text with spelling folded, and for each folded character the index of its original."""
    out: list[str] = []
    positions: list[int] = []
    space = False
    for index, char in enumerate(text):
        char = unicodedata.normalize("NFKC", char)
        if not char or ARABIC_MARKS.fullmatch(char[0]):
            continue
        if char.isspace():
            if out and not space:
                out.append(" ")
                positions.append(index)
            space = True
            continue
        space = False
        for folded in char.translate(_FOLD).casefold():
            out.append(folded)
            positions.append(index)
    while out and out[-1] == " ":
        out.pop()
        positions.pop()
    return "".join(out), positions


def _is_word(char: str) -> bool:
    return bool(_WORD_CHAR.match(char))
