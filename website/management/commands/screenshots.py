"""python manage.py screenshots: full-page PNGs of the public home page, a law page, a search and a proposal, in
English and Arabic, into var/screenshots/ (``make screenshots``).

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

from website.demo import demo_review_sample

# Findings on the demo's Saudi Basic Law of Governance: (article eid, assessment, standards, commentary).
LAW_PATH = "/laws/constitution/1992/%D8%A3-90/"  # the Saudi Basic Law (number أ/90)
# «الدولة» (the state) with one law kind ticked: the results, and the facets counted beside that filter.
SEARCH_PATH = "/search/?q=%D8%A7%D9%84%D8%AF%D9%88%D9%84%D8%A9&kind=constitution"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


class Command(BaseCommand):
    help = "Screenshots of the public site (home, a law, a search, a proposal; English, Arabic) into var/screenshots/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "screenshots"))
        parser.add_argument("--keep", action="store_true", help="keep the temporary database folder")
        parser.add_argument("--sample-content", action="store_true", help="(internal) add findings and a proposal")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sample_content"]:
            self.stdout.write(json.dumps(demo_review_sample()))
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
            log = open(work / "server.log", "wb")
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            _wait_for(base + "/")
            pages = {"home": "/", "law": LAW_PATH, "search": SEARCH_PATH}
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
