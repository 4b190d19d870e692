"""Fixtures for proposals: a published Arabic decree and an unpublished one, annotations in each state of their
review (only one approved and public), people in the four roles, and a helper that drafts a proposal page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from legislation.models import Law
from proposals.models import ProposalIndexPage, ProposalPage
from proposals.setup import ensure_proposal_setup
from reviews.annotations import annotation_set_public
from reviews.models import Annotation, RightsTag
from tests.factories import ART_1, DECREE, annotate, approve, make_law, make_people


@pytest.fixture
def people(django_user_model) -> dict[str, Any]:
    return make_people(django_user_model, editor=True)


@dataclass
class Evidence:
    law: Law
    hidden_law: Law
    public: Annotation  # approved and public, on the published law
    draft: Annotation
    private: Annotation  # approved, not public
    on_hidden_law: Annotation  # approved and public, but its law is not published


@pytest.fixture
def evidence(people) -> Evidence:
    law = make_law()
    hidden = make_law(
        published=False, number="99", year=2021, title_en="Unpublished decree", text=DECREE.replace("الأمة", "البلاد")
    )
    researcher = people["researcher"]
    tag = RightsTag.objects.order_by("pk").first()
    public = approve(
        annotate(law, ART_1, ["ICCPR-19"], author=researcher, commentary="PUBLIC-FINDING", tags=[tag.slug]), people
    )
    annotation_set_public(public, user=people["reviewer"], public=True)
    private = approve(annotate(law, "chp_1__art_2", ["ICCPR-9"], author=researcher, commentary="PRIVATE"), people)
    draft = annotate(law, "chp_2__art_3", ["ICCPR-22"], author=researcher, commentary="DRAFT")
    on_hidden = approve(annotate(hidden, ART_1, ["ICCPR-19"], author=researcher, commentary="HIDDEN"), people)
    annotation_set_public(on_hidden, user=people["reviewer"], public=True)
    return Evidence(
        law=Law.objects.get(pk=law.pk),
        hidden_law=Law.objects.get(pk=hidden.pk),
        public=Annotation.objects.get(pk=public.pk),
        draft=Annotation.objects.get(pk=draft.pk),
        private=Annotation.objects.get(pk=private.pk),
        on_hidden_law=Annotation.objects.get(pk=on_hidden.pk),
    )


def index_page(language: str = "en") -> ProposalIndexPage:
    ensure_proposal_setup()
    return ProposalIndexPage.objects.get(locale=Locale.objects.get(language_code=language))


def redline_block(eid: str, proposed: str) -> dict[str, Any]:
    return {"type": "redline", "value": {"eid": eid, "proposed": proposed, "explanation": ""}}


def evidence_block(annotation: Annotation) -> dict[str, Any]:
    return {"type": "evidence", "value": {"annotation": annotation.pk, "comment": ""}}


def draft_proposal(
    law: Law,
    *,
    title: str = "Decriminalise false news",
    body: list | None = None,
    language: str = "en",
    slug: str = "",
    articles: tuple[str, ...] = (ART_1,),
    summary: str = "",
) -> ProposalPage:
    """A proposal saved as a draft (never published) under the index of ``language``."""
    from proposals.models import ProposalArticle

    page = ProposalPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-")[:50] or "proposal",
        law=law,
        summary=summary or "Replace prison with nothing: the offence should go.",
        body=body or [],
        live=False,
        articles=[ProposalArticle(eid=eid) for eid in articles],
    )
    index_page(language).add_child(instance=page)
    page.save_revision()
    return ProposalPage.objects.get(pk=page.pk)


def publish(page: ProposalPage, user: Any = None) -> ProposalPage:
    page.get_latest_revision().publish(user=user)
    return ProposalPage.objects.get(pk=page.pk)


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are asserted in English; a request to an /ar/ page leaves Arabic active in the thread."""
    from django.utils import translation

    with translation.override("en"):
        yield


def proposal_form(page: ProposalPage, annotation_pk: int, **actions: str) -> dict:
    """The edit form of ``page`` as the admin posts it, citing one annotation as evidence, with ``actions``."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "law": page.law_id,
            "articles": inline_formset([{"eid": ART_1}]),
            "body": streamfield([("evidence", {"annotation": annotation_pk, "comment": ""})]),
            "status_history": inline_formset([]),
        }
    )
    data.update(actions)
    return data
