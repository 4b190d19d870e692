"""Documents go through a real Celery worker process on the configured broker (embedded SQLite or Redis)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from legislation import services
from legislation.models import Law, SourceDocument
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _state(document: SourceDocument) -> str:
    document.refresh_from_db()
    return document.state if document.state not in SourceDocument.IN_PROGRESS else ""


def test_worker_processes_an_uploaded_law_to_done(celery_worker, corpus: Path) -> None:
    law = services.law_create(title_ar="دستور الجمهورية العربية السورية", kind=Law.Kind.CONSTITUTION, year=2012)
    result = services.document_upload_path(law=law, path=corpus / "laws/syria/pdf/sy_constitution_2012.pdf")

    assert wait_for(lambda: _state(result.document), timeout=120) == "done"
    document = result.document
    assert document.page_count == 28
    assert document.progress == 100
    assert document.provisions.filter(kind="article").count() >= 150
    assert "الجمهورية العربية السورية" in document.text


def test_worker_survives_a_broken_file_and_goes_on(celery_worker, corpus: Path) -> None:
    law = services.law_create(title_en="Broken and good")
    broken = services.document_upload_path(law=law, path=corpus / "edge_cases/pdf/pypdf__encrypted-file.pdf")
    good = services.document_upload_path(law=law, path=corpus / "edge_cases/pdf/pypdf__crazyones.pdf")

    assert wait_for(lambda: _state(broken.document), timeout=120) == "failed"
    assert "password" in broken.document.error
    assert wait_for(lambda: _state(good.document), timeout=120) == "done"
    assert celery_worker.alive()


def test_document_cut_off_by_a_killed_worker_is_finished_by_the_next_one(celery_worker, corpus: Path) -> None:
    """A worker killed mid-task (OOM, power loss) leaves the document half-done; the next worker to start picks
    it up, and the result is whole, with nothing stored twice."""
    celery_worker.stop()
    celery_worker.start(QANUN_STALE_AFTER_SECONDS="2")
    law = services.law_create(title_ar="القانون المدني", kind=Law.Kind.LEGISLATIVE_DECREE, number="84", year=1949)
    result = services.document_upload_path(law=law, path=corpus / "laws/syria/pdf/sy_civil_code_84_1949.pdf")
    document = result.document

    def extracting() -> bool:
        document.refresh_from_db()
        return document.state == "extracting" and document.progress > 5

    wait_for(extracting, timeout=120, interval=0.05)
    celery_worker.kill()
    document.refresh_from_db()
    assert document.state == "extracting" and document.progress < 100
    assert not document.pages.exists()  # nothing half-written: pages are stored only when all are read

    time.sleep(3)  # longer than QANUN_STALE_AFTER_SECONDS: the document is now known to be abandoned
    celery_worker.start(QANUN_STALE_AFTER_SECONDS="2")
    assert wait_for(lambda: _state(document), timeout=180) == "done"
    assert document.pages.count() == document.page_count == 150
    assert document.attempts >= 2
    eids = list(document.provisions.values_list("eid", flat=True))
    assert len(eids) == len(set(eids)) > 0


def test_a_file_over_the_time_limit_is_stopped_with_a_clear_error_and_the_worker_goes_on(
    celery_worker, corpus: Path
) -> None:
    celery_worker.stop()
    celery_worker.start(CELERY_TASK_SOFT_TIME_LIMIT="1", CELERY_TASK_TIME_LIMIT="60")
    law = services.law_create(title_ar="القانون المدني")
    slow = services.document_upload_path(law=law, path=corpus / "laws/syria/pdf/sy_civil_code_84_1949.pdf")
    quick = services.document_upload_path(law=law, path=corpus / "edge_cases/pdf/pypdf__toy.pdf")

    assert wait_for(lambda: _state(slow.document), timeout=120) == "failed"
    assert "longer than the time limit" in slow.document.error
    assert not slow.document.pages.exists()
    assert wait_for(lambda: _state(quick.document), timeout=120) == "done"
    assert celery_worker.alive()
