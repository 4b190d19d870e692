"""Annotations as data: W3C Web Annotation JSON-LD and CSV, and the compliance table as CSV.

Which annotations go out is decided by ``reviews.compliance.output_annotations`` (approved only by default; the
public scope is ``public_only=True``). Identifiers are stable URLs under ``SITE_URL``, the site's
address, not the address a request happened to come in by:

- an annotation: ``<base>/admin/reviews/cite/annotations/<id>/``;
- an article (the target's source): ``<base>/admin/reviews/cite/laws/<law id>/<eid>/``: law and eid, the
  citable identifier that survives re-processing;
- a standard provision: ``<base>/admin/reviews/cite/standards/<code>/`` (``ICCPR-19``).

Each resolves, for staff, to the annotation, the article on its law's page, or the standard (``outputs_hooks``).

JSON-LD (https://www.w3.org/TR/annotation-model/): an ``AnnotationCollection`` whose ``first`` page holds every
annotation. Each annotation is motivated by ``assessing``; its bodies are the commentary (``commenting``), the
assessment and the severity (``TextualBody``, ``classifying``, their ``label`` saying which is which), each standard
(a ``SpecificResource``, ``classifying``, whose source carries the code and titles), each rights tag (``tagging``),
the recommendation (``editing``: a change asked of the law) and each piece of evidence (``linking`` to its web
address or file; a citation without either is a ``describing`` text). The target is the article with a
``TextQuoteSelector`` and a ``TextPositionSelector`` over its full text (none when the whole article is meant).

CSV files are written by ``text.csv_export``: UTF-8 with a byte-order mark, so spreadsheets (Excel above all) open
Arabic right, and a cell a spreadsheet would run as a formula (a commentary or quote beginning ``=``, ``+``, ``-``,
``@``…) behind a leading apostrophe. Values are codes (``incompatible``, ``high``) in the annotations file, and labels
in the interface language in the compliance table, which is a reading of the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from legislation.models import Law
from reviews.compliance import DEFAULT_STATUSES, ComplianceTable, articles_of, output_annotations, output_status
from reviews.models import Annotation, Evidence, StandardProvision
from text.csv_export import csv_text

__all__ = [
    "ANNOTATION_CSV_HEADER",
    "CSV_CONTENT_TYPE",
    "JSONLD_CONTENT_TYPE",
    "W3C_CONTEXT",
    "annotation_iri",
    "annotation_jsonld",
    "annotations_csv",
    "annotations_jsonld",
    "compliance_csv",
    "provision_iri",
    "site_url",
    "standard_iri",
]

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
JSONLD_CONTENT_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

ANNOTATION_CSV_HEADER = [
    "law", "article", "eid", "quote", "assessment", "severity", "standards", "tags", "status", "public",
    "author", "created", "updated", "commentary", "recommendation",
]  # fmt: skip


def _base(base_url: str | None) -> str:
    return (base_url or settings.SITE_URL).rstrip("/")


def site_url(path: str, base_url: str | None = None) -> str:
    """A path on the site as a full URL under the configured base (stable whatever host a request used)."""
    return _base(base_url) + path


def annotation_iri(annotation: Annotation, base_url: str | None = None) -> str:
    return _base(base_url) + reverse("reviews_output_annotation", args=[annotation.pk])


def provision_iri(law_id: int, eid: str, base_url: str | None = None) -> str:
    return _base(base_url) + reverse("reviews_output_provision", args=[law_id, eid])


def standard_iri(standard: StandardProvision, base_url: str | None = None) -> str:
    return _base(base_url) + reverse("reviews_output_standard", args=[standard.code])


def _when(moment: datetime) -> str:
    """xsd:dateTime in UTC, as the model recommends."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _creator(annotation: Annotation) -> dict[str, str]:
    author = annotation.author
    return {
        "type": "Person",
        "name": author.get_full_name() or author.get_username(),
        "nickname": author.get_username(),
    }


def _evidence_body(evidence: Evidence, base: str) -> dict[str, Any]:
    link = evidence.url or (base + evidence.document.url if evidence.document is not None else "")
    described = {"dcterms:type": evidence.kind, **({"dcterms:description": evidence.note} if evidence.note else {})}
    if not link:
        return {"type": "TextualBody", "purpose": "describing", "value": evidence.citation, **described}
    return {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": {"id": link, "label": evidence.citation, **described},
    }


def _standard_body(standard: StandardProvision, base: str) -> dict[str, Any]:
    titles = [
        {"@value": title, "@language": language}
        for title, language in ((standard.title_en, "en"), (standard.title_ar, "ar"))
        if title
    ]
    return {
        "type": "SpecificResource",
        "purpose": "classifying",
        "source": {
            "id": standard_iri(standard, base),
            "type": "Text",
            "label": f"{standard.code}: {standard.title_en or standard.title_ar}",
            "dcterms:identifier": standard.code,
            "dcterms:title": titles,
            "dcterms:isPartOf": standard.instrument.code,
        },
    }


