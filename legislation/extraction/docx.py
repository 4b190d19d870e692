"""DOCX text with python-docx: paragraphs and tables in document order, hyperlinks included, and the numbers of
auto-numbered lists, which Word computes at display time and which are not in the paragraph text.

The text is what Word shows with tracked changes accepted: insertions in, deletions out. Text inside content
controls, smart tags and simple fields counts too (python-docx's ``Paragraph.text`` and ``iter_inner_content``
skip all of these, which would lose words of the law).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from docx.document import Document as DocxDocument
from docx.document import _Body
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from legislation.cleaning import megabytes
from legislation.extraction.document import ExtractedDocument
from legislation.extraction.errors import ExtractionError
from legislation.extraction.numbering import ListNumbering

MAX_ZIP_ENTRIES = 5000

# The runs of a paragraph that Word shows, in order; a text box's runs belong to paragraphs of their own.
_SHOWN_RUNS = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"

DAMAGED = (
    "The Word document is damaged and could not be read ({detail}). Open it in Word or LibreOffice, save it "
    "again as .docx, and upload that."
)


@contextmanager
def open_docx(path: Path) -> Iterator[ExtractedDocument]:
    _refuse_zip_bomb(path)
    try:
        document = docx.Document(str(path))
        # Read everything up front: a DOCX has no pages to stream, and reading here turns any damage deep in
        # the XML into a clear error before anything is stored.
        pages = _pages(document)
    except ExtractionError:
        raise
    except SoftTimeLimitExceeded:  # the task's time is up: let the task handle it
        raise
    except Exception as exc:
        raise ExtractionError(DAMAGED.format(detail=f"{type(exc).__name__}: {exc}"[:160])) from exc
    if len(pages) > settings.QANUN_MAX_PAGES:
        raise ExtractionError(
            f"The Word document has {len(pages):,} pages; the limit is {settings.QANUN_MAX_PAGES:,}. Split it."
        )
    yield ExtractedDocument(page_count=len(pages), read_pages=lambda: iter(pages))


def _refuse_zip_bomb(path: Path) -> None:
    limit = settings.QANUN_DOCX_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractionError(DAMAGED.format(detail="its ZIP structure is broken")) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ExtractionError(f"The Word document holds {len(entries):,} parts, more than any real document.")
    xml_limit = settings.QANUN_DOCX_MAX_XML_BYTES
    main = next((entry for entry in entries if entry.filename == "word/document.xml"), None)
    if main is not None and main.file_size > xml_limit:
        raise ExtractionError(
            f"The Word document's text part is {megabytes(main.file_size)}, over the limit of {megabytes(xml_limit)}"
            " (no law is that long). Split it into volumes, or save it as PDF."
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limit:
        raise ExtractionError(
            f"The Word document would unpack to {megabytes(unpacked)}, over the limit of {megabytes(limit)} "
            "(a real law is far smaller; this may be a 'zip bomb'). It was not opened."
        )


def _pages(document: DocxDocument) -> list[str]:
    numbering = ListNumbering.from_document(document)
    pages: list[list[str]] = [[]]
    for paragraph in _paragraphs_in_order(document.element.body, document._body):
        text = "".join(run.text for run in paragraph._p.xpath(_SHOWN_RUNS))
        label = numbering.label_for(paragraph)
        if label:
            text = f"{label} {text}" if text else label
        if paragraph.paragraph_format.page_break_before and pages[-1]:
            pages.append([])
        pages[-1].append(text)
        if _has_page_break(paragraph):
            pages.append([])
    if len(pages) > 1 and not pages[-1]:
        pages.pop()
    return ["\n".join(lines) for lines in pages]


def _paragraphs_in_order(element: BaseOxmlElement, parent: _Body | _Cell) -> Iterator[Paragraph]:
    """The paragraphs of a body or cell, those of its tables and content controls included, in order."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield from _table_paragraphs(Table(child, parent))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _paragraphs_in_order(content, parent)
        elif child.tag == qn("w:customXml"):
            yield from _paragraphs_in_order(child, parent)


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    # A merged cell appears once per grid column and row it spans. Keep the elements themselves, not their
    # id(): lxml makes proxy objects on demand, so once one is freed its id can be reused by another cell.
    seen: set[object] = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            yield from _paragraphs_in_order(cell._tc, cell)


def _has_page_break(paragraph: Paragraph) -> bool:
    return any(br.get(qn("w:type")) == "page" for br in paragraph._p.iter(qn("w:br")))
