"""Reads for the public proposal pages: the index with its filters, and what a proposal page shows.

Public material only: live, unrestricted proposals of published laws; as evidence, annotations that are approved,
public and about a published law (a proposal published earlier never shows evidence made private since)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import translation
from wagtail.query import PageQuerySet

from legislation.citations import law_path
from proposals.articles import CitedArticle, cited_article
from proposals.models import ProposalIndexPage, ProposalPage, ProposalStatus
from proposals.services import evidence_annotation_ids
from reviews.models import Annotation, Instrument, RightsTag, StandardProvision
from text.normalise import strip_controls

__all__ = [
    "Evidence",
    "FilterOption",
    "IndexFilters",
    "Listing",
    "ProposalDetails",
    "proposal_details",
    "proposal_evidence",
    "proposal_listing",
    "public_proposals",
]

PER_PAGE = 20


def public_proposals() -> PageQuerySet:
    """Every proposal the public may see, in every language."""
    return ProposalPage.objects.live().public().filter(law__published=True)


@dataclass(frozen=True)
class Evidence:
    """What a public proposal cites, as the filters see it: the standards (codes, with their instruments), the
    rights tags and assessments of its public annotations."""

    standards: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()


def proposal_evidence(pages: list[ProposalPage]) -> dict[int, Evidence]:
    """Per page: the standards and tags of the public annotations it cites (one query for all pages)."""

    wanted = {page.pk: evidence_annotation_ids(page) for page in pages}
    ids = {pk for values in wanted.values() for pk in values}
    annotations = {
        a.pk: a
        for a in Annotation.objects.filter(pk__in=ids, live=True, public=True, law__published=True).prefetch_related(
            "standards__instrument", "tags"
        )
    }
    result: dict[int, Evidence] = {}
    for page_pk, pks in wanted.items():
        standards: set[str] = set()
        tags: set[str] = set()
        for pk in pks:
            annotation = annotations.get(pk)
            if annotation is None:
                continue
            for standard in annotation.standards.all():
                standards.update({standard.code, standard.instrument.code})
            tags.update(tag.slug for tag in annotation.tags.all())
        result[page_pk] = Evidence(frozenset(standards), frozenset(tags))
    return result


@dataclass(frozen=True)
class IndexFilters:
    law: str = ""  # the law's id
    right: str = ""  # a RightsTag slug
    standard: str = ""  # a standard's code (ICCPR-19) or an instrument's (ICCPR)
    status: str = ""
    year: str = ""  # the year the proposal was first published

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> IndexFilters:
        def value(name: str) -> str:
            return strip_controls(str(query.get(name) or "")).strip()[:100]

        status = value("status")
        year = value("year")
        law = value("law")
        return cls(
            law=law if law.isdigit() else "",
            right=value("right"),
            standard=value("standard"),
            status=status if status in ProposalStatus.values else "",
            year=year if year.isdigit() else "",
        )

    @property
    def active(self) -> bool:
        return any((self.law, self.right, self.standard, self.status, self.year))

    def matches(self, page: ProposalPage, evidence: Evidence, *, without: str = "") -> bool:
        checks = {
            "law": not self.law or str(page.law_id) == self.law,
            "right": not self.right or self.right in evidence.tags,
            "standard": not self.standard or self.standard in evidence.standards,
            "status": not self.status or page.proposal_status == self.status,
            "year": not self.year
            or (page.first_published_at is not None and str(page.first_published_at.year) == self.year),
        }
        return all(ok for name, ok in checks.items() if name != without)


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Listing:
    page: PaginatorPage
    total: int
    options: dict[str, list[FilterOption]] = field(default_factory=dict)


def proposal_listing(index: ProposalIndexPage, filters: IndexFilters, *, page_number: Any = None) -> Listing:
    """The index's live proposals matching the filters, newest first, and each filter's options with the number
    of proposals each would give with the other filters kept."""
    pages = list(public_proposals().child_of(index).select_related("law").order_by("-first_published_at", "-pk"))
    evidence = proposal_evidence(pages)
    matching = [page for page in pages if filters.matches(page, evidence[page.pk])]
    paginator = Paginator(matching, PER_PAGE)
    return Listing(
        page=paginator.get_page(page_number),
        total=len(matching),
        options=_options(pages, evidence, filters),
    )


def _options(
    pages: list[ProposalPage], evidence: dict[int, Evidence], filters: IndexFilters
) -> dict[str, list[FilterOption]]:

    counts: dict[str, dict[str, int]] = {name: {} for name in ("law", "right", "standard", "status", "year")}
    laws: dict[str, str] = {}
    for page in pages:
        found = evidence[page.pk]
        values = {
            "law": [str(page.law_id)],
            "right": sorted(found.tags),
            "standard": sorted(found.standards),
            "status": [page.proposal_status],
            "year": [str(page.first_published_at.year)] if page.first_published_at else [],
        }
        laws[str(page.law_id)] = str(page.law.citation) or page.law.title
        for name, found_values in values.items():
            if not filters.matches(page, found, without=name):
                continue
            for value in found_values:
                counts[name][value] = counts[name].get(value, 0) + 1
    arabic = (translation.get_language() or "en").startswith("ar")
    tag_labels = {
        tag.slug: (getattr(tag, "name_ar", "") if arabic else "") or getattr(tag, "name_en", "") or str(tag)
        for tag in RightsTag.objects.filter(slug__in=counts["right"])
    }
    standard_labels = {
        s.code: f"{s.code}: {(s.title_ar if arabic else '') or s.title_en or s.title_ar}"
        for s in StandardProvision.objects.filter(code__in=counts["standard"])
    }
    standard_labels.update(
        {
            i.code: f"{i.code}: {(i.title_ar if arabic else '') or i.title_en}"
            for i in Instrument.objects.filter(code__in=counts["standard"])
        }
    )
    labels = {
        "law": laws,
        "right": tag_labels,
        "standard": standard_labels,
        "status": {value: str(label) for value, label in ProposalStatus.choices},
        "year": {},
    }
    selected = {
        "law": filters.law,
        "right": filters.right,
        "standard": filters.standard,
        "status": filters.status,
        "year": filters.year,
    }
    options: dict[str, list[FilterOption]] = {}
    for name, counted in counts.items():
        ordered = (
            sorted(counted, reverse=True) if name == "year" else sorted(counted, key=lambda v: labels[name].get(v, v))
        )
        options[name] = [
            FilterOption(value=v, label=labels[name].get(v, v), count=counted[v], selected=v == selected[name])
            for v in ordered
        ]
    return options


@dataclass
class ProposalDetails:
    articles: list[CitedArticle]
    missing_articles: list[str]
    status_history: list[Any]
    translations: list[ProposalPage]
    pdf_url: str
    law_url: str
    full_url: str


def proposal_details(page: ProposalPage, request: HttpRequest | None = None) -> ProposalDetails:

    language = translation.get_language() or "en"
    articles: list[CitedArticle] = []
    missing: list[str] = []
    for article in page.articles.all():
        found = cited_article(page.law, article.eid, language=language)
        if found is None:
            missing.append(article.eid)
        else:
            articles.append(found)
    history = sorted(page.status_history.all(), key=lambda change: (change.date, change.sort_order or 0))
    translations = (
        [
            translation
            for translation in page.get_translations().live().public().specific().select_related("locale")
            if getattr(translation, "law", None) is None or translation.law.published
        ]
        if page.pk
        else []
    )
    try:
        pdf_url = page.url + page.reverse_subpage("pdf") if page.url else ""
    except Exception:  # noqa: BLE001  a page that is not routable yet (a preview of a new page) has no PDF
        pdf_url = ""
    return ProposalDetails(
        articles=articles,
        missing_articles=missing,
        status_history=history,
        translations=translations,
        pdf_url=pdf_url,
        law_url=law_path(page.law, language=language) if page.law.published else "",
        full_url=urljoin(settings.SITE_URL, page.url) if page.url else "",
    )
