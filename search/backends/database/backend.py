"""The embedded engine: search records in the database's own full-text index (SQLite FTS5, PostgreSQL tsvector).

Every query is one matched set (the words through the full-text index, the fields, filters and audience as SQL
conditions on the same rows), from which the page, the total and the facet counts are all read: a record the
audience may not see is never in it, so it can show in no hit, count, facet or highlight.
"""

# SQL here is built from this module's own table and column names; every value goes in as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import DatabaseError, connection, transaction

from search import analysis
from search.backends.base import FACETS, EngineUnavailable, FacetValue, Hit, SearchRequest, SearchResults
from search.backends.database.translate import (
    ENTRY,
    FACET,
    Plan,
    Sql,
    facet_name,
    filter_conditions,
    filters_sql,
    plan,
)
from search.documents import SearchRecord
from search.highlight import Matcher, matcher, snippet
from search.models import IndexEntry, IndexFacet, PendingUpdate
from text.normalise import western_digits

__all__ = ["DatabaseBackend"]

FTS = "qanun_search_indexentry_fts"
PENDING = "qanun_search_pendingupdate"
VOCAB = "qanun_search_indexentry_vocab"
COVERING = "qanun_search_entry_covering"  # migration 0003: what a query reads of each matched entry
BATCH = 500
# Similar provisions: the article's most distinctive terms (tf-idf) that are looked for in other laws.
SIMILAR_TERMS = 12
SIMILAR_CANDIDATES = 80
_HIT_COLUMNS = (
    "e.key, e.kind, e.title, e.text, e.url, e.language, e.law_id, e.law_title, e.law_citation, e.provision, "
    "e.number, e.year, e.date, e.status"
)
_FACET_COLUMNS = {"type": "kind", "kind": "law_kind", "year": "year", "status": "status"}
_MULTI_FACETS = ("standard", "assessment", "tag")
_SQLITE_DELETE_TRIGGER = (
    f"CREATE TRIGGER {ENTRY}_ad AFTER DELETE ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms); END"
)


def _negated_date(value: Any) -> int:
    """A date as a number that sorts newest first (SQLite hands dates back as text)."""
    if value is None:
        return 0
    if isinstance(value, str):
        from datetime import date as Date

        value = Date.fromisoformat(value)
    return -value.toordinal()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _unavailable(exc: Exception) -> EngineUnavailable:
    return EngineUnavailable(f"The database search index cannot be used: {exc}")


def _entry(record: SearchRecord, *, faceted: bool) -> IndexEntry:
    return IndexEntry(
        key=record.key,
        kind=record.kind,
        public=record.public,
        law_id=record.law_id,
        law_title=record.law_title[:500],
        law_citation=record.law_citation[:300],
        law_ref=western_digits(record.law_ref)[:100],
        law_kind=record.law_kind,
        year=record.year,
        status=record.status,
        date=record.date,
        provision=record.provision[:200],
        provision_id=record.provision_id,
        number=record.number[:100],
        order=record.order,
        review_status=record.review_status,
        title=record.title,
        text=record.text,
        language=record.language,
        url=record.url[:500],
        terms=analysis.analyse(f"{record.title}\n{record.text}"),
        faceted=faceted,
    )


def _facets(record: SearchRecord) -> Iterator[tuple[str, str]]:
    for name, values in (
        ("standard", record.standards),
        ("assessment", record.assessments),
        ("tag", record.tags),
        ("staff_standard", record.staff_standards),
        ("staff_assessment", record.staff_assessments),
        ("staff_tag", record.staff_tags),
    ):
        for value in dict.fromkeys(values):
            if value:
                yield name, value[:200]


