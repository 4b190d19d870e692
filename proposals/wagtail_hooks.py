"""Proposals in Wagtail's admin: publishing refused with a message, before anything is written, when the proposal
cites anything the public may not see (the Publish button, an approval that would publish, in the editor or from
the dashboard's workflow pop-up, bulk publishing, and a copy or alias that would be live), the refusal of a
scheduled publication written to the page's history. ``ProposalPage.save`` refuses these anyway: the hooks only
say why, where the editor is."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.log_actions import LogFormatter
from wagtail.models import Page, Task

from proposals.models import ProposalPage
from proposals.services import proposal_publish_problems


def refusal_message(request: HttpRequest, problems: list[str], lead: str) -> None:
    messages.error(
        request,
        format_html("{} <ul>{}</ul>", lead, format_html_join("", "<li>{}</li>", ((p,) for p in problems))),
    )


def refusal_response(request: HttpRequest, page: Any, problems: list[str], lead: str) -> HttpResponse:
    refusal_message(request, problems, lead)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_publish_page")
def refuse_publishing_non_public_evidence(request: HttpRequest, page: Any) -> HttpResponse | None:
    """The Publish button (and scheduling): the version just saved is checked; the work stays as a draft."""
    specific = page.specific if not isinstance(page, ProposalPage) else page
    if not isinstance(specific, ProposalPage):
        return None
    problems = proposal_publish_problems(specific)
    if not problems:
        return None
    return refusal_response(
        request, specific, problems, _("This proposal was saved as a draft but cannot be published:")
    )


@hooks.register("before_edit_page")
def refuse_approving_non_public_evidence(request: HttpRequest, page: Any) -> HttpResponse | None:
    """An approval in the editor that would end the workflow publishes: checked on the version under review."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    problems = approval_problems(page, request.POST.get("workflow-action-name", ""))
    if not problems:
        return None
    return refusal_response(request, page.specific, problems, _("This proposal cannot be approved for publication:"))


def approval_problems(page: Any, action_name: str) -> list[str]:
    """Why approving the proposal's current task with ``action_name`` may not publish it (the last task's
    approval publishes the version under review); empty when it may, or when the action publishes nothing."""
    if action_name != "approve":
        return []
    specific = page.specific
    if not isinstance(specific, ProposalPage):
        return []
    state = specific.current_workflow_state
    if state is None or state.current_task_state is None:
        return []
    # As Wagtail decides what comes next: an active task not yet approved or skipped, other than this one.
    remaining = (
        Task.objects.filter(workflow_tasks__workflow=state.workflow, active=True)
        .exclude(task_states__in=state.successful_task_states)
        .exclude(pk=state.current_task_state.task_id)
    )
    if remaining.exists():
        return []  # an intermediate approval publishes nothing
    return proposal_publish_problems(state.current_task_state.revision.as_object())


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_non_public_evidence(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> HttpResponse | None:
    """Bulk publishing (with or without the pages below) publishes nothing when one proposal in it may not be."""
    if action_type != "publish" or not objects or not hasattr(objects[0], "get_descendants"):
        return None
    form = getattr(action, "cleaned_form", None)
    descendants = bool(form and form.cleaned_data.get("include_descendants"))
    refused: list[str] = []
    for page in objects:
        pages = [page.specific]
        if descendants:  # as Wagtail publishes them: only those this user may publish
            below = page.get_descendants().not_live().type(ProposalPage).specific()
            pages += [child for child in below if child.permissions_for_user(request.user).can_publish()]
        for proposal in pages:
            if not isinstance(proposal, ProposalPage):
                continue
            latest = proposal.get_latest_revision()
            problems = proposal_publish_problems(latest.as_object() if latest else proposal)
            refused += [f"«{proposal.title}»: {problem}" for problem in problems]
    if not refused:
        return None
    messages.error(
        request,
        format_html(
            "{} <ul>{}</ul>",
            _("Nothing was published: these proposals cannot be published."),
            format_html_join("", "<li>{}</li>", ((problem,) for problem in refused)),
        ),
    )
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")


@hooks.register("before_copy_page")
def refuse_live_copies_of_unpublishable_proposals(request: HttpRequest, page: Any) -> HttpResponse | None:
    """A copy kept live («Publish copies») or an alias (live with its page) publishes the live proposals copied
    again: refused with the reason when one of them may not be published now; a copy as a draft is not."""
    if request.method != "POST" or not (request.POST.get("publish_copies") or request.POST.get("alias")):
        return None
    parent = Page.objects.filter(pk=request.POST.get("new_parent_page") or 0).first()
    if parent is None or not parent.permissions_for_user(request.user).can_publish_subpage():
        return None  # the copy will be a draft (or the form refuses the parent)
    pages = (
        page.get_descendants(inclusive=True) if request.POST.get("copy_subpages") else Page.objects.filter(pk=page.pk)
    )
    refused: list[str] = []
    for proposal in pages.live().type(ProposalPage).specific():
        refused += [f"«{proposal.title}»: {problem}" for problem in proposal_publish_problems(proposal)]
    if not refused:
        return None
    messages.error(
        request,
        format_html(
            "{} <ul>{}</ul>",
            _("Nothing was copied: a live copy of this proposal cannot be published. Copy it without publishing."),
            format_html_join("", "<li>{}</li>", ((problem,) for problem in refused)),
        ),
    )
    return redirect("wagtailadmin_pages:copy", page.pk)


@hooks.register("register_log_actions")
def register_refusal_log_action(actions: Any) -> None:
    @actions.register_action("proposals.publish_refused")
    class PublishRefused(LogFormatter):
        label = gettext_lazy("Publication refused")

        def format_message(self, log_entry: Any) -> str:
            problems = (log_entry.data or {}).get("problems") or []
            return _("Scheduled publication refused: %(problems)s") % {"problems": " ".join(problems)}
