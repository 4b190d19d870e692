"""Files that must not get in, or must fail cleanly: too big, empty, not a law text, damaged, password-protected,
zip bombs, and PDFs of thousands of pages. A refused upload stores nothing; a failed one stores no pages."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from legislation import services
from legislation.models import DocumentPage, Law, Provision, SourceDocument
from legislation.services import UploadError
from tests.legislation.conftest import Ingest
from tests.legislation.helpers import assert_failed_cleanly, assert_readable_error, media_files

pytestmark = pytest.mark.django_db

CONSTITUTION = "laws/syria/pdf/sy_constitution_2012.pdf"
DOCX = "laws/syria/docx/sy_template_criminal_appeal.docx"


@pytest.fixture
def var_dir(settings, tmp_path: Path) -> Path:
    """Uploads are spooled to a temporary file in VAR_DIR: give the test its own to see that none is left."""
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    return settings.VAR_DIR


def upload_refused(law: Law, data: bytes, name: str) -> str:
    with pytest.raises(UploadError) as caught:
        services.document_upload(law=law, stream=io.BytesIO(data), name=name, enqueue=False)
    return str(caught.value)


def assert_nothing_stored(var_dir: Path) -> None:
    assert not SourceDocument.objects.exists()
    assert media_files() == []
    assert list(var_dir.iterdir()) == []


# --- Refused at upload: nothing stored -------------------------------------------------------------------


@pytest.mark.corpus
def test_upload_refuses_file_over_size_limit(corpus: Path, law: Law, settings, var_dir: Path) -> None:
    data = (corpus / "laws/syria/pdf/sy_civil_code_84_1949.pdf").read_bytes()
    settings.QANUN_UPLOAD_MAX_BYTES = 1024 * 1024
    assert len(data) > settings.QANUN_UPLOAD_MAX_BYTES

    message = upload_refused(law, data, "civil_code.pdf")

    assert message.startswith("civil_code.pdf: ")
    assert "larger than the limit of 1.0 MB" in message
    assert_readable_error(message)
    assert_nothing_stored(var_dir)


@pytest.mark.corpus
def test_upload_accepts_file_of_exactly_the_size_limit(corpus: Path, law: Law, settings) -> None:
    data = (corpus / CONSTITUTION).read_bytes()
    settings.QANUN_UPLOAD_MAX_BYTES = len(data)

    result = services.document_upload(law=law, stream=io.BytesIO(data), name="c.pdf", enqueue=False)

    assert result.created
    assert result.document.size == len(data)
    settings.QANUN_UPLOAD_MAX_BYTES = len(data) - 1
    assert "larger than the limit" in upload_refused(law, data + b"\n", "c.pdf")


def test_upload_refuses_empty_file(law: Law, var_dir: Path) -> None:
    message = upload_refused(law, b"", "law.pdf")

    assert message == "law.pdf: the file is empty (0 bytes)."
    assert_nothing_stored(var_dir)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("member", "source", "expected"),
    [
        ("word/media/image1.png", "python-docx__having-images.docx", "PNG image"),
        ("word/media/image1.jpeg", "python-docx__comments-rich-para.docx", "JPEG image"),
    ],
)
def test_upload_refuses_an_image_named_pdf(
    corpus: Path, law: Law, var_dir: Path, member: str, source: str, expected: str
) -> None:
    with zipfile.ZipFile(corpus / "edge_cases/docx" / source) as archive:
        image = archive.read(member)

    message = upload_refused(law, image, "scan.pdf")

    assert message.startswith("scan.pdf: ")
    assert expected in message
    assert_nothing_stored(var_dir)


def test_upload_refuses_old_word_document(law: Law, var_dir: Path) -> None:
    message = upload_refused(law, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "law.doc")

    assert "Word 97-2003 (.doc)" in message
    assert "save it as .docx or PDF" in message
    assert_nothing_stored(var_dir)


def test_upload_refuses_random_binary(law: Law, var_dir: Path) -> None:
    message = upload_refused(law, random.Random(1).randbytes(50_000), "law.pdf")

    assert "binary data of an unknown kind" in message
    assert_nothing_stored(var_dir)


@pytest.mark.corpus
def test_upload_refuses_truncated_docx(corpus: Path, law: Law, var_dir: Path) -> None:
    data = (corpus / DOCX).read_bytes()

    message = upload_refused(law, data[: len(data) // 2], "law.docx")

    assert "ZIP structure is damaged" in message
    assert_nothing_stored(var_dir)


# --- Damaged files: processing fails with a clear message and stores no pages ---------------------------


@pytest.mark.corpus
def test_truncated_pdf_fails_as_damaged(corpus: Path, ingest: Ingest) -> None:
    data = (corpus / CONSTITUTION).read_bytes()

    document = ingest(data[: len(data) // 2], "constitution.pdf")

    assert_failed_cleanly(document, "PDF is damaged")


@pytest.mark.corpus
@pytest.mark.parametrize("filler", ["random", "zeros"])
def test_pdf_with_garbled_middle_fails_as_damaged(corpus: Path, ingest: Ingest, filler: str) -> None:
    data = bytearray((corpus / CONSTITUTION).read_bytes())
    quarter = len(data) // 4
    middle = random.Random(3).randbytes(2 * quarter) if filler == "random" else bytes(2 * quarter)
    data[quarter : 3 * quarter] = middle

    document = ingest(bytes(data), "constitution.pdf")

    # pypdf rebuilds what it can and finds 5 of the 28 pages: storing those as the law would lose 23 pages.
    assert_failed_cleanly(document, "PDF is damaged", "28 pages")


@pytest.mark.corpus
def test_stored_docx_that_became_truncated_fails_as_damaged(corpus: Path, law: Law) -> None:
    data = (corpus / DOCX).read_bytes()
    document = services.document_upload(law=law, stream=io.BytesIO(data), name="law.docx", enqueue=False).document
    Path(document.file.path).write_bytes(data[: len(data) // 2])

    services.document_process(document.pk)
    document.refresh_from_db()

    assert_failed_cleanly(document, "Word document is damaged", "ZIP")


@pytest.mark.corpus
def test_docx_whose_document_xml_is_not_xml_fails_as_damaged(corpus: Path, ingest: Ingest) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(corpus / DOCX) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = b"<w:document><w:body><w:p>" if entry.filename == "word/document.xml" else source.read(entry)
            target.writestr(entry, data)

    document = ingest(buffer.getvalue(), "law.docx")

    assert document.file_type == "docx"
    assert_failed_cleanly(document, "Word document is damaged")


def zip_bomb(unpacked_mb: int) -> bytes:
    """A DOCX-looking ZIP with a member of ``unpacked_mb`` MB of zeros, written in chunks (about 1 KB per MB)."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(unpacked_mb):
                member.write(chunk)
    return buffer.getvalue()


