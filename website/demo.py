"""A sample of the review work on the demo corpus, so a fresh `make run` shows the whole product: four approved,
public findings on the Saudi Basic Law of Governance (demo corpus) and a reform proposal about its Article 39 in
English and Arabic, published through its workflow, with evidence, a redline, recommendations and sources.

Used by ``demo_corpus`` (once: when no proposal exists yet) and by ``screenshots``.
"""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from wagtail.models import Locale

from legislation.models import Law
from proposals.models import ProposalArticle, ProposalIndexPage, ProposalPage
from reviews.annotations import (
    AnnotationInput,
    annotation_create,
    annotation_review,
    annotation_set_public,
    annotation_submit,
    provision_texts,
)
from reviews.models import Annotation, StandardProvision
from website.models import HomePage

__all__ = ["demo_review_sample"]

# The clause of Article 39 the sample proposal rewords, and its proposed wording.
_CLAUSE = "ويحظر ما يؤدي إلى الفتنة، أو الانقسام، أو يمس بأمن الدولة وعلاقاتها العامة"
_PROPOSED = "ولا يُقيَّد التعبير إلا بنص نظامي واضح وبالقدر الضروري لاحترام حقوق الآخرين أو حماية الأمن الوطني"


SAMPLE_FINDINGS = (
    (
        "part_5__art_39",
        "incompatible",
        ["ICCPR-19"],
        "تُلزم المادة وسائل الإعلام بعبارات فضفاضة («ما يؤدي إلى الفتنة أو الانقسام») تسمح بتقييد التعبير المشروع "
        "دون ضابط، خلافاً لشرطي الضرورة والتناسب في المادة 19(3) من العهد.",
    ),
    (
        "part_5__art_26",
        "partially_compatible",
        ["ICCPR-2"],
        "تحمي الدولة حقوق الإنسان «وفق الشريعة الإسلامية»، وهو قيد عام قد يُستعمل لتضييق الحقوق المكفولة دولياً.",
    ),
    (
        "part_5__art_37",
        "compatible",
        ["ICCPR-17"],
        "تكفل المادة حرمة المساكن وتشترط إذناً أو نصاً نظامياً لدخولها أو تفتيشها.",
    ),
    (
        "part_5__art_40",
        "partially_compatible",
        ["ICCPR-17"],
        "تحمي المادة سرية المراسلات لكنها تجيز الاطلاع عليها «في الحالات التي يبينها النظام» دون ضمانات قضائية.",
    ),
)


SLUG = "free-expression-basic-law"


def demo_review_sample() -> dict[str, str]:
    """Public findings on the Basic Law and a proposal about it (en + ar); made once: run again, it returns the
    addresses of the proposal already there."""

    existing = ProposalPage.objects.filter(slug=SLUG).live()
    if existing.exists():
        return {f"proposal_{page.locale.language_code}": page.url for page in existing.select_related("locale")}

    users = get_user_model()
    author = users.objects.filter(is_superuser=True).order_by("pk").first()
    reviewer, _ = users.objects.get_or_create(
        username="demo-reviewer", defaults={"is_superuser": True, "is_staff": True}
    )
    law = Law.objects.get(kind="constitution", year=1992)
    for eid, assessment, codes, commentary in SAMPLE_FINDINGS:
        provision = law.provisions.filter(eid=eid).first()
        if provision is None:
            continue
        public_finding(
            provision,
            assessment=assessment,
            standards=StandardProvision.objects.filter(code__in=codes),
            commentary=commentary,
            author=author,
            reviewer=reviewer,
        )
    return _sample_proposal(law)


def public_finding(
    provision: Any, *, assessment: str, standards: Any, commentary: str, author: Any, reviewer: Any
) -> Any:
    """An annotation of a whole article taken through review as people would: written, submitted, approved and
    made public (for sample content: the demo, the screenshots, the page benchmark)."""

    annotation = annotation_create(
        AnnotationInput(provision=provision, assessment=assessment, standards=standards, commentary=commentary),
        user=author,
    )
    annotation_submit(annotation, user=author)
    annotation_review(annotation, user=reviewer, approve=True)
    annotation_set_public(annotation, user=reviewer, public=True)
    return annotation


