"""The JSON search API at /api/search/ (no language prefix), declared once with django-ninja: the parameter and
response schemas below are what the API reads and answers, and what its OpenAPI 3.1 document
(/api/search/openapi.json) is generated from.

Public by default: a request sees what an anonymous visitor sees, whoever sends it. Staff results only with
``?audience=staff`` from a signed-in session with the permission to view laws; asked for without it, the answer
is 403, never quietly the staff results. A malformed query is a 400 with the message and where it went wrong
(``{"error": …, "position": n}``); an engine that is down is a 503. Parameters the API does not know are a 400,
so a mistyped filter never silently searches everything.

The values are read as the search pages read them (``search.forms.parse_params``: ``kind=law,decree`` for two
values, Arabic-Indic digits, a blank value as its default), from the whole query string, so that a parameter
the schema does not declare can be refused; what the reading finds wrong is the 400's message.
"""

import datetime
import math
from typing import Any, Literal, get_args
from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic import ValidationInfo, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from search import engine
from search.backends.base import EngineUnavailable
from search.documents import records
from search.forms import (
    FILTERS,
    MAX_PAGE_DEPTH,
    MAX_PER_PAGE,
    MAX_VALUES,
    PER_PAGE,
    RECORD_KEY,
    RecordType,
    SearchParams,
    Sort,
    parse_params,
)
from search.query import MAX_LENGTH, QueryError
from search.results import hit_data
from text.normalise import whole_number

__all__ = ["STAFF_PERMISSION", "SearchParameters", "SimilarParameters", "api"]

STAFF_PERMISSION = "legislation.view_law"
SIMILAR_MAX = 50
UNAVAILABLE = "Search is unavailable at the moment: the search engine cannot be reached."

Audience = Literal["public", "staff"]
_AUDIENCE = (
    "public (default): what anyone may see. staff: everything, including unpublished laws and annotations in "
    "review; only for a signed-in session (cookie) with the permission to view laws, else 403."
)
_REFUSED = "search_parameters"  # the type of a ValidationError raised while reading the query string


def _refusal(message: str, **extra: Any) -> PydanticCustomError:
    """A 400 with this body: ``{"error": message, **extra}``."""
    return PydanticCustomError(_REFUSED, "{error}", {"error": message, **extra})


def _query_string(data: Any, info: ValidationInfo) -> QueryDict:
    """The whole query string: ninja validates with the request in the context; otherwise the data given."""
    request = (info.context or {}).get("request")
    if isinstance(request, HttpRequest):
        return request.GET
    query = QueryDict(mutable=True)
    for name, value in dict(data).items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


class _Parameters(Schema):
    """Query parameters: exactly the fields declared, and a valid ``audience``."""

    @model_validator(mode="before")
    @classmethod
    def _read_query_string(cls, data: Any, info: ValidationInfo) -> dict[str, Any]:
        query = _query_string(data, info)
        unknown = sorted(set(query) - set(cls.model_fields))
        if unknown:
            raise _refusal(f"Unknown parameter «{unknown[0]}»; accepted: {', '.join(cls.model_fields)}.")
        audience = query.get("audience", "public") or "public"
        if audience not in get_args(Audience):
            raise _refusal(f"audience must be public or staff, not «{audience}».")
        return {**cls._read(query), "audience": audience}

    @classmethod
    def _read(cls, query: QueryDict) -> dict[str, Any]:
        raise NotImplementedError


def _filter(help_text: str) -> Any:  # a pydantic FieldInfo, typed Any as Field() is
    return Field(
        default_factory=list,
        max_length=MAX_VALUES,
        description=f"{help_text} Repeat the parameter (or separate values by commas) for any of several values; "
        "different filters all apply.",
    )


