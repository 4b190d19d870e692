"""Merging and splitting provisions by hand on a law's page: applied at once, kept when the file is processed again,
reported as conflicting when the text no longer fits, never losing or repeating text, and only for those who may
edit the law."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from legislation import corrections, services
from legislation.models import Provision, ProvisionCorrection, SourceDocument
from legislation.segmentation import segment
from tests.legislation.conftest import Ingest
from tests.legislation.helpers import provisions_snapshot, staff_user

pytestmark = pytest.mark.django_db

# Two faults segmentation cannot see: a cross-reference wrapped to the start of a line reads as an article 3 (the
# real one becomes art_3_2), and the heading of article 4 is missing, so its text runs on inside article 3.
LAW = """قانون تجريبي للتصحيح
الباب الأول
أحكام عامة
المادة 1
تسري أحكام هذا القانون على:
أ- العاملين في الدولة.
ب- العاملين في القطاع الخاص.
المادة 2
يعمل بهذا القانون مع مراعاة ما تنص عليه
المادة 3 من قانون العقوبات العام.
المادة 3
تحدد التعليمات التنفيذية أصول تطبيقه.
يلغى كل نص مخالف لأحكام هذا القانون.
الباب الثاني
المادة 5
ينشر هذا القانون في الجريدة الرسمية.
"""
MISSED_ARTICLE = "يلغى كل نص مخالف لأحكام هذا القانون."


def _document(ingest: Ingest, text: str = LAW) -> SourceDocument:
    document = ingest(text.encode(), "law.txt")
    assert document.state == SourceDocument.State.DONE
    return document


def _words(document: SourceDocument) -> list[str]:
    """The provisions' texts joined in reading order, as words (whitespace aside)."""
    return "\n".join(document.provisions.order_by("order").values_list("text", flat=True)).split()


def _article(document: SourceDocument, eid: str) -> Provision:
    return document.provisions.get(eid=eid)


def _merge_url(provision: Provision) -> str:
    return reverse("legislation_provision_merge", args=[provision.document_id, provision.eid])


def _split_url(provision: Provision) -> str:
    return reverse("legislation_provision_split", args=[provision.document_id, provision.eid])


def _line(provision: Provision, text: str) -> int:
    return provision.text.split("\n").index(text)


