"""Where a document's bytes live: its file in Django's storage under ``MEDIA_ROOT`` (never served as it is), named
after the upload and its real type. Written from a staged upload, looked for, and deleted: at once when an upload
lost a race, once the transaction commits when the document's row is deleted."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.db import transaction

from legislation.models import SourceDocument

__all__ = [
    "document_file_delete",
    "document_file_delete_on_commit",
    "document_file_exists",
    "document_file_save",
    "storage_name",
]

EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "text": ".txt", "markdown": ".md", "html": ".html"}


def storage_name(name: str, file_type: str) -> str:
    """The stored file's name: the upload's stem with the extension of its real type (never the one it came with)."""
    stem = Path(name).stem[:80] or "document"
    return f"{stem}{EXTENSIONS[file_type]}"


def document_file_save(document: SourceDocument, source: Path, *, name: str, file_type: str, save: bool) -> None:
    """Copy the bytes at ``source`` (a staged upload named ``name``) into storage as the document's file; with
    ``save``, the row is saved too."""
    with open(source, "rb") as fh:
        document.file.save(storage_name(name, file_type), File(fh), save=save)


def document_file_exists(document: SourceDocument) -> bool:
    return document.file.storage.exists(document.file.name)


def document_file_delete(document: SourceDocument) -> None:
    """Delete the document's file now, leaving the row as it is (an upload whose row was never stored)."""
    document.file.delete(save=False)


def document_file_delete_on_commit(document: SourceDocument) -> None:
    """Delete the file of a document whose row is being deleted, once that is committed (a rollback keeps both)."""
    if document.file:
        storage, name = document.file.storage, document.file.name
        transaction.on_commit(lambda: storage.delete(name))
