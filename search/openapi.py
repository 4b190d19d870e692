"""The OpenAPI 3.1 description of the search API, written by hand (served at /api/search/openapi.json).

The parameters listed here are the ones ``search.api`` accepts (a test holds the two together).
"""

from __future__ import annotations

from typing import Any

from search.forms import MAX_PER_PAGE, PER_PAGE, RECORD_TYPES, SORTS

__all__ = ["document"]

_FILTER_HELP = {
    "type": "Record type: provision (an article), law, annotation, proposal.",
    "kind": "Kind of law: constitution, law, legislative-decree, decree, regulation, decision, circular.",
    "year": "The law's year (e.g. 2010).",
    "status": "The law's status (in-force, amended, repealed) or a proposal's status.",
    "standard": "A human-rights standard's code (ICCPR-19) or its instrument (ICCPR), from public annotations.",
    "assessment": "An annotation's assessment: compatible, partially_compatible, incompatible, unclear.",
    "tag": "A rights tag's slug, e.g. expression.",
    "law": "A law's numeric id: only its records.",
}


def _filter(name: str) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "string"}
    if name == "type":
        item = {"type": "string", "enum": list(RECORD_TYPES)}
    elif name in {"year", "law"}:
        item = {"type": "string", "pattern": "^[0-9]+$"}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": _FILTER_HELP[name] + " Repeat the parameter (or separate values by commas) for any of several"
        " values; different filters all apply.",
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": item, "maxItems": 20},
    }


_AUDIENCE = {
    "name": "audience",
    "in": "query",
    "required": False,
    "description": "public (default): what anyone may see. staff: everything, including unpublished laws and "
    "annotations in review; only for a signed-in session (cookie) with the permission to view laws, else 403.",
    "schema": {"type": "string", "enum": ["public", "staff"], "default": "public"},
}

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string", "description": "What went wrong, for a person to read."},
        "position": {"type": "integer", "description": "For a malformed query: where (0-based character offset)."},
        "problems": {"type": "array", "items": {"type": "string"}},
    },
}

_HIT = {
    "type": "object",
    "required": ["key", "kind", "law", "law_id", "provision", "number", "score", "snippet", "url", "title", "language"],
    "properties": {
        "key": {"type": "string", "examples": ["provision:123"]},
        "kind": {"type": "string", "enum": list(RECORD_TYPES)},
        "law": {"type": "string", "description": "The law's title, in its own language."},
        "law_id": {"type": ["integer", "null"]},
        "citation": {"type": "string", "examples": ["Law No. 17 of 2010"]},
        "provision": {"type": "string", "description": "The article's identifier (eid), e.g. chp_2__art_12."},
        "number": {"type": "string", "description": "The article's number as printed."},
        "title": {"type": "string"},
        "score": {"type": "number"},
        "snippet": {
            "type": "string",
            "description": "HTML: the matching passage, escaped, matching words in <mark>, «…» where cut.",
        },
        "url": {"type": "string", "format": "uri", "description": "The citable public address."},
        "language": {"type": "string", "enum": ["ar", "en"]},
        "year": {"type": ["integer", "null"]},
        "date": {"type": ["string", "null"], "format": "date"},
        "status": {"type": "string"},
    },
}

_FACET_VALUE = {
    "type": "object",
    "required": ["value", "count"],
    "properties": {"value": {"type": "string"}, "count": {"type": "integer"}},
}

_RESULTS = {
    "type": "object",
    "required": ["query", "audience", "total", "page", "per_page", "pages", "lagging", "hits", "facets"],
    "properties": {
        "query": {"type": "string"},
        "audience": {"type": "string", "enum": ["public", "staff"]},
        "filters": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "sort": {"type": "string", "enum": list(SORTS)},
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "pages": {"type": "integer"},
        "lagging": {
            "type": "boolean",
            "description": "True while index updates wait: the latest changes may not be found yet.",
        },
        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        "facets": {
            "type": "object",
            "description": "Per facet (type, kind, year, status, standard, assessment, tag), its values with the "
            "number of matching records, highest first.",
            "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
        },
    },
}


def _response(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema}}}}


def document(*, server: str = "/") -> dict[str, Any]:
    from search.forms import FILTERS

    search_parameters = [
        {
            "name": "q",
            "in": "query",
            "required": False,
            "description": 'The query, in Arabic or English: words (all must match), "a phrase", a OR b, -word, '
            "prefix*, (grouping), and fields kind:, year: (2010, 2000..2010, >=2011), status:, standard:, "
            "assessment:, tag:, law: (17/2010). Empty: everything, filtered.",
            "schema": {"type": "string", "maxLength": 500},
            "examples": {"arabic": {"value": "حرية التعبير"}, "fields": {"value": '"أخبار كاذبة" year:2000..2020'}},
        },
        *[_filter(name) for name in FILTERS],
        {
            "name": "sort",
            "in": "query",
            "required": False,
            "description": "relevance (default) or date (newest law first).",
            "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"},
        },
        {
            "name": "page",
            "in": "query",
            "required": False,
            "description": "Page of results, from 1 (no deeper than the 10,000th result).",
            "schema": {"type": "integer", "minimum": 1, "default": 1},
        },
        {
            "name": "per_page",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": PER_PAGE},
        },
        _AUDIENCE,
    ]
    errors = {
        "400": _response(
            "Malformed query or parameter (with where the query went wrong).", "#/components/schemas/Error"
        ),
        "403": _response("Staff results asked for without a staff session.", "#/components/schemas/Error"),
        "503": _response("The search engine cannot be reached.", "#/components/schemas/Error"),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Qanun search API",
            "version": "1.0.0",
            "summary": "Full-text search of laws, their articles, annotations and reform proposals.",
            "description": "Results are at article level, with the matching passage highlighted and the citable "
            "address of each article. Only published material is returned unless a staff session asks for "
            "audience=staff.",
        },
        "servers": [{"url": server.rstrip("/") or "/"}],
        "paths": {
            "/api/search/": {
                "get": {
                    "operationId": "search",
                    "summary": "Search",
                    "parameters": search_parameters,
                    "responses": {"200": _response("A page of results.", "#/components/schemas/Results"), **errors},
                }
            },
            "/api/search/similar/{key}/": {
                "get": {
                    "operationId": "similar",
                    "summary": "Similar provisions: the articles of other laws most like this one.",
                    "parameters": [
                        {
                            "name": "key",
                            "in": "path",
                            "required": True,
                            "description": "The record's key, e.g. provision:123 (a hit's key).",
                            "schema": {"type": "string", "pattern": "^(law|provision|annotation|proposal):[0-9]+$"},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
                        },
                        _AUDIENCE,
                    ],
                    "responses": {
                        "200": _response("The most similar records.", "#/components/schemas/Similar"),
                        "404": _response("No such record (or not public).", "#/components/schemas/Error"),
                        **errors,
                    },
                }
            },
            "/api/search/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This description.",
                    "responses": {"200": {"description": "OpenAPI 3.1 document.", "content": {"application/json": {}}}},
                }
            },
        },
        "components": {
            "schemas": {
                "Hit": _HIT,
                "FacetValue": _FACET_VALUE,
                "Results": _RESULTS,
                "Similar": {
                    "type": "object",
                    "required": ["key", "hits"],
                    "properties": {
                        "key": {"type": "string"},
                        "audience": {"type": "string", "enum": ["public", "staff"]},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                    },
                },
                "Error": _ERROR,
            }
        },
    }
