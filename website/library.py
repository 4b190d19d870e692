"""Reads for the public law library: published laws only, with filters; a law's public page (table of contents,
articles with their full text, public annotations, proposals about it, compliance summary).

Nothing here reaches a draft: laws must be ``published``; annotations come from ``reviews.compliance`` with
``public_only=True`` (approved and made public); proposals are live, unrestricted pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import translation

from legislation.citations import law_path, number_slug
from legislation.models import Law, Provision, Subject
from reviews.compliance import compliance_table
from text.normalise import strip_controls, whole_number
from website.selectors import live_proposals

__all__ = [
    "Block",
    "FacetOption",
    "LawFilters",
    "LawPage",
    "Row",
    "TocEntry",
    "filter_options",
    "filtered_laws",
    "law_page",
    "law_proposals",
    "public_law",
    "public_law_by_id",
    "published_laws",
]


def published_laws() -> QuerySet[Law]:
    return Law.objects.filter(published=True)


# --- the list ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LawFilters:
    """The library's filters as read from a query string; values that name nothing are dropped."""

    kind: str = ""
    year: int | None = None
    status: str = ""
    language: str = ""
    subject: str = ""  # a Subject's slug

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> LawFilters:
        def choice(name: str, choices: Sequence[str]) -> str:
            value = str(query.get(name) or "").strip()
            return value if value in choices else ""

        year = whole_number(str(query.get("year") or ""), max_digits=4)
        return cls(
            kind=choice("kind", Law.Kind.values),
            year=year,
            status=choice("status", Law.Status.values),
            language=choice("language", Law.Language.values),
            subject=strip_controls(str(query.get("subject") or "")).strip()[:50],
        )

    @property
    def active(self) -> bool:
        return bool(self.kind or self.year or self.status or self.language or self.subject)

    def apply(self, laws: QuerySet[Law], *, without: str = "") -> QuerySet[Law]:
        if self.kind and without != "kind":
            laws = laws.filter(kind=self.kind)
        if self.year and without != "year":
            laws = laws.filter(year=self.year)
        if self.status and without != "status":
            laws = laws.filter(status=self.status)
        if self.language and without != "language":
            laws = laws.filter(language=self.language)
        if self.subject and without != "subject":
            laws = laws.filter(subjects__slug=self.subject)
        return laws


def filtered_laws(filters: LawFilters) -> QuerySet[Law]:
    """Published laws matching the filters, newest first, with their article counts."""
    return (
        filters.apply(published_laws())
        .annotate(article_count=Count("provisions", filter=_articles_filter()))
        .prefetch_related("subjects")
        .order_by("-year", "kind", "number", "pk")
    )


def _articles_filter() -> Any:

    return Q(provisions__kind=Provision.Kind.ARTICLE)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int


