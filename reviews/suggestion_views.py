"""The suggestions' JSON endpoints under the admin (URLs in ``reviews.suggestions_hooks``).

``GET /admin/reviews/suggestions/<provision_id>/`` (``reviews.view_annotation``; ``?limit=`` 1 to 30, default 10;
``?format=html`` for the fragment ``reviews/suggestions.html`` instead of JSON)::

    {"provision": {"id": 12, "eid": "part_2__art_42", "article": "Article 42", "law": "..."},
     "suggestions": [{"standard": {"id": 311, "code": "ICCPR-19", "title": "...", "title_en": "...", "title_ar": "..."},
                      "score": 0.92, "parts": {"terms": 0.31, "tags": 0.04, "annotations": 0.57},
                      "reasons": {"shared_terms": ["التعبير", "الرأي"],
                                  "tags": [{"slug": "expression", "name": "Freedom of expression"}],
                                  "annotations": [{"id": 7, "provision_id": 40, "article": "... — Article 43",
                                                   "similarity": 0.41}]}}],
     "accept_url": "/admin/reviews/suggestions/12/accept/"}

``POST /admin/reviews/suggestions/<provision_id>/accept/`` (``reviews.change_annotation``; CSRF token as in any
admin POST), JSON ``{"annotation": <id>, "standard": <id or code>}`` or the same as form fields: adds the standard to
that annotation (which must target this provision, be a draft or sent back for changes, and not be locked by
someone else), saving a new revision as the user. Answers ``200 {"annotation": id, "standard": code, "added":
true|false, "revision": id}`` (``added`` false: it already cited it, nothing saved), ``400 {"error": ...}`` for
a refusal a person can act on (not a draft, locked, not on this article, unknown standard), ``403 {"error": ...}``
without the permission, 404 for an unknown provision or annotation.

Visitors who are not logged in, and accounts without admin access, are sent to log in by the admin (a script
sending ``X-Requested-With: XMLHttpRequest`` gets 403); everyone else without the permission gets 403 JSON.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from legislation.models import Provision
from reviews.models import Annotation, StandardProvision
from reviews.suggestions import CHANGE_PERMISSION, suggest, suggestion_accept

__all__ = ["suggestion_accept_endpoint", "suggestions_endpoint"]

VIEW_PERMISSION = "reviews.view_annotation"
MAX_LIMIT = 30


def _forbidden(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=403)


@require_GET
def suggestions_endpoint(request: HttpRequest, provision_id: int) -> HttpResponse:
    if not request.user.has_perm(VIEW_PERMISSION):
        return _forbidden(_("You may not see suggestions."))
    provision = get_object_or_404(Provision.objects.select_related("law"), pk=provision_id)
    try:
        limit = min(max(int(request.GET.get("limit", 10)), 1), MAX_LIMIT)
    except ValueError:
        limit = 10
    language = "ar" if (get_language() or "").startswith("ar") else "en"
    body = {
        "provision": {
            "id": provision.pk,
            "eid": provision.eid,
            "article": str(provision),
            "law": provision.law.title,
        },
        "suggestions": [suggestion.as_dict(language) for suggestion in suggest(provision, limit=limit)],
        "accept_url": reverse("reviews_suggestion_accept", args=[provision.pk]),
    }
    if request.GET.get("format") == "html":
        annotation = request.GET.get("annotation", "")
        context = {**body, "annotation_id": annotation if annotation.isdigit() else ""}
        return HttpResponse(render_to_string("reviews/suggestions.html", context, request=request))
    return JsonResponse(body)


@require_POST
def suggestion_accept_endpoint(request: HttpRequest, provision_id: int) -> JsonResponse:
    if not request.user.has_perm(CHANGE_PERMISSION):
        return _forbidden(_("You may not change annotations."))
    provision = get_object_or_404(Provision, pk=provision_id)
    data = _payload(request)
    if data is None:
        return JsonResponse({"error": _("The request is not valid JSON.")}, status=400)
    annotation = get_object_or_404(Annotation.objects.select_related("target"), pk=_integer(data.get("annotation")))
    if getattr(annotation, "target", None) is None or annotation.target.provision_id != provision.pk:
        return JsonResponse({"error": _("This annotation is not on this article.")}, status=400)
    standard = _standard(data.get("standard"))
    if standard is None:
        return JsonResponse({"error": _("No such standard provision.")}, status=400)
    try:
        added = suggestion_accept(annotation=annotation, standard=standard, user=request.user)
    except PermissionDenied as exc:
        return _forbidden(str(exc))
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    annotation.refresh_from_db()
    return JsonResponse(
        {
            "annotation": annotation.pk,
            "standard": standard.code,
            "added": added,
            "revision": annotation.latest_revision_id,
        }
    )


def _payload(request: HttpRequest) -> dict[str, Any] | None:
    if request.content_type != "application/json":
        return request.POST.dict()
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _integer(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _standard(value: object) -> StandardProvision | None:
    text = str(value or "").strip()
    if not text:
        return None
    found = StandardProvision.objects.filter(pk=int(text)) if text.isdigit() else None
    if found is None or not found.exists():
        found = StandardProvision.objects.filter(code=text)
    return found.first()
