"""Fixtures for the search behaviour suite: the engines it runs on, and a library of real laws built once per
module (and rolled back after it), indexed through the configured engine.

``engine`` is parametrised over the embedded database engine (SQLite FTS5 or PostgreSQL, whichever database the
tests run on) and Elasticsearch. The Elasticsearch case runs only where a server is given by ELASTICSEARCH_URL
(CI sets it): there is no embedded Elasticsearch, and faking one would prove nothing about it.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings

from legislation import services
from legislation.models import Law, Provision
from reviews.annotations import (
    AnnotationInput,
    annotation_create,
    annotation_review,
    annotation_set_public,
    annotation_submit,
)
from reviews.models import Annotation, RightsTag, StandardProvision
from reviews.roles import RESEARCHERS, REVIEWERS

ENGINES = ["database", "elasticsearch"]
NO_ELASTICSEARCH = "Elasticsearch is not running here: set ELASTICSEARCH_URL to run the same behaviour suite on it"

# Two decrees with the vague offence wording of Syria's penal code (art. 285-286: news «that weaken the nation's
# spirit»), as decrees repeat it; the first printed with Arabic-Indic numbers, harakat and tatweel.
DECREE_NEWS = """المرسوم التشريعي رقم ١٠ لعام ٢٠٢٠
المادة ١
يُعاقَب بالحبس من ستة أشهر إلى ثلاث سنوات كلُّ من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة.
المادة ٢
لا يجوز توقيف أي شخص إلا بموجب قرار صادر عن السلطة القضائيـــة المختصة.
المادة ٥
ينشر هذا المرسوم في الجريدة الرسمية ويعمل به من تاريخ صدوره."""

DECREE_CYBER = """المرسوم التشريعي رقم 20 لعام 2022
المادة 1
يعاقب بالحبس من سنة إلى ثلاث سنوات كل من قام بإحدى وسائل تقنية المعلومات بنشر أخبار كاذبة من شأنها أن توهن
نفسية الأمة أو تنال من هيبة الدولة.
المادة 2
تختص محكمة الجنايات بالنظر في الجرائم المنصوص عليها في هذا المرسوم.
المادة 3
ينشر هذا المرسوم في الجريدة الرسمية."""

# Words that appear only in the annotations the public must not see.
DRAFT_WORD = "الخنفشارية"
HIDDEN_WORD = "المستترة"


@dataclass
class Library:
    constitution: Law  # Syrian constitution 2012 (PDF), published
    nationality: Law  # Nationality law LD 276/1969 (Markdown), published, amended
    tunisia_ar: Law  # Tunisian constitution 2022 (Arabic), published
    tunisia_en: Law  # Tunisian constitution (English), published
    news: Law  # decree 10/2020, published
    cyber: Law  # decree 20/2022, published
    draft: Law  # Legal profession law 30/2010, NOT published
    public_annotation: Annotation  # approved and public, ICCPR-19, on the constitution's article 42
    hidden_annotation: Annotation  # approved, not public, CAT-16
    draft_annotation: Annotation  # submitted, never approved, CED-2
    draft_law_annotation: Annotation  # approved and public, but its law is a draft
    articles: dict[str, Provision] = field(default_factory=dict)


def _process(law: Law, data: bytes, name: str) -> None:
    result = services.document_upload(law=law, stream=io.BytesIO(data), name=name, enqueue=False)
    services.document_process(result.document.pk)


def _tunisia_english(corpus: Path) -> bytes:
    """The English Tunisian constitution (JSON of «Chapter One: …» entries) as a text of numbered articles."""
    data = json.loads((corpus / "ground_truth/tunisia/constitution_eng.json").read_text(encoding="utf-8"))
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            texts.append(re.sub(r"^Chapter [^:]{1,40}:\s*", "", node))

    walk(data["sections"])
    return "\n".join(f"Article {number}\n{text}" for number, text in enumerate(texts, 1)).encode()


def _tunisia_arabic(corpus: Path) -> bytes:
    data = json.loads((corpus / "ground_truth/tunisia/Tunisia_constitution_ara.json").read_text(encoding="utf-8"))
    return "\n".join(article["text"] for article in data["articles"]).encode()


def make_people(django_user_model) -> dict:
    def person(name: str, group: str) -> object:
        user = django_user_model.objects.create_user(name, password="x")
        user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)

    return {"researcher": person("search-rania", RESEARCHERS), "reviewer": person("search-omar", REVIEWERS)}


def annotate(
    article: Provision, user: object, *, words: str, code: str, commentary: str, **extra: object
) -> Annotation:
    text = article.full_text
    start = text.index(words)
    return annotation_create(
        AnnotationInput(
            provision=article,
            assessment=extra.pop("assessment", Annotation.Assessment.INCOMPATIBLE),
            standards=StandardProvision.objects.filter(code=code),
            severity=Annotation.Severity.HIGH,
            commentary=commentary,
            start=start,
            end=start + len(words),
            **extra,
        ),
        user=user,
    )


def approve(annotation: Annotation, people: dict, *, public: bool) -> None:
    annotation_submit(annotation, user=people["researcher"])
    annotation_review(annotation, user=people["reviewer"], approve=True)
    if public:
        annotation_set_public(annotation, user=people["reviewer"], public=True)


def build_library(corpus: Path, django_user_model) -> Library:
    law = services.law_create
    constitution = law(title_ar="دستور الجمهورية العربية السورية", kind="constitution", year=2012, published=True)
    _process(constitution, (corpus / "laws/syria/pdf/sy_constitution_2012.pdf").read_bytes(), "constitution.pdf")
    nationality = law(
        title_ar="قانون الجنسية", kind="legislative-decree", number="276", year=1969, published=True, status="amended"
    )
    _process(nationality, (corpus / "laws/syria/md/sy_nationality_law.md").read_bytes(), "nationality.md")
    tunisia_ar = law(title_ar="دستور الجمهورية التونسية", kind="constitution", number="1", year=2022, published=True)
    _process(tunisia_ar, _tunisia_arabic(corpus), "tunisia-ar.txt")
    tunisia_en = law(
        title_en="Constitution of the Republic of Tunisia", kind="constitution", number="2", year=2022, language="en",
        published=True,
    )  # fmt: skip
    _process(tunisia_en, _tunisia_english(corpus), "tunisia-en.txt")
    news = law(title_ar="مرسوم تشريعي بشأن الأخبار", kind="legislative-decree", number="10", year=2020, published=True)
    _process(news, DECREE_NEWS.encode(), "decree-10.txt")
    cyber = law(title_ar="مرسوم تشريعي بشأن الجريمة المعلوماتية", kind="legislative-decree", number="20", year=2022)
    cyber.published = True
    cyber.save()
    _process(cyber, DECREE_CYBER.encode(), "decree-20.txt")
    draft = law(title_ar="قانون تنظيم مهنة المحاماة", kind="law", number="30", year=2010)
    _process(draft, (corpus / "laws/syria/md/sy_legal_profession_law_30_2010.md").read_bytes(), "lawyers.md")

    people = make_people(django_user_model)
    article_42 = Provision.objects.get(law=constitution, kind="article", number_value="42")
    news_1 = Provision.objects.filter(law=news, kind="article").order_by("order").first()
    draft_article = Provision.objects.filter(law=draft, kind="article").order_by("order")[3]
    public_annotation = annotate(
        article_42, people["researcher"], words="حرية التعبير", code="ICCPR-19", commentary="قيود واسعة على الرأي",
        tags=RightsTag.objects.filter(slug="expression"),
    )  # fmt: skip
    approve(public_annotation, people, public=True)
    hidden_annotation = annotate(
        news_1, people["researcher"], words="أخباراً كاذبة", code="CAT-16", commentary=f"ملاحظة {HIDDEN_WORD}",
        assessment=Annotation.Assessment.PARTIAL,
    )  # fmt: skip
    approve(hidden_annotation, people, public=False)
    draft_annotation = annotate(
        news_1, people["researcher"], words="نفسية الأمة", code="CED-2", commentary=f"مسودة {DRAFT_WORD}",
        tags=RightsTag.objects.filter(slug="liberty"), assessment=Annotation.Assessment.UNCLEAR,
    )  # fmt: skip
    annotation_submit(draft_annotation, user=people["researcher"])
    words = draft_article.full_text.split()[2]
    draft_law_annotation = annotate(draft_article, people["researcher"], words=words, code="CRC-13", commentary="x")
    approve(draft_law_annotation, people, public=True)
    return Library(
        constitution=constitution, nationality=nationality, tunisia_ar=tunisia_ar, tunisia_en=tunisia_en, news=news,
        cyber=cyber, draft=draft, public_annotation=public_annotation, hidden_annotation=hidden_annotation,
        draft_annotation=draft_annotation, draft_law_annotation=draft_law_annotation,
        articles={"constitution-42": article_42, "news-1": news_1, "draft": draft_article},
    )  # fmt: skip


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """The engine the module's searches run on (settings switched for the whole module)."""
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL", "")
        if not url:
            pytest.skip(NO_ELASTICSEARCH)
        with override_settings(ELASTICSEARCH_URL=url, SEARCH_INDEX_PREFIX=f"qanun-test-{os.getpid()}"):
            yield request.param
    else:
        with override_settings(ELASTICSEARCH_URL=""):
            yield request.param


@pytest.fixture(scope="module")
def library(engine: str, corpus: Path, django_db_setup, django_db_blocker) -> Iterator[Library]:
    """The laws and annotations, created and indexed once for the module, rolled back after it."""
    from django.contrib.auth import get_user_model

    from search import documents
    from search.engine import backend
    from search.models import PendingUpdate

    with django_db_blocker.unblock(), transaction.atomic():
        built = build_library(corpus, get_user_model())
        keys = list(documents.all_keys())
        backend().rebuild(keys, total=len(keys), progress=lambda _n: None)
        PendingUpdate.objects.all().delete()
        yield built
        transaction.set_rollback(True)
