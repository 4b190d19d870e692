"""The search pages: the public page (/search/), similar provisions (/search/similar/<key>/), the CSV export
(/search/export.csv), and the staff page in the admin (/admin/search-corpus/, registered in wagtail_hooks).

Every public request searches as the public (``staff=False``), whoever is signed in; only the staff page, behind
a login and a permission, searches as staff. A malformed query is shown back with its message and where it went
wrong (status 200, never a 500); an engine that is down is said plainly (status 503).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from audit.events import Action, record
from legislation.models import Law
from search.backends.base import FACETS, EngineUnavailable, Hit, SearchResults
from search.forms import MAX_PAGE_DEPTH, RECORD_KEY, SearchParams, parse_params
from search.query import QueryError
from search.results import (
    CSV_COLUMNS,
    TYPE_LABEL_SINGULAR,
    FacetOption,
    InterfaceLabels,
    LawGroup,
    StaffInfo,
    csv_rows,
    facet_options,
    group_by_law,
    hit_label,
    interface_labels,
    localised_path,
    page_numbers,
    staff_info,
)
from text.csv_export import csv_lines

__all__ = [
    "CSV_LIMIT",
    "STAFF_PERMISSION",
    "Outcome",
    "StaffSearchView",
    "export_csv",
    "run_search",
    "search_page",
    "similar_page",
    "staff_export_csv",
]

STAFF_PERMISSION = "legislation.view_law"
CSV_LIMIT = 5_000
CSV_BATCH = 500
SIMILAR_LIMIT = 10


def _engine() -> ModuleType:
    from search import engine

    return engine


@dataclass
class Outcome:
    """A search as a page shows it: the results, or why there are none."""

    params: SearchParams
    results: SearchResults | None = None
    error: QueryError | None = None
    unavailable: bool = False

    @property
    def pages(self) -> int:
        if not self.results or not self.results.total:
            return 0
        deepest = max(1, MAX_PAGE_DEPTH // self.params.per_page)
        return min(math.ceil(self.results.total / self.params.per_page), deepest)


def run_search(params: SearchParams, *, staff: bool, with_facets: bool = True) -> Outcome:
    """Search with these parameters; a page past the last one shows the last one."""
    outcome = Outcome(params)
    if not params.asked:
        return outcome
    try:
        outcome.results = _engine().search(
            params.text,
            staff=staff,
            filters=params.filters,
            sort=params.sort,
            page=params.page,
            per_page=params.per_page,
            with_facets=with_facets,
        )
        if outcome.results.total and not outcome.results.hits and params.page > outcome.pages:
            outcome.params = params.with_page(outcome.pages)
            return run_search(outcome.params, staff=staff, with_facets=with_facets)
    except QueryError as error:
        outcome.error = error
    except EngineUnavailable:
        outcome.unavailable = True
    return outcome


@dataclass
class HitView:
    hit: Hit
    label: str
    url: str
    type_label: str
    similar_url: str = ""
    staff: StaffInfo | None = None
    staff_links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class GroupView:
    group: LawGroup
    url: str
    law_hit: HitView | None
    hits: list[HitView]
    staff_links: list[tuple[str, str]] = field(default_factory=list)
    published: bool | None = None


def _reverse(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _hit_view(hit: Hit, *, labels: InterfaceLabels, staff: dict[str, StaffInfo] | None) -> HitView:
    view = HitView(
        hit=hit,
        label=labels.annotations.get(hit.key) or hit_label(hit),
        url=localised_path(hit.url),
        type_label=str(TYPE_LABEL_SINGULAR.get(hit.kind, hit.kind)),
    )
    if hit.kind == "provision":
        view.similar_url = reverse("search:similar", args=[hit.key])
    if staff is not None:
        view.staff = staff.get(hit.key)
        if hit.kind == "annotation":
            edit = _reverse("wagtailsnippets_reviews_annotation:edit", hit.key.partition(":")[2])
            if edit:
                view.staff_links.append((_("Edit annotation"), edit))
        if view.staff and view.staff.law_published is False:
            view.url = ""  # no public page to link to
    return view


def _group_views(hits: list[Hit], *, staff: bool) -> list[GroupView]:
    info = staff_info(hits) if staff else None
    labels = interface_labels(hits)
    views = []
    for group in group_by_law(hits):
        if group.law_id in labels.citations:
            group.citation = labels.citations[group.law_id]
        law_hit = _hit_view(group.law_hit, labels=labels, staff=info) if group.law_hit else None
        view = GroupView(
            group=group,
            url=localised_path(group.url) if group.url else "",
            law_hit=law_hit,
            hits=[_hit_view(hit, labels=labels, staff=info) for hit in group.hits],
        )
        if staff and group.law_id is not None:
            first = group.law_hit or group.hits[0]
            view.published = info[first.key].law_published if info else None
            if view.published is False:
                view.url = ""
            view.staff_links = [
                (label, url)
                for label, url in (
                    (_("Law in the admin"), _reverse("wagtailsnippets_legislation_law:inspect", group.law_id)),
                    (_("Workspace"), _reverse("reviews_workspace", group.law_id)),
                )
                if url
            ]
        views.append(view)
    return views


def _facets(outcome: Outcome) -> list[tuple[str, str, list[FacetOption]]]:
    if outcome.results is None:
        return []
    return facet_options(outcome.results.facets, outcome.params.filters, FACETS)


def search_context(outcome: Outcome, *, staff: bool, csv_url: str) -> dict[str, Any]:
    """What the search templates show (the public and the staff page share them)."""
    params = outcome.params
    results = outcome.results
    pages = outcome.pages
    error_at = None
    if outcome.error is not None:
        position = max(0, min(outcome.error.position, len(params.text)))
        error_at = (params.text[:position], params.text[position:])
    return {
        "params": params,
        "outcome": outcome,
        "results": results,
        "groups": _group_views(results.hits, staff=staff) if results else [],
        "facets": _facets(outcome),
        "page": params.page,
        "pages": pages,
        "page_links": [
            (number, params.querystring(page=number) or "?") if number else (None, "")
            for number in page_numbers(params.page, pages)
        ]
        if pages > 1
        else [],
        "previous_url": (params.querystring(page=params.page - 1) or "?") if params.page > 1 else "",
        "next_url": params.querystring(page=params.page + 1) if params.page < pages else "",
        "first_shown": params.offset + 1 if results and results.hits else 0,
        "last_shown": params.offset + len(results.hits) if results else 0,
        "csv_url": csv_url + params.querystring(page=1) if results and results.total else "",
        "sorts": [("relevance", _("Relevance")), ("date", _("Date, newest first"))],
        "error_at": error_at,
        "staff": staff,
    }


def search_page(request: HttpRequest) -> HttpResponse:
    """The public search page: always as the public sees it."""
    outcome = run_search(parse_params(request.GET), staff=False)
    context = search_context(outcome, staff=False, csv_url=reverse("search:export"))
    return render(request, "search/search.html", context, status=503 if outcome.unavailable else 200)


def similar_page(request: HttpRequest, key: str) -> HttpResponse:
    """The articles of other laws most like this one, as the public sees them."""
    from search.documents import records

    if not RECORD_KEY.match(key):
        raise Http404
    found = [record for record in records([key]).records if record.public]
    if not found:
        raise Http404
    source = found[0]
    unavailable = False
    hits: list[Hit] = []
    try:
        hits = _engine().similar(key, staff=False, limit=SIMILAR_LIMIT)
    except EngineUnavailable:
        unavailable = True

    law = Law.objects.filter(pk=source.law_id).first() if source.law_id else None
    context = {
        "source": source,
        "source_citation": str(law.citation) if law else source.law_citation,
        "source_label": _("Article %(number)s") % {"number": source.number} if source.number else source.title,
        "source_url": localised_path(source.url),
        "groups": _group_views(hits, staff=False),
        "count": len(hits),
        "unavailable": unavailable,
        "staff": False,
    }
    return render(request, "search/similar.html", context, status=503 if unavailable else 200)


def _site_url(path: str) -> str:
    """A path on the public site as a full URL under ``SITE_URL`` (never the request's Host header)."""
    return urljoin(settings.SITE_URL, path)


def _csv_response(request: HttpRequest, params: SearchParams, *, staff: bool) -> HttpResponseBase:
    """The results as CSV (UTF-8 with a byte-order mark, so Excel reads Arabic; every cell through
    ``text.csv_export``, so none runs as a formula), at most ``CSV_LIMIT`` rows; when there are more, the last row
    says so. Links are under ``SITE_URL``, never the host the request named."""
    params = SearchParams(text=params.text, filters=params.filters, sort=params.sort, page=1, per_page=CSV_BATCH)
    try:
        first = _engine().search(
            params.text, staff=staff, filters=params.filters, sort=params.sort, page=1, per_page=CSV_BATCH,
            with_facets=False,
        )  # fmt: skip
    except QueryError as error:
        message = _("The search could not be understood: %(message)s (at character %(position)s)") % {
            "message": error.message,
            "position": error.position + 1,
        }
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    except EngineUnavailable:
        return HttpResponse(
            _("Search is unavailable at the moment. Please try again in a few minutes."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )

    def hits() -> Any:
        yield from first.hits
        shown = len(first.hits)
        page = 1
        while shown < min(first.total, CSV_LIMIT) and len(first.hits) == CSV_BATCH:
            page += 1
            batch = _engine().search(
                params.text, staff=staff, filters=params.filters, sort=params.sort, page=page, per_page=CSV_BATCH,
                with_facets=False,
            ).hits  # fmt: skip
            if not batch:
                return
            yield from batch[: CSV_LIMIT - shown]
            shown += len(batch)

    def rows() -> Any:
        yield CSV_COLUMNS
        yield from csv_rows(hits(), absolute=_site_url)
        if first.total > CSV_LIMIT:
            note = _(
                "Only the first %(limit)s of %(total)s results are in this file: narrow the search to export the rest."
            )
            yield ["# " + note % {"limit": f"{CSV_LIMIT:,}", "total": f"{first.total:,}"}]

    if staff:  # what staff take out of the corpus is on the audit trail; the public's reading is not recorded
        record(
            Action.EXPORT,
            request=request,
            detail={"export": "search CSV", "query": params.text[:200], "results": min(first.total, CSV_LIMIT)},
        )
    response = StreamingHttpResponse(csv_lines(rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="qanun-search.csv"'
    response["X-Total-Count"] = str(first.total)
    return response


def export_csv(request: HttpRequest) -> HttpResponseBase:
    """/search/export.csv?q=…: the public results as CSV."""
    return _csv_response(request, parse_params(request.GET), staff=False)


def _require_staff(request: HttpRequest) -> None:
    if not request.user.has_perm(STAFF_PERMISSION):
        raise PermissionDenied


def staff_export_csv(request: HttpRequest) -> HttpResponseBase:
    """The staff results as CSV (admin only, with the permission)."""
    _require_staff(request)
    return _csv_response(request, parse_params(request.GET), staff=True)


class StaffSearchView(WagtailAdminTemplateMixin, TemplateView):
    """Search everything staff may see: unpublished laws, annotations in review, with their status."""

    template_name = "search/staff_search.html"
    header_icon = "search"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        _require_staff(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Search")

    def get_page_subtitle(self) -> str:
        return _("Everything, including drafts")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.outcome = run_search(parse_params(request.GET), staff=True)
        response = super().get(request, *args, **kwargs)
        if self.outcome.unavailable:
            response.status_code = 503
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(search_context(self.outcome, staff=True, csv_url=reverse("search_corpus_export")))
        context["form_action"] = reverse("search_corpus")
        return context
