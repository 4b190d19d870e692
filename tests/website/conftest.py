"""Fixtures for the public site: laws with text (published or not), annotations in every state of their review,
each carrying a marker text that says whether the public may ever see it."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import pytest

from legislation.models import Law
from reviews.annotations import annotation_set_public, annotation_submit
from reviews.models import Annotation
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
        annotate(law, "chp_1__art_1", ["ICCPR-19"], author=researcher, commentary=PUBLIC_MARKER),
        people,
    )
    annotation_set_public(public, user=people["reviewer"], public=True)
    private = approve(
        annotate(
            law,
            "chp_1__art_2",
            ["ICCPR-9"],
            author=researcher,
            commentary=SECRET_MARKERS["private"],
            assessment=A.PARTIAL,
        ),
        people,
    )
    draft = annotate(law, "chp_2__art_3", ["ICCPR-22"], author=researcher, commentary=SECRET_MARKERS["draft"])
    submitted = annotate(
        law,
        "chp_2__art_3",
        ["ICCPR-22"],
        author=researcher,
        commentary=SECRET_MARKERS["submitted"],
        assessment=A.UNCLEAR,
    )
    annotation_submit(submitted, user=researcher)
    on_hidden = approve(
        annotate(
            hidden_law, "chp_1__art_1", ["ICCPR-19"], author=researcher,
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
