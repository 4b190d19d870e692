"""Arabic lines a PDF stores in visual order come out in reading order; lines stored right are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from legislation.cleaning import clean_text
from legislation.extraction import open_document
from legislation.extraction.visual_order import Piece, repair_visual_lines

LABOUR_LAW = "laws/syria/pdf/sy_labor_law_17_2010.pdf"


def pieces(*items: tuple[str, float], y: float = 700.0) -> list[Piece]:
    return [Piece(text, x, y) for text, x in items]


def test_pieces_placed_left_to_right_are_read_right_to_left() -> None:
    # «قانون رقم /17/ للعام 2010» as a browser prints it: each run a piece, left to right on the page.
    line = pieces(("2010", 452.2), ("/ للعام", 476.9), ("17", 508.3), ("/ ", 520.7), ("قانون رقم", 520.7))

    text, rebuilt = repair_visual_lines(line)

    assert (text, rebuilt) == ("قانون رقم /17/ للعام 2010", 1)


def test_a_number_between_words_and_a_bracketed_article_number_come_back_in_place() -> None:
    sentence = pieces((" من أحكام هذا القانون.", 189.3), ("205", 286.9), ("المحكمة المختصة: بموجب المادة", 305.4))
    heading = pieces((":", 543.3), ("(", 546.4), ("1", 549.2), (") ", 555.4), ("مادة", 555.4), y=171.0)

    text, rebuilt = repair_visual_lines([*sentence, Piece("\n", 0, 0), *heading])

    assert text.split("\n") == ["المحكمة المختصة: بموجب المادة 205 من أحكام هذا القانون.", "مادة (1):"]
    assert rebuilt == 2


def test_dates_keep_their_digits_left_to_right() -> None:
    line = pieces(("2010-04-12", 464.9), (" :", 522.9), ("نشر بتاريخ", 522.9))

    assert repair_visual_lines(line)[0] == "نشر بتاريخ: 2010-04-12"


def test_text_drawn_twice_in_one_place_is_kept_once() -> None:
    line = pieces(("أحكام عامة", 534.7), ("أحكام عامة", 534.7))

    assert repair_visual_lines(line) == ("أحكام عامة", 1)


def test_lines_in_reading_order_are_left_exactly_as_read() -> None:
    # A Word export: right to left on the page, in reading order; and an English line.
    arabic = pieces(("المادة ", 500.0), ("12", 470.0), (" - يعاقب", 455.0))
    english = pieces(("Article ", 50.0), ("12", 90.0), (" applies", 100.0), y=650.0)

    text, rebuilt = repair_visual_lines([*arabic, Piece("\n", 0, 0), *english])

    assert (text, rebuilt) == ("المادة 12 - يعاقب\nArticle 12 applies", 0)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (")الفصل الأول(", "(الفصل الأول)"),
        ("من الفقرة )أ( السابقة", "من الفقرة (أ) السابقة"),
        ("المادة (12) من القانون", "المادة (12) من القانون"),
        ("أ) يعاقب", "أ) يعاقب"),  # a lone closing bracket marks an item: not turned
        (")see( below", ")see( below"),  # not Arabic
    ],
)
def test_brackets_facing_the_wrong_way_in_an_arabic_line_are_turned(line: str, expected: str) -> None:
    assert clean_text(line) == expected


@pytest.mark.corpus
def test_the_labour_law_reads_in_reading_order(corpus: Path) -> None:
    with open_document(corpus / LABOUR_LAW, "pdf") as document:
        pages = [clean_text(page) for _, page in zip(range(3), document.pages(), strict=False)]
        warnings = document.warnings
    text = "\n".join(pages)

    assert "قانون رقم /17/ للعام 2010" in text
    assert "المحكمة المختصة: محكمة البداية المدنية المشكلة بموجب المادة 205 من أحكام هذا القانون." in text
    assert "تعتبر السنة في مجال تطبيق أحكام هذا القانون 365 يوماً" in text
    assert "\nالمادة (2):\n" in text and "\n(الفصل الثاني)\n" in text
    assert "أحكام عامةأحكام عامة" not in text and "للعام17/" not in text
    assert warnings == [] or "visual" in warnings[0]


@pytest.mark.corpus
def test_pdfs_written_in_reading_order_come_out_as_pypdf_reads_them(corpus: Path) -> None:
    for name in ("sy_rent_law_20_2015.pdf", "sy_constitution_2012.pdf", "sy_civil_code_84_1949.pdf"):
        path = corpus / "laws/syria/pdf" / name
        expected = [page.extract_text() or "" for page in PdfReader(path).pages[:6]]
        with open_document(path, "pdf") as document:
            got = [page for _, page in zip(range(6), document.pages(), strict=False)]
        assert got == expected, name


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (": المادة الخامسة عشرة", "المادة الخامسة عشرة:"),
        (".المديرية المختصة: مديرية الشؤون الاجتماعية والعمل", "المديرية المختصة: مديرية الشؤون الاجتماعية والعمل."),
        ("... وغيرها", "... وغيرها"),
        (": see below", ": see below"),
    ],
)
def test_a_closing_stop_read_at_the_start_of_an_arabic_line_goes_back_to_its_end(line: str, expected: str) -> None:
    assert clean_text(line) == expected


def test_a_heading_read_number_first_is_put_in_reading_order() -> None:
    assert clean_text("157 المادة\nنص.\n٣ مادة") == "المادة 157\nنص.\nمادة ٣"
    assert clean_text("2010 المادة الأولى") == "2010 المادة الأولى"  # not a heading alone on its line


def test_a_latin_line_drawn_twice_is_kept_once() -> None:
    line = pieces(("www.parliament.gov.sy", 248.4), ("www.parliament.gov.sy", 248.4))

    assert repair_visual_lines(line) == ("www.parliament.gov.sy", 1)
