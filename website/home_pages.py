"""The home pages every installation starts with: English (the Site's root) and its Arabic translation.

The data migration builds them on ``migrate``; ``ensure_home_pages()`` builds them again where a test flushed the
database (live-server tests) or a command starts from an empty one. Same titles and texts in both places."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

__all__ = ["HOME_PAGES", "default_site_follow_site_url", "ensure_home_pages", "site_record_address"]

# (language, title, slug, introduction as rich text)
HOME_PAGES: tuple[tuple[str, str, str, str], ...] = (
    (
        "en",
        "Qanun: legislation and human rights",
        "home",
        "<p>Qanun reviews national legislation, mostly Syrian, against international human-rights standards, "
        "article by article, and publishes proposals to reform it. Read the laws, what our researchers found in "
        "them, and what we propose.</p>",
    ),
    (
        "ar",
        "قانون: التشريعات وحقوق الإنسان",
        "home-ar",
        "<p>يراجع «قانون» التشريعات الوطنية، السورية في معظمها، في ضوء المعايير الدولية لحقوق الإنسان، مادةً "
        "مادة، وينشر مقترحات لإصلاحها. اقرأ القوانين، وما وجده باحثونا فيها، وما نقترحه.</p>",
    ),
)


def ensure_home_pages() -> None:
    """Locales, the page tree's root, the English home page as the default Site's root and its Arabic
    translation; what exists is kept."""
    from wagtail.models import Locale, Page, Site

    from website.models import HomePage

    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code, *_rest in HOME_PAGES}
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales["en"]))
    key = uuid.uuid4()
    existing = HomePage.objects.filter(locale=locales["en"]).first()
    if existing is not None:
        key = existing.translation_key
    for code, title, slug, intro in HOME_PAGES:
        if HomePage.objects.filter(locale=locales[code]).exists():
            continue
        root.refresh_from_db()
        root.add_child(
            instance=HomePage(title=title, slug=slug, intro=intro, locale=locales[code], translation_key=key)
        )
    english = HomePage.objects.get(locale=locales["en"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = site_record_address()
        Site.objects.create(hostname=hostname, port=port, root_page=english, is_default_site=True)
    elif site.root_page_id != english.pk:
        site.root_page = english
        site.save()
    default_site_follow_site_url()
    Site.clear_site_root_paths_cache()


def site_record_address() -> tuple[str, int]:
    """The Wagtail Site record's hostname and port for ``SITE_URL``: its port, else 443 for https and 80 for http
    (Wagtail reads 443 as https and any other port as http, so an https site on another port keeps that port
    but Wagtail's own ``root_url`` would say http; the site's links come from ``SITE_URL`` itself)."""
    parts = urlsplit(settings.SITE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def default_site_follow_site_url() -> None:
    """The default Site record's hostname and port set from ``SITE_URL`` (after every ``migrate``), so that
    Wagtail's full URLs (``page.get_full_url``, its e-mails, the sitemap's alternates) name the configured site."""
    from wagtail.models import Site

    hostname, port = site_record_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
        Site.clear_site_root_paths_cache()


def install_after_migrate(app_config: Any = None, **kwargs: Any) -> None:
    """post_migrate (website's): the default Site follows SITE_URL whenever the database is migrated."""
    default_site_follow_site_url()
