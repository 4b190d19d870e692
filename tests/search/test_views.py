"""The search pages with real indexed laws: the public page in Arabic and English (grouped results, marked
passages, citable links, facets as filters, sort, pages, CSV), similar provisions, malformed queries and an
engine that is down; the staff page in the admin (everything, with review status), refused without permission."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from html import unescape
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone

from legislation.models import Law
from search import views
from search.models import PendingUpdate

if TYPE_CHECKING:
    from tests.search.pages_fixtures import Library

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.search.pages_fixtures"]  # pages_library, pages_staff


def text_of(response) -> str:
    """The page's visible text, tags removed, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def facet_count(html: str, name: str, value: str) -> int | None:
    """The count a facet checkbox shows beside its value, or None when the value is not offered."""
    found = re.search(
        rf'name="{name}" value="{re.escape(value)}"[^>]*>\s*<span[^>]*><bdi>[^<]*</bdi></span> '
        r'<span class="qs-facet__count">(\d+)</span>',
        html,
    )
    return int(found.group(1)) if found else None


def article_pk(law: Law, eid: str) -> int:
    return law.provisions.get(eid=eid).pk


def test_an_arabic_query_on_the_arabic_page_lists_articles_under_their_law_with_marked_words(
    client, pages_library: Library
) -> None:
    response = client.get("/ar/search/", {"q": "حرية التعبير"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    groups = re.findall(r'<li class="qs-group">(.*?)</ol>\s*</li>', html, flags=re.S)
    assert groups, html
    first = groups[0]
    assert "دستور الجمهورية العربية السورية" in first
    # Article 42 links to its citable address, in the Arabic interface.
    assert f'href="/ar/laws/id/{pages_library.constitution.pk}/#art_42"' in first
    assert "المادة 42" in first
    assert "<mark>حرية</mark>" in first
    assert "أحكام مشابهة" in first  # "Similar provisions"
    # What the index keeps in English is named in the interface language: the citation, the annotation's title.
    assert "دستور لعام 2012" in first and "Constitution of 2012" not in first
    assert "غير متوافق: المادة 42" in first
    assert reverse("search:similar", args=[f"provision:{article_pk(pages_library.constitution, 'art_42')}"]) in first
    assert 'aria-live="polite"' in html
    # The public annotation on article 42 matches too, under the same law (one group per law).
    assert html.count("دستور الجمهورية العربية السورية</a>") == 1


def test_an_english_query_on_the_english_page(client, pages_library: Library) -> None:
    response = client.get("/search/", {"q": "freedom of expression"})
    assert response.status_code == 200
    page = text_of(response)
    assert "Universal Declaration of Human Rights" in page
    assert "Article 19" in page
    assert '<html lang="en" dir="ltr">' in response.content.decode()
    assert 'href="/laws/decision/1948/217/#art_19"' in response.content.decode()
    assert re.search(r"<mark>[Ff]reedom</mark>", response.content.decode())


def test_fields_narrow_the_results(client, pages_library: Library) -> None:
    assert "المادة 53" in text_of(client.get("/ar/search/", {"q": "تعذيب year:2012"}))
    page = text_of(client.get("/search/", {"q": "تعذيب year:1990..2000"}))
    assert "No results" in page and "Article 53" not in page
    assert "Article 19" in text_of(client.get("/search/", {"q": "expression kind:decision"}))
    assert "No results" in text_of(client.get("/search/", {"q": "expression kind:constitution"}))


def test_facets_are_checkbox_filters_with_counts_and_ticking_one_narrows_the_results(
    client,
    pages_library: Library,
) -> None:
    response = client.get("/search/", {"q": "حرية"})
    html = response.content.decode()
    total = int(re.search(r'id="qs-count"[^>]*>(\d+) results', html).group(1))
    # The public annotation (ICCPR-19, expression) counts, for itself and for article 42 it is about; the draft's
    # standard (ICCPR-7) and tag never show.
    assert facet_count(html, "standard", "ICCPR-19") == 2
    assert 'value="ICCPR-7"' not in html and 'value="torture"' not in html
    annotations = facet_count(html, "type", "annotation")
    assert annotations == 1 and total > annotations

    filtered = client.get("/search/", {"q": "حرية", "type": "annotation"})
    html = filtered.content.decode()
    assert re.search(r'id="qs-count"[^>]*>1 result', html)
    assert re.search(r'name="type" value="annotation" checked', html)
    assert "Incompatible" in text_of(filtered)  # the annotation's own title
    # Two values of one facet: either.
    both = client.get("/search/", {"q": "حرية", "type": ["annotation", "provision"]}).content.decode()
    assert re.search(rf'id="qs-count"[^>]*>{total} results', both)


def test_pages_of_results_with_numbers_and_previous_and_next(client, pages_library: Library) -> None:
    first = client.get("/search/", {"q": "الدولة"})
    html = first.content.decode()
    total = int(re.search(r'id="qs-count"[^>]*>(\d+) results', html).group(1))
    assert total > 20
    assert '<span aria-current="page" class="qs-pages__current">1</span>' in html
    assert 'rel="next"' in html and 'href="?q=%D8%A7%D9%84%D8%AF%D9%88%D9%84%D8%A9&amp;page=2"' in html
    second = client.get("/search/", {"q": "الدولة", "page": "2"}).content.decode()
    assert '<span aria-current="page" class="qs-pages__current">2</span>' in second
    assert 'rel="prev"' in second
    assert "(21–" in text_of(client.get("/search/", {"q": "الدولة", "page": "2"}))
    keys_1 = set(re.findall(r'href="(/laws/[^"]+#[^"]+)"', html))
    keys_2 = set(re.findall(r'href="(/laws/[^"]+#[^"]+)"', second))
    assert keys_1 and keys_2 and not keys_1 & keys_2
    # A page past the last one shows the last one, not an empty list.
    last = client.get("/search/", {"q": "الدولة", "page": "99"}).content.decode()
    assert 'class="qs-pages__current">' in last and 'class="qs-group"' in last


def test_sort_by_date_puts_the_newest_law_first(client, pages_library: Library) -> None:
    query = "freedom OR حرية"
    by_relevance = client.get("/search/", {"q": query}).content.decode()
    by_date = client.get("/search/", {"q": query, "sort": "date"}).content.decode()
    titles = re.findall(r'<h3 class="qs-group__title"><a [^>]*>([^<]+)</a>', by_date)
    assert titles[0] == "دستور الجمهورية العربية السورية"  # 2012 before 1948
    assert '<option value="date" selected>' in by_date
    assert '<option value="relevance" selected>' in by_relevance


def test_a_malformed_query_is_explained_on_the_page_with_where(client, pages_library: Library) -> None:
    response = client.get("/search/", {"q": "حرية OR"})
    assert response.status_code == 200
    page = text_of(response)
    assert "The search could not be understood." in page
    assert "OR needs something on each side" in page
    assert "at character 6" in page
    assert 'role="alert"' in response.content.decode()
    arabic = client.get("/ar/search/", {"q": '"حرية التعبير'})
    assert arabic.status_code == 200
    assert "تعذّر فهم البحث" in text_of(arabic)
    assert "فُتحت علامة اقتباس ولم تُغلق" in text_of(arabic)  # the message itself in Arabic too


def test_an_engine_that_is_down_is_said_plainly(client, pages_library: Library, settings) -> None:
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/search/", {"q": "حرية"})
    assert response.status_code == 503
    assert "Search is unavailable at the moment." in text_of(response)
    assert "Traceback" not in response.content.decode()
    arabic = client.get("/ar/search/", {"q": "حرية"})
    assert "البحث غير متاح حالياً." in text_of(arabic)


def test_the_page_says_when_the_index_is_catching_up(client, pages_library: Library) -> None:
    PendingUpdate.objects.create(key=f"law:{pages_library.udhr.pk}", queued_at=timezone.now() - timedelta(minutes=2))
    page = text_of(client.get("/search/", {"q": "حرية"}))
    assert "The search index is catching up with recent changes" in page


def test_the_public_never_sees_an_unpublished_law_even_signed_in_as_staff(
    client, pages_library: Library, pages_staff
) -> None:
    for who in (None, pages_staff):
        if who:
            client.force_login(who)
        page = client.get("/ar/search/", {"q": "المحاماة"})
        assert "لا نتائج" in text_of(page)
        assert "مهنة المحاماة" not in page.content.decode()
        export = client.get("/search/export.csv", {"q": "المحاماة"})
        csv_text = b"".join(export.streaming_content).decode("utf-8-sig")
        assert list(csv.reader(io.StringIO(csv_text)))[1:] == []
    profession_article = article_pk(pages_library.profession, "art_8")
    assert client.get(f"/search/similar/provision:{profession_article}/").status_code == 404


def test_csv_export_has_a_byte_order_mark_plain_snippets_and_citable_addresses(client, pages_library: Library) -> None:
    response = client.get("/search/export.csv", {"q": "حرية التعبير"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["law", "citation", "article", "number", "url", "snippet", "score"]
    article_42 = next(row for row in rows[1:] if row[3] == "42")
    assert article_42[0] == "دستور الجمهورية العربية السورية"
    # Under SITE_URL, never the request's host (tests/search/test_csv_injection.py asks with a hostile one).
    assert article_42[4] == f"http://127.0.0.1:8000/laws/id/{pages_library.constitution.pk}/#art_42"
    assert "حرية" in article_42[5] and "<mark>" not in article_42[5] and "&" not in article_42[5]
    assert float(article_42[6]) > 0
    # The page offers it with the same query.
    page = client.get("/search/", {"q": "حرية التعبير", "type": "provision"}).content.decode()
    assert (
        'href="/search/export.csv?q=%D8%AD%D8%B1%D9%8A%D8%A9+%D8%A7%D9%84%D8%AA%D8%B9%D8%A8%D9%8A%D8%B1&amp;type=provision"'
        in page
    )


def test_csv_export_is_capped_and_says_so(client, pages_library: Library, monkeypatch) -> None:
    monkeypatch.setattr(views, "CSV_LIMIT", 3)
    monkeypatch.setattr(views, "CSV_BATCH", 2)
    body = b"".join(client.get("/search/export.csv", {"q": "الدولة"}).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 1 + 3 + 1
    assert rows[-1][0].startswith("# Only the first 3 of ")


def test_similar_provisions_come_from_other_laws(client, pages_library: Library) -> None:
    # The constitution's article 48 (nationality is regulated by law) is most like the Nationality Law's articles.
    key = f"provision:{article_pk(pages_library.constitution, 'art_48')}"
    response = client.get(f"/ar/search/similar/{key}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "أحكام مشابهة" in html and "المادة 48" in text_of(response)
    assert "دستور لعام 2012" in text_of(response)
    listed = re.findall(r'<h3 class="qs-group__title">(.*?)</h3>', html, flags=re.S)
    assert listed and "قانون الجنسية العربية السورية" in listed[0]
    assert all("دستور" not in group and "المحاماة" not in group for group in listed)
    assert 'href="/ar/laws/legislative-decree/1969/276/#art_' in html
    assert client.get("/search/similar/nonsense/").status_code == 404
    assert client.get(f"/search/similar/law:{pages_library.profession.pk}/").status_code == 404


def test_the_staff_page_finds_unpublished_laws_and_drafts_with_their_status(
    client, pages_library: Library, pages_staff
) -> None:
    client.force_login(pages_staff)
    response = client.get("/admin/search-corpus/", {"q": "المحاماة"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "قانون تنظيم مهنة المحاماة" in html
    assert "Not published" in text_of(response)
    assert f'href="{pages_library.profession.get_admin_url()}"' in html
    assert reverse("reviews_workspace", args=[pages_library.profession.pk]) in html
    export = client.get("/admin/search-corpus/export.csv", {"q": "المحاماة"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) > 2 and {row[0] for row in rows[1:]} == {"قانون تنظيم مهنة المحاماة"}
    # The draft annotation and its staff-only facet values.
    drafts = client.get("/admin/search-corpus/", {"q": "التعذيب"})
    assert 'value="ICCPR-7"' in drafts.content.decode()
    assert "Draft" in text_of(drafts)
    # The admin menu offers it.
    assert '"url": "/admin/search-corpus/"' in client.get("/admin/").content.decode()


def test_the_staff_page_is_refused_without_the_permission(client, pages_library: Library, django_user_model) -> None:
    assert client.get("/admin/search-corpus/").status_code == 302  # to the login
    from tests.legislation.helpers import staff_user

    client.force_login(staff_user("no-laws"))
    assert client.get("/admin/search-corpus/", {"q": "المحاماة"}).status_code in {302, 403}
    assert client.get("/admin/search-corpus/export.csv", {"q": "المحاماة"}).status_code in {302, 403}
    assert "/admin/search-corpus/" not in client.get("/admin/").content.decode()


def test_an_empty_search_page_shows_the_box_and_no_results(client, db) -> None:
    response = client.get("/ar/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="qs-q"' in html and 'id="qs-q"' in html
    assert 'class="qs-group"' not in html


@pytest.mark.parametrize(
    "url",
    [
        "/search/?law=²",
        "/search/?q=law:²",
        "/search/?year=²",
        "/search/?law=99999999999999999999",
        "/search/?q=law:99999999999999999999",
        "/search/?standard=%00",
        "/search/?kind=%00",
        "/search/export.csv?year=²",
        "/laws/?year=²",
        "/laws/?subject=%00",
    ],
)
def test_odd_numbers_and_control_characters_never_break_a_page(client, pages_library: Library, url: str) -> None:
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/api/search/?law=²", "/api/search/similar/provision:1/?limit=²"])
def test_the_api_refuses_odd_numbers_with_a_message(client, pages_library: Library, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and "error" in response.json()


def test_a_record_key_with_a_trailing_newline_is_no_record(client, pages_library: Library) -> None:
    assert client.get("/search/similar/provision:1%0A/").status_code == 404
