"""Public page speed: server time of the home page, a proposal page and a 300-article law page, each as a ratio to
a static file served by the same server in the same run.

    .venv/bin/python bench/pages.py              # 200 requests a page after 20 warm-up ones: about a minute
    .venv/bin/python bench/pages.py -n 500

A scratch database on the embedded default (SQLite in a temporary folder, migrated) holds: a published law of
exactly 300 articles made of real article texts (those of a corpus law, ``sy_personal_status_law_59_1953.md``,
taken in order and repeated when it has fewer), put through the product's pipeline (``document_upload`` and
``document_process``) so its provisions are what segmentation makes; 30 of its articles carry approved, public
findings (drafted, submitted and approved through the review workflow), so the page draws its findings and chart;
and, when the proposals app has its pages, a live proposal about the law. The app is served by ``wsgiref`` in a
thread, wrapped in Django's ``StaticFilesHandler`` (so the static file goes through the same server) and in a timer
that measures *server time*: from the request entering the WSGI app to the last byte of the body being produced.
Requests are made one at a time over HTTP from this process; the figures are server time, not round trips.

Goal (issue 6): p95 under 50 ms for a proposal and under 200 ms for the 300-article law page. Exit code 0 always,
or 1 when the corpus is missing.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CORPUS = Path(os.environ.get("QANUN_CORPUS", REPO.parent / "shared" / "corpus"))
SOURCE_LAW = "laws/syria/md/sy_personal_status_law_59_1953.md"
ARTICLES = 300
FINDINGS = 30
GOALS_MS = {"proposal": 50.0, "law (300 articles)": 200.0}

timings: dict[str, list[float]] = defaultdict(list)


class Timed:
    """WSGI middleware: server time per request path, body produced included."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        started = time.perf_counter()
        body = b"".join(self.app(environ, start_response))
        timings[environ.get("PATH_INFO", "")].append(time.perf_counter() - started)
        return [body]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def article_texts() -> list[str]:
    """The corpus law's articles' whole texts, through the pipeline."""
    from legislation import services
    from legislation.models import Law
    from reviews.annotations import provision_texts

    source = Law.objects.create(title_ar="قانون الأحوال الشخصية", language="ar", kind="law", number="59", year=1953)
    result = services.document_upload_path(law=source, path=CORPUS / SOURCE_LAW, enqueue=False)
    services.document_process(result.document.pk)
    texts = [text for provision, text in provision_texts(source.pk).values() if provision.kind == "article"]
    source.delete()
    return texts


def build_law(texts: list[str]) -> Any:
    """A published law of exactly ARTICLES articles: «المادة n» and a corpus article's text, in order, repeated."""
    from legislation import services
    from legislation.models import Law

    lines = []
    for n in range(ARTICLES):
        body = texts[n % len(texts)].split("\n", 1)
        lines.append(f"المادة {n + 1}\n{body[1] if len(body) > 1 else body[0]}")
    law = Law.objects.create(
        title_ar="قانون للقياس من ثلاثمئة مادة", title_en="A 300-article law for the bench", language="ar",
        kind="law", number="300", year=2024, issuing_authority="مجلس الشعب", published=True,
    )  # fmt: skip
    result = services.document_upload(
        law=law, stream=io.BytesIO("\n".join(lines).encode()), name="law300.txt", enqueue=False
    )
    services.document_process(result.document.pk)
    return law


