"""The type of an upload comes from its content, never its name: what each kind of file is read as, or the message
that refuses it."""

from __future__ import annotations

import gzip
import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from legislation.extraction import ExtractionError, detect_file_type, open_document
from legislation.extraction.markup import decode_text

PDF = "laws/syria/pdf/sy_constitution_2012.pdf"
DOCX = "laws/syria/docx/sy_template_criminal_appeal.docx"
HTML = "hr_instruments/udhr/arb.html"
MARKDOWN = "laws/syria/md/sy_nationality_law.md"
SAUDI_MARKDOWN = "ground_truth/saudi_boe_md/anti_trafficking.md"

Encoder = Callable[[str], bytes]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def docx_member(docx: Path, prefix: str) -> bytes:
    """The first member of a real DOCX whose name starts with ``prefix`` (its pictures are real images)."""
    with zipfile.ZipFile(docx) as archive:
        name = next(n for n in archive.namelist() if n.startswith(prefix))
        return archive.read(name)


def zip_with(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def detect(tmp_path: Path, name: str, data: bytes) -> str:
    return detect_file_type(write(tmp_path, name, data), name)


def refusal(tmp_path: Path, name: str, data: bytes) -> str:
    with pytest.raises(ExtractionError) as caught:
        detect(tmp_path, name, data)
    return caught.value.message


# --- Binary formats read whatever their name -------------------------------------------------------------


@pytest.mark.corpus
def test_pdf_named_docx_is_detected_as_pdf(corpus: Path, tmp_path: Path) -> None:
    assert detect(tmp_path, "law.docx", (corpus / PDF).read_bytes()) == "pdf"


@pytest.mark.corpus
def test_docx_named_pdf_is_detected_as_docx(corpus: Path, tmp_path: Path) -> None:
    assert detect(tmp_path, "law.pdf", (corpus / DOCX).read_bytes()) == "docx"


@pytest.mark.corpus
def test_pdf_with_no_name_and_junk_before_its_header_is_detected_as_pdf(corpus: Path, tmp_path: Path) -> None:
    # Readers accept the %PDF- header anywhere in the first kilobyte; some mail gateways prepend a line.
    data = b"X-Scanned-By: gateway\r\n" * 10 + (corpus / PDF).read_bytes()
    assert detect(tmp_path, "upload", data) == "pdf"


# --- Files that are not law texts: a message saying what they are ---------------------------------------


@pytest.mark.corpus
def test_png_named_pdf_is_refused_as_an_image(corpus: Path, tmp_path: Path) -> None:
    png = docx_member(corpus / "edge_cases/docx/python-docx__having-images.docx", "word/media/")
    assert png.startswith(b"\x89PNG")
    message = refusal(tmp_path, "scan.pdf", png)
    assert "PNG image" in message
    assert "PDF" in message


@pytest.mark.corpus
def test_jpeg_named_pdf_is_refused_as_an_image(corpus: Path, tmp_path: Path) -> None:
    jpeg = docx_member(corpus / "edge_cases/docx/python-docx__comments-rich-para.docx", "word/media/image1.jpeg")
    assert "JPEG image" in refusal(tmp_path, "scan.pdf", jpeg)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        pytest.param("law.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "(.doc)", id="old-word-doc"),
        pytest.param("law.docx", zip_with("mimetype", "content.xml"), "OpenDocument", id="odt"),
        pytest.param("law.docx", zip_with("[Content_Types].xml", "xl/workbook.xml"), "Excel", id="xlsx"),
        pytest.param("law.docx", zip_with("[Content_Types].xml", "ppt/presentation.xml"), "PowerPoint", id="pptx"),
        pytest.param("laws.docx", zip_with("a.pdf", "b.pdf"), "ZIP archive", id="zip"),
        pytest.param("law.pdf", gzip.compress(b"law text"), "gzip", id="gzip"),
        pytest.param("law.pdf", b"{\\rtf1\\ansi law}", "RTF", id="rtf"),
        pytest.param("law.pdf", random.Random(7).randbytes(20_000), "binary data", id="random-binary"),
    ],
)
def test_file_that_is_not_a_law_text_is_refused_saying_what_it_is(
    tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    assert expected in refusal(tmp_path, name, data)


@pytest.mark.corpus
def test_truncated_docx_is_refused_as_a_damaged_zip(corpus: Path, tmp_path: Path) -> None:
    data = (corpus / DOCX).read_bytes()
    message = refusal(tmp_path, "law.docx", data[: len(data) // 2])
    assert "damaged" in message
    assert "Word" in message


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert "empty" in refusal(tmp_path, "law.pdf", b"")


# --- Text formats: detected and decoded in each encoding people use -------------------------------------

ENCODINGS = [
    pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
    pytest.param(lambda text: text.encode("utf-8-sig"), id="utf-8-bom"),
    pytest.param(lambda text: text.encode("utf-16"), id="utf-16-bom"),
    pytest.param(lambda text: "\ufeff".encode("utf-16-be") + text.encode("utf-16-be"), id="utf-16-be-bom"),
    pytest.param(lambda text: text.encode("cp1256"), id="windows-1256"),
]


@pytest.mark.corpus
@pytest.mark.parametrize("encode", ENCODINGS)
def test_html_is_detected_and_decoded_in_each_encoding(corpus: Path, tmp_path: Path, encode: Encoder) -> None:
    html = (corpus / HTML).read_text(encoding="utf-8")
    path = write(tmp_path, "page.bin", encode(html))

    assert detect_file_type(path, "page.bin") == "html"
    with open_document(path, "html") as document:
        text = "\n".join(document.pages())
    assert "الإعلان العالمي لحقوق الإنسان" in text
    assert "<" not in text


@pytest.mark.corpus
@pytest.mark.parametrize("encode", ENCODINGS)
def test_markdown_is_detected_and_decoded_in_each_encoding(corpus: Path, tmp_path: Path, encode: Encoder) -> None:
    markdown = (corpus / MARKDOWN).read_text(encoding="utf-8")
    path = write(tmp_path, "law.md", encode(markdown))

    assert detect_file_type(path, "law.md") == "markdown"
    assert decode_text(path.read_bytes()) == markdown


@pytest.mark.parametrize("encode", ENCODINGS)
def test_plain_arabic_text_is_detected_and_decoded_in_each_encoding(tmp_path: Path, encode: Encoder) -> None:
    text = "المادة 1\nيعتبر عربياً سورياً حكماً من ولد في القطر لأب عربي سوري.\n\nالمادة 2\nلا تسري أحكام هذا القانون.\n"
    path = write(tmp_path, "law.txt", encode(text))

    assert detect_file_type(path, "law.txt") == "text"
    with open_document(path, "text") as document:
        assert "".join(document.pages()) == text


@pytest.mark.corpus
def test_markdown_is_detected_from_its_headings_whatever_its_name(corpus: Path, tmp_path: Path) -> None:
    assert detect(tmp_path, "law.txt", (corpus / SAUDI_MARKDOWN).read_bytes()) == "markdown"


@pytest.mark.corpus
def test_md_name_tells_markdown_from_plain_text_when_content_cannot(corpus: Path, tmp_path: Path) -> None:
    # The nationality law opens with front matter and no Markdown syntax in its first kilobytes.
    data = (corpus / MARKDOWN).read_bytes()
    assert detect(tmp_path, "law.md", data) == "markdown"
    assert detect(tmp_path, "law.txt", data) == "text"


@pytest.mark.corpus
def test_html_named_txt_is_detected_as_html(corpus: Path, tmp_path: Path) -> None:
    assert detect(tmp_path, "law.txt", (corpus / "laws/syria/html/sy_nationality_law.html").read_bytes()) == "html"
