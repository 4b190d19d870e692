"""Upgrading a database whose search index is already built: the migrations that change the index keep what it
holds searchable, with its facets, and keep it in step with later writes."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from legislation.models import Provision
from search.engine import search
from tests.search.conftest import DECREE_NEWS, annotate, approve, make_people
from tests.search.test_indexing import decree

COVERING = "qanun_search_entry_covering"


def _counts(results: object, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[facet]}  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_an_index_built_before_the_covering_index_keeps_its_facets_and_follows_new_laws(
    settings,
    django_user_model,
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.ELASTICSEARCH_URL = ""
    people = make_people(django_user_model)
    law = decree()
    article = Provision.objects.filter(law=law, kind="article").order_by("order").first()
    annotation = annotate(article, people["researcher"], words="أخبار كاذبة", code="CAT-16", commentary="نص")
    approve(annotation, people, public=True)
    before = search("أخبار كاذبة")
    assert _counts(before, "standard") == {"CAT-16": 2, "CAT": 2}  # the article and the finding; code and treaty

    call_command("migrate", "qanun_search", "0002", verbosity=0)  # the index as an older release left it
    call_command("migrate", "qanun_search", verbosity=0)

    after = search("أخبار كاذبة")
    assert after.total == before.total
    assert [hit.key for hit in after.hits] == [hit.key for hit in before.hits]
    assert _counts(after, "standard") == _counts(before, "standard")
    assert search("standard:CAT-16").total == 2
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name = %s", [COVERING])
            assert cursor.fetchone() is not None

    # The full-text index still follows the entry table (SQLite's triggers survived the upgrade).
    other = decree(DECREE_NEWS, number="10")
    found = search("توهن نفسية الأمة")
    assert {hit.law_id for hit in found.hits} == {law.pk, other.pk}