class SearchParameters(_Parameters):
    q: str = Field(
        "",
        description='The query, in Arabic or English: words (all must match), "a phrase", a OR b, -word, prefix*, '
        "(grouping), and fields kind:, year: (2010, 2000..2010, >=2011), status:, standard:, assessment:, tag:, "
        "law: (17/2010). Empty: everything, filtered.",
        # Longer is a malformed query (a 400 with its position). One example: ninja copies it to the parameter,
        # where OpenAPI wants ``example`` (``examples`` there is a map of named examples, not a list).
        json_schema_extra={"maxLength": MAX_LENGTH, "example": "حرية التعبير"},
    )
    type: list[RecordType] = _filter("Record type: provision (an article), law, annotation, proposal.")
    kind: list[str] = _filter(
        "Kind of law: constitution, law, legislative-decree, decree, regulation, decision, circular."
    )
    year: list[str] = _filter("The law's year (e.g. 2010).")
    status: list[str] = _filter("The law's status (in-force, amended, repealed) or a proposal's status.")
    standard: list[str] = _filter(
        "A human-rights standard's code (ICCPR-19) or its instrument (ICCPR), from public annotations."
    )
    assessment: list[str] = _filter(
        "An annotation's assessment: compatible, partially_compatible, incompatible, unclear."
    )
    tag: list[str] = _filter("A rights tag's slug, e.g. expression.")
    law: list[str] = _filter("A law's numeric id: only its records.")
    sort: Sort = Field("relevance", description="relevance (default) or date (newest law first).")
    page: int = Field(1, ge=1, description="Page of results, from 1 (no deeper than the 10,000th result).")
    per_page: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Results per page.")
    audience: Audience = Field("public", description=_AUDIENCE)

    @classmethod
    def _read(cls, query: QueryDict) -> dict[str, Any]:
        params = parse_params(query)
        if params.problems:
            raise _refusal(params.problems[0], problems=list(params.problems))
        return {
            "q": params.text,
            **params.filters,
            "sort": params.sort,
            "page": params.page,
            "per_page": params.per_page,
        }

    def params(self) -> SearchParams:
        filters = {name: tuple(getattr(self, name)) for name in FILTERS if getattr(self, name)}
        return SearchParams(text=self.q, filters=filters, sort=self.sort, page=self.page, per_page=self.per_page)


class SimilarParameters(_Parameters):
    limit: int = Field(10, ge=1, le=SIMILAR_MAX, description="How many articles at most.")
    audience: Audience = Field("public", description=_AUDIENCE)

    @classmethod
    def _read(cls, query: QueryDict) -> dict[str, Any]:
        limit = whole_number(query.get("limit", "10") or "10", max_digits=3)
        if limit is None or not 1 <= limit <= SIMILAR_MAX:
            raise _refusal(f"limit must be a whole number from 1 to {SIMILAR_MAX}.")
        return {"limit": limit}


class Hit(Schema):
    key: str = Field(examples=["provision:123"])
    kind: RecordType
    law: str = Field(description="The law's title, in its own language.")
    law_id: int | None
    citation: str = Field(examples=["Law No. 17 of 2010"])
    provision: str = Field(description="The article's identifier (eid), e.g. chp_2__art_12.")
    number: str = Field(description="The article's number as printed.")
    title: str
    score: float
    snippet: str = Field(description="HTML: the matching passage, escaped, matching words in <mark>, «…» where cut.")
    url: str = Field(description="The citable public address.", json_schema_extra={"format": "uri"})
    language: str = Field(description="The language of the text: ar or en.")
    year: int | None
    date: datetime.date | None
    status: str


class FacetValue(Schema):
    value: str
    count: int


class Results(Schema):
    query: str
    audience: Audience
    filters: dict[str, list[str]]
    sort: Sort
    total: int
    page: int
    per_page: int
    pages: int
    lagging: bool = Field(description="True while index updates wait: the latest changes may not be found yet.")
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = Field(
        description="Per facet (type, kind, year, status, standard, assessment, tag), its values with the number "
        "of matching records, highest first."
    )


class Similar(Schema):
    key: str
    audience: Audience
    hits: list[Hit]


class Error(Schema):
    """Absent keys are left out of the body, never null."""

    error: str = Field(description="What went wrong, for a person to read.")
    position: int | SkipJsonSchema[None] = Field(
        default=None, description="For a malformed query: where (0-based character offset)."
    )
    problems: list[str] | SkipJsonSchema[None] = Field(default=None, description="Every problem with the parameters.")


class _UnescapedJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Arabic as itself, not \\u escapes


class _SearchAPI(NinjaAPI):
    def get_content_type(self) -> str:
        return "application/json"  # JSON is UTF-8 by definition (RFC 8259): no charset parameter


api = _SearchAPI(
    title="Qanun search API",
    version="1.0.0",
    description="Results are at article level, with the matching passage highlighted and the citable address of "
    "each article. Only published material is returned unless a staff session asks for audience=staff.",
    openapi_extra={"info": {"summary": "Full-text search of laws, their articles, annotations and reform proposals."}},
    urls_namespace="search-api",
    docs_url=None,
    openapi_url="/openapi.json",
    renderer=_UnescapedJSON(),
)
_SEARCH_RESPONSES: dict[int, type[Schema]] = {200: Results, 400: Error, 403: Error, 503: Error}
_SIMILAR_RESPONSES: dict[int, type[Schema]] = {200: Similar, 400: Error, 403: Error, 404: Error, 503: Error}
_WHEN = {
    400: "Malformed query or parameter (with where the query went wrong).",
    403: "Staff results asked for without a staff session.",
    404: "No such record (or not public).",
    503: "The search engine cannot be reached.",
}


