"""Reform proposals as Wagtail pages: an index per language (a child of that language's home page) and the
proposals under it, each about one law, in Arabic and English as translations of each other.

Editors draft, submit and publish through Wagtail's moderation workflow (revisions, preview, scheduled
publishing). ``ProposalPage.save`` refuses to make public a version that cites anything the public may not see
(``proposals.services.proposal_publish_problems``), whichever route publishes it: every one ends in that save."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from proposals.blocks import ProposalBodyBlock
from proposals.forms import ProposalPageForm
from proposals.services import (
    ProposalNotPublishable,
    proposal_publish_problems,
    proposal_refuse_scheduled,
    proposal_save_publishes,
)

__all__ = ["ProposalArticle", "ProposalIndexPage", "ProposalPage", "ProposalStatus", "ProposalStatusChange"]


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    UNDER_DISCUSSION = "under_discussion", _("Under discussion")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class ProposalIndexPage(Page):
    """The proposals of one language, with filters (law, right, standard, status, year)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["proposals.ProposalPage"]
    template = "proposals/proposal_index_page.html"

    class Meta:
        verbose_name = _("proposal index")
        verbose_name_plural = _("proposal indexes")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from proposals.selectors import IndexFilters, proposal_listing

        context = super().get_context(request, *args, **kwargs)
        filters = IndexFilters.from_query(request.GET)
        context["listing"] = proposal_listing(self, filters, page_number=request.GET.get("page"))
        context["filters"] = filters
        context["meta_description"] = self.search_description or self.intro
        return context


class ProposalPage(RoutablePageMixin, Page):
    summary = models.TextField(_("summary"), blank=True, help_text=_("Two or three sentences: what should change."))
    law = models.ForeignKey(
        "legislation.Law", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("law")
    )
    proposal_status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
        editable=False,
        help_text=_("The latest entry of the status history."),
    )
    body = StreamField(ProposalBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("law"),
        InlinePanel("articles", label=_("Articles the proposal is about"), heading=_("Articles")),
        FieldPanel("body"),
        MultiFieldPanel(
            [InlinePanel("status_history", label=_("Status change"))],
            heading=_("Status over time"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("law_id")]
    parent_page_types = ["proposals.ProposalIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ProposalPageForm
    template = "proposals/proposal_page.html"

    class Meta:
        verbose_name = _("reform proposal")
        verbose_name_plural = _("reform proposals")

    def save(self, *args: Any, **kwargs: Any) -> Any:
        """Refused when it would make public a version with problems: a page created live, going live, given
        another live revision or publication, or citing something else while live (``proposal_save_publishes``).
        Every route that publishes ends here (Wagtail's publish action, which the admin API calls without
        ``publish``, copies kept live, aliases, a new page the create view inserts live before publishing it, bulk
        publishing, the workflow, ``publish_scheduled``, a revert published). A draft of a live page, a move or an
        unpublication is not refused."""
        latest = self.latest_status_change()
        self.proposal_status = latest.status if latest is not None else ProposalStatus.PROPOSED
        if proposal_save_publishes(self, kwargs.get("update_fields")):
            problems = proposal_publish_problems(self)
            if problems:
                raise ProposalNotPublishable(problems)
        return super().save(*args, **kwargs)

    def latest_status_change(self) -> ProposalStatusChange | None:
        changes = sorted(self.status_history.all(), key=lambda change: (change.date, change.sort_order or 0))
        return changes[-1] if changes else None

    def publish(self, revision: Any, user: Any = None, **kwargs: Any) -> Any:
        """Checked before Wagtail writes anything (it clears other revisions' schedules before it saves the page),
        and refused at once when scheduling for later too. A scheduled version so refused has its schedule
        cancelled and the refusal logged in the page's history instead of stopping the other pages. The save's
        own check (``save``) holds for the routes that do not come through here."""
        problems = proposal_publish_problems(revision.as_object())
        if problems:
            if kwargs.get("log_action") == "wagtail.publish.scheduled":
                proposal_refuse_scheduled(self, revision, problems)
                return None
            raise ProposalNotPublishable(problems)
        with transaction.atomic():
            return super().publish(revision, user=user, **kwargs)

    # --- the public page -----------------------------------------------------------------------------------

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        if not self.law.published:  # a proposal is public only with its law
            raise Http404
        return super().route(request, path_components)

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        return super().get_sitemap_urls(request) if self.law.published else []

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from proposals.selectors import proposal_details

        context = super().get_context(request, *args, **kwargs)
        context["details"] = proposal_details(self, request)
        context["meta_description"] = self.search_description or self.summary
        return context

    @path("pdf/", name="pdf")
    def pdf(self, request: HttpRequest) -> HttpResponse:
        """The proposal as a PDF download (live pages only: Wagtail routes only live pages here)."""
        from proposals.pdf import proposal_pdf_response

        return proposal_pdf_response(self, request)

    def get_admin_display_title(self) -> str:
        return self.draft_title or self.title


class ProposalArticle(Orderable):
    """An article the proposal is about, by eid (provisions are re-created when a law is processed again)."""

    page = ParentalKey(ProposalPage, on_delete=models.CASCADE, related_name="articles")
    eid = models.CharField(
        _("article"),
        max_length=200,
        help_text=_("The article's identifier in the law, as in its citable link (e.g. chp_1__art_1)."),
    )

    panels = [FieldPanel("eid")]

    class Meta(Orderable.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.eid


class ProposalStatusChange(Orderable):
    """The proposal's status from a date on; the latest is its current status."""

    page = ParentalKey(ProposalPage, on_delete=models.CASCADE, related_name="status_history")
    date = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("status")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"
