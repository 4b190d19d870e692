"""The one query API: every page, the JSON API and the command line search through these functions.

    search("حرية التعبير", staff=False, filters={"kind": ["law"]}, sort="relevance", page=1, per_page=20)
    similar("provision:123")     # articles of other laws worded most alike
    index_lag()                  # index updates still waiting for the worker

The engine is Elasticsearch when ``settings.ELASTICSEARCH_URL`` is set, else the database's own full-text search
(SQLite FTS5 / PostgreSQL). A malformed query raises ``search.query.QueryError`` (its ``message`` is for people);
an engine that cannot serve raises ``EngineUnavailable``. ``results.lagging`` is true while index updates older
than a few seconds wait, so a page can say that very recent changes may not show yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from search.backends.base import Backend, EngineUnavailable, Hit, SearchRequest, SearchResults
from search.query import QueryError, parse

__all__ = ["EngineUnavailable", "QueryError", "backend", "index_lag", "search", "similar"]

SORTS = ("relevance", "date")
MAX_PER_PAGE = 100
# Updates waiting longer than this make ``results.lagging`` true.
LAG_AFTER = timedelta(seconds=5)


def backend() -> Backend:
    """The configured engine."""
    if settings.ELASTICSEARCH_URL:
        from search.backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()


def search(
    text: str,
    *,
    staff: bool = False,
    filters: Mapping[str, Sequence[str]] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    with_facets: bool = True,
) -> SearchResults:
    """One page of results for what a person typed, for the public (default) or for staff."""
    node = parse(text or "")
    if sort not in SORTS:
        raise QueryError(_("Results can be sorted by relevance or date, not «%(sort)s».") % {"sort": sort})
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    page = max(1, int(page))
    request = SearchRequest(
        query=node,
        audience="staff" if staff else "public",
        filters={name: tuple(str(value) for value in values) for name, values in (filters or {}).items() if values},
        sort=sort,  # type: ignore[arg-type]
        offset=(page - 1) * per_page,
        limit=per_page,
        with_facets=with_facets,
    )
    results = backend().search(request)
    results.lagging = _lagging()
    return results


def similar(key: str, *, staff: bool = False, limit: int = 10) -> list[Hit]:
    """The articles of other laws most like this record (its most distinctive words), within what the audience
    may see; nothing when the audience may not see the record itself."""
    return backend().similar(key, audience="staff" if staff else "public", limit=max(1, min(int(limit), 50)))


def index_lag() -> int:
    """How many index updates wait for the worker."""
    from search.models import PendingUpdate

    return PendingUpdate.objects.count()


def _lagging() -> bool:
    from search.models import PendingUpdate

    return PendingUpdate.objects.filter(queued_at__lt=timezone.now() - LAG_AFTER).exists()
