"""The public law library: published laws only, filters, a law's page with its contents, citable article
addresses, public findings only, and the same page in the other language."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legislation.models import Law
from tests.factories import make_law
from tests.website.conftest import PUBLIC_MARKER, SECRET_MARKERS, Library, parse

pytestmark = pytest.mark.django_db

URL = "/laws/legislative-decree/2020/10/"


def test_the_list_shows_published_laws_only(client, library: Library) -> None:
    html = client.get("/laws/").content.decode()

    assert library.law.title_ar in html
    assert SECRET_MARKERS["hidden law title"] not in html
    assert URL in parse(html).links


def test_the_list_filters_by_kind_year_status_and_language(client, library: Library) -> None:
    make_law(kind="law", number="5", year=2011, status=Law.Status.REPEALED, title_ar="قانون الجمعيات")
    make_law(kind="law", number="6", year=2011, language="en", title_ar="", title_en="Press Law")

    def titles(query: str) -> set[str]:
        html = client.get(f"/laws/?{query}").content.decode()
        return {t for t in ("مرسوم تشريعي بشأن الجرائم", "قانون الجمعيات", "Press Law") if t in html}

    assert titles("") == {"مرسوم تشريعي بشأن الجرائم", "قانون الجمعيات", "Press Law"}
    assert titles("kind=law") == {"قانون الجمعيات", "Press Law"}
    assert titles("year=2020") == {"مرسوم تشريعي بشأن الجرائم"}
    assert titles("status=repealed") == {"قانون الجمعيات"}
    assert titles("language=en") == {"Press Law"}
    assert titles("kind=law&language=ar") == {"قانون الجمعيات"}
    assert titles("kind=nonsense") == titles("")  # an unknown value filters nothing
    html = client.get("/laws/?kind=law").content.decode()
    assert "2 laws" in html
    assert '<option value="2011">2011 (2)</option>' in html  # counts among laws of the chosen kind


def test_an_unpublished_law_is_not_found_at_any_address(client, library: Library) -> None:
    hidden = library.hidden_law

    assert client.get("/laws/legislative-decree/2021/99/").status_code == 404
    assert client.get("/ar/laws/legislative-decree/2021/99/").status_code == 404
    assert client.get(f"/laws/id/{hidden.pk}/").status_code == 404


def test_the_id_address_redirects_to_the_citable_address(client, library: Library) -> None:
    response = client.get(f"/laws/id/{library.law.pk}/")
    assert response.status_code == 301 and response["Location"] == URL
    arabic = client.get(f"/ar/laws/id/{library.law.pk}/")
    assert arabic["Location"] == "/ar" + URL


def test_a_law_without_number_is_served_at_its_id(client) -> None:
    law = make_law(number="", title_ar="دستور")

    response = client.get(f"/laws/id/{law.pk}/")
    assert response.status_code == 200 and "دستور" in response.content.decode()


def test_each_article_has_an_anchor_a_contents_link_and_a_citable_link(client, library: Library) -> None:
    page = parse(client.get(URL).content)

    for eid in ("chp_1__art_1", "chp_1__art_2", "chp_2__art_3", "chp_2__art_4"):
        assert eid in page.ids
        assert f"#{eid}" in page.links  # table of contents
        assert f"{URL}#{eid}" in page.links  # «Link» to cite it
    assert "chp_1" in page.ids and "#chp_1" in page.links  # chapters in the contents too
    assert "chp_1__art_2__para_1" not in page.ids  # paragraphs belong to their article


def test_an_article_shows_its_whole_text_with_its_paragraphs(client, library: Library) -> None:
    html = client.get(URL).content.decode()
    article = html[html.index('id="chp_1__art_2"') : html.index('id="chp_2"')]

    assert "لا يجوز توقيف أي شخص" in article
    assert "بموجب قرار صادر عن السلطة القضائية المختصة" in article and "في حالة الجرم المشهود" in article
    body = html[html.index('class="law-body"') - 5 : html.index('id="chp_1"')]
    assert 'lang="ar" dir="rtl"' in body  # the law's text reads right to left, whatever the interface


def test_the_law_page_shows_public_findings_and_nothing_else(client, library: Library) -> None:
    html = client.get(URL).content.decode()

    assert PUBLIC_MARKER in html
    first_article = html[html.index('id="chp_1__art_1"') : html.index('id="chp_1__art_2"')]
    assert PUBLIC_MARKER in first_article and "ICCPR-19" in first_article and "Incompatible" in first_article
    for marker in SECRET_MARKERS.values():
        assert marker not in html
    assert "Compliance summary" in html and "<svg" in html


def test_the_law_page_without_public_findings_has_no_chart(client) -> None:
    make_law()
    html = client.get(URL).content.decode()

    assert "Compliance summary" not in html and "<svg" not in html


def test_the_law_page_in_arabic_is_right_to_left_and_links_to_english(client, library: Library) -> None:
    response = client.get("/ar" + URL)
    page = parse(response.content)

    assert response.status_code == 200
    assert page.html_attrs == {"lang": "ar", "dir": "rtl"}
    assert URL in page.links  # the language switch: the same law in English
    assert f"/ar{URL}#chp_1__art_1" in page.links  # citable in the Arabic interface too
    html = response.content.decode()
    assert "غير متوافق" in html and "Incompatible" not in html  # the assessment in the interface language


def test_the_law_page_takes_the_same_few_queries_whatever_its_length(client, library: Library) -> None:
    long_text = "\n".join(f"المادة {n}\nنص المادة رقم {n} من القانون." for n in range(1, 121))
    make_law(number="77", text=long_text)

    with CaptureQueriesContext(connection) as short:
        client.get(URL)
    with CaptureQueriesContext(connection) as long:
        response = client.get("/laws/legislative-decree/2020/77/")
    assert response.content.decode().count('class="article"') == 120
    assert len(long) <= len(short) + 2, [q["sql"] for q in long.captured_queries]
