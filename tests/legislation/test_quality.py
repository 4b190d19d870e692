"""Garbage text is told from real Arabic and English by letter statistics, page by page and per document."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from legislation.cleaning import clean_text
from legislation.models import DocumentPage, SourceDocument
from legislation.quality import GOOD_QUALITY, page_quality

CLEAN_SYRIAN_PDFS = [
    "sy_real_estate_registry_decision188_1926.pdf",
    "sy_civil_code_84_1949.pdf",
    "sy_labor_law_17_2010.pdf",
    "sy_companies_law_29_2011.pdf",
    "sy_constitution_2012.pdf",
    "sy_rent_law_20_2015.pdf",
    "sy_consumer_protection_8_2021.pdf",
    "sy_bar_association_bylaws.pdf",
]


def _scores(path: Path, limit: int = 80) -> list[float]:
    reader = PdfReader(path)
    scores = [page_quality(clean_text(page.extract_text() or "")).score for page in reader.pages[:limit]]
    return [score for score in scores if score is not None]


@pytest.mark.corpus
@pytest.mark.parametrize("name", CLEAN_SYRIAN_PDFS)
def test_every_page_of_a_clean_syrian_pdf_scores_good(corpus: Path, name: str) -> None:
    scores = _scores(corpus / "laws" / "syria" / "pdf" / name)

    assert scores
    assert min(scores) >= GOOD_QUALITY, (name, min(scores))


@pytest.mark.corpus
def test_broken_font_map_of_civil_procedure_scores_as_garbage(corpus: Path) -> None:
    scores = _scores(corpus / "laws" / "syria" / "pdf" / "sy_civil_procedure_1_2016.pdf")

    bad = [score for score in scores if score < GOOD_QUALITY]
    assert len(bad) > len(scores) * 0.6, (len(bad), len(scores))
    assert sorted(scores)[len(scores) // 2] < GOOD_QUALITY


@pytest.mark.corpus
def test_garbage_ocr_layer_of_issue_301_scores_as_garbage(corpus: Path) -> None:
    scores = _scores(corpus / "edge_cases" / "pdf" / "pypdf__issue-301.pdf")

    assert scores and scores[0] < GOOD_QUALITY


def test_plain_arabic_and_english_score_good_and_the_broken_font_map_does_not() -> None:
    arabic = (
        "يصدر رئيس الجمهورية القانون بناء على أحكام الدستور وعلى ما أقره مجلس الشعب في جلسته المنعقدة، "
        "ويعمل بهذا القانون من تاريخ نشره في الجريدة الرسمية. لا يجوز لأحد أن يعتدي على حرية غيره."
    )
    broken = arabic.replace("ل", "م").replace("ه", "ى")
    english = (
        "Everyone has the right to life, liberty and security of person. No one shall be held in slavery or "
        "servitude; slavery and the slave trade shall be prohibited in all their forms."
    )

    assert page_quality(arabic).score >= GOOD_QUALITY
    assert page_quality(english).score >= GOOD_QUALITY
    assert page_quality(broken).score < GOOD_QUALITY


def test_too_little_text_is_not_judged() -> None:
    assert page_quality("12").score is None
    assert page_quality("المادة 5").score is None


@pytest.mark.corpus
def test_document_with_broken_font_map_is_flagged_for_review(corpus: Path, ingest, settings) -> None:
    settings.QANUN_OCR_MAX_PAGES = 0  # the flag, not OCR, is under test here
    document = ingest(corpus / "laws" / "syria" / "pdf" / "sy_civil_procedure_1_2016.pdf")

    assert document.state == SourceDocument.State.DONE
    assert document.needs_review
    assert "does not read as Arabic or English" in document.review_reason
    assert document.quality is not None and document.quality < GOOD_QUALITY
    garbage = document.pages.filter(quality__lt=GOOD_QUALITY)
    assert garbage.count() > 30
    assert set(document.pages.values_list("source", flat=True)) == {DocumentPage.Source.TEXT}


@pytest.mark.corpus
def test_clean_document_is_not_flagged(corpus: Path, ingest) -> None:
    document = ingest(corpus / "laws" / "syria" / "pdf" / "sy_rent_law_20_2015.pdf")

    assert document.state == SourceDocument.State.DONE
    assert not document.needs_review
    assert document.review_reason == ""
    assert document.quality >= GOOD_QUALITY
