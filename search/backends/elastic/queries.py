"""The query tree (``search.query``) and a page's filters as Elasticsearch requests, built with elasticsearch-dsl.

The same meaning as the database engine (``search.backends.database.translate``), clause for clause:

- a word is a ``multi_match`` over ``title`` and ``text`` in both analyses (``.ar``, ``.en``), all of its terms
  required; a word that gives several terms («ICCPR-19») and a "phrase" are ``multi_match`` of type ``phrase``;
  a prefix («قانون*») is of type ``phrase_prefix``. A word ``search.analysis`` drops (a stop word) is dropped
  here too, and a query whose words were all dropped matches nothing.
- AND is ``bool.must`` (its exclusions ``must_not``), OR is ``bool.should`` with ``minimum_should_match`` 1.
- fields (``kind:law``, ``year:2000..2010``, ``-status:repealed``, ``kind:law OR kind:decree``) stand at the top
  level, ANDed with the words, and become ``bool.filter`` clauses (no effect on scores); a field anywhere else
  (ORed with a word, inside a group of words) is refused with ``QueryError``.
- the audience is inside the request: public adds ``term public=true`` and reads the public facet fields
  (``standards``, ``assessments``, ``tags``); staff has no visibility filter and reads ``staff_*``.

Facets are ``terms`` aggregations over the whole matched set (a page's filters in ``post_filter``, each facet
counted without its own); highlights come from the fast vector highlighter on ``text.ar`` with the matches of
``text.en`` merged in (``matched_fields``), fragments cut at word boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from elasticsearch_dsl import A, Q, Search
from elasticsearch_dsl.query import Query

from search import analysis
from search.backends.base import SearchRequest
from search.query import And, Field, Node, Not, Or, Phrase, QueryError, Term, only_exclusions_error, split_fields
from text.normalise import western_digits, whole_number

__all__ = [
    "FACET_SIZE",
    "HIGHLIGHT",
    "SIMILAR_TERMS",
    "SOURCE",
    "TEXT_FIELDS",
    "Plan",
    "facet_fields",
    "filter_query",
    "plan",
    "search_request",
    "similar_request",
]

TEXT_FIELDS = ["title.ar", "title.en", "text.ar", "text.en"]
SIMILAR_FIELDS = ["text.ar", "text.en"]
# What a hit shows; the facet values and staff fields never leave the engine.
SOURCE = [
    "key",
    "kind",
    "title",
    "text",
    "url",
    "language",
    "law_id",
    "law_title",
    "law_citation",
    "provision",
    "number",
    "year",
    "date",
    "status",
]
FACET_SIZE = 200
# How many words a prefix may stand for (the first ones in the term dictionary).
PREFIX_EXPANSIONS = 200
# Similar provisions: the article's most distinctive terms looked for in other laws (as the database engine).
SIMILAR_TERMS = 12
HIGHLIGHT = {
    "type": "fvh",
    "fragment_size": 250,
    "number_of_fragments": 1,
    "boundary_scanner": "word",
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
}
_FILTERS = ("type", "kind", "year", "status", "standard", "assessment", "tag", "law")
_MULTI = {"standard": "standards", "assessment": "assessments", "tag": "tags"}


def facet_fields(audience: str) -> dict[str, str]:
    """Each facet's field for this audience (staff count and filter the values of every annotation)."""
    staff = "staff_" if audience == "staff" else ""
    return {
        "type": "kind",
        "kind": "law_kind",
        "year": "year",
        "status": "status",
        **{name: staff + field_name for name, field_name in _MULTI.items()},
    }


# --- the query: words and fields ---------------------------------------------------------------------------


@dataclass
class Plan:
    """A query split into what is matched (scored) and what filters."""

    match: list[Query] = field(default_factory=list)  # the words the records must match (ANDed; none: no words)
    exclude: list[Query] = field(default_factory=list)  # words no record may match
    filters: list[Query] = field(default_factory=list)  # the query's fields
    nothing: bool = False  # the query had words, but all were stop words: nothing matches


def plan(node: Node | None, *, audience: str) -> Plan:
    """Split the query at its top level into fields (filters) and words (the match), and translate both."""
    result = Plan()
    fields, words = split_fields(node)
    result.filters = [_fields_query(part, audience) for part in fields]
    positive = [_words(part) for part in words if not isinstance(part, Not)]
    found = [query for query in positive if query is not None]
    result.exclude = [query for part in words if isinstance(part, Not) and (query := _words(part.node)) is not None]
    if positive and not found:
        result.nothing = True
    else:
        result.match = found
    return result


