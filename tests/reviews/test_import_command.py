"""python manage.py import_standards: the per-file report, the exit code, and a second run that changes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reviews.models import StandardProvision

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_standards", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.corpus
def test_command_reports_each_file_and_exits_zero_when_nothing_is_rejected(corpus: Path) -> None:
    folder = corpus / "hr_instruments"
    files = [str(folder / "en_treaties_statengeneraal" / "ICCPR.md"), str(folder / "udhr" / "arb.html")]

    code, out, _err = _run(*files)

    assert code == 0
    assert "ICCPR.md:\n" in out and "arb.html:\n" in out
    assert "    ICCPR: 0 added, 53 changed, 0 unchanged, 0 rejected" in out
    assert "    ICCPR-OP1: 0 added, 14 changed, 0 unchanged, 0 rejected" in out
    assert "read as ICCPR-OP1: 14 articles" in out
    code, again, _err = _run(*files)
    assert code == 0
    assert "provisions: 0 added, 0 changed, 67 unchanged, 0 rejected" in again
    assert "provisions: 0 added, 0 changed, 30 unchanged, 0 rejected" in again


@pytest.mark.corpus
def test_command_exits_one_and_says_why_when_something_is_rejected(corpus: Path) -> None:
    code, out, err = _run(str(corpus / "hr_instruments" / "udhr" / "fra.html"))
    assert code == 1
    assert "rejected file fra.html: unsupported language 'fr'" in out
    assert "1 rejected" in err


def test_command_csv_with_instrument_option_and_dry_run(tmp_path: Path) -> None:
    path = tmp_path / "gc34.csv"
    path.write_text("number,title_en,tags\n25,Provided by law: precision,expression;legality\n26,,\n", encoding="utf-8")

    code, out, err = _run(str(path), "--instrument", "CCPR-GC34", "--dry-run")
    assert code == 1 and "(dry run, nothing saved)" in out and "nothing was saved" in err
    assert "rejected provision row 3: missing title: new provision CCPR-GC34-26" in out
    assert not StandardProvision.objects.filter(code="CCPR-GC34-25").exists()

    code, out, _err = _run(str(path), "--instrument", "CCPR-GC34")
    assert code == 1 and "provisions: 1 added, 0 changed, 0 unchanged, 1 rejected" in out
    assert StandardProvision.objects.get(code="CCPR-GC34-25").title_en == "Provided by law: precision"


def test_command_refuses_a_missing_file_or_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_standards", str(tmp_path / "missing.csv"))
    odd = tmp_path / "standards.txt"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="give --format"):
        call_command("import_standards", str(odd))
