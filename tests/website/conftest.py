"""Fixtures for the public site: laws with text (published or not), annotations in every state of their review,
each carrying a marker text that says whether the public may ever see it, and each with a file attached as
evidence whose name, title and bytes carry a marker too."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from legislation.models import Law
from reviews.annotations import annotation_set_public, annotation_submit
from reviews.evidence import evidence_collect
from reviews.models import Annotation, Evidence
from tests.factories import DECREE, annotate, approve, make_law, make_people

A = Annotation.Assessment


@pytest.fixture
def people(django_user_model) -> dict[str, object]:
    return make_people(django_user_model)


@dataclass
class Library:
    law: Law  # published, with the annotations below
    hidden_law: Law  # not published
    public: Annotation  # approved and public: the one finding the public sees
    private: Annotation  # approved, not made public
    draft: Annotation
    submitted: Annotation
    on_hidden_law: Annotation  # approved and public, but its law is not published
    # The file attached as evidence to each annotation above, by the annotation's name ("public", "draft"...).
    files: dict[str, Any] = field(default_factory=dict)


# Marker texts: a test looks for them in what the public is served.
PUBLIC_MARKER = "PUBLIC-FINDING-7c1"
SECRET_MARKERS = {
    "private": "SECRET-APPROVED-NOT-PUBLIC-4b2",
    "draft": "SECRET-DRAFT-9d3",
    "submitted": "SECRET-SUBMITTED-1e5",
    "hidden law title": "SECRET-UNPUBLISHED-LAW-TITLE-2f8",
    "hidden law text": "SECRETUNPUBLISHEDARTICLETEXT",
    "on hidden law": "SECRET-FINDING-ON-UNPUBLISHED-LAW-6a0",
    # In the name, title and bytes of the file attached as evidence to each annotation the public may not see.
    "private evidence": "SECRET-EVIDENCE-APPROVED-NOT-PUBLIC-8e3",
    "draft evidence": "SECRET-EVIDENCE-DRAFT-2a6",
    "submitted evidence": "SECRET-EVIDENCE-SUBMITTED-5c9",
    "evidence on hidden law": "SECRET-EVIDENCE-ON-UNPUBLISHED-LAW-7d4",
}
PUBLIC_EVIDENCE_MARKER = "PUBLIC-EVIDENCE-FILE-1f6"


def attach_file(annotation: Annotation, marker: str, *, user: Any) -> Annotation:
    """A PDF attached as evidence, saved in a new revision as the annotation editor saves it (so approving keeps
    it), and moved into the private "Evidence" collection as the editor does."""
    document = get_document_model()(
        title=f"Witness statement {marker}", file=ContentFile(f"%PDF-1.4 {marker}".encode(), name="statement.pdf")
    )
    document.save()
    Evidence.objects.create(
        annotation=annotation, kind=Evidence.Kind.FILE, citation="Witness statement", document=document
    )
    annotation = Annotation.objects.get(pk=annotation.pk)
    annotation.save_revision(user=user)
    evidence_collect(annotation)
    return annotation


@pytest.fixture
def library(people) -> Library:
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
        attach_file(
            annotate(law, "chp_1__art_1", ["ICCPR-19"], author=researcher, commentary=PUBLIC_MARKER),
            PUBLIC_EVIDENCE_MARKER,
            user=researcher,
        ),
        people,
    )
    annotation_set_public(public, user=people["reviewer"], public=True)
    private = approve(
        attach_file(
            annotate(
                law,
                "chp_1__art_2",
                ["ICCPR-9"],
                author=researcher,
                commentary=SECRET_MARKERS["private"],
                assessment=A.PARTIAL,
            ),
            SECRET_MARKERS["private evidence"],
            user=researcher,
        ),
        people,
    )
    draft = attach_file(
        annotate(law, "chp_2__art_3", ["ICCPR-22"], author=researcher, commentary=SECRET_MARKERS["draft"]),
        SECRET_MARKERS["draft evidence"],
        user=researcher,
    )
    submitted = attach_file(
        annotate(
            law,
            "chp_2__art_3",
            ["ICCPR-22"],
            author=researcher,
            commentary=SECRET_MARKERS["submitted"],
            assessment=A.UNCLEAR,
        ),
        SECRET_MARKERS["submitted evidence"],
        user=researcher,
    )
    annotation_submit(submitted, user=researcher)
    on_hidden = approve(
        attach_file(
            annotate(
                hidden_law, "chp_1__art_1", ["ICCPR-19"], author=researcher,
                commentary=SECRET_MARKERS["on hidden law"],
            ),
            SECRET_MARKERS["evidence on hidden law"],
            user=researcher,
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
        files={
            name: annotation.evidence.get().document
            for name, annotation in (
                ("public", public),
                ("private", private),
                ("draft", draft),
                ("submitted", submitted),
                ("on hidden law", on_hidden),
            )
        },  # fmt: skip
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
