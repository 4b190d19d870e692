"""Staff pages in Wagtail's admin: upload, a law's page (inspect view), document status, text and re-processing,
corrections of the segmentation by hand."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from audit.events import Action, record
from legislation import corrections, selectors, services
from legislation.cleaning import megabytes
from legislation.forms import SplitForm, UploadForm
from legislation.models import Law, Provision, ProvisionCorrection, SourceDocument

LAWS_INDEX = reverse_lazy("wagtailsnippets_legislation_law:list")
# Correcting the segmentation by hand changes the law's provisions: it takes the permission to edit the law.
CORRECT_PERMISSION = "legislation.change_law"


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


class UploadView(WagtailAdminTemplateMixin, FormView):
    template_name = "legislation/admin/upload.html"
    form_class = UploadForm
    page_title = gettext_lazy("Upload laws")
    header_icon = "upload"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(request, "legislation.add_sourcedocument")
        # Refused before Django reads the body, so an oversized request never fills the server's disk.
        size_limit = settings.QANUN_UPLOAD_MAX_BYTES * settings.QANUN_UPLOAD_MAX_FILES + 1024 * 1024
        if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > size_limit:
            messages.error(
                request,
                _("That upload is larger than %(limit)s in all. Upload the files in smaller batches.")
                % {"limit": megabytes(size_limit)},
            )
            return redirect(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": LAWS_INDEX, "label": _("Laws")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(max_size=megabytes(settings.QANUN_UPLOAD_MAX_BYTES), **kwargs)

    def get_initial(self) -> dict[str, Any]:
        law_id = self.request.GET.get("law")
        return {"law": law_id} if law_id and law_id.isdigit() else {}

    def form_valid(self, form: UploadForm) -> HttpResponse:
        if not form.cleaned_data.get("law") and not self.request.user.has_perm("legislation.add_law"):
            form.add_error("law", _("You may add files to existing laws only; choose one."))
            return self.form_invalid(form)
        law, outcomes = services.law_upload_files(
            law=form.cleaned_data.get("law"),
            new_law=form.new_law_fields(),
            files=[(f.name, f) for f in form.cleaned_data["files"]],
            user=self.request.user,
        )
        for outcome in outcomes:
            if outcome.error:
                messages.error(self.request, outcome.error)
            elif not outcome.created:
                messages.warning(
                    self.request,
                    _("%(name)s was uploaded before (the same bytes), as part of “%(law)s”; it was not stored again.")
                    % {"name": outcome.name, "law": outcome.document.law},
                )
            else:
                messages.success(self.request, _("%(name)s is queued for processing.") % {"name": outcome.name})
        if law is None:
            return self.form_invalid(form)
        return redirect(law.get_admin_url())


class LawInspectView(InspectView):
    """A law's staff page: metadata, source files with their state, the text, and the provisions."""

    template_name = "legislation/admin/law_inspect.html"
    fields = ["kind", "number", "year", "title_ar", "title_en", "issuing_authority", "date_issued",
              "date_published", "gazette_reference", "status", "language", "published"]  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        law: Law = self.object
        made_by_hand = list(selectors.law_corrections(law))
        context.update(
            law=law,
            documents=selectors.law_documents(law),
            provisions=selectors.law_provisions(law),
            article_count=law.provisions.filter(kind="article").count(),
            upload_url=reverse("legislation_upload") + f"?law={law.pk}",
            text_dir="rtl" if law.language == Law.Language.ARABIC else "ltr",
            can_reprocess=self.request.user.has_perm("legislation.change_sourcedocument"),
            can_upload=self.request.user.has_perm("legislation.add_sourcedocument"),
            can_read_files=self.request.user.has_perm("legislation.view_sourcedocument"),
            can_correct=self.request.user.has_perm(CORRECT_PERMISSION),
            corrections=made_by_hand,
            correction_conflicts=sum(c.status == ProvisionCorrection.Status.CONFLICT for c in made_by_hand),
        )
        return context


