"""The search parameters of the pages, the CSV export, the JSON API and the command line, read from a query string.

``?q=حرية التعبير&type=provision&kind=law&kind=decree&year=2010&sort=date&page=2`` becomes a ``SearchParams``:
the query text, the facet filters (a facet given several times means any of its values), the sort and the page.
Nonsense is never an error on a page (an unknown sort is relevance, a bad page is the first one); the API asks
``problems()`` and answers 400 instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, get_args
from urllib.parse import urlencode

from django.http import QueryDict

from search.backends.base import FACETS
from text.normalise import strip_controls, whole_number

__all__ = [
    "FILTERS",
    "MAX_PAGE_DEPTH",
    "MAX_PER_PAGE",
    "PER_PAGE",
    "RECORD_KEY",
    "RECORD_TYPES",
    "SORTS",
    "RecordType",
    "SearchParams",
    "Sort",
    "parse_params",
]

# Facet filters a request may carry: the facets, plus ``law`` (a law's id), which has no facet of its own.
FILTERS: tuple[str, ...] = (*FACETS, "law")
Sort = Literal["relevance", "date"]
SORTS: tuple[Sort, ...] = get_args(Sort)
PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE_DEPTH = 10_000  # no result beyond the first 10,000 is reachable by paging (Elasticsearch's window)
MAX_VALUES = 20  # values per filter
MAX_VALUE_LENGTH = 100
RecordType = Literal["provision", "law", "annotation", "proposal"]
RECORD_TYPES: tuple[RecordType, ...] = get_args(RecordType)
RECORD_KEY = re.compile(r"^(law|provision|annotation|proposal):[0-9]{1,12}\Z")  # «provision:123»


@dataclass(frozen=True)
class SearchParams:
    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    problems: tuple[str, ...] = ()  # what was wrong with the parameters (the pages ignore it, the API refuses)

    @property
    def asked(self) -> bool:
        """Did the person ask anything (a query or a filter)? An empty form shows no results."""
        return bool(self.text or self.filters)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def selected(self, facet: str, value: str) -> bool:
        return value in self.filters.get(facet, ())

    def query_items(self, *, page: int | None = None, sort: str | None = None) -> list[tuple[str, str]]:
        """The parameters as they go in a link (defaults left out), in a stable order."""
        items: list[tuple[str, str]] = []
        if self.text:
            items.append(("q", self.text))
        for name in FILTERS:
            items.extend((name, value) for value in self.filters.get(name, ()))
        sort = sort or self.sort
        if sort != "relevance":
            items.append(("sort", sort))
        if self.per_page != PER_PAGE:
            items.append(("per_page", str(self.per_page)))
        page = self.page if page is None else page
        if page > 1:
            items.append(("page", str(page)))
        return items

    def querystring(self, *, page: int | None = None, sort: str | None = None) -> str:
        """``?q=…&type=…``: the same search on another page (or sorted otherwise); empty when nothing is set."""
        items = self.query_items(page=page, sort=sort)
        return "?" + urlencode(items) if items else ""

    def with_page(self, page: int) -> SearchParams:
        return replace(self, page=page)


def _integer(raw: str | None, default: int, *, name: str, low: int, high: int, problems: list[str]) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        problems.append(f"{name} must be a whole number, not «{raw}».")
        return default
    if not low <= value <= high:
        problems.append(f"{name} must be between {low} and {high}.")
        return min(max(value, low), high)
    return value


def parse_params(query: QueryDict | Mapping[str, list[str]], *, per_page: int = PER_PAGE) -> SearchParams:
    """Read the search parameters from a query string (``request.GET``)."""

    def values(name: str) -> list[str]:
        if isinstance(query, QueryDict):
            return query.getlist(name)
        return list(query.get(name, []))

    problems: list[str] = []
    text = " ".join((values("q") or [""])[0].split())
    filters: dict[str, tuple[str, ...]] = {}
    for name in FILTERS:
        found: list[str] = []
        for raw in values(name):
            for value in raw.split(","):  # ``kind=law,decree`` means the same as ``kind=law&kind=decree``
                value = strip_controls(value).strip()[:MAX_VALUE_LENGTH]
                if value and value not in found:
                    found.append(value)
        if len(found) > MAX_VALUES:
            problems.append(f"At most {MAX_VALUES} values of {name} at once.")
            found = found[:MAX_VALUES]
        if name == "type":
            unknown = [value for value in found if value not in RECORD_TYPES]
            if unknown:
                problems.append(f"type must be one of {', '.join(RECORD_TYPES)}, not «{unknown[0]}».")
                found = [value for value in found if value in RECORD_TYPES]
        if name in {"law", "year"}:
            digits = 4 if name == "year" else 12
            bad = [value for value in found if whole_number(value, max_digits=digits) is None]
            if bad:
                problems.append(f"{name} must be a number, not «{bad[0]}».")
                found = [value for value in found if whole_number(value, max_digits=digits) is not None]
        if found:
            filters[name] = tuple(found)
    sort = (values("sort") or ["relevance"])[0] or "relevance"
    if sort not in SORTS:
        problems.append(f"sort must be one of {', '.join(SORTS)}, not «{sort}».")
        sort = "relevance"
    size = _integer(
        next(iter(values("per_page")), None), per_page, name="per_page", low=1, high=MAX_PER_PAGE, problems=problems
    )
    deepest = max(1, MAX_PAGE_DEPTH // size)
    page = _integer(next(iter(values("page")), None), 1, name="page", low=1, high=deepest, problems=problems)
    return SearchParams(text=text, filters=filters, sort=sort, page=page, per_page=size, problems=tuple(problems))