def _words(node: Node) -> Query | None:
    """The words of a query part (None when all of them analyse to nothing)."""
    if isinstance(node, Term) and node.prefix:
        if not analysis.prefix_term(node.text):
            return None
        return Q(
            "multi_match",
            query=node.text,
            type="phrase_prefix",
            fields=TEXT_FIELDS,
            max_expansions=PREFIX_EXPANSIONS,
        )
    if isinstance(node, Term | Phrase):
        found = analysis.terms(node.text)
        if not found:
            return None
        if isinstance(node, Phrase) or len(found) > 1:
            return Q("multi_match", query=node.text, type="phrase", fields=TEXT_FIELDS)
        return Q("multi_match", query=node.text, fields=TEXT_FIELDS, operator="and")
    if isinstance(node, Or):
        parts = [query for child in node.nodes if (query := _words(child)) is not None]
        if len(parts) > 1:
            return Q("bool", should=parts, minimum_should_match=1)
        return parts[0] if parts else None
    if isinstance(node, And):
        positive = [q for child in node.nodes if not isinstance(child, Not) and (q := _words(child)) is not None]
        negative = [q for child in node.nodes if isinstance(child, Not) and (q := _words(child.node)) is not None]
        if not positive:
            return None
        if not negative and len(positive) == 1:
            return positive[0]
        return Q("bool", must=positive, **({"must_not": negative} if negative else {}))
    if isinstance(node, Not):  # the parser only lets a NOT stand beside something positive
        raise only_exclusions_error()
    raise QueryError(_("This part of the query cannot be searched."))


def _fields_query(node: Node, audience: str) -> Query:
    if isinstance(node, Field):
        if node.name == "year":
            bounds = {"gte": node.low, "lte": node.high}
            return Q("range", year={name: value for name, value in bounds.items() if value is not None})
        return filter_query(node.name, [node.value], audience)
    if isinstance(node, Not):
        return Q("bool", must_not=[_fields_query(node.node, audience)])
    assert isinstance(node, And | Or)
    parts = [_fields_query(child, audience) for child in node.nodes]
    if isinstance(node, And):
        return Q("bool", filter=parts)
    return Q("bool", should=parts, minimum_should_match=1)


# --- fields and page filters -------------------------------------------------------------------------------


def _dashed(value: str) -> str:
    return value.strip().lower().replace("_", "-")


def _terms(field_name: str, values: Sequence) -> Query:
    if not values:
        return Q("match_none")
    return Q("terms", **{field_name: list(values)})


def _any(queries: list[Query]) -> Query:
    if not queries:
        return Q("match_none")
    return queries[0] if len(queries) == 1 else Q("bool", should=queries, minimum_should_match=1)


def _law(values: Sequence[str]) -> Query:
    """A law by its id («12») or by number/year («17/2010», Arabic-Indic digits read as Western ones)."""
    cleaned = [western_digits(value.strip()) for value in values]
    ids = [number for value in cleaned if (number := whole_number(value)) is not None]
    refs = [value for value in cleaned if value and whole_number(value) is None]
    return _any(([_terms("law_id", ids)] if ids else []) + ([_terms("law_ref", refs)] if refs else []))


def filter_query(name: str, values: Sequence[str], audience: str) -> Query:
    """One facet's values (ORed), spelled as the database engine reads them (``kind:Legislative_Decree`` is
    «legislative-decree», ``standard:iccpr-19`` is «ICCPR-19», ``assessment:partially-compatible`` is
    «partially_compatible»)."""
    fields = facet_fields(audience)
    if name == "type":
        return _terms("kind", [value.strip().lower() for value in values])
    if name in ("kind", "status"):
        return _terms(fields[name], [_dashed(value) for value in values])
    if name == "year":
        years = [western_digits(value.strip()) for value in values]
        return _terms("year", [year for value in years if (year := whole_number(value, max_digits=4)) is not None])
    if name == "law":
        return _law(values)
    if name == "standard":  # codes are stored as the catalogue spells them; people type them in any case
        return _any(
            [
                Q("term", **{fields[name]: {"value": value.strip(), "case_insensitive": True}})
                for value in values
                if value.strip()
            ]
        )
    if name == "assessment":
        return _terms(fields[name], [value.strip().lower().replace("-", "_") for value in values])
    if name == "tag":
        return _terms(fields[name], [value.strip().lower() for value in values])
    raise QueryError(
        _("There is no filter «%(name)s»; the filters are %(known)s.") % {"name": name, "known": ", ".join(_FILTERS)}
    )


