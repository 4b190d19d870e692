"""The publishing rule holds on every path that makes a proposal live or changes what is live: Wagtail's admin
API (publish, copy with keep_live, create_alias, revert then publish), the admin's copy view (publish copies,
alias), bulk publishing, the workflow's approval, ``publish_scheduled``, the admin's revert and publish, and a
revision published in code. On each, a proposal citing approved-but-private evidence stays unpublished (nothing
half-written: not live, no live revision, no log entry saying «published») and a valid one is published, which
proves the path really publishes. Saving a draft of a live proposal, moving it and unpublishing it are not
publications and are never refused."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from proposals.models import ProposalPage
from proposals.services import ProposalNotPublishable
from reviews.annotations import annotation_set_public
from tests.proposals.conftest import Evidence, draft_proposal, evidence_block, index_page, proposal_form, publish

pytestmark = pytest.mark.django_db

PRIVATE = "is approved but not public: ask a reviewer to make it public"
# Each path once with evidence the public may see (it publishes) and once with evidence it may not (refused).
CASES = pytest.mark.parametrize("allowed", [True, False], ids=["public-evidence", "private-evidence"])


# --- helpers ---------------------------------------------------------------------------------------------------


def api_client(user: Any) -> Client:
    """A logged-in client that enforces CSRF, as a browser does: the token comes from the admin's cookie and goes
    back in the X-CSRFToken header with a JSON body, as Wagtail's admin scripts send it."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.get("/admin/" if user is not None else "/admin/login/")  # a page with a form: sets the csrftoken cookie
    return client


def api_action(client: Client, page: Page, action: str, data: dict | None = None):
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/{action}/",
        data=json.dumps(data or {}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )


def cited(evidence: Evidence, allowed: bool):
    return evidence.public if allowed else evidence.private


def live_proposal(evidence: Evidence, people: dict, *, allowed: bool, title: str = "Live proposal") -> ProposalPage:
    """A proposal published with public evidence; for ``allowed=False`` the evidence is made private afterwards
    (the page stays live and simply stops showing it, but nothing may publish that content again)."""
    page = publish(draft_proposal(evidence.law, title=title, body=[evidence_block(evidence.public)]))
    assert page.live
    if not allowed:
        annotation_set_public(evidence.public, user=people["reviewer"], public=False)
    return page


def assert_not_published(page_pk: int) -> None:
    page = ProposalPage.objects.get(pk=page_pk)
    assert not page.live
    assert page.live_revision_id is None and page.first_published_at is None
    assert not PageLogEntry.objects.filter(page_id=page_pk, action="wagtail.publish").exists()


def assert_published(page_pk: int) -> None:
    page = ProposalPage.objects.get(pk=page_pk)
    assert page.live and page.live_revision_id is not None
    assert PageLogEntry.objects.filter(page_id=page_pk, action="wagtail.publish").exists()


# --- Wagtail's admin API -----------------------------------------------------------------------------------------


@CASES
def test_the_admin_api_publish_action(evidence, people, allowed: bool) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(cited(evidence, allowed))])

    response = api_action(api_client(people["editor"]), page, "publish")

    if allowed:
        assert response.status_code == 200, response.content
        assert_published(page.pk)
    else:
        assert response.status_code == 400, response.content
        assert PRIVATE in " ".join(response.json()["__all__"])
        assert f"annotation #{evidence.private.pk}" in response.content.decode()
        assert_not_published(page.pk)


def test_a_refused_api_publish_changes_nothing_not_even_another_revisions_schedule(evidence, people) -> None:
    """Wagtail clears the other revisions' schedules before it saves the page: a refusal rolls that back too."""
    page = draft_proposal(evidence.law, body=[evidence_block(evidence.public)])
    page.go_live_at = timezone.now() + timedelta(days=3)
    scheduled = page.save_revision()
    scheduled.publish()
    draft = ProposalPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.go_live_at = None
    draft.body = [evidence_block(evidence.private)]
    latest = draft.save_revision()

    response = api_action(api_client(people["editor"]), page, "publish")

    assert response.status_code == 400
    assert_not_published(page.pk)
    assert Revision.objects.get(pk=scheduled.pk).approved_go_live_at is not None  # still scheduled
    assert ProposalPage.objects.get(pk=page.pk).latest_revision_id == latest.pk


