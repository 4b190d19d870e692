"""DOCX read with python-docx: paragraphs, tables and hyperlinks in document order, the numbers Word computes for
auto-numbered lists, and hard page breaks as pages."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from legislation.extraction import open_document
from legislation.extraction.numbering import format_number
from legislation.models import SourceDocument
from tests.legislation.conftest import Ingest
from tests.legislation.helpers import manifest

EDGE = "edge_cases/docx"


def saved(document: DocxDocument, tmp_path: Path, name: str = "law.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def pages_of(path: Path) -> list[str]:
    with open_document(path, "docx") as opened:
        pages = list(opened.pages())
        assert opened.page_count == len(pages)
    return pages


def lines_of(path: Path) -> list[str]:
    return [line for page in pages_of(path) for line in page.split("\n") if line]


# --- Real files -----------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_words_inside_hyperlinks_are_kept_in_their_sentence(corpus: Path) -> None:
    lines = lines_of(corpus / EDGE / "python-docx__par-hyperlinks.docx")

    assert lines == [
        "No hyperlinks",
        "One awesome hyperlink.",
        "Three hyperlinks: the first one here, the second one, and the third.",
    ]


@pytest.mark.corpus
def test_auto_numbered_paragraph_shows_the_number_word_displays(corpus: Path) -> None:
    path = corpus / EDGE / "python-docx__num-having-numbering-part.docx"
    paragraph = docx.Document(str(path)).paragraphs[0].text
    assert not paragraph.startswith("1")  # the number is computed by Word, not stored in the text

    assert lines_of(path) == [f"1. {paragraph}"]


@pytest.mark.corpus
def test_rendered_page_breaks_are_not_hard_page_breaks(corpus: Path) -> None:
    # Word records where it last broke pages when rendering (w:lastRenderedPageBreak); those move with fonts.
    pages = pages_of(corpus / EDGE / "python-docx__par-rendered-page-breaks.docx")

    assert len(pages) == 1
    assert "Page break here>><<followed by more text." in pages[0]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        "sy_template_agri_land_lease_with_law_texts.docx",
        "sy_template_furnished_flat_lease_with_law_articles.docx",
        "sy_template_individual_employment_contract.docx",
        "sy_template_criminal_appeal.docx",
        "sy_template_loan_for_use_texts_contract_precedents.docx",
    ],
)
def test_syrian_docx_gives_all_its_arabic_text(corpus: Path, name: str) -> None:
    # The MANIFEST counts the Arabic letters of the file's paragraphs as python-docx reads them.
    notes = manifest(corpus)[f"laws/syria/docx/{name}"]["notes"]
    expected = int(notes.split("arabic_chars=")[1].split(";")[0])

    text = "\n".join(pages_of(corpus / "laws/syria/docx" / name))

    assert sum(1 for ch in text if "\u0600" <= ch <= "\u06ff") >= expected


# --- Files built for one behaviour each ------------------------------------------------------------------


def test_table_between_two_paragraphs_keeps_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("المادة 1 - قبل الجدول")
    table = document.add_table(rows=2, cols=2)
    for row in range(2):
        for col in range(2):
            table.cell(row, col).text = f"خلية {row}{col}"
    document.add_paragraph("المادة 2 - بعد الجدول")

    assert lines_of(saved(document, tmp_path)) == [
        "المادة 1 - قبل الجدول",
        "خلية 00",
        "خلية 01",
        "خلية 10",
        "خلية 11",
        "المادة 2 - بعد الجدول",
    ]


def test_nested_table_is_read_in_place(tmp_path: Path) -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "outer left"
    right = outer.cell(0, 1)
    right.text = "outer right"
    inner = right.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner left"
    inner.cell(0, 1).text = "inner right"
    document.add_paragraph("after")

    assert lines_of(saved(document, tmp_path)) == ["outer left", "outer right", "inner left", "inner right", "after"]


def test_merged_cells_are_read_once_and_no_other_cell_is_lost(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=6, cols=4)
    for row in range(6):
        for col in range(4):
            table.cell(row, col).text = f"R{row}C{col}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "across"  # two columns of one row
    table.cell(2, 2).merge(table.cell(4, 2)).text = "down"  # three rows of one column

    lines = lines_of(saved(document, tmp_path))

    assert lines.count("across") == 1
    assert lines.count("down") == 1
    merged_away = {"R0C0", "R0C1", "R2C2", "R3C2", "R4C2"}
    expected = [f"R{row}C{col}" for row in range(6) for col in range(4) if f"R{row}C{col}" not in merged_away]
    assert [line for line in lines if line.startswith("R")] == expected


def test_numbered_list_shows_its_numbers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("يلتزم المؤجر بما يلي:")
    for item in ["تسليم المأجور", "صيانة المأجور", "ضمان التعرض"]:
        document.add_paragraph(item, style="List Number")

    assert lines_of(saved(document, tmp_path)) == [
        "يلتزم المؤجر بما يلي:",
        "1. تسليم المأجور",
        "2. صيانة المأجور",
        "3. ضمان التعرض",
    ]


def test_arabic_paragraphs_are_read_as_written(tmp_path: Path) -> None:
    text = "المادة 1\nيعتبر عربياً سورياً حكماً من ولد في القطر أو خارجه من والد عربي سوري."
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)

    assert pages_of(saved(document, tmp_path)) == [text]


def test_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    # A draft law sent round with changes tracked: inserted words count, deleted words do not.
    document = docx.Document()
    paragraph = document.add_paragraph("يعاقب بالحبس ")
    change = 'w:author="reviewer" w:date="2024-01-01T00:00:00Z"'
    paragraph._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="1" {change}><w:r><w:delText>سنة</w:delText></w:r></w:del>')
    )
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" {change}><w:r><w:t>سنتين</w:t></w:r></w:ins>'))
    paragraph.add_run(" على الأقل.")

    assert lines_of(saved(document, tmp_path)) == ["يعاقب بالحبس سنتين على الأقل."]


def test_text_inside_content_controls_smart_tags_and_fields_is_kept(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("صدر في ")
    w = nsdecls("w")
    paragraph._p.append(parse_xml(f"<w:sdt {w}><w:sdtContent><w:r><w:t>دمشق</w:t></w:r></w:sdtContent></w:sdt>"))
    paragraph._p.append(
        parse_xml(f'<w:smartTag {w} w:uri="u" w:element="date"><w:r><w:t> في 1/1/2024</w:t></w:r></w:smartTag>')
    )
    paragraph._p.append(
        parse_xml(f'<w:fldSimple {w} w:instr="DOCPROPERTY Number"><w:r><w:t> رقم 5</w:t></w:r></w:fldSimple>')
    )
    block = f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>المادة 1 في عنصر تحكم</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    document.element.body.insert(1, parse_xml(block))
    document.add_paragraph("المادة 2")

    assert lines_of(saved(document, tmp_path)) == ["صدر في دمشق في 1/1/2024 رقم 5", "المادة 1 في عنصر تحكم", "المادة 2"]


def test_bulleted_list_shows_a_bullet_not_a_symbol_font_glyph(tmp_path: Path) -> None:
    document = docx.Document()
    for item in ["حق التعليم", "حق العمل"]:
        document.add_paragraph(item, style="List Bullet")

    assert lines_of(saved(document, tmp_path)) == ["• حق التعليم", "• حق العمل"]


@pytest.mark.parametrize(
    ("value", "fmt", "label"),
    [
        (3, "decimal", "3"),
        (3, "arabicAbjad", "ج"),
        (3, "arabicAlpha", "ت"),
        (15, "hindiNumbers", "١٥"),
        (14, "lowerRoman", "xiv"),
        (28, "upperLetter", "AB"),
    ],
)
def test_list_numbers_in_the_formats_arabic_documents_use(value: int, fmt: str, label: str) -> None:
    assert format_number(value, fmt) == label


def test_page_break_before_a_paragraph_starts_a_new_page(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("الصفحة الأولى").paragraph_format.page_break_before = True  # nothing before it
    document.add_paragraph("الصفحة الثانية").paragraph_format.page_break_before = True

    assert pages_of(saved(document, tmp_path)) == ["الصفحة الأولى", "الصفحة الثانية"]


@pytest.mark.django_db
def test_hard_page_break_makes_two_stored_pages(tmp_path: Path, ingest: Ingest) -> None:
    document = docx.Document()
    document.add_paragraph("المادة 1\nالصفحة الأولى")
    document.add_page_break()
    document.add_paragraph("المادة 2\nالصفحة الثانية")

    stored = ingest(saved(document, tmp_path))

    assert stored.state == SourceDocument.State.DONE
    assert stored.page_count == 2
    assert list(stored.pages.values_list("number", "text")) == [
        (1, "المادة 1\nالصفحة الأولى"),
        (2, "المادة 2\nالصفحة الثانية"),
    ]
    assert [p.number_value for p in stored.provisions.filter(kind="article")] == ["1", "2"]
