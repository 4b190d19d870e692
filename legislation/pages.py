"""A document's cleaned pages tidied as a whole, as the worker stores them (benchmarks use the same steps)."""

from __future__ import annotations

from legislation.cleaning import strip_repeated_lines
from legislation.segmentation.lines import long_line_length, rejoin_wrapped_lines

__all__ = ["finish_pages"]


def finish_pages(texts: list[str], *, wrapped: bool) -> list[str]:
    """Running headers, footers and page numbers dropped (found by comparing the pages); then, for a format
    whose lines are the page's width (``wrapped``: PDF, OCR), lines broken inside a sentence joined again."""
    texts = strip_repeated_lines(texts)
    if not wrapped:
        return texts
    long_line = long_line_length(texts)
    return [rejoin_wrapped_lines(text, long_line) for text in texts]
