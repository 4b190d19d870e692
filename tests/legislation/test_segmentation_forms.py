"""Each heading form the segmenter must recognise, and those it must not, one small text apiece."""

from __future__ import annotations

import re

import pytest

from legislation.segmentation import segment

EID = re.compile(r"^[a-z]+(_[0-9A-Za-z-]+)*(__[a-z]+(_[0-9A-Za-z-]+)*)*$")


def articles(text: str) -> list[str]:
    return [p.number_value for p in segment(text) if p.kind == "article"]


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("المادة (1)\nنص.\nالمادة (2)\nنص.", ["1", "2"]),
        ("مادة 1 -\nنص.\nمادة 2 - نص على السطر نفسه.", ["1", "2"]),
        ("المادة ١\nنص.\nالمادة ٢\nنص.", ["1", "2"]),
        ("156 المادة\nنص.\n157 المادة\nنص.", ["156", "157"]),
        ("المادة الأولى\nنص.\nالمادة الثانية\nنص.\nالمادة الثالثة\nنص.", ["1", "2", "3"]),
        ("المادة التاسعة والتسعون\nنص.\nالمادة المائة\nنص.\nالمادة الحادية بعد المائة\nنص.", ["99", "100", "101"]),
        ("المادة 12\nنص.\nالمادة 12 مكرر\nنص.\nالمادة 13\nنص.", ["12", "12-bis", "13"]),
        ("المادة 237\nنص.\nالمواد 238 - 249 ملغاة\nالمادة 250\nنص.", ["237", "238-249", "250"]),
        # sy_labor_law_17_2010.pdf after NFKC: visual order with the punctuation moved.
        (":(1) مادة\nنص.\n(:2) المادة\nنص.\n:(3) المادة\nنص.", ["1", "2", "3"]),
        ("Article 1\nText.\nArticle 2 - Name\nText.\nArt. 3. Title\nText.", ["1", "2", "3"]),
        ("Article I\nText.\nArticle II\nText.\nArticle IV\nText.", ["1", "2", "4"]),
    ],
)
def test_article_heading_forms(text: str, expected: list[str]) -> None:
    assert articles(text) == expected


def test_syrian_civil_code_slashed_headings_glued_to_the_breadcrumb() -> None:
    text = (
        "القانون المدني/الفصل الأول: القانون وتطبيقه/القانون\nوالحق\n/مادة 1/\nتسري النصوص.\n"
        "القانون المدني/الفصل الأول: القانون وتطبيقه/القانون\nوالحق/مادة 2/\nلا يجوز إلغاء نص.\n"
        "تنازع القوانين من حيث الزمان/مادة 3/\nتحسب المواعيد."
    )

    provisions = segment(text)

    assert articles(text) == ["1", "2", "3"]
    assert [p.heading for p in provisions if p.kind == "article"] == ["/مادة 1/", "/مادة 2/", "/مادة 3/"]
    assert no_space("".join(p.text for p in provisions)) == no_space(text)


@pytest.mark.parametrize(
    "reference",
    [
        "يحدد القانون أصول التقاضي وفقا للمادة 9 من هذا الدستور.",
        "للمادة 9 أحكام خاصة.",
        "وتطبق المادة 30 على ذلك.",
        "المادة 30 من هذا القانون تطبق على ذلك.",  # a wrapped line that opens with a reference further on
    ],
)
def test_a_reference_to_an_article_is_not_a_heading(reference: str) -> None:
    text = f"المادة 1\nنص.\nالمادة 2\n{reference}\nالمادة 3\nنص.\nالمادة 4\nنص.\nالمادة 5\nنص."

    assert articles(text) == ["1", "2", "3", "4", "5"]


def test_english_cross_reference_opening_a_wrapped_line_is_not_a_heading() -> None:
    text = (
        "Part-1\nPreliminary\n"
        "1. Constitution as the fundamental law: (1) This Constitution is the fundamental law.\n"
        "2. Sovereignty: The sovereignty of Nepal shall be vested in the people, subject to\n"
        "Article 101,\nthe people shall exercise it.\n"
        "3. Nation: All the Nepalese people.\n"
        "Part-2\nCitizenship\n"
        "4. Citizenship: A person.\n"
    )

    provisions = segment(text)

    assert articles(text) == ["1", "2", "3", "4"]
    assert [p.eid for p in provisions if p.kind == "article"] == ["part_1__art_1", "part_1__art_2", "part_1__art_3",
                                                                   "part_2__art_4"]  # fmt: skip


def test_numbered_titles_inside_explicit_articles_are_paragraphs_not_articles() -> None:
    text = "Article 1\n1. States Parties undertake.\n2. Each State.\nArticle 2\n1. Everyone.\n"

    assert articles(text) == ["1", "2"]
    assert [p.eid for p in segment(text) if p.kind == "paragraph"] == ["art_1__para_1", "art_1__para_2",
                                                                        "art_2__para_1"]  # fmt: skip


def test_tunisian_fasl_is_the_article_when_the_document_numbers_it_so() -> None:
    text = (
        "الباب الأول\nأحكام عامة\n"
        "الفصل 1: تونس دولة حرة، مستقلة، ذات سيادة\n"
        ".الفصل 2: نظام الدولة التونسية هو النظام الجمهوري\n"
        "الفصل 3: الشعب التونسي هو صاحب السيادة\n"
        "الفصل 4: تونس دولة موحدة\n"
    )

    provisions = segment(text)

    assert articles(text) == ["1", "2", "3", "4"]
    assert [p.kind for p in provisions] == ["part", "article", "article", "article", "article"]
    assert provisions[1].eid == "part_1__art_1"


