"""The standards catalogue in Wagtail's admin: instruments, their provisions and the rights tags, grouped under
"Standards". Staff see what their Django permissions allow; Wagtail's Editors group may add and change entries.
Annotations as snippets, whose evidence files go to the private "Evidence" collection when saved; and the check
every document download passes (``reviews.evidence``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.documents.models import AbstractDocument
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from reviews.evidence import document_download_allowed, evidence_collect, evidence_file_response
from reviews.models import Annotation, Instrument, RightsTag, StandardProvision


class ProvisionCountColumn(Column):
    def get_value(self, instance: Instrument) -> int:
        return instance.provisions.count()


class InstrumentViewSet(SnippetViewSet):
    model = Instrument
    icon = "doc-full-inverse"
    menu_label = _("Instruments")
    menu_name = "instruments"
    inspect_view_enabled = True
    list_display = [
        "code",
        "title_en",
        "title_ar",
        "kind",
        "adopted",
        ProvisionCountColumn("provisions", label=_("Provisions")),
    ]
    list_filter = ["kind", "body"]
    search_fields = ["code", "title_en", "title_ar", "body", "symbol"]
    ordering = ["order", "code"]
    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]), FieldPanel("title_en"), FieldPanel("title_ar")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("body"),
                FieldRowPanel([FieldPanel("symbol"), FieldPanel("adopted")]),
                FieldPanel("url"),
                FieldPanel("parent"),
                FieldPanel("interprets"),
            ],
            heading=_("Source"),
        ),
        FieldPanel("licence"),
        FieldPanel("order"),
    ]


class StandardProvisionViewSet(SnippetViewSet):
    model = StandardProvision
    icon = "list-ol"
    menu_label = _("Provisions")
    menu_name = "provisions"
    inspect_view_enabled = True
    list_display = ["code", "title_en", "title_ar", "instrument"]
    list_filter = ["instrument", "tags"]
    search_fields = ["code", "title_en", "title_ar", "text_en", "text_ar", "keywords"]
    ordering = ["instrument__order", "instrument__code", "order"]
    list_per_page = 60
    panels = [
        FieldRowPanel([FieldPanel("instrument"), FieldPanel("number")]),
        FieldPanel("title_en"),
        FieldPanel("title_ar"),
        FieldPanel("text_en"),
        FieldPanel("text_ar"),
        FieldPanel("tags"),
        FieldPanel("keywords"),
        FieldPanel("attribution"),
    ]

    def get_queryset(self, request):
        return StandardProvision.objects.select_related("instrument")


class RightsTagViewSet(SnippetViewSet):
    model = RightsTag
    icon = "tag"
    menu_label = _("Rights tags")
    menu_name = "rights-tags"
    list_display = ["name_en", "name_ar", "slug", "parent"]
    list_filter = ["parent"]
    search_fields = ["slug", "name_en", "name_ar", "description"]
    panels = [
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_ar")]),
        FieldPanel("parent"),
        FieldPanel("description"),
    ]


class StandardsViewSetGroup(SnippetViewSetGroup):
    items = (InstrumentViewSet, StandardProvisionViewSet, RightsTagViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Standards")
    menu_name = "standards"
    menu_order = 160


register_snippet(StandardsViewSetGroup)


class AnnotationStatusColumn(Column):
    def get_value(self, instance: Annotation) -> str:
        return str(Annotation.Status(instance.status).label)


class AnnotationTargetColumn(Column):
    def get_value(self, instance: Annotation) -> str:
        target = getattr(instance, "target", None)
        return target.provision_label if target else ""


class AnnotationViewSet(SnippetViewSet):
    """Annotations with Wagtail's draft state, revisions, locking and the review workflow (``reviews.roles``)."""

    model = Annotation
    icon = "comment"
    menu_label = _("Annotations")
    menu_name = "annotations"
    menu_order = 150
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        AnnotationTargetColumn("target", label=_("Provision")),
        "law",
        "assessment",
        AnnotationStatusColumn("status", label=_("Status")),
        "author",
        "public",
        "updated_at",
    ]
    list_filter = ["assessment", "severity", "live", "public", "law", "standards", "tags"]
    search_fields = ["commentary", "recommendation"]

    def get_queryset(self, request):
        return Annotation.objects.select_related("law", "author", "target")


register_snippet(AnnotationViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def collect_evidence_files(request: HttpRequest, instance: Any) -> None:
    """An annotation saved in the editor (a draft, an autosave, a revert, a publish): its files go private."""
    if isinstance(instance, Annotation):
        evidence_collect(instance)


# Before Wagtail's own check (order 0), which refuses the "Evidence" collection to the public: this hook decides
# every document download itself, serving what may be served and answering 404 to the rest, so Wagtail's check
# never runs after it.
@hooks.register("before_serve_document", order=-100)
def serve_document_by_evidence_rule(document: AbstractDocument, request: HttpRequest) -> HttpResponse:
    """A document's file to staff, or to anyone when it is evidence of a public annotation of a published law;
    404 otherwise, as for a document that does not exist (``reviews.evidence.document_download_allowed``)."""
    if not document_download_allowed(request, document):
        raise Http404("No document here.")
    return evidence_file_response(request, document)


# Each feature registers its own admin URLs and menu items in a module of its own.
from reviews import outputs_hooks, suggestions_hooks, workspace_hooks  # noqa: E402, F401
