"""Search at scale on the embedded engine: indexing throughput and query latency over 200,000 articles, each
beside the engine's own raw operation in the same run.

    .venv/bin/python bench/search.py                     # SQLite FTS5 (the fresh-clone default)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qanun_bench .venv/bin/python bench/search.py   # PostgreSQL
    .venv/bin/python bench/search.py --articles 50000    # a smaller run
    .venv/bin/python bench/search.py --keep var/bench/200k   # keep the built corpus; later runs only query it

The corpus: real laws from the shared corpus (``../shared/corpus`` or ``QANUN_CORPUS``) are processed by the
product's own pipeline (extraction, cleaning, segmentation) into a pool of real articles, Arabic and English;
synthetic laws of 100 articles each are then drawn from that pool (same language per law, kinds, years and
statuses varied, one law in ten unpublished, 3% of the articles with approved findings) until the corpus holds
``--articles`` articles.

Figures:
- indexing: records built and written through ``search_index --rebuild``'s path (articles/s), beside a raw
  insert of the same texts into a bare FTS5 table / a tsvector table (the ratio is ours / raw throughput);
- queries: a fixed mix (Arabic and English words, a phrase, OR, exclusion, prefix, fields), each run through
  ``search.engine.search`` as the public page does (facets and highlights, 20 hits) and as the engine's raw
  query for the same match (``MATCH … ORDER BY rank LIMIT 20`` / ``@@ … ORDER BY ts_rank_cd LIMIT 20``);
  p50 and p95 of each, and the ratio of p95s. Goals: p95 < 100 ms, ratio ≤ 2.

Exit code 0 (a benchmark, not a test), 1 when the corpus is missing.
"""

# ruff: noqa: S608  (table names are constants of this file; values are parameters)
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CORPUS = Path(os.environ.get("QANUN_CORPUS", REPO.parent / "shared" / "corpus"))
POOL_CACHE = REPO / "var" / "bench" / "search-articles.json"
SOURCES = [
    ("laws/syria/pdf/sy_constitution_2012.pdf", "ar"),
    ("laws/syria/pdf/sy_labor_law_17_2010.pdf", "ar"),
    ("laws/syria/pdf/sy_civil_code_84_1949.pdf", "ar"),
    ("laws/syria/pdf/sy_consumer_protection_8_2021.pdf", "ar"),
    ("laws/syria/pdf/sy_rent_law_20_2015.pdf", "ar"),
    ("laws/syria/pdf/sy_real_estate_registry_decision188_1926.pdf", "ar"),
    ("laws/syria/md/sy_personal_status_law_59_1953.md", "ar"),
    ("laws/syria/md/sy_legal_profession_law_30_2010.md", "ar"),
    ("laws/syria/md/sy_nationality_law.md", "ar"),
    ("ground_truth/saudi_boe_md/labor_law.md", "ar"),
    ("ground_truth/saudi_boe_md/counter_terrorism.md", "ar"),
    ("ground_truth/saudi_boe_md/anti_trafficking.md", "ar"),
    ("ground_truth/saudi_boe_md/associations_and_foundations.md", "ar"),
    ("ground_truth/nepal_constitution/Constitution_of_Nepal_2072_ENG.pdf", "en"),
]
# The fixed query mix: what advocates type, with the facets and highlights the public page asks for.
QUERIES = [
    "حرية التعبير",
    "الحرية",
    "العمل",
    '"حرية الرأي"',
    "السجن OR الحبس",
    "عقوبة -غرامة",
    "قانون*",
    "المادة 5",
    "العامل الأجر year:2000..2015",
    "المحكمة kind:law",
    "الجنسية status:in-force",
    "freedom of expression",
    '"fundamental rights"',
    "court OR tribunal",
    "citizen*",
    "حقوق الطفل",
]
LAW_KINDS = ["law", "legislative-decree", "decree", "regulation", "decision"]
STATUSES = ["in-force", "in-force", "in-force", "amended", "repealed"]
ARTICLES_PER_LAW = 100


