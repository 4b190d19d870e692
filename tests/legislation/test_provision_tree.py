"""An article's paragraphs and items are its children; its full text gathers them in reading order."""

from __future__ import annotations

import io

import pytest

from legislation import services

pytestmark = pytest.mark.django_db

LAW = """المادة 1
تسري أحكام هذا القانون على:
أ- العاملين في الدولة.
ب- العاملين في القطاع الخاص.
المادة 2
يعمل بهذا القانون من تاريخ نشره.
"""


def test_article_full_text_gathers_its_paragraphs_and_items_and_stops_at_the_next_article() -> None:
    law = services.law_create(title_ar="قانون تجريبي")
    result = services.document_upload(law=law, stream=io.BytesIO(LAW.encode()), name="law.txt", enqueue=False)
    services.document_process(result.document.pk)
    first, second = result.document.provisions.filter(kind="article").order_by("order")
    assert "العاملين في الدولة" in first.full_text and "القطاع الخاص" in first.full_text
    assert "من تاريخ نشره" not in first.full_text
    assert "من تاريخ نشره" in second.full_text
    assert [p.pk for p in first.subtree()][0] == first.pk
    assert all(child.parent_id for child in first.subtree()[1:])
