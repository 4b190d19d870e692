"""Numbers as laws print them: digits of any script, roman numerals, Arabic and English ordinal words."""

from __future__ import annotations

import re

from text.normalise import western_digits

__all__ = ["DIGITS", "arabic_ordinal_value", "digits_value", "english_number_value", "roman_value"]

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
_HUNDREDS = {
    "مائه": 100, "مئه": 100, "مايه": 100, "مائتان": 200, "مائتين": 200, "مئتان": 200, "مئتين": 200,
    "ثلاثمائه": 300, "ثلاثمئه": 300, "اربعمائه": 400, "اربعمئه": 400, "خمسمائه": 500, "خمسمئه": 500,
}  # fmt: skip
_EN_WORDS = {
    "one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4, "fourth": 4, "five": 5,
    "fifth": 5, "six": 6, "sixth": 6, "seven": 7, "seventh": 7, "eight": 8, "eighth": 8, "nine": 9, "ninth": 9,
    "ten": 10, "tenth": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


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


def english_number_value(words: str) -> int | None:
    """«One Hundred and Twenty-Two» -> 122, «Fifth» -> 5; None if the words are not a number."""
    total, seen = 0, False
    for word in re.split(r"[\s-]+", words.strip().lower()):
        if word == "hundred":
            total, seen = (total or 1) * 100, True
        elif word in _EN_WORDS:
            total, seen = total + _EN_WORDS[word], True
        elif word not in {"and", ""}:
            return None
    return total if seen else None


def roman_value(numeral: str) -> int | None:
    """«XIV» -> 14; None if it is not a roman numeral."""
    if not numeral or not re.fullmatch("M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", numeral.upper()):
        return None
    values = [_ROMAN[ch] for ch in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def digits_value(text: str) -> int:
    return int(western_digits(text))
