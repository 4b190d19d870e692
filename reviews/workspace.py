"""Reads for the researchers' workspace: a law's text in blocks with its annotations highlighted, the annotations
listed (filtered by standard, assessment, status and author), orphans apart, and an annotation as the API gives it.

A block is an article (or a preamble, a final clause, a paragraph outside any article): its text is the
provision's full text (``reviews.annotations.provision_texts``), rendered in one element, so that a character
offset in the page is an offset in ``Provision.full_text``. An annotation on a paragraph or item inside an article
is shown at its place in the article's text. Highlights are computed here, never in the browser, and always cover
whole words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import WorkflowState

from legislation.models import Law, Provision
from legislation.selectors import law_provisions
from reviews.anchoring import whole_words
from reviews.annotations import provision_texts
from reviews.models import Annotation, AnnotationTarget, StandardProvision

__all__ = [
    "AnnotationFilters",
    "Highlight",
    "TextBlock",
    "Workspace",
    "annotation_as_json",
    "annotations_with_status",
    "highlighted_html",
    "law_annotations",
    "law_workspace",
    "standard_title",
]


@dataclass(frozen=True)
class AnnotationFilters:
    """What the list is narrowed to; empty values filter nothing."""

    standard: str = ""  # a StandardProvision code: ICCPR-19
    assessment: str = ""
    status: str = ""
    author: int | None = None

    def keep(self, annotation: Annotation) -> bool:
        if self.assessment and annotation.assessment != self.assessment:
            return False
        if self.status and annotation.status != self.status:
            return False
        if self.author is not None and annotation.author_id != self.author:
            return False
        return not self.standard or any(
            s.code.casefold() == self.standard.casefold() for s in annotation.standards.all()
        )

    @property
    def active(self) -> bool:
        return bool(self.standard or self.assessment or self.status or self.author is not None)


@dataclass(frozen=True)
class Highlight:
    """A passage of a block's text covered by annotations: ``start``/``end`` in the block's text."""

    start: int
    end: int
    annotation: Annotation


@dataclass
class TextBlock:
    provision: Provision
    text: str
    highlights: list[Highlight] = field(default_factory=list)
    whole: list[Annotation] = field(default_factory=list)  # annotations on the whole provision

    @property
    def html(self) -> SafeString:
        return highlighted_html(self.text, self.highlights)

    @property
    def annotation_count(self) -> int:
        return len({h.annotation.pk for h in self.highlights} | {a.pk for a in self.whole})


@dataclass
class Workspace:
    law: Law
    # In reading order: ("division", Provision, None) headings and ("block", Provision, TextBlock) texts.
    items: list[tuple[str, Provision, TextBlock | None]]
    annotations: list[Annotation]  # placed ones, filtered, in reading order
    orphans: list[Annotation]  # filtered
    total: int  # before filtering

    @property
    def text_dir(self) -> str:
        return "rtl" if self.law.language == Law.Language.ARABIC else "ltr"

    @property
    def toc(self) -> list[Provision]:
        return [provision for _kind, provision, _block in self.items if provision.in_table_of_contents]


def annotations_with_status(annotations: Iterable[Annotation]) -> list[Annotation]:
    """The annotations with their current workflow state fetched in one query, so ``status`` costs nothing more."""
    annotations = list(annotations)
    if not annotations:
        return annotations
    content_type = ContentType.objects.get_for_model(Annotation)
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=content_type, object_id__in=[str(a.pk) for a in annotations])
        .select_related("current_task_state__task")
    )
    by_object: dict[str, list[WorkflowState]] = defaultdict(list)
    for state in states:
        by_object[state.object_id].append(state)
    for annotation in annotations:
        annotation._current_workflow_states = by_object.get(str(annotation.pk), [])
    return annotations


def law_annotations(law: Law, filters: AnnotationFilters | None = None) -> list[Annotation]:
    """The law's annotations with their target, author, standards and tags, filtered, newest first."""
    queryset = (
        Annotation.objects.filter(law=law)
        .select_related("author", "target__provision")
        .prefetch_related("standards__instrument", "tags")
        .order_by("-updated_at", "-pk")
    )
    annotations = annotations_with_status(queryset)
    if filters is not None:
        annotations = [a for a in annotations if filters.keep(a)]
    return annotations


