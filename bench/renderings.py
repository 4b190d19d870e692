"""Ground-truth texts rendered to DOCX and PDF by LibreOffice, to measure the same truth through each format.

A text is given as blocks (paragraphs and headings) and a language. It is written as a Flat ODT document whose
paragraphs run right to left for Arabic (with an Arabic language tag and an Arabic-capable font for complex
script), then converted with ``soffice --headless --convert-to docx|pdf``. Renderings are cached under
``var/renderings/`` (ignored by git), named by a hash of the document, the format and LibreOffice's version,
so only the first run pays for LibreOffice.

Used by ``bench/segmentation.py`` and ``tests/legislation/test_segmentation_formats.py``. ``process`` takes a
file through the product's pipeline (``services.document_upload_path`` and ``services.document_process``, what
the upload view and the worker run) and returns the text it stored; it needs Django set up with a database.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "var" / "renderings"
FORMATS = ("docx", "pdf")
# DejaVu Sans (Debian's fonts-dejavu-core) has the Arabic letters and LibreOffice shapes them with it; its PDF
# text layer maps every glyph back to its letters. Amiri, a Naskh font, renders as well but its ligatures come
# out of pypdf as stray characters, which would measure the font rather than the product.
DEFAULT_FONT = "DejaVu Sans"
FILTERS = {"docx": "docx:MS Word 2007 XML", "pdf": "pdf:writer_pdf_Export"}
TIMEOUT_SECONDS = 900

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
# Characters XML 1.0 cannot hold (the Tunisian English JSON has a U+FFFE): left out of the rendering.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class RenderingError(RuntimeError):
    """LibreOffice is missing or failed to convert a document."""


@dataclass(frozen=True)
class Block:
    """A paragraph (``level`` 0) or a heading of level 1 to 6."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class Source:
    """A text to render: its name (for file names and reports), its language ('ar' or 'en') and its blocks."""

    name: str
    language: str
    blocks: tuple[Block, ...]

    def flat_odt(self, font: str = DEFAULT_FONT) -> str:
        return flat_odt(self.blocks, self.language, font)


def blocks_from_lines(text: str) -> tuple[Block, ...]:
    """One paragraph per non-empty line."""
    return tuple(Block(line.strip()) for line in text.split("\n") if line.strip())


def blocks_from_markdown(markdown: str) -> tuple[Block, ...]:
    """One block per non-empty line, ``#`` headings kept as headings; the rest reduced to its text as the
    product reads Markdown (links, emphasis and bullets dropped)."""
    from legislation.extraction.markup import markdown_to_text

    blocks = []
    for line in markdown.split("\n"):
        heading = _MD_HEADING.match(line)
        text = markdown_to_text(line).strip()
        if text:
            blocks.append(Block(text, len(heading.group(1)) if heading else 0))
    return tuple(blocks)


def soffice() -> str | None:
    """The LibreOffice binary, or None if it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def font_installed(font: str = DEFAULT_FONT) -> bool:
    """Whether fontconfig knows ``font`` with Arabic coverage (without it LibreOffice falls back to any font)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    result = subprocess.run([fc_list, f"{font}:lang=ar", "family"], capture_output=True, text=True, check=False)
    return bool(result.stdout.strip())


def missing_tools(font: str = DEFAULT_FONT) -> str:
    """What is missing to render, for people ('' when nothing is)."""
    if not soffice():
        return "LibreOffice is not installed (Debian: libreoffice-writer-nogui; make install installs it as root)"
    if not font_installed(font):
        return f"the font {font!r} with Arabic letters is not installed (Debian: fonts-dejavu-core)"
    return ""


