"""Writes on laws and their documents. Views and commands call these through ``legislation.services``:

- ``laws``: a law made from its fields or from a title alone, its language from its text;
- ``uploads``: an upload staged and checked (size, emptiness, type) before anything is stored, then stored once by
  its hash and queued; several files to one law, new or existing (the admin's upload page and ``ingest``);
- ``reprocessing``: a document queued again, at a person's request or after a worker was cut off;
- ``storage``: where a document's bytes live, and their deletion;
- ``document_process`` and ``document_fail`` from ``legislation.pipeline``, which lives beside this package rather
  than in it because the worker's task runs it: ``uploads`` and ``reprocessing`` queue through
  ``legislation.tasks.document_enqueue`` (which handles an unreachable broker), and ``tasks`` imports the pipeline,
  so the imports run one way, services -> tasks -> pipeline, package by package too."""

from legislation.pipeline import TIME_LIMIT_MESSAGE, document_fail, document_process
from legislation.services.laws import law_create, law_fields_for_title, law_language_from_text
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