def filter_options(filters: LawFilters) -> dict[str, list[FacetOption]]:
    """For each filter, its values among published laws matching the other filters, with counts."""
    arabic = (translation.get_language() or "en").startswith("ar")
    options: dict[str, list[FacetOption]] = {}
    for name, choices in (("kind", Law.Kind), ("status", Law.Status), ("language", Law.Language)):
        counts = dict(
            filters.apply(published_laws(), without=name).values_list(name).annotate(n=Count("pk")).order_by()
        )
        options[name] = [
            FacetOption(value, str(label), counts[value]) for value, label in choices.choices if value in counts
        ]
    years = filters.apply(published_laws(), without="year").filter(year__isnull=False)
    options["year"] = [
        FacetOption(str(year), str(year), n)
        for year, n in years.values_list("year").annotate(n=Count("pk")).order_by("-year")
    ]
    subject_counts = dict(
        filters.apply(published_laws(), without="subject")
        .filter(subjects__isnull=False)
        .values_list("subjects")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    options["subject"] = [
        FacetOption(subject.slug, (subject.name_ar if arabic else "") or subject.name_en, subject_counts[subject.pk])
        for subject in Subject.objects.filter(pk__in=subject_counts)
    ]
    return options


# --- one law -------------------------------------------------------------------------------------------------


def public_law(kind: str, year: int, number: str) -> Law | None:
    """The published law at ``/laws/<kind>/<year>/<number>/`` (the number as it stands in the URL)."""
    for law in published_laws().filter(kind=kind, year=year).exclude(number=""):
        if number_slug(law.number) == number:
            return law
    return None


def public_law_by_id(pk: int) -> Law | None:
    return published_laws().filter(pk=pk).first()


@dataclass(frozen=True, slots=True)
class Row:
    """A provision as the public page reads it (plain values: a long law has thousands)."""

    pk: int
    document_id: int
    kind: str
    number: str
    heading: str
    text: str
    depth: int
    eid: str

    @property
    def anchor(self) -> str:
        return f"doc{self.document_id}__{self.eid}"


@dataclass(slots=True)
class Block:
    """One piece of the law's text as the page shows it: a division heading or an article (its paragraphs and
    items folded into its text)."""

    provision: Row
    anchor: str  # the HTML id: the eid (a second file's repeat of an eid gets its document's prefix)
    label: str  # «Article 12» / «المادة 12» in the law's language
    title: str  # the printed heading line when short («المادة الأولى»), else the label
    text: str
    is_division: bool
    level: int  # heading level on the page (h3...h5)
    cite_url: str
    cite_label: str  # «Link to Article 12», for screen readers
    findings_label: str
    annotations: list[Any] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.provision.kind


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    indent: int
    is_division: bool


@dataclass
class LawPage:
    law: Law
    blocks: list[Block]
    toc: list[TocEntry]
    article_count: int
    annotation_count: int
    compliance: Any  # reviews.compliance.ComplianceTable over public annotations
    proposals: list[Any]
    subjects: list[Subject]
    path: str


def _kind_labels(law_language: str) -> dict[str, str]:
    """Each provision kind's name in the law's own language («المادة», «Article»)."""
    with translation.override(law_language):
        return {value: str(label) for value, label in Provision.Kind.choices}


def _label(row: Row, kinds: dict[str, str]) -> str:
    kind = kinds.get(row.kind, row.kind)
    if row.kind in {"preamble", "final", "signature"} and not row.number:
        return kind
    return f"{kind} {row.number}".strip()


def _title_and_text(row: Row, label: str) -> tuple[str, str]:
    """What the page titles a provision and the text under the title. Segmentation keeps the printed heading
    line («المادة الأولى:», «Part-1») both as ``heading`` and at the start of ``text``: it is shown once, as the
    title; a division's name on the next line joins its title («الفصل الأول: أحكام عامة»)."""
    heading, text = row.heading.strip(), row.text.strip()
    if not heading or len(heading) > Provision.HEADING_MAX:
        return label, text
    if text.startswith(heading):
        text = text[len(heading) :].strip()
    title = heading.rstrip(":：.-– ").strip() or label
    if row.kind in Provision.DIVISION_KINDS and text and "\n" not in text and len(text) <= Provision.HEADING_MAX:
        return f"{title}: {text}", ""
    return title, text


def _short(title: str, words: int = 8) -> str:
    parts = title.split()
    return title if len(parts) <= words else " ".join(parts[:words]) + "…"


def _rows(law: Law) -> list[Row]:
    fields = ("pk", "document_id", "kind", "number", "number_value", "heading", "text", "depth", "eid")
    rows = []
    for pk, document_id, kind, number, number_value, heading, text, depth, eid in (
        Provision.objects.filter(law=law).order_by("document__created_at", "document_id", "order").values_list(*fields)
    ):
        rows.append(Row(pk, document_id, kind, number or number_value, heading, text, depth, eid))
    return rows


def law_page(law: Law) -> LawPage:
    """What a published law's public page shows, in a handful of queries whatever its length."""

    language = translation.get_language() or "en"
    path = law_path(law, language=language)
    kinds = _kind_labels(law.language)
    cite_label, findings_label = translation.gettext("Link to %(label)s"), translation.gettext("Findings on %(label)s")
    rows = _rows(law)
    blocks: list[Block] = []
    by_provision: dict[int, Block] = {}
    seen: set[str] = set()
    current: Block | None = None
    has_divisions = any(row.kind in Provision.DIVISION_KINDS for row in rows)
    division_depths = sorted({row.depth for row in rows if row.kind in Provision.DIVISION_KINDS})
    for row in rows:
        if (
            current is not None
            and row.document_id == current.provision.document_id
            and row.depth > current.provision.depth
            and row.kind not in Provision.DIVISION_KINDS
            and row.kind not in Provision.ARTICLE_KINDS
        ):
            current.text = f"{current.text}\n{row.text}" if current.text else row.text
            by_provision[row.pk] = current
            continue
        anchor = row.eid if row.eid not in seen else row.anchor
        seen.add(row.eid)
        is_division = row.kind in Provision.DIVISION_KINDS
        level = (3 + min(division_depths.index(row.depth), 2)) if is_division else (4 if has_divisions else 3)
        label = _label(row, kinds)
        title, text = _title_and_text(row, label)
        block = Block(
            provision=row,
            anchor=anchor,
            label=label,
            title=title,
            text=text,
            is_division=is_division,
            level=level,
            cite_url=f"{path}#{anchor}",
            cite_label=cite_label % {"label": label},
            findings_label=findings_label % {"label": label},
        )
        blocks.append(block)
        by_provision[row.pk] = block
        current = None if is_division else block
    table = compliance_table(law, public_only=True)
    for table_row in table.rows:
        block = by_provision.get(table_row.article.pk)
        if block is None:
            continue
        for cell in table_row.cells.values():
            for annotation in cell.annotations:
                if annotation not in block.annotations:
                    block.annotations.append(annotation)
    for block in blocks:
        block.annotations.sort(key=lambda a: a.pk)
    toc = [
        TocEntry(
            anchor=block.anchor,
            title=_short(block.title),
            indent=sum(1 for depth in division_depths if depth < block.provision.depth),
            is_division=block.is_division,
        )
        for block in blocks
        if block.is_division or block.kind in Provision.ARTICLE_KINDS
    ]
    return LawPage(
        law=law,
        blocks=blocks,
        toc=toc,
        article_count=sum(1 for block in blocks if block.kind == Provision.Kind.ARTICLE),
        annotation_count=sum(len(block.annotations) for block in blocks),
        compliance=table,
        proposals=law_proposals(law, language),
        subjects=list(law.subjects.all()),
        path=path,
    )


def law_proposals(law: Law, language: str) -> list[Any]:
    """Live proposals about the law, one per proposal: in ``language`` where translated, else as written."""

    proposals = live_proposals()
    if proposals is None:
        return []
    chosen: dict[Any, Any] = {}
    for page in proposals.filter(law=law).select_related("locale").order_by("-first_published_at", "pk"):
        key = page.translation_key
        if key not in chosen or page.locale.language_code == language:
            chosen[key] = page
    return list(chosen.values())
