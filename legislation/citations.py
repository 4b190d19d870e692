"""Citable public addresses of laws and their articles: ``/laws/<kind>/<year>/<number>/#art_12``.

The path is language-neutral (the default language carries no prefix); the Arabic interface serves the same
law under ``/ar/laws/...``. A law without a number or a year is cited by its id: ``/laws/id/<pk>/``.
These addresses are public only when the law is published; the public library answers 404 otherwise.
"""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from legislation.models import Law

__all__ = ["law_path", "number_slug", "provision_url"]

_UNSAFE = re.compile(r"[\s/\\?#%]+")


def number_slug(number: str) -> str:
    """A law number as it stands in a URL: «49/م» → «49-م» (slashes and spaces become hyphens)."""
    return _UNSAFE.sub("-", number.strip()).strip("-")


def law_path(law: Law, *, language: str | None = None) -> str:
    """The law's public page; without ``language``, the language-neutral (default-language) path."""
    with translation.override(language or "en"):
        if law.number and law.year and number_slug(law.number):
            return reverse(
                "library:law", kwargs={"kind": law.kind, "year": law.year, "number": number_slug(law.number)}
            )
        return reverse("library:law-by-id", kwargs={"pk": law.pk})


def provision_url(law: Law, eid: str, *, language: str | None = None) -> str:
    """An article's citable address: the law's page with the article's eid as fragment."""
    path = law_path(law, language=language)
    return f"{path}#{eid}" if eid else path
