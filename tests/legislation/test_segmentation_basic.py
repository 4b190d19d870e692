"""What segmentation does well today: article headings in digits, ordinal words and visual order, containers and
their eids, and the invariant that splitting never loses or repeats text. (Finer structure comes next.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from legislation.cleaning import clean_text
from legislation.extraction import open_document
from legislation.models import SourceDocument
from legislation.segmentation import arabic_ordinal_value, segment
from tests.conftest import CORPUS
from tests.legislation.conftest import Ingest
from tests.legislation.helpers import PRESENTATION_FORMS

SAUDI = "ground_truth/saudi_boe_md"
# «part_1__art_1»: a prefix and a number per level, «_2» on the second of two with the same number.
EID = re.compile(r"^[a-z]+(_[0-9A-Za-z-]+)*(__[a-z]+(_[0-9A-Za-z-]+)*)*$")


def articles(text: str) -> list[tuple[str, str]]:
    """(number as printed, normalised number) of each article found in ``text``."""
    return [(p.number, p.number_value) for p in segment(text) if p.kind == "article"]


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- Headings --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("الأولى", 1),
        ("الأول", 1),
        ("الثانية عشرة", 12),
        ("الحادية والعشرون", 21),
        ("العشرون", 20),
        ("التاسعة والتسعون", 99),
        ("المائة", 100),
        ("الحادية بعد المائة", 101),
        ("الخامسة والأربعون بعد المائتين", 245),
        ("السبعون بعد المائة", 170),
    ],
)
def test_arabic_ordinal_words_give_their_number(words: str, value: int) -> None:
    assert arabic_ordinal_value(words) == value


@pytest.mark.parametrize("words", ["من هذا القانون", "السابق", ""])
def test_words_that_are_not_an_ordinal_give_none(words: str) -> None:
    assert arabic_ordinal_value(words) is None


def test_ordinal_word_headings_are_articles() -> None:
    text = "المادة الأولى\nنص أول.\nالمادة الثانية:\nنص ثان.\nالمادة الثانية عشرة -\nنص.\nالمادة الحادية والعشرون\nنص."

    assert articles(text) == [("الأولى", "1"), ("الثانية", "2"), ("الثانية عشرة", "12"), ("الحادية والعشرون", "21")]


def test_heading_in_visual_order_number_first_is_an_article() -> None:
    # pypdf reads «المادة 157» as «157 المادة» from the Syrian constitution's right-to-left layout.
    assert articles("156 المادة\nنص.\n157 المادة\nنص أخير.") == [("156", "156"), ("157", "157")]


def test_reference_to_an_article_inside_a_sentence_is_not_a_heading() -> None:
    text = (
        "المادة 125\n"
        "يحدد القانون أصول التقاضي وفقا للمادة 126 من هذا الدستور.\n"
        "للمادة 126 أحكام خاصة.\n"  # a line that wraps just before the reference
        "وتطبق المادة 130 على ذلك.\n"
        "المادة 126\n"
        "نص."
    )

    assert articles(text) == [("125", "125"), ("126", "126")]


def test_arabic_indic_digits_and_bis_articles_are_normalised() -> None:
    text = "المادة ١٢\nنص.\nالمادة 12 مكرر\nنص.\nالمادة (13)\nنص.\nمادة 14 -\nنص."

    assert [value for _, value in articles(text)] == ["12", "12-bis", "13", "14"]
    assert articles(text)[0][0] == "١٢"


def test_eids_nest_articles_under_their_part_and_stay_unique() -> None:
    text = (
        "مقدمة القانون\n"
        "الباب الأول\nأحكام عامة\n"
        "المادة 1\nنص.\n"
        "المادة 2\nنص.\n"
        "الباب الثاني\n"
        "الفصل الأول\n"
        "المادة 3\nنص.\n"
        "المادة 3\nالنص مكرر بخطأ الطباعة.\n"
    )

    provisions = segment(text)

    assert [p.eid for p in provisions] == [
        "preamble",
        "part_1",
        "part_1__art_1",
        "part_1__art_2",
        "part_2",
        "part_2__chp_1",
        "part_2__chp_1__art_3",
        "part_2__chp_1__art_3_2",
    ]
    assert [p.depth for p in provisions] == [0, 0, 1, 1, 0, 1, 2, 2]
    assert provisions[2].parent == 1
    assert all(EID.match(p.eid) for p in provisions)


def test_english_articles_and_parts_are_found() -> None:
    text = "Preamble text\nPart 1\nArticle 1 - Name\nText.\nArticle 2\nText.\nPart 2\nArticle 3.\nText."

    provisions = segment(text)

    assert [p.eid for p in provisions] == [
        "preamble",
        "part_1",
        "part_1__art_1",
        "part_1__art_2",
        "part_2",
        "part_2__art_3",
    ]


# --- Real laws -------------------------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.django_db
def test_syrian_constitution_yields_articles_1_to_157_in_order(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / "laws/syria/pdf/sy_constitution_2012.pdf")

    found = list(document.provisions.filter(kind="article").order_by("order"))
    assert [a.number_value for a in found] == [str(n) for n in range(1, 158)]
    assert found[-1].heading == "المادة 157"  # read «157 المادة» from the PDF, put in reading order
    assert found[0].eid == "art_1"
    eids = list(document.provisions.values_list("eid", flat=True))
    assert len(eids) == len(set(eids))


@pytest.mark.corpus
def test_saudi_ordinal_headings_give_articles_1_to_17(corpus: Path) -> None:
    with open_document(corpus / SAUDI / "anti_trafficking.md", "markdown") as document:
        text = clean_text("\n".join(document.pages()))

    found = articles(text)

    assert [value for _, value in found] == [str(n) for n in range(1, 18)]
    assert found[0][0] == "الأولى"
    assert found[-1][0] == "السابعة عشرة"


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "last"), [("labor_law.md", 245), ("basic_law_of_governance.md", 83)])
def test_saudi_law_articles_cover_every_number(corpus: Path, name: str, last: int) -> None:
    # Amendment notes repeat an article's heading, so numbers may recur; none may be missing.
    with open_document(corpus / SAUDI / name, "markdown") as document:
        text = clean_text("\n".join(document.pages()))

    values = [int(value) for _, value in articles(text)]

    assert sorted(set(values)) == list(range(1, last + 1))
    assert list(dict.fromkeys(values)) == list(range(1, last + 1))  # each first seen in order
    assert "الحادية والعشرون" in {number for number, _ in articles(text)}


def syria_laws() -> list[str]:
    folder = CORPUS / "laws/syria"
    if not folder.is_dir():
        return []
    return sorted(
        str(p.relative_to(CORPUS)) for p in folder.rglob("*") if p.suffix in {".md", ".html", ".pdf", ".docx"}
    )


@pytest.mark.corpus
@pytest.mark.django_db
def test_every_syrian_law_format_is_in_the_no_text_lost_check(corpus: Path) -> None:
    assert {Path(f).suffix for f in syria_laws()} == {".md", ".html", ".pdf", ".docx"}


@pytest.mark.corpus
@pytest.mark.django_db
@pytest.mark.parametrize("relative", syria_laws())
def test_provisions_joined_in_order_give_back_the_whole_text(corpus: Path, ingest: Ingest, relative: str) -> None:
    document = ingest(corpus / relative)
    assert document.state == SourceDocument.State.DONE, document.error

    text = document.text
    provisions = list(document.provisions.order_by("order").values_list("text", "eid"))

    assert text
    assert no_space("".join(t for t, _ in provisions)) == no_space(text)
    eids = [eid for _, eid in provisions]
    assert len(eids) == len(set(eids))
    assert all(EID.match(eid) for eid in eids), [e for e in eids if not EID.match(e)]
    assert not PRESENTATION_FORMS.search(text)
