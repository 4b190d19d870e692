from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from audit.views import VIEW_PERMISSION, AuditTrailView


@hooks.register("register_admin_urls")
def register_audit_urls() -> list[URLPattern]:
    return [path("audit/", AuditTrailView.as_view(), name="audit_trail")]


class AuditMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_audit_menu_item() -> MenuItem:
    return AuditMenuItem(_("Audit trail"), reverse("audit_trail"), icon_name="history", order=900)
