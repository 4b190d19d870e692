"""The text package: one reading of Arabic marks, digits, spelling forms and script, shared by every app."""

from __future__ import annotations

import pytest

from proposals.redline import diff
from search.analysis import terms as search_terms
from text.normalise import (
    is_arabic,
    normalise,
    strip_controls,
    strip_marks,
    text_language,
    western_digits,
    whole_number,
)
from text.stemming import stem, terms


def test_normalise_folds_marks_tatweel_and_letter_forms_but_keeps_the_letters() -> None:
    assert normalise("الحُرِّيَّة") == normalise("الحرية") == "الحريه"
    assert normalise("إعلان أساسي آخر") == "اعلان اساسي اخر"
    assert normalise("مـــادة") == "ماده"
    assert normalise("على") == "علي"
    # Presentation forms from a browser-printed PDF are letters again.
    assert normalise("\ufedf\ufe8e\ufee7\ufeee\ufee7") == "لانون"


def test_strip_marks_keeps_spelling_forms_people_quote() -> None:
    assert strip_marks("المادةُ الأُولى") == "المادة الأولى"


@pytest.mark.parametrize(
    ("typed", "value"), [("١٢", 12), ("۱۲", 12), ("12", 12), (" 7 ", 7), ("²", None), ("1" * 13, None), ("12a", None)]
)
def test_whole_number_reads_what_a_person_types(typed: str, value: int | None) -> None:
    assert whole_number(typed) == value


def test_western_digits_and_controls() -> None:
    assert western_digits("المادة ٥ من القانون ۱۲") == "المادة 5 من القانون 12"
    assert strip_controls("law\x00 17\x07") == "law 17"


@pytest.mark.parametrize(
    ("text", "arabic", "language"),
    [
        ("حرية التعبير", True, "ar"),
        ("Freedom of expression", False, "en"),
        ("المادة التاسعة عشرة of ICCPR", True, "ar"),  # more Arabic letters than Latin
        ("Article 19 (حرية)", False, "en"),
        ("12/2010", False, "ar"),  # no letters: not Arabic text, but the corpus's language by default
    ],
)
def test_one_reading_of_script_for_redline_direction_and_document_language(
    text: str, arabic: bool, language: str
) -> None:
    assert is_arabic(text) is arabic
    assert text_language(text) == language


def test_the_apps_fold_spelling_the_same_way() -> None:
    """Suggestions, search and the redline all ignore the same marks: a vowelled word is the same word."""
    assert terms("الحُرِّيَّة") == terms("الحرية") == [stem(normalise("الحرية"))]
    assert search_terms("الحُرِّيَّة") == search_terms("الحرية")
    segments = diff("تُكفل الحرية", "تكفل الحرية")
    assert all(segment.op == "equal" or segment.minor for segment in segments)
