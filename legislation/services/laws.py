"""Writes on laws themselves: a law made from its fields, or from nothing but a title (a file name, a command-line
option), and its language taken from its text once that is read."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from legislation.models import Law, SourceDocument
from text.normalise import text_language

__all__ = ["law_create", "law_fields_for_title", "law_language_from_text"]


def law_create(**fields: Any) -> Law:
    law = Law(**fields)
    law.full_clean()
    law.save()
    return law


def law_fields_for_title(title: str, language: str | None = None) -> dict[str, str]:
    """Title and language fields for a law known only by a title (a file name, a command-line option)."""
    language = language or text_language(title)
    key = "title_ar" if text_language(title) == "ar" else "title_en"
    return {key: title[:500], "language": language}


def law_language_from_text(document: SourceDocument) -> None:
    """Set the law's language to that of the document's text (for laws made from a file name alone)."""
    language = text_language(document.text[:20000])
    Law.objects.filter(pk=document.law_id).update(language=language, updated_at=timezone.now())
