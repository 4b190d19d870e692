"""Processing a document: extract its text page by page (OCR where the text layer is missing or garbage), clean
it, segment it, and store pages and provisions in one transaction, reporting progress on the row as it goes.

Run by the worker (``tasks.document_process_task``), or in the caller's process (``ingest --inline``, the demo
corpus) through ``services.document_process``. It knows nothing of Celery, and imports neither the tasks nor the
services that queue documents, so the imports run one way: services -> tasks -> pipeline."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from legislation.cleaning import clean_text
from legislation.corrections import corrections_replay
from legislation.extraction import ExtractionError, open_document
from legislation.extraction.ocr import OcrUnavailable, ocr_missing, ocr_pdf_page
from legislation.models import DocumentPage, SourceDocument
from legislation.pages import finish_pages
from legislation.provisions import provisions_replace
from legislation.quality import GOOD_QUALITY, page_quality
from legislation.segmentation import segment

__all__ = ["TIME_LIMIT_MESSAGE", "document_fail", "document_process"]

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 0.5
# Share of the progress bar given to extraction; segmentation and storing take the rest. A PDF's text layer
# takes the first TEXT_SHARE, then OCR of the pages that need it.
EXTRACTION_SHARE = 90
TEXT_SHARE = 60


TIME_LIMIT_MESSAGE = (
    "Processing took longer than the time limit and was stopped. The file may be unusually large or damaged; "
    "try splitting it."
)


def document_process(document_id: int) -> SourceDocument | None:
    """Extract, clean and segment one document, then replace its pages and provisions in one transaction.

    Idempotent: running it again gives the same result. A file that cannot be read ends in state ``failed``
    with a message for people; what an earlier successful run stored is kept.
    """
    document = SourceDocument.objects.filter(pk=document_id).select_related("law").first()
    if document is None:
        return None
    if document.attempts >= settings.QANUN_MAX_ATTEMPTS:
        # Each attempt that ended in a crash (out of memory, killed) left it unfinished: stop trying.
        _set_state(document, SourceDocument.State.FAILED, finished_at=timezone.now(), error=(
            f"Processing this file was cut off {document.attempts} times (the worker crashed or ran out of memory) "
            "and was stopped. Check the file (split a very large one), then press Re-process."
        ))  # fmt: skip
        return document
    started = time.monotonic()
    _set_state(document, SourceDocument.State.EXTRACTING, progress=0, error="", started_at=timezone.now(),
               finished_at=None, attempts=document.attempts + 1)  # fmt: skip
    try:
        extraction = _extract_pages(document)
    except ExtractionError as exc:
        _set_state(document, SourceDocument.State.FAILED, error=exc.message, finished_at=timezone.now(),
                   extract_seconds=time.monotonic() - started)  # fmt: skip
        return document
    extracted = time.monotonic()
    _set_state(document, SourceDocument.State.SEGMENTING, progress=EXTRACTION_SHARE,
               extract_seconds=extracted - started)  # fmt: skip
    pages = extraction.pages
    provisions = segment("\n\n".join(page.text for page in pages if page.text))
    review_reason, warnings = extraction.review_reason, list(extraction.warnings)
    inferred = [p.number_value for p in provisions if p.inferred]
    if inferred:
        # Numbered by their place between readable ones: right as long as no heading was missed; a person checks.
        note = (
            f"The printed numbers of {len(inferred)} article heading(s) could not be read; they were numbered by "
            f"their place in the sequence: {_page_list(inferred)}. Check them against the file."
        )
        warnings.append(note)
        review_reason = f"{review_reason} {note}".strip()
    with transaction.atomic():
        document.pages.all().delete()
        DocumentPage.objects.bulk_create(
            DocumentPage(document=document, number=number, text=page.text, quality=page.quality, source=page.source)
            for number, page in enumerate(pages, 1)
        )
        provisions_replace(document, corrections_replay(document, provisions))
        _set_state(document, SourceDocument.State.DONE, progress=100, warnings=warnings,
                   page_count=len(pages), finished_at=timezone.now(), segment_seconds=time.monotonic() - extracted,
                   quality=extraction.quality, needs_review=bool(review_reason),
                   review_reason=review_reason)  # fmt: skip
    return document


def document_fail(document_id: int, message: str) -> None:
    """Mark a document failed after an unexpected error, keeping what an earlier run stored."""
    SourceDocument.objects.filter(pk=document_id).update(
        state=SourceDocument.State.FAILED,
        error=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


@dataclass
class PageText:
    """One page's cleaned text, its quality score (None: too little text to judge) and what read it."""

    text: str
    quality: float | None = None
    source: str = DocumentPage.Source.TEXT

    @property
    def garbage(self) -> bool:
        return self.quality is not None and self.quality < GOOD_QUALITY


@dataclass
class Extraction:
    pages: list[PageText]
    warnings: list[str]
    review_reason: str = ""
    quality: float | None = None