def test_docx_zip_bomb_is_refused_naming_its_unpacked_size(ingest: Ingest, settings) -> None:
    settings.QANUN_DOCX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # the default
    data = zip_bomb(300)
    assert len(data) < 1_000_000

    document = ingest(data, "bomb.docx")

    assert document.file_type == "docx"
    assert_failed_cleanly(document, "would unpack to 300 MB", "limit of 200 MB", "not opened")


def test_docx_unpacked_size_limit_is_a_setting(ingest: Ingest, settings) -> None:
    settings.QANUN_DOCX_MAX_UNPACKED_BYTES = 5 * 1024 * 1024

    document = ingest(zip_bomb(8), "bomb.docx")

    assert_failed_cleanly(document, "would unpack to 8.0 MB", "limit of 5.0 MB")


def test_docx_with_thousands_of_parts_is_refused(ingest: Ingest) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(5001):
            archive.writestr(f"word/media/p{n}.xml", "")

    document = ingest(buffer.getvalue(), "parts.docx")

    assert_failed_cleanly(document, "5,002 parts")


# --- PDFs of thousands of pages --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thousands_of_pages(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2,500-page PDF: a real small page (pypdf's hand-made test file) repeated."""
    page = PdfReader(corpus / "edge_cases/pdf/pypdf__toy.pdf").pages[0]
    writer = PdfWriter()
    for _ in range(2500):
        writer.add_page(page)
    path = tmp_path_factory.mktemp("big") / "2500_pages.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


