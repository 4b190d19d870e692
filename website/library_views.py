"""The public law library: published laws only. Views parse the request, call ``website.library``, render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language_bidi

from legislation.citations import law_path
from legislation.models import Law
from reviews.compliance import ASSESSMENT_ORDER, compliance_charts
from reviews.models import Annotation
from website import library

PER_PAGE = 20


def law_list(request: HttpRequest) -> HttpResponse:
    filters = library.LawFilters.from_query(request.GET)
    paginator = Paginator(library.filtered_laws(filters), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "library/law_list.html",
        {
            "filters": filters,
            "options": library.filter_options(filters),
            "page_obj": page,
            "laws": page.object_list,
            "total": paginator.count,
            "query": query.urlencode(),
            "meta_title": translation.gettext("Law library"),
            "meta_description": translation.gettext(
                "Laws and decrees reviewed against international human-rights standards, article by article."
            ),
        },
    )


def law_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    law = library.public_law_by_id(pk)
    if law is None:
        raise Http404
    canonical = law_path(law, language=translation.get_language())
    if canonical != request.path:
        return HttpResponsePermanentRedirect(canonical)
    return _law_detail(request, law)


def law_detail(request: HttpRequest, kind: str, year: int, number: str) -> HttpResponse:
    law = library.public_law(kind, year, number)
    if law is None:
        raise Http404
    return _law_detail(request, law)


def _law_detail(request: HttpRequest, law: Law) -> HttpResponse:
    page = library.law_page(law)
    chart_by_assessment = chart_by_standard = None
    if page.compliance.rows:
        chart_by_assessment, chart_by_standard = compliance_charts(
            page.compliance,
            rtl=get_language_bidi(),
            arabic=(translation.get_language() or "").startswith("ar"),
        )
    description = " · ".join(
        part
        for part in (str(law.citation), law.issuing_authority, law.title_en if law.language == "ar" else "")
        if part
    )
    return render(
        request,
        "library/law_detail.html",
        {
            "law": law,
            "law_page": page,
            "chart_by_assessment": chart_by_assessment,
            "chart_by_standard": chart_by_standard,
            "assessment_legend": _legend(),
            "meta_title": law.title,
            "meta_description": description,
            "meta_type": "article",
        },
    )


def _legend() -> list[tuple[str, str]]:
    return [(value, str(Annotation.Assessment(value).label)) for value in ASSESSMENT_ORDER]
