"""Lines a PDF broke inside a sentence joined again.

A PDF has no paragraphs, only lines as wide as the page: an article of five lines reads as five lines. A line is
joined to the next when it looks wrapped: it is about as long as the page's long lines, it does not end a
sentence, and the next line does not open anything of its own (a heading, a paragraph or item «1-», «أ-», a
signature block). A heading is never joined to the next line nor anything to a heading, so segmentation sees
the same headings. Only whitespace changes, so no text is lost or duplicated.
"""

from __future__ import annotations

import re

from legislation.segmentation.headings import article_candidate, closing_block, container_heading, subdivision

__all__ = ["long_line_length", "rejoin_wrapped_lines"]

# A wrapped line fills most of the width the page's long lines fill.
FULL_LINE_SHARE = 0.7
# The long-line length of a document (its pages are one width): this share of its lines are shorter.
LONG_LINE_QUANTILE = 0.8
MIN_LINES = 4
_SENTENCE_END = re.compile(r"[.:;؛!?؟…]['\"»”)\]]*$")
# Lines that open something even when no heading rule knows them: bullets, dashes, numbers in brackets.
_OPENS = re.compile(r"^(?:[-–—•*▪●]|\(?\d{1,3}\)|\d{1,3}\s*[-–.)])")
_LOWER_START = re.compile(r"^[a-z]")


def long_line_length(texts: list[str]) -> int | None:
    """How long the long lines of these pages are (None: too few lines to tell). Measured over the whole
    document, so a page of short lines (a title page, a list) is not taken for a narrow page."""
    filled = sorted(len(line) for text in texts for line in text.split("\n") if line.strip())
    if len(filled) < MIN_LINES:
        return None
    return filled[min(len(filled) - 1, int(len(filled) * LONG_LINE_QUANTILE))]


def rejoin_wrapped_lines(text: str, long_line: int | None = None) -> str:
    """The page's text with wrapped lines joined by a space (across at most one blank line). ``long_line``: the
    document's long-line length (``long_line_length`` of all its pages); by default, this page's own."""
    if long_line is None:
        long_line = long_line_length([text])
    if long_line is None:
        return text
    lines = text.split("\n")
    full = long_line * FULL_LINE_SHARE
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        while True:
            following = index + 1
            if following < len(lines) and not lines[following].strip():
                following += 1  # one blank line between wrapped lines (some prints space every line)
            if following >= len(lines) or not _wraps(line, lines[following], full):
                break
            line = f"{line.rstrip()} {lines[following].lstrip()}"
            index = following
        out.append(line)
        index += 1
    return "\n".join(out)


def _wraps(line: str, following: str, full: float) -> bool:
    line, following = line.strip(), following.strip()
    if not line or not following or _SENTENCE_END.search(line):
        return False
    if _is_heading(line) or (_opens_something(line) and len(line) < full):
        return False
    if _opens_something(following):
        return False
    return len(line) >= full or (bool(_LOWER_START.match(following)) and not _is_heading(line))


def _opens_something(line: str) -> bool:
    return bool(_OPENS.match(line) or subdivision(line) or closing_block(line) or _is_heading(line))


def _is_heading(line: str) -> bool:
    return bool(
        article_candidate(line, tunisian=True, numbered=False)
        or article_candidate(line, tunisian=False, numbered=False)
        or container_heading(line, tunisian=False)
    )