@CASES
def test_the_admin_api_copy_action_with_keep_live(evidence, people, allowed: bool) -> None:
    source = live_proposal(evidence, people, allowed=allowed)

    response = api_action(
        api_client(people["editor"]), source, "copy", {"keep_live": True, "slug": "the-copy", "title": "The copy"}
    )

    if allowed:
        assert response.status_code == 201, response.content
        copy = ProposalPage.objects.get(slug="the-copy")
        assert copy.live and copy.live_revision_id is not None
    else:
        assert response.status_code == 400, response.content
        assert PRIVATE in response.content.decode()
        assert not Page.objects.filter(slug="the-copy").exists()
        assert not PageLogEntry.objects.filter(action="wagtail.copy").exists()
    assert ProposalPage.objects.get(pk=source.pk).live  # the source is left as it was


def test_the_admin_api_copy_action_without_keep_live_copies_a_draft(evidence, people) -> None:
    source = live_proposal(evidence, people, allowed=False)

    response = api_action(api_client(people["editor"]), source, "copy", {"keep_live": False, "slug": "draft-copy"})

    assert response.status_code == 201, response.content
    assert not ProposalPage.objects.get(slug="draft-copy").live


@CASES
def test_the_admin_api_create_alias_action(evidence, people, allowed: bool) -> None:
    """An alias of a live page is live at once: a new publication of the page's content."""
    source = live_proposal(evidence, people, allowed=allowed)

    response = api_action(api_client(people["editor"]), source, "create_alias", {"update_slug": "the-alias"})

    if allowed:
        assert response.status_code == 201, response.content
        assert ProposalPage.objects.get(slug="the-alias").live
    else:
        assert response.status_code == 400, response.content
        assert PRIVATE in response.content.decode()
        assert not Page.objects.filter(slug="the-alias").exists()


@CASES
def test_the_admin_api_revert_then_publish(evidence, people, allowed: bool) -> None:
    """Version 1 cites the evidence and is published; version 2 drops it and is published; the evidence may be
    made private since; reverting to version 1 and publishing it is a new publication of version 1."""
    page = live_proposal(evidence, people, allowed=True)
    first = page.live_revision
    second = page.get_latest_revision_as_object()
    second.body = []
    second.save_revision().publish()
    if not allowed:
        annotation_set_public(evidence.public, user=people["reviewer"], public=False)
    client = api_client(people["editor"])

    reverted = api_action(client, page, "revert_to_page_revision", {"revision_id": first.pk})
    assert reverted.status_code == 200, reverted.content  # a draft: not a publication
    response = api_action(client, page, "publish")

    page = ProposalPage.objects.get(pk=page.pk)
    assert page.live
    if allowed:
        assert response.status_code == 200, response.content
        assert [block.value["annotation"].pk for block in page.body] == [evidence.public.pk]
    else:
        assert response.status_code == 400, response.content
        assert PRIVATE in response.content.decode()
        assert len(page.body) == 0  # the live version is still version 2
        assert page.has_unpublished_changes


def test_someone_anonymous_or_without_publish_permission_is_refused_by_the_api(evidence, people) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(evidence.public)])

    anonymous = api_action(api_client(None), page, "publish")
    researcher = api_action(api_client(people["researcher"]), page, "publish")

    assert anonymous.status_code in {302, 401, 403}
    assert researcher.status_code == 403
    assert_not_published(page.pk)


# --- the admin's views -------------------------------------------------------------------------------------------


@CASES
@pytest.mark.parametrize("option", ["publish_copies", "alias"])
def test_the_admin_copy_view(client, evidence, people, allowed: bool, option: str) -> None:
    source = live_proposal(evidence, people, allowed=allowed)
    client.force_login(people["editor"])

    response = client.post(
        f"/admin/pages/{source.pk}/copy/",
        {"new_title": "The copy", "new_slug": "the-copy", "new_parent_page": index_page("en").pk, option: "on"},
        follow=True,
    )

    assert response.status_code == 200
    if allowed:
        assert ProposalPage.objects.get(slug="the-copy").live
    else:
        html = response.content.decode()
        assert "cannot be published" in html and "approved but not public" in html
        assert not Page.objects.filter(slug="the-copy").exists()


