"""The compliance table of a law: each annotated article against the standards it was assessed on.

Which annotations count is decided by one of two explicit scopes, never guessed from who asks:

- staff (``statuses``): approved annotations by default; drafts, submitted and changes-requested ones only when
  asked for by name (``OUTPUT_STATUSES``);
- the public (``public_only=True``): live (approved) annotations a reviewer made public, and nothing else, whatever
  ``statuses`` says. A public page must pass it; there is no way for it to reach a draft.

The outputs read an annotation's row. For an approved annotation that is its approved version even while a revision
of it is under review (Wagtail keeps such drafts in revisions, not in the row), so its output status is *approved*;
an annotation never approved is a draft, submitted or has changes requested, as ``Annotation.status`` says.

Rows are articles in reading order: an annotation on a paragraph or item counts for the article it belongs to.
Columns are the standard provisions assessed, in catalogue order (and one for annotations that name no standard).
When several annotations assess one article against one standard, the cell shows the **most severe** assessment,
in the order incompatible, partially compatible, unclear, compatible, and keeps every annotation so a page can list
them. An article's overall assessment is likewise the most severe of its cells. Orphaned annotations (their passage
was not found when the law was processed again) belong to no article: they are counted, never placed in a row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from legislation.models import Law, Provision
from reviews.models import Annotation, StandardProvision

__all__ = [
    "ASSESSMENT_ORDER",
    "Bar",
    "Chart",
    "DEFAULT_STATUSES",
    "OUTPUT_STATUSES",
    "Cell",
    "Column",
    "ComplianceTable",
    "Row",
    "StandardCount",
    "Segment",
    "articles_of",
    "compliance_charts",
    "compliance_table",
    "most_severe",
    "output_annotations",
    "output_status",
    "parse_statuses",
]

Assessment = Annotation.Assessment
Status = Annotation.Status

# Most severe first: the rule for several annotations on one article and standard.
ASSESSMENT_ORDER: tuple[str, ...] = (
    Assessment.INCOMPATIBLE,
    Assessment.PARTIAL,
    Assessment.UNCLEAR,
    Assessment.COMPATIBLE,
)
OUTPUT_STATUSES: tuple[str, ...] = (Status.APPROVED, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.DRAFT)
DEFAULT_STATUSES: frozenset[str] = frozenset({Status.APPROVED})


def most_severe(assessments: Iterable[str]) -> str:
    """The most severe of some assessments (incompatible before partially compatible, unclear, compatible)."""
    return min(assessments, key=ASSESSMENT_ORDER.index)


def output_status(annotation: Annotation) -> str:
    """The status of what the outputs show of an annotation: its row (see the module's note)."""
    return Status.APPROVED if annotation.live else annotation.status


def parse_statuses(values: Iterable[str]) -> frozenset[str]:
    """Statuses asked for in a query string (``status=approved&status=draft``, or ``status=all``); unknown words are
    ignored and nothing known means the default, approved only."""
    values = [value for value in values if value]
    if "all" in values:
        return frozenset(OUTPUT_STATUSES)
    chosen = frozenset(value for value in values if value in OUTPUT_STATUSES)
    return chosen or DEFAULT_STATUSES


def output_annotations(
    annotations: Law | QuerySet[Annotation],
    *,
    statuses: Iterable[str] = DEFAULT_STATUSES,
    public_only: bool = False,
) -> list[Annotation]:
    """The annotations of a law (or of a queryset) the outputs count, with what they show loaded.

    ``public_only=True`` keeps live annotations made public and nothing else, ignoring ``statuses``."""
    queryset = Annotation.objects.filter(law=annotations) if isinstance(annotations, Law) else annotations
    queryset = queryset.select_related("law", "author", "target", "target__provision").prefetch_related(
        Prefetch("standards", queryset=StandardProvision.objects.select_related("instrument")),
        "tags",
        "evidence",
        "evidence__document",
        Prefetch(
            "_workflow_states",
            queryset=WorkflowState.objects.active().order_by("-created_at"),
            to_attr="_current_workflow_states",
        ),
    )
    if public_only:
        return list(queryset.filter(live=True, public=True).order_by("pk"))
    wanted = frozenset(statuses)
    if wanted <= {Status.APPROVED}:
        queryset = queryset.filter(live=True)
    return [annotation for annotation in queryset.order_by("pk") if output_status(annotation) in wanted]


@dataclass(frozen=True)
class Column:
    """A standard provision assessed (``standard`` None: annotations that name no standard)."""

    standard: StandardProvision | None

    @property
    def key(self) -> str:
        return self.standard.code if self.standard else ""

    @property
    def code(self) -> str:
        return self.standard.code if self.standard else ""


@dataclass
class Cell:
    """The annotations assessing one article against one standard; ``assessment`` is the most severe of them."""

    annotations: list[Annotation] = field(default_factory=list)

    @property
    def assessment(self) -> str:
        return most_severe(a.assessment for a in self.annotations)

    @property
    def assessment_label(self) -> str:
        return str(Assessment(self.assessment).label)

    @property
    def assessments(self) -> list[str]:
        """Every assessment given, most severe first, each once."""
        given = {a.assessment for a in self.annotations}
        return [value for value in ASSESSMENT_ORDER if value in given]

    @property
    def disagree(self) -> bool:
        return len(self.assessments) > 1


@dataclass
class Row:
    """An annotated article and its cells by column key."""

    article: Provision
    cells: dict[str, Cell] = field(default_factory=dict)
    cells_in_order: list[Cell | None] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.article.number or self.article.number_value

    @property
    def eid(self) -> str:
        return self.article.eid

    @property
    def assessment(self) -> str:
        """The article's overall assessment: the most severe of its cells."""
        return most_severe(cell.assessment for cell in self.cells.values())

    @property
    def assessment_label(self) -> str:
        return str(Assessment(self.assessment).label)


@dataclass(frozen=True)
class StandardCount:
    """How many articles were assessed against a standard, by their cell's assessment (most severe first)."""

    column: Column
    by_assessment: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _assessment, count in self.by_assessment)


