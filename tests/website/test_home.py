"""The home page: in English at / and Arabic at /ar/ (right to left), each linking to the other; what the library
holds counts public material only; a search box."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from tests.factories import make_law
from tests.website.conftest import Library, parse
from website.models import HomePage

pytestmark = pytest.mark.django_db


def count(html: str, name: str) -> int:
    marker = f'data-count="{name}"><strong>'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index("</strong>", start)])


def test_the_site_root_is_an_english_home_page_with_an_arabic_translation() -> None:
    english = Site.objects.get(is_default_site=True).root_page.specific
    arabic = english.get_translation(english.locale.__class__.objects.get(language_code="ar"))

    assert isinstance(english, HomePage) and english.locale.language_code == "en"
    assert isinstance(arabic.specific, HomePage) and arabic.live
    assert english.url == "/" and arabic.url == "/ar/"


def test_home_in_english_and_arabic_each_link_to_the_other(client) -> None:
    english = client.get("/")
    arabic = client.get("/ar/")

    assert english.status_code == arabic.status_code == 200
    assert parse(english.content).html_attrs == {"lang": "en", "dir": "ltr"}
    assert parse(arabic.content).html_attrs == {"lang": "ar", "dir": "rtl"}
    assert 'href="/ar/" hreflang="ar"' in english.content.decode()
    assert 'href="/" hreflang="en"' in arabic.content.decode()
    assert "قانون: التشريعات وحقوق الإنسان" in arabic.content.decode()


def test_home_counts_only_published_laws_and_public_findings(client, library: Library) -> None:
    make_law(published=False, number="11", title_en="Another draft law")
    html = client.get("/").content.decode()

    assert count(html, "laws") == 1
    assert count(html, "articles") == 4  # the published decree's articles; the unpublished ones not counted
    assert count(html, "annotations") == 1  # approved and public, on a published law
    assert count(html, "proposals") == 0


def test_home_has_a_search_box_and_lists_recent_published_laws_only(client, library: Library) -> None:
    html = client.get("/").content.decode()
    page = parse(html)

    assert 'role="search"' in html and 'name="q"' in html
    assert "/laws/legislative-decree/2020/10/" in page.links
    assert "/laws/legislative-decree/2021/99/" not in page.links
    assert library.hidden_law.title_en not in html


def test_every_public_page_has_a_skip_link_landmarks_and_sharing_metadata(client, library: Library) -> None:
    for url in ("/", "/ar/", "/laws/", "/laws/legislative-decree/2020/10/"):
        html = client.get(url).content.decode()
        assert '<a class="skip-link" href="#main">' in html, url
        assert '<main id="main"' in html and "<header" in html and "<footer" in html, url
        assert '<meta property="og:title"' in html and '<link rel="canonical"' in html, url
        assert 'hreflang="ar"' in html and 'hreflang="en"' in html, url
