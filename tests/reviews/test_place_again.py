"""A law's annotations placed again when its text is processed again: the same placements as one by one (by the
quote, widened to whole words, orphans flagged and kept), written together in a constant number of queries, and
each annotation queued once for the search index."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import search.signals
from legislation import services
from legislation.models import Law, SourceDocument
from legislation.signals import provisions_replaced
from reviews.annotations import AnnotationInput, annotation_create
from reviews.models import Annotation, AnnotationTarget
from search.models import PendingUpdate
from tests.factories import DECREE, make_law, make_people

pytestmark = pytest.mark.django_db

# The decree (tests/factories.DECREE) processed again from a better copy: the first article's words re-spelt, one
# word of it amended, the second paragraph of article 2 gone, the licence moved from article 3 to a new article 4
# and the publication article renumbered 5 and amended.
AMENDED = (
    DECREE.replace("أخباراً كاذبة", "اخبارا كاذبه")
    .replace("توهن نفسية", "توهين نفسية")
    .replace("\n2- في حالة الجرم المشهود.", "")
    .replace(
        "يحظر تأسيس الجمعيات إلا بترخيص من الوزارة.\nالمادة 4\nينشر هذا المرسوم في الجريدة الرسمية.",
        "يحظر تأسيس الجمعيات السرية.\nالمادة 4\nلا تؤسس جمعية إلا بترخيص من الوزارة."
        "\nالمادة 5\nينشر هذا المرسوم في الجرائد الرسمية.",
    )
)

# What is annotated (the provision's eid, the words: none for the whole provision) and where each is afterwards
# (placement, eid, the text at its offsets in that provision, its quote).
CASES: list[tuple[str, str, str, str | None, str | None, str]] = [
    # re-spelt: found once spelling is folded, offsets on the new wording, the quote kept
    ("chp_1__art_1", "أخباراً كاذبة", "placed", "chp_1__art_1", "اخبارا كاذبه", "أخباراً كاذبة"),
    # amended: placed approximately on the new wording, for a reviewer to check
    ("chp_1__art_1", "أن توهن نفسية", "moved", "chp_1__art_1", "أن توهين نفسية", "أن توهين نفسية"),
    # the whole provision follows its identifier
    ("chp_1__art_2", "", "placed", "chp_1__art_2", None, ""),
    ("chp_2__art_4", "", "placed", "chp_2__art_4", None, ""),
    # unchanged text, in a paragraph
    ("chp_1__art_2__para_1", "السلطة القضائية", "placed", "chp_1__art_2__para_1", "السلطة القضائية", "السلطة القضائية"),
    # moved to another article: found there exactly
    ("chp_2__art_3", "بترخيص من الوزارة", "placed", "chp_2__art_4", "بترخيص من الوزارة", "بترخيص من الوزارة"),
    # gone: an orphan, its quote kept for a reviewer
    ("chp_1__art_2", "الجرم المشهود", "orphan", "chp_1__art_2", None, "الجرم المشهود"),
    ("chp_1__art_2__para_2", "", "orphan", "chp_1__art_2__para_2", None, ""),
    # a word changed inside the quote: the new placement is widened to whole words
    ("chp_2__art_4", "الجريدة الرسمية", "moved", "chp_2__art_5", "الجرائد الرسمية", "الجرائد الرسمية"),
]


@pytest.fixture
def people(django_user_model) -> dict[str, Any]:
    return make_people(django_user_model)


def annotated_law(count: int, people: dict[str, Any], *, number: int = 10) -> Law:
    """A law with ``count`` annotations, the cases above in turn."""
    law = make_law(text=DECREE.replace("رقم 10", f"رقم {number}"), number=str(number))
    for index in range(count):
        eid, words, *_ = CASES[index % len(CASES)]
        provision = law.provisions.get(eid=eid)
        start = provision.full_text.index(words) if words else None
        annotation_create(
            AnnotationInput(
                provision=provision,
                assessment=Annotation.Assessment.INCOMPATIBLE,
                commentary=f"ملاحظة {index}",
                start=start,
                end=start + len(words) if start is not None else None,
            ),
            user=people["researcher"],
        )
    return law


def process_again(law: Law, text: str) -> SourceDocument:
    document = law.documents.get()
    document.file.save("law.txt", io.BytesIO(text.encode()), save=True)
    services.document_process(document.pk)
    return SourceDocument.objects.get(pk=document.pk)


def test_placing_again_keeps_each_outcome(people) -> None:
    law = annotated_law(len(CASES), people)
    other = annotated_law(1, people, number=11)
    untouched = AnnotationTarget.objects.values().get(annotation__law=other)
    made = {target["id"]: target for target in AnnotationTarget.objects.filter(annotation__law=law).values()}

    process_again(law, AMENDED)

    targets = AnnotationTarget.objects.filter(annotation__law=law).select_related("provision").order_by("annotation_id")
    assert len(targets) == len(CASES) and Annotation.objects.filter(law=law).count() == len(CASES)
    for target, (_eid, _words, placement, eid, passage, exact) in zip(targets, CASES, strict=True):
        before = made[target.pk]
        assert (target.placement, target.eid, target.exact) == (placement, eid, exact), target.annotation_id
        if placement == "orphan":  # kept as it was, for a reviewer to place by hand
            assert target.provision is None
            assert (target.prefix, target.suffix, target.start, target.end) == (
                before["prefix"],
                before["suffix"],
                before["start"],
                before["end"],
            )
            continue
        assert target.provision is not None and target.provision.eid == eid
        full = target.provision.full_text
        if passage is None:
            assert target.start is None and target.end is None
        else:
            assert full[target.start : target.end] == passage
        if placement == "moved":  # the new wording's surroundings
            assert target.prefix == full[max(0, target.start - 32) : target.start]
            assert target.suffix == full[target.end : target.end + 32]
        else:
            assert (target.prefix, target.suffix) == (before["prefix"], before["suffix"])
    assert AnnotationTarget.objects.values().get(annotation__law=other) == untouched


def queries_to_place_again(law: Law) -> int:
    """The queries of placing a law's annotations again, search's queueing included."""
    document = law.documents.get()
    with CaptureQueriesContext(connection) as context:
        provisions_replaced.send(sender=SourceDocument, document=document)
    return len(context.captured_queries)


def test_placing_again_50_annotations_takes_as_many_queries_as_one(people) -> None:
    queries = {count: queries_to_place_again(annotated_law(count, people, number=count)) for count in (1, 10, 50)}

    assert queries[50] == queries[10] == queries[1], queries


def test_placing_again_writes_every_target_in_one_statement(people) -> None:
    law = annotated_law(50, people)
    before = dict(AnnotationTarget.objects.filter(annotation__law=law).values_list("pk", "placed_at"))

    with CaptureQueriesContext(connection) as context:
        provisions_replaced.send(sender=SourceDocument, document=law.documents.get())

    table = AnnotationTarget._meta.db_table
    writes = [query["sql"] for query in context.captured_queries if f'UPDATE "{table}"' in query["sql"]]
    assert len(writes) == 1
    after = dict(AnnotationTarget.objects.filter(annotation__law=law).values_list("pk", "placed_at"))
    assert all(after[pk] > placed_at for pk, placed_at in before.items()), "each placement is dated"


def test_placing_again_queues_each_annotation_once(people, monkeypatch) -> None:
    law = annotated_law(len(CASES), people)
    queued: list[str] = []
    enqueue = search.signals.enqueue

    def spy(keys: Any) -> int:
        keys = list(keys)
        queued.extend(keys)
        return enqueue(keys)

    monkeypatch.setattr(search.signals, "enqueue", spy)
    PendingUpdate.objects.all().delete()

    process_again(law, AMENDED)

    annotations = {f"annotation:{pk}" for pk in Annotation.objects.filter(law=law).values_list("pk", flat=True)}
    assert {key: queued.count(key) for key in annotations} == dict.fromkeys(annotations, 1)
    # The index still learns where each annotation is now: the annotation and the article it is in.
    articles = {
        f"provision:{pk}"
        for pk in AnnotationTarget.objects.filter(annotation__law=law, provision__kind="article").values_list(
            "provision_id", flat=True
        )
    }
    assert annotations | articles <= set(PendingUpdate.objects.values_list("key", flat=True))
