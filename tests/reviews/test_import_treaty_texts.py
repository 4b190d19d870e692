"""Importing the real treaty texts of the corpus: English texts from the Dutch treaty database's Markdown (the
ICCPR's Optional Protocol to its own instrument, the Dutch translations left out) and the UDHR's HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviews.catalogue import standards_import_file
from reviews.models import StandardProvision

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


def _texts(code: str) -> dict[str, str]:
    return dict(StandardProvision.objects.filter(instrument__code=code).values_list("number", "text_en"))


def test_iccpr_file_fills_the_covenant_and_its_optional_protocol_separately(treaties: Path) -> None:
    report = standards_import_file(treaties / "ICCPR.md")

    assert report.rejected == 0
    assert (report.by_instrument["ICCPR"].changed, report.by_instrument["ICCPR-OP1"].changed) == (53, 14)
    covenant, protocol = _texts("ICCPR"), _texts("ICCPR-OP1")
    assert len(covenant) == 53 and all(covenant.values())
    assert len(protocol) == 14 and all(protocol.values())
    assert covenant["19"].startswith("1. Everyone shall have the right to hold opinions without interference.")
    assert "(b) For the protection of national security or of public order (ordre public)" in covenant["19"]
    assert protocol["1"].startswith("A State Party to the Covenant that becomes a party to the present Protocol")
    # Article 1 of the Covenant is about self-determination, not the Protocol's communications.
    assert covenant["1"].startswith("1. All peoples have the right of self-determination.")
    # Nothing of the Dutch translation, nor the signature clause, nor the database's notes or link targets.
    every_text = "\n".join([*covenant.values(), *protocol.values()])
    for foreign in ("Artikel", "Verdrag", "Treedt in werking", "IN FAITH WHEREOF", "README.md", "]("):
        assert foreign not in every_text
    assert "Charter of the United Nations" in covenant["1"]


@pytest.mark.parametrize(
    ("name", "code", "articles", "article_1_starts"),
    [
        ("ICESCR.md", "ICESCR", 31, "1. All peoples have the right of self-determination."),
        ("CRC.md", "CRC", 54, "For the purposes of the present Convention, a child means every human being"),
        ("ICERD.md", "ICERD", 25, '1. In this Convention, the term "racial discrimination"'),
        ("CRPD.md", "CRPD", 50, "The purpose of the present Convention is to promote, protect and ensure"),
    ],
)
def test_treaty_markdown_fills_every_article_once(
    treaties: Path, name: str, code: str, articles: int, article_1_starts: str
) -> None:
    report = standards_import_file(treaties / name)

    assert report.rejected == 0, report.lines()
    assert report.by_instrument[code].changed == articles
    texts = _texts(code)
    assert len(texts) == articles and all(texts.values())
    assert texts["1"].replace("“", '"').replace("”", '"').startswith(article_1_starts)
    assert not any("Treedt in werking" in text or "Artikel" in text for text in texts.values())


def test_a_caption_never_overwrites_a_title_but_titles_a_new_article(treaties: Path) -> None:
    StandardProvision.objects.filter(code="CRPD-21").delete()
    StandardProvision.objects.filter(code="CRPD-9").update(title_en="Accessibility (our wording)")

    standards_import_file(treaties / "CRPD.md")

    assert StandardProvision.objects.get(code="CRPD-9").title_en == "Accessibility (our wording)"
    restored = StandardProvision.objects.get(code="CRPD-21")
    assert restored.title_en == "Freedom of expression and opinion, and access to information"
    assert restored.text_en.startswith("States Parties shall take all appropriate measures")


def test_importing_a_treaty_file_again_changes_nothing(treaties: Path) -> None:
    standards_import_file(treaties / "ICCPR.md")
    again = standards_import_file(treaties / "ICCPR.md")
    assert (again.provisions.added, again.provisions.changed, again.provisions.unchanged) == (0, 0, 67)


def test_a_document_of_unknown_title_is_rejected_unless_named(treaties: Path, tmp_path: Path) -> None:
    text = (treaties / "ICESCR.md").read_text(encoding="utf-8")
    renamed = tmp_path / "covenant.md"
    renamed.write_text(text.replace("International Covenant on Economic, Social and Cultural Rights", "A Covenant"))

    report = standards_import_file(renamed)
    assert report.provisions.changed == 0 and report.rejected == 31
    assert "unknown instrument: no instrument is titled 'A Covenant'" in report.rejections[0].reason

    named = standards_import_file(renamed, instrument="ICESCR")
    assert named.rejected == 0 and named.by_instrument["ICESCR"].changed == 31


def test_udhr_html_fills_arabic_and_english_and_refuses_other_languages(udhr: Path) -> None:
    StandardProvision.objects.filter(instrument__code="UDHR").update(text_en="", text_ar="")

    arabic = standards_import_file(udhr / "arb.html")
    english = standards_import_file(udhr / "eng.html")
    french = standards_import_file(udhr / "fra.html")

    assert (arabic.provisions.changed, english.provisions.changed) == (30, 30)
    article_1 = StandardProvision.objects.get(code="UDHR-1")
    assert article_1.text_ar.startswith("يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق")
    assert article_1.text_en.startswith("All human beings are born free and equal in dignity and rights.")
    article_29 = StandardProvision.objects.get(code="UDHR-29")
    assert article_29.text_en.splitlines()[2].startswith("3. These rights and freedoms may in no case")
    assert "المادة" not in article_29.text_ar  # the heading is not part of the text
    assert french.rejected == 1 and "unsupported language 'fr'" in french.rejections[0].reason
    assert not StandardProvision.objects.filter(instrument__code="UDHR", text_en__icontains="Tous les êtres").exists()
