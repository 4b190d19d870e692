"""Annotations: drafted by a researcher, reviewed by someone else, public only by choice after approval, and
placed again by their quote when the law's text is processed again."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from legislation import services
from legislation.models import Law, Provision, SourceDocument
from reviews.annotations import (
    AnnotationInput,
    annotation_create,
    annotation_review,
    annotation_set_public,
    annotation_submit,
)
from reviews.models import Annotation, AnnotationTarget, StandardProvision
from reviews.roles import RESEARCHERS, REVIEWERS

pytestmark = pytest.mark.django_db

DECREE = """المرسوم التشريعي رقم 10 لعام 2020
المادة 1
يعاقب بالحبس من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة.
المادة 2
لا يجوز توقيف أي شخص إلا بموجب قرار صادر عن السلطة القضائية المختصة.
المادة 3
ينشر هذا المرسوم في الجريدة الرسمية."""


@pytest.fixture
def people(django_user_model) -> dict[str, object]:
    def person(name: str, group: str) -> object:
        user = django_user_model.objects.create_user(name, password="x")
        user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)  # fresh: no cached permissions

    return {
        "researcher": person("rania", RESEARCHERS),
        "reviewer": person("omar", REVIEWERS),
        "other_reviewer": person("lina", REVIEWERS),
    }


def process(law: Law, text: str, name: str = "decree.txt") -> SourceDocument:
    result = services.document_upload(law=law, stream=io.BytesIO(text.encode()), name=name, enqueue=False)
    services.document_process(result.document.pk)
    return SourceDocument.objects.get(pk=result.document.pk)


@pytest.fixture
def article() -> Provision:
    law = Law.objects.create(title_ar="مرسوم تشريعي", language="ar")
    document = process(law, DECREE)
    return document.provisions.get(eid="art_1")


def annotate(article: Provision, user: object, words: str = "أخباراً كاذبة") -> Annotation:
    text = article.full_text
    start = text.index(words)
    return annotation_create(
        AnnotationInput(
            provision=article,
            assessment=Annotation.Assessment.INCOMPATIBLE,
            standards=StandardProvision.objects.filter(code="ICCPR-19"),
            severity=Annotation.Severity.HIGH,
            commentary="تجريم فضفاض لحرية التعبير",
            start=start + 2,  # inside a word: widened to whole words
            end=start + len(words) - 1,
        ),
        user=user,
    )


def test_a_researcher_drafts_an_annotation_on_a_passage_in_whole_words(article: Provision, people) -> None:
    annotation = annotate(article, people["researcher"])

    assert annotation.status == Annotation.Status.DRAFT and not annotation.live and not annotation.public
    assert annotation.target.exact == "أخباراً كاذبة"
    assert annotation.target.prefix.endswith("كل من نشر ") and annotation.target.suffix.startswith(" من شأنها")
    assert [s.code for s in annotation.standards.all()] == ["ICCPR-19"]
    revision = annotation.latest_revision
    assert revision is not None and revision.user == people["researcher"]


def test_a_reviewer_approves_what_another_submitted(article: Provision, people) -> None:
    annotation = annotate(article, people["researcher"])
    annotation_submit(annotation, user=people["researcher"])
    assert Annotation.objects.get(pk=annotation.pk).status == Annotation.Status.SUBMITTED

    annotation_review(annotation, user=people["reviewer"], approve=True)

    annotation = Annotation.objects.get(pk=annotation.pk)
    assert annotation.status == Annotation.Status.APPROVED and annotation.live
    assert not annotation.public  # approval alone does not make it public


def test_no_one_approves_their_own_annotation(article: Provision, people) -> None:
    own = annotate(article, people["reviewer"])
    annotation_submit(own, user=people["reviewer"])

    with pytest.raises(PermissionDenied):
        annotation_review(own, user=people["reviewer"], approve=True)
    task_state = own.current_workflow_task_state
    assert task_state.task.specific.get_actions(own, people["reviewer"]) == []
    with pytest.raises(PermissionDenied):  # nor by calling the task directly
        task_state.task.specific.on_action(task_state, people["reviewer"], "approve")
    assert not Annotation.objects.get(pk=own.pk).live

    annotation_review(own, user=people["other_reviewer"], approve=True)
    assert Annotation.objects.get(pk=own.pk).status == Annotation.Status.APPROVED


def test_a_researcher_cannot_review_and_changes_can_be_requested(article: Provision, people) -> None:
    annotation = annotate(article, people["researcher"])
    annotation_submit(annotation, user=people["researcher"])
    colleague = type(people["researcher"]).objects.create_user("sami", password="x")
    colleague.groups.add(Group.objects.get(name=RESEARCHERS))

    with pytest.raises(PermissionDenied):
        annotation_review(annotation, user=colleague, approve=True)

    annotation_review(annotation, user=people["reviewer"], approve=False, comment="أضف المصدر")
    annotation = Annotation.objects.get(pk=annotation.pk)
    assert annotation.status == Annotation.Status.CHANGES_REQUESTED and not annotation.live


def test_only_an_approved_annotation_can_be_public_and_only_a_reviewer_says_so(article: Provision, people) -> None:
    annotation = annotate(article, people["researcher"])

    with pytest.raises(ValidationError):
        annotation_set_public(annotation, user=people["reviewer"], public=True)
    annotation_submit(annotation, user=people["researcher"])
    annotation_review(annotation, user=people["reviewer"], approve=True)
    with pytest.raises(PermissionDenied):
        annotation_set_public(annotation, user=people["researcher"], public=True)

    annotation_set_public(annotation, user=people["reviewer"], public=True)
    assert Annotation.objects.get(pk=annotation.pk).public


def test_the_database_refuses_a_public_draft(article: Provision, people) -> None:
    from django.db import IntegrityError, transaction

    annotation = annotate(article, people["researcher"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.filter(pk=annotation.pk).update(public=True)


def test_reprocessing_places_annotations_again_by_their_quote(article: Provision, people) -> None:
    annotation = annotate(article, people["researcher"])
    law = article.law
    # A better copy of the decree: an article inserted before, and the annotated words re-spelt.
    amended = DECREE.replace("المادة 1\n", "المادة 1\nتعريفات.\nالمادة 2\n").replace("المادة 2\nلا", "المادة 3\nلا")
    amended = amended.replace("المادة 3\nينشر", "المادة 4\nينشر").replace("أخباراً كاذبة", "اخبارا كاذبه")
    document = SourceDocument.objects.get(pk=article.document_id)
    document.file.save("decree.txt", io.BytesIO(amended.encode()), save=True)

    services.document_process(document.pk)

    target = AnnotationTarget.objects.get(annotation=annotation)
    assert target.placement == AnnotationTarget.Placement.PLACED
    assert target.provision is not None and target.provision.eid == "art_2"
    full = target.provision.full_text
    assert full[target.start : target.end] == "اخبارا كاذبه"
    assert Annotation.objects.filter(law=law).count() == 1


def test_an_annotation_whose_passage_is_gone_is_an_orphan_never_deleted(article: Provision, people) -> None:
    annotation = annotate(article, people["researcher"])
    document = SourceDocument.objects.get(pk=article.document_id)
    document.file.save("decree.txt", io.BytesIO(DECREE.replace("أخباراً كاذبة", "شائعات").encode()), save=True)

    services.document_process(document.pk)

    target = AnnotationTarget.objects.get(annotation=annotation)
    assert target.placement == AnnotationTarget.Placement.ORPHAN and target.provision is None
    assert target.exact == "أخباراً كاذبة"  # kept, for a reviewer to place by hand


def test_a_reviewer_cannot_publish_their_own_annotation_directly(article: Provision, people) -> None:
    own = annotate(article, people["reviewer"])

    with pytest.raises(PermissionDenied):
        own.latest_revision.publish(user=people["reviewer"])
    assert not Annotation.objects.get(pk=own.pk).live