# --- requests ----------------------------------------------------------------------------------------------


def search_request(request: SearchRequest, index: str, withheld: Sequence[str] = ()) -> Search | None:
    """The search for one page of results with its total, facets and highlights; None when nothing can match
    (every word was a stop word), so no request is needed. ``withheld``: keys whose update still waits, which
    the public must not see until it is done (fail closed)."""
    query = plan(request.query, audience=request.audience)
    if query.nothing:
        return None
    filters = [Q("term", public=True)] if request.audience != "staff" else []
    filters += query.filters
    chosen = {
        name: filter_query(name, list(values), request.audience) for name, values in request.filters.items() if values
    }
    if not request.with_facets:
        filters += chosen.values()
    clauses: dict = {"filter": filters}
    if query.match:
        clauses["must"] = query.match
    if query.exclude:
        clauses["must_not"] = query.exclude
    if withheld and request.audience != "staff":
        clauses["must_not"] = [*_as_list(clauses.get("must_not")), Q("terms", key=list(withheld))]
    search = Search(index=index).query(Q("bool", **clauses)).source(SOURCE).extra(track_total_hits=True)
    if request.sort == "relevance" and query.match:
        search = search.sort("_score", {"law_id": "asc"}, {"order": "asc"}, {"key": "asc"})
    else:
        search = search.sort({"date": "desc"}, {"law_id": "asc"}, {"order": "asc"}, {"key": "asc"})
    if request.with_facets:
        search = _facets(search, chosen, request.audience)
    if request.with_highlights and query.match:
        search = search.highlight_options(**HIGHLIGHT).highlight("text.ar", matched_fields=["text.ar", "text.en"])
    offset = max(0, request.offset)
    return search[offset : offset + max(0, request.limit)]


def _facets(search: Search, chosen: dict[str, Query], audience: str) -> Search:
    """Facet counts; with page filters, those filter the hits after the query (``post_filter``) and each facet
    is counted with every filter but its own (a ``filter`` aggregation around it, its buckets under
    ``values``), so a ticked value leaves its facet's other values there to add."""
    if chosen:
        search = search.post_filter(Q("bool", filter=list(chosen.values())))
    for name, field_name in facet_fields(audience).items():
        terms = A("terms", field=field_name, size=FACET_SIZE, order=[{"_count": "desc"}, {"_key": "asc"}])
        if not chosen:
            search.aggs.bucket(name, terms)
            continue
        others = [query for other, query in chosen.items() if other != name]
        within = Q("bool", filter=others) if others else Q("match_all")
        search.aggs.bucket(name, "filter", filter=within).bucket("values", terms)
    return search


def _as_list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def similar_request(
    index: str, *, key: str, law_id: int | None, audience: str, limit: int, withheld: Sequence[str] = ()
) -> Search:
    """Articles worded most like this record's text (its most distinctive terms, at least one of them), from
    other laws, within what the audience may see."""
    like = Q(
        "more_like_this",
        fields=SIMILAR_FIELDS,
        like=[{"_index": index, "_id": key}],
        min_term_freq=1,
        min_doc_freq=2,
        max_query_terms=SIMILAR_TERMS,
        minimum_should_match="1",
    )
    filters = [Q("term", public=True)] if audience != "staff" else []
    filters.append(Q("term", kind="provision"))
    clauses: dict = {"must": [like], "filter": filters}
    if law_id is not None:
        clauses["must_not"] = [Q("term", law_id=law_id)]
    if withheld and audience != "staff":
        clauses["must_not"] = [*_as_list(clauses.get("must_not")), Q("terms", key=list(withheld))]
    search = Search(index=index).query(Q("bool", **clauses)).source(SOURCE)
    search = search.sort("_score", {"law_id": "asc"}, {"order": "asc"}, {"key": "asc"})
    search = search.highlight_options(**HIGHLIGHT).highlight("text.ar", matched_fields=["text.ar", "text.en"])
    return search[: max(0, limit)]
