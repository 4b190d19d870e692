"""robots.txt and sitemap.xml."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from website.sitemaps import SITEMAPS

# Staff areas, the JSON API and search result pages (endless query combinations) are not for crawlers.
DISALLOWED = ("/admin/", "/django-admin/", "/documents/", "/api/", "/search/", "/ar/search/", "/i18n/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "Allow: /", ""]
    lines.append(f"Sitemap: {urljoin(settings.SITE_URL, '/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps=SITEMAPS)
