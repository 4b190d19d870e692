"""Staff pages and downloads of the outputs: a law's compliance table (page with charts, CSV) and its annotations
as W3C JSON-LD and CSV; and the stable addresses the exports cite, which lead staff to the thing itself.

Every view checks ``reviews.view_annotation`` itself; which annotations count is ``reviews.compliance``'s rule, the
status filter read from ``?status=`` (approved only unless asked).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from audit.events import Action, record
from legislation.models import Law, Provision
from reviews.compliance import (
    ASSESSMENT_ORDER,
    OUTPUT_STATUSES,
    compliance_charts,
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


def _download(request: HttpRequest, law: Law, content: str, content_type: str, filename: str) -> HttpResponse:
    """The file as an attachment, its download recorded on the audit trail."""
    record(
        Action.EXPORT,
        request=request,
        obj=law,
        detail={"export": filename, "status": _status_query(_statuses(request))},
    )
    response = HttpResponse(content.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def compliance_table_csv(request: HttpRequest, law_id: int) -> HttpResponse:
    _require(request)
    law = get_object_or_404(Law, pk=law_id)
    table = compliance_table(law, statuses=_statuses(request))
    return _download(request, law, compliance_csv(table), CSV_CONTENT_TYPE, f"compliance-law-{law.pk}.csv")


def export_annotations_csv(request: HttpRequest, law_id: int) -> HttpResponse:
    _require(request)
    law = get_object_or_404(Law, pk=law_id)
    content = annotations_csv(law, statuses=_statuses(request))
    return _download(request, law, content, CSV_CONTENT_TYPE, f"annotations-law-{law.pk}.csv")


def export_annotations_jsonld(request: HttpRequest, law_id: int) -> HttpResponse:
    _require(request)
    law = get_object_or_404(Law, pk=law_id)
    statuses = _statuses(request)
    path = reverse("reviews_export_jsonld", args=[law.pk]) + _status_query(statuses)
    collection = annotations_jsonld(
        law, statuses=statuses, collection_id=site_url(path), label=_("Annotations on %(law)s") % {"law": law}
    )
    content = json.dumps(collection, ensure_ascii=False, indent=2)
    record(Action.EXPORT, request=request, obj=law, detail={"export": "annotations JSON-LD", "status": path})
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
