"""The staff search page in the admin: /admin/search-corpus/ (and its CSV), with a "Search" menu item shown to
whoever may view laws."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import views


@hooks.register("register_admin_urls")
def register_search_urls() -> list[URLPattern]:
    return [
        path("search-corpus/", views.StaffSearchView.as_view(), name="search_corpus"),
        path("search-corpus/export.csv", views.staff_export_csv, name="search_corpus_export"),
    ]


class StaffSearchMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(views.STAFF_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_search_menu_item() -> MenuItem:
    return StaffSearchMenuItem(_("Search"), reverse("search_corpus"), icon_name="search", order=150)
