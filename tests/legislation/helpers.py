"""Checks and readers the legislation tests share."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User

from legislation.models import SourceDocument

# Arabic presentation forms (A and B): what pypdf gives for many browser-printed PDFs before NFKC.
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def manifest(corpus: Path) -> dict[str, dict[str, str]]:
    """The corpus MANIFEST, one row per file keyed by its path in the corpus."""
    with open(corpus / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return {row["local_path"]: row for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}


def media_files() -> list[Path]:
    """Every file stored under MEDIA_ROOT (each test has its own)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def provisions_snapshot(document: SourceDocument) -> list[tuple]:
    """What a document's provisions say, in reading order, with each one's parent by eid."""
    return [
        (p.order, p.eid, p.kind, p.number, p.number_value, p.heading, p.text, p.depth, p.parent.eid if p.parent else "")
        for p in document.provisions.select_related("parent").order_by("order")
    ]


def pages_snapshot(document: SourceDocument) -> list[tuple[int, str]]:
    return list(document.pages.order_by("number").values_list("number", "text"))


def assert_failed_cleanly(document: SourceDocument, *words: str) -> None:
    """Failed, with a message for people that names the problem, and nothing half-stored."""
    assert document.state == SourceDocument.State.FAILED
    assert_readable_error(document.error)
    for word in words:
        assert word.lower() in document.error.lower(), document.error
    assert document.pages.count() == 0
    assert document.provisions.count() == 0


def assert_readable_error(message: str) -> None:
    assert message.strip(), "the error is empty"
    assert "Traceback" not in message
    assert 'File "' not in message
    assert not re.search(r"\bNone\b", message), message
    assert " object at 0x" not in message, message


def staff_user(username: str, *codenames: str) -> User:
    """A user who may use the admin, with the given permissions of the legislation app (through a group)."""
    user = User.objects.create_user(username, password="pw-for-tests-1")
    group = Group.objects.create(name=f"group-{username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="legislation"))
    user.groups.add(group)
    return user
