"""Plain text, Markdown and HTML: decoded, reduced to their text, split into pages at form feeds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from legislation.extraction.document import ExtractedDocument
from legislation.extraction.errors import ExtractionError

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
SKIPPED_TAGS = {"script", "style", "noscript", "template", "head", "title", "svg"}


@contextmanager
def open_markup(path: Path, file_type: str) -> Iterator[ExtractedDocument]:
    text = decode_text(path.read_bytes())
    if file_type == "html":
        text = html_to_text(text)
    elif file_type == "markdown":
        text = markdown_to_text(text)
    pages = text.split("\f") if "\f" in text else [text]
    if len(pages) > settings.QANUN_MAX_PAGES:
        raise ExtractionError(f"The file has {len(pages):,} pages; the limit is {settings.QANUN_MAX_PAGES:,}.")
    yield ExtractedDocument(page_count=len(pages), read_pages=lambda: iter(pages))


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or the Windows Arabic code page many older files use."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ExtractionError(
                "The text file is marked as UTF-16 but is damaged (it may have been cut short); save it again as UTF-8."
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1256")
        except UnicodeDecodeError as exc:
            raise ExtractionError(
                "The text file's encoding is not UTF-8, UTF-16 or Windows-1256 (Arabic); save it as UTF-8."
            ) from exc


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            # HTML lets </head> be left out: the body starts the text whatever was left open before it.
            self._skip_depth = 0
        if tag in SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (re.sub(r"[ \t\r\xa0]+", " ", line).strip() for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w))")
_MD_BULLET = re.compile(r"^\s*[*+-]\s+", re.M)
_MD_TRAILING_BREAK = re.compile(r"[ \t]+$", re.M)


def markdown_to_text(markdown: str) -> str:
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _MD_BULLET.sub("", text)
    return _MD_TRAILING_BREAK.sub("", text)
