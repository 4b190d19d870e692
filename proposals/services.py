"""What a proposal must satisfy to be published, and the writes around its publication.

The rule the public must never see broken: a live proposal is about a published law, cites articles that exist in
it, and cites as evidence only annotations that are approved (live), made public, and about a published law.
``proposal_publish_problems`` lists what stands in the way, each in words an editor can act on.

It is enforced where every route passes: ``ProposalPage.save`` refuses a save that publishes
(``proposal_save_publishes``: a new live page, a page going live, a live page given another live revision or
publication time, or coming to cite something else) while there are problems. Wagtail's actions (the admin API's
publish, copy with keep_live and alias, the create view's Publish, bulk publishing, the workflow,
``publish_scheduled``, revert and publish) all end in that save. ``ProposalPage.publish`` checks first (nothing
written, a scheduled publication's refusal logged instead of raised) and the admin hooks turn a refusal into a
message before it gets that far.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from proposals.articles import existing_eids
from reviews.models import Annotation

if TYPE_CHECKING:
    from proposals.models import ProposalPage

__all__ = [
    "ProposalNotPublishable",
    "cited_eids",
    "evidence_annotation_ids",
    "proposal_publish_problems",
    "proposal_refuse_scheduled",
    "proposal_save_publishes",
]

logger = logging.getLogger(__name__)


class ProposalNotPublishable(ValidationError):
    """Publishing refused: ``problems`` says why, one sentence each. A validation error of the whole page: Wagtail's
    admin API answers it 400 with the problems under ``__all__``; in the admin's pages the editor gets them as a
    message (``proposals.middleware``). Not a ``PermissionDenied``, which Wagtail's admin turns into «you do not
    have permission» and drops the form."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__({NON_FIELD_ERRORS: problems})

    def __str__(self) -> str:
        return _("This proposal cannot be published: %(problems)s") % {"problems": " ".join(self.problems)}


def evidence_annotation_ids(page: ProposalPage) -> list[int]:
    """The annotations the proposal's evidence blocks cite, in order (read from the stored block data)."""
    ids: list[int] = []
    for block in page.body.raw_data if page.body else []:
        if block.get("type") != "evidence":
            continue
        value = block.get("value") or {}
        pk = value.get("annotation") if isinstance(value, dict) else None
        if pk and int(pk) not in ids:
            ids.append(int(pk))
    return ids


def cited_eids(page: ProposalPage) -> list[str]:
    """Every article eid the proposal names: the articles it is about, cited articles and redlines."""
    eids = [article.eid.strip() for article in page.articles.all() if article.eid.strip()]
    for block in page.body.raw_data if page.body else []:
        value = block.get("value") or {}
        if block.get("type") in {"cited_article", "redline"} and isinstance(value, dict):
            eid = (value.get("eid") or "").strip()
            if eid:
                eids.append(eid)
    return list(dict.fromkeys(eids))


def proposal_publish_problems(page: ProposalPage) -> list[str]:
    """Why this version of the proposal may not be published; empty when it may."""

    problems: list[str] = []
    law = page.law if page.law_id else None
    if law is None:
        return [_("Choose the law the proposal is about.")]
    if not law.published:
        problems.append(
            _("The law «%(law)s» is not published: an editor must publish the law before a proposal about it.")
            % {"law": law.title}
        )
    eids = cited_eids(page)
    missing = [eid for eid in eids if eid not in existing_eids(law, eids)]
    for eid in missing:
        problems.append(
            _("Article «%(eid)s» does not exist in «%(law)s»: choose one of the law's articles or remove it.")
            % {"eid": eid, "law": law.title}
        )
    ids = evidence_annotation_ids(page)
    found = {a.pk: a for a in Annotation.objects.filter(pk__in=ids).select_related("law", "target")}
    for pk in ids:
        annotation = found.get(pk)
        if annotation is None:
            problems.append(
                _("Evidence annotation #%(pk)s no longer exists: remove it from the proposal.") % {"pk": pk}
            )
            continue
        name = _("Evidence «%(annotation)s» (annotation #%(pk)s)") % {"annotation": annotation, "pk": pk}
        if not annotation.live:
            problems.append(
                _(
                    "%(name)s is not approved: only approved, public annotations can be cited. Ask a reviewer to "
                    "approve it and make it public, or remove it."
                )
                % {"name": name}
            )
        elif not annotation.public:
            problems.append(
                _(
                    "%(name)s is approved but not public: ask a reviewer to make it public, or remove it from the "
                    "proposal."
                )
                % {"name": name}
            )
        elif not annotation.law.published:
            problems.append(
                _("%(name)s is about the unpublished law «%(law)s»: it cannot be cited until that law is published.")
                % {"name": name, "law": annotation.law.title}
            )
    return problems


CITING_FIELDS = frozenset({"law", "law_id", "body", "articles"})


def _citations(page: ProposalPage) -> tuple[int | None, list[str], list[int]]:
    return page.law_id, cited_eids(page), evidence_annotation_ids(page)


def proposal_save_publishes(page: ProposalPage, update_fields: Iterable[str] | None = None) -> bool:
    """Whether saving ``page`` (with ``update_fields``, as ``Model.save`` takes them) makes content public that was
    not: the page is live after the save and it is a new row, or the stored row was not live, or (a full save) its
    live revision or publication time changes, which every Wagtail publication does, or the law, articles or
    evidence it cites change. A save of some columns only counts by those columns: Wagtail records a draft of a
    live page, moves, locks and links revisions that way, and the stored content the public sees stays as it
    was. Unpublishing is never a publication."""
    if not page.live:
        return False
    if page._state.adding or page.pk is None:
        return True
    fields = None if update_fields is None else set(update_fields)
    if fields is not None and not fields & {"live", *CITING_FIELDS}:
        return False  # metadata only: the stored content stays as it is
    stored = type(page).objects.filter(pk=page.pk).first()
    if stored is None:
        return True
    if fields is not None:
        if "live" in fields and not stored.live:
            return True
        return bool(fields & CITING_FIELDS) and _citations(page) != _citations(stored)
    return (
        not stored.live
        or stored.live_revision_id != page.live_revision_id
        or stored.last_published_at != page.last_published_at
        or _citations(page) != _citations(stored)
    )


def proposal_refuse_scheduled(page: ProposalPage, revision: Any, problems: list[str]) -> None:
    """Scheduled publishing of a revision that may not be published: the schedule is cancelled (so it is not
    retried every minute) and the refusal is written to the page's history, where editors see it."""
    from wagtail.log_actions import log

    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])
    log(
        instance=page,
        action="proposals.publish_refused",
        data={"problems": problems},
        revision=revision,
        content_changed=False,
    )
    logger.warning("scheduled publishing of proposal %s refused: %s", page.pk, " ".join(problems))
