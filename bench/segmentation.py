"""Article segmentation against ground truth: article-boundary precision and recall, Arabic and English apart.

    .venv/bin/python bench/segmentation.py            # current segmenter and the baseline, side by side
    .venv/bin/python bench/segmentation.py --verbose  # also the numbers missed and extra, per document

Ground truth (in the shared corpus, ``../shared/corpus`` or ``QANUN_CORPUS``):

- Nepal: ``ground_truth/nepal_constitution``, the English PDF read with the product's own extraction and
  cleaning, page by page, against ``articles.jsonl`` (articles 1 to 308).
- Tunisia: ``ground_truth/tunisia``, Arabic and English; the text is the articles' texts joined with newlines,
  the truth is their order (the English «Chapter One» is the article «الفصل 1»).
- Saudi: ``ground_truth/saudi_boe_md``, the Markdown read as the product reads it; the truth is the
  ``### المادة …`` headings, an amendment note's repeat of the heading not counted.

A document scores on its (article number) pairs: found and expected are multisets of normalised numbers, so an
article found twice counts once right and once wrong. Precision and recall are summed per language. It also
prints, for every Syrian PDF in ``laws/syria/pdf``, the articles found and the gaps in their sequence.
The baseline is ``bench/segmentation_baseline.py``, a copy of the segmenter before issue 3.
Exit code 0 always (a benchmark, not a test), or 1 when the corpus is missing.
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
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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
    """One ground-truth document: its text as the product would segment it and its article numbers in order."""

    name: str
    language: str
    text: str
    expected: list[str]


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
        expected = [str(json.loads(line)["article_number"]) for line in fh if line.strip()]
    yield Case("nepal_constitution (en)", "en", text, expected)


def tunisia_cases(corpus: Path) -> Iterator[Case]:
    from legislation.cleaning import clean_text

    folder = corpus / "ground_truth/tunisia"
    arabic = json.loads((folder / "Tunisia_constitution_ara.json").read_text(encoding="utf-8"))["articles"]
    text = clean_text("\n".join(article["text"] for article in arabic))
    yield Case("tunisia_constitution (ar)", "ar", text, [re.sub(r"\D", "", a["id"]) for a in arabic])

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
    text = clean_text("\n".join("\n".join(lines) for lines in english))
    yield Case("tunisia_constitution (en)", "en", text, [str(n) for n in range(1, len(english) + 1)])


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
        yield Case(f"saudi/{path.stem} (ar)", "ar", clean_text(markdown_to_text(markdown)), expected)


def ground_truth_cases(corpus: Path = CORPUS) -> list[Case]:
    return [*nepal_cases(corpus), *tunisia_cases(corpus), *saudi_cases(corpus)]


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
    from legislation.cleaning import clean_text
    from legislation.extraction import open_document

    for path in sorted((corpus / "laws/syria/pdf").glob("*.pdf")):
        with open_document(path, "pdf") as document:
            yield path.name, "\n\n".join(page for page in (clean_text(p) for p in document.pages()) if page)


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


def main() -> int:  # noqa: C901
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="numbers missed and extra per document")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"The shared corpus is not at {CORPUS} (set QANUN_CORPUS).", file=sys.stderr)  # noqa: T201
        return 1
    with tempfile.TemporaryDirectory(prefix="qanun-bench-seg-") as var:
        os.environ["QANUN_VAR_DIR"] = var
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from legislation.segmentation import segment

        baseline = _load_baseline()
        cases = ground_truth_cases()
        out = print  # a report on the terminal is this script's purpose
        out(f"{'document':38} {'expected':>8} {'baseline P/R':>16} {'now P/R':>16}")
        for case in cases:
            row = [f"{case.name:38} {len(case.expected):8}"]
            for function in (baseline, segment):
                hits, found, expected = score(article_numbers(function, case.text), case.expected)
                row.append(f"{hits / found if found else 0:7.3f}/{hits / expected:.3f}")
            out(" ".join(row))
            if args.verbose:
                found = article_numbers(segment, case.text)
                extra = Counter(found) - Counter(case.expected)
                missed = Counter(case.expected) - Counter(found)
                out(f"    missed: {_compact(sorted(missed.elements(), key=_key))}")
                out(f"    extra:  {_compact(sorted(extra.elements(), key=_key))}")
        out("")
        before, now = scores_by_language(baseline, cases), scores_by_language(segment, cases)
        for language in now:
            (bp, br), (p, r) = before[language], now[language]
            verdict = "OK" if min(p, r) >= GOAL else "MISSED"
            out(f"{language}: precision {bp:.3f} -> {p:.3f}, recall {br:.3f} -> {r:.3f}  (goal {GOAL}) {verdict}")
        out("")
        out("Syrian PDFs: articles found (baseline -> now) and gaps in the sequence")
        for name, text in syrian_pdf_texts():
            old, new = article_numbers(baseline, text), article_numbers(segment, text)
            out(f"{name}: {len(old)} -> {len(new)} articles")
            out(f"    numbers: {_compact(new, 25)}")
            out(f"    gaps:    {_compact(gaps(new), 25) or 'none'}")
    return 0


def _key(value: str) -> tuple[int, str]:
    digits = re.match(r"\d+", value)
    return (int(digits.group(0)) if digits else 0, value)


if __name__ == "__main__":
    sys.exit(main())
