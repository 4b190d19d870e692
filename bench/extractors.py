"""Text extractors compared on the corpus PDFs: which one reads each file right.

    .venv/bin/python bench/extractors.py                # every extractor, OCR on at most 3 pages per file
    .venv/bin/python bench/extractors.py --ocr-pages 0  # no OCR (a few seconds)
    .venv/bin/python bench/extractors.py --markdown     # the tables as docs/extraction.md shows them

Files: every PDF under ``laws/`` of the shared corpus (``../shared/corpus`` or ``QANUN_CORPUS``) and the Nepal
ground-truth PDF. Extractors:

- ``pypdf``: the product's first reading (``legislation.extraction.open_document``), the text layer only;
- ``-layout``, ``-raw``: Debian's poppler ``pdftotext`` in those modes, the whole file at once, split at form feeds;
- ``ocr``: ``legislation.extraction.ocr.ocr_pdf_page`` (Tesseract, the product's settings) on a sample of pages:
  the pages pypdf reads as garbage if there are any, else pages on which pypdf finds article headings, at most
  ``--ocr-pages`` spread over the file.

Per file and extractor, over every page read as the pipeline treats it (``clean_text`` per page, then
``strip_repeated_lines`` over the pages): the mean and lowest page quality (``legislation.quality.page_quality``),
the share of pages scoring under ``GOOD_QUALITY`` (garbage), empty pages, the articles ``segment`` finds, the gaps
in their numbers, and the lines whose Arabic words run in visual order. A second table compares the extractors on
the OCR sample pages alone: quality, articles, and how many of each extractor's words OCR also reads.

Visual order: a line's Arabic words are judged by adjacent pairs. A pair seen more often in that order than the
other way round in logical-order Arabic legal text (the Saudi statutes and the Tunisian constitution of the
ground truth) is a vote for logical order, the reverse a vote for visual order; a line with more visual votes is
in visual order. An article heading with its number first («12 المادة», «(:12) المادة») counts as visual too.
The check is run on the Syrian Markdown laws (logical order, not in the reference) and on the same lines with
their words reversed, and printed, so its error rate is known. Runs jumbled inside a line (a number moved to the
line's start while the words keep their order) are not counted.

Exit code 0 always (a benchmark, not a test), or 1 when the corpus or pdftotext is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("QANUN_CORPUS", REPO.parent / "shared" / "corpus"))
NEPAL = Path("ground_truth/nepal_constitution/Constitution_of_Nepal_2072_ENG.pdf")
TEXT_EXTRACTORS = ("pypdf", "-layout", "-raw")

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")
_FOLD = str.maketrans("أإآٱىة", "اااايه")
_REVERSED_HEADING = re.compile(r"^[^\w\n]*[0-9٠-٩]+[^\w\n]*\s*(?:ال)?مادة\W*$")
_WORD = re.compile(r"\w+")


def arabic_words(line: str) -> list[str]:
    """The Arabic words of a line, normalised (NFKC, no diacritics, alef forms, ى and ة folded)."""
    text = _DIACRITICS.sub("", unicodedata.normalize("NFKC", line)).translate(_FOLD)
    return _ARABIC_WORD.findall(text)


class WordOrder:
    """Which way a line's Arabic words run, judged by word pairs of logical-order Arabic texts."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            for line in text.splitlines():
                words = arabic_words(line)
                self.pairs.update(zip(words, words[1:], strict=False))

    def verdict(self, line: str) -> int:
        """1: logical order, -1: visual order, 0: cannot tell (no Arabic pair known either way)."""
        if _REVERSED_HEADING.match(line.strip()):
            return -1
        words = arabic_words(line)
        votes = 0
        for a, b in zip(words, words[1:], strict=False):
            forward, backward = self.pairs[(a, b)], self.pairs[(b, a)]
            votes += (forward > backward) - (backward > forward)
        return (votes > 0) - (votes < 0)

    def count(self, pages: Iterable[str]) -> tuple[int, int]:
        """(lines in visual order, lines decided either way)."""
        verdicts = [self.verdict(line) for page in pages for line in page.splitlines()]
        return sum(v < 0 for v in verdicts), sum(v != 0 for v in verdicts)


