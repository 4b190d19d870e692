"""Template tags of the public site shell: the language switch (the same page in the other language), the
navigation, and the absolute addresses page metadata needs (canonical, hreflang, OpenGraph)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Locale

from legislation.citations import law_path
from proposals.models import ProposalIndexPage

__all__ = ["Alternate", "NavItem", "language_alternates", "public_nav"]

register = template.Library()


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str  # with the query string, for the switch
    path: str  # without it, for hreflang
    current: bool


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def _page_alternates(page: Any, request: HttpRequest) -> dict[str, str]:
    """The Wagtail page's live translations, by language code (its own language included)."""
    found: dict[str, str] = {}
    for locale in Locale.objects.all():
        if locale.pk == page.locale_id:
            found[locale.language_code] = page.get_url(request)
            continue
        other = page.get_translation_or_none(locale)
        if other is not None and other.live:
            found[locale.language_code] = other.get_url(request)
    return found


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> list[Alternate]:
    """Every interface language with the address of this page in it. On a Wagtail page, its translation (or
    that language's home page when it has none); elsewhere, the same view under the other language prefix."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    current = translation.get_language() or settings.LANGUAGE_CODE
    page = context.get("page")
    by_page = _page_alternates(page, request) if page is not None and hasattr(page, "get_translation_or_none") else {}
    query = request.META.get("QUERY_STRING", "")
    alternates = []
    for code, name in settings.LANGUAGES:
        if page is not None and by_page:
            path = url = by_page.get(code) or _home_url(code)
        else:
            path = url = translate_url(request.path, code)
            if query:
                url = f"{path}?{query}"
        alternates.append(Alternate(code=code, name=name, url=url, path=path, current=code == current))
    return alternates


def _home_url(language: str) -> str:
    with translation.override(language):
        return reverse("wagtail_serve", args=[""])


def _reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _proposals_url() -> str | None:
    """The live proposal index page of the current language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    index = (
        ProposalIndexPage.objects.live().filter(locale__language_code=language).first()
        or ProposalIndexPage.objects.live().filter(locale=Locale.get_default()).first()
    )
    return index.url if index is not None else None


@register.simple_tag(takes_context=True)
def public_nav(context: template.Context) -> list[NavItem]:
    """Home, Laws, Proposals, Search: the links that exist, the current section marked."""
    request: HttpRequest | None = context.get("request")
    path = request.path if request is not None else ""
    home = _home_url(translation.get_language() or settings.LANGUAGE_CODE)
    items: list[tuple[str, str | None]] = [
        (translation.gettext("Home"), home),
        (translation.gettext("Laws"), _reverse_or_none("library:laws")),
        (translation.gettext("Proposals"), _proposals_url()),
        (translation.gettext("Search"), _reverse_or_none("search:search")),
    ]
    nav = []
    for label, url in items:
        if not url:
            continue
        current = path == url if url == home else path.startswith(url)
        nav.append(NavItem(label=label, url=url, current=current))
    return nav


@register.simple_tag
def absolute(url: str) -> str:
    """An absolute address for metadata (canonical, hreflang, og:url) and citations: under ``SITE_URL``, never
    the host a request named (a forged Host header must not end up in a page a cache keeps)."""
    if url.startswith(("http://", "https://")):
        return url
    return urljoin(settings.SITE_URL, url)


@register.simple_tag(takes_context=True)
def page_meta(context: template.Context) -> dict[str, str]:
    """Title, description and OpenGraph type for sharing: from the context (``meta_title``,
    ``meta_description``, ``meta_type``), else from a Wagtail page (SEO title, search description), else the
    site's own."""
    page = context.get("page")
    title = context.get("meta_title") or getattr(page, "seo_title", "") or getattr(page, "title", "")
    description = context.get("meta_description") or getattr(page, "search_description", "")
    return {
        "title": str(title or translation.gettext("Qanun")),
        "description": str(
            description
            or translation.gettext(
                "A public knowledge base reviewing national legislation against international human-rights standards."
            )
        ),
        "type": str(context.get("meta_type") or "website"),
    }


@register.filter
def law_url(law: Any) -> str:
    """A published law's public page in the current interface language."""

    return law_path(law, language=translation.get_language())


@register.filter
def citation(law: Any) -> str:
    """«Law No. 17 of 2010» in the interface language, the number isolated so an Arabic one («أ/90») keeps its
    order inside an English sentence."""

    if not law.number:
        return str(law.citation)
    values = {"kind": law.get_kind_display(), "number": "\ufff9", "year": law.year}
    pattern = "%(kind)s No. %(number)s of %(year)s" if law.year else "%(kind)s No. %(number)s"
    before, _, after = (translation.gettext(pattern) % values).partition("\ufff9")
    return format_html("{}<bdi>{}</bdi>{}", before, law.number, after)


@register.filter
def iri(path: str) -> str:
    """A percent-encoded path as people read it (``/laws/constitution/1992/أ-90/``)."""

    return unquote(path)
