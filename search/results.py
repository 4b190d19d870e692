"""What the pages, the API, the CSV export and the command line make of search results.

- ``group_by_law``: hits grouped under their law, laws in the order their first hit appears (so the best match's
  law comes first), hits within a law in the order the engine gave them.
- ``hit_data``: one hit as the API and ``search --json`` give it (the same keys everywhere).
- ``csv_rows``: the CSV export's rows, the snippet as plain text.
- labels of record types and facet values in the interface language, and the page numbers to show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from legislation.models import Law
from reviews.models import Annotation, RightsTag
from search.backends.base import FacetValue, Hit
from search.documents import status_labels

__all__ = [
    "CSV_COLUMNS",
    "FACET_LABELS",
    "TYPE_LABELS",
    "FacetOption",
    "LawGroup",
    "StaffInfo",
    "csv_rows",
    "facet_options",
    "group_by_law",
    "hit_data",
    "hit_label",
    "interface_labels",
    "localised_path",
    "page_numbers",
    "plain_text",
    "staff_info",
]

TYPE_LABELS: dict[str, Promise] = {
    "provision": _("Articles"),
    "law": _("Laws"),
    "annotation": _("Annotations"),
    "proposal": _("Reform proposals"),
}
TYPE_LABEL_SINGULAR: dict[str, Promise] = {
    "provision": _("Article"),
    "law": pgettext_lazy("record type", "Law"),
    "annotation": _("Annotation"),
    "proposal": _("Reform proposal"),
}
FACET_LABELS: dict[str, Promise] = {
    "type": _("Type"),
    "kind": _("Kind of law"),
    "year": _("Year"),
    "status": _("Status"),
    "standard": _("Standard"),
    "assessment": _("Assessment"),
    "tag": _("Right"),
}
CSV_COLUMNS = ("law", "citation", "article", "number", "url", "snippet", "score")

_TAG = re.compile(r"<[^>]+>")


def plain_text(snippet: str) -> str:
    """A snippet without its marks and escapes: «<mark>حرية</mark> &amp; …» → «حرية & …»."""
    return unescape(_TAG.sub("", snippet))


def localised_path(path: str, language: str | None = None) -> str:
    """A language-neutral library path in the interface language: «/laws/…» → «/ar/laws/…» in Arabic."""
    from django.conf import settings

    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == settings.LANGUAGE_CODE.split("-")[0] or not path.startswith("/laws/"):
        return path  # only the library's addresses are language-neutral; a page's own address is kept as it is
    return f"/{language}{path}"


def hit_label(hit: Hit) -> str:
    """How a result is named on a page: «Article 12» (in the interface language) for an article."""
    if hit.kind == "provision" and hit.number:
        return str(_("Article %(number)s") % {"number": hit.number})
    return hit.title


def hit_data(hit: Hit, *, url: str | None = None) -> dict[str, Any]:
    """One hit in the API and in ``search --json``: the same keys in both."""
    return {
        "key": hit.key,
        "kind": hit.kind,
        "law": hit.law_title,
        "law_id": hit.law_id,
        "citation": hit.law_citation,
        "provision": hit.provision,
        "number": hit.number,
        "title": hit.title,
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
        "url": url if url is not None else hit.url,
        "language": hit.language,
        "year": hit.year,
        "date": hit.date.isoformat() if hit.date else None,
        "status": hit.status,
    }


@dataclass
class LawGroup:
    """A law and its hits on this page of results."""

    law_id: int | None
    title: str
    citation: str
    url: str  # the law's page (the citable address without the article)
    language: str
    law_hit: Hit | None = None  # the law's own record, when it matched itself
    hits: list[Hit] = field(default_factory=list)  # its articles, annotations and proposals that matched


def group_by_law(hits: Iterable[Hit]) -> list[LawGroup]:
    """Hits under their law, laws in the order of their first hit; a hit without a law stands alone."""
    groups: dict[object, LawGroup] = {}
    for hit in hits:
        key: object = hit.law_id if hit.law_id is not None else hit.key
        group = groups.get(key)
        if group is None:
            group = groups[key] = LawGroup(
                law_id=hit.law_id,
                title=hit.law_title or hit.title,
                citation=hit.law_citation,
                url=hit.url.partition("#")[0] if hit.kind in {"law", "provision"} else "",
                language=hit.language,
            )
        if hit.kind == "law":
            group.law_hit = hit
            group.url = hit.url
        else:
            group.hits.append(hit)
            if not group.url and hit.kind == "provision":
                group.url = hit.url.partition("#")[0]
    return list(groups.values())


def csv_rows(hits: Iterable[Hit], *, absolute: Callable[[str], str] | None = None) -> Iterator[list[str]]:
    """The export's rows (without the header): law, citation, article, number, url (through ``absolute``: the
    views pass one under ``SITE_URL``), snippet as text, score. Cells are neutralised where they are written
    (``text.csv_export``), not here."""
    for hit in hits:
        url = absolute(hit.url) if absolute else hit.url
        article = hit.title if hit.kind != "law" else ""
        yield [
            hit.law_title,
            hit.law_citation,
            article,
            hit.number,
            url,
            plain_text(hit.snippet),
            f"{hit.score:.4f}",
        ]


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


def _value_labels(name: str, values: Sequence[str]) -> dict[str, str]:
    """Labels of facet values in the interface language (codes such as ICCPR-19 and years stand as they are)."""
    if name == "type":
        return {value: str(TYPE_LABELS.get(value, value)) for value in values}
    if name == "kind":
        return {value: str(label) for value, label in Law.Kind.choices}
    if name == "status":
        labels = status_labels()
        return {value: labels.get(value, value.replace("_", " ").replace("-", " ").capitalize()) for value in values}
    if name == "assessment":
        return {value: str(label) for value, label in Annotation.Assessment.choices}
    if name == "tag":
        arabic = (get_language() or "").startswith("ar")
        return {
            tag.slug: (tag.name_ar if arabic and tag.name_ar else tag.name_en)
            for tag in RightsTag.objects.filter(slug__in=values)
        }
    return {}


def facet_options(
    facets: dict[str, list[FacetValue]],
    selected: dict[str, tuple[str, ...]],
    names: Sequence[str],
    *,
    limit: int = 12,
) -> list[tuple[str, str, list[FacetOption]]]:
    """Each facet (name, label, options) with its values' labels; a selected value that counts nothing any more
    is still listed, so it can be unticked."""
    out = []
    for name in names:
        chosen = selected.get(name, ())
        # The most frequent values, and every selected one (so it can be unticked).
        values = [value for index, value in enumerate(facets.get(name, [])) if index < limit or value.value in chosen]
        have = {value.value for value in facets.get(name, [])}
        values.extend(FacetValue(value, 0) for value in selected.get(name, ()) if value not in have)
        if not values:
            continue
        labels = _value_labels(name, [value.value for value in values])
        options = [
            FacetOption(
                value.value, labels.get(value.value, value.value), value.count, value.value in selected.get(name, ())
            )
            for value in values
        ]
        out.append((name, str(FACET_LABELS.get(name, name)), options))
    return out


def page_numbers(page: int, pages: int, *, around: int = 2) -> list[int | None]:
    """The page numbers to link: the first, the last and those around the current one; ``None`` for a gap."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and out[-1] is not None and number - out[-1] > 1:
            out.append(None)
        out.append(number)
    return out


