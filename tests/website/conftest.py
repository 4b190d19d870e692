"""Fixtures for the public site: laws with text (published or not), annotations in every state of their review,
each carrying a marker text that says whether the public may ever see it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group

from legislation import services
from legislation.models import Law
from reviews.annotations import (
    AnnotationInput,
    annotation_create,
    annotation_review,
    annotation_set_public,
    annotation_submit,
)
from reviews.models import Annotation, StandardProvision
from reviews.roles import RESEARCHERS, REVIEWERS

A = Annotation.Assessment

DECREE = """المرسوم التشريعي رقم 10 لعام 2020
الفصل الأول
أحكام عامة
المادة 1
يعاقب بالحبس من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة.
المادة 2
لا يجوز توقيف أي شخص إلا في الحالات الآتية:
1- بموجب قرار صادر عن السلطة القضائية المختصة.
2- في حالة الجرم المشهود.
الفصل الثاني
الجمعيات
المادة 3
يحظر تأسيس الجمعيات إلا بترخيص من الوزارة.
المادة 4
ينشر هذا المرسوم في الجريدة الرسمية."""


def make_law(*, text: str = DECREE, published: bool = True, **fields: object) -> Law:
    defaults: dict[str, object] = {
        "title_ar": "مرسوم تشريعي بشأن الجرائم",
        "title_en": "Legislative Decree on offences",
        "language": "ar",
        "kind": "legislative-decree",
        "number": "10",
        "year": 2020,
        "issuing_authority": "رئيس الجمهورية",
        "published": published,
    }
    law = Law.objects.create(**{**defaults, **fields})
    result = services.document_upload(law=law, stream=io.BytesIO(text.encode()), name="law.txt", enqueue=False)
    services.document_process(result.document.pk)
    return law


@pytest.fixture
def people(django_user_model) -> dict[str, object]:  # noqa: ANN001
    def person(name: str, group: str) -> object:
        user = django_user_model.objects.create_user(name, password="x", first_name=name.title())
        user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)

    return {"researcher": person("rania", RESEARCHERS), "reviewer": person("omar", REVIEWERS)}


def annotate(law: Law, eid: str, assessment: str, codes: list[str], *, author: object, commentary: str) -> Annotation:
    return annotation_create(
        AnnotationInput(
            provision=law.provisions.get(eid=eid),
            assessment=assessment,
            standards=StandardProvision.objects.filter(code__in=codes),
            commentary=commentary,
        ),
        user=author,
    )


def approve(annotation: Annotation, people: dict[str, object]) -> Annotation:
    annotation_submit(annotation, user=people["researcher"])
    annotation_review(annotation, user=people["reviewer"], approve=True)
    return Annotation.objects.get(pk=annotation.pk)


@dataclass
class Library:
    law: Law  # published, with the annotations below
    hidden_law: Law  # not published
    public: Annotation  # approved and public: the one finding the public sees
    private: Annotation  # approved, not made public
    draft: Annotation
    submitted: Annotation
    on_hidden_law: Annotation  # approved and public, but its law is not published


# Marker texts: a test looks for them in what the public is served.
PUBLIC_MARKER = "PUBLIC-FINDING-7c1"
SECRET_MARKERS = {
    "private": "SECRET-APPROVED-NOT-PUBLIC-4b2",
    "draft": "SECRET-DRAFT-9d3",
    "submitted": "SECRET-SUBMITTED-1e5",
    "hidden law title": "SECRET-UNPUBLISHED-LAW-TITLE-2f8",
    "hidden law text": "SECRETUNPUBLISHEDARTICLETEXT",
    "on hidden law": "SECRET-FINDING-ON-UNPUBLISHED-LAW-6a0",
}


@pytest.fixture
def library(people) -> Library:  # noqa: ANN001
    law = make_law()
    hidden_law = make_law(
        published=False,
        title_en=SECRET_MARKERS["hidden law title"],
        number="99",
        year=2021,
        text=DECREE.replace("توهن نفسية الأمة", SECRET_MARKERS["hidden law text"]),
    )
    researcher = people["researcher"]
    public = approve(
        annotate(law, "chp_1__art_1", A.INCOMPATIBLE, ["ICCPR-19"], author=researcher, commentary=PUBLIC_MARKER),
        people,
    )
    annotation_set_public(public, user=people["reviewer"], public=True)
    private = approve(
        annotate(law, "chp_1__art_2", A.PARTIAL, ["ICCPR-9"], author=researcher, commentary=SECRET_MARKERS["private"]),
        people,
    )
    draft = annotate(
        law, "chp_2__art_3", A.INCOMPATIBLE, ["ICCPR-22"], author=researcher, commentary=SECRET_MARKERS["draft"]
    )
    submitted = annotate(
        law, "chp_2__art_3", A.UNCLEAR, ["ICCPR-22"], author=researcher, commentary=SECRET_MARKERS["submitted"]
    )
    annotation_submit(submitted, user=researcher)
    on_hidden = approve(
        annotate(
            hidden_law, "chp_1__art_1", A.INCOMPATIBLE, ["ICCPR-19"], author=researcher,
            commentary=SECRET_MARKERS["on hidden law"],
        ),
        people,
    )  # fmt: skip
    annotation_set_public(on_hidden, user=people["reviewer"], public=True)
    return Library(
        law=Law.objects.get(pk=law.pk),
        hidden_law=Law.objects.get(pk=hidden_law.pk),
        public=Annotation.objects.get(pk=public.pk),
        private=private,
        draft=Annotation.objects.get(pk=draft.pk),
        submitted=Annotation.objects.get(pk=submitted.pk),
        on_hidden_law=Annotation.objects.get(pk=on_hidden.pk),
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.html_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_attrs = values
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag in {"a", "link"} and values.get("href"):
            self.links.append(values["href"] or "")


def parse(html: str | bytes) -> _Collector:
    collector = _Collector()
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    return collector
