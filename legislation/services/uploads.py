"""Uploading files: each is copied to a temporary file while it is hashed and measured, and its size, emptiness
and type are checked before anything is stored (``upload_staged``); then it is stored once by its hash and queued
for processing through ``tasks.document_enqueue``. The admin's upload page and the ``ingest`` command both go
through ``law_upload_files``."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction

from legislation.cleaning import megabytes
from legislation.extraction import ExtractionError, detect_file_type
from legislation.models import Law, SourceDocument
from legislation.services.laws import law_create
from legislation.services.reprocessing import document_reprocess
from legislation.services.storage import document_file_delete, document_file_exists, document_file_save
from legislation.tasks import document_enqueue

__all__ = [
    "FileOutcome",
    "StagedUpload",
    "UploadError",
    "UploadResult",
    "document_store",
    "document_upload",
    "document_upload_path",
    "law_upload_files",
    "upload_staged",
]

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024


class UploadError(Exception):
    """An upload refused before anything was stored, with a message for the person uploading."""


@dataclass(frozen=True)
class UploadResult:
    document: SourceDocument
    created: bool


@dataclass(frozen=True)
class StagedUpload:
    """An upload copied to a temporary file, measured, hashed and typed, not yet stored."""

    name: str
    path: Path
    sha256: str
    size: int
    file_type: str


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file of a batch: stored (created), already there, or refused with an error."""

    name: str
    document: SourceDocument | None = None
    created: bool = False
    error: str = ""


@contextmanager
def upload_staged(stream: IO[bytes], name: str) -> Iterator[StagedUpload]:
    """Copy an upload to a temporary file while hashing and measuring it, and check size and type, before
    anything is written to storage or the database. Raises UploadError; the temporary file goes on exit."""
    limit = settings.QANUN_UPLOAD_MAX_BYTES
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(prefix="qanun-upload-", dir=settings.VAR_DIR) as tmp:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise UploadError(
                    f"{name}: the file is larger than the limit of {megabytes(limit)}. Split it, or ask an "
                    "administrator to raise QANUN_UPLOAD_MAX_BYTES."
                )
            digest.update(chunk)
            tmp.write(chunk)
        tmp.flush()
        if size == 0:
            raise UploadError(f"{name}: the file is empty (0 bytes).")
        try:
            file_type = detect_file_type(Path(tmp.name), name)
        except ExtractionError as exc:
            raise UploadError(f"{name}: {exc.message}") from exc
        yield StagedUpload(Path(name).name[:255], Path(tmp.name), digest.hexdigest(), size, file_type)


def document_upload(*, law: Law, stream: IO[bytes], name: str, user: Any = None, enqueue: bool = True) -> UploadResult:
    """Store an uploaded file for ``law`` and queue it for processing.

    The same bytes uploaded again are recognised by their hash: the existing document is returned and nothing
    new is stored (if its stored file has gone missing, the upload puts it back and queues it again).
    """
    with upload_staged(stream, name) as staged:
        return document_store(law=law, staged=staged, user=user, enqueue=enqueue)


def document_upload_path(*, law: Law, path: Path, user: Any = None, enqueue: bool = True) -> UploadResult:
    with open(path, "rb") as fh:
        return document_upload(law=law, stream=fh, name=path.name, user=user, enqueue=enqueue)


def document_store(*, law: Law, staged: StagedUpload, user: Any = None, enqueue: bool = True) -> UploadResult:
    existing = SourceDocument.objects.filter(sha256=staged.sha256).select_related("law").first()
    if existing:
        return _existing_upload(existing, staged, enqueue)
    document = SourceDocument(
        law=law,
        original_name=staged.name,
        sha256=staged.sha256,
        size=staged.size,
        file_type=staged.file_type,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    # The file is written before the row, outside any transaction: copying does not hold the database lock.
    document_file_save(document, staged.path, name=staged.name, file_type=staged.file_type, save=False)
    try:
        with transaction.atomic():
            document.save()
            if enqueue:
                document_enqueue(document.pk)
    except IntegrityError:
        # The same bytes were stored by someone else between our look-up and our insert.
        document_file_delete(document)
        existing = SourceDocument.objects.filter(sha256=staged.sha256).select_related("law").first()
        if existing is None:
            raise
        return _existing_upload(existing, staged, enqueue)
    return UploadResult(document, created=True)


def _existing_upload(existing: SourceDocument, staged: StagedUpload, enqueue: bool) -> UploadResult:
    if not document_file_exists(existing):
        document_file_save(existing, staged.path, name=staged.name, file_type=staged.file_type, save=True)
        logger.warning("document %s: stored file was missing and was restored from a new upload", existing.pk)
        if enqueue:
            document_reprocess(existing)
    return UploadResult(existing, created=False)


def law_upload_files(
    *,
    law: Law | None,
    new_law: dict[str, Any] | None,
    files: Iterable[tuple[str, IO[bytes]]],
    user: Any = None,
    enqueue: bool = True,
) -> tuple[Law | None, list[FileOutcome]]:
    """Upload several files to ``law``, or to a new law made from ``new_law`` if at least one file is new.
    A refused file does not stop the others. Every file is checked before the law is created. Without
    ``enqueue``, nothing is queued (the caller processes the documents itself).

    A batch of more than ``QANUN_UPLOAD_MAX_FILES`` files is refused whole (``UploadError``) before any is read.
    (The ``ingest`` command passes its files one at a time, so a folder of any size can be imported.)"""
    files = list(files)
    limit = settings.QANUN_UPLOAD_MAX_FILES
    if len(files) > limit:
        raise UploadError(
            f"{len(files)} files in one upload: at most {limit} are accepted at once (QANUN_UPLOAD_MAX_FILES). "
            "Nothing was stored."
        )
    outcomes: list[FileOutcome] = []
    with ExitStack() as stack:
        staged: list[StagedUpload] = []
        for name, stream in files:
            try:
                staged.append(stack.enter_context(upload_staged(stream, name)))
            except UploadError as exc:
                outcomes.append(FileOutcome(name=name, error=str(exc)))
        known = set(
            SourceDocument.objects.filter(sha256__in=[f.sha256 for f in staged]).values_list("sha256", flat=True)
        )
        target = law
        if target is None and any(f.sha256 not in known for f in staged):
            target = law_create(**(new_law or {}))
        for item in staged:
            if target is None:
                existing = SourceDocument.objects.select_related("law").get(sha256=item.sha256)
                outcomes.append(FileOutcome(name=item.name, document=existing))
                continue
            result = document_store(law=target, staged=item, user=user, enqueue=enqueue)
            outcomes.append(FileOutcome(name=item.name, document=result.document, created=result.created))
    return target, outcomes
