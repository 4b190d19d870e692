"""One entry point over the format readers: how many pages, and their text one by one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ExtractedDocument:
    """An opened source file: its page count, its pages' text in order, and warnings for people."""

    page_count: int
    read_pages: Callable[[], Iterator[str]]
    warnings: list[str] = field(default_factory=list)

    def pages(self) -> Iterator[str]:
        return self.read_pages()


def open_document(path: Path, file_type: str) -> AbstractContextManager[ExtractedDocument]:
    """Open ``path`` with the reader for ``file_type``; raises ExtractionError for files it cannot read."""
    if file_type == "pdf":
        from legislation.extraction.pdf import open_pdf

        return open_pdf(path)
    if file_type == "docx":
        from legislation.extraction.docx import open_docx

        return open_docx(path)
    if file_type in {"text", "markdown", "html"}:
        from legislation.extraction.markup import open_markup

        return open_markup(path, file_type)
    raise ValueError(f"unknown file type {file_type!r}")
