"""/sitemap.xml: the live, public Wagtail pages of every language, and the published laws' library pages (each in
English and Arabic, with hreflang alternates)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page

from legislation.citations import law_path
from legislation.models import Law
from proposals.models import ProposalPage
from website.library import published_laws

__all__ = ["SITEMAPS", "LawSitemap", "LibrarySitemap", "PageSitemap", "SiteURLSitemap"]


class SiteURLSitemap(Sitemap):
    """Addresses under ``SITE_URL`` (its scheme and host), never the host or scheme the request came by."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteURLSitemap, WagtailSitemap):
    """Wagtail's sitemap lists the descendants of the Site's root page; the Arabic tree hangs from the root's
    translation beside it, so every translation of the root is taken."""

    def items(self) -> Any:

        root = self.get_wagtail_site().root_page
        paths = Q()
        for translated_root in root.get_translations(inclusive=True):
            paths |= Q(path__startswith=translated_root.path)
        pages = Page.objects.filter(paths).live().public()
        # A proposal is public only with its law.
        pages = pages.exclude(pk__in=ProposalPage.objects.filter(law__published=False).values("pk"))
        return pages.order_by("path").defer_streamfields().specific()

    def _urls(self, page: Any, protocol: str, domain: str) -> list[dict[str, Any]]:
        """Page addresses under ``SITE_URL`` (``protocol`` and ``domain`` come from it), as the library's are,
        whatever the Wagtail Site record's hostname and port say."""
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            url["location"] = urlunsplit((protocol, domain, parts.path, parts.query, parts.fragment))
        return urls


class LawSitemap(SiteURLSitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self) -> Any:
        return published_laws().order_by("pk")

    def location(self, law: Law) -> str:
        return law_path(law, language=translation.get_language())

    def lastmod(self, law: Law) -> Any:
        return law.updated_at


class LibrarySitemap(SiteURLSitemap):
    """The law library's list, in each language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["library:laws"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "library": LibrarySitemap, "laws": LawSitemap}
