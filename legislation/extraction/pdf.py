"""PDF text with pypdf, one page at a time so memory stays bounded whatever the page count."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from legislation.extraction.document import ExtractedDocument
from legislation.extraction.errors import ExtractionError
from legislation.extraction.visual_order import PieceCollector, repair_visual_lines

logger = logging.getLogger(__name__)

# pypdf keeps every object it has parsed; dropping that cache every few pages keeps a 1,000-page file small.
_CACHE_RESET_EVERY = 25

DAMAGED = (
    "The PDF is damaged and could not be read ({detail}). Open it in a PDF viewer and save or print it to a new "
    "PDF, then upload that."
)


@contextmanager
def open_pdf(path: Path) -> Iterator[ExtractedDocument]:
    with open(path, "rb") as fh:
        reader = _open_reader(fh)
        page_count = _page_count(reader)
        warnings: list[str] = []

        def read_pages() -> Iterator[str]:
            unreadable: list[int] = []
            visual_lines = 0
            for index in range(page_count):
                try:
                    text, rebuilt = _page_text(reader, index)
                    visual_lines += rebuilt
                except SoftTimeLimitExceeded:  # the task's time is up: let the task handle it
                    raise
                except Exception as exc:  # noqa: BLE001  pypdf raises many kinds of error on damaged pages
                    logger.warning("page %s of %s unreadable: %r", index + 1, path, exc)
                    unreadable.append(index + 1)
                    text = ""
                yield text
                if (index + 1) % _CACHE_RESET_EVERY == 0:
                    reader.resolved_objects.clear()
            if visual_lines:
                # Said so that a person checking the text knows where to look twice.
                warnings.append(
                    f"{visual_lines:,} line(s) were stored in the PDF in visual (left-to-right) order and were "
                    "put back in reading order; check numbers and brackets in them against the file."
                )
            if unreadable:
                warnings.append(
                    f"{len(unreadable)} page(s) could not be read and are empty: "
                    + ", ".join(map(str, unreadable[:20]))
                    + ("…" if len(unreadable) > 20 else "")
                )

        yield ExtractedDocument(page_count=page_count, read_pages=read_pages, warnings=warnings)


def _page_text(reader: PdfReader, index: int) -> tuple[str, int]:
    """A page's text as pypdf reads it, with Arabic lines the PDF stores in visual order put back in reading
    order (legislation.extraction.visual_order), and how many lines that was."""
    pieces = PieceCollector()
    reader.pages[index].extract_text(visitor_text=pieces)
    return repair_visual_lines(pieces.pieces)


def _open_reader(fh) -> PdfReader:
    try:
        reader = PdfReader(fh, strict=False)
        if reader.is_encrypted:
            # Many official PDFs carry only an owner password (no printing or copying): they open with "".
            if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise ExtractionError(
                    "This PDF is protected by a password. Open it with the password, save an unprotected copy "
                    "(or print it to PDF), and upload that."
                )
    except ExtractionError:
        raise
    except FileNotDecryptedError as exc:
        raise ExtractionError("This PDF is protected by a password and cannot be read without it.") from exc
    except DependencyError as exc:
        raise ExtractionError(f"This PDF uses encryption this server cannot open: {exc}") from exc
    except SoftTimeLimitExceeded:  # the task's time is up: let the task handle it
        raise
    except Exception as exc:
        raise ExtractionError(DAMAGED.format(detail=_short(exc))) from exc
    return reader


def _page_count(reader: PdfReader) -> int:
    try:
        count = len(reader.pages)
    except SoftTimeLimitExceeded:  # the task's time is up: let the task handle it
        raise
    except Exception as exc:
        raise ExtractionError(DAMAGED.format(detail=_short(exc))) from exc
    if count == 0:
        raise ExtractionError("The PDF has no pages.")
    declared = _declared_page_count(reader)
    if declared is not None and count < declared:
        # pypdf rebuilds a damaged file as best it can and finds only the pages it can still reach.
        raise ExtractionError(
            DAMAGED.format(detail=f"it says it has {declared:,} pages but only {count:,} of them can be found")
        )
    limit = settings.QANUN_MAX_PAGES
    if count > limit:
        raise ExtractionError(
            f"The PDF has {count:,} pages; the limit is {limit:,}. Split it into volumes and upload each, or "
            "ask an administrator to raise QANUN_MAX_PAGES."
        )
    return count


def _declared_page_count(reader: PdfReader) -> int | None:
    """The page count the file's page tree states, or None if it states none that can be read."""
    try:
        declared = reader.trailer["/Root"].get_object()["/Pages"].get_object().get("/Count")
        return int(declared.get_object()) if declared is not None else None
    except SoftTimeLimitExceeded:  # the task's time is up: let the task handle it
        raise
    except Exception:  # noqa: BLE001  a damaged file may fail anywhere here; the count found is checked already
        return None


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 160 else text[:157] + "…"
