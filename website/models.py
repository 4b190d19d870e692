"""The public site's Wagtail pages: the home page, one per language (English at /, Arabic at /ar/), linked as
translations of each other."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

__all__ = ["HomePage"]


class HomePage(Page):
    """The site's root page: what Qanun is, a search box, what the library holds, the latest proposals."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    template = "website/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from website import selectors

        context = super().get_context(request, *args, **kwargs)
        language = self.locale.language_code
        context.update(
            counts=selectors.library_counts(),
            latest_proposals=selectors.latest_proposals(language),
            latest_laws=selectors.latest_laws(),
            search_url=selectors.search_url(),
            meta_description=self.search_description or selectors.plain_intro(self.intro),
        )
        return context