def out(*args: Any) -> None:
    print(*args, flush=True)


def collect_pool() -> list[dict[str, str]]:
    """Real articles (language, heading, full text) of the corpus laws, read by the product's own pipeline;
    cached in var/bench so later runs skip the PDF extraction."""
    if POOL_CACHE.exists():
        return json.loads(POOL_CACHE.read_text(encoding="utf-8"))
    from legislation import services
    from reviews.annotations import provision_texts

    pool: list[dict[str, str]] = []
    for relative, language in SOURCES:
        path = CORPUS / relative
        if not path.exists():
            out(f"  (missing {relative})")
            continue
        started = time.perf_counter()
        law = services.law_create(title_en=path.stem, language=language)
        result = services.document_upload_path(law=law, path=path, enqueue=False)
        services.document_process(result.document.pk)
        found = 0
        for provision, text in provision_texts(law.pk).values():
            if provision.kind == "article" and len(text) > 40:
                pool.append({"language": language, "heading": provision.heading, "text": text})
                found += 1
        out(f"  {relative}: {found} articles ({time.perf_counter() - started:.1f} s)")
    POOL_CACHE.parent.mkdir(parents=True, exist_ok=True)
    POOL_CACHE.write_text(json.dumps(pool, ensure_ascii=False), encoding="utf-8")
    return pool


