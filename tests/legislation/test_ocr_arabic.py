"""An Arabic law page that is only a picture is read by Tesseract: its words and its articles come back.

The pictures are made from real corpus pages whose text layer is good, so the text layer says what OCR should
find: each page is rasterised with pdftoppm at 200 dpi (a common scanner setting) and the image alone is put in a
PDF, which is uploaded and processed as any file is.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from legislation.cleaning import clean_text
from legislation.models import DocumentPage, Provision, SourceDocument
from legislation.quality import GOOD_QUALITY
from tests.conftest import require
from text.normalise import western_digits

pytestmark = pytest.mark.corpus

# The registry law prints its article numbers in Western digits («المادة 33»), which Tesseract reads reliably.
REGISTRY = "laws/syria/pdf/sy_real_estate_registry_decision188_1926.pdf"
REGISTRY_PAGE = 8
# The consumer protection decree prints them in Arabic-Indic digits in brackets («المادة (٧)»).
CONSUMER = "laws/syria/pdf/sy_consumer_protection_8_2021.pdf"
CONSUMER_PAGE = 5
SCAN_DPI = 200
# Measured on the registry page (Tesseract 5.3, ara+eng): OCR has 0.91 of the text layer's words, and 0.90 of
# its own words are the text layer's. The floor leaves room for another Tesseract build; a page read in the
# wrong script or as noise falls far below it.
WORD_OVERLAP_FLOOR = 0.8


def _programs() -> None:
    require(shutil.which("tesseract") is not None, "Tesseract is not installed (apt-get install tesseract-ocr)")
    require(shutil.which("pdftoppm") is not None, "pdftoppm is not installed (apt-get install poppler-utils)")
    languages = subprocess.run(
        [shutil.which("tesseract") or "tesseract", "--list-langs"], capture_output=True, timeout=30, check=False
    ).stdout.decode()
    require("ara" in languages.split(), "Tesseract has no Arabic (apt-get install tesseract-ocr-ara)")


def scanned_page(source: Path, number: int, folder: Path) -> bytes:
    """Page ``number`` of ``source`` as an image-only PDF (no text layer), rasterised at SCAN_DPI."""
    stem = folder / "page"
    subprocess.run(
        [shutil.which("pdftoppm") or "pdftoppm", "-r", str(SCAN_DPI), "-f", str(number), "-l", str(number),
         "-png", "-singlefile", str(source), str(stem)],
        check=True, timeout=60,
    )  # fmt: skip
    out = io.BytesIO()
    with Image.open(stem.with_suffix(".png")) as image:
        image.convert("L").save(out, format="PDF", resolution=SCAN_DPI)
    return out.getvalue()


def text_layer(source: Path, number: int) -> str:
    """The page's text as the product reads a good text layer (pypdf, then cleaning)."""
    return clean_text(PdfReader(source).pages[number - 1].extract_text())


def words(text: str) -> Counter[str]:
    """The words of a text after the product's cleaning, digits read as Western digits."""
    return Counter(re.findall(r"\w+", western_digits(clean_text(text))))


def word_overlap(found: str, expected: str) -> float:
    """Share of the expected text's words (counted with repeats) that the found text has."""
    wanted = words(expected)
    return sum((words(found) & wanted).values()) / sum(wanted.values())


def article_numbers(document: SourceDocument) -> list[str]:
    return list(
        document.provisions.filter(kind=Provision.Kind.ARTICLE).order_by("order").values_list("number_value", flat=True)
    )


def test_scanned_arabic_page_is_read_by_ocr_with_its_words_and_articles(corpus: Path, ingest, tmp_path) -> None:
    _programs()
    source = corpus / REGISTRY
    document = ingest(scanned_page(source, REGISTRY_PAGE, tmp_path), name="registry-scan.pdf")

    assert document.state == SourceDocument.State.DONE, document.error
    page = document.pages.get(number=1)
    assert page.source == DocumentPage.Source.OCR
    expected = text_layer(source, REGISTRY_PAGE)
    recall, precision = word_overlap(page.text, expected), word_overlap(expected, page.text)
    assert recall >= WORD_OVERLAP_FLOOR, f"OCR found {recall:.2f} of the text layer's words"
    assert precision >= WORD_OVERLAP_FLOOR, f"only {precision:.2f} of the OCR's words are the text layer's"
    assert "المادة 33" in page.text
    # Every heading on the page is an article with its number, in order, and nothing else is.
    assert article_numbers(document) == [str(n) for n in range(33, 41)]
    # The page reads as Arabic: not flagged for review, no warning.
    assert page.quality is not None and page.quality >= GOOD_QUALITY
    assert not document.needs_review, document.review_reason
    assert document.warnings == []


# Only the heading numbers are expected to fail (an AssertionError); anything else, a missing corpus under CI
# included, fails with pytest.fail and is reported as a failure.
@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="Tesseract 5.3 (ara+eng) misreads Arabic-Indic article numbers: (٧) as (Y), (٨) as (A), (٩) as (1), "
    "(١٠) as )٠١(, (١١) as )1%(, (١٢) as )١5(; the page gives one article, numbered 1, instead of 7 to 12",
)
def test_scanned_page_with_arabic_indic_article_numbers_keeps_them(corpus: Path, ingest, tmp_path) -> None:
    _programs()
    source = corpus / CONSUMER
    document = ingest(scanned_page(source, CONSUMER_PAGE, tmp_path), name="consumer-scan.pdf")

    if document.state != SourceDocument.State.DONE or document.pages.get(number=1).source != DocumentPage.Source.OCR:
        pytest.fail(f"the scanned page was not processed by OCR: {document.state} {document.error}")
    assert article_numbers(document) == [str(n) for n in range(7, 13)]
