"""Importing CSV and JSON: what is added, changed and rejected (with the reason), dry runs, and running twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviews.catalogue import standards_import_file
from reviews.models import Instrument, RightsTag, StandardProvision

pytestmark = pytest.mark.django_db

PROVISIONS_CSV = """instrument,number,title_en,title_ar,text_en,tags,keywords
CCPR-GC34,22,Three-part test,الاختبار الثلاثي للقيود,,expression;limitations,"necessity, proportionality"
ICCPR,19,Freedom of expression (edited),,,,
ICCPR,21,,,,assembly;expression,
ICCPR,21,Peaceful assembly again,,,,
NOPE,1,A title,,,,
ICCPR,19-a,A title,,,,
CCPR-GC34,23,,,,expression,
ICCPR,22,,,,expression;flying,
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_import_reports_added_changed_and_each_rejection_with_its_reason(tmp_path: Path) -> None:
    report = standards_import_file(_write(tmp_path, "provisions.csv", PROVISIONS_CSV))

    assert (report.provisions.added, report.provisions.changed, report.provisions.rejected) == (1, 2, 5)
    reasons = {r.where: r.reason for r in report.rejections}
    assert reasons["row 5"].startswith("duplicate: ICCPR-21 is also at row 4")
    assert reasons["row 6"] == "unknown instrument 'NOPE'"
    assert reasons["row 7"].startswith("bad number '19-a'")
    assert reasons["row 8"].startswith("missing title: new provision CCPR-GC34-23")
    assert reasons["row 9"] == "unknown tag 'flying'"

    added = StandardProvision.objects.get(code="CCPR-GC34-22")
    assert (added.title_en, added.title_ar) == ("Three-part test", "الاختبار الثلاثي للقيود")
    assert set(added.tags.values_list("slug", flat=True)) == {"expression", "limitations"}
    assert added.keywords == "necessity, proportionality"
    edited = StandardProvision.objects.get(code="ICCPR-19")
    assert edited.title_en == "Freedom of expression (edited)"
    assert edited.title_ar == "حرية الرأي والتعبير"  # an empty cell leaves the field as it was
    assert set(StandardProvision.objects.get(code="ICCPR-21").tags.values_list("slug", flat=True)) == {
        "assembly",
        "expression",
    }
    assert not StandardProvision.objects.get(code="ICCPR-22").tags.filter(slug="expression").exists()


def test_csv_import_twice_adds_and_changes_nothing_the_second_time(tmp_path: Path) -> None:
    path = _write(tmp_path, "provisions.csv", PROVISIONS_CSV)
    standards_import_file(path)
    again = standards_import_file(path)
    assert (again.provisions.added, again.provisions.changed, again.provisions.unchanged) == (0, 0, 3)
    assert again.provisions.rejected == 5


def test_dry_run_reports_the_same_and_saves_nothing(tmp_path: Path) -> None:
    report = standards_import_file(_write(tmp_path, "provisions.csv", PROVISIONS_CSV), dry_run=True)
    assert (report.provisions.added, report.provisions.changed) == (1, 2)
    assert not StandardProvision.objects.filter(code="CCPR-GC34-22").exists()
    assert StandardProvision.objects.get(code="ICCPR-19").title_en == "Freedom of opinion and expression"


def test_csv_of_instruments_and_of_tags(tmp_path: Path) -> None:
    tags = _write(
        tmp_path,
        "tags.csv",
        "slug,name_en,name_ar,parent\n"
        "press,Press freedom,حرية الصحافة,expression\n"
        "Bad Slug,Bad,,\n"
        "orphan,Orphan,,no-such-tag\n",
    )
    instruments = _write(
        tmp_path,
        "instruments.csv",
        "code,kind,title_en,title_ar,body,adopted,parent,interprets\n"
        "CCPR-GC36,general-comment,General comment No. 36: Article 6: right to life,,Human Rights Committee,"
        ",ICCPR,ICCPR-6 ICCPR-99\n"
        "XX,law,Not a kind,,,,,\n"
        "YY,treaty,A treaty,,,31/12/2020,,\n",
    )

    tag_report = standards_import_file(tags)
    instrument_report = standards_import_file(instruments)

    assert (tag_report.tags.added, tag_report.tags.rejected) == (1, 2)
    assert RightsTag.objects.get(slug="press").parent.slug == "expression"
    assert any("unknown parent tag 'no-such-tag'" in r.reason for r in tag_report.rejections)
    assert instrument_report.instruments.added == 1
    gc36 = Instrument.objects.get(code="CCPR-GC36")
    assert gc36.parent.code == "ICCPR" and list(gc36.interprets.values_list("code", flat=True)) == ["ICCPR-6"]
    reasons = " | ".join(r.reason for r in instrument_report.rejections)
    assert "interprets an unknown provision 'ICCPR-99'" in reasons
    assert "unknown kind 'law'" in reasons
    assert "bad date '31/12/2020'" in reasons


def test_json_with_instruments_and_nested_provisions(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "gc.json",
        """{"instruments": [{"code": "CRC-GC10", "kind": "general-comment", "parent": "CRC",
             "title_en": "General comment No. 10: Children's rights in juvenile justice", "interprets": ["CRC-40"],
             "provisions": [{"number": "1", "title_en": "Introduction", "tags": ["children", "fair-trial"]}]}],
           "provisions": [{"instrument": "CRC", "number": "40", "keywords": "juvenile, الأحداث"}]}""",
    )
    report = standards_import_file(path)
    assert (report.instruments.added, report.provisions.added, report.provisions.changed) == (1, 1, 1)
    assert StandardProvision.objects.get(code="CRC-GC10-1").instrument.parent.code == "CRC"
    assert StandardProvision.objects.get(code="CRC-40").keywords == "juvenile, الأحداث"


def test_a_file_that_is_not_json_is_rejected_as_a_whole(tmp_path: Path) -> None:
    report = standards_import_file(_write(tmp_path, "broken.json", '{"provisions": [ '))
    assert report.rejected == 1 and report.rejections[0].reason.startswith("not valid JSON")
