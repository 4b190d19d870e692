"""What every search engine offers, and the shapes of a request and its results.

A backend translates a ``SearchRequest`` (the parsed query tree of ``search.query`` plus the facet filters chosen
on a page) into its own query, with the audience applied inside that query: for ``public`` only records with
``public=True`` are matched, and facets are counted and filtered on the public facet values (``standards``,
``assessments``, ``tags``), never on the staff ones. Staff queries read ``staff_standards`` and the like.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

from search.documents import SearchRecord
from search.query import Node

__all__ = [
    "FACETS",
    "Backend",
    "EngineUnavailable",
    "FacetValue",
    "Hit",
    "SearchRequest",
    "SearchResults",
]

Audience = Literal["public", "staff"]
# Facets counted for every result list, in the order pages show them. ``type`` is the record kind (law,
# provision, annotation, proposal); ``kind`` the law's kind; the last three come from annotations.
FACETS = ("type", "kind", "year", "status", "standard", "assessment", "tag")


class EngineUnavailable(RuntimeError):
    """The engine cannot be reached or refused the request; writes wait in the queue and are retried."""


@dataclass(frozen=True)
class SearchRequest:
    query: Node | None  # None: everything (that the audience may see), filtered by ``filters``
    audience: Audience = "public"
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet name -> values (OR within a facet)
    sort: Literal["relevance", "date"] = "relevance"
    offset: int = 0
    limit: int = 20
    with_facets: bool = True
    with_highlights: bool = True


@dataclass
class Hit:
    key: str
    kind: str
    score: float
    title: str
    snippet: str  # HTML: the text escaped, matching words in <mark>, whole words only; cut at word boundaries
    url: str
    language: str
    law_id: int | None
    law_title: str
    law_citation: str
    provision: str
    number: str
    year: int | None
    date: date | None
    status: str


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]  # name -> values by count (highest first), then value
    lagging: bool = False  # the index has updates waiting (the page says it is catching up)


class Backend(Protocol):
    name: str

    def check(self) -> None:
        """Raise ``EngineUnavailable`` when the engine cannot serve."""

    def index(self, records: Iterable[SearchRecord]) -> int:
        """Add or replace these records (by key); returns how many were written."""

    def delete(self, keys: Sequence[str]) -> None:
        """Remove these records; a key not in the index is no error."""

    def search(self, request: SearchRequest) -> SearchResults: ...

    def similar(self, key: str, *, audience: Audience, limit: int = 10) -> list[Hit]:
        """The records most like this one (an article: articles of other laws), within what the audience sees."""

    def rebuild(self, keys: Iterable[str], *, total: int, progress: Callable[[int], None]) -> int:
        """Build a new index from ``search.documents.records`` of every key and swap it in at the end, so
        searches go on against the old one meanwhile; returns how many records were indexed."""