def law_workspace(law: Law, filters: AnnotationFilters | None = None) -> Workspace:
    """The law's text in blocks with the (filtered) annotations highlighted where they are, and the orphans."""
    filters = filters or AnnotationFilters()
    texts = provision_texts(law.pk)
    everything = law_annotations(law)
    shown = [a for a in everything if filters.keep(a)]

    items: list[tuple[str, Provision, TextBlock | None]] = []
    blocks: dict[int, TextBlock] = {}
    # Where each provision's text starts in the block that holds it: (block provision pk, offset).
    position: dict[int, tuple[int, int]] = {}
    provisions = list(law_provisions(law))
    holds_articles = _ancestors_of_articles(provisions)
    current: Provision | None = None
    offset = 0
    for provision in provisions:
        inside = (
            current is not None and provision.document_id == current.document_id and provision.depth > current.depth
        )
        if inside:
            offset += 1  # the newline joining the texts
            position[provision.pk] = (current.pk, offset)
            offset += len(provision.text)
            continue
        # Divisions are headings over articles: never annotated as a passage (their full text would be every article).
        if provision.kind in Provision.DIVISION_KINDS or provision.pk in holds_articles:
            current = None
            items.append(("division", provision, None))
            continue
        current, offset = provision, len(provision.text)
        block = TextBlock(provision=provision, text=texts[provision.pk][1])
        blocks[provision.pk] = block
        position[provision.pk] = (provision.pk, 0)
        items.append(("block", provision, block))

    placed: list[tuple[Provision, int, Annotation]] = []
    orphans: list[Annotation] = []
    for annotation in shown:
        target: AnnotationTarget | None = getattr(annotation, "target", None)
        if target is None or target.placement == AnnotationTarget.Placement.ORPHAN or target.provision_id is None:
            orphans.append(annotation)
            continue
        where = position.get(target.provision_id)
        block = blocks.get(where[0]) if where else None
        if block is None:  # on a division: listed, not highlighted
            placed.append((target.provision, 0, annotation))
            continue
        if not target.exact or target.start is None or target.end is None:
            block.whole.append(annotation)
            placed.append((block.provision, where[1], annotation))
            continue
        start, end = whole_words(block.text, where[1] + target.start, where[1] + target.end)
        if start < end:
            block.highlights.append(Highlight(start, end, annotation))
        placed.append((block.provision, start, annotation))
    reading = {provision.pk: index for index, provision in enumerate(provisions)}
    placed.sort(key=lambda item: (reading.get(item[0].pk, 0), item[1]))
    return Workspace(
        law=law,
        items=items,
        annotations=[annotation for _p, _o, annotation in placed],
        orphans=orphans,
        total=len(everything),
    )


def highlighted_html(text: str, highlights: Iterable[Highlight]) -> SafeString:
    """The text with ``<mark>`` around each highlighted passage; overlapping passages are cut where they overlap
    into marks naming every annotation covering them. Nothing but the text is added, so the element's text is
    exactly ``text``."""
    highlights = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    if not highlights:
        return format_html("{}", text)
    cuts = sorted({0, len(text), *(h.start for h in highlights), *(h.end for h in highlights)})
    pieces: list[SafeString] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [h.annotation for h in highlights if h.start <= start and end <= h.end]
        if not covering:
            pieces.append(format_html("{}", text[start:end]))
            continue
        strongest = min(covering, key=lambda a: _ASSESSMENT_RANK.get(a.assessment, 9))
        pieces.append(
            format_html(
                '<mark class="qanun-mark qanun-mark--{} qanun-mark--{}" data-annotations="{}">{}</mark>',
                strongest.assessment,
                strongest.status,
                " ".join(str(pk) for pk in sorted(a.pk for a in covering)),
                text[start:end],
            )
        )
    return mark_safe("".join(pieces))  # noqa: S308  every piece is escaped by format_html


# The colour of overlapping highlights is the gravest assessment's.
_ASSESSMENT_RANK = {"incompatible": 0, "partially_compatible": 1, "unclear": 2, "compatible": 3}


def _ancestors_of_articles(provisions: list[Provision]) -> set[int]:
    """Provisions (e.g. final provisions) that contain articles: headings, not blocks."""
    parents = {p.pk: p.parent_id for p in provisions}
    found: set[int] = set()
    for provision in provisions:
        if provision.kind != Provision.Kind.ARTICLE:
            continue
        parent = provision.parent_id
        while parent is not None and parent not in found:
            found.add(parent)
            parent = parents.get(parent)
    return found


def standard_title(standard: StandardProvision) -> str:
    """A standard's title in the interface language, falling back to the other one."""
    arabic = (get_language() or "").startswith("ar")
    own, other = (standard.title_ar, standard.title_en) if arabic else (standard.title_en, standard.title_ar)
    return own or other


def annotation_as_json(annotation: Annotation) -> dict[str, Any]:
    """An annotation as the API gives it: what it says, where it points (W3C selectors) and where it is in review."""
    target: AnnotationTarget | None = getattr(annotation, "target", None)
    return {
        "id": annotation.pk,
        "law": annotation.law_id,
        "assessment": annotation.assessment,
        "assessment_label": str(annotation.get_assessment_display()),
        "severity": annotation.severity,
        "status": annotation.status,
        "status_label": str(Annotation.Status(annotation.status).label),
        "standards": [s.code for s in annotation.standards.all()],
        "tags": [t.slug for t in annotation.tags.all()],
        "commentary": annotation.commentary,
        "recommendation": annotation.recommendation,
        "author": annotation.author.get_username(),
        "public": annotation.public,
        "target": None
        if target is None
        else {
            "provision": target.provision_id,
            "eid": target.eid,
            "exact": target.exact,
            "prefix": target.prefix,
            "suffix": target.suffix,
            "start": target.start,
            "end": target.end,
            "placement": target.placement,
        },
        "edit_url": reverse("wagtailsnippets_reviews_annotation:edit", args=[annotation.pk]),
        "updated_at": annotation.updated_at.isoformat(),
    }
