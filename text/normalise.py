"""Reading Arabic and English text alike: marks, digits, spelling forms and script.

Arabic: NFKC (presentation forms from PDFs become letters), harakat, Quranic marks and tatweel ignored, alef forms
(أ إ آ ٱ) read as ا, ى as ي, ة as ه. Digits: Arabic-Indic and Persian digits read as the Western digits they stand
for. The text people read keeps all of these; only what is compared (search terms, matches, redline keys) folds
them.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ARABIC_MARKS",
    "ARABIC_MARK_CHARS",
    "TATWEEL",
    "is_arabic",
    "normalise",
    "strip_controls",
    "strip_marks",
    "text_language",
    "western_digits",
    "whole_number",
]

TATWEEL = "\u0640"
# Harakat, Quranic combining marks and tatweel, as a character-class body: part of the word they sit in, ignored
# when words are compared. (The Quranic signs U+06DD, U+06DE and U+06E9 are symbols, not marks.)
ARABIC_MARK_CHARS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
ARABIC_MARKS = re.compile(f"[{ARABIC_MARK_CHARS}]")

_LETTER_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Arabic letters in the Arabic blocks, the supplement and the presentation forms (read before NFKC).
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f]")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")


def strip_marks(text: str) -> str:
    """The text without harakat, Quranic marks and tatweel (NFKC first, so presentation forms are letters)."""
    return ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text))


def normalise(text: str) -> str:
    """Spelling folded for comparison: NFKC, marks and tatweel removed, alef, ya and ta marbuta unified, lower
    case."""
    return strip_marks(text).translate(_LETTER_FORMS).lower()


def western_digits(text: str) -> str:
    """Arabic-Indic and Persian digits read as the Western digits they stand for."""
    return text.translate(_DIGITS)


def whole_number(text: str, *, max_digits: int = 12) -> int | None:
    """A whole number typed by a person, in Western or Arabic-Indic digits; None for anything else (also «²»,
    which ``str.isdigit`` accepts and ``int`` refuses, and numbers too long for a database column)."""
    value = western_digits(text.strip())
    if not _WHOLE_NUMBER.fullmatch(value) or len(value) > max_digits:
        return None
    return int(value)


def strip_controls(text: str) -> str:
    """Text typed into a URL or form without control characters (NUL, which PostgreSQL refuses, among them)."""
    return _CONTROL.sub("", text).replace("\x00", "")


def _letters(text: str) -> tuple[int, int]:
    """How many of the text's letters are Arabic, and how many are of other scripts."""
    arabic = other = 0
    for char in text:
        if char.isalpha():
            if _ARABIC_LETTER.match(char):
                arabic += 1
            else:
                other += 1
    return arabic, other


def is_arabic(text: str) -> bool:
    """Whether a text is mostly Arabic: it has letters and at least half of them are Arabic."""
    arabic, other = _letters(text)
    return arabic > 0 and arabic >= other


def text_language(text: str) -> str:
    """'ar' or 'en', by which script has more letters (a text with no letters is taken as Arabic, the corpus's
    language)."""
    arabic, other = _letters(text)
    return "ar" if arabic >= other else "en"
