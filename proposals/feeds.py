"""Atom and RSS feeds of published proposals, one per language (``/feeds/proposals.atom``,
``/ar/feeds/proposals.atom``): live, unrestricted proposals of published laws only, newest first.

Every address in them (the feed's own, its link, each entry's link and id) is under ``SITE_URL``: Django's
syndication would otherwise take the host from the request (``get_current_site`` without the sites framework is
the request's Host header), and a feed reader or cache would keep a forged one."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from proposals.models import ProposalIndexPage, ProposalPage
from proposals.selectors import public_proposals

__all__ = ["ProposalsAtomFeed", "ProposalsRssFeed"]

LIMIT = 50


def _site_url(path: str) -> str:
    return urljoin(settings.SITE_URL, path)


def _page_url(page: Any, request: HttpRequest) -> str:
    """A page's address under ``SITE_URL``: its path within the site, whatever the Site record's hostname."""
    parts = page.get_url_parts(request)
    return _site_url(parts[2] if parts else "/")


class ProposalsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpRequest:
        self.request = request
        self.language = translation.get_language() or "en"
        return request

    def title(self) -> str:
        return _("Qanun: reform proposals")

    def description(self) -> str:
        return _("Proposals to reform legislation so that it meets international human-rights standards.")

    def link(self) -> str:
        index = ProposalIndexPage.objects.live().public().filter(locale__language_code=self.language).first()
        return _page_url(index, self.request) if index is not None else _site_url("/")

    def feed_url(self) -> str:
        return _site_url(self.request.path)

    def items(self) -> list[ProposalPage]:
        return list(
            public_proposals()
            .filter(locale__language_code=self.language)
            .select_related("law")
            .order_by("-first_published_at", "-pk")[:LIMIT]
        )

    def item_title(self, item: ProposalPage) -> str:
        return item.title

    def item_description(self, item: ProposalPage) -> str:
        return item.summary

    def item_link(self, item: ProposalPage) -> str:
        return _page_url(item, self.request)

    def item_pubdate(self, item: ProposalPage) -> Any:
        return item.first_published_at

    def item_updateddate(self, item: ProposalPage) -> Any:
        return item.last_published_at

    def item_categories(self, item: ProposalPage) -> list[str]:
        return [str(item.law.citation), str(item.get_proposal_status_display())]


class ProposalsAtomFeed(ProposalsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
