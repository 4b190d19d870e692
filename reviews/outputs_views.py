"""Staff pages and downloads of the outputs: a law's compliance table (page with charts, CSV) and its annotations
as W3C JSON-LD and CSV; and the stable addresses the exports cite, which lead staff to the thing itself.

Every view checks ``reviews.view_annotation`` itself; which annotations count is ``reviews.compliance``'s rule, the
status filter read from ``?status=`` (approved only unless asked).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from legislation.models import Law, Provision
from reviews.compliance import (
    ASSESSMENT_ORDER,
    OUTPUT_STATUSES,
    ComplianceTable,
    compliance_table,
    parse_statuses,
)
from reviews.exports import (
    CSV_CONTENT_TYPE,
    JSONLD_CONTENT_TYPE,
    annotations_csv,
    annotations_jsonld,
    compliance_csv,
    site_url,
)
from reviews.models import Annotation, StandardProvision

VIEW_PERMISSION = "reviews.view_annotation"


def _require(request: HttpRequest, permission: str = VIEW_PERMISSION) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _statuses(request: HttpRequest) -> frozenset[str]:
    return parse_statuses(request.GET.getlist("status"))


def _status_query(statuses: frozenset[str]) -> str:
    if statuses == frozenset(OUTPUT_STATUSES):
        return "?status=all"
    return "?" + "&".join(f"status={status}" for status in OUTPUT_STATUSES if status in statuses)


# Charts: inline SVG drawn here, no JavaScript. Geometry in SVG user units; the SVG scales to its box.
CHART_WIDTH, LABEL_WIDTH, VALUE_WIDTH, ROW_HEIGHT, BAR_HEIGHT = 540, 180, 36, 30, 20


@dataclass(frozen=True)
class Segment:
    assessment: str
    label: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    total: int
    segments: tuple[Segment, ...]
    y: int
    text_y: int
    label_x: float
    value_x: float


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    rtl: bool
    description: str


def _chart(rows: list[tuple[str, str, list[tuple[str, int]]]], *, rtl: bool) -> Chart:
    """Horizontal (stacked) bars: ``rows`` are (label, title, [(assessment, count), ...]). Laid out from the
    right in a right-to-left interface: labels on the right, bars growing leftwards."""
    largest = max((sum(count for _a, count in parts) for _l, _t, parts in rows), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, title, parts) in enumerate(rows):
        y = 6 + index * ROW_HEIGHT
        offset, segments = 0.0, []
        for assessment, count in parts:
            width = room * count / largest
            start = LABEL_WIDTH + offset
            x = CHART_WIDTH - start - width if rtl else start
            if count:
                segments.append(Segment(assessment, str(Annotation.Assessment(assessment).label), count, x, width))
            offset += width
        edge = LABEL_WIDTH + offset + 6
        bars.append(
            Bar(
                label=label if len(label) <= 20 else label[:19] + "…",
                title=title,
                total=sum(count for _a, count in parts),
                segments=tuple(segments),
                y=y,
                text_y=y + BAR_HEIGHT // 2 + 5,
                label_x=CHART_WIDTH - LABEL_WIDTH + 8 if rtl else LABEL_WIDTH - 8,
                value_x=CHART_WIDTH - edge if rtl else edge,
            )
        )
    description = "; ".join(f"{bar.title}: {bar.total}" for bar in bars)
    return Chart(tuple(bars), CHART_WIDTH, 12 + len(rows) * ROW_HEIGHT, rtl, description)


def compliance_charts(table: ComplianceTable, *, rtl: bool, arabic: bool) -> tuple[Chart, Chart]:
    """Articles by assessment, and articles by standard (stacked by assessment)."""
    by_assessment = [
        (str(Annotation.Assessment(value).label), str(Annotation.Assessment(value).label), [(value, count)])
        for value, count in table.by_assessment
    ]
    by_standard = []
    for item in table.by_standard:
        standard = item.column.standard
        if standard is None:
            label = title = _("No standard named")
        else:
            label = standard.code
            title = f"{standard.code}: {(standard.title_ar if arabic else standard.title_en) or standard.title_en}"
        by_standard.append((label, title, list(item.by_assessment)))
    return _chart(by_assessment, rtl=rtl), _chart(by_standard, rtl=rtl)


class ComplianceView(WagtailAdminTemplateMixin, TemplateView):
    """A law's compliance table: articles against the standards they were assessed on, with two charts."""

    template_name = "reviews/compliance.html"
    header_icon = "table"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(request)
        self.law = get_object_or_404(Law, pk=kwargs["law_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Compliance table")

    def get_page_subtitle(self) -> str:
        return self.law.title

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_legislation_law:list"), "label": _("Laws")},
            {"url": self.law.get_admin_url(), "label": str(self.law)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        statuses = _statuses(self.request)
        table = compliance_table(self.law, statuses=statuses)
        rtl = get_language_bidi()
        arabic = (get_language() or "").startswith("ar")
        by_assessment, by_standard = compliance_charts(table, rtl=rtl, arabic=arabic)
        query = _status_query(statuses)
        context.update(
            law=self.law,
            table=table,
            columns=[
                {
                    "column": column,
                    "title": (column.standard.title_ar if arabic else column.standard.title_en)
                    or column.standard.title_en
                    if column.standard
                    else _("No standard named"),
                }
                for column in table.columns
            ],
            all_statuses=statuses == frozenset(OUTPUT_STATUSES),
            law_url=self.law.get_admin_url(),
            text_dir="rtl" if self.law.language == Law.Language.ARABIC else "ltr",
            chart_by_assessment=by_assessment,
            chart_by_standard=by_standard,
            legend=[(value, Annotation.Assessment(value).label) for value in ASSESSMENT_ORDER],
            csv_url=reverse("reviews_compliance_csv", args=[self.law.pk]) + query,
            jsonld_url=reverse("reviews_export_jsonld", args=[self.law.pk]) + query,
            annotations_csv_url=reverse("reviews_export_csv", args=[self.law.pk]) + query,
        )
        return context


def _download(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def compliance_table_csv(request: HttpRequest, law_id: int) -> HttpResponse:
    _require(request)
    law = get_object_or_404(Law, pk=law_id)
    table = compliance_table(law, statuses=_statuses(request))
    return _download(compliance_csv(table), CSV_CONTENT_TYPE, f"compliance-law-{law.pk}.csv")


def export_annotations_csv(request: HttpRequest, law_id: int) -> HttpResponse:
    _require(request)
    law = get_object_or_404(Law, pk=law_id)
    content = annotations_csv(law, statuses=_statuses(request))
    return _download(content, CSV_CONTENT_TYPE, f"annotations-law-{law.pk}.csv")


def export_annotations_jsonld(request: HttpRequest, law_id: int) -> HttpResponse:
    _require(request)
    law = get_object_or_404(Law, pk=law_id)
    statuses = _statuses(request)
    path = reverse("reviews_export_jsonld", args=[law.pk]) + _status_query(statuses)
    collection = annotations_jsonld(
        law, statuses=statuses, collection_id=site_url(path), label=_("Annotations on %(law)s") % {"law": law}
    )
    content = json.dumps(collection, ensure_ascii=False, indent=2)
    return HttpResponse(content.encode("utf-8"), content_type=JSONLD_CONTENT_TYPE)


def annotation_address(request: HttpRequest, pk: int) -> HttpResponse:
    """An annotation's stable address: to its page in the admin."""
    _require(request)
    annotation = get_object_or_404(Annotation, pk=pk)
    return redirect(reverse("wagtailsnippets_reviews_annotation:inspect", args=[annotation.pk]))


def provision_address(request: HttpRequest, law_id: int, eid: str) -> HttpResponse:
    """An article's citable address (law and eid): to the article on its law's page."""
    _require(request, "legislation.view_law")
    law = get_object_or_404(Law, pk=law_id)
    provision = Provision.objects.filter(law=law, eid=eid).order_by("document_id", "order").first()
    return redirect(law.get_admin_url() + (f"#{provision.anchor}" if provision else ""))


def standard_address(request: HttpRequest, code: str) -> HttpResponse:
    """A standard provision's address by its code: to its page in the admin."""
    _require(request, "reviews.view_standardprovision")
    standard = get_object_or_404(StandardProvision, code=code)
    return redirect(reverse("wagtailsnippets_reviews_standardprovision:inspect", args=[standard.pk]))
