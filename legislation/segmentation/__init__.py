"""Splitting a law's cleaned text into its structure: books, parts, chapters, sections, articles, and within an
article its paragraphs and items; the preamble, final provisions and signature block apart.

Headings are recognised line by line (``headings.py``); which article headings are real is decided over the
whole document, by the order of their numbers (``sequence.py``). Each provision's text runs from its heading to
the next provision, so the provisions joined in order give back the whole text: nothing lost or duplicated.
"""

from __future__ import annotations

from legislation.segmentation.numbers import arabic_ordinal_value
from legislation.segmentation.tree import LEVELS, SegmentedProvision, segment

__all__ = ["LEVELS", "SegmentedProvision", "arabic_ordinal_value", "segment"]
