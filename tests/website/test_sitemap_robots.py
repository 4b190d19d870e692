"""sitemap.xml lists live pages of both languages and published laws only; robots.txt points to it and keeps
crawlers out of the staff areas."""

from __future__ import annotations

import pytest

from tests.website.conftest import Library

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_home_pages_the_library_and_published_laws_only(client, library: Library) -> None:
    response = client.get("/sitemap.xml")
    xml = response.content.decode()

    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    for path in ("/", "/ar/", "/laws/", "/ar/laws/", "/laws/legislative-decree/2020/10/"):
        assert f"<loc>http://127.0.0.1:8000{path}</loc>" in xml, path
    assert 'hreflang="ar" href="http://127.0.0.1:8000/ar/laws/legislative-decree/2020/10/"' in xml
    assert "/2021/99/" not in xml and f"/laws/id/{library.hidden_law.pk}/" not in xml


def test_the_sitemap_leaves_out_unpublished_pages(client) -> None:
    from wagtail.models import Page

    home = Page.objects.get(url_path="/home/")
    draft = home.add_child(instance=Page(title="Draft page", slug="draft-page", live=False))

    xml = client.get("/sitemap.xml").content.decode()
    assert "/draft-page/" not in xml
    draft.save_revision().publish()
    assert "/draft-page/" in client.get("/sitemap.xml").content.decode()


def test_robots_txt_names_the_sitemap_and_keeps_out_the_admin(client) -> None:
    response = client.get("/robots.txt")
    text = response.content.decode()

    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /api/" in text
    assert "Disallow: /laws/" not in text