def build_corpus(pool: list[dict[str, str]], articles: int, seed: int = 7) -> int:
    """Synthetic laws of real articles, written with bulk inserts (this is set-up, not what is measured)."""
    from django.db import transaction

    from legislation.models import Law, Provision, SourceDocument

    rng = random.Random(seed)
    by_language = {code: [a for a in pool if a["language"] == code] for code in ("ar", "en")}
    laws_needed = -(-articles // ARTICLES_PER_LAW)
    made = 0
    for start in range(0, laws_needed, 50):
        with transaction.atomic():
            batch = []
            for number in range(start, min(start + 50, laws_needed)):
                language = "en" if number % 5 == 4 else "ar"
                batch.append(
                    Law(
                        kind=LAW_KINDS[number % len(LAW_KINDS)],
                        number=str(1000 + number),
                        year=1950 + number % 75,
                        title_ar=f"قانون اختبار رقم {number}" if language == "ar" else "",
                        title_en=f"Bench law {number}",
                        status=STATUSES[number % len(STATUSES)],
                        language=language,
                        published=number % 10 != 3,  # one law in ten is a draft the public must not see
                    )
                )
            laws = Law.objects.bulk_create(batch)
            documents = SourceDocument.objects.bulk_create(
                SourceDocument(
                    law=law,
                    file=f"bench/{law.number}.txt",
                    original_name=f"{law.number}.txt",
                    sha256=f"{law.number:0>64}",
                    size=1,
                    file_type="text",
                    state="done",
                )
                for law in laws
            )
            provisions = []
            for law, document in zip(laws, documents, strict=True):
                chosen = rng.sample(by_language[law.language], min(ARTICLES_PER_LAW, len(by_language[law.language])))
                for order, article in enumerate(chosen, start=1):
                    provisions.append(
                        Provision(
                            law=law,
                            document=document,
                            kind="article",
                            number=str(order),
                            number_value=str(order),
                            heading=article["heading"],
                            text=article["text"],
                            order=order,
                            depth=0,
                            eid=f"art_{order}",
                        )
                    )
            Provision.objects.bulk_create(provisions, batch_size=2000)
            made += len(provisions)
    return made


ANNOTATED_SHARE = 0.03


def annotate_corpus(seed: int = 11) -> int:
    """Approved findings on a share of the articles (a quarter of them not public), with standards, an
    assessment and a rights tag each: the facets the public page counts. Bulk inserts (set-up, not measured)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from legislation.models import Provision
    from reviews.models import Annotation, AnnotationTarget, RightsTag, StandardProvision

    rng = random.Random(seed)
    author, _created = get_user_model().objects.get_or_create(username="bench-researcher")
    standards = list(StandardProvision.objects.values_list("pk", flat=True))
    tags = list(RightsTag.objects.values_list("pk", flat=True))
    assessments = [choice for choice, _label in Annotation.Assessment.choices]
    articles = list(Provision.objects.filter(kind="article").values_list("pk", "law_id", "eid", "text"))
    chosen = rng.sample(articles, int(len(articles) * ANNOTATED_SHARE))
    for start in range(0, len(chosen), 2000):
        batch = chosen[start : start + 2000]
        with transaction.atomic():
            annotations = Annotation.objects.bulk_create(
                Annotation(
                    law_id=law_id,
                    assessment=rng.choice(assessments),
                    commentary=text[:200],
                    author=author,
                    live=True,
                    public=rng.random() > 0.25,
                )
                for _pk, law_id, _eid, text in batch
            )
            AnnotationTarget.objects.bulk_create(
                AnnotationTarget(annotation=annotation, provision_id=pk, eid=eid)
                for annotation, (pk, _law, eid, _text) in zip(annotations, batch, strict=True)
            )
            Annotation.standards.through.objects.bulk_create(
                Annotation.standards.through(annotation_id=annotation.pk, standardprovision_id=standard)
                for annotation in annotations
                for standard in rng.sample(standards, rng.choice((1, 1, 2, 3)))
            )
            Annotation.tags.through.objects.bulk_create(
                Annotation.tags.through(annotation_id=annotation.pk, rightstag_id=rng.choice(tags))
                for annotation in annotations
            )
    return len(chosen)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(function: Callable[[], Any], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


RAW_TABLE = "bench_raw_fts"


def measure_indexing(vendor: str) -> None:
    """Our rebuild (records built from the database, analysed, written with their facets) beside a raw insert
    of the same texts into a bare full-text table."""
    from django.db import connection, transaction

    from legislation.models import Provision
    from search import documents
    from search.engine import backend

    keys = list(documents.all_keys())
    articles = sum(key.startswith("provision:") for key in keys)
    started = time.perf_counter()
    backend().rebuild(keys, total=len(keys), progress=lambda _n: None)
    ours = time.perf_counter() - started
    rows = Provision.objects.filter(kind="article").values_list("heading", "text").iterator(chunk_size=5000)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute(f"CREATE VIRTUAL TABLE {RAW_TABLE} USING fts5(text)")
            insert = f"INSERT INTO {RAW_TABLE}(text) VALUES (%s)"
        else:
            cursor.execute(
                f"CREATE TABLE {RAW_TABLE} (id serial PRIMARY KEY, text text, "
                "v tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED)"
            )
            cursor.execute(f"CREATE INDEX {RAW_TABLE}_v ON {RAW_TABLE} USING GIN (v)")
            insert = f"INSERT INTO {RAW_TABLE}(text) VALUES (%s)"
        batch: list[tuple[str]] = []
        for heading, text in rows:
            batch.append((f"{heading}\n{text}",))
            if len(batch) == 2000:
                cursor.executemany(insert, batch)
                batch = []
        if batch:
            cursor.executemany(insert, batch)
    raw = time.perf_counter() - started
    out("Indexing (whole index rebuilt; raw = the same article texts inserted into a bare full-text table):")
    out(f"  ours: {len(keys):,} records ({articles:,} articles) in {ours:.1f} s = {articles / ours:,.0f} articles/s")
    out(f"  raw:  {articles:,} articles in {raw:.1f} s = {articles / raw:,.0f} articles/s")
    out(f"  ratio ours/raw throughput: {raw / ours:.2f}")


def measure_queries(vendor: str, repeats: int) -> None:
    """Each query of the mix as the public page runs it, and the engine's raw query for the same match."""
    from django.db import connection

    from search.backends.database.translate import plan
    from search.engine import search
    from search.query import parse

    fts = "qanun_search_indexentry_fts"
    entry = "qanun_search_indexentry"
    ours_all: list[float] = []
    raw_all: list[float] = []
    out(f"Queries (public audience, facets and highlights, 20 hits; {repeats} runs each after a warm-up):")
    out(f"  {'query':<32} {'hits':>8} {'ours p50':>9} {'p95':>7} {'raw p50':>8} {'p95':>7}")
    for text in QUERIES:
        match = plan(parse(text), vendor=vendor, audience="public").match
        if vendor == "sqlite":
            raw_sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s ORDER BY rank LIMIT 20"
        else:
            raw_sql = (
                f"SELECT id FROM {entry} WHERE search_vector @@ to_tsquery('simple', %s) "
                "ORDER BY ts_rank_cd(search_vector, to_tsquery('simple', %s), 1) DESC LIMIT 20"
            )
        params = [match] if vendor == "sqlite" else [match, match]

        def ours(text: str = text) -> Any:
            return search(text)

        def raw(sql: str = raw_sql, params: list = params) -> Any:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        total = ours().total
        raw()
        ours_times, raw_times = timed(ours, repeats), timed(raw, repeats)
        ours_all += ours_times
        raw_all += raw_times
        out(
            f"  {text:<32} {total:>8,} {statistics.median(ours_times):>7.1f}ms {percentile(ours_times, 0.95):>5.1f}ms"
            f" {statistics.median(raw_times):>6.1f}ms {percentile(raw_times, 0.95):>5.1f}ms"
        )
    p95_ours, p95_raw = percentile(ours_all, 0.95), percentile(raw_all, 0.95)
    out(f"  all queries: ours p50 {statistics.median(ours_all):.1f} ms, p95 {p95_ours:.1f} ms (goal < 100 ms)")
    out(f"               raw  p50 {statistics.median(raw_all):.1f} ms, p95 {p95_raw:.1f} ms")
    out(f"  ratio ours/raw p95: {p95_ours / p95_raw:.2f} (goal <= 2), p50: "
        f"{statistics.median(ours_all) / statistics.median(raw_all):.2f}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=15, help="runs of each query (after one warm-up)")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="build the corpus and index in DIR and keep them; a later run with the same DIR only measures queries",
    )
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"The shared corpus is not at {CORPUS} (set QANUN_CORPUS).", file=sys.stderr)
        return 1
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args, str(args.keep.resolve()), reuse=(args.keep / "built").exists())
    with tempfile.TemporaryDirectory(prefix="qanun-bench-search-") as var:
        return run(args, var, reuse=False)


def run(args: argparse.Namespace, var: str, *, reuse: bool) -> int:
    os.environ["QANUN_VAR_DIR"] = var
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    for name in ("MEDIA_ROOT", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "ELASTICSEARCH_URL"):
        os.environ.pop(name, None)
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql" and not reuse:
        # A database of its own, made afresh, so the bench never touches anything else.
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    out(f"Engine: {connection.vendor}")
    if reuse:
        out(f"Corpus and index kept in {var} (delete it to build them again)")
    else:
        out("Pool of real articles (the product's pipeline over corpus laws):")
        pool = collect_pool()
        out(f"  {len(pool)} articles ({sum(a['language'] == 'ar' for a in pool)} Arabic)")
        started = time.perf_counter()
        made = build_corpus(pool, args.articles)
        out(f"Corpus: {made:,} articles in {made // ARTICLES_PER_LAW:,} laws ({time.perf_counter() - started:.0f} s)")
        out(f"  {annotate_corpus():,} approved findings on them (a quarter not public)")
        measure_indexing(connection.vendor)
        Path(var, "built").touch()
    measure_queries(connection.vendor, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