def _correct_both(client, document: SourceDocument) -> None:
    """Through the law's page: merge the false article 3 into article 2, split the missed article 4 out of 3."""
    false_article = _article(document, "part_1__art_3")
    response = client.post(_merge_url(false_article))
    assert response.status_code == 302
    real_article = _article(document, "part_1__art_3")  # the real article 3 takes its eid back
    response = client.post(
        _split_url(real_article),
        {"line": _line(real_article, MISSED_ARTICLE), "words": "", "kind": "article", "number": "4", "heading": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_merge_folds_a_false_article_into_the_one_before_without_losing_text(client, admin_user, ingest) -> None:
    document = _document(ingest)
    words = _words(document)
    assert document.provisions.filter(kind="article").count() == 5
    client.force_login(admin_user)

    response = client.post(_merge_url(_article(document, "part_1__art_3")))

    article_2 = _article(document, "part_1__art_2")
    assert response["Location"] == f"{document.law.get_admin_url()}#{article_2.anchor}"
    assert article_2.text.endswith("ما تنص عليه\nالمادة 3 من قانون العقوبات العام.")
    # The real article 3 is now the only one, and has the plain eid.
    article_3 = _article(document, "part_1__art_3")
    assert article_3.text.startswith("المادة 3\nتحدد التعليمات")
    assert not document.provisions.filter(eid="part_1__art_3_2").exists()
    assert document.provisions.filter(kind="article").count() == 4
    assert _words(document) == words
    correction = ProvisionCorrection.objects.get()
    assert (correction.action, correction.status, correction.created_by) == ("merge", "applied", admin_user)
    page = client.get(response["Location"]).content.decode()
    assert "is merged into the provision before it" in page
    assert "Corrections by hand" in page and "part_1__art_3" in page


def test_split_starts_a_missed_article_at_the_line_chosen(client, admin_user, ingest) -> None:
    document = _document(ingest)
    words = _words(document)
    client.force_login(admin_user)
    article = _article(document, "part_1__art_3_2")

    form = client.get(_split_url(article))
    assert form.status_code == 200
    assert MISSED_ARTICLE in form.content.decode()
    response = client.post(
        _split_url(article),
        {"line": _line(article, MISSED_ARTICLE), "kind": "article", "number": "٤", "heading": ""},
    )

    new = _article(document, "part_1__art_4")
    assert response["Location"] == f"{document.law.get_admin_url()}#{new.anchor}"
    assert (new.kind, new.number, new.number_value, new.heading, new.text) == (
        "article", "٤", "4", MISSED_ARTICLE, MISSED_ARTICLE
    )  # fmt: skip
    assert new.parent == _article(document, "part_1")
    assert MISSED_ARTICLE not in _article(document, "part_1__art_3_2").text
    assert list(document.provisions.filter(kind="article").values_list("number_value", flat=True)) == [
        "1", "2", "3", "3", "4", "5"
    ]  # fmt: skip
    assert _words(document) == words
    assert ProvisionCorrection.objects.get().quote.startswith("يلغى كل نص")


def test_split_at_pasted_words_inside_a_line_and_its_items_follow_the_new_provision(admin_user, ingest) -> None:
    document = _document(ingest, "المادة 1\nتسري أحكامه على: المادة 2 يعمل به على:\nأ- العاملين.\nب- غيرهم.\n")
    words = _words(document)
    article = _article(document, "art_1")
    offset = corrections.split_offset(article.text, "المادة 2 يعمل")

    new = corrections.provision_split(provision=article, offset=offset, kind="article", number="2", user=admin_user)

    assert (new.eid, new.heading, new.text) == ("art_2", "المادة 2 يعمل به على:", "المادة 2 يعمل به على:")
    assert _article(document, "art_1").text == "المادة 1\nتسري أحكامه على:"
    # The items after the new article's first words are its own now, and its full text gathers them.
    assert [item.parent.eid for item in document.provisions.filter(kind="item")] == ["art_2", "art_2"]
    assert list(document.provisions.filter(kind="item").values_list("eid", flat=True)) == [
        "art_2__item_1", "art_2__item_2"
    ]  # fmt: skip
    assert "ب- غيرهم." in new.full_text and "ب- غيرهم." not in _article(document, "art_1").full_text
    assert _words(document) == words


def test_a_one_line_article_splits_at_pasted_words_without_a_number(admin_user, ingest) -> None:
    document = _document(ingest, "المادة 1 تسري أحكامه على العاملين في الدولة كافة. المادة الثانية يعمل به فوراً.\n")
    article = _article(document, "art_1")

    offset = corrections.split_offset(article.text, "المادة الثانية")

    new = corrections.provision_split(provision=article, offset=offset, kind="article", user=admin_user)

    assert (new.eid, new.number_value, new.text) == ("art", "", "المادة الثانية يعمل به فوراً.")
    assert _article(document, "art_1").text == "المادة 1 تسري أحكامه على العاملين في الدولة كافة."


def test_a_missed_chapter_heading_takes_the_following_articles_of_its_part(admin_user, ingest) -> None:
    text = "الباب الأول\nالمادة 1\nنص أول.\nالرقابة والتفتيش\nالمادة 2\nنص ثان.\nالمادة 3\nنص ثالث.\n"
    text += "الباب الثاني\nالمادة 4\nنص.\n"
    document = _document(ingest, text)
    article = _article(document, "part_1__art_1")

    corrections.provision_split(provision=article, offset=article.text.index("الرقابة والتفتيش"), kind="chapter",
                                number="الثاني", user=admin_user)  # fmt: skip

    assert list(document.provisions.order_by("order").values_list("eid", "depth")) == [
        ("part_1", 0), ("part_1__art_1", 1), ("part_1__chp_2", 1), ("part_1__chp_2__art_2", 2),
        ("part_1__chp_2__art_3", 2), ("part_2", 0), ("part_2__art_4", 1),
    ]  # fmt: skip
    chapter = _article(document, "part_1__chp_2")
    assert chapter.heading == "الرقابة والتفتيش"
    assert [p.eid for p in chapter.subtree()] == ["part_1__chp_2", "part_1__chp_2__art_2", "part_1__chp_2__art_3"]


def test_processing_the_file_again_keeps_the_corrections(client, admin_user, ingest) -> None:
    document = _document(ingest)
    client.force_login(admin_user)
    _correct_both(client, document)
    corrected = provisions_snapshot(document)

    services.document_process(document.pk)
    services.document_process(document.pk)

    assert provisions_snapshot(document) == corrected
    assert [p[1] for p in corrected if p[2] == "article"] == [
        "part_1__art_1", "part_1__art_2", "part_1__art_3", "part_1__art_4", "part_2__art_5"
    ]  # fmt: skip
    assert set(ProvisionCorrection.objects.values_list("status", flat=True)) == {"applied"}


def test_a_correction_still_applies_when_its_provision_moved_to_another_eid(admin_user, ingest) -> None:
    document = _document(ingest)
    article = _article(document, "part_1__art_3")
    corrections.provision_merge(provision=article, user=admin_user)
    # The file is replaced by a version with a chapter heading: every eid of part 1 changes.
    Path(document.file.path).write_text(LAW.replace("أحكام عامة\n", "أحكام عامة\nالفصل الأول\n"), encoding="utf-8")

    services.document_process(document.pk)

    assert ProvisionCorrection.objects.get().status == "applied"
    article_2 = _article(document, "part_1__chp_1__art_2")
    assert article_2.text.endswith("المادة 3 من قانون العقوبات العام.")
    assert document.provisions.filter(kind="article", number_value="3").count() == 1


def test_a_correction_that_no_longer_fits_is_reported_as_a_conflict_and_nothing_is_lost(
    client, admin_user, ingest
) -> None:
    document = _document(ingest)
    client.force_login(admin_user)
    _correct_both(client, document)
    # A better copy of the file: the cross-reference is no longer at the start of a line, article 4 has its heading.
    better = LAW.replace("ما تنص عليه\nالمادة 3 من", "ما تنص عليه المادة 3 من").replace(
        MISSED_ARTICLE, "المادة 4\n" + MISSED_ARTICLE
    )
    Path(document.file.path).write_text(better, encoding="utf-8")

    services.document_process(document.pk)

    merge, split = ProvisionCorrection.objects.order_by("pk")
    assert (merge.status, merge.conflict) == ("conflict", "not-found")
    assert (split.status, split.conflict) == ("conflict", "already")
    # Nothing applied, nothing lost: the provisions are the segmentation of the new text.
    assert _words(document) == "\n".join(p.text for p in segment(better.strip())).split()
    assert list(document.provisions.filter(kind="article").values_list("eid", flat=True)) == [
        "part_1__art_1", "part_1__art_2", "part_1__art_3", "part_1__art_4", "part_2__art_5"
    ]  # fmt: skip
    page = client.get(document.law.get_admin_url()).content.decode()
    assert "2 corrections no longer fit the text of their files" in page
    assert "The quoted words are not in the text any more." in page
    assert "A provision already starts there: the segmentation may be right now." in page


def test_a_split_segmentation_now_makes_itself_is_a_conflict_not_a_second_article(admin_user, ingest) -> None:
    document = _document(ingest)
    article = _article(document, "part_1__art_3_2")
    corrections.provision_split(provision=article, offset=article.text.index(MISSED_ARTICLE), kind="article",
                                number="4", user=admin_user)  # fmt: skip
    # A new copy prints the heading on the article's first line: segmentation finds article 4 by itself.
    Path(document.file.path).write_text(LAW.replace(MISSED_ARTICLE, "المادة 4 " + MISSED_ARTICLE), encoding="utf-8")

    services.document_process(document.pk)

    correction = ProvisionCorrection.objects.get()
    assert (correction.status, correction.conflict) == ("conflict", "already")
    assert _article(document, "part_1__art_4").text == "المادة 4 " + MISSED_ARTICLE
    assert document.provisions.filter(kind="article", number_value="4").count() == 1


def test_removing_a_correction_gives_back_the_segmentation_and_reports_those_that_no_longer_fit(
    client, admin_user, ingest
) -> None:
    document = _document(ingest)
    original = provisions_snapshot(document)
    client.force_login(admin_user)
    _correct_both(client, document)
    merge, split = ProvisionCorrection.objects.order_by("pk")

    response = client.post(reverse("legislation_correction_delete", args=[merge.pk]), follow=True)

    assert "The correction is removed." in response.content.decode()
    split.refresh_from_db()
    assert split.status == "applied"  # its quote is still in article 3 (now art_3_2 again)
    assert _article(document, "part_1__art_4").text == MISSED_ARTICLE
    client.post(reverse("legislation_correction_delete", args=[split.pk]))
    assert provisions_snapshot(document) == original
    assert not ProvisionCorrection.objects.exists()


def test_split_form_explains_what_is_wrong_and_changes_nothing(client, admin_user, ingest) -> None:
    document = _document(ingest)
    before = provisions_snapshot(document)
    client.force_login(admin_user)
    article = _article(document, "part_1__art_2")
    url = _split_url(article)

    nothing = client.post(url, {"kind": "article", "number": "3"})
    missing = client.post(url, {"words": "كلمات ليست في النص", "kind": "article"})
    at_start = client.post(url, {"words": "المادة 2", "kind": "article"})

    assert "Choose the line the new provision starts at, or paste its first words." in nothing.content.decode()
    assert "These words are not in the text after its beginning." in missing.content.decode()
    assert "These words are not in the text after its beginning." in at_start.content.decode()
    assert all(r.status_code == 200 for r in (nothing, missing, at_start))
    assert provisions_snapshot(document) == before
    assert not ProvisionCorrection.objects.exists()


def test_the_first_provision_has_nothing_to_merge_with(client, admin_user, ingest) -> None:
    document = _document(ingest)
    before = provisions_snapshot(document)
    client.force_login(admin_user)

    response = client.post(_merge_url(document.provisions.get(order=0)), follow=True)

    assert "there is nothing before it to merge with" in response.content.decode()
    assert provisions_snapshot(document) == before
    assert not ProvisionCorrection.objects.exists()


def test_corrections_need_the_permission_to_edit_the_law(client, ingest) -> None:
    document = _document(ingest)
    before = provisions_snapshot(document)
    article = _article(document, "part_1__art_3_2")
    split = {"line": _line(article, MISSED_ARTICLE), "kind": "article", "number": "4"}
    client.force_login(staff_user("reader", "view_law", "view_sourcedocument", "change_sourcedocument"))

    page = client.get(document.law.get_admin_url()).content.decode()
    assert "Merge with previous" not in page and "Split…" not in page
    for response in (
        client.post(_merge_url(_article(document, "part_1__art_3"))),
        client.get(_split_url(article)),
        client.post(_split_url(article), split),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert provisions_snapshot(document) == before

    client.force_login(staff_user("editor", "view_law", "change_law"))
    assert "Merge with previous" in client.get(document.law.get_admin_url()).content.decode()
    assert client.post(_split_url(article), split).status_code == 302
    correction = ProvisionCorrection.objects.get()
    client.force_login(User.objects.get(username="reader"))
    assert client.post(reverse("legislation_correction_delete", args=[correction.pk]))["Location"] == "/admin/"
    assert ProvisionCorrection.objects.exists()


def test_merge_and_remove_take_post_only(client, admin_user, ingest) -> None:
    document = _document(ingest)
    before = provisions_snapshot(document)
    client.force_login(admin_user)
    correction_url = reverse("legislation_correction_delete", args=[1])

    assert client.get(_merge_url(_article(document, "part_1__art_3"))).status_code == 405
    assert client.get(correction_url).status_code == 405
    assert provisions_snapshot(document) == before


def test_no_correction_while_a_worker_is_processing_the_file(client, admin_user, ingest) -> None:
    document = _document(ingest)
    before = provisions_snapshot(document)
    SourceDocument.objects.filter(pk=document.pk).update(state=SourceDocument.State.SEGMENTING)
    client.force_login(admin_user)

    response = client.post(_merge_url(_article(document, "part_1__art_3")), follow=True)

    assert "is being processed now" in response.content.decode()
    assert provisions_snapshot(document) == before


def test_corrections_in_the_arabic_interface(client, admin_user, ingest) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ar"
    profile.save()
    document = _document(ingest)
    client.force_login(admin_user)
    _correct_both(client, document)

    page = client.get(document.law.get_admin_url()).content.decode()
    split_page = client.get(_split_url(_article(document, "part_1__art_2"))).content.decode()

    assert "التصحيحات اليدوية" in page and "دمج مع السابق" in page and "تقسيم…" in page
    assert "مطبّق" in page
    assert "الحكم الجديد" in split_page and "يبدأ الحكم الجديد عند هذا السطر" in split_page


def test_law_has_no_corrections_section_until_one_is_made(client, admin_user, ingest) -> None:
    document = _document(ingest)
    client.force_login(admin_user)
    page = client.get(document.law.get_admin_url()).content.decode()
    assert "Corrections by hand" not in page
    assert page.count("Merge with previous") == document.provisions.count() - 1
