"""File type from content: magic numbers for binary formats, a look at the text for the rest."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from legislation.extraction.errors import ExtractionError

HEAD_BYTES = 8192

_BINARY_SIGNATURES: list[tuple[bytes, str]] = [
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Word 97-2003 (.doc) or other Office file; save it as .docx or PDF",
    ),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; put scanned pages into a PDF"),
    (b"\xff\xd8\xff", "a JPEG image; put scanned pages into a PDF"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image; put scanned pages into a PDF"),
    (b"MM\x00*", "a TIFF image; put scanned pages into a PDF"),
    (b"{\\rtf", "an RTF document; save it as .docx or PDF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
]

_HTML_RE = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<div|<p[\s>]|<article|<h[1-6][\s>])", re.I)
_MARKDOWN_RE = re.compile(r"^(#{1,6} \S|\* \S|- \S|\d+\. \S|> \S)", re.M)
_TEXT_SUFFIXES = {".md": "markdown", ".markdown": "markdown"}


def detect_file_type(path: Path, original_name: str = "") -> str:
    """Return one of ``SourceDocument.FileType``'s values for the file's content, or raise ExtractionError.

    The name is used only to tell Markdown from plain text, which content alone cannot always do.
    """
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head:
        raise ExtractionError("The file is empty (0 bytes). Upload the file again; it may not have been saved.")
    # PDF readers accept a header anywhere in the first kilobyte.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _detect_zip(path)
    for signature, what in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise ExtractionError(f"This file is {what}. Qanun reads PDF, DOCX, plain text, Markdown and HTML.")
    text_head = _looks_like_text(head)
    if text_head is None:
        raise ExtractionError(
            "This file is not a PDF, DOCX, text, Markdown or HTML document (its content is binary data of an "
            "unknown kind). Check that you picked the right file."
        )
    # Look at the decoded text, not the bytes: a UTF-16 page has a NUL byte between its letters.
    if _HTML_RE.match(text_head.lstrip("\ufeff")):
        return "html"
    suffix = Path(original_name or str(path)).suffix.lower()
    if suffix in _TEXT_SUFFIXES or _MARKDOWN_RE.search(text_head):
        return "markdown"
    return "text"


def _detect_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractionError(
            "The file looks like a Word document (DOCX) but its ZIP structure is damaged, so it cannot be "
            "opened. Open it in Word or LibreOffice and save it again."
        ) from exc
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise ExtractionError("This is an OpenDocument file (.odt); save it as .docx or PDF and upload that.")
    if "xl/workbook.xml" in names:
        raise ExtractionError("This is an Excel spreadsheet, not a law text. Upload a PDF or DOCX.")
    if "ppt/presentation.xml" in names:
        raise ExtractionError("This is a PowerPoint presentation, not a law text. Upload a PDF or DOCX.")
    raise ExtractionError("This is a ZIP archive, not a Word document. Unpack it and upload the files inside.")


def _looks_like_text(head: bytes) -> str | None:
    """Decode the head of a file if it reads as text, else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if b"\x00" in head:
        return None
    try:
        # A multi-byte character may be cut at the end of the head: ignore only that.
        text = head[:-4].decode("utf-8") + head[-4:].decode("utf-8", errors="ignore")
    except UnicodeDecodeError:
        text = head.decode("cp1256", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f") + text.count("\ufffd")
    return text if controls <= len(text) // 100 else None
