"""Lines a PDF wrapped inside a sentence are joined; headings, items and sentence ends never are."""

from __future__ import annotations

from pathlib import Path

import pytest

from legislation.cleaning import clean_text
from legislation.extraction import open_document
from legislation.pages import finish_pages
from legislation.segmentation import segment
from legislation.segmentation.lines import rejoin_wrapped_lines

WRAPPED = (
    "المادة 5\n"
    "يعاقب بالحبس من ستة أشهر إلى سنتين كل من أقدم على نشر أخبار كاذبة من شأنها أن توهن نفسية\n"
    "الأمة أو تنال من هيبة الدولة.\n"
    "أ- يطبق هذا الحكم على الصحف والمطبوعات والمواقع الإلكترونية التي تنشر هذه الأخبار في\n"
    "أي وقت كان.\n"
    "المادة 6\n"
    "تلغى جميع الأحكام المخالفة لأحكام هذا القانون أينما وردت في التشريعات النافذة حالياً\n"
    "المادة 7\n"
    "ينشر هذا القانون في الجريدة الرسمية."
)


def test_a_sentence_wrapped_over_lines_is_one_line_again() -> None:
    lines = rejoin_wrapped_lines(WRAPPED).split("\n")

    sentence = "يعاقب بالحبس من ستة أشهر إلى سنتين كل من أقدم على نشر أخبار كاذبة من شأنها أن توهن نفسية"
    assert f"{sentence} الأمة أو تنال من هيبة الدولة." in lines
    assert "أ- يطبق هذا الحكم على الصحف والمطبوعات والمواقع الإلكترونية التي تنشر هذه الأخبار في أي وقت كان." in lines


def test_headings_items_and_finished_sentences_stay_on_their_own_lines() -> None:
    lines = rejoin_wrapped_lines(WRAPPED).split("\n")

    assert {"المادة 5", "المادة 6", "المادة 7"} <= set(lines)
    # A long line without a full stop before a heading is not joined to the heading.
    assert "تلغى جميع الأحكام المخالفة لأحكام هذا القانون أينما وردت في التشريعات النافذة حالياً" in lines
    assert [p.number_value for p in segment(rejoin_wrapped_lines(WRAPPED)) if p.kind == "article"] == ["5", "6", "7"]


def test_english_lines_continuing_in_lower_case_are_joined() -> None:
    text = (
        "Article 3\nEvery citizen shall have the right to freedom of opinion and expression, and the\n"
        "right to seek information.\n(1) Nothing in this Article shall prevent the making of laws\n"
        "on public order.\nArticle 4\nShort title."
    )

    lines = rejoin_wrapped_lines(text).split("\n")

    assert lines == [
        "Article 3",
        "Every citizen shall have the right to freedom of opinion and expression, and the right to seek information.",
        "(1) Nothing in this Article shall prevent the making of laws on public order.",
        "Article 4",
        "Short title.",
    ]


def test_a_short_page_is_left_alone() -> None:
    assert rejoin_wrapped_lines("رئيس الجمهورية\nبناءً على أحكام الدستور") == "رئيس الجمهورية\nبناءً على أحكام الدستور"


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name", ["sy_labor_law_17_2010.pdf", "sy_civil_code_84_1949.pdf", "sy_consumer_protection_8_2021.pdf"]
)
def test_joining_changes_only_whitespace_and_loses_no_article(corpus: Path, name: str) -> None:
    with open_document(corpus / "laws/syria/pdf" / name, "pdf") as document:
        pages = [clean_text(page) for page in document.pages()]
    unjoined = "\n".join(finish_pages(pages, wrapped=False))
    joined = "\n".join(finish_pages(pages, wrapped=True))

    def articles(text: str) -> set[str]:
        return {p.number_value for p in segment(text) if p.kind == "article"}

    assert joined.split() == unjoined.split()
    assert joined.count("\n") < unjoined.count("\n") * 0.8  # most wrapped lines are joined
    assert articles(joined) >= articles(unjoined)


def test_a_page_of_short_lines_in_a_document_of_long_lines_is_not_joined() -> None:
    title_page = "قانون رقم /17/ للعام 2010\nنشر بتاريخ 2010-04-12\nالقسم قانون\nرئيس الجمهورية"
    body = "\n".join([WRAPPED] * 3)

    pages = finish_pages([title_page, body, body], wrapped=True)

    assert pages[0] == title_page
    assert "نفسية الأمة أو تنال من هيبة الدولة." in pages[1]
