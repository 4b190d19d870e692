"""The public law library: published laws only (issue 6 fills these in)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def law_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def law_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def law_detail(request: HttpRequest, kind: str, year: int, number: str) -> HttpResponse:
    raise Http404