def reference_texts(corpus: Path) -> list[str]:
    """Logical-order Arabic legal text: the Saudi statutes (CC-BY-4.0) and the Tunisian constitution (Arabic)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((corpus / "ground_truth/saudi_boe_md").glob("*.md"))]
    tunisia = json.loads((corpus / "ground_truth/tunisia/Tunisia_constitution_ara.json").read_text(encoding="utf-8"))
    texts.append("\n".join(article["text"] for article in tunisia["articles"]))
    return texts


def check_word_order(order: WordOrder, corpus: Path) -> str:
    """The heuristic's error rates on logical-order text it was not built from, and on that text reversed."""
    lines = [
        line
        for path in sorted((corpus / "laws/syria/md").glob("*.md"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    flipped = [" ".join(reversed(line.split())) for line in lines]
    visual, decided = order.count(lines)
    caught, decided_flipped = order.count(flipped)
    return (
        f"visual-order check on laws/syria/md (logical order, not in the reference): {visual} of {decided} "
        f"decided lines called visual ({visual / max(decided, 1):.1%}); the same lines with their words reversed: "
        f"{caught} of {decided_flipped} called visual ({caught / max(decided_flipped, 1):.1%})"
    )


def read_pypdf(path: Path) -> list[str]:
    from legislation.extraction import open_document

    with open_document(path, "pdf") as document:
        return list(document.pages())


def read_pdftotext(path: Path, mode: str, page_count: int) -> list[str]:
    result = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-q", "-enc", "UTF-8", mode, str(path), "-"],
        capture_output=True,
        timeout=600,
        check=False,
    )
    pages = result.stdout.decode("utf-8", "replace").split("\f")[:page_count]
    return pages + [""] * (page_count - len(pages))


def pipeline_pages(texts: list[str]) -> list[str]:
    """Pages as the pipeline keeps them: cleaned one by one, then running headers and footers dropped."""
    from legislation.cleaning import clean_text, strip_repeated_lines

    return strip_repeated_lines([clean_text(text) for text in texts])


@dataclass
class Figures:
    """What one extractor made of a set of pages."""

    pages: int
    quality_mean: float | None
    quality_min: float | None
    garbage: float  # share of the pages
    empty: int
    articles: int
    gaps: int  # numbers missing between the lowest and highest article found
    visual: int
    decided: int
    seconds: float


def measure(pages: list[str], order: WordOrder, seconds: float) -> Figures:
    from legislation.quality import GOOD_QUALITY, page_quality
    from legislation.segmentation import segment

    scores = [page_quality(text).score for text in pages]
    scored = [score for score in scores if score is not None]
    found = [p for p in segment("\n\n".join(text for text in pages if text)) if p.kind == "article"]
    numbers = {int(m.group()) for p in found if (m := re.match(r"\d+", p.number_value))}
    gaps = (max(numbers) - min(numbers) + 1 - len(numbers)) if numbers else 0
    visual, decided = order.count(pages)
    return Figures(
        pages=len(pages),
        quality_mean=sum(scored) / len(scored) if scored else None,
        quality_min=min(scored) if scored else None,
        garbage=sum(score < GOOD_QUALITY for score in scored) / len(pages) if pages else 0.0,
        empty=sum(not text for text in pages),
        articles=len(found),
        gaps=gaps,
        visual=visual,
        decided=decided,
        seconds=seconds,
    )


def ocr_sample(path: Path, pypdf_pages: list[str], limit: int) -> list[int]:
    """Page numbers (1-based) to OCR: pypdf's garbage pages, else its pages with article headings, else any."""
    from legislation.quality import GOOD_QUALITY, page_quality
    from legislation.segmentation import segment

    garbage = [n for n, text in enumerate(pypdf_pages, 1) if (page_quality(text).score or 1) < GOOD_QUALITY]
    headed = [n for n, text in enumerate(pypdf_pages, 1) if any(p.kind == "article" for p in segment(text))]
    pool = garbage or headed or list(range(1, len(pypdf_pages) + 1))
    if limit <= 0:
        return []
    if len(pool) <= limit:
        return pool
    return [pool[round(i * (len(pool) - 1) / max(limit - 1, 1))] for i in range(limit)]


def words(text: str) -> Counter[str]:
    from legislation.cleaning import clean_text
    from text.normalise import western_digits

    return Counter(_WORD.findall(western_digits(clean_text(text))))


def agreement(text: str, reference: str) -> float | None:
    """Share of ``text``'s words (counted with repeats) that ``reference`` has too."""
    own = words(text)
    total = sum(own.values())
    return sum((own & words(reference)).values()) / total if total else None


@dataclass
class FileReport:
    name: str
    full: dict[str, Figures]
    sample_pages: list[int]
    sample: dict[str, Figures]
    agrees: dict[str, float | None]


def report_file(path: Path, order: WordOrder, ocr_pages: int, log: Callable[[str], None]) -> FileReport:
    from legislation.cleaning import clean_text
    from legislation.extraction.ocr import ocr_pdf_page

    raw: dict[str, list[str]] = {}
    seconds: dict[str, float] = {}
    started = time.monotonic()
    raw["pypdf"] = read_pypdf(path)
    seconds["pypdf"] = time.monotonic() - started
    for mode in ("-layout", "-raw"):
        started = time.monotonic()
        raw[mode] = read_pdftotext(path, mode, len(raw["pypdf"]))
        seconds[mode] = time.monotonic() - started
    full = {name: measure(pipeline_pages(texts), order, seconds[name]) for name, texts in raw.items()}
    numbers = ocr_sample(path, [clean_text(text) for text in raw["pypdf"]], ocr_pages)
    sample: dict[str, Figures] = {}
    agrees: dict[str, float | None] = {}
    if numbers:
        log(f"  OCR of {path.name} pages {', '.join(map(str, numbers))}")
        started = time.monotonic()
        ocr = [clean_text(ocr_pdf_page(path, n)) for n in numbers]
        ocr_seconds = time.monotonic() - started
        for name, texts in raw.items():
            picked = [clean_text(texts[n - 1]) for n in numbers]
            sample[name] = measure(picked, order, 0.0)
            agrees[name] = agreement("\n".join(picked), "\n".join(ocr))
        sample["ocr"] = measure(ocr, order, ocr_seconds)
    return FileReport(path.name, full, numbers, sample, agrees)


def _q(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _visual(figures: Figures) -> str:
    return f"{figures.visual}/{figures.decided}" if figures.decided else "–"


def tables(reports: list[FileReport]) -> tuple[list[list[str]], list[list[str]]]:
    full = [["file", "extractor", "pages", "quality mean", "quality min", "garbage", "empty", "articles", "gaps",
             "visual lines", "seconds"]]  # fmt: skip
    for report in reports:
        for name, f in report.full.items():
            full.append([report.name, name, str(f.pages), _q(f.quality_mean), _q(f.quality_min), _share(f.garbage),
                         str(f.empty), str(f.articles), str(f.gaps), _visual(f), f"{f.seconds:.1f}"])  # fmt: skip
    sample = [["file", "OCR pages", "extractor", "quality mean", "quality min", "articles", "visual lines",
               "words OCR also reads"]]  # fmt: skip
    for report in reports:
        for name, f in report.sample.items():
            pages = ", ".join(map(str, report.sample_pages))
            sample.append([report.name, pages, name, _q(f.quality_mean), _q(f.quality_min), str(f.articles),
                           _visual(f), _share(report.agrees.get(name)) if name != "ocr" else "–"])  # fmt: skip
    return full, sample


def render(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows[1:]])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows)


def corpus_pdfs(corpus: Path) -> list[Path]:
    return sorted((corpus / "laws").rglob("*.pdf")) + [corpus / NEPAL]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ocr-pages", type=int, default=3, help="pages OCR'd per file (default 3; 0: no OCR)")
    parser.add_argument("--markdown", action="store_true", help="print the tables in Markdown")
    parser.add_argument("--only", default="", help="only files whose name contains this")
    args = parser.parse_args()
    out = print  # a report on the terminal is this script's purpose
    if not CORPUS.is_dir():
        print(f"The shared corpus is not at {CORPUS} (set QANUN_CORPUS).", file=sys.stderr)
        return 1
    if shutil.which("pdftotext") is None:
        print("pdftotext is not installed (apt-get install poppler-utils).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="qanun-bench-extract-") as var:
        os.environ["QANUN_VAR_DIR"] = var  # nothing of the developer's is touched
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from legislation.extraction.ocr import ocr_missing

        ocr_pages = args.ocr_pages
        if ocr_pages and (missing := ocr_missing()):
            out(f"No OCR: {missing} is not installed.")
            ocr_pages = 0
        started = time.monotonic()
        order = WordOrder(reference_texts(CORPUS))
        reports = [
            report_file(path, order, ocr_pages, lambda line: print(line, file=sys.stderr))
            for path in corpus_pdfs(CORPUS)
            if args.only in path.name
        ]
        full, sample = tables(reports)
        tesseract = subprocess.run(
            [shutil.which("tesseract") or "tesseract", "--version"], capture_output=True, check=False
        ).stdout.decode().split("\n")[0] if ocr_pages else "not run"  # fmt: skip
        pdftotext = subprocess.run(
            [shutil.which("pdftotext") or "pdftotext", "-v"], capture_output=True, check=False
        ).stderr.decode().split("\n")[0]  # fmt: skip
        out(f"{date.today().isoformat()}; {pdftotext}; {tesseract}; pypdf as the product reads it")  # noqa: DTZ011
        out(check_word_order(order, CORPUS))
        out("\nWhole files, pages as the pipeline keeps them (cleaned, running headers and footers dropped):\n")
        out(render(full, args.markdown))
        if len(sample) > 1:
            out("\nThe OCR sample pages alone (cleaned), every extractor:\n")
            out(render(sample, args.markdown))
        out(f"\n{time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
