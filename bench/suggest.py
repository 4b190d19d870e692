"""Standard suggestions against hand-labelled articles: top-1 and top-5 hit rate of ``reviews.suggestions.suggest``
and of a plain keyword-overlap baseline in the same run, Arabic and English apart, and the time per call.

    .venv/bin/python bench/suggest.py                  # 5 folds, 2 repetitions: about 3 minutes on 2 cores
    .venv/bin/python bench/suggest.py --repeats 1 --verbose
    .venv/bin/python bench/suggest.py --no-treaty-texts   # the catalogue as shipped (titles; UDHR texts) only

The gold set is ``bench/data/suggest_gold.jsonl``: one article a line, named by its law (a corpus file) and its
number, with a quote of its text (checked, so a segmentation change cannot swap articles silently) and the codes
of the standard provisions an expert would assess it against. The laws are read from the shared corpus through the
product's pipeline (``services.document_upload_path`` and ``document_process``: extraction, cleaning,
segmentation) into a scratch database. Unless ``--no-treaty-texts``, the English treaty texts in the corpus are
imported into that database as ``import_standards`` would (the shipped catalogue holds titles only).

Evaluation: k-fold cross-validation (``--folds``, repeated with different shuffles, ``--repeats``). For each fold,
every other gold article gets an approved annotation citing its gold standards (drafted by one user with
``annotation_create``, submitted and approved by another through the review workflow), and each held-out article
is asked for 5 suggestions. A hit at k: one of its gold codes among the first k. All of this happens in a
transaction rolled back after the fold. The same articles are ranked by the baseline: for every standard
provision, the number of distinct normalised words (``text.stemming.words``: NFKC, diacritics, alef/ya/ta
marbuta unified, stop words dropped; no stemming) that the article shares with the provision's titles and texts;
no TF-IDF, no tags, no annotations. ``suggest`` with no approved annotations at all is shown too (its neighbour
vote off), to tell what the catalogue alone gives.

Time: the median wall time of one call, ``suggest(provision, 5)`` (its indexes built; the change checks it makes on
every call included) against the baseline's call (standards' word sets prepared once, the article's text read
from the database, as ``suggest`` does). Exit code 0 always, or 1 when the corpus is missing.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CORPUS = Path(os.environ.get("QANUN_CORPUS", REPO.parent / "shared" / "corpus"))
GOLD = REPO / "bench" / "data" / "suggest_gold.jsonl"
LAWS = {
    "sy_constitution_2012": ("laws/syria/pdf/sy_constitution_2012.pdf", "ar"),
    "sy_nationality_law": ("laws/syria/md/sy_nationality_law.md", "ar"),
    "sy_personal_status_law_59_1953": ("laws/syria/md/sy_personal_status_law_59_1953.md", "ar"),
    "sy_labor_law_17_2010": ("laws/syria/pdf/sy_labor_law_17_2010.pdf", "ar"),
    "np_constitution_2015": ("ground_truth/nepal_constitution/Constitution_of_Nepal_2072_ENG.pdf", "en"),
}
TREATY_TEXTS = ["ICCPR.md", "ICESCR.md", "CRC.md", "ICERD.md", "CRPD.md"]
LANGUAGES = {"ar": "Arabic", "en": "English"}


@dataclass
class Item:
    law: str
    article: str
    language: str
    standards: frozenset[str]
    provision: Any = None


def load_gold(path: Path = GOLD) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            items.append(Item(row["law"], row["article"], row["language"], frozenset(row["standards"])))
            items[-1].quote = row["quote"]  # type: ignore[attr-defined]
    return items


def load_laws(out: Any) -> dict[str, Any]:
    """Each gold law uploaded and processed as the worker does; returns the laws by gold name."""
    from legislation import services

    laws = {}
    for name, (relative, language) in LAWS.items():
        started = time.perf_counter()
        law = services.law_create(title_en=name, language=language)
        result = services.document_upload_path(law=law, path=CORPUS / relative, enqueue=False)
        document = services.document_process(result.document.pk)
        articles = document.provisions.filter(kind="article").count()
        out(f"  {name}: {document.state}, {articles} articles ({time.perf_counter() - started:.1f} s)")
        laws[name] = law
    return laws


def attach_provisions(items: list[Item], laws: dict[str, Any]) -> list[Item]:
    from legislation.models import Provision
    from reviews.models import StandardProvision
    from text.normalise import normalise

    codes = set(StandardProvision.objects.values_list("code", flat=True))
    found = []
    for item in items:
        unknown = sorted(item.standards - codes)
        provisions = list(Provision.objects.filter(law=laws[item.law], kind="article", number_value=item.article))
        if len(provisions) != 1 or unknown:
            print(f"  skipped {item.law} art. {item.article}: {len(provisions)} articles found, unknown {unknown}")
            continue
        if normalise(item.quote) not in normalise(provisions[0].full_text):  # type: ignore[attr-defined]
            print(f"  skipped {item.law} art. {item.article}: its quote is not in the article segmented")
            continue
        item.provision = provisions[0]
        found.append(item)
    return found


class KeywordOverlap:
    """The baseline: distinct normalised words shared with each standard provision's titles and texts."""

    def __init__(self) -> None:
        from reviews.models import StandardProvision
        from text.stemming import words

        self.standards = [
            (code, frozenset(words(f"{title_en} {title_ar} {text_en} {text_ar}")))
            for code, title_en, title_ar, text_en, text_ar in StandardProvision.objects.order_by("pk").values_list(
                "code", "title_en", "title_ar", "text_en", "text_ar"
            )
        ]

    def __call__(self, provision: Any, limit: int = 5) -> list[str]:
        from text.stemming import words

        article = set(words(provision.full_text))
        scored = [(len(article & vocabulary), -position, code) for position, (code, vocabulary) in
                  enumerate(self.standards)]  # fmt: skip
        scored.sort(reverse=True)
        return [code for overlap, _position, code in scored[:limit] if overlap > 0]


