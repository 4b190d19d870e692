"""The catalogue shipped in reviews/data is in the database after migrate: every article of every instrument, titled
in English and Arabic, tagged, with stable unique codes; loading it again writes nothing and keeps staff edits."""

from __future__ import annotations

import pytest
from django.db.models import Count

from reviews.catalogue import catalogue_install, shipped_batch
from reviews.models import Instrument, RightsTag, StandardProvision

pytestmark = pytest.mark.django_db

# Articles per instrument, as the treaties number them.
ARTICLES = {
    "UDHR": 30, "ICCPR": 53, "ICCPR-OP1": 14, "ICESCR": 31, "CAT": 33, "CEDAW": 30, "CRC": 54, "CRPD": 50,
    "ICERD": 25, "CED": 45, "ICMW": 93, "ArCHR": 53,
}  # fmt: skip


def test_every_instrument_is_loaded_with_every_article_numbered_from_one() -> None:
    for code, count in ARTICLES.items():
        numbers = list(
            StandardProvision.objects.filter(instrument__code=code).order_by("order").values_list("number", flat=True)
        )
        assert numbers == [str(n) for n in range(1, count + 1)], code


def test_every_article_has_a_title_in_english_and_arabic_and_at_least_one_tag() -> None:
    provisions = StandardProvision.objects.annotate(tag_count=Count("tags"))
    assert provisions.filter(title_en="").count() == 0
    assert provisions.filter(title_ar="").count() == 0
    assert not provisions.filter(tag_count=0).exists()
    arabic = provisions.exclude(title_ar__regex=r"[\u0600-\u06FF]")
    assert not arabic.exists(), list(arabic.values_list("code", flat=True))


def test_provision_codes_are_unique_and_made_of_instrument_code_and_number() -> None:
    codes = list(StandardProvision.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    article_19 = StandardProvision.objects.get(code="ICCPR-19")
    assert (article_19.instrument.code, article_19.number) == ("ICCPR", "19")
    assert article_19.title_en == "Freedom of opinion and expression"
    assert article_19.title_ar == "حرية الرأي والتعبير"
    assert set(article_19.tags.values_list("slug", flat=True)) >= {"expression"}
    assert StandardProvision.objects.get(code="ICCPR-OP1-1").instrument.parent.code == "ICCPR"


def test_taxonomy_has_the_rights_the_reviewers_tag_with_in_both_languages() -> None:
    wanted = {
        "expression", "assembly", "association", "fair-trial", "liberty", "torture", "privacy", "religion",
        "equality", "women", "children", "nationality", "property", "labour",
    }  # fmt: skip
    tags = RightsTag.objects.filter(slug__in=wanted)
    assert set(tags.values_list("slug", flat=True)) == wanted
    assert not tags.filter(name_ar="").exists()
    assert RightsTag.objects.get(slug="death-penalty").parent.slug == "life"
    # Each right of the taxonomy is on some provision.
    assert set(tags.filter(provisions__isnull=False).values_list("slug", flat=True)) == wanted


def test_udhr_ships_its_arabic_and_english_texts() -> None:
    udhr = StandardProvision.objects.filter(instrument__code="UDHR")
    assert not udhr.filter(text_en="").exists() and not udhr.filter(text_ar="").exists()
    article_19 = udhr.get(number="19")
    assert article_19.text_en.startswith("Everyone has the right to freedom of opinion and expression")
    assert "حرية الرأي والتعبير" in article_19.text_ar
    # Treaties whose texts are not shipped have none yet.
    assert not StandardProvision.objects.filter(instrument__code="ArCHR").exclude(text_en="").exists()


def test_soft_law_has_its_own_kinds_and_points_at_what_it_interprets() -> None:
    kinds = set(Instrument.objects.values_list("kind", flat=True))
    assert set(Instrument.SOFT_LAW) <= kinds
    gc34 = Instrument.objects.get(code="CCPR-GC34")
    assert gc34.kind == Instrument.Kind.GENERAL_COMMENT and gc34.parent.code == "ICCPR"
    assert list(gc34.interprets.values_list("code", flat=True)) == ["ICCPR-19"]
    assert StandardProvision.objects.get(code="ICCPR-19").interpreted_by.filter(code="CCPR-GC34").exists()
    assert Instrument.objects.get(code="CESCR-GC23").interprets.get().code == "ICESCR-7"
    assert StandardProvision.objects.get(code="CCPR-GC34-47").tags.filter(slug="expression").exists()


def test_loading_the_shipped_catalogue_again_writes_nothing() -> None:
    report = catalogue_install()
    assert (report.provisions.added, report.provisions.changed, report.rejected) == (0, 0, 0)
    assert (report.instruments.added, report.instruments.changed, report.tags.added) == (0, 0, 0)
    assert report.provisions.unchanged == StandardProvision.objects.count()


def test_loading_on_migrate_keeps_staff_edits_and_brings_back_what_is_missing() -> None:
    article = StandardProvision.objects.get(code="ICCPR-14")
    article.title_en = "Right to a fair trial (edited)"
    article.save()
    StandardProvision.objects.filter(code="CAT-1").delete()

    report = catalogue_install()

    assert StandardProvision.objects.get(code="ICCPR-14").title_en == "Right to a fair trial (edited)"
    restored = StandardProvision.objects.get(code="CAT-1")
    assert restored.title_en == "Definition of torture" and restored.tags.filter(slug="torture").exists()
    assert (report.provisions.added, report.provisions.changed) == (1, 0)


def test_the_catalogue_is_loaded_into_an_emptied_database_too() -> None:
    StandardProvision.objects.all().delete()
    Instrument.objects.filter(parent__isnull=False).delete()
    Instrument.objects.all().delete()
    RightsTag.objects.all().delete()

    report = catalogue_install()

    assert report.provisions.added == len(shipped_batch().provisions) >= sum(ARTICLES.values())
    assert StandardProvision.objects.get(code="ICCPR-9").tags.filter(slug="liberty").exists()
    assert Instrument.objects.get(code="CCPR-GC35").interprets.get().code == "ICCPR-9"