class DocumentTextView(WagtailAdminTemplateMixin, TemplateView):
    """The extracted text of one source document, page by page."""

    template_name = "legislation/admin/document_text.html"
    header_icon = "doc-full"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(request, "legislation.view_sourcedocument")
        self.document = get_object_or_404(SourceDocument.objects.select_related("law"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.document.original_name

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        law = self.document.law
        return [
            *self.breadcrumbs_items,
            {"url": LAWS_INDEX, "label": _("Laws")},
            {"url": law.get_admin_url(), "label": str(law)},
            {"url": "", "label": self.document.original_name},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            document=self.document,
            pages=self.document.pages.all(),
            text_dir="rtl" if self.document.law.language == Law.Language.ARABIC else "ltr",
        )
        return context


def document_status(request: HttpRequest, pk: int) -> JsonResponse:
    """State and progress of a document, polled by the progress bars."""
    _require(request, "legislation.view_sourcedocument")
    document = get_object_or_404(SourceDocument, pk=pk)
    return JsonResponse(selectors.document_status(document))


# What a source file is served as: never as something a browser would run (HTML, SVG) inside the admin.
SAFE_CONTENT_TYPES = {
    SourceDocument.FileType.PDF: "application/pdf",
    SourceDocument.FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The source file as uploaded, for staff only (laws may be drafts), always as a download: an uploaded HTML or
    SVG file opened inline would run its scripts with the viewer's admin session."""
    _require(request, "legislation.view_sourcedocument")
    document = get_object_or_404(SourceDocument, pk=pk)
    record(Action.SOURCE_DOWNLOAD, request=request, obj=document, detail={"file": document.original_name})
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=SAFE_CONTENT_TYPES.get(document.file_type, "text/plain; charset=utf-8"),
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def document_reprocess(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "legislation.change_sourcedocument")
    document = get_object_or_404(SourceDocument.objects.select_related("law"), pk=pk)
    if document.is_being_worked_on:
        messages.warning(request, _("%(name)s is being processed now.") % {"name": document.original_name})
    else:
        services.document_reprocess(document)
        messages.success(request, _("%(name)s is queued for processing again.") % {"name": document.original_name})
    return redirect(document.law.get_admin_url())


def _provision(document_pk: int, eid: str) -> Provision:
    return get_object_or_404(Provision.objects.select_related("document__law"), document_id=document_pk, eid=eid)


@require_POST
def provision_merge(request: HttpRequest, pk: int, eid: str) -> HttpResponse:
    """Merge a provision into the one before it (a heading the segmentation took for a new provision)."""
    _require(request, CORRECT_PERMISSION)
    provision = _provision(pk, eid)
    try:
        merged_into = corrections.provision_merge(provision=provision, user=request.user)
    except corrections.CorrectionError as exc:
        messages.error(request, exc.message)
        return redirect(f"{provision.document.law.get_admin_url()}#{provision.anchor}")
    messages.success(
        request,
        _("%(provision)s is merged into the provision before it, %(previous)s.")
        % {"provision": provision, "previous": merged_into},
    )
    return redirect(f"{provision.document.law.get_admin_url()}#{merged_into.anchor}")


class ProvisionSplitView(WagtailAdminTemplateMixin, FormView):
    """Split a provision where the segmentation missed the start of a new one."""

    template_name = "legislation/admin/provision_split.html"
    form_class = SplitForm
    header_icon = "doc-full"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(request, CORRECT_PERMISSION)
        self.provision = _provision(kwargs["pk"], kwargs["eid"])
        self.law = self.provision.document.law
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Split %(provision)s") % {"provision": self.provision}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": LAWS_INDEX, "label": _("Laws")},
            {"url": self.law.get_admin_url(), "label": str(self.law)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "text": self.provision.text}

    def get_initial(self) -> dict[str, Any]:
        kind = self.provision.kind if self.provision.kind in ("article", "paragraph", "item") else "article"
        return {"kind": kind}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            provision=self.provision,
            law=self.law,
            text_dir="rtl" if self.law.language == Law.Language.ARABIC else "ltr",
            cancel_url=f"{self.law.get_admin_url()}#{self.provision.anchor}",
            **kwargs,
        )

    def form_valid(self, form: SplitForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            new = corrections.provision_split(
                provision=self.provision,
                offset=data["offset"],
                kind=data["kind"],
                number=data["number"],
                heading=data["heading"],
                user=self.request.user,
            )
        except corrections.CorrectionError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(provision)s is split: %(new)s starts where you chose.") % {"provision": self.provision, "new": new},
        )
        return redirect(f"{self.law.get_admin_url()}#{new.anchor}")


@require_POST
def correction_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a correction; the document's provisions are made again from its text without it."""
    _require(request, CORRECT_PERMISSION)
    correction = get_object_or_404(ProvisionCorrection.objects.select_related("law"), pk=pk)
    try:
        conflicts = corrections.correction_delete(correction)
    except corrections.CorrectionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The correction is removed."))
        if conflicts:
            messages.warning(
                request,
                ngettext(
                    "%(n)d correction no longer fits the text: see the list of corrections.",
                    "%(n)d corrections no longer fit the text: see the list of corrections.",
                    conflicts,
                )
                % {"n": conflicts},
            )
    return redirect(f"{correction.law.get_admin_url()}#corrections-heading")
