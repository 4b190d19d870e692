"""What Wagtail's admin views leave to us when a proposal may not be published.

- The dashboard's workflow pop-up approves through Wagtail's workflow action view, which has no hook before it
  acts: an approval that would publish a proposal citing what the public may not see is refused here, before
  anything changes, with the same message the editor gives (a bare 403 otherwise).
- Wagtail's actions are not atomic (publishing clears the other revisions' schedules before it saves the page;
  a copy or alias of a branch saves page after page): a request to the admin API's actions or the copy view
  that fails (``ProposalPage.save`` refusing a publication: 400 from the API) is rolled back whole.
- Wagtail's create view inserts a page it is asked to publish as live, before its publish hook runs: when
  ``ProposalPage.save`` refuses that, the page is saved as a draft instead (the same request without «Publish»)
  and the editor told why, as the edit view's Publish button does. A refusal in any other admin page undoes what
  that request wrote and says why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page, TaskState

from proposals.services import ProposalNotPublishable
from proposals.wagtail_hooks import approval_problems, refusal_message, refusal_response

ALL_OR_NOTHING_VIEWS = frozenset({"wagtailadmin_api:pages:action", "wagtailadmin_pages:copy"})


class RefuseUnpublishableApproval:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not _all_or_nothing(request):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response

    def process_view(self, request: HttpRequest, view: Any, args: tuple, kwargs: dict[str, Any]) -> HttpResponse | None:
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name != "wagtailadmin_pages:workflow_action":
            return None
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

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A publication refused by ``ProposalPage.save`` in an admin page no hook foresaw: the create view's
        Publish is saved as a draft instead; anything else is undone and told, never a server error."""
        match = request.resolver_match
        if (
            not isinstance(exception, ProposalNotPublishable)
            or match is None
            or not match.view_name.startswith("wagtailadmin")
        ):
            return None
        if (
            request.method == "POST"
            and match.view_name == "wagtailadmin_pages:add"
            and "action-publish" in request.POST
        ):
            draft = request.POST.copy()
            draft.pop("action-publish")
            request.POST = draft  # type: ignore[assignment]
            response = match.func(request, *match.args, **match.kwargs)
            lead = _("This proposal was saved as a draft but cannot be published:")
        else:
            if transaction.get_connection().in_atomic_block:
                transaction.set_rollback(True)
            response = redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
            lead = _("This proposal cannot be published:")
        refusal_message(request, exception.problems, lead)
        return response


def _all_or_nothing(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).view_name in ALL_OR_NOTHING_VIEWS
    except Resolver404:
        return False
