"""Staff pages of the researchers' workspace: the laws to annotate, a law's workspace (its text with annotations
highlighted and listed, the panel to annotate a passage) and the reviewers' queue with its actions.

Each view checks Django permissions itself (not only the menu): reading takes ``view_law`` and
``view_annotation``, the queue ``publish_annotation`` (reviewers), making public ``make_public_annotation``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from legislation.models import Law
from reviews.annotations import PUBLIC_PERMISSION, annotation_review, annotation_set_public
from reviews.api import READ_PERMISSIONS, WRITE_PERMISSION
from reviews.models import Annotation
from reviews.queue import REVIEW_PERMISSION, approved_annotations, review_queue
from reviews.workspace import law_workspace
from reviews.workspace_forms import AnnotationPanelForm, WorkspaceFilterForm

__all__ = ["QueueView", "WorkspaceIndexView", "WorkspaceView", "annotation_public", "queue_review"]


def _require(request: HttpRequest, *permissions: str) -> None:
    if not request.user.has_perms(permissions):
        raise PermissionDenied


class WorkspaceIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The laws that have text, with how many articles and annotations each has."""

    template_name = "reviews/workspace_index.html"
    page_title = gettext_lazy("Annotate")
    header_icon = "comment"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(request, *READ_PERMISSIONS)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        laws = (
            Law.objects.annotate(
                article_count=Count("provisions", filter=Q(provisions__kind="article"), distinct=True),
                annotation_count=Count("annotations", distinct=True),
            )
            .filter(article_count__gt=0)
            .order_by("-year", "title_ar", "title_en", "pk")
        )
        return super().get_context_data(laws=laws, **kwargs)


class WorkspaceView(WagtailAdminTemplateMixin, TemplateView):
    """A law's table of contents and text, its annotations highlighted and listed beside, filterable; selecting a
    passage opens the panel to annotate it (``reviews/static/reviews/workspace.js``, posting to the API)."""

    template_name = "reviews/workspace.html"
    header_icon = "comment"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(request, *READ_PERMISSIONS)
        self.law = get_object_or_404(Law, pk=kwargs["law_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Annotate: %(law)s") % {"law": self.law}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("reviews_workspace_index"), "label": _("Annotate")},
            {"url": "", "label": str(self.law)},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filter_form = WorkspaceFilterForm(self.request.GET or None, law=self.law)
        filters = filter_form.filters()
        workspace = law_workspace(self.law, filters)
        user = self.request.user
        saved = self.request.GET.get("saved", "")
        saved_annotation = next(
            (a for a in [*workspace.annotations, *workspace.orphans] if saved.isdigit() and a.pk == int(saved)), None
        )
        return super().get_context_data(
            law=self.law,
            workspace=workspace,
            active_filters=filters,
            filter_form=filter_form,
            panel_form=AnnotationPanelForm(law=self.law, auto_id="qanun-panel-%s"),
            can_annotate=user.has_perm(WRITE_PERMISSION),
            can_review=user.has_perm(REVIEW_PERMISSION),
            api_url=reverse("reviews_api_law_annotations", args=[self.law.pk]),
            saved=saved_annotation,
            **kwargs,
        )


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    """Submitted annotations awaiting the user's review (never their own), and the approved ones to make public."""

    template_name = "reviews/queue.html"
    page_title = gettext_lazy("Review queue")
    header_icon = "tasks"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(request, REVIEW_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            submitted=review_queue(user),
            approved=approved_annotations(user),
            can_make_public=user.has_perm(PUBLIC_PERMISSION),
            **kwargs,
        )


@require_POST
def queue_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve the annotation, or request changes with a comment; the review task decides who may."""
    _require(request, REVIEW_PERMISSION)
    annotation = get_object_or_404(Annotation, pk=pk)
    approve = request.POST.get("action") == "approve"
    try:
        annotation_review(annotation, user=request.user, approve=approve, comment=request.POST.get("comment", ""))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        done = _("Approved: %(annotation)s") if approve else _("Changes requested: %(annotation)s")
        messages.success(request, done % {"annotation": annotation})
    return redirect("reviews_queue")


@require_POST
def annotation_public(request: HttpRequest, pk: int) -> HttpResponse:
    """Make an approved annotation public, or withdraw it."""
    _require(request, PUBLIC_PERMISSION)
    annotation = get_object_or_404(Annotation, pk=pk)
    public = request.POST.get("public") == "1"
    try:
        annotation_set_public(annotation, user=request.user, public=public)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        done = _("Public: %(annotation)s") if public else _("Withdrawn from the public: %(annotation)s")
        messages.success(request, done % {"annotation": annotation})
    return redirect("reviews_queue")