def _described(responses: dict[int, type[Schema]], *, ok: str) -> dict[str, Any]:
    """The responses' descriptions in the document (ninja's own are the HTTP reason phrases)."""
    return {
        "responses": {200: {"description": ok}}
        | {code: {"description": _WHEN[code]} for code in responses if code in _WHEN}
    }


def _error(request: HttpRequest, status: int, error: Error) -> HttpResponse:
    response = api.create_response(request, error.model_dump(exclude_none=True), status=status)
    response["Cache-Control"] = "no-store"
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0]
    if first["type"] == _REFUSED:
        return _error(request, 400, Error(**first["ctx"]))
    return _error(request, 400, Error(error=f"{first['loc'][-1]}: {first['msg']}."))


@api.exception_handler(HttpError)
def _refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, Error(error=str(exc)))


@api.exception_handler(QueryError)
def _malformed(request: HttpRequest, exc: QueryError) -> HttpResponse:
    return _error(request, 400, Error(error=exc.message, position=exc.position))


@api.exception_handler(EngineUnavailable)
def _unavailable(request: HttpRequest, exc: EngineUnavailable) -> HttpResponse:
    return _error(request, 503, Error(error=UNAVAILABLE))


def _staff(request: HttpRequest, audience: Audience) -> bool:
    """Staff results? Only when asked for and the session may see them; else 403."""
    if audience == "public":
        return False
    if not request.user.is_authenticated:
        raise HttpError(403, "Staff results need a signed-in staff session (log in to the admin first).")
    if not request.user.has_perm(STAFF_PERMISSION):
        raise HttpError(403, "This account may not see staff results.")
    return True


def _site_url(path: str) -> str:
    """A hit's address as a full URL under ``SITE_URL``, never the host the request named."""
    return urljoin(settings.SITE_URL, path)


def _cache(response: HttpResponse, *, staff: bool) -> None:
    # Staff answers depend on the session; never cached where someone else could get them.
    response["Cache-Control"] = "private, no-store" if staff else "public, max-age=60"
    response["Vary"] = "Cookie"


@api.get(
    "/",
    response=_SEARCH_RESPONSES,
    url_name="search",
    operation_id="search",
    summary="Search",
    openapi_extra=_described(_SEARCH_RESPONSES, ok="A page of results."),
)
def search_api(request: HttpRequest, response: HttpResponse, parameters: Query[SearchParameters]) -> dict[str, Any]:
    """Laws, articles, annotations and proposals matching the query, a page at a time, with facet counts."""
    staff = _staff(request, parameters.audience)
    params = parameters.params()
    results = engine.search(
        params.text, staff=staff, filters=params.filters, sort=params.sort, page=params.page, per_page=params.per_page
    )
    _cache(response, staff=staff)
    return {
        "query": params.text,
        "audience": parameters.audience,
        "filters": {name: list(values) for name, values in params.filters.items()},
        "sort": params.sort,
        "total": results.total,
        "page": params.page,
        "per_page": params.per_page,
        "pages": min(math.ceil(results.total / params.per_page), max(1, MAX_PAGE_DEPTH // params.per_page)),
        "lagging": results.lagging,
        "hits": [hit_data(hit, url=_site_url(hit.url)) for hit in results.hits],
        "facets": {
            name: [{"value": value.value, "count": value.count} for value in values]
            for name, values in results.facets.items()
        },
    }


@api.get(
    "/similar/{key}/",
    response=_SIMILAR_RESPONSES,
    url_name="similar",
    operation_id="similar",
    summary="Similar provisions: the articles of other laws most like this one.",
    openapi_extra=_described(_SIMILAR_RESPONSES, ok="The most similar records."),
)
def similar_api(
    request: HttpRequest,
    response: HttpResponse,
    parameters: Query[SimilarParameters],
    key: str = Path(
        ...,
        description="The record's key, e.g. provision:123 (a hit's key).",
        example="provision:123",
    ),
) -> dict[str, Any]:
    """The articles of other laws worded most like this record, among those the audience may see."""
    staff = _staff(request, parameters.audience)
    found = [record for record in records([key]).records if staff or record.public] if RECORD_KEY.match(key) else []
    if not found:
        raise HttpError(404, f"No record «{key}».")
    hits = engine.similar(key, staff=staff, limit=parameters.limit)
    _cache(response, staff=staff)
    return {
        "key": key,
        "audience": parameters.audience,
        "hits": [hit_data(hit, url=_site_url(hit.url)) for hit in hits],
    }