def annotation_jsonld(annotation: Annotation, base_url: str | None = None) -> dict[str, Any]:
    """One annotation in the W3C Web Annotation model (without its own ``@context``: see ``annotations_jsonld``)."""
    base = _base(base_url)
    target = getattr(annotation, "target", None)
    bodies: list[dict[str, Any]] = []
    if annotation.commentary:
        bodies.append(_text(annotation.commentary, "commenting"))
    bodies.append(_classifying("assessment", annotation.assessment))
    if annotation.severity:
        bodies.append(_classifying("severity", annotation.severity))
    bodies += [_standard_body(standard, base) for standard in annotation.standards.all()]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag.slug} for tag in annotation.tags.all()]
    if annotation.recommendation:
        bodies.append(_text(annotation.recommendation, "editing"))
    bodies += [_evidence_body(evidence, base) for evidence in annotation.evidence.all()]
    data: dict[str, Any] = {
        "id": annotation_iri(annotation, base),
        "type": "Annotation",
        "motivation": "assessing",
        "created": _when(annotation.created_at),
        "modified": _when(annotation.updated_at),
        "creator": _creator(annotation),
        "body": bodies,
    }
    if target is None:  # not made by annotation_create: the law as a whole
        data["target"] = {"source": base + annotation.law.get_admin_url()}
        return data
    selected: dict[str, Any] = {
        "type": "SpecificResource",
        "source": provision_iri(annotation.law_id, target.eid, base),
    }
    selectors: list[dict[str, Any]] = []
    if target.exact:
        selectors.append(
            {"type": "TextQuoteSelector", "exact": target.exact, "prefix": target.prefix, "suffix": target.suffix}
        )
        if target.start is not None and target.end is not None:
            selectors.append({"type": "TextPositionSelector", "start": target.start, "end": target.end})
        selected["selector"] = selectors
    data["target"] = selected
    return data


def _text(value: str, purpose: str) -> dict[str, str]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def _classifying(kind: str, value: str) -> dict[str, str]:
    return {"type": "TextualBody", "purpose": "classifying", "label": kind, "value": value}


def annotations_jsonld(
    annotations: Law | QuerySet[Annotation],
    *,
    statuses: Iterable[str] = DEFAULT_STATUSES,
    public_only: bool = False,
    collection_id: str = "",
    label: str = "",
    base_url: str | None = None,
) -> dict[str, Any]:
    """The annotations as an ``AnnotationCollection`` with one ``AnnotationPage`` holding them all."""
    chosen = output_annotations(annotations, statuses=statuses, public_only=public_only)
    base = _base(base_url)
    collection_id = collection_id or base + "/admin/reviews/exports/annotations.jsonld"
    items = [annotation_jsonld(annotation, base) for annotation in chosen]
    collection: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {"id": collection_id + "#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    if label:
        collection["label"] = label
    return collection


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _law_name(law: Law) -> str:
    """«Legislative decree No. 10 of 2020: title», or the title alone when the law has no number or year."""
    return f"{law.citation}: {law.title}" if law.number or law.year else law.title


def annotations_csv(
    annotations: Law | QuerySet[Annotation],
    *,
    statuses: Iterable[str] = DEFAULT_STATUSES,
    public_only: bool = False,
) -> str:
    """One row per annotation (``ANNOTATION_CSV_HEADER``), UTF-8 with a byte-order mark. ``article`` is the number
    of the article annotated (or that holds the paragraph annotated), ``eid`` the provision itself; an orphan
    (its passage not found) has no article and keeps the eid it had."""
    chosen = output_annotations(annotations, statuses=statuses, public_only=public_only)
    articles = articles_of(chosen)
    rows = [ANNOTATION_CSV_HEADER]
    for annotation in chosen:
        target = getattr(annotation, "target", None)
        article = articles.get(target.provision_id) if target is not None and target.provision_id else None
        rows.append(
            [
                _law_name(annotation.law),
                (article.number or article.number_value) if article is not None else "",
                target.eid if target is not None else "",
                target.exact if target is not None else "",
                annotation.assessment,
                annotation.severity,
                "; ".join(standard.code for standard in annotation.standards.all()),
                "; ".join(tag.slug for tag in annotation.tags.all()),
                output_status(annotation),
                "yes" if annotation.public else "no",
                annotation.author.get_username(),
                _utc_text(annotation.created_at),
                _utc_text(annotation.updated_at),
                annotation.commentary,
                annotation.recommendation,
            ]
        )
    return csv_text(rows)


def compliance_csv(table: ComplianceTable) -> str:
    """The compliance table as on its page: one row per article, a column per standard with the cell's (most
    severe) assessment, and the article's overall assessment. Labels in the interface language."""
    header = [_("Article"), "eid", *[column.code or _("No standard named") for column in table.columns], _("Overall")]
    rows = [header]
    for row in table.rows:
        cells = [cell.assessment_label if cell is not None else "" for cell in row.cells_in_order]
        rows.append([row.number, row.eid, *cells, row.assessment_label])
    return csv_text(rows)
