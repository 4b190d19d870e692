"""Annotations: a researcher's assessment of a law's provision (or a passage of it) against standards.

An annotation is a Wagtail snippet with draft state, revisions, locking and a review workflow: a researcher
drafts and submits it, a reviewer other than its author approves it (which publishes it) or requests changes.
Only a published (approved) annotation can be made public, by a separate, explicit choice.

Where it points is kept apart, in ``AnnotationTarget``: the passage the W3C Web Annotation way (quote, prefix,
suffix, offsets) and the provision it was last placed in. That is not part of the revisions, because the worker
moves it when a law's text is processed again (``reviews.placement``), whatever draft is being edited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.search import index

__all__ = ["Annotation", "AnnotationTarget", "Evidence"]


class Annotation(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    class Assessment(models.TextChoices):
        COMPATIBLE = "compatible", _("Compatible")
        PARTIAL = "partially_compatible", _("Partially compatible")
        INCOMPATIBLE = "incompatible", _("Incompatible")
        UNCLEAR = "unclear", _("Unclear")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Status(models.TextChoices):
        """Where an annotation is in its review, as people say it (derived from Wagtail's states)."""

        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")

    law = models.ForeignKey(
        "legislation.Law", on_delete=models.PROTECT, related_name="annotations", verbose_name=_("law")
    )
    standards = ParentalManyToManyField(
        "reviews.StandardProvision", related_name="annotations", verbose_name=_("standards"), blank=True
    )
    assessment = models.CharField(_("assessment"), max_length=32, choices=Assessment.choices)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, blank=True)
    tags = ParentalManyToManyField(
        "reviews.RightsTag", related_name="annotations", verbose_name=_("rights tags"), blank=True
    )
    commentary = models.TextField(_("commentary"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    public = models.BooleanField(
        _("public"),
        default=False,
        editable=False,
        help_text=_("Shown to the public. Only an approved annotation can be public, by a reviewer's choice."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="annotations",
        verbose_name=_("author"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("assessment"),
        FieldPanel("severity"),
        FieldPanel("standards"),
        FieldPanel("tags"),
        FieldPanel("commentary"),
        FieldPanel("recommendation"),
        MultiFieldPanel([InlinePanel("evidence", label=_("Evidence"))], heading=_("Evidence")),
    ]
    search_fields = [
        index.SearchField("commentary"),
        index.SearchField("recommendation"),
        index.FilterField("assessment"),
        index.FilterField("law_id"),
    ]

    class Meta:
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        ordering = ["-updated_at"]
        permissions = [("make_public_annotation", "Can make approved annotations public")]
        constraints = [
            models.CheckConstraint(condition=models.Q(public=False) | models.Q(live=True), name="public_is_live"),
        ]

    def __str__(self) -> str:
        target = getattr(self, "target", None)
        where = target.provision_label if target else str(self.law_id)
        return f"{self.get_assessment_display()}: {where}"

    def clean(self) -> None:
        super().clean()
        if self.public and not self.live:
            raise ValidationError(_("Only an approved annotation can be public."))

    def publish(self, revision: Any, user: Any = None, **kwargs: Any) -> Any:
        """Publishing is approving: refused to the annotation's author and to whoever wrote the revision, whether
        through the workflow or the editor's Publish button, so no one approves their own work."""
        if user is not None and (user.pk == self.author_id or user.pk == getattr(revision, "user_id", None)):
            raise PermissionDenied(_("You cannot approve your own annotation: another reviewer must."))
        return super().publish(revision, user=user, **kwargs)

    @property
    def status(self) -> str:
        """Draft, submitted, changes requested or approved (an approved one being revised is its draft again)."""
        state = self.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            return self.Status.SUBMITTED
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return self.Status.CHANGES_REQUESTED
        if self.live and not self.has_unpublished_changes:
            return self.Status.APPROVED
        return self.Status.DRAFT


class AnnotationTarget(models.Model):
    """Where an annotation points: a provision of its law and, optionally, a passage inside it.

    ``exact``/``prefix``/``suffix`` are the W3C TextQuoteSelector, ``start``/``end`` the TextPositionSelector
    over the provision's full text. The quote is the truth, the offsets a hint. An empty quote targets the whole
    provision."""

    class Placement(models.TextChoices):
        PLACED = "placed", _("Placed")
        MOVED = "moved", _("Placed approximately: check it")
        ORPHAN = "orphan", _("Orphan: its passage was not found")

    annotation = models.OneToOneField(Annotation, on_delete=models.CASCADE, related_name="target")
    provision = models.ForeignKey(
        "legislation.Provision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annotation_targets",
        verbose_name=_("provision"),
    )
    eid = models.CharField(_("provision identifier"), max_length=200)
    exact = models.TextField(_("quote"), blank=True)
    prefix = models.CharField(_("text before"), max_length=200, blank=True)
    suffix = models.CharField(_("text after"), max_length=200, blank=True)
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    placement = models.CharField(_("placement"), max_length=16, choices=Placement.choices, default=Placement.PLACED)
    placed_at = models.DateTimeField(_("placed"), auto_now=True)

    class Meta:
        verbose_name = _("annotation target")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True) | models.Q(end__gte=models.F("start")), name="target_span"
            ),
        ]

    def __str__(self) -> str:
        return self.provision_label

    @property
    def provision_label(self) -> str:
        return self.eid + (f" «{self.exact[:40]}»" if self.exact else "")


class Evidence(Orderable):
    """A source an annotation rests on: jurisprudence, a report, a case, a link, an uploaded file."""

    class Kind(models.TextChoices):
        JURISPRUDENCE = "jurisprudence", _("Treaty-body jurisprudence")
        REPORT = "report", _("Report")
        CASE = "case", _("Case")
        LINK = "link", _("Link")
        FILE = "file", _("File")
        OTHER = "other", _("Other")

    annotation = ParentalKey(Annotation, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REPORT)
    citation = models.CharField(_("citation"), max_length=500)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("file"),
    )
    note = models.TextField(_("note"), blank=True)

    panels = [FieldPanel("kind"), FieldPanel("citation"), FieldPanel("url"), FieldPanel("document"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.citation