@dataclass
class ComplianceTable:
    law: Law
    rows: list[Row]
    columns: list[Column]
    annotation_count: int
    orphan_count: int
    statuses: frozenset[str]
    public_only: bool

    @property
    def by_assessment(self) -> list[tuple[str, int]]:
        """Articles by their overall assessment, every assessment listed (most severe first), zeros included."""
        counts = Counter(row.assessment for row in self.rows)
        return [(value, counts[value]) for value in ASSESSMENT_ORDER]

    @property
    def by_standard(self) -> list[StandardCount]:
        """For each column, the articles assessed against it by their cell's assessment."""
        result = []
        for column in self.columns:
            counts = Counter(row.cells[column.key].assessment for row in self.rows if column.key in row.cells)
            result.append(StandardCount(column, tuple((value, counts[value]) for value in ASSESSMENT_ORDER)))
        return result


def compliance_table(
    law: Law,
    *,
    statuses: Iterable[str] = DEFAULT_STATUSES,
    public_only: bool = False,
) -> ComplianceTable:
    """The compliance table of ``law`` over the annotations in scope (see the module's note)."""
    wanted = frozenset(statuses)
    annotations = output_annotations(law, statuses=wanted, public_only=public_only)
    articles = articles_of(annotations)
    rows: dict[int, Row] = {}
    standards: dict[str, StandardProvision | None] = {}
    orphans = 0
    for annotation in annotations:
        target = getattr(annotation, "target", None)
        article = articles.get(target.provision_id) if target is not None and target.provision_id else None
        if article is None:
            orphans += 1
            continue
        row = rows.setdefault(article.pk, Row(article))
        named = list(annotation.standards.all()) or [None]
        for standard in named:
            key = standard.code if standard else ""
            standards[key] = standard
            row.cells.setdefault(key, Cell()).annotations.append(annotation)
    columns = [Column(s) for s in sorted((s for s in standards.values() if s), key=_catalogue_order)]
    if "" in standards:
        columns.append(Column(None))
    ordered = sorted(rows.values(), key=lambda row: (row.article.document_id, row.article.order))
    for row in ordered:
        row.cells_in_order = [row.cells.get(column.key) for column in columns]
    return ComplianceTable(law, ordered, columns, len(annotations), orphans, wanted, public_only)


