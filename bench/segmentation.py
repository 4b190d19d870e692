"""Article segmentation against ground truth: article-boundary precision and recall, Arabic and English apart,
for the texts as they are and rendered to DOCX and PDF.

    .venv/bin/python bench/segmentation.py            # current segmenter and the baseline, each format
    .venv/bin/python bench/segmentation.py --verbose  # also the numbers missed and extra, per document
    .venv/bin/python bench/segmentation.py --formats source --no-syria   # the texts as they are only

Ground truth (in the shared corpus, ``../shared/corpus`` or ``QANUN_CORPUS``):

- Nepal: ``ground_truth/nepal_constitution``, the English PDF read with the product's own extraction and
  cleaning, page by page, against ``articles.jsonl`` (articles 1 to 308).
- Tunisia: ``ground_truth/tunisia``, Arabic and English; the text is the articles' texts joined with newlines,
  the truth is their order (the English «Chapter One» is the article «الفصل 1»).
- Saudi: ``ground_truth/saudi_boe_md``, the Markdown read as the product reads it; the truth is the
  ``### المادة …`` headings, an amendment note's repeat of the heading not counted.

Formats: ``source`` is the ground truth's own file as above. ``docx`` and ``pdf`` are the same texts rendered
by LibreOffice (``bench/renderings.py``: Tunisia and Saudi line by line, Markdown headings as Word headings,
Arabic right to left; Nepal laid out from ``articles.jsonl`` as its PDF prints it), each file then uploaded and
processed exactly as the worker does (``services.document_upload_path`` and ``document_process``, in a scratch
database), so the text segmented is the text the product stores. Renderings are cached in ``var/renderings``.

A document scores on its (article number) pairs: found and expected are multisets of normalised numbers, so an
article found twice counts once right and once wrong. Precision and recall are summed per language and format.
It also prints, for every Syrian PDF in ``laws/syria/pdf``, the articles found and the gaps in their sequence.
The baseline is ``bench/segmentation_baseline.py``, a copy of the segmenter before issue 3, scored on the same
texts. Exit code 0 always (a benchmark, not a test), or 1 when the corpus is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: import from the repository, as the tests do
    sys.path.insert(0, str(REPO))

from bench.renderings import (  # noqa: E402
    DEFAULT_FONT,
    Block,
    Source,
    blocks_from_lines,
    blocks_from_markdown,
    missing_tools,
    process,
    render,
)  # fmt: skip

CORPUS = Path(os.environ.get("QANUN_CORPUS", REPO.parent / "shared" / "corpus"))
GOAL = 0.97

_EN_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SAUDI_HEADING = re.compile(r"^###\s+المادة\s+(?P<words>.+?)\s*$", re.M)


@dataclass
class Case:
    """One ground-truth document: its text as the product would segment it and its article numbers in order;
    ``source`` is the document to render to DOCX and PDF, ``file_format`` the format ``text`` was read from
    ('source': the ground truth's own file, as it is)."""

    name: str
    language: str
    text: str
    expected: list[str]
    source: Source | None = None
    file_format: str = "source"


def _english_number(words: str) -> int | None:
    total = 0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "hundred":
            total = (total or 1) * 100
        elif word in _EN_UNITS:
            total += _EN_UNITS[word]
        elif word != "and":
            return None
    return total or None


def nepal_cases(corpus: Path) -> Iterator[Case]:
    from legislation.cleaning import clean_text
    from legislation.extraction import open_document

    folder = corpus / "ground_truth/nepal_constitution"
    with open_document(folder / "Constitution_of_Nepal_2072_ENG.pdf", "pdf") as document:
        text = "\n\n".join(page for page in (clean_text(p) for p in document.pages()) if page)
    with open(folder / "articles.jsonl", encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh if line.strip()]
    name = "nepal_constitution (en)"
    source = Source(name, "en", nepal_blocks(articles))
    yield Case(name, "en", text, [str(article["article_number"]) for article in articles], source)


def nepal_blocks(articles: list[dict]) -> tuple[Block, ...]:
    """The articles of ``articles.jsonl`` laid out as the official PDF prints them: «Part-3» headings, then
    «16. Right to live with dignity: (1) ...», further clauses «(2) ...» and sub-clauses «(a) ...» as
    paragraphs."""
    blocks, part = [], None
    for article in articles:
        if article.get("part_number") != part:
            part = article.get("part_number")
            blocks.append(Block(f"Part-{part}", 2))
        lines = []
        for item in article["content"]:
            number = item.get("clause_number")
            lines.append(f"({number}) {item['text']}" if number else item["text"])
            lines += [f"({sub['subclause_number']}) {sub['text']}" for sub in item.get("subclauses", [])]
        first = lines.pop(0) if lines else ""
        blocks.append(Block(f"{article['article_number']}. {article['title']}: {first}".strip()))
        blocks += [Block(line) for line in lines]
    return tuple(blocks)


def tunisia_cases(corpus: Path) -> Iterator[Case]:
    from legislation.cleaning import clean_text

    folder = corpus / "ground_truth/tunisia"
    arabic = json.loads((folder / "Tunisia_constitution_ara.json").read_text(encoding="utf-8"))["articles"]
    raw = "\n".join(article["text"] for article in arabic)
    name = "tunisia_constitution (ar)"
    expected = [re.sub(r"\D", "", a["id"]) for a in arabic]
    yield Case(name, "ar", clean_text(raw), expected, Source(name, "ar", blocks_from_lines(raw)))

    english: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                if isinstance(value, list) and all(isinstance(line, str) for line in value):
                    english.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((folder / "constitution_eng.json").read_text(encoding="utf-8"))["sections"])
    raw = "\n".join("\n".join(lines) for lines in english)
    name = "tunisia_constitution (en)"
    expected = [str(n) for n in range(1, len(english) + 1)]
    yield Case(name, "en", clean_text(raw), expected, Source(name, "en", blocks_from_lines(raw)))


