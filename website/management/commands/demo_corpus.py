"""python manage.py demo_corpus: the demo laws in demo/ and an administrator login, ready to use."""

from __future__ import annotations

import json
import os
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from legislation import services
from legislation.models import Law
from proposals.models import ProposalPage

DEMO_DIR = Path(settings.BASE_DIR) / "demo"


class Command(BaseCommand):
    help = "Load the demo corpus (demo/demo.json) and create an administrator; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default=os.environ.get("QANUN_ADMIN_USER", "admin"))
        parser.add_argument("--no-process", action="store_true", help="queue the files for the worker instead")
        parser.add_argument(
            "--no-sample-review", action="store_true", help="no sample findings and proposal (added once otherwise)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username, password = self._admin(options["username"])
        for item in json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8")):
            self._load(item, process=not options["no_process"])
        if not options["no_sample_review"] and not options["no_process"]:
            self._sample_review()
        self.stdout.write(self.style.SUCCESS(f"Administrator login: {username} / {password}"))

    def _sample_review(self) -> None:
        """Findings and a published proposal on the demo Basic Law, once, so the public site has something to show."""
        from website.demo import demo_review_sample

        if ProposalPage.objects.exists():
            return
        urls = demo_review_sample()
        if urls:
            self.stdout.write(f"sample proposal published: {', '.join(urls.values())}")

    def _admin(self, username: str) -> tuple[str, str]:
        """Create the administrator once; its password is kept in var/ so every run can print it."""
        password_file = Path(settings.VAR_DIR) / "admin-password.txt"
        user_model = get_user_model()
        if password_file.exists() and user_model.objects.filter(username=username).exists():
            return username, password_file.read_text().strip()
        password = os.environ.get("QANUN_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user, _ = user_model.objects.get_or_create(username=username, defaults={"email": f"{username}@localhost"})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        return username, password

    def _load(self, item: dict[str, Any], process: bool) -> None:
        path = DEMO_DIR / item["file"]
        fields = {k: v for k, v in item.items() if k != "file"}
        for key in ("date_issued", "date_published"):
            if fields.get(key):
                fields[key] = date.fromisoformat(fields[key])
        law = Law.objects.filter(kind=fields["kind"], year=fields["year"], number=fields["number"]).first()
        if law is None or not fields["number"]:
            law = Law.objects.filter(title_en=fields.get("title_en", "")).first() or services.law_create(**fields)
        result = services.document_upload_path(law=law, path=path, enqueue=not process)
        if result.created and process:
            services.document_process(result.document.pk)
        document = result.document
        document.refresh_from_db()
        articles = document.provisions.filter(kind="article").count()
        self.stdout.write(f"{document.state:<8} {law}  ({document.page_count} pages, {articles} articles)")
