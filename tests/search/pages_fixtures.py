"""Real indexed laws for the search pages, API and command line tests (fixtures imported by those modules).

- the Syrian Constitution of 2012 (Arabic PDF), published; article 42 carries a public, approved annotation
  (ICCPR-19, incompatible, tag expression) and article 53 a draft one (ICCPR-7, torture): a staff-only facet;
- the Universal Declaration of Human Rights (English HTML), published, as an English text;
- the Syrian Nationality Law (Legislative Decree 276/1969, Arabic Markdown), published;
- the Legal Profession Law 30/2010 (Arabic Markdown), NOT published: staff may find it, the public never.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from legislation import services
from legislation.models import Law
from reviews.models import Annotation
from search import documents, engine
from search.models import PendingUpdate
from tests.legislation.helpers import staff_user
from tests.reviews.test_compliance import annotate, approve, people

__all__ = ["Library", "pages_library", "pages_staff", "people"]

A = Annotation.Assessment


@dataclass
class Library:
    constitution: Law
    udhr: Law
    nationality: Law
    profession: Law  # unpublished
    public_annotation: Annotation
    draft_annotation: Annotation


def _law(corpus: Path, path: str, **fields: object) -> Law:
    law = Law.objects.create(**fields)
    result = services.document_upload_path(law=law, path=corpus / path, enqueue=False)
    services.document_process(result.document.pk)
    return law


def index_everything() -> None:
    """Index every record now, as ``search_index --rebuild`` does, and empty the outbox the signals filled."""
    built = documents.records(list(documents.all_keys()))
    engine.backend().index(built.records)
    PendingUpdate.objects.all().delete()


@pytest.fixture
def pages_library(corpus: Path, people) -> Library:
    constitution = _law(
        corpus, "laws/syria/pdf/sy_constitution_2012.pdf", title_ar="دستور الجمهورية العربية السورية",
        title_en="Constitution of the Syrian Arab Republic", language="ar", kind="constitution", year=2012,
        published=True,
    )  # fmt: skip
    udhr = _law(
        corpus, "hr_instruments/udhr/eng.html", title_en="Universal Declaration of Human Rights", language="en",
        kind="decision", number="217", year=1948, published=True,
    )  # fmt: skip
    nationality = _law(
        corpus, "laws/syria/md/sy_nationality_law.md", title_ar="قانون الجنسية العربية السورية", language="ar",
        kind="legislative-decree", number="276", year=1969, published=True,
    )  # fmt: skip
    profession = _law(
        corpus, "laws/syria/md/sy_legal_profession_law_30_2010.md", title_ar="قانون تنظيم مهنة المحاماة",
        language="ar", kind="law", number="30", year=2010, published=False,
    )  # fmt: skip
    researcher = people["researcher"]
    public = approve(
        annotate(
            constitution, "art_42", A.INCOMPATIBLE, ["ICCPR-19"], author=researcher,
            commentary="القيود على حرية التعبير غير محددة", tags=["expression"],
        ),
        people,
    )  # fmt: skip
    from reviews.annotations import annotation_set_public

    annotation_set_public(public, user=people["reviewer"], public=True)
    draft = annotate(
        constitution, "art_53", A.UNCLEAR, ["ICCPR-7"], author=researcher, commentary="مسودة عن التعذيب",
        tags=["torture"],
    )  # fmt: skip
    index_everything()
    return Library(constitution, udhr, nationality, profession, Annotation.objects.get(pk=public.pk), draft)


@pytest.fixture
def pages_staff(db):
    """A staff member who may view laws (and so use the staff search)."""
    return staff_user("searcher", "view_law")