def _sample_proposal(law: Any) -> dict[str, str]:
    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    index = ProposalIndexPage.objects.child_of(home).first() or home.add_child(
        instance=ProposalIndexPage(title="Reform proposals", slug="proposals")
    )
    proposal = index.add_child(
        instance=ProposalPage(
            title="Free expression in the Basic Law of Governance",
            slug=SLUG,
            law=law,
            summary="Narrow Article 39 so that only speech the Covenant allows to be restricted can be.",
            live=False,
        )
    )
    _add_articles(proposal, ["part_5__art_39"])
    proposal.body = _body(law)
    proposal.save()
    proposal.save_revision().publish()
    proposal.refresh_from_db()
    urls = {"proposal_en": proposal.url}
    arabic = Locale.objects.get(language_code="ar")
    try:
        translated = proposal.copy_for_translation(arabic, copy_parents=True)
        translated.title = "حرية التعبير في النظام الأساسي للحكم"
        translated.summary = "تضييق المادة 39 بحيث لا يُقيَّد من التعبير إلا ما يجيز العهد تقييده."
        translated.body = _body(law, language="ar")
        translated.save_revision().publish()
        translated.refresh_from_db()
        urls["proposal_ar"] = translated.url
    except Exception as exc:  # noqa: BLE001  a sample translation is a nicety; the English page is shot anyway
        sys.stderr.write(f"no Arabic sample proposal: {exc}\n")
    return urls


_WORDS = {
    "en": {
        "rationale": "<p>Article 39 bars whatever «leads to sedition or division» in words no law defines. Article "
        "19(3) of the Covenant allows only restrictions provided by law and necessary for the rights of others, "
        "national security or public order.</p>",
        "recommendations": [
            "Replace the open-ended prohibition with the grounds Article 19(3) of the ICCPR permits.",
            "Require that any restriction be set out in a published law and reviewed by a court.",
        ],
        "sources": [
            "Human Rights Committee, General Comment No. 34 (2011), paras. 21-36",
            "International Covenant on Civil and Political Rights, Article 19",
        ],
    },
    "ar": {
        "rationale": "<p>تحظر المادة 39 كل ما «يؤدي إلى الفتنة أو الانقسام» بعبارات لا يحددها أي نظام. ولا تجيز "
        "المادة 19(3) من العهد من القيود إلا ما ينص عليه القانون ويكون ضرورياً لاحترام حقوق الآخرين أو حماية الأمن "
        "الوطني أو النظام العام.</p>",
        "recommendations": [
            "الاستعاضة عن الحظر المفتوح بالأسباب التي تجيزها المادة 19(3) من العهد الدولي.",
            "اشتراط أن يرد كل قيد في نظام منشور وأن يخضع لرقابة القضاء.",
        ],
        "sources": [
            "اللجنة المعنية بحقوق الإنسان، التعليق العام رقم 34 (2011)، الفقرات 21-36",
            "العهد الدولي الخاص بالحقوق المدنية والسياسية، المادة 19",
        ],
    },
}


def _body(law: Any, language: str = "en") -> list[tuple[str, Any]]:
    """Rationale, evidence (the public finding on Article 39), a redline of its restricting clause,
    recommendations and sources."""

    texts = provision_texts(law.pk).values()
    current = next((text for provision, text in texts if provision.eid == "part_5__art_39"), "")
    heading, _, rest = current.partition("\n")
    wording = rest or heading
    proposed = wording.replace(_CLAUSE, _PROPOSED) if _CLAUSE in wording else f"{wording} {_PROPOSED}"
    evidence = Annotation.objects.filter(law=law, target__eid="part_5__art_39", public=True).first()
    words = _WORDS[language]
    body: list[tuple[str, Any]] = [("rationale", words["rationale"])]
    if evidence is not None:
        body.append(("evidence", {"annotation": evidence, "comment": ""}))
    body += [
        ("redline", {"eid": "part_5__art_39", "proposed": proposed, "explanation": ""}),
        ("recommendations", words["recommendations"]),
        ("sources", [{"citation": citation, "url": ""} for citation in words["sources"]]),
    ]
    return body


def _add_articles(proposal: Any, eids: list[str]) -> None:
    """The articles the proposal is about."""
    proposal.articles = [ProposalArticle(eid=eid) for eid in eids]
    proposal.save()
