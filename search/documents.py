"""What is searchable: one ``SearchRecord`` per law, article, annotation and proposal, the same for every engine.

A record is identified by its ``key`` («provision:123»). It carries the text that is searched and highlighted,
the facets, and two visibility answers decided here, once, for every engine:

- ``public``: may an anonymous visitor see this record at all? A law only when published; an article only when
  its law is; an annotation only when approved (live), made public and its law published; a proposal only when
  live. The engines filter on it inside the query itself, so nothing else leaks (counts, facets, highlights).
- facets that come from annotations (``standards``, ``assessments``, ``tags`` on an article) exist twice: the
  public values (from public annotations only) and the staff values (from every annotation). A public query
  reads and filters the public ones; it never sees a value only a draft annotation gives.

Sources are registered per kind (``register``): legislation's and reviews' here, proposals' by their app.
``records(keys)`` builds what exists of the given keys; a key whose object is gone or is not searchable any
more is returned in ``missing`` so the engine deletes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.utils import translation

from legislation.citations import law_path, provision_url
from legislation.models import Law, Provision
from reviews.models import Annotation, StandardProvision

__all__ = [
    "KINDS",
    "Built",
    "SearchRecord",
    "all_keys",
    "law_fields",
    "law_keys",
    "records",
    "register",
    "status_labels",
]

RecordKind = Literal["law", "provision", "annotation", "proposal"]
KINDS: tuple[RecordKind, ...] = ("law", "provision", "annotation", "proposal")


@dataclass
class SearchRecord:
    key: str  # «law:5», «provision:123», «annotation:9», «proposal:4»
    kind: RecordKind
    title: str  # law: its title; article: «Article 12» and heading; annotation: its assessment and article
    text: str  # what is searched and highlighted
    language: str  # "ar" or "en": the language of ``text``
    url: str  # the citable public address (language-neutral path), or the staff address when not public
    public: bool
    law_id: int | None = None
    law_title: str = ""
    law_citation: str = ""  # «Law No. 17 of 2010» (English)
    law_ref: str = ""  # «17/2010», what ``law:`` matches (also the law's id as text)
    law_kind: str = ""  # Law.Kind value; for a proposal, that of its law
    year: int | None = None
    status: str = ""  # the law's status (in-force, amended, repealed); a proposal's own status
    date: date | None = None  # sort by date: the law's date of issue (or its year), a proposal's publication
    provision: str = ""  # the article's eid («chp_2__art_12»), also on an annotation about it
    provision_id: int | None = None
    number: str = ""  # the article's number as printed
    order: int = 0  # reading order within the law (results in a law come in article order on a tie)
    review_status: str = ""  # an annotation's draft/submitted/changes_requested/approved
    standards: list[str] = field(default_factory=list)  # codes and their instruments: ICCPR-19, ICCPR
    assessments: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    staff_standards: list[str] = field(default_factory=list)
    staff_assessments: list[str] = field(default_factory=list)
    staff_tags: list[str] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return int(self.key.partition(":")[2])


@dataclass
class Built:
    records: list[SearchRecord]
    missing: list[str]  # keys to delete from the index


Builder = Callable[[list[int]], list[SearchRecord]]
_builders: dict[str, Builder] = {}
_all_keys: dict[str, Callable[[], Iterable[int]]] = {}
_status_labels: dict[str, Any] = {}
_law_keys: dict[str, Callable[[int], Iterable[int]]] = {}


def register(
    kind: RecordKind,
    builder: Builder,
    *,
    all_pks: Callable[[], Iterable[int]],
    law_pks: Callable[[int], Iterable[int]] | None = None,
    statuses: Iterable[tuple[str, Any]] = (),
) -> None:
    """Make a kind searchable: ``builder(pks)`` returns the records of those that exist and are searchable,
    ``all_pks()`` lists every one (for a rebuild), ``law_pks(law_id)`` those about a law (re-indexed with it),
    ``statuses`` the (value, label) choices of its records' ``status`` facet values (labels may be lazy)."""
    _builders[kind] = builder
    _all_keys[kind] = all_pks
    if law_pks is not None:
        _law_keys[kind] = law_pks
    _status_labels.update(statuses)