def test_without_its_hook_the_copy_view_still_refuses_undoes_and_says_why(
    client, evidence, people, monkeypatch
) -> None:
    """The model's refusal alone, in an admin page no hook foresaw: nothing copied, a message, no server error."""
    from wagtail import hooks

    hooks.search_for_hooks()
    monkeypatch.setitem(hooks._hooks, "before_copy_page", [])
    source = live_proposal(evidence, people, allowed=False)
    client.force_login(people["editor"])

    response = client.post(
        f"/admin/pages/{source.pk}/copy/",
        {
            "new_title": "The copy",
            "new_slug": "the-copy",
            "new_parent_page": index_page("en").pk,
            "publish_copies": "on",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "cannot be published" in response.content.decode() and "approved but not public" in response.content.decode()
    assert not Page.objects.filter(slug="the-copy").exists()
    assert not PageLogEntry.objects.filter(action="wagtail.copy").exists()


@CASES
def test_the_admin_revert_view_with_publish(client, evidence, people, allowed: bool) -> None:
    page = live_proposal(evidence, people, allowed=True)
    first = page.live_revision
    second = page.get_latest_revision_as_object()
    second.body = []
    second.save_revision().publish()
    if not allowed:
        annotation_set_public(evidence.public, user=people["reviewer"], public=False)
    client.force_login(people["editor"])

    response = client.post(
        f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/",
        proposal_form(page, evidence.public.pk, **{"action-publish": "1"}),
        follow=True,
    )

    page = ProposalPage.objects.get(pk=page.pk)
    if allowed:
        assert [block.value["annotation"].pk for block in page.body] == [evidence.public.pk]
    else:
        assert "cannot be published" in response.content.decode()
        assert len(page.body) == 0


@CASES
def test_bulk_publishing(client, evidence, people, allowed: bool) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(cited(evidence, allowed))])
    client.force_login(people["editor"])

    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/pages/", {}, follow=True)

    assert response.status_code == 200
    if allowed:
        assert_published(page.pk)
    else:
        assert "Nothing was published" in response.content.decode()
        assert_not_published(page.pk)


@CASES
def test_bulk_publishing_action_itself(evidence, people, allowed: bool) -> None:
    """Wagtail's bulk publish action, run without the admin's view and its hook."""
    from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction

    page = draft_proposal(evidence.law, body=[evidence_block(cited(evidence, allowed))])

    if allowed:
        PublishBulkAction.execute_action([Page.objects.get(pk=page.pk)], user=people["editor"])
        assert_published(page.pk)
    else:
        with pytest.raises(ProposalNotPublishable):
            PublishBulkAction.execute_action([Page.objects.get(pk=page.pk)], user=people["editor"])
        assert_not_published(page.pk)


@CASES
def test_workflow_approval_from_the_dashboard_pop_up(client, evidence, people, allowed: bool) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(cited(evidence, allowed))])
    page.get_workflow().start(page, people["researcher"])
    state = ProposalPage.objects.get(pk=page.pk).current_workflow_task_state
    client.force_login(people["editor"])

    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/",
        {},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    if allowed:
        assert_published(page.pk)
    else:
        assert_not_published(page.pk)
        assert ProposalPage.objects.get(pk=page.pk).workflow_in_progress


@CASES
def test_workflow_approval_in_code(evidence, people, allowed: bool) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(cited(evidence, allowed))])
    page.get_workflow().start(page, people["researcher"])
    page = ProposalPage.objects.get(pk=page.pk)

    if allowed:
        page.current_workflow_task.on_action(page.current_workflow_task_state, people["editor"], "approve")
        assert_published(page.pk)
    else:
        with pytest.raises(ProposalNotPublishable):
            page.current_workflow_task.on_action(page.current_workflow_task_state, people["editor"], "approve")
        assert_not_published(page.pk)
        assert ProposalPage.objects.get(pk=page.pk).workflow_in_progress


# --- scheduled publishing and code ---------------------------------------------------------------------------------


@CASES
def test_the_publish_scheduled_command(evidence, people, allowed: bool) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(evidence.public)])
    page.go_live_at = timezone.now() + timedelta(days=1)
    revision = page.save_revision()
    revision.publish()
    if not allowed:
        annotation_set_public(evidence.public, user=people["reviewer"], public=False)
    past = timezone.now() - timedelta(hours=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()

    call_command("publish_scheduled")

    if allowed:
        assert ProposalPage.objects.get(pk=page.pk).live
    else:
        assert_not_published(page.pk)
        assert PageLogEntry.objects.filter(page_id=page.pk, action="proposals.publish_refused").exists()


@CASES
def test_a_revision_published_in_code(evidence, allowed: bool) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(cited(evidence, allowed))])

    if allowed:
        page.get_latest_revision().publish()
        assert_published(page.pk)
    else:
        with pytest.raises(ProposalNotPublishable):
            page.get_latest_revision().publish()
        assert_not_published(page.pk)