@pytest.mark.corpus
def test_pdf_of_2500_pages_is_imported(thousands_of_pages: Path, ingest: Ingest) -> None:
    document = ingest(thousands_of_pages)

    assert document.state == SourceDocument.State.DONE
    assert document.page_count == 2500
    assert document.progress == 100
    assert document.pages.count() == 2500
    last = document.pages.get(number=2500)
    assert "Single quote operator" in last.text


@pytest.mark.corpus
def test_pdf_over_the_page_limit_fails_naming_its_pages_and_the_limit(
    thousands_of_pages: Path,
    ingest: Ingest,
    settings,
) -> None:
    settings.QANUN_MAX_PAGES = 1000

    document = ingest(thousands_of_pages)

    assert_failed_cleanly(document, "2,500 pages", "limit is 1,000", "QANUN_MAX_PAGES")
    assert DocumentPage.objects.count() == 0
    assert Provision.objects.count() == 0


# --- Too many files in one upload (QANUN_UPLOAD_MAX_FILES) --------------------------------------------------


def markdown_files(count: int) -> list[SimpleUploadedFile]:
    """Small real Markdown laws, each different (so each would be stored)."""
    return [
        SimpleUploadedFile(
            f"law_{n}.md",
            f"# قانون رقم {n} لعام 2020\n\n## المادة 1\n\nيعمل بهذا القانون رقم {n} من تاريخ نشره.\n".encode(),
            content_type="text/markdown",
        )
        for n in range(1, count + 1)
    ]


def test_an_upload_of_one_file_more_than_the_limit_is_refused_naming_it_and_stores_nothing(
    client, admin_user, settings
) -> None:
    settings.QANUN_UPLOAD_MAX_FILES = 20
    settings.QANUN_TWO_FACTOR_REQUIRED = False  # the upload is under test, not the sign-in
    client.force_login(admin_user)

    response = client.post(
        "/admin/legislation/upload/", {"files": markdown_files(21), "title_ar": "قانون", "language": "ar"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "You chose 21 files: at most 20 files can be uploaded at once." in page
    assert not Law.objects.exists() and not SourceDocument.objects.exists()
    assert media_files() == []


def test_an_upload_of_exactly_the_limit_is_accepted(client, admin_user, settings) -> None:
    settings.QANUN_UPLOAD_MAX_FILES = 20
    settings.QANUN_TWO_FACTOR_REQUIRED = False  # the upload is under test, not the sign-in
    client.force_login(admin_user)

    response = client.post(
        "/admin/legislation/upload/", {"files": markdown_files(20), "title_ar": "قانون", "language": "ar"}
    )

    law = Law.objects.get()
    assert response.status_code == 302 and response["Location"] == law.get_admin_url()
    assert SourceDocument.objects.filter(law=law).count() == 20


def test_the_upload_service_refuses_a_batch_over_the_limit_before_reading_any(law: Law, settings) -> None:
    settings.QANUN_UPLOAD_MAX_FILES = 3
    files = [(f.name, f) for f in markdown_files(4)]

    with pytest.raises(UploadError, match=r"4 files in one upload: at most 3 are accepted"):
        services.law_upload_files(law=law, new_law=None, files=files, enqueue=False)

    assert not SourceDocument.objects.exists() and media_files() == []
    assert all(f.tell() == 0 for _, f in files)