def people() -> tuple[Any, Any]:
    from django.contrib.auth.models import Group, User

    from reviews.roles import RESEARCHERS, REVIEWERS

    researcher = User.objects.create_user("bench-researcher")
    researcher.groups.add(Group.objects.get(name=RESEARCHERS))
    reviewer = User.objects.create_user("bench-reviewer")
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    return User.objects.get(pk=researcher.pk), User.objects.get(pk=reviewer.pk)


def approve(item: Item, researcher: Any, reviewer: Any) -> None:
    from reviews.annotations import AnnotationInput, annotation_create, annotation_review, annotation_submit
    from reviews.models import Annotation, StandardProvision

    annotation = annotation_create(
        AnnotationInput(
            provision=item.provision,
            assessment=Annotation.Assessment.UNCLEAR,
            standards=StandardProvision.objects.filter(code__in=item.standards),
        ),
        user=researcher,
    )
    annotation_submit(annotation, user=researcher)
    annotation_review(annotation, user=reviewer, approve=True)


class Tally:
    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # n, top-1, top-5
        self.times: dict[str, list[float]] = defaultdict(list)

    def add(self, method: str, item: Item, ranked: list[str], seconds: float | None = None) -> None:
        for language in (item.language, "all"):
            entry = self.counts[(method, language)]
            entry[0] += 1
            entry[1] += bool(ranked[:1] and ranked[0] in item.standards)
            entry[2] += bool(item.standards & set(ranked[:5]))
        if seconds is not None:
            self.times[method].append(seconds)

    def rates(self, method: str, language: str) -> tuple[int, float, float]:
        n, top1, top5 = self.counts[(method, language)]
        return n, top1 / (n or 1), top5 / (n or 1)


