"""The staff pages: who may see and do what, uploading several files, status, text, file download."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from legislation import services
from legislation.models import Law, SourceDocument
from tests.legislation.helpers import staff_user

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/legislation/upload/"


def _refused(response) -> bool:
    """Wagtail answers a permission refusal in its admin with a redirect to the dashboard and a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def _processed(law: Law, corpus: Path, relative: str) -> SourceDocument:
    result = services.document_upload_path(law=law, path=corpus / relative, enqueue=False)
    services.document_process(result.document.pk)
    result.document.refresh_from_db()
    return result.document


def test_anonymous_visitor_is_sent_to_login_from_every_staff_page(client, corpus: Path) -> None:
    law = services.law_create(title_ar="قانون")
    document = _processed(law, corpus, "edge_cases/pdf/pypdf__crazyones.pdf")
    for url in [
        UPLOAD,
        law.get_admin_url(),
        reverse("legislation_document_status", args=[document.pk]),
        reverse("legislation_document_text", args=[document.pk]),
        reverse("legislation_document_file", args=[document.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    assert client.post(reverse("legislation_document_reprocess", args=[document.pk])).status_code == 302
    assert SourceDocument.objects.get().state == "done"


def test_staff_without_upload_permission_cannot_upload_or_reprocess(client, corpus: Path) -> None:
    law = services.law_create(title_ar="قانون")
    document = _processed(law, corpus, "edge_cases/pdf/pypdf__crazyones.pdf")
    client.force_login(staff_user("reader", "view_law", "view_sourcedocument"))
    document.refresh_from_db()

    assert _refused(client.get(UPLOAD))
    upload = SimpleUploadedFile("x.pdf", (corpus / "edge_cases/pdf/pypdf__toy.pdf").read_bytes())
    assert _refused(client.post(UPLOAD, {"files": [upload], "title_en": "X", "language": "en"}))
    assert _refused(client.post(reverse("legislation_document_reprocess", args=[document.pk])))
    # Reading is allowed.
    assert client.get(reverse("legislation_document_text", args=[document.pk])).status_code == 200
    assert SourceDocument.objects.count() == 1


def test_upload_several_files_stores_the_good_ones_and_explains_the_bad(client, admin_user, corpus: Path) -> None:
    client.force_login(admin_user)
    files = [
        SimpleUploadedFile("constitution.pdf", (corpus / "laws/syria/pdf/sy_constitution_2012.pdf").read_bytes()),
        SimpleUploadedFile("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        SimpleUploadedFile("nationality.md", (corpus / "laws/syria/md/sy_nationality_law.md").read_bytes()),
    ]
    response = client.post(
        UPLOAD,
        {"files": files, "title_ar": "دستور", "kind": "constitution", "year": "2012", "language": "ar"},
        follow=True,
    )
    law = Law.objects.get()
    assert response.redirect_chain[-1][0] == law.get_admin_url()
    page = response.content.decode()
    assert "scan.pdf: This file is a PNG image" in page
    assert "constitution.pdf is queued for processing." in page
    assert sorted(d.file_type for d in law.documents.all()) == ["markdown", "pdf"]
    assert all(d.state == "queued" for d in law.documents.all())


def test_upload_where_every_file_is_refused_creates_no_law(client, admin_user) -> None:
    client.force_login(admin_user)
    response = client.post(
        UPLOAD, {"files": [SimpleUploadedFile("empty.pdf", b"")], "title_en": "Nothing", "language": "en"}
    )
    assert response.status_code == 200
    assert "empty" in response.content.decode()
    assert not Law.objects.exists() and not SourceDocument.objects.exists()


def test_upload_over_the_size_limit_is_refused_file_by_file(client, admin_user, settings, corpus: Path) -> None:
    settings.QANUN_UPLOAD_MAX_BYTES = 20_000
    client.force_login(admin_user)
    big = SimpleUploadedFile("big.txt", "مادة ".encode() * 5000)
    small = SimpleUploadedFile("toy.pdf", (corpus / "edge_cases/pdf/pypdf__toy.pdf").read_bytes())
    response = client.post(UPLOAD, {"files": [big, small], "title_en": "Big", "language": "en"}, follow=True)
    page = response.content.decode()
    assert "big.txt: the file is larger than the limit of 0.0 MB" in page
    assert [d.original_name for d in SourceDocument.objects.all()] == ["toy.pdf"]


def test_upload_request_larger_than_a_whole_batch_may_be_is_refused_unread(client, admin_user, settings) -> None:
    settings.QANUN_UPLOAD_MAX_BYTES = 1024
    settings.QANUN_UPLOAD_MAX_FILES = 1
    client.force_login(admin_user)
    big = SimpleUploadedFile("big.txt", b"x" * (3 * 1024 * 1024))
    response = client.post(UPLOAD, {"files": [big], "title_en": "Big", "language": "en"}, follow=True)
    assert "That upload is larger than" in response.content.decode()
    assert not Law.objects.exists()


def test_upload_with_no_file_says_to_choose_one(client, admin_user) -> None:
    client.force_login(admin_user)
    response = client.post(UPLOAD, {"title_en": "Nothing", "language": "en"})
    assert "This field is required." in response.content.decode() or "Choose at least one file" in (
        response.content.decode()
    )
    assert not Law.objects.exists()


def test_staff_who_may_not_add_laws_can_attach_files_only_to_existing_ones(client, corpus: Path) -> None:
    client.force_login(staff_user("clerk", "add_sourcedocument", "view_law", "view_sourcedocument"))
    upload = SimpleUploadedFile("toy.pdf", (corpus / "edge_cases/pdf/pypdf__toy.pdf").read_bytes())
    response = client.post(UPLOAD, {"files": [upload], "title_en": "New", "language": "en"})
    assert "You may add files to existing laws only" in response.content.decode()
    assert not Law.objects.exists()
    law = services.law_create(title_en="Existing")
    upload.seek(0)
    response = client.post(UPLOAD, {"files": [upload], "law": law.pk, "language": "en"})
    assert response.status_code == 302 and law.documents.count() == 1


def test_law_page_hides_actions_the_user_may_not_take(client, corpus: Path) -> None:
    law = services.law_create(title_ar="قانون")
    document = _processed(law, corpus, "edge_cases/pdf/pypdf__crazyones.pdf")
    client.force_login(staff_user("viewer", "view_law"))
    page = client.get(law.get_admin_url()).content.decode()
    assert "Upload files" not in page and "Re-process" not in page
    assert reverse("legislation_document_file", args=[document.pk]) not in page


def test_upload_needs_a_law_or_a_title(client, admin_user, corpus: Path) -> None:
    client.force_login(admin_user)
    upload = SimpleUploadedFile("toy.pdf", (corpus / "edge_cases/pdf/pypdf__toy.pdf").read_bytes())
    response = client.post(UPLOAD, {"files": [upload], "language": "ar"})
    assert "Choose an existing law, or give the new law a title" in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_uploading_the_same_bytes_again_says_where_they_are(client, admin_user, corpus: Path) -> None:
    client.force_login(admin_user)
    law = services.law_create(title_ar="قانون الإيجارات")
    _processed(law, corpus, "laws/syria/pdf/sy_rent_law_20_2015.pdf")
    again = SimpleUploadedFile("copy.pdf", (corpus / "laws/syria/pdf/sy_rent_law_20_2015.pdf").read_bytes())
    response = client.post(UPLOAD, {"files": [again], "law": law.pk, "language": "ar"}, follow=True)
    assert "was uploaded before (the same bytes)" in response.content.decode()
    assert SourceDocument.objects.count() == 1


def test_law_page_shows_files_state_table_of_contents_and_articles_right_to_left(
    client, admin_user, corpus: Path
) -> None:
    client.force_login(admin_user)
    law = services.law_create(title_ar="دستور الجمهورية العربية السورية", kind="constitution", year=2012)
    document = _processed(law, corpus, "laws/syria/pdf/sy_constitution_2012.pdf")
    response = client.get(law.get_admin_url())
    page = response.content.decode()
    assert "sy_constitution_2012.pdf" in page
    assert 'class="qanun-toc" dir="rtl" lang="ar"' in page
    article = document.provisions.get(kind="article", number_value="33")
    assert f'id="{article.anchor}"' in page and article.eid == "art_33"
    assert "Done" in page


def test_document_status_reports_progress_for_the_progress_bar(client, admin_user, corpus: Path) -> None:
    client.force_login(admin_user)
    law = services.law_create(title_ar="دستور")
    document = _processed(law, corpus, "laws/syria/pdf/sy_constitution_2012.pdf")
    status = client.get(reverse("legislation_document_status", args=[document.pk])).json()
    assert status["state"] == "done" and status["progress"] == 100 and status["pages"] == 28
    assert status["articles"] == document.provisions.filter(kind="article").count() >= 150
    assert status["in_progress"] is False


def test_reprocess_queues_the_document_and_keeps_its_text_until_done(
    client, admin_user, corpus: Path, django_capture_on_commit_callbacks
) -> None:
    client.force_login(admin_user)
    law = services.law_create(title_ar="دستور")
    document = _processed(law, corpus, "laws/syria/pdf/sy_constitution_2012.pdf")
    provisions = document.provisions.count()
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("legislation_document_reprocess", args=[document.pk]))
    assert len(callbacks) == 1  # the task was sent once the transaction committed
    document.refresh_from_db()
    assert document.state == "queued"
    assert document.provisions.count() == provisions


def test_source_file_is_served_only_through_the_permission_checked_view(client, admin_user, corpus: Path) -> None:
    law = services.law_create(title_ar="دستور")
    document = _processed(law, corpus, "edge_cases/pdf/pypdf__crazyones.pdf")
    client.force_login(admin_user)
    response = client.get(reverse("legislation_document_file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_uploaded_html_is_downloaded_as_text_never_run_in_the_admin(client, admin_user) -> None:
    """A staff member who may upload must not be able to plant a script that runs in a superuser's session."""
    law = services.law_create(title_en="Trap")
    html = b"<html><body><p>Article 1</p><script>alert(document.cookie)</script></body></html>"
    result = services.document_upload(law=law, stream=io.BytesIO(html), name="law.html", enqueue=False)
    client.force_login(admin_user)
    response = client.get(reverse("legislation_document_file", args=[result.document.pk]))
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_law_page_in_the_arabic_interface_is_translated_and_right_to_left(client, admin_user, corpus: Path) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ar"
    profile.save()
    client.force_login(admin_user)
    law = services.law_create(title_ar="دستور الجمهورية العربية السورية", kind="constitution", year=2012)
    _processed(law, corpus, "laws/syria/pdf/sy_constitution_2012.pdf")
    page = client.get(law.get_admin_url()).content.decode()
    assert 'dir="rtl"' in page.split("<body", 1)[0]
    assert "ملفات المصدر" in page and "الفهرس" in page and "مكتمل" in page
    assert "دستور لعام 2012" in page


def test_table_of_contents_lists_divisions_and_articles_not_their_paragraphs(client, admin_user) -> None:
    client.force_login(admin_user)
    law = services.law_create(title_ar="قانون تجريبي")
    text = "الباب الأول\nالمادة 1\nتسري أحكامه على:\nأ- العاملين في الدولة.\nب- غيرهم.\nالمادة 2\nيعمل به.\n"
    result = services.document_upload(law=law, stream=io.BytesIO(text.encode()), name="law.txt", enqueue=False)
    services.document_process(result.document.pk)
    page = client.get(law.get_admin_url()).content.decode()
    toc = page.split('class="qanun-toc"', 1)[1].split("</nav>", 1)[0]
    provisions = result.document.provisions
    for provision in provisions.filter(kind__in=["part", "article"]):
        assert f'href="#{provision.anchor}"' in toc
    items = provisions.filter(kind="item")
    assert items.count() == 2
    for item in items:
        assert f'href="#{item.anchor}"' not in toc and f'id="{item.anchor}"' in page
