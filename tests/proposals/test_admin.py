"""Editors in Wagtail's admin: the Publish button on a proposal citing evidence the public may not see keeps the
work as a draft and says why, on the edit page; approving it in the workflow is refused the same way. A researcher
can draft and submit but not publish."""

from __future__ import annotations

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from legislation.models import Law
from proposals.models import ProposalPage
from reviews.models import Annotation
from tests.proposals.conftest import draft_proposal, evidence_block, index_page, proposal_form

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _submitted(law: Law, cited: Annotation, people: dict) -> ProposalPage:
    """A proposal citing ``cited`` as evidence, submitted to the review workflow by the researcher."""
    page = draft_proposal(law, body=[evidence_block(cited)])
    page.get_workflow().start(page, people["researcher"])
    return page


def test_the_publish_button_refuses_private_evidence_with_a_message_and_keeps_the_draft(
    client, evidence, people
) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(evidence.public)])
    client.force_login(people["editor"])

    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        proposal_form(page, evidence.private.pk, **{"action-publish": "1"}),
        follow=True,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot be published" in html
    assert "approved but not public: ask a reviewer to make it public" in html
    page = ProposalPage.objects.get(pk=page.pk)
    assert not page.live
    saved = page.get_latest_revision_as_object()
    assert [b.value["annotation"].pk for b in saved.body] == [evidence.private.pk]  # the work is kept


def test_the_publish_button_publishes_with_public_evidence(client, evidence, people) -> None:
    page = draft_proposal(evidence.law)
    client.force_login(people["editor"])

    response = client.post(
        f"/admin/pages/{page.pk}/edit/", proposal_form(page, evidence.public.pk, **{"action-publish": "1"})
    )

    assert response.status_code == 302
    assert ProposalPage.objects.get(pk=page.pk).live


def test_an_unknown_article_is_a_form_error(client, evidence, people) -> None:
    page = draft_proposal(evidence.law)
    client.force_login(people["editor"])
    data = proposal_form(page, evidence.public.pk)
    data["body-0-value-annotation"] = evidence.public.pk
    data.update(nested_form_data({"body": streamfield([("cited_article", {"eid": "chp_7__art_70", "comment": ""})])}))

    response = client.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 200
    assert "chp_7__art_70" in response.content.decode() and "do not exist" in response.content.decode()


def test_approving_in_the_editor_is_refused_when_evidence_is_not_public(client, evidence, people) -> None:
    page = _submitted(evidence.law, evidence.draft, people)
    client.force_login(people["editor"])

    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        proposal_form(page, evidence.draft.pk, **{"action-workflow-action": "1", "workflow-action-name": "approve"}),
        follow=True,
    )

    assert "cannot be approved for publication" in response.content.decode()
    assert "is not approved" in response.content.decode()
    page = ProposalPage.objects.get(pk=page.pk)
    assert not page.live and page.workflow_in_progress


def test_a_researcher_drafts_and_submits_but_cannot_publish(client, evidence, people) -> None:
    index = index_page("en")
    client.force_login(people["researcher"])
    blank = ProposalPage(title="By a researcher", slug="by-a-researcher", law=evidence.law)
    data = proposal_form(blank, evidence.public.pk, **{"action-publish": "1"})

    response = client.post(f"/admin/pages/add/proposals/proposalpage/{index.pk}/", data)

    assert response.status_code == 302
    page = ProposalPage.objects.get(slug="by-a-researcher")
    assert not page.live  # publish is not among a researcher's permissions: it was saved as a draft
    assert not page.permissions_for_user(people["researcher"]).can_publish()
    assert page.permissions_for_user(people["researcher"]).can_submit_for_moderation()
    assert Page.objects.get(pk=index.pk).permissions_for_user(people["editor"]).can_publish_subpage()


def test_the_preview_warns_that_private_evidence_blocks_publication_and_the_page_never_shows_it(
    client, evidence, people
) -> None:
    page = draft_proposal(evidence.law)
    client.force_login(people["editor"])
    url = f"/admin/pages/{page.pk}/edit/preview/"

    assert client.post(url, proposal_form(page, evidence.private.pk)).json()["is_valid"]
    html = client.get(url).content.decode()

    assert "Preview only" in html and "cannot be published while it cites it" in html
    assert "PRIVATE" not in html  # the annotation's commentary is not shown, even in a preview


