"""The upload and processing services: a file stored once by its hash, processing that can run again with the
same result, and a failed re-run that keeps what the last good one stored."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from legislation import services
from legislation.models import Law, SourceDocument
from tests.legislation.conftest import Ingest
from tests.legislation.helpers import assert_readable_error, media_files, pages_snapshot, provisions_snapshot

pytestmark = pytest.mark.django_db

CONSTITUTION = "laws/syria/pdf/sy_constitution_2012.pdf"
CONSUMER = "laws/syria/pdf/sy_consumer_protection_8_2021.pdf"
DOCX = "laws/syria/docx/sy_template_criminal_appeal.docx"


def upload(law: Law, data: bytes, name: str, **kwargs: object) -> services.UploadResult:
    return services.document_upload(law=law, stream=io.BytesIO(data), name=name, enqueue=False, **kwargs)


def process(document: SourceDocument) -> SourceDocument:
    services.document_process(document.pk)
    document.refresh_from_db()
    return document


# --- Upload ----------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_upload_path_stores_the_file_with_its_hash_size_and_type(corpus: Path, law: Law) -> None:
    path = corpus / CONSTITUTION

    result = services.document_upload_path(law=law, path=path, enqueue=False)

    document = result.document
    assert result.created
    assert document.law == law
    assert document.original_name == "sy_constitution_2012.pdf"
    assert document.size == path.stat().st_size
    assert len(document.sha256) == 64
    assert document.file_type == "pdf"
    assert document.state == SourceDocument.State.QUEUED
    assert Path(document.file.path).read_bytes() == path.read_bytes()
    assert media_files() == [Path(document.file.path)]


@pytest.mark.corpus
def test_same_bytes_uploaded_twice_are_stored_once(corpus: Path, law: Law) -> None:
    data = (corpus / CONSTITUTION).read_bytes()
    first = upload(law, data, "constitution.pdf")

    second = upload(law, data, "a copy under another name.pdf")

    assert first.created
    assert not second.created
    assert second.document.pk == first.document.pk
    assert second.document.original_name == "constitution.pdf"
    assert SourceDocument.objects.count() == 1
    assert len(media_files()) == 1


@pytest.mark.corpus
def test_pdf_named_docx_is_stored_and_read_as_pdf(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / CONSTITUTION, "constitution.docx")

    assert document.file_type == "pdf"
    assert document.original_name == "constitution.docx"
    assert document.file.name.endswith(".pdf")
    assert document.state == SourceDocument.State.DONE
    assert document.page_count == 28


@pytest.mark.corpus
def test_docx_named_pdf_is_stored_and_read_as_docx(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / DOCX, "appeal.pdf")

    assert document.file_type == "docx"
    assert document.file.name.endswith(".docx")
    assert document.state == SourceDocument.State.DONE
    assert "الاستئناف" in document.text


@pytest.mark.corpus
def test_upload_records_the_signed_in_user_only(corpus: Path, law: Law) -> None:
    user = get_user_model().objects.create_user(username="reviewer", password="not-used-here")

    by_user = upload(law, (corpus / CONSTITUTION).read_bytes(), "a.pdf", user=user).document
    anonymous = upload(law, (corpus / DOCX).read_bytes(), "b.docx", user=None).document

    assert by_user.uploaded_by == user
    assert anonymous.uploaded_by is None


@pytest.mark.corpus
def test_upload_queues_processing_once_after_commit(
    corpus: Path,
    law: Law,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.document_upload_path(law=law, path=corpus / CONSTITUTION)

    assert len(callbacks) == 1


@pytest.mark.corpus
def test_upload_without_enqueue_queues_nothing(
    corpus: Path,
    law: Law,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.document_upload_path(law=law, path=corpus / CONSTITUTION, enqueue=False)

    assert callbacks == []


# --- Processing ------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_processing_twice_gives_identical_pages_and_provisions(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / CONSUMER)
    pages, provisions = pages_snapshot(document), provisions_snapshot(document)
    assert document.state == SourceDocument.State.DONE
    assert len(pages) == 22
    assert sum(1 for p in provisions if p[2] == "article") > 50
    assert any(p[-1] for p in provisions), "the law has chapters: some provisions must have a parent"

    document = process(document)

    assert document.state == SourceDocument.State.DONE
    assert document.attempts == 2
    assert pages_snapshot(document) == pages
    assert provisions_snapshot(document) == provisions


@pytest.mark.corpus
def test_failed_reprocessing_keeps_what_the_last_good_run_stored(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / CONSTITUTION)
    pages, provisions = pages_snapshot(document), provisions_snapshot(document)
    assert document.state == SourceDocument.State.DONE
    Path(document.file.path).write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)  # garbage where the PDF was

    document = process(document)

    assert document.state == SourceDocument.State.FAILED
    assert_readable_error(document.error)
    assert "PDF is damaged" in document.error
    assert document.page_count == 28
    assert pages_snapshot(document) == pages
    assert provisions_snapshot(document) == provisions


@pytest.mark.corpus
def test_successful_reprocessing_clears_the_earlier_error(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / CONSTITUTION)
    path = Path(document.file.path)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    assert process(document).state == SourceDocument.State.FAILED
    path.write_bytes(good)

    document = process(document)

    assert document.state == SourceDocument.State.DONE
    assert document.error == ""
    assert document.pages.count() == 28


@pytest.mark.corpus
def test_reprocess_queues_the_document_and_keeps_its_text_meanwhile(
    corpus: Path,
    ingest: Ingest,
    django_capture_on_commit_callbacks,
) -> None:
    document = ingest(corpus / CONSTITUTION)
    pages, provisions = pages_snapshot(document), provisions_snapshot(document)
    SourceDocument.objects.filter(pk=document.pk).update(state=SourceDocument.State.FAILED, error="earlier")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.document_reprocess(document)

    document.refresh_from_db()
    assert len(callbacks) == 1
    assert document.state == SourceDocument.State.QUEUED
    assert document.progress == 0
    assert document.error == ""
    assert pages_snapshot(document) == pages
    assert provisions_snapshot(document) == provisions


@pytest.mark.corpus
def test_processing_a_document_whose_file_is_gone_fails_saying_so(corpus: Path, law: Law) -> None:
    document = services.document_upload_path(law=law, path=corpus / CONSTITUTION, enqueue=False).document
    Path(document.file.path).unlink()

    document = process(document)

    assert document.state == SourceDocument.State.FAILED
    assert "missing" in document.error
    assert_readable_error(document.error)


def test_processing_a_deleted_document_does_nothing() -> None:
    assert services.document_process(987654) is None


@pytest.mark.corpus
def test_provisions_belong_to_the_law_and_document_in_reading_order(corpus: Path, ingest: Ingest) -> None:
    document = ingest(corpus / CONSUMER)

    provisions = list(document.provisions.order_by("order"))
    assert [p.order for p in provisions] == list(range(len(provisions)))
    assert {p.law_id for p in provisions} == {document.law_id}
    for provision in provisions:
        if provision.parent_id:
            assert provision.parent.order < provision.order
            assert provision.depth == provision.parent.depth + 1
        else:
            assert provision.depth == 0
