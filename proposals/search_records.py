"""Proposals as search records (kind «proposal»): registered with ``search.documents`` by ``ProposalsConfig.ready``.

A record carries the title, the summary, the rationale and the proposed wordings; its law's fields; the
proposal's own status and its first publication date; the standards, assessments and tags of the annotations it
cites (the public values from its public annotations only). It is public when the page is live, unrestricted and
its law published; a draft is indexed for staff only and never reaches a public query."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import strip_tags

from proposals.models import ProposalPage, ProposalStatus
from proposals.services import evidence_annotation_ids
from reviews.models import Annotation
from search import documents
from search.documents import SearchRecord, law_fields

__all__ = ["proposal_records", "register"]


def _body_text(page) -> str:
    parts: list[str] = []
    for block in page.body.raw_data if page.body else []:
        value = block.get("value")
        if block.get("type") == "rationale" and isinstance(value, str):
            parts.append(strip_tags(value))
        elif block.get("type") == "redline" and isinstance(value, dict):
            parts.extend(v for v in (value.get("proposed"), value.get("explanation")) if v)
        elif block.get("type") == "recommendations" and isinstance(value, list):
            parts.extend(item.get("value", "") if isinstance(item, dict) else str(item) for item in value)
    return "\n".join(part.strip() for part in parts if part and part.strip())


def proposal_records(pks: list[int]) -> list:

    pages = list(ProposalPage.objects.filter(pk__in=pks).select_related("law", "locale"))
    restricted = {page.pk for page in pages if page.get_view_restrictions().exists()}
    cited = {page.pk: evidence_annotation_ids(page) for page in pages}
    annotations = {
        a.pk: a
        for a in Annotation.objects.filter(pk__in={pk for ids in cited.values() for pk in ids})
        .select_related("law")
        .prefetch_related("standards__instrument", "tags")
    }
    out = []
    for page in pages:
        law = page.law
        public = bool(page.live and law.published and page.pk not in restricted)
        facets: dict[str, list[str]] = {
            name: []
            for name in ("standards", "assessments", "tags", "staff_standards", "staff_assessments", "staff_tags")
        }
        for pk in cited[page.pk]:
            annotation = annotations.get(pk)
            if annotation is None:
                continue
            values = {
                "standards": [c for s in annotation.standards.all() for c in (s.code, s.instrument.code)],
                "assessments": [annotation.assessment],
                "tags": [tag.slug for tag in annotation.tags.all()],
            }
            visible = annotation.live and annotation.public and annotation.law.published
            for name, found in values.items():
                targets = [f"staff_{name}", name] if visible else [f"staff_{name}"]
                for target in targets:
                    facets[target].extend(v for v in found if v not in facets[target])
        fields = law_fields(law)
        url = page.get_url() or ""
        text = "\n".join(part for part in (page.summary, _body_text(page)) if part)
        out.append(
            SearchRecord(
                key=f"proposal:{page.pk}",
                kind="proposal",
                title=page.title,
                text=text,
                language=page.locale.language_code,
                public=public,
                **{
                    **fields,
                    "url": url or fields["url"],
                    "status": page.proposal_status,
                    "date": page.first_published_at.date() if page.first_published_at else None,
                },
                **facets,
            )
        )
    return out


def _all_pks() -> Iterable[int]:
    return ProposalPage.objects.order_by("pk").values_list("pk", flat=True).iterator()


def _law_pks(law_id: int) -> Iterable[int]:
    return ProposalPage.objects.filter(law_id=law_id).values_list("pk", flat=True)


def register() -> None:

    documents.register(
        "proposal", proposal_records, all_pks=_all_pks, law_pks=_law_pks, statuses=ProposalStatus.choices
    )
