"""An annotation's passage is found again when the text changes, or flagged as an orphan; never cut mid-word."""

from __future__ import annotations

import random
import re

import pytest

from reviews.anchoring import Selector, place, selector_for, whole_words

ARTICLE = (
    "يعاقب بالحبس من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة، "
    "ويعاقب بالعقوبة ذاتها كل من نقل أخباراً كاذبة إلى جهة أجنبية."
)


def passage(text: str, words: str, occurrence: int = 0) -> Selector:
    start = [m.start() for m in re.finditer(re.escape(words), text)][occurrence]
    return selector_for(text, start, start + len(words))


def found(selector: Selector, *texts: str) -> str | None:
    placement = place(selector, list(enumerate(texts)))
    return None if placement is None else texts[placement.key][placement.start : placement.end]  # type: ignore[index]


def test_a_passage_is_found_exactly_after_text_is_added_before_it() -> None:
    selector = passage(ARTICLE, "توهن نفسية الأمة")
    changed = "أولاً- " + ARTICLE

    placement = place(selector, [("art_5", changed)])

    assert placement is not None and placement.method == "exact"
    assert changed[placement.start : placement.end] == "توهن نفسية الأمة"
    assert placement.start == selector.start + len("أولاً- ")


def test_of_two_identical_passages_the_one_with_the_same_surroundings_is_chosen() -> None:
    second = passage(ARTICLE, "أخباراً كاذبة", occurrence=1)

    placement = place(second, [("art_5", ARTICLE)])

    assert placement is not None
    assert ARTICLE[placement.end :].startswith(" إلى جهة أجنبية")


def test_spelling_differences_from_diacritics_and_letter_forms_are_folded() -> None:
    selector = passage(ARTICLE, "أخباراً كاذبة من شأنها أن توهن نفسية الأمة", occurrence=0)
    re_extracted = ARTICLE.replace("أخباراً كاذبة من شأنها أن", "اخبارا كاذبه من شانها ان")

    placement = place(selector, [("art_5", re_extracted)])

    assert placement is not None and placement.method == "folded"
    assert re_extracted[placement.start : placement.end] == "اخبارا كاذبه من شانها ان توهن نفسية الأمة"


def test_a_small_change_inside_the_passage_is_placed_approximately() -> None:
    selector = passage(ARTICLE, "كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة")
    amended = ARTICLE.replace("توهن نفسية", "توهين نفسية")

    placement = place(selector, [("art_5", amended)])

    assert placement is not None and placement.method == "fuzzy" and placement.score >= 0.75
    assert amended[placement.start : placement.end].startswith("كل من نشر")
    assert "توهين نفسية" in amended[placement.start : placement.end]


def test_a_passage_moved_to_another_article_is_found_there() -> None:
    selector = passage(ARTICLE, "إلى جهة أجنبية")
    first, second = ARTICLE.split("، ")

    assert found(selector, first, "المادة 6\n" + second) == "إلى جهة أجنبية"


def test_a_passage_that_is_gone_is_an_orphan() -> None:
    selector = passage(ARTICLE, "توهن نفسية الأمة")

    assert found(selector, "تلغى جميع الأحكام المخالفة لهذا القانون.", "ينشر هذا القانون في الجريدة الرسمية.") is None
    assert place(Selector(exact="  "), [(1, ARTICLE)]) is None


@pytest.mark.parametrize("seed", range(5))
def test_a_highlight_never_cuts_an_arabic_word(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        start = rng.randrange(len(ARTICLE) - 1)
        end = rng.randrange(start + 1, len(ARTICLE))
        start, end = whole_words(ARTICLE, start, end)
        if start == end:
            continue
        assert start == 0 or not (ARTICLE[start - 1].isalnum() and ARTICLE[start].isalnum())
        assert end == len(ARTICLE) or not (ARTICLE[end - 1].isalnum() and ARTICLE[end].isalnum())
        assert not ARTICLE[start].isspace() and not ARTICLE[end - 1].isspace()


def test_the_selector_keeps_some_text_either_side() -> None:
    selector = passage(ARTICLE, "نفسية")

    assert selector.prefix.endswith("أن توهن ") and selector.suffix.startswith(" الأمة")
    assert ARTICLE[selector.start : selector.end] == selector.exact == "نفسية"
