"""Test data several suites share: a short Arabic decree with chapters, articles and numbered paragraphs, a law
made from it through the real upload and processing, people in review roles, and annotations taken through
review."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group

from legislation import services
from legislation.models import Law
from reviews.annotations import AnnotationInput, annotation_create, annotation_review, annotation_submit
from reviews.models import Annotation, RightsTag, StandardProvision
from reviews.roles import EDITORS, RESEARCHERS, REVIEWERS

DECREE = """المرسوم التشريعي رقم 10 لعام 2020
الفصل الأول
أحكام عامة
المادة 1
يعاقب بالسجن من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة.
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

ART_1 = "chp_1__art_1"
ART_1_TEXT = "يعاقب بالسجن من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة."


def make_law(*, text: str = DECREE, published: bool = True, **fields: object) -> Law:
    """A law whose text went through upload and processing (articles with their eids: ``chp_1__art_1``...)."""
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


def make_people(django_user_model, *, editor: bool = False) -> dict[str, Any]:
    """A researcher, a reviewer and (if asked) an editor; each password is «pw-» and the name."""

    def person(name: str, group: str) -> Any:
        user = django_user_model.objects.create_user(name, password="pw-" + name, first_name=name.title())
        user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)

    people = {"researcher": person("rania", RESEARCHERS), "reviewer": person("omar", REVIEWERS)}
    if editor:
        people["editor"] = person("layla", EDITORS)
    return people


def annotate(
    law: Law,
    eid: str,
    codes: Iterable[str],
    *,
    author: Any,
    commentary: str,
    assessment: str = Annotation.Assessment.INCOMPATIBLE,
    tags: Iterable[str] = (),
) -> Annotation:
    """A draft annotation of the whole article ``eid`` against the standards ``codes``."""
    return annotation_create(
        AnnotationInput(
            provision=law.provisions.get(eid=eid),
            assessment=assessment,
            standards=StandardProvision.objects.filter(code__in=list(codes)),
            tags=RightsTag.objects.filter(slug__in=list(tags)),
            commentary=commentary,
        ),
        user=author,
    )


def approve(annotation: Annotation, people: dict[str, Any]) -> Annotation:
    """Submitted by the researcher, approved by the reviewer (not made public)."""
    annotation_submit(annotation, user=people["researcher"])
    annotation_review(annotation, user=people["reviewer"], approve=True)
    return Annotation.objects.get(pk=annotation.pk)
