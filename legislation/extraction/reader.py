"""One entry point over the format readers: how many pages, and their text one by one."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

from legislation.extraction.document import ExtractedDocument
from legislation.extraction.docx import open_docx
from legislation.extraction.markup import open_markup
from legislation.extraction.pdf import open_pdf


def open_document(path: Path, file_type: str) -> AbstractContextManager[ExtractedDocument]:
    """Open ``path`` with the reader for ``file_type``; raises ExtractionError for files it cannot read."""
    if file_type == "pdf":
        return open_pdf(path)
    if file_type == "docx":
        return open_docx(path)
    if file_type in {"text", "markdown", "html"}:
        return open_markup(path, file_type)
    raise ValueError(f"unknown file type {file_type!r}")
