"""python manage.py ingest: bulk import with per-file results, JSON lines, and an exit status that tells."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from legislation.models import Law, SourceDocument
from tests.conftest import REPO, database_url

pytestmark = pytest.mark.django_db


def _ingest(*args: str) -> tuple[int, list[dict]]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("ingest", *args, "--json", "--inline", stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_ingest_folder_inline_reports_each_file_as_json(corpus: Path) -> None:
    code, rows = _ingest(str(corpus / "laws/syria/md"))
    assert code == 0
    assert {Path(r["path"]).name for r in rows} == {p.name for p in (corpus / "laws/syria/md").glob("*.md")}
    for row in rows:
        assert set(row) >= {"path", "state", "pages", "provisions", "articles", "error"}
        assert row["state"] == "done" and row["error"] == ""
        assert row["articles"] > 10
    assert Law.objects.count() == len(rows)
    # Laws made from English-looking file names take their language from their (Arabic) text.
    assert set(Law.objects.values_list("language", flat=True)) == {"ar"}


def test_ingest_exits_non_zero_and_says_why_when_a_file_fails(corpus: Path) -> None:
    code, rows = _ingest(
        str(corpus / "edge_cases/pdf/pypdf__crazyones.pdf"), str(corpus / "edge_cases/pdf/pypdf__encrypted-file.pdf")
    )
    assert code == 1
    by_name = {Path(r["path"]).name: r for r in rows}
    assert by_name["pypdf__crazyones.pdf"]["state"] == "done"
    assert by_name["pypdf__encrypted-file.pdf"]["state"] == "failed"
    assert "password" in by_name["pypdf__encrypted-file.pdf"]["error"]


def test_ingest_with_law_options_attaches_all_files_to_one_law(corpus: Path) -> None:
    code, rows = _ingest(
        str(corpus / "laws/syria/md/sy_nationality_law.md"),
        str(corpus / "laws/syria/html/sy_nationality_law.html"),
        "--kind", "legislative-decree", "--number", "276", "--year", "1969", "--title", "قانون الجنسية",
    )  # fmt: skip
    assert code == 0
    law = Law.objects.get()
    assert (law.kind, law.number, law.year, law.title_ar, law.language) == (
        "legislative-decree", "276", 1969, "قانون الجنسية", "ar",
    )  # fmt: skip
    assert law.documents.count() == 2


def test_ingest_of_the_same_file_twice_reports_it_uploaded_before(corpus: Path) -> None:
    path = str(corpus / "laws/syria/md/sy_nationality_law.md")
    _ingest(path)
    code, rows = _ingest(path)
    assert code == 0
    assert rows[0]["already_uploaded"] is True and rows[0]["state"] == "done"
    assert Law.objects.count() == 1 and SourceDocument.objects.count() == 1


def test_ingest_refused_file_is_reported_and_leaves_no_law(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    code, rows = _ingest(str(empty))
    assert code == 1
    assert rows == [
        {"path": str(empty), "state": "failed", "pages": None, "provisions": 0, "articles": 0,
         "error": "empty.pdf: the file is empty (0 bytes)."}
    ]  # fmt: skip
    assert not Law.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_ingest_waits_for_the_worker_with_a_progress_bar(celery_worker, corpus: Path) -> None:
    """The command as a user runs it, in its own process, with the real worker doing the work."""
    env = {**os.environ, "DATABASE_URL": database_url(), "MEDIA_ROOT": celery_worker.media_root}
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(corpus / "laws/syria/pdf/sy_rent_law_20_2015.pdf")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "done" in done.stdout and "pages=11" in done.stdout
    assert "processing" in done.stderr  # the progress bar


@pytest.mark.django_db(transaction=True)
def test_ingest_without_a_worker_gives_up_when_nothing_moves_and_says_why(corpus: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url()}
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(corpus / "edge_cases/pdf/pypdf__toy.pdf"), "--timeout", "2"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "queued" in done.stdout and "Is one running (make worker)? Or use --inline." in done.stdout