def timed(function: Any, *args: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def evaluate(items: list[Item], *, folds: int, repeats: int, verbose: bool, out: Any) -> Tally:
    from django.db import transaction

    from reviews.suggestions import suggest

    baseline = KeywordOverlap()
    researcher, reviewer = people()
    tally = Tally()
    for item in items:  # the catalogue alone, no approved annotations
        ranked = [s.standard.code for s in suggest(item.provision, 5)]
        tally.add("suggest, no annotations", item, ranked)
    for repeat in range(repeats):
        order = list(items)
        random.Random(repeat).shuffle(order)
        for fold in range(folds):
            held_out = order[fold::folds]
            training = [item for item in order if item not in held_out]
            started = time.perf_counter()
            with transaction.atomic():
                for item in training:
                    approve(item, researcher, reviewer)
                suggest(held_out[0].provision, 5)  # untimed: builds the index on the new annotations
                for item in held_out:
                    ours, seconds = timed(suggest, item.provision, 5)
                    theirs, base_seconds = timed(baseline, item.provision, 5)
                    ranked = [s.standard.code for s in ours]
                    tally.add("suggest", item, ranked, seconds)
                    tally.add("keyword overlap", item, theirs, base_seconds)
                    if verbose:
                        mark = "hit" if item.standards & set(ranked) else "MISS"
                        out(f"    {mark:4} {item.law} art. {item.article}: {' '.join(ranked)} | gold "
                            f"{' '.join(sorted(item.standards))} | baseline {' '.join(theirs)}")  # fmt: skip
                transaction.set_rollback(True)
            out(f"  repeat {repeat + 1} fold {fold + 1}/{folds}: {len(training)} approved annotations, "
                f"{len(held_out)} held out ({time.perf_counter() - started:.0f} s)")  # fmt: skip
    return tally


def report(tally: Tally, out: Any) -> None:
    methods = ["suggest", "keyword overlap", "suggest, no annotations"]
    out(f"\n{'':9}{'method':26}{'articles':>9}{'top-1':>8}{'top-5':>8}")
    for language in ["ar", "en", "all"]:
        for index, method in enumerate(methods):
            n, top1, top5 = tally.rates(method, language)
            label = LANGUAGES.get(language, "All") if index == 0 else ""
            out(f"{label:9}{method:26}{n:>9}{top1:>8.2f}{top5:>8.2f}")
    for language in ["ar", "en", "all"]:
        ours, theirs = tally.rates("suggest", language)[2], tally.rates("keyword overlap", language)[2]
        verdict = "BEATS" if ours > theirs else "DOES NOT BEAT"
        out(f"top-5, {LANGUAGES.get(language, 'all')}: suggest {ours:.2f} {verdict} the baseline's {theirs:.2f}")
    ours_ms = statistics.median(tally.times["suggest"]) * 1000
    base_ms = statistics.median(tally.times["keyword overlap"]) * 1000
    out(f"median time per call: suggest {ours_ms:.1f} ms, baseline {base_ms:.1f} ms, ratio {ours_ms / base_ms:.2f}")


def import_treaty_texts(out: Any) -> None:
    from reviews.catalogue.importer import standards_import_file

    folder = CORPUS / "hr_instruments" / "en_treaties_statengeneraal"
    for name in TREATY_TEXTS:
        result = standards_import_file(folder / name, fmt="treaty-markdown")
        out(f"  treaty texts {name}: {result.provisions.changed} provisions given their English text")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2, help="cross-validation runs with different shuffles")
    parser.add_argument("--no-treaty-texts", action="store_true", help="the shipped catalogue only")
    parser.add_argument("--verbose", action="store_true", help="each held-out article's ranking")
    args = parser.parse_args()
    out = print
    if not CORPUS.is_dir():
        print(f"The shared corpus is not at {CORPUS} (set QANUN_CORPUS).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="qanun-bench-suggest-") as var:
        os.environ["QANUN_VAR_DIR"] = var
        os.environ["DEBUG"] = "false"
        os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
        for name in ("DATABASE_URL", "MEDIA_ROOT", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
            os.environ.pop(name, None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        logging.disable(logging.INFO)  # Wagtail logs every revision and task
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        out("Loading the gold laws through the pipeline:")
        laws = load_laws(out)
        if not args.no_treaty_texts:
            import_treaty_texts(out)
        items = attach_provisions(load_gold(), laws)
        by_language = {code: sum(item.language == code for item in items) for code in LANGUAGES}
        out(f"Gold: {len(items)} articles ({by_language['ar']} Arabic, {by_language['en']} English), "
            f"{args.folds}-fold cross-validation, {args.repeats} repetition(s)")  # fmt: skip
        tally = evaluate(items, folds=args.folds, repeats=args.repeats, verbose=args.verbose, out=out)
        report(tally, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