def add_findings(law: Any) -> None:
    from django.contrib.auth import get_user_model

    from reviews.models import StandardProvision
    from website.demo import public_finding

    users = get_user_model()
    author = users.objects.create_superuser("bench-author", "a@example.org", "x")
    reviewer = users.objects.create_superuser("bench-reviewer", "r@example.org", "x")
    standards = list(StandardProvision.objects.filter(code__in=["ICCPR-19", "ICCPR-9", "ICCPR-14", "ICCPR-26"]))
    assessments = ["incompatible", "partially_compatible", "compatible", "unclear"]
    articles = list(law.provisions.filter(kind="article").order_by("order"))
    for index in range(FINDINGS):
        public_finding(
            articles[index * (len(articles) // FINDINGS)],
            assessment=assessments[index % len(assessments)],
            standards=[standards[index % len(standards)]] if standards else [],
            commentary="تعليق الباحث على هذه المادة في ضوء المعيار الدولي.",
            author=author,
            reviewer=reviewer,
        )


def add_proposal(law: Any) -> str | None:
    try:
        from proposals.models import ProposalIndexPage, ProposalPage
    except ImportError:
        return None
    from wagtail.models import Locale

    from website.models import HomePage

    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    index = ProposalIndexPage.objects.child_of(home).first() or home.add_child(
        instance=ProposalIndexPage(title="Reform proposals", slug="proposals")
    )
    proposal = index.add_child(
        instance=ProposalPage(
            title="Reform the 300-article law", slug="reform-300", law=law, live=False,
            summary="Repeal the articles that punish speech and narrow those on detention.",
        )
    )  # fmt: skip
    proposal.save_revision().publish()
    proposal.refresh_from_db()
    return proposal.url


def measure(base: str, paths: dict[str, str], requests: int, warmup: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}
    for name, path in paths.items():
        timings.clear()
        for _ in range(warmup + requests):
            with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310  our own local server
                response.read()
                if response.status != 200:
                    raise SystemExit(f"{path} answered {response.status}")
        samples = [t for values in timings.values() for t in values]
        results[name] = samples[warmup:]
    return results


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    if not (CORPUS / SOURCE_LAW).exists():
        print(f"The shared corpus is not at {CORPUS} (set QANUN_CORPUS).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="qanun-bench-pages-") as var:
        os.environ["QANUN_VAR_DIR"] = var
        os.environ["DEBUG"] = "false"
        os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
        os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
        for name in ("DATABASE_URL", "MEDIA_ROOT", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
            os.environ.pop(name, None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        logging.disable(logging.WARNING)
        from django.conf import settings

        # The review workflow mails reviewers; there is no mail server here.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.management import call_command
        from django.core.wsgi import get_wsgi_application

        from legislation.citations import law_path

        print("Scratch database: migrating, building the 300-article law, its findings and a proposal…")
        call_command("migrate", verbosity=0)
        texts = article_texts()
        law = build_law(texts)
        articles = law.provisions.filter(kind="article").count()
        add_findings(law)
        proposal = add_proposal(law)
        paths = {"static file": "/static/website/site.css", "home": "/"}
        if proposal:
            paths["proposal"] = proposal
        paths["law (300 articles)"] = law_path(law)

        server = make_server(
            "127.0.0.1", 0, Timed(StaticFilesHandler(get_wsgi_application())), handler_class=QuietHandler
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            results = measure(base, paths, args.requests, args.warmup)
        finally:
            server.shutdown()

    print(f"\nLaw: {articles} articles from {len(texts)} distinct corpus articles ({SOURCE_LAW}),", end=" ")
    print(f"{FINDINGS} public findings")
    if not proposal:
        print("Proposal: none (the proposals app has no pages yet)")
    print(f"{args.requests} requests a page after {args.warmup} warm-up ones;", end=" ")
    print("server time in ms; SQLite (the embedded default)\n")
    static_p50 = statistics.median(results["static file"]) * 1000
    static_p95 = percentile(results["static file"], 95) * 1000
    print(f"{'page':<22}{'p50':>9}{'p95':>9}{'p50 ×static':>13}{'p95 ×static':>13}{'goal p95':>10}")
    for name, samples in results.items():
        p50 = statistics.median(samples) * 1000
        p95 = percentile(samples, 95) * 1000
        goal = GOALS_MS.get(name)
        verdict = "" if goal is None else f"{'<' if p95 < goal else '≥'}{goal:.0f} {'ok' if p95 < goal else 'MISSED'}"
        print(f"{name:<22}{p50:>9.1f}{p95:>9.1f}{p50 / static_p50:>13.1f}{p95 / static_p95:>13.1f}{verdict:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