def status_labels() -> dict[str, str]:
    """The ``status`` facet's value labels in the interface language: laws' statuses and every registered kind's."""
    labels = {value: str(label) for value, label in Law.Status.choices}
    labels.update((value, str(label)) for value, label in _status_labels.items())
    return labels


def records(keys: Iterable[str]) -> Built:
    """The records of the given keys; keys that no longer build a record are ``missing``."""
    wanted: dict[str, list[int]] = {}
    for key in keys:
        kind, _, pk = key.partition(":")
        wanted.setdefault(kind, []).append(int(pk))
    built: list[SearchRecord] = []
    missing: list[str] = []
    with translation.override("en"):  # language-neutral URLs and citations in the index
        for kind, pks in wanted.items():
            builder = _builders.get(kind)
            found = builder(sorted(set(pks))) if builder else []
            built.extend(found)
            have = {record.key for record in found}
            missing.extend(f"{kind}:{pk}" for pk in pks if f"{kind}:{pk}" not in have)
    return Built(built, missing)


def all_keys() -> Iterator[str]:
    """Every key that may be indexed, kind by kind (a rebuild's work list)."""
    for kind, lister in _all_keys.items():
        for pk in lister():
            yield f"{kind}:{pk}"


def law_keys(law_id: int) -> list[str]:
    """The law and everything indexed about it: re-indexed when the law changes (published, re-processed)."""
    keys = [f"law:{law_id}"]
    for kind, lister in _law_keys.items():
        keys.extend(f"{kind}:{pk}" for pk in lister(law_id))
    return keys


# --- legislation and reviews ----------------------------------------------------------------------------


def law_fields(law: Law) -> dict[str, Any]:
    """What every record about a law carries of it (its title, citation, facets, date and address): for the
    records other apps register (``register``)."""

    return {
        "law_id": law.pk,
        "law_title": law.title,
        "law_citation": str(law.citation),
        "law_ref": f"{law.number}/{law.year}" if law.number and law.year else "",
        "law_kind": law.kind,
        "year": law.year,
        "status": law.status,
        "date": law.date_issued or (date(law.year, 1, 1) if law.year else None),
        "url": law_path(law),
    }


def _law_records(pks: list[int]) -> list[SearchRecord]:

    out = []
    for law in Law.objects.filter(pk__in=pks):
        text = "\n".join(part for part in (law.title_ar, law.title_en, law.issuing_authority) if part)
        out.append(
            SearchRecord(
                key=f"law:{law.pk}",
                kind="law",
                title=law.title,
                text=text,
                language=law.language,
                public=law.published,
                **law_fields(law),
            )
        )
    return out


def _standard_codes(standards: Iterable) -> list[str]:
    codes: list[str] = []
    for standard in standards:
        for code in (standard.code, standard.instrument.code):
            if code not in codes:
                codes.append(code)
    return codes


def _annotation_queryset() -> QuerySet[Annotation]:

    return Annotation.objects.select_related("target", "law").prefetch_related(
        Prefetch("standards", queryset=StandardProvision.objects.select_related("instrument")), "tags"
    )


def _annotation_public(annotation: Annotation, law: Law) -> bool:
    return bool(annotation.live and annotation.public and law.published)


