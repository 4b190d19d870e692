"""Reads for the public home page: what the library holds, the latest proposals and laws. Public material only:
published laws, their articles, approved annotations made public, live proposals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from legislation.models import Law, Provision
from proposals.models import ProposalPage
from reviews.models import Annotation

__all__ = [
    "LibraryCounts",
    "latest_laws",
    "latest_proposals",
    "library_counts",
    "live_proposals",
    "plain_intro",
    "search_url",
]


@dataclass(frozen=True)
class LibraryCounts:
    laws: int
    articles: int
    annotations: int
    proposals: int


def live_proposals() -> Any:
    """Live, unrestricted proposal pages about published laws (every language). A proposal whose law was
    unpublished after it went live is not public (its page answers 404)."""
    return ProposalPage.objects.live().public().filter(law__published=True)


def library_counts() -> LibraryCounts:

    proposals = live_proposals()
    return LibraryCounts(
        laws=Law.objects.filter(published=True).count(),
        articles=Provision.objects.filter(law__published=True, kind=Provision.Kind.ARTICLE).count(),
        annotations=Annotation.objects.filter(live=True, public=True, law__published=True).count(),
        # A proposal and its translation are one proposal.
        proposals=proposals.values("translation_key").distinct().count() if proposals is not None else 0,
    )


def latest_proposals(language: str, limit: int = 5) -> list[Any]:
    """The latest live proposals in ``language``, newest first."""
    proposals = live_proposals()
    if proposals is None:
        return []
    return list(
        proposals.filter(locale__language_code=language)
        .select_related("law")
        .order_by("-first_published_at", "-pk")[:limit]
    )


def latest_laws(limit: int = 5) -> list[Law]:
    return list(Law.objects.filter(published=True).order_by("-created_at", "-pk")[:limit])


def search_url() -> str:
    """The public search page of the current language (the search app's), or its conventional address."""
    try:
        return reverse("search:search")
    except NoReverseMatch:
        return reverse("wagtail_serve", args=[""]) + "search/"


def plain_intro(rich_text: str, words: int = 40) -> str:
    return Truncator(strip_tags(rich_text or "").strip()).words(words)