@CASES
def test_the_publish_action_run_directly(evidence, people, allowed: bool) -> None:
    """What the admin API runs: Wagtail's action, not the page's ``publish``."""
    from wagtail.actions.publish_page_revision import PublishPageRevisionAction

    page = draft_proposal(evidence.law, body=[evidence_block(cited(evidence, allowed))])
    action = PublishPageRevisionAction(page.get_latest_revision(), user=people["editor"])

    if allowed:
        action.execute()
        assert_published(page.pk)
    else:
        with pytest.raises(ProposalNotPublishable):
            action.execute()
        assert_not_published(page.pk)


def test_a_page_created_live_in_code_is_refused(evidence) -> None:
    page = ProposalPage(title="Born live", slug="born-live", law=evidence.law, live=True)
    page.body = [evidence_block(evidence.private)]

    with pytest.raises(ProposalNotPublishable, match="approved but not public"):
        index_page("en").add_child(instance=page)

    assert not ProposalPage.objects.filter(slug="born-live").exists()


# --- what is not a publication -----------------------------------------------------------------------------------


def test_drafting_moving_and_unpublishing_a_live_proposal_whose_evidence_became_private_are_not_refused(
    evidence, people
) -> None:
    page = live_proposal(evidence, people, allowed=False)
    live_revision = page.live_revision_id

    draft = page.get_latest_revision_as_object()
    draft.summary = "A better summary."
    draft.save_revision(user=people["editor"])  # a draft of a live page: saved, the live version untouched
    page = ProposalPage.objects.get(pk=page.pk)
    assert page.live and page.live_revision_id == live_revision and page.has_unpublished_changes
    assert page.summary != "A better summary."

    page.move(index_page("ar"), pos="last-child")
    assert ProposalPage.objects.get(pk=page.pk).live

    ProposalPage.objects.get(pk=page.pk).unpublish(user=people["editor"])
    assert not ProposalPage.objects.get(pk=page.pk).live


def test_a_live_page_saved_in_code_citing_what_it_cited_is_not_refused(evidence, people) -> None:
    """Evidence made private after publication is hidden from the page; saving the page for another reason (its
    status, a fix by hand) publishes nothing new, but citing something new while live is a publication."""
    page = live_proposal(evidence, people, allowed=False)

    page.summary = "Corrected summary."
    page.save()
    assert ProposalPage.objects.get(pk=page.pk).summary == "Corrected summary."

    page.body = [evidence_block(evidence.public), evidence_block(evidence.draft)]
    with pytest.raises(ProposalNotPublishable, match="is not approved"):
        page.save()


@CASES
def test_the_admin_create_view_with_publish(client, evidence, people, allowed: bool) -> None:
    """Wagtail's create view inserts a page it is asked to publish as live before its publish hook runs: a new
    proposal citing private evidence is kept as a draft, with the reason, never inserted live."""
    client.force_login(people["editor"])
    blank = ProposalPage(title="Created", slug="created", law=evidence.law, summary="New.")

    response = client.post(
        f"/admin/pages/add/proposals/proposalpage/{index_page('en').pk}/",
        proposal_form(blank, cited(evidence, allowed).pk, **{"action-publish": "1"}),
        follow=True,
    )

    assert response.status_code == 200
    page = ProposalPage.objects.get(slug="created")
    if allowed:
        assert_published(page.pk)
    else:
        html = response.content.decode()
        assert "saved as a draft but cannot be published" in html and "approved but not public" in html
        assert_not_published(page.pk)
        saved = page.get_latest_revision_as_object()
        assert [block.value["annotation"].pk for block in saved.body] == [evidence.private.pk]  # the work is kept
        assert client.get("/proposals/created/").status_code == 404


def test_a_live_proposal_whose_law_is_unpublished_later_answers_404_and_is_not_published_again(
    evidence, people
) -> None:
    page = live_proposal(evidence, people, allowed=True)
    law = evidence.law
    law.published = False
    law.save()
    client = Client()

    assert client.get(page.url).status_code == 404  # still live, but a proposal is public only with its law
    response = api_action(api_client(people["editor"]), page, "publish")

    assert response.status_code == 400
    assert "is not published: an editor must publish the law" in response.content.decode()
