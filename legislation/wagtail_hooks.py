"""Laws in Wagtail's admin: a snippet viewset (list, create, edit, inspect) and the upload pages."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from legislation import views
from legislation.models import Law, SourceDocument


class DocumentsColumn(Column):
    """How many source files a law has, and how many are still being processed or failed."""

    def get_value(self, instance: Law) -> str:
        states = [d.state for d in instance.documents.all()]
        if not states:
            return _("no files")
        busy = sum(s in SourceDocument.IN_PROGRESS for s in states)
        failed = states.count("failed")
        parts = [str(len(states))]
        if busy:
            parts.append(_("%(n)d processing") % {"n": busy})
        if failed:
            parts.append(_("%(n)d failed") % {"n": failed})
        return ", ".join(parts)


class LawViewSet(SnippetViewSet):
    model = Law
    icon = "doc-full"
    menu_label = _("Laws")
    menu_name = "laws"
    menu_order = 150
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = views.LawInspectView
    inspect_view_fields = views.LawInspectView.fields
    list_display = [
        "title",
        "citation",
        "year",
        "status",
        "published",
        DocumentsColumn("documents", label=_("Files")),
    ]
    list_filter = ["kind", "status", "language", "published"]
    search_fields = ["title_ar", "title_en", "number"]
    ordering = ["-year", "title_ar"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("number"), FieldPanel("year")]),
                FieldPanel("status"),
            ],
            heading=_("Identity"),
        ),
        FieldPanel("title_ar"),
        FieldPanel("title_en"),
        FieldPanel("language"),
        MultiFieldPanel(
            [
                FieldPanel("issuing_authority"),
                FieldRowPanel([FieldPanel("date_issued"), FieldPanel("date_published")]),
                FieldPanel("gazette_reference"),
            ],
            heading=_("Promulgation"),
        ),
        FieldPanel("subjects"),
        FieldPanel("published"),
    ]

    def get_queryset(self, request):
        return Law.objects.prefetch_related("documents")


register_snippet(LawViewSet)


@hooks.register("register_admin_urls")
def register_legislation_urls() -> list:
    return [
        path("legislation/upload/", views.UploadView.as_view(), name="legislation_upload"),
        path(
            "legislation/documents/<int:pk>/status/",
            views.document_status,
            name="legislation_document_status",
        ),
        path("legislation/documents/<int:pk>/file/", views.document_file, name="legislation_document_file"),
        path(
            "legislation/documents/<int:pk>/text/",
            views.DocumentTextView.as_view(),
            name="legislation_document_text",
        ),
        path(
            "legislation/documents/<int:pk>/reprocess/",
            views.document_reprocess,
            name="legislation_document_reprocess",
        ),
        path(
            "legislation/documents/<int:pk>/provisions/<str:eid>/merge/",
            views.provision_merge,
            name="legislation_provision_merge",
        ),
        path(
            "legislation/documents/<int:pk>/provisions/<str:eid>/split/",
            views.ProvisionSplitView.as_view(),
            name="legislation_provision_split",
        ),
        path(
            "legislation/corrections/<int:pk>/delete/",
            views.correction_delete,
            name="legislation_correction_delete",
        ),
    ]


class UploadMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("legislation.add_sourcedocument")


@hooks.register("register_admin_menu_item")
def register_upload_menu_item() -> MenuItem:
    return UploadMenuItem(_("Upload laws"), reverse("legislation_upload"), icon_name="upload", order=151)


@hooks.register("insert_global_admin_css")
def legislation_admin_css() -> str:
    from django.templatetags.static import static

    return format_html('<link rel="stylesheet" href="{}">', static("legislation/admin.css"))
