"""PDFs read with pypdf page by page: real Syrian laws come out as Arabic letters, encrypted files open when they
can and say why when they cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from legislation.cleaning import clean_text
from legislation.extraction import open_document
from legislation.models import SourceDocument
from tests.legislation.conftest import Ingest
from tests.legislation.helpers import PRESENTATION_FORMS, assert_failed_cleanly
from text.normalise import text_language

pytestmark = [pytest.mark.corpus, pytest.mark.django_db]

CONSTITUTION = "laws/syria/pdf/sy_constitution_2012.pdf"
EDGE = "edge_cases/pdf"


def test_syrian_constitution_gives_28_pages_of_arabic_letters(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / CONSTITUTION)

    assert document.state == SourceDocument.State.DONE
    assert document.file_type == "pdf"
    assert document.page_count == 28
    assert document.progress == 100
    assert list(document.pages.values_list("number", flat=True)) == list(range(1, 29))
    text = document.text
    assert "الجمهورية العربية السورية" in text
    assert not PRESENTATION_FORMS.findall(text)
    assert "\x7f" not in text  # the file carries DEL characters between words
    assert text_language(text) == "ar"


def test_presentation_forms_pypdf_gives_become_letters(corpus: Path) -> None:
    reader = PdfReader(corpus / CONSTITUTION)
    raw = reader.pages[0].extract_text()
    assert PRESENTATION_FORMS.search(raw), "pypdf no longer gives presentation forms here: the test proves nothing"

    with open_document(corpus / CONSTITUTION, "pdf") as document:
        first_page = clean_text(next(document.pages()))
    assert first_page == clean_text(raw)
    assert not PRESENTATION_FORMS.search(first_page)
    assert "دستور سوريا" in first_page


def test_nepal_constitution_gives_240_pages_of_english(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / "ground_truth/nepal_constitution/Constitution_of_Nepal_2072_ENG.pdf")

    assert document.state == SourceDocument.State.DONE
    assert document.page_count == 240
    assert document.pages.count() == 240
    text = document.text
    assert "We, the Sovereign People of Nepal," in text
    assert "THE CONSTITUTION OF NEPAL" in text
    assert text_language(text) == "en"


def test_arabic_in_a_multilingual_pdf_is_read(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / EDGE / "pypdf__multilang.pdf")

    assert document.state == SourceDocument.State.DONE
    assert "مرحبا بالعالم" in document.text


def test_pdf_with_only_an_owner_password_opens_with_the_empty_one(corpus: Path, ingest: Ingest) -> None:
    control = ingest(corpus / EDGE / "pypdf__encryption__unencrypted.pdf")
    document = ingest(corpus / EDGE / "pypdf__encryption__r2-owner-password.pdf")

    assert PdfReader(corpus / EDGE / "pypdf__encryption__r2-owner-password.pdf").is_encrypted
    assert document.state == SourceDocument.State.DONE
    assert document.error == ""
    assert document.text
    assert document.text == control.text


@pytest.mark.parametrize(
    "name",
    ["pypdf__encrypted-file.pdf", "pypdf__crazyones-encrypted-256.pdf", "pypdf__libreoffice-writer-password.pdf"],
)
def test_pdf_protected_by_a_password_fails_saying_so(corpus: Path, ingest: Ingest, name: str) -> None:
    document = ingest(corpus / EDGE / name)

    assert_failed_cleanly(document, "password")


def test_image_only_pdf_is_done_with_a_warning_that_it_needs_ocr(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / EDGE / "pypdf__imagemagick-CCITTFaxDecode.pdf")

    assert document.state == SourceDocument.State.DONE
    assert document.text == ""
    assert any("No text was found" in w and "OCR" in w for w in document.warnings), document.warnings


def test_pdf_records_its_extraction_time_and_attempt(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / EDGE / "pypdf__crazyones.pdf")

    assert document.state == SourceDocument.State.DONE
    assert document.attempts == 1
    assert document.extract_seconds is not None
    assert document.segment_seconds is not None
    assert document.started_at <= document.finished_at