def _extract_pages(document: SourceDocument) -> Extraction:
    path = Path(document.file.path)
    if not path.exists():
        raise ExtractionError("The stored file is missing from the server's storage; upload it again.")
    is_pdf = document.file_type == SourceDocument.FileType.PDF
    text_share = TEXT_SHARE if is_pdf else EXTRACTION_SHARE
    texts: list[str] = []
    last_report = time.monotonic()
    # Checked between pages too: pypdf catches exceptions broadly inside a page, so Celery's soft time limit,
    # an exception raised wherever the code happens to be, can be swallowed there.
    deadline = last_report + settings.CELERY_TASK_SOFT_TIME_LIMIT
    with open_document(path, document.file_type) as opened:
        total = opened.page_count
        for text in opened.pages():
            texts.append(clean_text(text))
            now = time.monotonic()
            if now > deadline:
                raise ExtractionError(TIME_LIMIT_MESSAGE)
            if now - last_report >= PROGRESS_EVERY_SECONDS:
                last_report = now
                _set_state(document, document.state, progress=int(text_share * len(texts) / total))
        warnings = list(opened.warnings)
    pages = [PageText(text, page_quality(text).score) for text in texts]
    if is_pdf:
        warnings += _second_opinions(document, path, pages, deadline)
    # Running headers, footers and page numbers, found by comparing the pages; lines a PDF wrapped inside a
    # sentence joined again; then the final scores.
    for page, text in zip(pages, finish_pages([page.text for page in pages], wrapped=is_pdf), strict=True):
        page.text = text
        page.quality = page_quality(text).score
    reasons = []
    garbage = [number for number, page in enumerate(pages, 1) if page.garbage]
    if garbage:
        reasons.append(
            f"The text of {_count_pages(garbage)} does not read as Arabic or English (a damaged font map or a bad "
            f"OCR layer): pages {_page_list(garbage)}. Check it against the file; OCR or a person is needed."
        )
    empty = [number for number, page in enumerate(pages, 1) if not page.text]
    scanned = " (scanned images need OCR)" if is_pdf else ""
    if not any(page.text for page in pages):
        warnings.append(f"No text was found in the file{scanned}.")
        reasons.append(f"No text was found in the file{scanned}.")
    elif is_pdf and empty:
        warnings.append(f"{len(empty)} of {len(pages)} pages have no text layer{scanned}.")
    if garbage:
        warnings.append(reasons[0])
    scores = [page.quality for page in pages if page.quality is not None]
    return Extraction(pages, warnings, " ".join(reasons), min(scores) if scores else None)


def _second_opinions(document: SourceDocument, path: Path, pages: list[PageText], deadline: float) -> list[str]:
    """Pages with no text or garbage text read again by OCR (a limited number of pages, each with a time limit).
    Returns warnings; a missing Tesseract is one, never a failure. Poppler's pdftotext is no second opinion: on
    the corpus it reads a broken font map the same way and gives visual word order (docs/extraction.md)."""
    wanted = [index for index, page in enumerate(pages) if page.garbage or not page.text]
    if not wanted:
        return []
    missing = ocr_missing()
    if missing:
        return [
            f"OCR is needed for {_count_pages(wanted)} but {missing} is not installed on the server; "
            "ask an administrator to install it (make system-packages), then press Re-process."
        ]
    warnings = []
    limit = settings.QANUN_OCR_MAX_PAGES
    if len(wanted) > limit:
        warnings.append(
            f"OCR is needed for {_count_pages(wanted)}; only the first {limit} were read (QANUN_OCR_MAX_PAGES)."
        )
        wanted = wanted[:limit]
    failed = []
    for done, index in enumerate(wanted, 1):
        if time.monotonic() > deadline:
            raise ExtractionError(TIME_LIMIT_MESSAGE)
        try:
            text = clean_text(ocr_pdf_page(path, index + 1))
        except (OcrUnavailable, TimeoutError, RuntimeError, OSError) as exc:  # the task's time limit passes through
            logger.warning("document %s page %s: OCR failed: %s", document.pk, index + 1, exc)
            failed.append(index + 1)
            continue
        score = page_quality(text).score
        page = pages[index]
        if text and (not page.text or (score or 0) > (page.quality or 0)):
            pages[index] = PageText(text, score, DocumentPage.Source.OCR)
        progress = TEXT_SHARE + (EXTRACTION_SHARE - TEXT_SHARE) * done / len(wanted)
        _set_state(document, document.state, progress=int(progress))
    if failed:
        warnings.append(f"OCR failed on {_count_pages(failed)}: {_page_list(failed)}.")
    return warnings


def _count_pages(pages: list[int]) -> str:
    return "1 page" if len(pages) == 1 else f"{len(pages)} pages"


def _page_list(numbers: list[int] | list[str]) -> str:
    return ", ".join(map(str, numbers[:20])) + ("…" if len(numbers) > 20 else "")


def _set_state(document: SourceDocument, state: str, **fields: Any) -> None:
    fields["state"] = state
    fields["updated_at"] = timezone.now()
    SourceDocument.objects.filter(pk=document.pk).update(**fields)
    for name, value in fields.items():
        setattr(document, name, value)