def saudi_cases(corpus: Path) -> Iterator[Case]:
    from legislation.cleaning import clean_text
    from legislation.extraction.markup import markdown_to_text
    from legislation.segmentation import arabic_ordinal_value

    for path in sorted((corpus / "ground_truth/saudi_boe_md").glob("*.md")):
        if path.name == "README.md":
            continue
        markdown = path.read_text(encoding="utf-8")
        expected: list[str] = []
        for match in _SAUDI_HEADING.finditer(markdown):
            value = arabic_ordinal_value(match.group("words").rstrip(":.- "))
            # An amendment note repeats the heading of the article it amends, right after that article.
            if value and (not expected or expected[-1] != str(value)):
                expected.append(str(value))
        name = f"saudi/{path.stem} (ar)"
        source = Source(name, "ar", blocks_from_markdown(markdown))
        yield Case(name, "ar", clean_text(markdown_to_text(markdown)), expected, source)


def ground_truth_cases(corpus: Path = CORPUS) -> list[Case]:
    return [*nepal_cases(corpus), *tunisia_cases(corpus), *saudi_cases(corpus)]


def rendered_cases(cases: list[Case], file_format: str, *, font: str = DEFAULT_FONT) -> list[Case]:
    """The cases rendered to ``file_format`` ('docx' or 'pdf') by LibreOffice, each file then taken through the
    product's upload and processing (``bench.renderings.process``: needs Django and a database); ``text`` is
    what the product segments. Cases without a source to render are left out."""
    renderable = [case for case in cases if case.source]
    paths = render([case.source for case in renderable if case.source], file_format, font=font)
    return [replace(case, text=process(paths[case.name]), file_format=file_format) for case in renderable]


def score(found: list[str], expected: list[str]) -> tuple[int, int, int]:
    """(true positives, found, expected) on multisets of article numbers."""
    hits = sum((Counter(found) & Counter(expected)).values())
    return hits, len(found), len(expected)


def article_numbers(segment: Callable, text: str) -> list[str]:
    return [p.number_value for p in segment(text) if p.kind == "article"]


def scores_by_language(segment: Callable, cases: list[Case]) -> dict[str, tuple[float, float]]:
    """Precision and recall per language, summed over the documents."""
    totals: dict[str, list[int]] = {}
    for case in cases:
        hits, found, expected = score(article_numbers(segment, case.text), case.expected)
        total = totals.setdefault(case.language, [0, 0, 0])
        total[0] += hits
        total[1] += found
        total[2] += expected
    return {lang: (h / f if f else 0.0, h / e if e else 0.0) for lang, (h, f, e) in sorted(totals.items())}


def gaps(values: list[str]) -> list[str]:
    """Ranges missing from a sequence of article numbers («12-14»), and numbers seen out of order."""
    numbers = [int(v) for v in values if v.isdigit()]
    missing, last = [], 0
    for number in numbers:
        if number > last + 1:
            missing.append(f"{last + 1}" if number == last + 2 else f"{last + 1}-{number - 1}")
        if number <= last:
            missing.append(f"<{number}>")
        last = max(last, number)
    return missing


def syrian_pdf_texts(corpus: Path = CORPUS) -> Iterator[tuple[str, str]]:
    """Each Syrian PDF's text layer cleaned and finished as the worker does it (OCR of bad pages aside)."""
    from legislation.cleaning import clean_text
    from legislation.extraction import open_document
    from legislation.pages import finish_pages

    for path in sorted((corpus / "laws/syria/pdf").glob("*.pdf")):
        with open_document(path, "pdf") as document:
            pages = finish_pages([clean_text(p) for p in document.pages()], wrapped=True)
            yield path.name, "\n\n".join(page for page in pages if page)


