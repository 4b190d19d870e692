"""What happens when things go wrong around a document: races, crashes, lost files, an unreachable queue."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from legislation import services
from legislation.models import Law, SourceDocument
from tests.conftest import REPO, database_url

pytestmark = pytest.mark.django_db

TOY = "edge_cases/pdf/pypdf__toy.pdf"


def test_same_bytes_stored_by_someone_else_meanwhile_returns_theirs_and_leaves_no_file(corpus: Path) -> None:
    law = services.law_create(title_en="Race")
    data = (corpus / TOY).read_bytes()
    with services.upload_staged(io.BytesIO(data), "mine.pdf") as staged:
        # Another upload of the same bytes lands between our check and our insert.
        theirs = services.document_upload(law=law, stream=io.BytesIO(data), name="theirs.pdf", enqueue=False)
        ours = services.document_store(law=law, staged=staged, enqueue=False)
    assert ours.created is False and ours.document.pk == theirs.document.pk
    stored = list(Path(theirs.document.file.storage.location).rglob("*.pdf"))
    assert [p.name for p in stored] == [Path(theirs.document.file.name).name]


def test_uploading_a_file_whose_stored_copy_was_lost_puts_it_back(corpus: Path, django_capture_on_commit_callbacks):
    law = services.law_create(title_en="Lost")
    first = services.document_upload_path(law=law, path=corpus / TOY, enqueue=False).document
    first.file.storage.delete(first.file.name)
    with django_capture_on_commit_callbacks() as callbacks:
        again = services.document_upload_path(law=law, path=corpus / TOY)
    assert again.created is False and again.document.pk == first.pk
    first.refresh_from_db()
    assert first.file.storage.exists(first.file.name)
    assert first.state == "queued" and len(callbacks) == 1
    services.document_process(first.pk)
    first.refresh_from_db()
    assert first.state == "done"


def test_deleting_a_law_removes_its_stored_files(corpus: Path, django_capture_on_commit_callbacks) -> None:
    law = services.law_create(title_en="Gone")
    document = services.document_upload_path(law=law, path=corpus / TOY, enqueue=False).document
    storage, name = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        law.delete()
    assert not storage.exists(name)


def _age(document: SourceDocument, state: str, seconds: int) -> None:
    SourceDocument.objects.filter(pk=document.pk).update(
        state=state, updated_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_resume_requeues_only_documents_silent_mid_processing(corpus: Path, django_capture_on_commit_callbacks):
    law = services.law_create(title_en="Stale")
    names = ["pypdf__toy.pdf", "pypdf__crazyones.pdf", "pypdf__bytes.pdf", "pypdf__missing_info.pdf"]
    docs = [services.document_upload_path(law=law, path=corpus / "edge_cases/pdf" / n, enqueue=False).document
            for n in names]  # fmt: skip
    _age(docs[0], "extracting", 600)  # abandoned by a crashed worker
    _age(docs[1], "extracting", 5)  # being worked on right now
    _age(docs[2], "queued", 600)  # waiting in the broker's queue: must not be sent twice
    _age(docs[3], "done", 600)
    with django_capture_on_commit_callbacks() as callbacks:
        resumed = services.documents_resume_stale(older_than=timedelta(seconds=60))
    assert resumed == [docs[0].pk] and len(callbacks) == 1
    assert [SourceDocument.objects.get(pk=d.pk).state for d in docs] == ["queued", "extracting", "queued", "done"]
    # A second worker starting at the same moment finds nothing left to claim.
    assert services.documents_resume_stale(older_than=timedelta(seconds=60)) == []


def test_a_file_cut_off_too_many_times_is_failed_not_retried_forever(corpus: Path, settings) -> None:
    settings.QANUN_MAX_ATTEMPTS = 3
    law = services.law_create(title_en="Crashes")
    document = services.document_upload_path(law=law, path=corpus / TOY, enqueue=False).document
    SourceDocument.objects.filter(pk=document.pk).update(attempts=3, state="queued")
    services.document_process(document.pk)
    document.refresh_from_db()
    assert document.state == "failed" and "cut off 3 times" in document.error
    # A person looks at it and asks again: the count starts over and it is processed.
    services.document_reprocess(document)
    services.document_process(document.pk)
    document.refresh_from_db()
    assert document.state == "done" and document.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_upload_while_the_task_queue_is_down_says_so_on_the_document(corpus: Path) -> None:
    """The broker refuses connections (nothing listens on the port): the row is kept, and marked clearly."""
    env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": "redis://127.0.0.1:9/0"}
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(corpus / TOY), "--json", "--timeout", "20"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    document = SourceDocument.objects.get()
    assert document.state == "failed"
    assert "task queue could not be reached" in document.error
    assert Law.objects.count() == 1