def test_tunisian_english_chapter_words_are_articles() -> None:
    text = "Chapter One: Tunisia is a free state.\nChapter Two: The system.\nChapter Three: The people.\n"

    assert articles(text) == ["1", "2", "3"]


def test_fasl_stays_a_chapter_in_syrian_laws() -> None:
    text = "الفصل الأول\nأحكام عامة\nالمادة 1\nنص.\nالمادة 2\nنص.\nالفصل الثاني\nالمادة 3\nنص."

    assert [p.eid for p in segment(text)] == ["chp_1", "chp_1__art_1", "chp_1__art_2", "chp_2", "chp_2__art_3"]


def test_saudi_amendment_note_repeating_the_heading_is_not_a_second_article() -> None:
    text = (
        "المادة الثانية\nيهدف النظام إلى الآتي.\n"
        "تعديلات المادة\nالمادة الثانية\n- حذف الفقرة (1) من هذه المادة.\n"
        "المادة الثالثة\nتنشأ لجنة.\n"
        "تعديلات المادة\nالمادة الثالثة\n- إضافة ممثل.\nالمادة الثالثة\n- تعديل عجز المادة.\n"
        "المادة الرابعة\nنص."
    )

    assert articles(text) == ["2", "3", "4"]
    assert "تعديل عجز المادة" in next(p.text for p in segment(text) if p.number_value == "3")


def test_paragraphs_and_items_nest_under_their_article() -> None:
    text = (
        "المادة 5\nيكون استعمال الحق غير مشروع:\n"
        "1- إذا لم يقصد به سوى الإضرار.\n"
        "أ- في الحالة الأولى.\n"
        "ب- في الحالة الثانية.\n"
        "2- إذا كانت المصالح قليلة.\n"
        "المادة 6\nأولاً- حكم.\nثانياً: حكم آخر.\n"
        "المادة 7\nج- بند دون فقرة.\n"
    )

    provisions = segment(text)

    assert [(p.kind, p.eid, p.depth) for p in provisions] == [
        ("article", "art_5", 0),
        ("paragraph", "art_5__para_1", 1),
        ("item", "art_5__para_1__item_1", 2),
        ("item", "art_5__para_1__item_2", 2),
        ("paragraph", "art_5__para_2", 1),
        ("article", "art_6", 0),
        ("paragraph", "art_6__para_1", 1),
        ("paragraph", "art_6__para_2", 1),
        ("article", "art_7", 0),
        ("item", "art_7__item_3", 1),
    ]
    for index, provision in enumerate(provisions):
        assert provision.parent is None or provision.parent < index
        assert provision.parent is None or provisions[provision.parent].depth == provision.depth - 1
    assert no_space("".join(p.text for p in provisions)) == no_space(text)


def test_english_clauses_and_items() -> None:
    text = "Article 1\nIntro.\n(1) First clause.\n(a) an item,\nb) another item.\n(2) Second clause."

    provisions = segment(text)

    assert [p.eid for p in provisions] == ["art_1", "art_1__para_1", "art_1__para_1__item_a",
                                           "art_1__para_1__item_b", "art_1__para_2"]  # fmt: skip


def test_preamble_final_provisions_and_signature_are_their_own_provisions() -> None:
    text = (
        "رئيس الجمهورية\nبناء على أحكام الدستور يصدر ما يلي:\n"
        "المادة 1\nنص.\n"
        "أحكام ختامية\n"
        "المادة 2\nينشر هذا القانون في الجريدة الرسمية.\n"
        "دمشق في 30/1/1437 هجري الموافق ل 11/11/2015 ميلادي.\nرئيس الجمهورية\nبشار الأسد"
    )

    provisions = segment(text)

    assert [(p.kind, p.eid) for p in provisions] == [
        ("preamble", "preamble"),
        ("article", "art_1"),
        ("final", "final"),
        ("article", "final__art_2"),
        ("signature", "signature"),
    ]
    assert provisions[-1].text.endswith("بشار الأسد")
    assert all(EID.match(p.eid) for p in provisions)


def test_eids_stay_unique_with_repeated_numbers_and_bis() -> None:
    text = "المادة 3\nنص.\nالمادة 3\nنص مكرر بخطأ.\nالمادة 3 مكرر\nنص.\nالمادة 3 مكرر 2\nنص."

    eids = [p.eid for p in segment(text)]

    assert eids == ["art_3", "art_3_2", "art_3-bis", "art_3-bis2"]


OCR_HEADINGS = """المادة 69
يقدم الطلب إلى المحكمة.
المادة 70
تبلغ الدعوى إلى الخصم.
المادة V¥
يجوز للمحكمة أن تؤجل الجلسة.
VY المادة
لا يقبل الطعن إلا من المحكوم عليه.
المادة Ve
تنظر المحكمة في الطلب.
المادة 74
يصدر الحكم علناً."""


def test_ocr_headings_whose_numbers_cannot_be_read_are_numbered_by_their_place() -> None:
    articles = [p for p in segment(OCR_HEADINGS) if p.kind == "article"]

    assert [(p.number_value, p.inferred) for p in articles] == [
        ("69", False), ("70", False), ("71", True), ("72", True), ("73", True), ("74", False),
    ]  # fmt: skip
    assert articles[2].number == "V¥" and articles[2].text.endswith("يجوز للمحكمة أن تؤجل الجلسة.")


def test_unreadable_headings_that_do_not_fill_the_gap_exactly_are_not_guessed() -> None:
    text = OCR_HEADINGS.replace("المادة Ve\n", "")  # one heading lost: two unreadable lines for a gap of three

    articles = [p.number_value for p in segment(text) if p.kind == "article"]

    assert articles == ["69", "70", "74"]
