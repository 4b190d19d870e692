"""Writes on laws and their documents. Views, commands and tasks call these through ``legislation.services``:

- ``laws``: a law made from its fields or from a title alone, its language from its text;
- ``uploads``: an upload staged and checked (size, emptiness, type) before anything is stored, then stored once by
  its hash and queued; several files to one law, new or existing;
- ``pipeline``: processing a document (extract, OCR, clean, segment, store pages and provisions), knowing nothing
  of Celery;
- ``reprocessing``: a document queued again, at a person's request or after a worker was cut off;
- ``storage``: where a document's bytes live, and their deletion.

Queueing goes through ``legislation.tasks.document_enqueue``, which handles an unreachable broker."""

from legislation.services.laws import law_create, law_fields_for_title, law_language_from_text
from legislation.services.pipeline import TIME_LIMIT_MESSAGE, document_fail, document_process
from legislation.services.reprocessing import document_reprocess, documents_resume_stale
from legislation.services.uploads import (
    FileOutcome,
    StagedUpload,
    UploadError,
    UploadResult,
    document_store,
    document_upload,
    document_upload_path,
    law_upload_files,
    upload_staged,
)

__all__ = [
    "TIME_LIMIT_MESSAGE",
    "FileOutcome",
    "StagedUpload",
    "UploadError",
    "UploadResult",
    "document_fail",
    "document_process",
    "document_reprocess",
    "document_store",
    "document_upload",
    "document_upload_path",
    "documents_resume_stale",
    "law_create",
    "law_fields_for_title",
    "law_language_from_text",
    "law_upload_files",
    "upload_staged",
]
