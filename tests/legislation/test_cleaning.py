"""Cleaning across pages: running headers, footers and page numbers go; headings and the text stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from legislation.cleaning import clean_text, strip_repeated_lines


def test_running_header_footer_and_page_numbers_are_dropped() -> None:
    bodies = ["يعمل بهذا القانون", "ينشر في الجريدة الرسمية", "يلغى كل نص مخالف", "تصدر التعليمات التنفيذية"]
    pages = [f"قانون العمل 17 لعام 2010\n{body}\n{n}/4" for n, body in enumerate(bodies, 1)]

    assert strip_repeated_lines(pages) == bodies


def test_article_headings_at_the_top_of_many_pages_stay() -> None:
    bodies = ["يعمل بهذا القانون", "ينشر في الجريدة الرسمية", "يلغى كل نص مخالف", "تصدر التعليمات التنفيذية"]
    pages = [f"المادة {n}\n{body}\n- {n} -" for n, body in enumerate(bodies, 1)]

    assert strip_repeated_lines(pages) == [f"المادة {n}\n{body}" for n, body in enumerate(bodies, 1)]


def test_a_line_on_half_the_pages_or_fewer_stays_and_short_documents_are_left_alone() -> None:
    pages = ["رأس\nأ", "رأس\nب", "ج", "د"]
    assert strip_repeated_lines(pages) == pages
    assert strip_repeated_lines(["رأس\nأ", "رأس\nب"]) == ["رأس\nأ", "رأس\nب"]


def test_copies_of_one_page_keep_their_text() -> None:
    pages = ["Single quote operator"] * 5

    assert strip_repeated_lines(pages) == pages


def test_stripping_is_deterministic() -> None:
    pages = [f"Header\nBody {n}\nPage {n}" for n in range(6)]

    assert strip_repeated_lines(pages) == strip_repeated_lines(list(pages))


@pytest.mark.corpus
def test_labor_law_loses_its_browser_header_and_footer(corpus: Path) -> None:
    reader = PdfReader(corpus / "laws" / "syria" / "pdf" / "sy_labor_law_17_2010.pdf")
    pages = strip_repeated_lines([clean_text(page.extract_text()) for page in reader.pages[:10]])

    assert not any("parliament.gov.sy/arabic" in page for page in pages)
    assert not any("1/25/2019" in page for page in pages)
    assert "الباب الأول" in pages[0]
