"""Every absolute link the site writes is under SITE_URL, never under the Host header of the request: a request
for evil.example (an allowed host here, as a misconfigured proxy would let through) finds no evil.example in the
feeds, the sitemap, robots.txt, the search API, the pages' canonical and citation addresses, or the annotation
export; the default Wagtail Site follows SITE_URL; a malformed SITE_URL stops the start-up with a message."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Page, Site

from config.settings import _site_url
from legislation.citations import law_path
from tests.proposals.conftest import draft_proposal, publish
from tests.search.pages_fixtures import index_everything
from website.home_pages import default_site_follow_site_url

pytestmark = pytest.mark.django_db

SITE = "https://qanun.example.org"
EVIL = "evil.example"
hostile = override_settings(ALLOWED_HOSTS=[EVIL, "testserver"], SITE_URL=SITE, QANUN_TWO_FACTOR_REQUIRED=False)


def get(client, url: str, **params: str):
    response = client.get(url, params, headers={"host": EVIL})
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    assert EVIL not in body, url
    return body


def addresses(body: str) -> list[str]:
    return re.findall(r"""(?:https?:)?//[^\s"'<>]+""", body)


def assert_all_under_site(urls: list[str]) -> None:
    assert urls
    for url in urls:
        assert url.startswith(SITE + "/") or url.startswith(("http://www.w3.org/", "https://www.w3.org/")), url


@hostile
def test_the_feeds_link_under_site_url(client, library) -> None:
    proposal = publish(draft_proposal(library.law, title="Decriminalise false news", slug="feed-host"))

    for url in ("/feeds/proposals.atom", "/feeds/proposals.rss", "/ar/feeds/proposals.atom"):
        body = get(client, url)
        links = re.findall(
            r"<link>([^<]+)</link>|<link [^>]*href=\"([^\"]+)\"|<id>([^<]+)</id>|<guid[^>]*>([^<]+)<", body
        )
        assert_all_under_site([next(part for part in link if part) for link in links])
    assert f"{SITE}{proposal.url}" in get(client, "/feeds/proposals.atom")


@hostile
def test_the_sitemap_and_robots_txt_link_under_site_url(client, library) -> None:
    xml = get(client, "/sitemap.xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", xml) + re.findall(r'href="([^"]+)"', xml)
    assert_all_under_site(locations)
    assert f"<loc>{SITE}/laws/legislative-decree/2020/10/</loc>" in xml
    assert f"<loc>{SITE}/</loc>" in xml and f"<loc>{SITE}/ar/</loc>" in xml

    assert f"Sitemap: {SITE}/sitemap.xml" in get(client, "/robots.txt")


@hostile
def test_the_search_api_links_under_site_url(client, library) -> None:
    index_everything()
    for url in ("/api/search/",):
        response = client.get(url, {"q": "نفسية"}, headers={"host": EVIL})
        data = response.json()
        assert data["hits"], data
        assert all(hit["url"].startswith(SITE + "/laws/") for hit in data["hits"])
        assert EVIL not in response.content.decode()


@hostile
def test_the_public_pages_canonical_and_citation_addresses_are_under_site_url(client, library) -> None:
    path = law_path(library.law)
    body = get(client, path)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', body).group(1)
    assert canonical == SITE + path
    assert re.search(r'<meta property="og:url" content="' + re.escape(SITE + path), body)
    assert f">{SITE}/laws/legislative-decree/2020/10/</a>" in body  # «Cite as»
    home = get(client, "/")
    assert f'<link rel="canonical" href="{SITE}/">' in home


@hostile
def test_the_annotation_export_cites_addresses_under_site_url(client, admin_user, library) -> None:
    client.force_login(admin_user)
    body = get(client, reverse("reviews_export_jsonld", args=[library.law.pk]))
    assert_all_under_site([url for url in addresses(body) if "anno.jsonld" not in url])


def test_the_default_wagtail_site_follows_site_url(settings) -> None:
    settings.SITE_URL = SITE
    default_site_follow_site_url()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("qanun.example.org", 443)
    assert Page.objects.get(pk=site.root_page_id).get_full_url().startswith(SITE + "/")

    settings.SITE_URL = "http://127.0.0.1:8000"
    default_site_follow_site_url()
    assert Site.objects.values_list("hostname", "port").get(is_default_site=True) == ("127.0.0.1", 8000)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://qanun.example.org", "https://qanun.example.org"),
        ("https://Qanun.Example.org/", "https://qanun.example.org"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_site_url_is_scheme_host_and_port(value: str, expected: str) -> None:
    assert _site_url(value) == expected


@pytest.mark.parametrize(
    "value",
    ["qanun.example.org", "ftp://qanun.example.org", "https://", "https://qanun.example.org/qanun",
     "https://user:pw@qanun.example.org", "https://qanun.example.org?x=1", "https://qanun.example.org:99999"],
)  # fmt: skip
def test_a_malformed_site_url_stops_the_start_up_with_a_message(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be scheme, host and optional port"):
        _site_url(value)


@hostile
def test_the_proposal_pdf_names_the_configured_site_and_fetches_nothing(client, library, monkeypatch) -> None:
    """The PDF's masthead address comes from SITE_URL, and WeasyPrint may fetch nothing but data: URLs (a forged
    Host header, or an address in a proposal, must never make the server request anything)."""
    import weasyprint

    made: list[object] = []
    html = weasyprint.HTML

    def spy(*args, **kwargs):
        made.append(kwargs.get("url_fetcher"))
        return html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    proposal = publish(draft_proposal(library.law, title="Decriminalise false news", slug="pdf-host"))
    response = client.get(proposal.url + "pdf/", headers={"host": EVIL})
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert EVIL not in text and "qanun.example.org" in text
    (fetcher,) = made
    with pytest.raises(ValueError):
        fetcher.fetch(f"http://{EVIL}/style.css")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