class DatabaseBackend:
    name = "database"

    # --- writes --------------------------------------------------------------------------------------------

    def check(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM {ENTRY} LIMIT 1")
                if connection.vendor == "sqlite":
                    cursor.execute(f"SELECT 1 FROM {FTS} LIMIT 1")
        except DatabaseError as exc:
            raise _unavailable(exc) from exc

    def index(self, records: Iterable[SearchRecord]) -> int:
        written = 0
        try:
            with transaction.atomic():
                for batch in _chunks(records, BATCH):
                    IndexEntry.objects.filter(key__in=[record.key for record in batch]).delete()
                    written += self._insert(batch)
        except DatabaseError as exc:
            raise _unavailable(exc) from exc
        return written

    def delete(self, keys: Sequence[str]) -> None:
        try:
            with transaction.atomic():
                for batch in _chunks(keys, BATCH):
                    IndexEntry.objects.filter(key__in=batch).delete()
        except DatabaseError as exc:
            raise _unavailable(exc) from exc

    def _insert(self, batch: list[SearchRecord]) -> int:
        batch = list({record.key: record for record in batch}.values())
        facets = [list(_facets(record)) for record in batch]
        entries = IndexEntry.objects.bulk_create(
            [_entry(record, faceted=bool(found)) for record, found in zip(batch, facets, strict=True)]
        )
        IndexFacet.objects.bulk_create(
            [
                IndexFacet(entry=entry, name=name, value=value)
                for entry, found in zip(entries, facets, strict=True)
                for name, value in found
            ],
            batch_size=1000,
        )
        return len(entries)

    def rebuild(self, keys: Iterable[str], *, total: int, progress: Callable[[int], None]) -> int:
        """One transaction: searches read the old index until it commits (MVCC / SQLite WAL)."""
        from search.documents import records

        written = 0
        try:
            with transaction.atomic():
                self._clear()
                for batch in _chunks(keys, BATCH):
                    written += self._insert(records(batch).records)
                    progress(len(batch))
        except DatabaseError as exc:
            raise _unavailable(exc) from exc
        return written

    def _clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FACET}")
            if connection.vendor == "sqlite":
                # Emptying the FTS index at once is far cheaper than a 'delete' per row through the trigger.
                cursor.execute(f"DROP TRIGGER {ENTRY}_ad")
                cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('delete-all')")
                cursor.execute(f"DELETE FROM {ENTRY}")
                cursor.execute(_SQLITE_DELETE_TRIGGER)
            else:
                cursor.execute(f"DELETE FROM {ENTRY}")

    def indexed_keys(self, *, law_id: int, kind: str) -> list[str]:
        """The keys of this kind held in the index for a law (to delete those whose object is gone)."""
        try:
            with transaction.atomic():  # a savepoint: a failure here must not break the caller's transaction
                return list(IndexEntry.objects.filter(law_id=law_id, kind=kind).values_list("key", flat=True))
        except DatabaseError as exc:
            raise _unavailable(exc) from exc

    def counts(self) -> dict[str, int]:
        """Entries in the index by record kind."""
        rows = IndexEntry.objects.values_list("kind").order_by("kind")
        return dict(Counter(kind for (kind,) in rows.iterator()))

    # --- reads ---------------------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        query = plan(request.query, vendor=connection.vendor, audience=request.audience)
        if query.nothing:
            return SearchResults(0, [], {name: [] for name in FACETS} if request.with_facets else {})
        conditions = self._audience(request.audience) + query.conditions
        by_relevance = request.sort == "relevance" and query.match is not None
        try:
            if request.with_facets:
                # The page's filters are flags on the matched set, not conditions of it: a facet is counted
                # with every filter but its own, so the other values of a filtered facet stay there to add.
                chosen = filter_conditions(request.filters, request.audience)
                flagged = self._matched(query, conditions, scored=by_relevance, flags=list(chosen.values()))
                rows, facets, total = self._page_and_facets(
                    flagged,
                    request.audience,
                    filtered=list(chosen),
                    by_relevance=by_relevance,
                    limit=request.limit,
                    offset=request.offset,
                )
            else:
                conditions += filters_sql(request.filters, request.audience)
                matched = self._matched(query, conditions)
                rows = self._page(matched, by_relevance=by_relevance, limit=request.limit, offset=request.offset)
                facets, total = {}, self._total(self._matched(query, conditions, scored=False))
        except DatabaseError as exc:
            raise _unavailable(exc) from exc
        marks = matcher(query.text) if request.with_highlights else Matcher()
        return SearchResults(total, [self._hit(row, marks) for row in rows], facets)

    def similar(self, key: str, *, audience: str, limit: int = 10) -> list[Hit]:
        try:
            entry = IndexEntry.objects.filter(key=key).values("id", "law_id", "terms", "public").first()
            if entry is None or (audience == "public" and not entry["public"]):
                return []
            if audience == "public" and PendingUpdate.objects.filter(key=key).exists():
                return []  # its update waits: it may no longer be public
            chosen = self._distinctive_terms(entry["terms"])
            if not chosen:
                return []
            vendor = connection.vendor
            if vendor == "sqlite":
                match = "(" + " OR ".join(f'"{term}"' for term in chosen) + ")"
            else:
                match = "(" + " | ".join("'" + term.replace("'", "''") + "'" for term in chosen) + ")"
            conditions = [
                *self._audience(audience),
                Sql("e.kind = %s", ["provision"]),
                Sql("e.id <> %s", [entry["id"]]),
            ]
            if entry["law_id"] is not None:
                conditions.append(Sql("(e.law_id IS NULL OR e.law_id <> %s)", [entry["law_id"]]))
            rows = self._page(self._matched(Plan(match=match), conditions), by_relevance=True, limit=limit, offset=0)
        except DatabaseError as exc:
            raise _unavailable(exc) from exc
        marks = Matcher(terms=frozenset(chosen))
        return [self._hit(row, marks) for row in rows]

    def _distinctive_terms(self, terms: str) -> list[str]:
        counts = Counter(term for term in terms.split() if len(term) >= 2 and not term.isdigit())
        candidates = sorted(counts, key=lambda term: (-counts[term], -len(term), term))[:SIMILAR_CANDIDATES]
        if not candidates:
            return []
        frequencies = self._document_frequencies(candidates)
        documents = IndexEntry.objects.count()
        weights = {
            term: counts[term] * math.log((documents + 1) / frequencies[term])
            for term in candidates
            if frequencies.get(term, 0) > 1  # a term only this entry has finds nothing else
        }
        return sorted(weights, key=lambda term: (-weights[term], term))[:SIMILAR_TERMS]

    def _document_frequencies(self, terms: list[str]) -> dict[str, int]:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                marks = ", ".join(["%s"] * len(terms))
                cursor.execute(f"SELECT term, doc FROM {VOCAB} WHERE term IN ({marks})", terms)
            else:
                # One GIN lookup per term, in one round trip.
                sql = " UNION ALL ".join(
                    f"SELECT %s, COUNT(*) FROM {ENTRY} WHERE search_vector @@ to_tsquery('simple', %s)" for _ in terms
                )
                params = [value for term in terms for value in (term, "'" + term.replace("'", "''") + "'")]
                cursor.execute(sql, params)
            return {term: int(count) for term, count in cursor.fetchall()}

    # --- SQL -----------------------------------------------------------------------------------------------

    @staticmethod
    def _audience(audience: str) -> list[Sql]:
        """The public sees public records, and none whose update still waits in the outbox: a change that takes
        something back (a law unpublished, a finding made private) is written there in the same transaction, so
        it is hidden from that moment, not when the worker gets to it (fail closed)."""
        if audience == "staff":
            return []
        return [Sql("e.public = %s", [True]), Sql(f"e.key NOT IN (SELECT p.key FROM {PENDING} p)")]

    @staticmethod
    def _matched(query: Plan, conditions: list[Sql], *, scored: bool = True, flags: Sequence[Sql] = ()) -> Sql:
        """SELECT of the matched entries: id, score (higher is better; 0 unless ``scored``: counting needs no
        ranking, and bm25 per row is most of a broad query's cost), the sort keys, the single-valued facet
        columns, and whether each of ``flags`` holds (``f0``, ``f1``...)."""
        columns = (
            "e.id AS id, {score} AS score, e.kind AS kind, e.law_kind AS law_kind, e.year AS year, e.status AS status,"
            ' e.law_id AS law_id, e."order" AS ord, e.date AS date, e.faceted AS faceted'
        )
        flagged = "".join(f", ({flag.text}) AS f{index}" for index, flag in enumerate(flags))

        def select(score: str) -> str:
            return columns.format(score=score) + flagged

        where = list(conditions)
        params: list[Any] = []
        sqlite = connection.vendor == "sqlite"
        # Each matched entry is read through the narrow covering index, not its wide row (3x faster at 40,000).
        covered = f"{FTS} CROSS JOIN {ENTRY} e INDEXED BY {COVERING} ON e.id = {FTS}.rowid"
        if query.match is not None and not scored:
            if sqlite:
                head = f"SELECT {select('0.0')} FROM {covered}"
                where.insert(0, Sql(f"{FTS} MATCH %s", [query.match]))
            else:
                head = f"SELECT {select('0.0')} FROM {ENTRY} e"
                where.insert(0, Sql("e.search_vector @@ to_tsquery('simple', %s)", [query.match]))
        elif query.match is not None and sqlite:
            # CROSS JOIN keeps the full-text match the outer loop: left to itself SQLite's planner walks every
            # public entry and probes the FTS index once per row (50x slower at 20,000 articles).
            head = f"SELECT {select(f'-bm25({FTS})')} FROM {covered}"
            where.insert(0, Sql(f"{FTS} MATCH %s", [query.match]))
        elif query.match is not None:
            score = "ts_rank_cd(e.search_vector, to_tsquery('simple', %s), 1)"
            head = f"SELECT {select(score)} FROM {ENTRY} e"
            params.append(query.match)
            where.insert(0, Sql("e.search_vector @@ to_tsquery('simple', %s)", [query.match]))
        else:
            head = f"SELECT {select('0.0')} FROM {ENTRY} e"
        params.extend(value for flag in flags for value in flag.params)
        if query.exclude is not None:
            if sqlite:
                where.append(Sql(f"e.id NOT IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)", [query.exclude]))
            else:
                where.append(Sql("NOT (e.search_vector @@ to_tsquery('simple', %s))", [query.exclude]))
        for condition in where:
            params.extend(condition.params)
        text = head + (" WHERE " + " AND ".join(f"({c.text})" for c in where) if where else "")
        return Sql(text, params)

    @staticmethod
    def _page(matched: Sql, *, by_relevance: bool, limit: int, offset: int) -> list[tuple]:
        first = "{0}score DESC" if by_relevance else "{0}date DESC NULLS LAST"
        keys = [first, "COALESCE({0}law_id, 0)", "{0}ord", "{0}id"]  # a record of no law first, on both databases
        order = ", ".join(key.format("") for key in keys)
        outer = ", ".join(key.format("top.") for key in keys)
        # The page is chosen on the narrow matched rows; only its rows are joined for their text.
        sql = (
            f"WITH m AS ({matched.text}), top AS (SELECT id, score, law_id, ord, date FROM m "
            f"ORDER BY {order} LIMIT %s OFFSET %s) "
            f"SELECT top.score, {_HIT_COLUMNS} FROM top JOIN {ENTRY} e ON e.id = top.id ORDER BY {outer}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*matched.params, max(0, limit), max(0, offset)])
            return cursor.fetchall()

    @staticmethod
    def _page_and_facets(
        matched: Sql, audience: str, *, filtered: Sequence[str], by_relevance: bool, limit: int, offset: int
    ) -> tuple[list[tuple], dict[str, list[FacetValue]], int]:
        """The page, the total and every facet's counts in one statement over the matched set computed once (a
        broad query matches tens of thousands of rows: matching and scoring them twice was half its time).

        ``matched`` carries a flag per page filter (``f0``... for the facets ``filtered``): the page and the
        total are the rows where all hold; a facet is counted where all but its own hold. Rows of the parts
        share one shape: 0 = a hit, 1 = the single-valued facets grouped together, 2 = the multi-valued facets,
        3 = one filtered facet's values; the hits are put back in order here. The single-valued facets are
        grouped by law first (its columns are the law's: the sort compares one integer, not four strings, for
        most rows), then those groups by value; the multi-valued ones are looked up only for the few matched
        entries that have any."""
        keys = ["score DESC"] if by_relevance else ["date DESC NULLS LAST"]
        keys += ["COALESCE(law_id, 0)", "ord", "id"]  # as the hits are put back in order below
        names = [facet_name(name, audience) for name in _MULTI_FACETS]
        marks = ", ".join(["%s"] * len(names))
        blanks = ", ".join(["NULL"] * (len(_HIT_COLUMNS.split(",")) + 5))
        # SQLite would walk every facet row of these names and probe the matched set; CROSS JOIN makes it walk
        # the matched set (its few faceted entries) and look their facet rows up instead.
        join = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"

        def holding(*, but: int | None = None) -> str:
            return " AND ".join([f"m.f{index}" for index in range(len(filtered)) if index != but] or ["1 = 1"])

        sql = (
            f"WITH m AS MATERIALIZED ({matched.text}), "
            f"top AS (SELECT id, score, law_id, ord, date FROM m WHERE {holding()} "
            f"ORDER BY {', '.join(keys)} LIMIT %s OFFSET %s) "
            f"SELECT 0, top.score, top.date, top.law_id, top.ord, top.id, {_HIT_COLUMNS}, "
            "NULL, NULL, NULL, NULL, NULL "
            f"FROM top JOIN {ENTRY} e ON e.id = top.id "
            f"UNION ALL SELECT 1, {blanks}, g.kind, g.law_kind, CAST(g.year AS TEXT), g.status, SUM(g.n) FROM "
            f"(SELECT m.kind, m.law_kind, m.year, m.status, COUNT(*) AS n FROM m WHERE {holding()} "
            "GROUP BY m.law_id, m.kind, m.law_kind, m.year, m.status) g GROUP BY g.kind, g.law_kind, g.year, g.status "
            f"UNION ALL SELECT 2, {blanks}, f.name, f.value, NULL, NULL, COUNT(*) "
            f"FROM m {join} {FACET} f ON f.entry_id = m.id WHERE m.faceted AND {holding()} AND f.name IN ({marks}) "
            "GROUP BY f.name, f.value"
        )
        params: list[Any] = [*matched.params, max(0, limit), max(0, offset), *names]
        for index, facet in enumerate(filtered):
            if facet in _FACET_COLUMNS:
                column = _FACET_COLUMNS[facet]
                sql += (
                    f" UNION ALL SELECT 3, {blanks}, CAST(%s AS TEXT), CAST(m.{column} AS TEXT), NULL, NULL, "
                    f"COUNT(*) FROM m WHERE {holding(but=index)} GROUP BY m.{column}"
                )
                params.append(facet)
            elif facet in _MULTI_FACETS:
                sql += (
                    f" UNION ALL SELECT 3, {blanks}, CAST(%s AS TEXT), f.value, NULL, NULL, COUNT(*) FROM m "
                    f"{join} {FACET} f ON f.entry_id = m.id WHERE m.faceted AND {holding(but=index)} AND f.name = %s "
                    "GROUP BY f.value"
                )
                params += [facet, facet_name(facet, audience)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            result = cursor.fetchall()
        width = len(_HIT_COLUMNS.split(","))
        hits = [row for row in result if row[0] == 0]
        if by_relevance:
            hits.sort(key=lambda row: (-(row[1] or 0), row[3] or 0, row[4], row[5]))
        else:  # newest first, undated last
            hits.sort(key=lambda row: (row[2] is None, _negated_date(row[2]), row[3] or 0, row[4], row[5]))
        counts: dict[str, Counter] = {name: Counter() for name in FACETS}
        own: dict[str, Counter] = {name: Counter() for name in filtered}
        multi = dict(zip(names, _MULTI_FACETS, strict=True))
        total = 0
        for row in result:
            first, second, third, fourth, count = row[6 + width :]
            if row[0] == 1:
                total += int(count)
                for name, value in zip(_FACET_COLUMNS, (first, second, third, fourth), strict=True):
                    if value not in (None, ""):
                        counts[name][str(value)] += int(count)
            elif row[0] == 2:
                counts[multi[first]][second] += int(count)
            elif row[0] == 3 and second not in (None, ""):
                own[first][str(second)] += int(count)
        counts.update((name, found) for name, found in own.items() if name in counts)
        facets = {
            name: sorted((FacetValue(v, n) for v, n in found.items()), key=lambda item: (-item.count, item.value))
            for name, found in counts.items()
        }
        return [(row[1], *row[6 : 6 + width]) for row in hits], facets, total

    @staticmethod
    def _total(matched: Sql) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({matched.text}) m", matched.params)
            return int(cursor.fetchone()[0])

    @staticmethod
    def _hit(row: tuple, marks: Matcher) -> Hit:
        (
            score,
            key,
            kind,
            title,
            text,
            url,
            language,
            law_id,
            law_title,
            citation,
            provision,
            number,
            year,
            date,
            status,
        ) = row
        if isinstance(date, str):  # SQLite through a raw cursor
            from datetime import date as Date

            date = Date.fromisoformat(date)
        return Hit(
            key=key,
            kind=kind,
            score=float(score or 0),
            title=title,
            snippet=snippet(text, marks),
            url=url,
            language=language,
            law_id=law_id,
            law_title=law_title,
            law_citation=citation,
            provision=provision,
            number=number,
            year=year,
            date=date,
            status=status,
        )
