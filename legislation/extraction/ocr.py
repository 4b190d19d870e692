"""A second reading of a PDF page whose text layer is missing or garbage: Tesseract OCR of the rendered page.

poppler's ``pdftoppm`` renders and Tesseract reads, as separate processes (Debian's ``poppler-utils``,
``tesseract-ocr``, ``tesseract-ocr-ara``), one page at a time, each with a time limit. ``OcrUnavailable`` says
which program is missing, so a document can say so and still finish.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

__all__ = ["OcrUnavailable", "ocr_missing", "ocr_pdf_page"]


class OcrUnavailable(Exception):
    """A program OCR needs is not installed (or not where the settings say)."""


def _program(name: str) -> str | None:
    return shutil.which(name)


def ocr_missing() -> str | None:
    """None when OCR can run, else the name of what is missing."""
    if _program(settings.QANUN_TESSERACT) is None:
        return "Tesseract"
    if _program("pdftoppm") is None:
        return "pdftoppm (poppler-utils)"
    return None


def ocr_pdf_page(path: Path, number: int) -> str:
    """Render page ``number`` (1-based) at 300 dpi and read it with Tesseract (QANUN_OCR_LANGUAGES).

    Raises OcrUnavailable when a program is missing, TimeoutError past QANUN_OCR_PAGE_TIMEOUT seconds, and
    RuntimeError with the program's message when one fails."""
    missing = ocr_missing()
    if missing:
        raise OcrUnavailable(missing)
    timeout = settings.QANUN_OCR_PAGE_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="qanun-ocr-") as folder:
        stem = Path(folder) / "page"
        _run([_program("pdftoppm"), "-r", str(settings.QANUN_OCR_DPI), "-f", str(number), "-l", str(number),
              "-png", "-singlefile", str(path), str(stem)], timeout)  # fmt: skip
        image = stem.with_suffix(".png")
        if not image.exists():
            raise RuntimeError(f"pdftoppm made no image of page {number}")
        output = _run(
            [_program(settings.QANUN_TESSERACT), str(image), "-", "-l", settings.QANUN_OCR_LANGUAGES], timeout
        )
    return output.decode("utf-8", "replace")


def _run(command: list[str | None], timeout: float) -> bytes:
    try:
        result = subprocess.run(
            [str(part) for part in command],
            capture_output=True,
            timeout=timeout,
            check=False,
            env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
        )
    except subprocess.TimeoutExpired as exc:
        raise TimeoutError(f"{Path(str(command[0])).name} took longer than {timeout:g} s") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"{Path(str(command[0])).name} failed: {message[-1] if message else result.returncode}")
    return result.stdout
