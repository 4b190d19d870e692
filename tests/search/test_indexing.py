"""The index follows the database: every change queues its keys with it, a worker writes them, an engine that is
down loses nothing, and the rebuild command replaces the index."""

from __future__ import annotations

import io
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection

from legislation import services
from legislation.models import Law, Provision
from reviews.annotations import annotation_review, annotation_set_public, annotation_submit
from search import indexing, outbox
from search.engine import index_lag, search
from search.models import IndexEntry, PendingUpdate
from search.tasks import search_index_pending_task
from tests.conftest import wait_for
from tests.search.conftest import DECREE_CYBER, DECREE_NEWS, annotate, approve, make_people

ENTRY = "qanun_search_indexentry"


@pytest.fixture
def eager(settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.ELASTICSEARCH_URL = ""


def decree(text: str = DECREE_CYBER, *, published: bool = True, number: str = "20") -> Law:
    law = services.law_create(
        title_ar="مرسوم تشريعي", kind="legislative-decree", number=number, year=2022, published=published
    )
    result = services.document_upload(law=law, stream=io.BytesIO(text.encode()), name="decree.txt", enqueue=False)
    services.document_process(result.document.pk)
    return law


def indexed_keys(law: Law) -> set[str]:
    return set(IndexEntry.objects.filter(law_id=law.pk).values_list("key", flat=True))


def current_keys(law: Law) -> set[str]:
    articles = Provision.objects.filter(law=law, kind__in=("article", "preamble", "final"))
    return {f"law:{law.pk}"} | {f"provision:{pk}" for pk in articles.values_list("pk", flat=True)}


@pytest.mark.django_db
def test_a_published_law_is_searchable_once_the_worker_ran(eager, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        law = decree()
    assert indexed_keys(law) == current_keys(law)
    assert search('"نفسية الأمة"').total == 1
    assert index_lag() == 0


@pytest.mark.django_db
def test_publishing_and_unpublishing_a_law_shows_and_hides_it(eager, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        law = decree(published=False)
    assert search('"نفسية الأمة"').total == 0
    assert search('"نفسية الأمة"', staff=True).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        law.published = True
        law.save()
    assert search('"نفسية الأمة"').total == 1
    with django_capture_on_commit_callbacks(execute=True):
        law.published = False
        law.save()
    assert search('"نفسية الأمة"').total == 0


@pytest.mark.django_db
def test_deleting_a_law_removes_it_and_its_articles(eager, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        law = decree()
    assert indexed_keys(law)
    with django_capture_on_commit_callbacks(execute=True):
        Law.objects.get(pk=law.pk).delete()
    assert indexed_keys(law) == set()
    assert search('"نفسية الأمة"', staff=True).total == 0


@pytest.mark.django_db
def test_reprocessing_replaces_the_articles_in_the_index(eager, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        law = decree()
    before = indexed_keys(law)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_process(law.documents.get().pk)
    after = indexed_keys(law)
    assert after == current_keys(law)
    assert before - after, "the old articles' entries are gone"
    assert search('"نفسية الأمة"', staff=True).total == 1


@pytest.mark.django_db
def test_many_changes_in_one_transaction_tell_the_worker_once(eager, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        decree()
        decree(DECREE_NEWS, number="10")
    notify = [callback for callback in callbacks if callback is outbox._notify_worker]
    assert len(notify) == 1
    assert PendingUpdate.objects.count() > 5


@pytest.mark.django_db
def test_the_task_is_idempotent(eager, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        law = decree()
    search_index_pending_task.apply()
    first = sorted(IndexEntry.objects.filter(law_id=law.pk).values_list("key", "terms"))
    outbox.enqueue(current_keys(law))
    search_index_pending_task.apply()
    search_index_pending_task.apply()
    assert sorted(IndexEntry.objects.filter(law_id=law.pk).values_list("key", "terms")) == first
    assert index_lag() == 0


@contextmanager
def index_table_missing():
    """The database engine's own table gone (a real fault: every write to the index fails)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {ENTRY} RENAME TO {ENTRY}_away")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {ENTRY}_away RENAME TO {ENTRY}")


@pytest.mark.django_db
def test_an_engine_that_is_down_loses_no_update(eager, django_capture_on_commit_callbacks) -> None:
    PendingUpdate.objects.all().delete()  # whatever earlier tests left queued is not this test's
    with index_table_missing():
        with django_capture_on_commit_callbacks(execute=True):
            law = decree()  # the change itself is saved
        assert Law.objects.filter(pk=law.pk).exists()
        assert index_lag() == len(current_keys(law))
        assert set(PendingUpdate.objects.values_list("attempts", flat=True)) == {1}  # the worker tried
        with pytest.raises(indexing.EngineUnavailable):
            indexing.process_pending()
        assert set(PendingUpdate.objects.values_list("attempts", flat=True)) == {2}
        assert PendingUpdate.objects.exclude(last_error="").count() == index_lag()
    done = indexing.process_pending()
    assert done.written == len(current_keys(law))
    assert index_lag() == 0
    assert search('"نفسية الأمة"').total == 1


@pytest.mark.django_db
def test_a_key_queued_again_while_processing_is_kept(eager) -> None:
    law = decree()
    PendingUpdate.objects.all().delete()
    outbox.enqueue([f"law:{law.pk}"])
    row = PendingUpdate.objects.get()
    PendingUpdate.objects.filter(pk=row.pk).update(queued_at=row.queued_at.replace(year=2000))
    # the worker read it at the old time; a change re-queues it meanwhile
    outbox.enqueue([f"law:{law.pk}"])
    stale = PendingUpdate.objects.filter(pk=row.pk, queued_at__year=2000)
    assert not stale.exists()
    assert index_lag() == 1


@pytest.mark.django_db
def test_an_approved_annotation_reaches_staff_search_with_its_standard(
    eager,
    django_capture_on_commit_callbacks,
    django_user_model,
) -> None:
    people = make_people(django_user_model)
    with django_capture_on_commit_callbacks(execute=True):
        law = decree()
        article = Provision.objects.filter(law=law, kind="article").order_by("order").first()
        annotation = annotate(article, people["researcher"], words="أخبار كاذبة", code="CAT-16", commentary="نص")
    staff = search("standard:CAT-16", staff=True)
    assert {hit.key for hit in staff.hits} == {f"annotation:{annotation.pk}", f"provision:{article.pk}"}
    assert search("standard:CAT-16").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        approve(annotation, people, public=False)
    assert IndexEntry.objects.get(key=f"annotation:{annotation.pk}").review_status == "approved"
    assert search("standard:CAT-16").total == 0  # approved, not public


@pytest.mark.django_db
def test_an_annotation_made_public_is_found_by_the_public(
    eager,
    django_capture_on_commit_callbacks,
    django_user_model,
) -> None:
    people = make_people(django_user_model)
    with django_capture_on_commit_callbacks(execute=True):
        law = decree()
        article = Provision.objects.filter(law=law, kind="article").order_by("order").first()
        annotation = annotate(article, people["researcher"], words="أخبار كاذبة", code="CAT-16", commentary="نص")
        approve(annotation, people, public=False)
    with django_capture_on_commit_callbacks(execute=True):  # later, a reviewer's own request
        annotation_set_public(annotation, user=people["reviewer"], public=True)
    assert search("standard:CAT-16").total == 2


@pytest.mark.django_db
def test_rebuild_command_replaces_the_index_and_status_reports_it(eager, capsys) -> None:
    law = decree()
    IndexEntry.objects.all().delete()
    call_command("search_index", "--rebuild", "--no-progress")
    assert indexed_keys(law) == current_keys(law)
    PendingUpdate.objects.all().delete()
    call_command("search_index", "--status")
    out = capsys.readouterr().out
    assert "Engine: database" in out
    assert f"provision {len(current_keys(law)) - 1}" in out
    assert "Pending updates: 0" in out
    outbox.enqueue([f"law:{law.pk}"])
    call_command("search_index", "--pending")
    assert index_lag() == 0


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_indexes_an_annotation_a_reviewer_approved(celery_worker, django_user_model) -> None:
    people = make_people(django_user_model)
    law = decree()
    article = Provision.objects.filter(law=law, kind="article").order_by("order").first()
    annotation = annotate(article, people["researcher"], words="أخبار كاذبة", code="CAT-16", commentary="نص")
    annotation_submit(annotation, user=people["researcher"])
    annotation_review(annotation, user=people["reviewer"], approve=True)
    key = f"annotation:{annotation.pk}"
    wait_for(lambda: IndexEntry.objects.filter(key=key, review_status="approved").exists(), timeout=60)
    wait_for(lambda: index_lag() == 0, timeout=60)
    found = search("standard:CAT-16", staff=True)
    assert {hit.key for hit in found.hits} == {key, f"provision:{article.pk}"}
    assert search('"نفسية الأمة"').total == 1  # the law itself, published, for everyone


@pytest.mark.django_db
def test_what_is_taken_back_is_hidden_at_once_not_when_the_worker_gets_to_it(
    eager,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        law = decree()
    article = IndexEntry.objects.filter(law_id=law.pk, kind="provision").values_list("key", flat=True).first()
    assert search('"نفسية الأمة"').total == 1
    assert search("توهن").total >= 1 and search("توهن").facets["kind"]

    with django_capture_on_commit_callbacks(execute=False):  # the worker is busy elsewhere: nothing indexed yet
        law.published = False
        law.save()
    assert IndexEntry.objects.get(key=f"law:{law.pk}").public  # the index itself still says public...
    assert search('"نفسية الأمة"').total == 0  # ...but the public no longer finds it, nor counts it
    assert search("توهن").facets["kind"] == []
    assert search('"نفسية الأمة"', staff=True).total == 1  # staff still do
    from search.engine import similar

    assert similar(article) == []

    indexing.process_pending()
    assert search('"نفسية الأمة"').total == 0
    assert search('"نفسية الأمة"', staff=True).total == 1
