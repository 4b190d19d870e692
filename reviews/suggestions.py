"""Which standard provisions an article of a law most likely engages, ranked, each with the reasons shown.

``suggest(provision)`` scores every provision of the standards catalogue by three signals and adds them up:

1. **Shared terms**: TF-IDF cosine between the article and the standard provision (its English and Arabic titles,
   which count three times, its texts, keywords and the names of its rights tags, counted twice), over the
   stems of ``text.stemming``. The reason shows the article's own words (the law's language) that matched.
2. **Rights tags**: a term-to-tag lexicon learnt from the catalogue: each term points to the tags of the
   provisions it occurs in (and to a tag whose name holds it), so «التعبير» points to ``expression`` and lifts
   ICCPR-19 and ArCHR-32 even where their Arabic texts are not in the catalogue. This is what carries an Arabic
   article to standards whose texts are English only. The reason names the tags.
3. **Similar approved annotations**: the approved annotations whose articles are most like this one (TF-IDF
   cosine over the annotated articles) vote, by the square of their similarity, for the standards they cite.
   The reason names the annotations and their articles.

Procedural clauses (provisions tagged only ``implementation``: committees, ratification, reservations) count for
half: a law's article seldom engages them unless similar annotations say it does.

The indexes are built once per process and rebuilt when the catalogue or the approved annotations change (a
fingerprint of counts, lengths and the latest update, a few aggregate queries per call).

``suggestion_accept`` adds an accepted standard to a draft annotation, as a new revision by the person accepting.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from legislation.models import Provision
from reviews.annotations import provision_texts
from reviews.models import Annotation, AnnotationTarget, RightsTag, StandardProvision
from text.stemming import terms, words_with_surface

__all__ = ["NeighbourReason", "Suggestion", "index_clear", "suggest", "suggest_text", "suggestion_accept"]

LEXICAL_WEIGHT = 1.0
TAG_WEIGHT = 0.15
NEIGHBOUR_WEIGHT = 2.0
PROCEDURAL_FACTOR = 0.5
NEIGHBOURS = 7
NEIGHBOUR_POWER = 2.0  # the square of the similarity: near articles count, loosely alike ones hardly
MIN_NEIGHBOUR_SIMILARITY = 0.08
SHOWN_TERMS = 8
PROCEDURAL_TAG = "implementation"


@dataclass(frozen=True)
class NeighbourReason:
    """An approved annotation on a similar article that cites the standard."""

    annotation_id: int
    provision_id: int
    article: str
    similarity: float


@dataclass
class Suggestion:
    standard: StandardProvision
    score: float
    shared_terms: list[str] = field(default_factory=list)
    tags: list[RightsTag] = field(default_factory=list)
    neighbours: list[NeighbourReason] = field(default_factory=list)
    parts: dict[str, float] = field(default_factory=dict)

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """The JSON shape the admin endpoint returns (see docs/suggestions.md)."""
        standard = self.standard
        title_order = (
            (standard.title_ar, standard.title_en) if language == "ar" else (standard.title_en, standard.title_ar)
        )
        return {
            "standard": {
                "id": standard.pk,
                "code": standard.code,
                "title": next((t for t in title_order if t), ""),
                "title_en": standard.title_en,
                "title_ar": standard.title_ar,
            },
            "score": round(self.score, 4),
            "parts": {name: round(value, 4) for name, value in self.parts.items()},
            "reasons": {
                "shared_terms": self.shared_terms,
                "tags": [
                    {"slug": tag.slug, "name": (tag.name_ar if language == "ar" else "") or tag.name_en}
                    for tag in self.tags
                ],
                "annotations": [
                    {
                        "id": n.annotation_id,
                        "provision_id": n.provision_id,
                        "article": n.article,
                        "similarity": round(n.similarity, 3),
                    }
                    for n in self.neighbours
                ],
            },
        }


# --- vectors -----------------------------------------------------------------------------------------------------


def _idf(documents: list[Counter[str]]) -> dict[str, float]:
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(document.keys())
    total = len(documents)
    return {term: math.log((total + 1) / (count + 1)) + 1 for term, count in frequency.items()}


def _vector(counts: Counter[str], idf: dict[str, float], unseen: float | None = None) -> dict[str, float]:
    """Sublinear TF-IDF, L2-normalised. Terms the IDF does not know weigh ``unseen`` (None: left out)."""
    vector = {}
    for term, count in counts.items():
        weight = idf.get(term, unseen)
        if weight is not None:
            vector[term] = (1 + math.log(count)) * weight
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {term: v / norm for term, v in vector.items()}


def _postings(vectors: list[dict[str, float]]) -> dict[str, list[tuple[int, float]]]:
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for position, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((position, weight))
    return dict(postings)


# --- the catalogue index -----------------------------------------------------------------------------------------


@dataclass
class CatalogueIndex:
    key: tuple
    standard_ids: list[int]
    idf: dict[str, float]
    vectors: list[dict[str, float]]
    postings: dict[str, list[tuple[int, float]]]
    term_tags: dict[str, dict[int, float]]
    standard_tags: list[tuple[int, ...]]
    procedural: list[bool]
    tags: dict[int, RightsTag]


def _catalogue_key() -> tuple:
    provisions = StandardProvision.objects.aggregate(
        n=Count("id"),
        top=Max("id"),
        size=Sum(Length("title_en") + Length("title_ar") + Length("text_en") + Length("text_ar") + Length("keywords")),
    )
    tags = RightsTag.objects.aggregate(n=Count("id"), size=Sum(Length("name_en") + Length("name_ar")))
    links = StandardProvision.tags.through.objects.aggregate(n=Count("id"), ids=Sum("rightstag_id"))
    return (*provisions.values(), *tags.values(), *links.values())


def _catalogue_build(key: tuple) -> CatalogueIndex:
    tags = {tag.pk: tag for tag in RightsTag.objects.all()}
    tag_terms = {pk: terms(f"{tag.name_en} {tag.name_ar}") for pk, tag in tags.items()}
    standards = list(StandardProvision.objects.prefetch_related("tags").order_by("pk"))
    documents: list[Counter[str]] = []
    standard_tags: list[tuple[int, ...]] = []
    for standard in standards:
        own_tags = tuple(tag.pk for tag in standard.tags.all())
        counts = Counter(terms(f"{standard.text_en} {standard.text_ar}"))
        title = Counter(terms(f"{standard.title_en} {standard.title_ar}"))
        named = Counter(terms(standard.keywords.replace(",", " ")))
        for pk in own_tags:
            named.update(tag_terms[pk])
        counts.update({term: 3 * n for term, n in title.items()})
        counts.update({term: 2 * n for term, n in named.items()})
        documents.append(counts)
        standard_tags.append(own_tags)
    idf = _idf(documents)
    vectors = [_vector(counts, idf) for counts in documents]
    # The lexicon: each provision's terms point to its tags (shared among them), a tag's name to the tag.
    raw: dict[str, Counter[int]] = defaultdict(Counter)
    for counts, own_tags in zip(documents, standard_tags, strict=True):
        for term in counts:
            for pk in own_tags:
                raw[term][pk] += 1 / len(own_tags)
    for pk, names in tag_terms.items():
        for term in set(names):
            raw[term][pk] += 2
    # A term points to a tag by how much more often it goes with the tag than terms do in general: the CRPD's fifty
    # long texts would otherwise make every common English word point to ``disability``.
    overall: Counter[int] = Counter()
    for counter in raw.values():
        overall.update(counter)
    everything = sum(overall.values()) or 1.0
    prior = {pk: value / everything for pk, value in overall.items()}
    term_tags = {}
    for term, counter in raw.items():
        total = sum(counter.values())
        excess = {pk: value / total - prior[pk] for pk, value in counter.items()}
        term_tags[term] = {pk: value for pk, value in excess.items() if value > 0}
    procedural_ids = {pk for pk, tag in tags.items() if tag.slug == PROCEDURAL_TAG}
    return CatalogueIndex(
        key=key,
        standard_ids=[standard.pk for standard in standards],
        idf=idf,
        vectors=vectors,
        postings=_postings(vectors),
        term_tags=term_tags,
        standard_tags=standard_tags,
        procedural=[bool(own) and set(own) <= procedural_ids for own in standard_tags],
        tags=tags,
    )


# --- the approved annotations' index -----------------------------------------------------------------------------


@dataclass
class AnnotatedArticle:
    annotation_id: int
    provision_id: int
    article: str
    standard_ids: tuple[int, ...]


@dataclass
class NeighbourIndex:
    key: tuple
    idf: dict[str, float]
    unseen: float
    items: list[AnnotatedArticle]
    postings: dict[str, list[tuple[int, float]]]


def _approved() -> Any:
    return Annotation.objects.filter(live=True, target__provision__isnull=False)


def _neighbour_key() -> tuple:
    annotations = _approved().aggregate(n=Count("id"), latest=Max("updated_at"), top=Max("id"))
    targets = AnnotationTarget.objects.filter(annotation__live=True).aggregate(
        n=Count("id"), placed=Max("placed_at"), provisions=Sum("provision_id")
    )
    return (*annotations.values(), *targets.values())


def _article_label(provision: Provision) -> str:
    number = provision.number or provision.eid
    return f"{provision.law.title} — {provision.get_kind_display()} {number}".strip()


def _neighbour_build(key: tuple) -> NeighbourIndex:
    annotations = list(
        _approved().select_related("target__provision__law").prefetch_related("standards").order_by("pk")
    )
    texts: dict[int, str] = {}
    for law_id in {annotation.law_id for annotation in annotations}:
        texts.update({pk: text for pk, (_provision, text) in provision_texts(law_id).items()})
    items, documents = [], []
    for annotation in annotations:
        provision = annotation.target.provision
        standard_ids = tuple(standard.pk for standard in annotation.standards.all())
        if not standard_ids or provision.pk not in texts:
            continue
        items.append(AnnotatedArticle(annotation.pk, provision.pk, _article_label(provision), standard_ids))
        documents.append(Counter(terms(texts[provision.pk])))
    idf = _idf(documents)
    unseen = math.log(len(documents) + 1) + 1
    vectors = [_vector(counts, idf) for counts in documents]
    return NeighbourIndex(key=key, idf=idf, unseen=unseen, items=items, postings=_postings(vectors))


# --- the cache ---------------------------------------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, Any] = {}


def index_clear() -> None:
    """Forget the indexes (the next call rebuilds them)."""
    with _lock:
        _cache.clear()


def _indexes() -> tuple[CatalogueIndex, NeighbourIndex]:
    catalogue_key, neighbour_key = _catalogue_key(), _neighbour_key()
    with _lock:
        catalogue = _cache.get("catalogue")
        if catalogue is None or catalogue.key != catalogue_key:
            catalogue = _cache["catalogue"] = _catalogue_build(catalogue_key)
        neighbours = _cache.get("neighbours")
        if neighbours is None or neighbours.key != neighbour_key:
            neighbours = _cache["neighbours"] = _neighbour_build(neighbour_key)
    return catalogue, neighbours


# --- suggesting --------------------------------------------------------------------------------------------------


def suggest(provision: Provision, limit: int = 10) -> list[Suggestion]:
    """The standard provisions ``provision`` (an article, with its paragraphs and items) most likely engages,
    best first, each with its score and reasons. Approved annotations on the provision itself do not vote."""
    return suggest_text(provision.full_text, limit=limit, exclude_provision_id=provision.pk)


def suggest_text(text: str, *, limit: int = 10, exclude_provision_id: int | None = None) -> list[Suggestion]:
    """``suggest`` for a text that is not (or not yet) a stored provision."""
    catalogue, neighbour_index = _indexes()
    surfaces: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for term, surface in words_with_surface(text):
        counts[term] += 1
        surfaces.setdefault(term, surface)
    if not counts:
        return []

    # 1. shared terms
    vector = _vector(counts, catalogue.idf)
    lexical: dict[int, float] = defaultdict(float)
    contributions: dict[int, dict[str, float]] = defaultdict(dict)
    for term, weight in vector.items():
        for position, standard_weight in catalogue.postings.get(term, ()):
            lexical[position] += weight * standard_weight
            contributions[position][term] = weight * standard_weight

    # 2. rights tags, through the lexicon
    tag_scores: dict[int, float] = defaultdict(float)
    for term, weight in vector.items():
        for tag_id, share in catalogue.term_tags.get(term, {}).items():
            tag_scores[tag_id] += weight * share
    tag_part: dict[int, float] = {}
    for position, own_tags in enumerate(catalogue.standard_tags):
        found = [tag_scores[pk] for pk in own_tags if tag_scores.get(pk)]
        if found:
            tag_part[position] = sum(found) / math.sqrt(len(own_tags))

    # 3. similar approved annotations
    votes: dict[int, float] = defaultdict(float)
    voters: dict[int, list[NeighbourReason]] = defaultdict(list)
    if neighbour_index.items:
        query = _vector(counts, neighbour_index.idf, unseen=neighbour_index.unseen)
        similarity: dict[int, float] = defaultdict(float)
        for term, weight in query.items():
            for position, item_weight in neighbour_index.postings.get(term, ()):
                similarity[position] += weight * item_weight
        nearest = sorted(
            (
                (value, position)
                for position, value in similarity.items()
                if value >= MIN_NEIGHBOUR_SIMILARITY
                and neighbour_index.items[position].provision_id != exclude_provision_id
            ),
            reverse=True,
        )[:NEIGHBOURS]
        for value, position in nearest:
            item = neighbour_index.items[position]
            for standard_id in item.standard_ids:
                votes[standard_id] += value**NEIGHBOUR_POWER
                voters[standard_id].append(NeighbourReason(item.annotation_id, item.provision_id, item.article, value))

    position_of = {pk: position for position, pk in enumerate(catalogue.standard_ids)}
    scored: list[tuple[float, int, dict[str, float]]] = []
    for position in set(lexical) | set(tag_part) | {position_of[pk] for pk in votes if pk in position_of}:
        standard_id = catalogue.standard_ids[position]
        parts = {
            "terms": LEXICAL_WEIGHT * lexical.get(position, 0.0),
            "tags": TAG_WEIGHT * tag_part.get(position, 0.0),
            "annotations": NEIGHBOUR_WEIGHT * votes.get(standard_id, 0.0),
        }
        score = sum(parts.values())
        if catalogue.procedural[position] and not votes.get(standard_id):
            score *= PROCEDURAL_FACTOR
        if score > 0:
            scored.append((score, position, parts))
    scored.sort(key=lambda entry: (-entry[0], catalogue.standard_ids[entry[1]]))
    top = scored[:limit]
    standards = StandardProvision.objects.in_bulk([catalogue.standard_ids[position] for _s, position, _p in top])
    suggestions = []
    for score, position, parts in top:
        standard_id = catalogue.standard_ids[position]
        shared = sorted(contributions.get(position, {}).items(), key=lambda item: -item[1])[:SHOWN_TERMS]
        own_tags = [pk for pk in catalogue.standard_tags[position] if tag_scores.get(pk)]
        own_tags.sort(key=lambda pk: -tag_scores[pk])
        suggestions.append(
            Suggestion(
                standard=standards[standard_id],
                score=score,
                shared_terms=_unique(surfaces[term] for term, _value in shared),
                tags=[catalogue.tags[pk] for pk in own_tags],
                neighbours=sorted(voters.get(standard_id, []), key=lambda n: -n.similarity),
                parts=parts,
            )
        )
    return suggestions


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


CHANGE_PERMISSION = "reviews.change_annotation"
EDITABLE = (Annotation.Status.DRAFT, Annotation.Status.CHANGES_REQUESTED)


@transaction.atomic
def suggestion_accept(*, annotation: Annotation, standard: StandardProvision, user: Any) -> bool:
    """Add ``standard`` to the annotation's draft and save a new revision as ``user``. Refused (PermissionDenied)
    without ``change_annotation``; refused (ValidationError) when the annotation is under review or approved, or
    locked by someone else. Returns False when the draft already cites the standard (nothing saved)."""
    if not user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied(_("You may not change annotations."))
    annotation = Annotation.objects.select_for_update().get(pk=annotation.pk)
    status = annotation.status
    if status not in EDITABLE:
        raise ValidationError(
            _("Only a draft annotation can be given a standard; this one is %(status)s.")
            % {"status": Annotation.Status(status).label.lower()}
        )
    lock = annotation.get_lock()
    if lock is not None and lock.for_user(user):
        who = annotation.locked_by.get_username() if annotation.locked_by else _("someone else")
        raise ValidationError(_("This annotation is locked by %(name)s: ask them to unlock it.") % {"name": who})
    draft = annotation.get_latest_revision_as_object()
    if standard.pk in {cited.pk for cited in draft.standards.all()}:
        return False
    draft.standards.add(standard)
    if not annotation.live:  # a draft that was never approved keeps its row in step with its latest revision
        annotation.standards.add(standard)
        annotation.save()  # a ParentalManyToManyField is written on a full save
    draft.save_revision(user=user, log_action=True)
    return True