def _load_baseline() -> Callable:
    spec = importlib.util.spec_from_file_location("segmentation_baseline", Path(__file__).with_name(
        "segmentation_baseline.py"))  # fmt: skip
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.segment


def _compact(values: list[str], limit: int = 40) -> str:
    shown = " ".join(values[:limit])
    return shown + (f" … (+{len(values) - limit})" if len(values) > limit else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="numbers missed and extra per document")
    parser.add_argument("--formats", default="source,docx,pdf", help="comma-separated: source, docx, pdf")
    parser.add_argument("--font", default=DEFAULT_FONT, help=f"font of the renderings (default {DEFAULT_FONT})")
    parser.add_argument("--no-syria", action="store_true", help="skip the Syrian PDFs' sequences")
    args = parser.parse_args()
    formats = [name.strip() for name in args.formats.split(",") if name.strip()]
    if not CORPUS.is_dir():
        print(f"The shared corpus is not at {CORPUS} (set QANUN_CORPUS).", file=sys.stderr)
        return 1
    out = print  # a report on the terminal is this script's purpose
    with tempfile.TemporaryDirectory(prefix="qanun-bench-seg-") as var:
        os.environ["QANUN_VAR_DIR"] = var
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from legislation.segmentation import segment

        baseline = _load_baseline()
        cases = {"source": ground_truth_cases()}
        rendered = [name for name in formats if name != "source"]
        missing = missing_tools(args.font) if rendered else ""
        if missing:
            out(f"DOCX and PDF not measured: {missing}.\n")
        elif rendered:
            from django.core.management import call_command

            call_command("migrate", verbosity=0)  # the scratch database the pipeline stores into
            for name in rendered:
                cases[name] = rendered_cases(cases["source"], name, font=args.font)
        if "source" not in formats:
            del cases["source"]
        report_cases(cases, baseline, segment, verbose=args.verbose)
        if not args.no_syria:
            report_syrian_pdfs(baseline, segment)
    return 0


def report_cases(cases: dict[str, list[Case]], baseline: Callable, segment: Callable, *, verbose: bool) -> None:
    """A row per document and format, then precision and recall per language and format."""
    out = print
    out(f"{'document':40} {'format':6} {'expected':>8} {'baseline P/R':>13} {'now P/R':>13}")
    rows: dict[str, list[Case]] = {}
    for file_format_cases in cases.values():
        for case in file_format_cases:
            rows.setdefault(case.name, []).append(case)
    for name, row in rows.items():
        for case in row:
            scores = []
            for function in (baseline, segment):
                hits, found, expected = score(article_numbers(function, case.text), case.expected)
                scores.append(f"{hits / found if found else 0:.3f}/{hits / expected:.3f}")
            label = name if case is row[0] else ""
            out(f"{label:40} {case.file_format:6} {len(case.expected):8} {scores[0]:>13} {scores[1]:>13}")
            if verbose:
                found = article_numbers(segment, case.text)
                extra = Counter(found) - Counter(case.expected)
                missed = Counter(case.expected) - Counter(found)
                out(f"    missed: {_compact(sorted(missed.elements(), key=_key))}")
                out(f"    extra:  {_compact(sorted(extra.elements(), key=_key))}")
    out("")
    for file_format, format_cases in cases.items():
        before, now = scores_by_language(baseline, format_cases), scores_by_language(segment, format_cases)
        for language in now:
            (bp, br), (p, r) = before[language], now[language]
            verdict = "OK" if min(p, r) >= GOAL else "MISSED"
            out(f"{language} {file_format:6}: precision {bp:.3f} -> {p:.3f}, recall {br:.3f} -> {r:.3f}  "
                f"(goal {GOAL}) {verdict}")  # fmt: skip
    out("")


def report_syrian_pdfs(baseline: Callable, segment: Callable) -> None:
    out = print
    out("Syrian PDFs: articles found (baseline -> now) and gaps in the sequence")
    for name, text in syrian_pdf_texts():
        old, new = article_numbers(baseline, text), article_numbers(segment, text)
        out(f"{name}: {len(old)} -> {len(new)} articles")
        out(f"    numbers: {_compact(new, 25)}")
        out(f"    gaps:    {_compact(gaps(new), 25) or 'none'}")


def _key(value: str) -> tuple[int, str]:
    digits = re.match(r"\d+", value)
    return (int(digits.group(0)) if digits else 0, value)


if __name__ == "__main__":
    sys.exit(main())
