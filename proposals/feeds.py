"""Atom and RSS feeds of published proposals, one per language (``/feeds/proposals.atom``,
``/ar/feeds/proposals.atom``): live, unrestricted proposals of published laws only, newest first."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from proposals.models import ProposalIndexPage, ProposalPage
from proposals.selectors import public_proposals

__all__ = ["ProposalsAtomFeed", "ProposalsRssFeed"]

LIMIT = 50


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
        return self.request.build_absolute_uri(index.get_url(self.request) if index is not None else "/")

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
        # On the host the feed was asked from (as the sitemap does), not the Site record's placeholder hostname.
        return self.request.build_absolute_uri(item.get_url(self.request))

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
