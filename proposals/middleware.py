"""The dashboard's workflow pop-up approves a proposal through Wagtail's workflow action view, which has no hook
before it acts: an approval that would publish a proposal citing what the public may not see is refused here,
before anything changes, with the same message the editor gives (a bare 403 otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _


class RefuseUnpublishableApproval:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: tuple, kwargs: dict[str, Any]) -> HttpResponse | None:
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name != "wagtailadmin_pages:workflow_action":
            return None
        from wagtail.admin.modal_workflow import render_modal_workflow
        from wagtail.models import Page, TaskState

        from proposals.wagtail_hooks import approval_problems, refusal_response

        user = request.user
        if not getattr(user, "is_authenticated", False) or not user.has_perm("wagtailadmin.access_admin"):
            return None  # Wagtail answers those itself
        page = Page.objects.filter(pk=kwargs.get("page_id")).first()
        if page is None or not page.workflow_in_progress:
            return None
        state = TaskState.objects.filter(pk=kwargs.get("task_state_id"), status=TaskState.STATUS_IN_PROGRESS).first()
        action = kwargs.get("action_name", "")
        if state is None or action not in {name for name, *_ in state.task.specific.get_actions(page, user)}:
            return None  # not this user's to take: Wagtail refuses it as it would
        problems = approval_problems(page, action)
        if not problems:
            return None
        response = refusal_response(request, page, problems, _("This proposal cannot be approved for publication:"))
        if request.headers.get("x-requested-with") == "XMLHttpRequest":  # the pop-up: close it, show the page
            edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
            return render_modal_workflow(request, "", None, {}, json_data={"step": "success", "redirect": edit_url})
        return response
