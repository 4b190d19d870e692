"""Plain text, Markdown and HTML reduced to their text: markup gone, words kept, pages at form feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from legislation.extraction import ExtractionError, open_document
from legislation.extraction.markup import html_to_text, markdown_to_text
from legislation.models import SourceDocument
from tests.legislation.conftest import Ingest
from tests.legislation.helpers import assert_failed_cleanly

SAUDI = "ground_truth/saudi_boe_md/anti_trafficking.md"


def read(path: Path, file_type: str) -> list[str]:
    with open_document(path, file_type) as document:
        return list(document.pages())


# --- HTML ------------------------------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.django_db
def test_udhr_html_gives_its_text_and_30_articles_without_markup(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / "hr_instruments/udhr/arb.html")

    assert document.state == SourceDocument.State.DONE
    assert document.file_type == "html"
    text = document.text
    assert text.startswith("الإعلان العالمي لحقوق الإنسان\nالديباجة\n")
    assert "Arabic, Standard" not in text  # the <title> in <head> is not part of the law
    assert "<" not in text
    assert "dir=" not in text
    articles = document.provisions.filter(kind="article")
    assert [a.number_value for a in articles] == [str(n) for n in range(1, 31)]


@pytest.mark.corpus
@pytest.mark.django_db
def test_html_and_markdown_copies_of_a_law_give_the_same_articles(corpus: Path, ingest: Ingest) -> None:
    html = ingest(corpus / "laws/syria/html/sy_nationality_law.html")
    markdown = ingest(corpus / "laws/syria/md/sy_nationality_law.md")

    def numbers(document: SourceDocument) -> list[str]:
        return list(document.provisions.filter(kind="article").values_list("number_value", flat=True))

    assert html.state == markdown.state == SourceDocument.State.DONE
    assert numbers(html) == numbers(markdown)
    assert numbers(html)[:3] == ["1", "2", "3"]


def test_html_scripts_styles_and_entities() -> None:
    html = (
        "<!doctype html><html><head><title>Page title</title><style>p {color: red}</style></head><body>"
        "<script>var x = '<p>not text</p>';</script><noscript>Enable JavaScript</noscript>"
        "<h2>المادة&nbsp;1</h2><p>نص&nbsp;&amp;&nbsp;حكم</p><ul><li>أولاً</li><li>ثانياً</li></ul>"
        "<p>سطر<br>سطر آخر</p><svg><text>chart</text></svg><table><tr><td>خلية</td><td>أخرى</td></tr></table>"
        "</body></html>"
    )

    assert html_to_text(html).split("\n") == ["المادة 1", "نص & حكم", "أولاً", "ثانياً", "سطر", "سطر آخر", "خلية", "أخرى"]


def test_html_that_leaves_out_the_end_of_its_head_keeps_its_body() -> None:
    # HTML lets </head> (and <head> itself) be left out; the body is still the page's text.
    html = "<html><head><meta charset=utf-8><title>قانون</title><body><h1>المادة 1</h1><p>نص المادة.</p></body></html>"

    assert html_to_text(html) == "المادة 1\nنص المادة."
    assert html_to_text("<!doctype html><title>قانون</title><p>المادة 1</p>") == "المادة 1"


# --- Markdown --------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_saudi_markdown_keeps_headings_and_link_text_and_drops_the_syntax(corpus: Path) -> None:
    text = "\n".join(read(corpus / SAUDI, "markdown"))
    lines = text.split("\n")

    assert "المادة الأولى:" in lines
    assert "المادة السابعة عشرة:" in lines
    assert "مرسوم ملكي رقم م / 40 بتاريخ 21 / 7 / 1430" in text
    assert "](/BoeLaws" not in text
    assert not [line for line in lines if line.startswith("#")]


def test_markdown_emphasis_links_and_bullets_are_reduced_to_words() -> None:
    markdown = (
        "## الباب الأول\n"
        "### المادة 1 \n"
        "**يعاقب** بالحبس كل من خالف __أحكام__ [المادة 5](https://example.org/5) من هذا القانون.  \n"
        "* البند الأول\n"
        "- البند الثاني\n"
        "1. أولاً\n"
    )

    assert markdown_to_text(markdown).split("\n") == [
        "الباب الأول",
        "المادة 1",
        "يعاقب بالحبس كل من خالف أحكام المادة 5 من هذا القانون.",
        "البند الأول",
        "البند الثاني",
        "1. أولاً",
        "",
    ]


# --- Plain text ------------------------------------------------------------------------------------------


def test_form_feeds_split_a_text_file_into_pages(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    path.write_text("المادة 1\nنص\fالمادة 2\nنص\fالمادة 3\nنص", encoding="utf-8")

    assert read(path, "text") == ["المادة 1\nنص", "المادة 2\nنص", "المادة 3\nنص"]


def test_text_file_over_the_page_limit_is_refused_naming_both(tmp_path: Path, settings) -> None:
    settings.QANUN_MAX_PAGES = 10
    path = tmp_path / "law.txt"
    path.write_text("\f".join(f"صفحة {n}" for n in range(12)), encoding="utf-8")

    with pytest.raises(ExtractionError) as caught:
        read(path, "text")
    assert "12 pages" in caught.value.message
    assert "10" in caught.value.message


@pytest.mark.django_db
def test_windows_1256_text_is_stored_as_arabic(ingest: Ingest) -> None:
    text = "المادة 1\nتطبق أحكام هذا القانون على جميع العاملين.\n\nالمادة 2\nيلغى كل نص مخالف."

    document = ingest(text.encode("cp1256"), "law.txt")

    assert document.state == SourceDocument.State.DONE
    assert document.file_type == "text"
    assert document.text == text
    assert [p.number_value for p in document.provisions.filter(kind="article")] == ["1", "2"]


@pytest.mark.django_db
def test_damaged_utf16_text_fails_with_a_clear_error(ingest: Ingest) -> None:
    data = "المادة 1\nنص القانون".encode("utf-16") + b"\x00"  # cut in the middle of a character

    document = ingest(data, "law.txt")

    assert_failed_cleanly(document, "UTF-16", "damaged")
