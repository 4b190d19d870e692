"""The blocks of a proposal's body: rationale, a cited article (its current text, live from the law), evidence
(an approved, public annotation), a redline (current | proposed, word by word), recommendations and sources.

Blocks that name an article keep its eid (the law is the page's): the text is read from the database when the
page is rendered, so a proposal always shows the article as it stands now."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from legislation.citations import provision_url
from proposals import redline
from proposals.articles import cited_article
from text.normalise import is_arabic

__all__ = [
    "CitedArticleBlock",
    "EvidenceBlock",
    "ProposalBodyBlock",
    "RecommendationsBlock",
    "RedlineBlock",
    "SourceBlock",
    "SourcesBlock",
]


def _page(context: dict[str, Any] | None) -> Any:
    return (context or {}).get("page")


def _page_article(context: dict[str, Any] | None, eid: str) -> tuple[Any, Any]:
    """The page's law and the article ``eid`` of it as cited (None, None when the page has no law yet)."""
    page = _page(context)
    if page is None or not page.law_id:
        return None, None
    return page.law, cited_article(page.law, eid)


def _is_preview(context: dict[str, Any] | None) -> bool:
    request = (context or {}).get("request")
    return bool(getattr(request, "is_preview", False))


class TextBlock(blocks.TextBlock):
    """A text area whose direction follows what is typed (Arabic right to left, English left to right)."""

    @cached_property
    def field(self) -> forms.CharField:
        from wagtail.admin.widgets import AdminAutoHeightTextInput

        widget = AdminAutoHeightTextInput(attrs={"rows": self.rows, "dir": "auto"})
        return forms.CharField(widget=widget, **self.field_options)


class ArticleEidBlock(blocks.CharBlock):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Article"))
        kwargs.setdefault(
            "help_text",
            _("The article's identifier in the proposal's law, as in its citable link (e.g. chp_1__art_1)."),
        )
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)


class CitedArticleBlock(blocks.StructBlock):
    eid = ArticleEidBlock()
    comment = TextBlock(label=_("Comment"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Cited article")
        template = "proposals/blocks/cited_article.html"

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context)
        context["law"], context["article"] = _page_article(parent_context, value["eid"])
        return context


class EvidenceBlock(blocks.StructBlock):
    annotation = SnippetChooserBlock("reviews.Annotation", label=_("Annotation"))
    comment = TextBlock(label=_("Why it matters"), required=False)

    class Meta:
        icon = "clipboard-list"
        label = _("Evidence")
        template = "proposals/blocks/evidence.html"
        help_text = _("Only approved annotations made public can be cited: publishing is refused otherwise.")

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:

        context = super().get_context(value, parent_context)
        annotation = value.get("annotation")
        public = bool(annotation and annotation.live and annotation.public and annotation.law.published)
        target = getattr(annotation, "target", None) if annotation else None
        context.update(
            annotation=annotation if public else None,
            # A preview shows the editor why the evidence will not be published; the public never sees it.
            refused=annotation if not public and _is_preview(parent_context) else None,
            standards=list(annotation.standards.select_related("instrument")) if public else [],
            tags=list(annotation.tags.all()) if public else [],
            quote=target.exact if public and target else "",
            cite_url=provision_url(annotation.law, target.eid) if public and target and target.eid else "",
        )
        return context


class RedlineBlock(blocks.StructBlock):
    eid = ArticleEidBlock()
    proposed = TextBlock(label=_("Proposed text"), help_text=_("The article as the proposal would word it."))
    explanation = TextBlock(label=_("Explanation"), required=False)

    class Meta:
        icon = "edit"
        label = _("Redline: proposed wording")
        template = "proposals/blocks/redline.html"

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context)
        _law, article = _page_article(parent_context, value["eid"])
        current = article.text if article else ""
        segments = redline.diff(current, value["proposed"] or "")
        context.update(
            article=article,
            current_html=redline.render_side(segments, "current"),
            proposed_html=redline.render_side(segments, "proposed"),
            inline_html=redline.render_inline(segments),
            changed=any(s.op != "equal" for s in segments),
            text_dir="rtl" if is_arabic(current + value["proposed"]) else "ltr",
        )
        return context


class RecommendationsBlock(blocks.ListBlock):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(TextBlock(label=_("Recommendation")), **kwargs)

    class Meta:
        icon = "list-ol"
        label = _("Recommendations")
        template = "proposals/blocks/recommendations.html"


class SourceBlock(blocks.StructBlock):
    citation = blocks.CharBlock(label=_("Citation"), max_length=500)
    url = blocks.URLBlock(label=_("Address (URL)"), required=False)


class SourcesBlock(blocks.ListBlock):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(SourceBlock(), **kwargs)

    class Meta:
        icon = "link"
        label = _("Sources")
        template = "proposals/blocks/sources.html"


class ProposalBodyBlock(blocks.StreamBlock):
    rationale = blocks.RichTextBlock(
        label=_("Rationale"),
        features=["h3", "h4", "bold", "italic", "ol", "ul", "link", "blockquote"],
        icon="pilcrow",
    )
    cited_article = CitedArticleBlock()
    evidence = EvidenceBlock()
    redline = RedlineBlock()
    recommendations = RecommendationsBlock()
    sources = SourcesBlock()
