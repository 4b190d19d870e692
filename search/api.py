"""The JSON search API: /api/search/?q=…, /api/search/similar/<key>/, and its OpenAPI 3.1 description.

Public by default: a request sees what an anonymous visitor sees, whoever sends it. Staff results only with
``?audience=staff`` from a signed-in session with the permission to view laws; asked for without it, the answer
is 403, never quietly the staff results. A malformed query is a 400 with the message and where it went wrong
(``{"error": …, "position": n}``); an engine that is down is a 503. Parameters the API does not know are a 400,
so a mistyped filter never silently searches everything.
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from search.backends.base import EngineUnavailable, SearchResults
from search.forms import FILTERS, MAX_PAGE_DEPTH, RECORD_KEY, SearchParams, parse_params
from search.query import QueryError
from search.results import hit_data
from text.normalise import whole_number

__all__ = [
    "SEARCH_PARAMETERS",
    "SIMILAR_PARAMETERS",
    "STAFF_PERMISSION",
    "openapi_document",
    "search_api",
    "similar_api",
]

STAFF_PERMISSION = "legislation.view_law"
SEARCH_PARAMETERS: tuple[str, ...] = ("q", *FILTERS, "sort", "page", "per_page", "audience")
SIMILAR_PARAMETERS: tuple[str, ...] = ("limit", "audience")
SIMILAR_MAX = 50


def _engine():  # noqa: ANN202
    from search import engine

    return engine


def _error(message: str, status: int, **extra: Any) -> JsonResponse:
    response = JsonResponse({"error": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def _json(data: dict[str, Any], *, staff: bool) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # Staff answers depend on the session; never cached where someone else could get them.
    response["Cache-Control"] = "private, no-store" if staff else "public, max-age=60"
    response["Vary"] = "Cookie"
    return response


def _audience(request: HttpRequest) -> tuple[bool, JsonResponse | None]:
    """(staff?, refusal): staff only when asked for and the session may see it."""
    audience = request.GET.get("audience", "public") or "public"
    if audience == "public":
        return False, None
    if audience != "staff":
        return False, _error(f"audience must be public or staff, not «{audience}».", 400)
    if not request.user.is_authenticated:
        return False, _error("Staff results need a signed-in staff session (log in to the admin first).", 403)
    if not request.user.has_perm(STAFF_PERMISSION):
        return False, _error("This account may not see staff results.", 403)
    return True, None


def _unknown(request: HttpRequest, accepted: tuple[str, ...]) -> JsonResponse | None:
    unknown = sorted(set(request.GET) - set(accepted))
    if unknown:
        return _error(f"Unknown parameter «{unknown[0]}»; accepted: {', '.join(accepted)}.", 400)
    return None


def _results_data(request: HttpRequest, params: SearchParams, results: SearchResults, *, staff: bool) -> dict:
    pages = min(math.ceil(results.total / params.per_page), max(1, MAX_PAGE_DEPTH // params.per_page))
    return {
        "query": params.text,
        "audience": "staff" if staff else "public",
        "filters": {name: list(values) for name, values in params.filters.items()},
        "sort": params.sort,
        "total": results.total,
        "page": params.page,
        "per_page": params.per_page,
        "pages": pages,
        "lagging": results.lagging,
        "hits": [hit_data(hit, url=request.build_absolute_uri(hit.url)) for hit in results.hits],
        "facets": {
            name: [{"value": value.value, "count": value.count} for value in values]
            for name, values in results.facets.items()
        },
    }


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    """GET /api/search/?q=…&type=provision&kind=law&sort=date&page=2"""
    refusal = _unknown(request, SEARCH_PARAMETERS)
    if refusal:
        return refusal
    staff, refusal = _audience(request)
    if refusal:
        return refusal
    params = parse_params(request.GET)
    if params.problems:
        return _error(params.problems[0], 400, problems=list(params.problems))
    try:
        results = _engine().search(
            params.text, staff=staff, filters=params.filters, sort=params.sort, page=params.page,
            per_page=params.per_page,
        )  # fmt: skip
    except QueryError as error:
        return _error(error.message, 400, position=error.position)
    except EngineUnavailable:
        return _error("Search is unavailable at the moment: the search engine cannot be reached.", 503)
    return _json(_results_data(request, params, results, staff=staff), staff=staff)


@require_GET
def similar_api(request: HttpRequest, key: str) -> JsonResponse:
    """GET /api/search/similar/provision:123/?limit=10: the most similar articles of other laws."""
    from search.documents import records

    refusal = _unknown(request, SIMILAR_PARAMETERS)
    if refusal:
        return refusal
    staff, refusal = _audience(request)
    if refusal:
        return refusal
    raw = request.GET.get("limit", "10") or "10"
    limit = whole_number(raw, max_digits=3)
    if limit is None or not 1 <= limit <= SIMILAR_MAX:
        return _error(f"limit must be a whole number from 1 to {SIMILAR_MAX}.", 400)
    found = [record for record in records([key]).records if staff or record.public] if RECORD_KEY.match(key) else []
    if not found:
        return _error(f"No record «{key}».", 404)
    try:
        hits = _engine().similar(key, staff=staff, limit=limit)
    except EngineUnavailable:
        return _error("Search is unavailable at the moment: the search engine cannot be reached.", 503)
    data = {
        "key": key,
        "audience": "staff" if staff else "public",
        "hits": [hit_data(hit, url=request.build_absolute_uri(hit.url)) for hit in hits],
    }
    return _json(data, staff=staff)


@require_GET
def openapi_document(request: HttpRequest) -> JsonResponse:
    """The API's OpenAPI 3.1 description, with this server's address."""
    from search.openapi import document

    return JsonResponse(
        document(server=request.build_absolute_uri("/")), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
