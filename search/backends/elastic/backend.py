"""The Elasticsearch engine: ``ElasticsearchBackend`` implements ``search.backends.base.Backend``.

Searches and writes go through the alias («qanun»); a rebuild fills a new concrete index («qanun-<timestamp>»,
refresh off), points the alias at it and drops the old one in one ``update_aliases`` request, so searches never
see a half-built index. While a rebuild runs, the new index also carries the alias «qanun-next» and ``index`` and
``delete`` write to it as well, so a change made meanwhile is not lost when the alias moves.

Any failure to reach or use the cluster (connection refused, timeout, an error answer, records refused in a bulk
request) is raised as ``EngineUnavailable`` with a message that says which server and what failed; the index
updates wait in the outbox and are retried. The server's address is given without any credentials in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from functools import lru_cache
from html import unescape
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import BulkIndexError, bulk, scan

from search.backends.base import FACETS, EngineUnavailable, FacetValue, Hit, SearchRequest, SearchResults
from search.backends.elastic.documents import document_of, index_definition
from search.backends.elastic.queries import facet_fields, search_request, similar_request
from search.documents import SearchRecord
from search.highlight import Matcher, snippet

__all__ = ["BATCH", "TIMEOUT", "ElasticsearchBackend"]

BATCH = 500
TIMEOUT = 5  # seconds per request: a page must not hang on an engine that is down
REBUILD_TIMEOUT = 120  # creating an index, a bulk request of a rebuild, refreshing
_SPACE = re.compile(r"\s+")
_MARK = re.compile(r"</?mark>")


@lru_cache(maxsize=8)
def _client(url: str) -> Elasticsearch:
    """One client (and connection pool) per server per process."""
    return Elasticsearch(url, request_timeout=TIMEOUT, max_retries=1, retry_on_timeout=False)


def _where(url: str) -> str:
    """The server's address without user name or password."""
    parts = urlsplit(url)
    host = parts.hostname or url
    return f"{parts.scheme}://{host}:{parts.port}" if parts.port else f"{parts.scheme}://{host}"


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _reason(exc: ApiError) -> str:
    error = exc.body.get("error") if isinstance(exc.body, dict) else None
    if isinstance(error, dict):
        return f"{error.get('type', '')}: {error.get('reason', '')}".strip(": ")
    return str(error or exc.message)


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str | None = None, alias: str | None = None) -> None:
        self.url = url or settings.ELASTICSEARCH_URL
        self.alias = alias or settings.SEARCH_INDEX_PREFIX
        self.next_alias = f"{self.alias}-next"
        self.client = _client(self.url)
        self._alias_exists = False

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """Every failure of the engine as ``EngineUnavailable``, saying where and what."""
        where = _where(self.url)
        try:
            yield
        except BulkIndexError as exc:
            first = next(iter(exc.errors[0].values())) if exc.errors else {}
            reason = first.get("error", "")
            if isinstance(reason, dict):
                reason = f"{reason.get('type', '')}: {reason.get('reason', '')}"
            raise EngineUnavailable(
                f"Elasticsearch at {where} refused {len(exc.errors)} record(s) while trying to {doing} "
                f"(first: {first.get('_id', '?')}: {reason})."
            ) from exc
        except ApiError as exc:
            raise EngineUnavailable(
                f"Elasticsearch at {where} answered {exc.meta.status} while trying to {doing}: {_reason(exc)}."
            ) from exc
        except TransportError as exc:
            raise EngineUnavailable(
                f"Elasticsearch at {where} cannot be reached (trying to {doing}): {exc.message}."
            ) from exc

    # --- writes --------------------------------------------------------------------------------------------

    def check(self) -> None:
        with self._guard("check that it is up"):
            self.client.info()

    def index(self, records: Iterable[SearchRecord]) -> int:
        written = 0
        for batch in _chunks(records, BATCH):
            self._ensure_index()
            with self._guard("index records"):
                for target, refresh in self._targets():
                    done, _ = bulk(self.client, (document_of(record, target) for record in batch), refresh=refresh)
                    if target == self.alias:
                        written += done
        return written

    def delete(self, keys: Sequence[str]) -> None:
        if not keys:
            return
        with self._guard("delete records"):
            for target, refresh in self._targets():
                actions = ({"_op_type": "delete", "_index": target, "_id": key} for key in keys)
                bulk(self.client, actions, refresh=refresh, ignore_status=(404,))

    def _targets(self) -> list[tuple[str, Any]]:
        """Where writes go: the alias (visible when the call returns), and a rebuild's new index if one runs
        (its refresh is off until it is complete, so nothing waits for it)."""
        targets: list[tuple[str, Any]] = [(self.alias, "wait_for")]
        if self.client.indices.exists_alias(name=self.next_alias):
            targets.append((self.next_alias, False))
        return targets

    def _ensure_index(self) -> None:
        """Before the first write: the alias must exist, or a write would create an index with a guessed
        mapping under its name. The first concrete index is «<alias>-initial»; later ones come from rebuilds."""
        if self._alias_exists:
            return
        with self._guard("create the index"):
            if not self.client.indices.exists_alias(name=self.alias):
                if self.client.indices.exists(index=self.alias):
                    raise EngineUnavailable(
                        f"Elasticsearch at {_where(self.url)} holds an index named «{self.alias}» where the alias "
                        "should be; run «python manage.py search_index --rebuild» to replace it."
                    )
                name = f"{self.alias}-initial"
                try:
                    self.client.indices.create(index=name, aliases={self.alias: {}}, **index_definition(name))
                except ApiError as exc:
                    if "resource_already_exists" not in _reason(exc):
                        raise
                    self.client.indices.put_alias(index=name, name=self.alias)
        self._alias_exists = True

    def rebuild(self, keys: Iterable[str], *, total: int, progress: Callable[[int], None]) -> int:
        from search.documents import records

        name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        definition = index_definition(name)
        definition["settings"]["refresh_interval"] = "-1"
        client = self.client.options(request_timeout=REBUILD_TIMEOUT)
        written = 0
        with self._guard("rebuild the index"):
            client.indices.create(index=name, aliases={self.next_alias: {}}, **definition)
            try:
                for batch in _chunks(keys, BATCH):
                    built = records(batch).records
                    done, _ = bulk(client, (document_of(record, name) for record in built))
                    written += done
                    progress(len(batch))
                client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
                client.indices.refresh(index=name)
                old = self._concrete_indices()
                actions: list[dict] = [{"remove": {"index": index, "alias": self.alias}} for index in old]
                if not old and client.indices.exists(index=self.alias):
                    actions.append({"remove_index": {"index": self.alias}})  # an index took the alias's name
                actions.append({"add": {"index": name, "alias": self.alias}})
                actions.append({"remove": {"index": name, "alias": self.next_alias}})
                client.indices.update_aliases(actions=actions)
            except BaseException:
                with suppress(ApiError, TransportError):  # the failure that matters is the one raised
                    client.options(ignore_status=404).indices.delete(index=name)
                raise
            for index in old:
                client.options(ignore_status=404).indices.delete(index=index)
        self._alias_exists = True
        return written

    def _concrete_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def indexed_keys(self, *, law_id: int, kind: str) -> list[str]:
        """The keys of this kind held in the index for a law (to delete those whose object is gone)."""
        query = {"query": {"bool": {"filter": [{"term": {"law_id": law_id}}, {"term": {"kind": kind}}]}}}
        with self._guard("list a law's records"):
            try:
                return [hit["_id"] for hit in scan(self.client, query=query, index=self.alias, _source=False)]
            except NotFoundError:
                return []

    def counts(self) -> dict[str, int]:
        """Records in the index by kind."""
        body = {"size": 0, "aggs": {"type": {"terms": {"field": "kind", "size": 20}}}}
        with self._guard("count records"):
            try:
                response = self.client.search(index=self.alias, body=body)
            except NotFoundError:
                return {}
        return {bucket["key"]: bucket["doc_count"] for bucket in response["aggregations"]["type"]["buckets"]}

    # --- reads ---------------------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        prepared = search_request(request, self.alias, withheld=_withheld(request.audience))
        if prepared is None:
            return SearchResults(0, [], {name: [] for name in FACETS} if request.with_facets else {})
        with self._guard("search"):
            response = self.client.search(index=self.alias, body=prepared.to_dict())
        facets: dict[str, list[FacetValue]] = {}
        if request.with_facets:
            aggregations = response.get("aggregations", {})
            for name in facet_fields(request.audience):
                found = aggregations.get(name, {})
                buckets = found.get("values", found).get("buckets", [])  # under "values" when filters wrap it
                values = [FacetValue(str(bucket["key"]), int(bucket["doc_count"])) for bucket in buckets]
                facets[name] = sorted(values, key=lambda item: (-item.count, item.value))
        hits = [_hit(raw) for raw in response["hits"]["hits"]]
        return SearchResults(int(response["hits"]["total"]["value"]), hits, facets)

    def similar(self, key: str, *, audience: str, limit: int = 10) -> list[Hit]:
        with self._guard("find similar records"):
            try:
                found = self.client.get(index=self.alias, id=key, source_includes=["public", "law_id"])
            except NotFoundError:
                return []
            source = found["_source"]
            withheld = _withheld(audience)
            if audience != "staff" and (not source.get("public") or key in withheld):
                return []
            prepared = similar_request(
                self.alias, key=key, law_id=source.get("law_id"), audience=audience, limit=limit, withheld=withheld
            )
            response = self.client.search(index=self.alias, body=prepared.to_dict())
        return [_hit(raw) for raw in response["hits"]["hits"]]


