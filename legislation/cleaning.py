"""Text cleaning shared by every format: Unicode forms, invisible characters, whitespace, digits."""

from __future__ import annotations

import re
import unicodedata

TATWEEL = "\u0640"
# Bidi controls and marks, zero-width space, BOM, soft hyphen and DEL: invisible, and they break matching.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad\u007f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUNS = re.compile(r"\n{3,}")

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def clean_text(text: str) -> str:
    """Presentation forms to letters (NFKC), invisible and control characters and tatweel removed, spaces
    collapsed, lines stripped, at most one blank line in a row. Digits are kept as printed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text).replace(TATWEEL, "")
    text = _CONTROL.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def western_digits(text: str) -> str:
    """Arabic-Indic and Persian digits read as the Western digits they stand for."""
    return text.translate(_DIGITS)


def text_language(text: str) -> str:
    """'ar' or 'en', by which script has more letters."""
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "ar" if arabic >= latin else "en"


def megabytes(size: int) -> str:
    """A byte count as people read it: 52428800 -> '50 MB' (binary megabytes, as file managers show)."""
    value = size / (1024 * 1024)
    return f"{value:,.0f} MB" if value >= 10 else f"{value:,.1f} MB"
