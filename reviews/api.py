"""The workspace's JSON API, under the admin: a law's annotations (filtered as the list is) and creating one.

Every endpoint checks Django permissions itself: ``view_annotation`` to read, ``add_annotation`` to create (and
``change_annotation`` to submit); anyone else gets a 403 JSON answer. Visitors who are not logged in never get
this far: the admin sends them to log in (or answers 403 to a script).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from legislation.models import Law
from reviews.annotations import annotation_create, annotation_submit
from reviews.models import Annotation
from reviews.workspace import annotation_as_json, annotations_with_status, law_annotations
from reviews.workspace_forms import AnnotationPanelForm, WorkspaceFilterForm

__all__ = ["READ_PERMISSIONS", "WRITE_PERMISSION", "law_annotations_endpoint"]

READ_PERMISSIONS = ("legislation.view_law", "reviews.view_annotation")
WRITE_PERMISSION = "reviews.add_annotation"


def forbidden(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=403)


@require_http_methods(["GET", "POST"])
def law_annotations_endpoint(request: HttpRequest, law_id: int) -> JsonResponse:
    """GET: the law's annotations (``?standard=ICCPR-19&assessment=&status=&author=<user id>``).
    POST (JSON or form): a new annotation on a passage; ``submit: true`` also sends it for review."""
    if not request.user.has_perms(READ_PERMISSIONS):
        return forbidden(_("You may not read annotations."))
    law = get_object_or_404(Law, pk=law_id)
    if request.method == "GET":
        filters = WorkspaceFilterForm(request.GET, law=law).filters()
        return JsonResponse({"annotations": [annotation_as_json(a) for a in law_annotations(law, filters)]})
    if not request.user.has_perm(WRITE_PERMISSION):
        return forbidden(_("You may not write annotations."))
    data = _payload(request)
    if data is None:
        return JsonResponse({"errors": {"__all__": [_("The request is not valid JSON.")]}}, status=400)
    form = AnnotationPanelForm(data, law=law)
    if not form.is_valid():
        return JsonResponse({"errors": _errors(form)}, status=400)
    try:
        with transaction.atomic():
            annotation = annotation_create(form.annotation_input(), user=request.user)
            if form.cleaned_data["submit"]:
                annotation_submit(annotation, user=request.user)
    except PermissionDenied as exc:
        return forbidden(str(exc) or _("You may not do that."))
    except ValidationError as exc:
        return JsonResponse({"errors": {"__all__": exc.messages}}, status=400)
    annotation = annotations_with_status([Annotation.objects.get(pk=annotation.pk)])[0]
    body = annotation_as_json(annotation)
    body["show_url"] = (
        f"{reverse('reviews_workspace', args=[law.pk])}?saved={annotation.pk}#{form.cleaned_data['provision'].anchor}"
    )
    return JsonResponse(body, status=201)


def _payload(request: HttpRequest) -> QueryDict | dict[str, Any] | None:
    if request.content_type != "application/json":
        return request.POST
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _errors(form: AnnotationPanelForm) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}
