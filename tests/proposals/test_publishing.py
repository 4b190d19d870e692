"""Publishing a proposal is refused, with a message naming what is wrong and what to do, whenever it cites
evidence the public may not see or is about an unpublished law: by the Publish button, the workflow's approval
and scheduled publishing alike. A proposal citing only public evidence publishes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow

from proposals.models import ProposalPage
from proposals.services import ProposalNotPublishable
from proposals.setup import WORKFLOW_NAME
from proposals.tasks import publish_scheduled_task
from tests.factories import ART_1
from tests.proposals.conftest import draft_proposal, evidence_block, publish, redline_block

pytestmark = pytest.mark.django_db


def test_a_proposal_citing_only_public_evidence_is_published(evidence) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(evidence.public), redline_block(ART_1, "نص جديد")])

    page = publish(page)

    assert page.live and page.first_published_at is not None


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        ("draft", "is not approved"),
        ("private", "is approved but not public: ask a reviewer to make it public"),
        ("on_hidden_law", "is about the unpublished law"),
    ],
)
def test_publishing_is_refused_when_evidence_is_not_public(evidence, which: str, expected: str) -> None:
    annotation = getattr(evidence, which)
    page = draft_proposal(evidence.law, body=[evidence_block(evidence.public), evidence_block(annotation)])

    with pytest.raises(ProposalNotPublishable) as refused:
        publish(page)

    message = str(refused.value)
    assert expected in message
    assert f"annotation #{annotation.pk}" in message
    assert f"annotation #{evidence.public.pk}" not in message  # the public one is not blamed
    assert not ProposalPage.objects.get(pk=page.pk).live


def test_publishing_is_refused_for_a_proposal_about_an_unpublished_law(evidence) -> None:
    page = draft_proposal(evidence.hidden_law, slug="about-hidden")

    with pytest.raises(ProposalNotPublishable, match="is not published: an editor must publish the law"):
        publish(page)


def test_publishing_is_refused_when_a_cited_article_does_not_exist(evidence) -> None:
    page = draft_proposal(evidence.law, body=[redline_block("chp_9__art_99", "نص")])

    with pytest.raises(ProposalNotPublishable, match="chp_9__art_99"):
        publish(page)


def test_an_annotation_made_private_after_drafting_stops_the_publication(evidence, people) -> None:
    from reviews.annotations import annotation_set_public

    page = draft_proposal(evidence.law, body=[evidence_block(evidence.public)])
    annotation_set_public(evidence.public, user=people["reviewer"], public=False)

    with pytest.raises(ProposalNotPublishable, match="not public"):
        publish(page)


def _submit(page: ProposalPage, user) -> None:
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW_NAME
    workflow.start(page, user)


def test_the_workflow_approval_publishes_a_proposal_with_public_evidence(evidence, people) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(evidence.public)])
    _submit(page, people["researcher"])
    page = ProposalPage.objects.get(pk=page.pk)

    page.current_workflow_task.on_action(page.current_workflow_task_state, people["editor"], "approve")

    assert ProposalPage.objects.get(pk=page.pk).live


def test_the_workflow_approval_is_refused_when_evidence_is_not_public(evidence, people) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(evidence.private)])
    _submit(page, people["researcher"])
    page = ProposalPage.objects.get(pk=page.pk)

    with pytest.raises(ProposalNotPublishable, match="approved but not public"):
        page.current_workflow_task.on_action(page.current_workflow_task_state, people["editor"], "approve")

    page = ProposalPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.workflow_in_progress  # still waiting for an approval that can publish it


def _time_passes() -> None:
    """Every scheduled revision becomes due (its go-live time an hour ago)."""
    from wagtail.models import Revision

    past = timezone.now() - timedelta(hours=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()


def test_scheduled_publishing_publishes_when_due_and_refuses_evidence_made_private_since(evidence, people) -> None:
    from wagtail.models import Revision

    from reviews.annotations import annotation_set_public

    good = draft_proposal(evidence.law, title="Good", body=[redline_block(ART_1, "نص جديد")])
    bad = draft_proposal(evidence.law, title="Bad", body=[evidence_block(evidence.public)])
    for page in (good, bad):
        page.go_live_at = timezone.now() + timedelta(days=1)
        page.save_revision().publish()
    assert not ProposalPage.objects.get(pk=good.pk).live  # scheduled, not live yet
    annotation_set_public(evidence.public, user=people["reviewer"], public=False)  # before the day comes

    _time_passes()
    publish_scheduled_task()  # what the workers' clock sends every minute

    assert ProposalPage.objects.get(pk=good.pk).live
    assert not ProposalPage.objects.get(pk=bad.pk).live
    assert not Revision.objects.filter(object_id=str(bad.pk), approved_go_live_at__isnull=False).exists()
    refusal = PageLogEntry.objects.get(page_id=bad.pk, action="proposals.publish_refused")
    assert "approved but not public" in " ".join(refusal.data["problems"])


def test_scheduling_is_refused_at_once_when_evidence_is_not_public(evidence) -> None:
    page = draft_proposal(evidence.law, body=[evidence_block(evidence.draft)])
    page.go_live_at = timezone.now() + timedelta(days=1)

    with pytest.raises(ProposalNotPublishable, match="is not approved"):
        page.save_revision().publish()


def test_the_proposal_workflow_is_assigned_to_both_index_pages(evidence) -> None:
    english = draft_proposal(evidence.law, slug="en-one")
    arabic = draft_proposal(evidence.law, slug="ar-one", language="ar")

    assert english.get_workflow() == arabic.get_workflow() == Workflow.objects.get(name=WORKFLOW_NAME)
