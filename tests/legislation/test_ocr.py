"""PDF pages with no text layer are read by Tesseract; without Tesseract the document says so and still finishes."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from legislation.models import DocumentPage, SourceDocument
from tests.conftest import require

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SENTENCE = "Everyone has the right to liberty and security of person."


def _tesseract() -> None:
    require(shutil.which("tesseract") is not None, "Tesseract is not installed (apt-get install tesseract-ocr)")
    require(shutil.which("pdftoppm") is not None, "pdftoppm is not installed (apt-get install poppler-utils)")


def image_pdf(*lines: str) -> bytes:
    """A one-page PDF that is only a picture of ``lines`` (no text layer), at 300 dpi."""
    require(FONT.exists(), f"the DejaVu font is not at {FONT}")
    image = Image.new("L", (2480, 1200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 48)
    for row, line in enumerate(lines):
        draw.text((150, 200 + row * 120), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=300)
    return out.getvalue()


def test_page_without_text_layer_is_read_by_ocr(ingest, settings) -> None:
    _tesseract()
    started = time.monotonic()
    document = ingest(image_pdf("Article 1", SENTENCE), name="scan.pdf")
    seconds = time.monotonic() - started

    assert document.state == SourceDocument.State.DONE
    page = document.pages.get(number=1)
    assert page.source == DocumentPage.Source.OCR
    assert "right to liberty" in page.text
    assert page.quality is not None and page.quality >= 0.5
    assert not document.needs_review
    assert not any("no text layer" in warning for warning in document.warnings)
    assert seconds < settings.QANUN_OCR_PAGE_TIMEOUT


def test_without_tesseract_the_document_completes_with_a_warning(ingest, settings) -> None:
    settings.QANUN_TESSERACT = "/nonexistent/tesseract"
    document = ingest(image_pdf("Article 1", SENTENCE), name="scan.pdf")

    assert document.state == SourceDocument.State.DONE
    assert any("OCR is needed for 1 page but Tesseract is not installed" in warning for warning in document.warnings), (
        document.warnings
    )
    assert document.needs_review
    assert document.pages.get(number=1).text == ""


def test_ocr_is_limited_to_qanun_ocr_max_pages(ingest, settings) -> None:
    _tesseract()
    settings.QANUN_OCR_MAX_PAGES = 0
    document = ingest(image_pdf("Article 1", SENTENCE), name="scan.pdf")

    assert document.state == SourceDocument.State.DONE
    assert any("only the first 0 were read" in warning for warning in document.warnings), document.warnings
    assert document.pages.get(number=1).source == DocumentPage.Source.TEXT


@pytest.mark.corpus
def test_image_only_ccitt_page_goes_to_ocr(corpus: Path, ingest) -> None:
    # The page is a 16 x 16 pixel picture with no words in it: OCR runs, finds nothing, and the document says
    # the page has no text rather than failing.
    _tesseract()
    document = ingest(corpus / "edge_cases" / "pdf" / "pypdf__imagemagick-CCITTFaxDecode.pdf")

    assert document.state == SourceDocument.State.DONE
    assert not any("not installed" in warning for warning in document.warnings)
    assert any("No text was found" in warning for warning in document.warnings)