# More waiting updates than a terms query takes: the index is rebuilding or far behind, and the public waits.
MAX_WITHHELD = 60_000


def _withheld(audience: str) -> list[str]:
    """Keys whose index update still waits in the outbox: hidden from the public until it is done."""
    if audience == "staff":
        return []
    from search.models import PendingUpdate

    keys = list(PendingUpdate.objects.order_by().values_list("key", flat=True)[: MAX_WITHHELD + 1])
    if len(keys) > MAX_WITHHELD:
        raise EngineUnavailable("The search index is catching up with many changes; try again in a few minutes.")
    return keys


def _snippet(text: str, fragment: str | None) -> str:
    """The highlighter's fragment (HTML, matches in <mark>) with «…» where the text goes on, as the database
    engine's snippets; without a fragment, the text's beginning."""
    if not fragment:
        return snippet(text, Matcher())
    body = _SPACE.sub(" ", fragment).strip()
    plain = unescape(_MARK.sub("", body))
    flat = _SPACE.sub(" ", text).strip()
    at = flat.find(plain)
    if at < 0:
        return body
    return ("… " if at > 0 else "") + body + (" …" if at + len(plain) < len(flat) else "")


def _hit(raw: dict) -> Hit:
    source = raw["_source"]
    fragments = raw.get("highlight", {}).get("text.ar") or [None]
    text = source.get("text", "")
    return Hit(
        key=source["key"],
        kind=source["kind"],
        score=float(raw.get("_score") or 0),
        title=source.get("title", ""),
        snippet=_snippet(text, fragments[0]),
        url=source.get("url", ""),
        language=source.get("language", ""),
        law_id=source.get("law_id"),
        law_title=source.get("law_title", ""),
        law_citation=source.get("law_citation", ""),
        provision=source.get("provision", ""),
        number=source.get("number", ""),
        year=source.get("year"),
        date=date.fromisoformat(source["date"]) if source.get("date") else None,
        status=source.get("status", ""),
    )
