"""The audit trail page, for Administrators only (``audit.view_auditevent``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from audit.selectors import KINDS, trail

VIEW_PERMISSION = "audit.view_auditevent"
PAGE_SIZE = 100


class AuditTrailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "audit/trail.html"
    header_icon = "history"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Audit trail")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in KINDS else ""
        user = self.request.GET.get("user", "").strip()[:150]
        before: datetime | None = parse_datetime(self.request.GET.get("before", "") or "") or None
        rows = trail(kind=kind, user=user, before=before, limit=PAGE_SIZE)
        older = ""
        if len(rows) == PAGE_SIZE:
            query = self.request.GET.copy()
            query["before"] = rows[-1].when.isoformat()
            older = "?" + query.urlencode()
        context.update(
            rows=rows,
            kinds=[(key, label) for key, (label, _actions) in KINDS.items()],
            kind=kind,
            user_filter=user,
            older_url=older,
        )
        return context