def _provision_records(pks: list[int]) -> list[SearchRecord]:
    """Articles with their whole text (paragraphs and items included), built per document in one pass."""

    wanted = set(pks)
    # order_by(): the model's default ordering would make DISTINCT return a document once per article.
    documents = (
        Provision.objects.filter(pk__in=pks, kind__in=Provision.ARTICLE_KINDS)
        .order_by("document_id")
        .values_list("document_id", flat=True)
        .distinct()
    )
    out: list[SearchRecord] = []
    for document_id in documents:
        provisions = list(Provision.objects.filter(document_id=document_id).order_by("order"))
        if not provisions:
            continue
        law = Law.objects.get(pk=provisions[0].law_id)
        facets = _annotation_facets([p.pk for p in provisions if p.pk in wanted], law)
        fields = law_fields(law)
        for index, provision in enumerate(provisions):
            if provision.pk not in wanted or provision.kind not in Provision.ARTICLE_KINDS:
                continue
            # Segmentation keeps the printed heading line at the start of ``text`` too: searched once.
            heading = provision.heading.strip()
            parts = (
                [provision.text]
                if not heading or provision.text.lstrip().startswith(heading)
                else [heading, provision.text]
            )
            for following in provisions[index + 1 :]:
                if following.depth <= provision.depth:
                    break
                parts.append(following.text)
            public_facets, staff_facets = facets.get(provision.pk, ({}, {}))
            label = f"{provision.get_kind_display()} {provision.number}".strip()
            out.append(
                SearchRecord(
                    key=f"provision:{provision.pk}",
                    kind="provision",
                    title=label,
                    text="\n".join(part for part in parts if part),
                    language=law.language,
                    public=law.published,
                    provision=provision.eid,
                    provision_id=provision.pk,
                    number=provision.number_value or provision.number,
                    order=provision.order,
                    **{**fields, "url": provision_url(law, provision.eid)},
                    **public_facets,
                    **{f"staff_{name}": values for name, values in staff_facets.items()},
                )
            )
    return out


def _annotation_facets(provision_pks: list[int], law: Law) -> dict[int, tuple[dict, dict]]:
    """Per article: the standards, assessments and tags of its public annotations, and of all its annotations."""
    result: dict[int, tuple[dict, dict]] = {}
    for annotation in _annotation_queryset().filter(target__provision_id__in=provision_pks):
        public, staff = result.setdefault(
            annotation.target.provision_id,
            ({"standards": [], "assessments": [], "tags": []}, {"standards": [], "assessments": [], "tags": []}),
        )
        values = {
            "standards": _standard_codes(annotation.standards.all()),
            "assessments": [annotation.assessment],
            "tags": [tag.slug for tag in annotation.tags.all()],
        }
        sets = [staff, public] if _annotation_public(annotation, law) else [staff]
        for target in sets:
            for name, found in values.items():
                target[name].extend(value for value in found if value not in target[name])
    return result


def _annotation_records(pks: list[int]) -> list[SearchRecord]:

    out = []
    for annotation in _annotation_queryset().filter(pk__in=pks):
        law = annotation.law
        target = getattr(annotation, "target", None)
        public = _annotation_public(annotation, law)
        standards = _standard_codes(annotation.standards.all())
        tags = [tag.slug for tag in annotation.tags.all()]
        text = "\n".join(
            part for part in (target.exact if target else "", annotation.commentary, annotation.recommendation) if part
        )
        fields = law_fields(law)
        eid = target.eid if target else ""
        out.append(
            SearchRecord(
                key=f"annotation:{annotation.pk}",
                kind="annotation",
                title=f"{annotation.get_assessment_display()}: {target.provision_label if target else law.title}",
                text=text,
                language=law.language,
                public=public,
                provision=eid,
                provision_id=target.provision_id if target else None,
                review_status=annotation.status,
                **{**fields, "url": provision_url(law, eid) if public and eid else fields["url"]},
                standards=standards if public else [],
                assessments=[annotation.assessment] if public else [],
                tags=tags if public else [],
                staff_standards=standards,
                staff_assessments=[annotation.assessment],
                staff_tags=tags,
            )
        )
    return out


def _register_defaults() -> None:

    register(
        "law",
        _law_records,
        all_pks=lambda: Law.objects.order_by("pk").values_list("pk", flat=True).iterator(),
    )
    register(
        "provision",
        _provision_records,
        all_pks=lambda: (
            Provision.objects.filter(kind__in=Provision.ARTICLE_KINDS)
            .order_by("document_id", "order")
            .values_list("pk", flat=True)
            .iterator()
        ),
        law_pks=lambda law_id: Provision.objects.filter(law_id=law_id, kind__in=Provision.ARTICLE_KINDS).values_list(
            "pk", flat=True
        ),
    )
    register(
        "annotation",
        _annotation_records,
        all_pks=lambda: Annotation.objects.order_by("pk").values_list("pk", flat=True).iterator(),
        law_pks=lambda law_id: Annotation.objects.filter(law_id=law_id).values_list("pk", flat=True),
    )
