"""The proposal's admin form: the articles it is about are chosen from its law's articles (once the law is set),
and every article eid the page names (articles, cited articles, redlines) must exist in that law."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

__all__ = ["ProposalPageForm"]


class ProposalPageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        law = self.instance.law if self.instance.law_id else None
        articles = self.formsets.get("articles")
        if law is not None and articles is not None:
            from proposals.articles import article_choices

            choices = [("", "---------"), *article_choices(law)]
            field = forms.ChoiceField(
                choices=choices, label=gettext_lazy("article"), help_text=gettext_lazy("An article of the law.")
            )
            articles.form = type("ProposalArticleChoiceForm", (articles.form,), {"eid": field})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        law = cleaned.get("law")
        if law is None:
            return cleaned
        from proposals.articles import existing_eids

        named: list[str] = []
        articles = self.formsets.get("articles")
        for form in articles.forms if articles is not None else []:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("eid") and not data.get("DELETE"):
                named.append(data["eid"].strip())
        body = cleaned.get("body")
        for block in body or []:
            if block.block_type in {"cited_article", "redline"}:
                named.append((block.value.get("eid") or "").strip())
        named = [eid for eid in named if eid]
        missing = sorted(set(named) - existing_eids(law, named))
        if missing:
            self.add_error(
                None,
                _("These articles do not exist in «%(law)s»: %(eids)s. Use the identifiers of its citable links.")
                % {"law": law.title, "eids": ", ".join(missing)},
            )
        return cleaned