@dataclass(frozen=True)
class InterfaceLabels:
    """Names the index keeps in English, in the interface language: law citations, annotation titles."""

    citations: dict[int, str]
    annotations: dict[str, str]


def interface_labels(hits: Sequence[Hit]) -> InterfaceLabels:
    """«Constitution of 2012» → «دستور لعام 2012», «Incompatible: art_42» → «غير متوافق: المادة 42» (two queries)."""

    laws = Law.objects.filter(pk__in={hit.law_id for hit in hits if hit.law_id}).only("kind", "number", "year")
    citations = {law.pk: str(law.citation) for law in laws}
    pks = [int(hit.key.partition(":")[2]) for hit in hits if hit.kind == "annotation"]
    annotations: dict[str, str] = {}
    for annotation in Annotation.objects.filter(pk__in=pks).select_related("target__provision"):
        target = getattr(annotation, "target", None)
        provision = target.provision if target else None
        number = (provision.number_value or provision.number) if provision else ""
        where = str(_("Article %(number)s") % {"number": number}) if number else (target.eid if target else "")
        annotations[f"annotation:{annotation.pk}"] = f"{annotation.get_assessment_display()}: {where}".rstrip(": ")
    return InterfaceLabels(citations, annotations)


@dataclass(frozen=True)
class StaffInfo:
    """What staff see beside a hit: is the law published, the annotation's review status."""

    law_published: bool | None
    review_status: str = ""
    review_status_label: str = ""


def staff_info(hits: Sequence[Hit]) -> dict[str, StaffInfo]:
    """Per hit key, the law's publication and (for an annotation) its review status, read in two queries."""

    published = dict(
        Law.objects.filter(pk__in={hit.law_id for hit in hits if hit.law_id}).values_list("pk", "published")
    )
    annotation_pks = [int(hit.key.partition(":")[2]) for hit in hits if hit.kind == "annotation"]
    statuses = {annotation.pk: annotation for annotation in Annotation.objects.filter(pk__in=annotation_pks)}
    out: dict[str, StaffInfo] = {}
    for hit in hits:
        annotation = statuses.get(int(hit.key.partition(":")[2])) if hit.kind == "annotation" else None
        out[hit.key] = StaffInfo(
            law_published=published.get(hit.law_id) if hit.law_id else None,
            review_status=annotation.status if annotation else "",
            review_status_label=str(Annotation.Status(annotation.status).label) if annotation else "",
        )
    return out
