"""A law's articles as proposals cite them: by eid, never by the provision's row, because a law's provisions are
made again each time its text is processed. The eid names the article in the law's first file, as the public
law page anchors it (``website.library``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from legislation.citations import provision_url
from legislation.models import Law, Provision

__all__ = ["CitedArticle", "article_choices", "cited_article", "existing_eids"]


@dataclass(frozen=True)
class CitedArticle:
    eid: str
    label: str  # «المادة 12» / «Article 12» in the law's language, as printed
    text: str  # the article's current full text (its paragraphs and items included)
    url: str  # the citable public address


def _first(law: Law, eid: str) -> Provision | None:
    return (
        Provision.objects.filter(law=law, eid=eid)
        .order_by("document__created_at", "document_id", "order")
        .select_related("document")
        .first()
    )


def cited_article(law: Law, eid: str, *, language: str | None = None) -> CitedArticle | None:
    """The article as it stands now in the database, or None when the law has no such eid."""
    provision = _first(law, eid)
    if provision is None:
        return None
    number = provision.number or provision.number_value
    with translation.override(law.language):
        label = f"{provision.get_kind_display()} {number}".strip()
    return CitedArticle(eid=eid, label=label, text=_body(provision), url=provision_url(law, eid, language=language))


def _body(provision: Provision) -> str:
    """The article's full text without its printed heading line («المادة 1»), which segmentation keeps at the
    start of the text: the proposal shows it as the label, and a redline must not count it as wording."""
    text = provision.full_text.strip()
    heading = provision.heading.strip()
    if heading and len(heading) <= Provision.HEADING_MAX and text.startswith(heading):
        text = text[len(heading) :].lstrip(" :：.-–\n").strip()
    return text


def existing_eids(law: Law, eids: list[str]) -> set[str]:
    return set(Provision.objects.filter(law=law, eid__in=eids).values_list("eid", flat=True))


def article_choices(law: Law, limit: int = 2000) -> list[tuple[str, str]]:
    """(eid, «Article 12: its first words») for a chooser, in reading order."""
    choices: list[tuple[str, str]] = []
    seen: set[str] = set()
    provisions = (
        Provision.objects.filter(law=law, kind__in=Provision.ARTICLE_KINDS)
        .order_by("document__created_at", "document_id", "order")
        .only("eid", "kind", "number", "number_value", "text")
    )
    for provision in provisions[:limit]:
        if provision.eid in seen:
            continue
        seen.add(provision.eid)
        words = " ".join(provision.text.split()[:8])
        choices.append((provision.eid, f"{provision}: {words}" if words else str(provision)))
    return choices