def render(sources: Sequence[Source], file_format: str, *, font: str = DEFAULT_FONT, cache_dir: Path = CACHE) -> (
    dict[str, Path]
):  # fmt: skip
    """Each source rendered to ``file_format`` ('docx' or 'pdf'), by name; one LibreOffice run converts all
    those not cached yet."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    binary = soffice()
    if not binary:
        raise RenderingError(missing_tools(font))
    version = _version(binary)
    paths: dict[str, Path] = {}
    todo: dict[Path, str] = {}  # cached path -> the Flat ODT to convert
    for source in sources:
        document = source.flat_odt(font)
        key = hashlib.sha256(f"{version}\n{file_format}\n{document}".encode()).hexdigest()[:16]
        path = cache_dir / f"{_slug(source.name)}-{key}.{file_format}"
        paths[source.name] = path
        if not path.exists():
            todo[path] = document
    if todo:
        _convert(binary, todo, file_format, cache_dir)
    return paths


def process(path: Path) -> str:
    """The text the product stores for ``path``: uploaded to a new law and processed as the worker does, its
    pages' texts joined as ``document_process`` joins them before segmenting. The law, document and stored file
    are deleted afterwards, so the same bytes can be processed again."""
    from legislation import services

    law = services.law_create(title_en=f"rendering: {path.name}")
    result = None
    try:
        result = services.document_upload_path(law=law, path=path, enqueue=False)
        document = services.document_process(result.document.pk)
        if document is None or document.state != "done":
            raise RenderingError(f"{path.name}: processing ended in state {getattr(document, 'state', 'gone')!r} "
                                 f"{getattr(document, 'error', '')}")  # fmt: skip
        pages = document.pages.order_by("number").values_list("text", flat=True)
        text = "\n\n".join(page for page in pages if page)
    finally:
        if result is not None:
            result.document.file.delete(save=False)
        law.delete()
    return text


def flat_odt(blocks: Iterable[Block], language: str, font: str = DEFAULT_FONT) -> str:
    """A Flat ODT document: paragraphs right to left in Arabic, left to right otherwise; headings as Writer's
    Heading 1-6 (Word's heading styles in DOCX)."""
    rtl = language == "ar"
    direction = "rl-tb" if rtl else "lr-tb"
    country = "SA" if rtl else "GB"
    text_props = (
        f'style:font-name="Main" style:font-name-complex="Main" fo:language="{"en" if rtl else language}" '
        f'fo:country="GB" style:language-complex="ar" style:country-complex="{country}"'
    )
    styles = [
        f'<style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties '
        f'style:writing-mode="{direction}" fo:text-align="start" fo:margin-bottom="0.2cm"/><style:text-properties '
        f'{text_props} fo:font-size="11pt" style:font-size-complex="11pt"/></style:style>'
    ]
    for level in range(1, 7):
        size = max(11, 18 - 2 * level)
        styles.append(
            f'<style:style style:name="Heading_20_{level}" style:display-name="Heading {level}" '
            f'style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" '
            f'style:default-outline-level="{level}"><style:paragraph-properties style:writing-mode="{direction}" '
            f'fo:text-align="start" fo:margin-top="0.3cm"/>'
            f'<style:text-properties {text_props} fo:font-size="{size}pt" style:font-size-complex="{size}pt" '
            f'fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>'
        )
    body = []
    for block in blocks:
        text = escape(_NOT_XML.sub("", block.text))
        if block.level:
            body.append(
                f'<text:h text:style-name="Heading_20_{block.level}" text:outline-level="{block.level}">{text}</text:h>'
            )
        else:
            body.append(f'<text:p text:style-name="Standard">{text}</text:p>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">\n'
        f'<office:font-face-decls><style:font-face style:name="Main" svg:font-family="{escape(font)}"/>'
        "</office:font-face-decls>\n"
        f"<office:styles>{''.join(styles)}</office:styles>\n"
        "<office:body><office:text>\n" + "\n".join(body) + "\n</office:text></office:body></office:document>\n"
    )


@cache
def _version(binary: str) -> str:
    result = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=120, check=False)
    return result.stdout.strip() or binary


def _convert(binary: str, todo: dict[Path, str], file_format: str, cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    # A private LibreOffice profile and output folder: runs in parallel (bench and tests) never meet, and a
    # cached file only ever appears whole (renamed into place).
    with tempfile.TemporaryDirectory(prefix="render-", dir=cache_dir) as scratch:
        work = Path(scratch)
        inputs = []
        for path, document in todo.items():
            source = work / f"{path.stem}.fodt"
            source.write_text(document, encoding="utf-8")
            inputs.append(source)
        command = [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", FILTERS[file_format], "--outdir", str(work / "out"), *map(str, inputs)]  # fmt: skip
        env = {**os.environ, "HOME": str(work)}  # LibreOffice writes under HOME even with its own profile
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env,
                                    check=False)  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise RenderingError(f"LibreOffice took more than {TIMEOUT_SECONDS} s to convert to {file_format}") from exc
        for path in todo:
            made = work / "out" / f"{path.stem}.{file_format}"
            if not made.exists():
                raise RenderingError(
                    f"LibreOffice did not convert {path.stem} to {file_format} (exit {result.returncode}): "
                    f"{(result.stderr or result.stdout).strip()[-500:]}"
                )
            os.replace(made, path)


def _slug(name: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "_", name).strip("_") or "document"