def _catalogue_order(standard: StandardProvision) -> tuple[int, str, int]:
    return (standard.instrument.order, standard.instrument.code, standard.order)


def articles_of(annotations: list[Annotation]) -> dict[int, Provision]:
    """For each provision annotated, the article it belongs to (itself, or its nearest article ancestor; a
    provision under no article stands for itself)."""
    targets = [a.target for a in annotations if getattr(a, "target", None) is not None and a.target.provision_id]
    if not targets:
        return {}
    laws = {annotation.law_id for annotation in annotations}
    provisions = {p.pk: p for p in Provision.objects.filter(law_id__in=laws).defer("text", "heading")}
    found: dict[int, Provision] = {}
    for target in targets:
        provision = provisions.get(target.provision_id)
        node = provision
        while node is not None and node.kind != Provision.Kind.ARTICLE:
            node = provisions.get(node.parent_id) if node.parent_id else None
        if provision is not None:
            found[provision.pk] = node or provision
    return found


# Charts: inline SVG drawn here, no JavaScript. Geometry in SVG user units; the SVG scales to its box.
CHART_WIDTH, LABEL_WIDTH, VALUE_WIDTH, ROW_HEIGHT, BAR_HEIGHT = 540, 180, 36, 30, 20


@dataclass(frozen=True)
class Segment:
    assessment: str
    label: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    total: int
    segments: tuple[Segment, ...]
    y: int
    text_y: int
    label_x: float
    value_x: float


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    rtl: bool
    description: str


def _chart(rows: list[tuple[str, str, list[tuple[str, int]]]], *, rtl: bool) -> Chart:
    """Horizontal (stacked) bars: ``rows`` are (label, title, [(assessment, count), ...]). Laid out from the
    right in a right-to-left interface: labels on the right, bars growing leftwards."""
    largest = max((sum(count for _a, count in parts) for _l, _t, parts in rows), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, title, parts) in enumerate(rows):
        y = 6 + index * ROW_HEIGHT
        offset, segments = 0.0, []
        for assessment, count in parts:
            width = room * count / largest
            start = LABEL_WIDTH + offset
            x = CHART_WIDTH - start - width if rtl else start
            if count:
                segments.append(Segment(assessment, str(Annotation.Assessment(assessment).label), count, x, width))
            offset += width
        edge = LABEL_WIDTH + offset + 6
        bars.append(
            Bar(
                label=label if len(label) <= 20 else label[:19] + "…",
                title=title,
                total=sum(count for _a, count in parts),
                segments=tuple(segments),
                y=y,
                text_y=y + BAR_HEIGHT // 2 + 5,
                label_x=CHART_WIDTH - LABEL_WIDTH + 8 if rtl else LABEL_WIDTH - 8,
                value_x=CHART_WIDTH - edge if rtl else edge,
            )
        )
    description = "; ".join(f"{bar.title}: {bar.total}" for bar in bars)
    return Chart(tuple(bars), CHART_WIDTH, 12 + len(rows) * ROW_HEIGHT, rtl, description)


def compliance_charts(table: ComplianceTable, *, rtl: bool, arabic: bool) -> tuple[Chart, Chart]:
    """Articles by assessment, and articles by standard (stacked by assessment)."""
    by_assessment = [
        (str(Annotation.Assessment(value).label), str(Annotation.Assessment(value).label), [(value, count)])
        for value, count in table.by_assessment
    ]
    by_standard = []
    for item in table.by_standard:
        standard = item.column.standard
        if standard is None:
            label = title = _("No standard named")
        else:
            label = standard.code
            title = f"{standard.code}: {(standard.title_ar if arabic else standard.title_en) or standard.title_en}"
        by_standard.append((label, title, list(item.by_assessment)))
    return _chart(by_assessment, rtl=rtl), _chart(by_standard, rtl=rtl)
