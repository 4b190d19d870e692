"""python manage.py screenshots: full-page PNGs of the public home page, a law page and a proposal, in English and
Arabic, into var/screenshots/ (``make screenshots``).

Runs against a temporary database of its own (never yours): migrates it, loads the demo corpus, adds a few public
findings and, when the proposals app has its pages, a sample proposal; starts a server on it and drives Debian's
chromium through Playwright at desktop and phone widths."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

# Findings on the demo's Saudi Basic Law of Governance: (article eid, assessment, standards, commentary).
SAMPLE_FINDINGS = (
    (
        "part_5__art_39",
        "incompatible",
        ["ICCPR-19"],
        "تُلزم المادة وسائل الإعلام بعبارات فضفاضة («ما يؤدي إلى الفتنة أو الانقسام») تسمح بتقييد التعبير المشروع "
        "دون ضابط، خلافاً لشرطي الضرورة والتناسب في المادة 19(3) من العهد.",
    ),
    (
        "part_5__art_26",
        "partially_compatible",
        ["ICCPR-2"],
        "تحمي الدولة حقوق الإنسان «وفق الشريعة الإسلامية»، وهو قيد عام قد يُستعمل لتضييق الحقوق المكفولة دولياً.",
    ),
    (
        "part_5__art_37",
        "compatible",
        ["ICCPR-17"],
        "تكفل المادة حرمة المساكن وتشترط إذناً أو نصاً نظامياً لدخولها أو تفتيشها.",
    ),
    (
        "part_5__art_40",
        "partially_compatible",
        ["ICCPR-17"],
        "تحمي المادة سرية المراسلات لكنها تجيز الاطلاع عليها «في الحالات التي يبينها النظام» دون ضمانات قضائية.",
    ),
)
LAW_PATH = "/laws/constitution/1992/%D8%A3-90/"  # the Saudi Basic Law (number أ/90)
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


class Command(BaseCommand):
    help = "Take screenshots of the public site (home, a law, a proposal; English and Arabic) into var/screenshots/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "screenshots"))
        parser.add_argument("--keep", action="store_true", help="keep the temporary database folder")
        parser.add_argument("--sample-content", action="store_true", help="(internal) add findings and a proposal")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sample_content"]:
            self.stdout.write(json.dumps(_sample_content()))
            return
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        if not Path(chromium).exists():
            raise CommandError("Debian's chromium is needed (make install installs it as root).")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="qanun-screenshots-"))
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "MEDIA_ROOT"}}
        env.update(QANUN_VAR_DIR=str(work), DEBUG="true", CELERY_TASK_ALWAYS_EAGER="true", PYTHONUNBUFFERED="1")
        env.pop("PYTEST_VERSION", None)
        server = None
        try:
            self._run(env, "migrate", "--noinput", "-v0")
            self._run(env, "demo_corpus")
            urls = json.loads(self._run(env, "screenshots", "--sample-content").strip().splitlines()[-1])
            port = _free_port()
            log = open(work / "server.log", "wb")  # noqa: SIM115  the server process holds it
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            _wait_for(base + "/")
            pages = {"home": "/", "law": LAW_PATH}
            if urls.get("proposal_en"):
                pages["proposal"] = urls["proposal_en"]
            taken = self._shoot(chromium, base, pages, urls, out)
        finally:
            if server is not None:
                server.terminate()
                server.wait(10)
            if not options["keep"]:
                shutil.rmtree(work, ignore_errors=True)
        for path in taken:
            self.stdout.write(str(path))
        if "proposal" not in pages:
            self.stdout.write(self.style.WARNING("No proposal screenshots: the proposals app has no pages yet."))

    def _run(self, env: dict[str, str], *command: str) -> str:
        self.stderr.write(f"manage.py {' '.join(command)}")
        done = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise CommandError(f"manage.py {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _shoot(self, chromium: str, base: str, pages: dict[str, str], urls: dict[str, str], out: Path) -> list[Path]:
        from playwright.sync_api import sync_playwright

        taken = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            for width_name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, path in pages.items():
                    for language in ("en", "ar"):
                        if name == "proposal":
                            target = urls.get(f"proposal_{language}") or path
                        else:
                            target = path if language == "en" else "/ar" + path
                        response = page.goto(base + target)
                        if response is None or response.status != 200:
                            raise CommandError(f"{target} answered {response.status if response else 'nothing'}")
                        suffix = "" if width_name == "desktop" else "-phone"
                        file = out / f"{name}-{language}{suffix}.png"
                        page.screenshot(path=str(file), full_page=True)
                        taken.append(file)
                page.close()
            browser.close()
        return taken


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  our own local server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"the server did not answer at {url}")


def _sample_content() -> dict[str, str]:
    """Public findings on the Basic Law and, when the proposals app has pages, a proposal about it (en + ar)."""
    from django.contrib.auth import get_user_model

    from legislation.models import Law
    from reviews.annotations import (
        AnnotationInput,
        annotation_create,
        annotation_review,
        annotation_set_public,
        annotation_submit,
    )
    from reviews.models import StandardProvision

    users = get_user_model()
    author = users.objects.filter(is_superuser=True).order_by("pk").first()
    reviewer, _ = users.objects.get_or_create(
        username="screenshot-reviewer", defaults={"is_superuser": True, "is_staff": True}
    )
    law = Law.objects.get(kind="constitution", year=1992)
    for eid, assessment, codes, commentary in SAMPLE_FINDINGS:
        provision = law.provisions.filter(eid=eid).first()
        if provision is None:
            continue
        annotation = annotation_create(
            AnnotationInput(
                provision=provision,
                assessment=assessment,
                standards=StandardProvision.objects.filter(code__in=codes),
                commentary=commentary,
            ),
            user=author,
        )
        annotation_submit(annotation, user=author)
        annotation_review(annotation, user=reviewer, approve=True)
        annotation_set_public(annotation, user=reviewer, public=True)
    return _sample_proposal(law)


def _sample_proposal(law: Any) -> dict[str, str]:
    try:
        from proposals.models import ProposalIndexPage, ProposalPage
    except ImportError:
        return {}
    from wagtail.models import Locale

    from website.models import HomePage

    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    index = ProposalIndexPage.objects.child_of(home).first() or home.add_child(
        instance=ProposalIndexPage(title="Reform proposals", slug="proposals")
    )
    proposal = index.add_child(
        instance=ProposalPage(
            title="Free expression in the Basic Law of Governance",
            slug="free-expression-basic-law",
            law=law,
            summary="Narrow Article 39 so that only speech the Covenant allows to be restricted can be.",
            live=False,
        )
    )
    _add_articles(proposal, ["part_5__art_39"])
    proposal.save_revision().publish()
    proposal.refresh_from_db()
    urls = {"proposal_en": proposal.url}
    arabic = Locale.objects.get(language_code="ar")
    try:
        translated = proposal.copy_for_translation(arabic, copy_parents=True)
        translated.title = "حرية التعبير في النظام الأساسي للحكم"
        translated.summary = "تضييق المادة 39 بحيث لا يُقيَّد من التعبير إلا ما يجيز العهد تقييده."
        translated.save_revision().publish()
        translated.refresh_from_db()
        urls["proposal_ar"] = translated.url
    except Exception as exc:  # noqa: BLE001  a sample translation is a nicety; the English page is shot anyway
        sys.stderr.write(f"no Arabic sample proposal: {exc}\n")
    return urls


def _add_articles(proposal: Any, eids: list[str]) -> None:
    """The articles the proposal is about, when the proposal model has them."""
    try:
        from proposals.models import ProposalArticle
    except ImportError:
        return
    proposal.articles = [ProposalArticle(eid=eid) for eid in eids]
    proposal.save()