def _approve_from_dashboard(client, page: ProposalPage, **headers: str):
    """The dashboard's pop-up: Approve posts to Wagtail's workflow action view (by XMLHttpRequest)."""
    state = ProposalPage.objects.get(pk=page.pk).current_workflow_task_state
    return client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {}, headers=headers)


def test_approving_from_the_dashboard_pop_up_is_refused_with_the_reason_not_a_bare_403(
    client, evidence, people
) -> None:
    page = _submitted(evidence.law, evidence.private, people)
    client.force_login(people["editor"])

    response = _approve_from_dashboard(client, page, x_requested_with="XMLHttpRequest")

    assert response.status_code == 200
    assert response.json()["step"] == "success"  # the pop-up closes and opens the edit page, which says why
    assert response.json()["redirect"] == f"/admin/pages/{page.pk}/edit/"
    edit = client.get(response.json()["redirect"]).content.decode()
    assert "cannot be approved for publication" in edit and "approved but not public" in edit
    page = ProposalPage.objects.get(pk=page.pk)
    assert not page.live and page.workflow_in_progress  # nothing changed: still waiting for an approval

    without_script = _approve_from_dashboard(client, page)
    assert without_script.status_code == 302 and without_script["Location"] == f"/admin/pages/{page.pk}/edit/"


def test_someone_who_may_not_approve_gets_wagtails_own_answer_not_the_proposals_problems(
    client, evidence, people
) -> None:
    page = _submitted(evidence.law, evidence.private, people)
    client.force_login(people["researcher"])  # drafts and submits; approving is the editors'

    response = _approve_from_dashboard(client, page, x_requested_with="XMLHttpRequest")

    assert response.status_code == 403
    assert "not public" not in response.content.decode()
    assert ProposalPage.objects.get(pk=page.pk).workflow_in_progress


def test_approving_from_the_dashboard_pop_up_publishes_a_proposal_with_public_evidence(
    client, evidence, people
) -> None:
    page = _submitted(evidence.law, evidence.public, people)
    client.force_login(people["editor"])

    response = _approve_from_dashboard(client, page, x_requested_with="XMLHttpRequest")

    assert response.json()["step"] == "success"
    assert ProposalPage.objects.get(pk=page.pk).live


def _bulk_publish(client, pages: list[Page], *, descendants: bool = False):
    ids = "&".join(f"id={page.pk}" for page in pages)
    data = {"include_descendants": "on"} if descendants else {}
    return client.post(f"/admin/bulk/wagtailcore/page/publish/?{ids}&next=/admin/pages/", data, follow=True)


def test_bulk_publishing_refuses_a_proposal_citing_private_evidence_and_publishes_nothing(
    client, evidence, people
) -> None:
    good = draft_proposal(evidence.law, body=[evidence_block(evidence.public)], title="Good proposal")
    bad = draft_proposal(evidence.law, body=[evidence_block(evidence.private)], title="Bad proposal")
    client.force_login(people["editor"])

    html = _bulk_publish(client, [good, bad]).content.decode()

    assert "Nothing was published" in html and "Bad proposal" in html and "approved but not public" in html
    assert not ProposalPage.objects.get(pk=good.pk).live
    assert not ProposalPage.objects.get(pk=bad.pk).live

    _bulk_publish(client, [good])
    assert ProposalPage.objects.get(pk=good.pk).live


def test_bulk_publishing_the_index_with_its_pages_checks_the_proposals_below_it(client, evidence, people) -> None:
    bad = draft_proposal(evidence.law, body=[evidence_block(evidence.draft)], title="Draft evidence proposal")
    client.force_login(people["editor"])

    html = _bulk_publish(client, [index_page("en")], descendants=True).content.decode()

    assert "Draft evidence proposal" in html and "is not approved" in html
    assert not ProposalPage.objects.get(pk=bad.pk).live
