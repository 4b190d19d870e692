"""Reading catalogue sources into records: JSON, CSV, treaty texts in Markdown ("### Article N" headings) and the
UDHR's HTML. Readers check only the shape of a file; what it names is checked against the database on import."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from reviews.catalogue.records import (
    INSTRUMENT_FIELDS,
    PROVISION_FIELDS,
    TAG_FIELDS,
    Batch,
    InstrumentRecord,
    ProvisionRecord,
    Rejection,
    TagRecord,
)

FORMATS = ("json", "csv", "treaty-markdown", "udhr-html")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "treaty-markdown", ".markdown": "treaty-markdown"}
SUFFIX_FORMATS |= {".html": "udhr-html", ".htm": "udhr-html"}

# Resolves a document's title as printed to an instrument code (None: no such instrument).
TitleResolver = Callable[[str], str | None]


def format_for(path: Path) -> str | None:
    return SUFFIX_FORMATS.get(path.suffix.lower())


def split_list(value: str) -> list[str]:
    """Tags and provision codes in a CSV cell: separated by semicolons, commas or spaces."""
    return [part for part in re.split(r"[;,\s]+", value.strip()) if part]


def _text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# JSON -----------------------------------------------------------------------------------------------------------


def read_json(path: Path, data: bytes | None = None) -> Batch:
    """``{"tags": [...], "instruments": [{..., "provisions": [...]}], "provisions": [...]}``, any part optional;
    a list at the top is a list of provisions. A key left out leaves that field as it is."""
    batch = Batch(source=path.name)
    try:
        document = json.loads((data if data is not None else path.read_bytes()).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        batch.rejections.append(_file_rejection(path, f"not valid JSON: {exc}"))
        return batch
    if isinstance(document, list):
        document = {"provisions": document}
    if not isinstance(document, dict):
        batch.rejections.append(_file_rejection(path, "expected an object with tags, instruments or provisions"))
        return batch
    for index, item in enumerate(_items(batch, document, "tags"), start=1):
        batch.tags.append(
            TagRecord(
                slug=str(_text(item.get("slug", ""))),
                values={k: _text(item[k]) for k in TAG_FIELDS if k in item},
                parent=_text(item.get("parent")) or None,
                where=f"tags[{index}]",
            )
        )
    for index, item in enumerate(_items(batch, document, "instruments"), start=1):
        code = str(_text(item.get("code", "")))
        interprets = item.get("interprets")
        batch.instruments.append(
            InstrumentRecord(
                code=code,
                values={k: _text(item[k]) for k in INSTRUMENT_FIELDS if k in item},
                parent=_text(item.get("parent")) or None,
                interprets=list(interprets) if isinstance(interprets, list) else None,
                where=f"instruments[{index}] {code}".strip(),
            )
        )
        for number, provision in enumerate(_items(batch, item, "provisions"), start=1):
            batch.provisions.append(_json_provision(provision, code, f"{code} provisions[{number}]"))
    for index, item in enumerate(_items(batch, document, "provisions"), start=1):
        batch.provisions.append(_json_provision(item, str(item.get("instrument", "")), f"provisions[{index}]"))
    return batch


def _items(batch: Batch, container: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = container.get(key) or []
    if not isinstance(items, list):
        batch.rejections.append(_file_rejection(Path(batch.source), f"'{key}' must be a list"))
        return []
    return [item for item in items if isinstance(item, dict)]


def _json_provision(item: dict[str, Any], instrument: str, where: str) -> ProvisionRecord:
    tags = item.get("tags")
    return ProvisionRecord(
        instrument=str(_text(instrument)),
        number=str(_text(item.get("number", ""))),
        values={k: _text(item[k]) for k in PROVISION_FIELDS if k in item},
        tags=[str(t) for t in tags] if isinstance(tags, list) else None,
        where=where,
    )


# CSV ------------------------------------------------------------------------------------------------------------

CSV_PROVISION_COLUMNS = ("instrument", "number", *PROVISION_FIELDS, "tags")
CSV_INSTRUMENT_COLUMNS = ("code", *INSTRUMENT_FIELDS, "parent", "interprets")
CSV_TAG_COLUMNS = ("slug", *TAG_FIELDS, "parent")


def read_csv(path: Path, default_instrument: str | None = None, data: bytes | None = None) -> Batch:
    """A CSV file of provisions (columns ``instrument,number,title_en,...,tags``), of instruments (``code,kind,...``)
    or of tags (``slug,name_en,...``), told apart by its header. An empty cell leaves that field as it is."""
    batch = Batch(source=path.name)
    text = _utf8_text(path, data, batch)
    if text is None:
        return batch
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    if "slug" in header:
        kind, known = "tag", CSV_TAG_COLUMNS
    elif "code" in header:
        kind, known = "instrument", CSV_INSTRUMENT_COLUMNS
    elif "number" in header and ("instrument" in header or default_instrument):
        kind, known = "provision", CSV_PROVISION_COLUMNS
    else:
        batch.rejections.append(
            _file_rejection(path, "the header names no 'slug', 'code' or 'instrument' and 'number' column")
        )
        return batch
    unknown = [name for name in header if name not in known]
    if unknown:
        batch.notes.append(f"columns ignored: {', '.join(unknown)}")
    for row_number, row in enumerate(reader, start=2):
        cells = {k: (v or "").strip() for k, v in row.items() if k in known}
        if not any(cells.values()):
            continue
        given = {k: v for k, v in cells.items() if v}
        where = f"row {row_number}"
        if kind == "tag":
            batch.tags.append(
                TagRecord(
                    slug=given.get("slug", ""),
                    values={k: given[k] for k in TAG_FIELDS if k in given},
                    parent=given.get("parent"),
                    where=where,
                )
            )
        elif kind == "instrument":
            batch.instruments.append(
                InstrumentRecord(
                    code=given.get("code", ""),
                    values={k: given[k] for k in INSTRUMENT_FIELDS if k in given},
                    parent=given.get("parent"),
                    interprets=split_list(given["interprets"]) if "interprets" in given else None,
                    where=where,
                )
            )
        else:
            batch.provisions.append(
                ProvisionRecord(
                    instrument=given.get("instrument") or default_instrument or "",
                    number=given.get("number", ""),
                    values={k: given[k] for k in PROVISION_FIELDS if k in given},
                    tags=split_list(given["tags"]) if "tags" in given else None,
                    where=where,
                )
            )
    return batch


# Treaty Markdown ------------------------------------------------------------------------------------------------

ARTICLE_HEADING = re.compile(r"^#{2,6}\s*Article\s+(\d+[a-z]*)\s*$", re.IGNORECASE)
OTHER_HEADING = re.compile(r"^#{3,6}\s*(?!#)\S")  # ### PART I, ### Artikel 1 (another language): ends an article
TITLE_HEADING = re.compile(r"^#{1,6}\s*(?P<title>\S.*?)\s*$")
CLOSING = re.compile(r"^(IN (FAITH|WITNESS) (WHEREOF|THEREOF)|DONE at )", re.IGNORECASE)
# The Dutch treaty database's note "enters into force on a date to be determined", printed inside English texts.
BOILERPLATE = re.compile(r"^Treedt in werking op een nader te bepalen tijdstip\s*$")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(?<!\w)[*_]{1,2}([^*_]+?)[*_]{1,2}(?!\w)")


class _TreatyDocument:
    def __init__(self, title: str) -> None:
        self.title = title
        self.articles: list[tuple[str, str, list[str]]] = []  # number, caption, lines


def read_treaty_markdown(
    path: Path, resolve_title: TitleResolver, instrument: str | None = None, data: bytes | None = None
) -> Batch:
    """English treaty texts under ``### Article N`` headings. A title heading between articles starts another
    document (an optional protocol after its covenant, a translation), each matched to its instrument by title; the
    first may be named with ``instrument``. A ``####`` heading right under an article heading is its caption.
    Text under headings in other languages (``### Artikel N``) is not read."""
    batch = Batch(source=path.name)
    text = _utf8_text(path, data, batch)
    if text is None:
        return batch
    documents = _treaty_documents(text)
    with_articles = [d for d in documents if d.articles]
    if not with_articles:
        batch.rejections.append(_file_rejection(path, "no '### Article N' headings found"))
        return batch
    for index, document in enumerate(with_articles):
        code = instrument if (index == 0 and instrument) else resolve_title(document.title)
        if code is None:
            for number, _caption, _lines in document.articles:
                batch.rejections.append(
                    _provision_rejection(
                        f"article {number} of '{document.title}'",
                        f"unknown instrument: no instrument is titled '{document.title}' (name it with --instrument)",
                    )
                )
            continue
        batch.notes.append(f"'{document.title}' read as {code}: {len(document.articles)} articles")
        for number, caption, lines in document.articles:
            batch.provisions.append(
                ProvisionRecord(
                    instrument=code,
                    number=number,
                    values={"text_en": "\n".join(lines)},
                    defaults={"title_en": caption} if caption else {},
                    where=f"article {number} of '{document.title}'",
                )
            )
    return batch


def _treaty_documents(text: str) -> list[_TreatyDocument]:
    documents = [_TreatyDocument("")]
    article: tuple[str, str, list[str]] | None = None
    collecting = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("<") or BOILERPLATE.match(line):
            continue
        if match := ARTICLE_HEADING.match(line):
            article = (match.group(1).lower(), "", [])
            documents[-1].articles.append(article)
            collecting = True
            continue
        if line.startswith("#"):
            title_match = TITLE_HEADING.match(line)
            title = _clean_line(title_match.group("title")) if title_match else ""
            is_caption = collecting and article is not None and not article[1] and not article[2]
            if is_caption and line.startswith("####"):
                documents[-1].articles[-1] = article = (article[0], title, article[2])
            elif OTHER_HEADING.match(line) and not line.startswith("####"):
                collecting = False  # ### PART II, ### Artikel 3: not part of the article before it
            else:
                documents.append(_TreatyDocument(title))
                article, collecting = None, False
            continue
        if CLOSING.match(line):
            collecting = False
            continue
        if collecting and article is not None:
            article[2].append(_clean_line(line))
    return documents


def _clean_line(line: str) -> str:
    line = LINK.sub(r"\1", line)
    line = EMPHASIS.sub(r"\1", line)
    return re.sub(r"\s+", " ", line).strip()


# UDHR HTML ------------------------------------------------------------------------------------------------------

LANGUAGE_FIELDS = {"ar": "text_ar", "arb": "text_ar", "en": "text_en", "eng": "text_en"}


class _ArticleParser(HTMLParser):
    """``<article data-number="N">`` elements: their paragraphs and list items, without the heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.articles: list[tuple[str, list[str]]] = []
        self._in_article = False
        self._skip = 0
        self._buffer: list[str] | None = None
        self._items: list[int] = []
        self._prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = (attributes.get("lang") or "").lower().split("-")[0]
        elif tag == "article":
            self._in_article = True
            self.articles.append(((attributes.get("data-number") or "").strip(), []))
        elif not self._in_article:
            return
        elif tag in {"h1", "h2", "h3", "h4"}:
            self._skip += 1
        elif tag == "ol":
            self._items.append(0)
        elif tag == "li" and self._items:
            self._items[-1] += 1
            self._prefix = f"{self._items[-1]}. "
        elif tag == "p":
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article = False
        elif tag in {"h1", "h2", "h3", "h4"} and self._skip:
            self._skip -= 1
        elif tag == "ol" and self._items:
            self._items.pop()
        elif tag == "p" and self._buffer is not None and self.articles:
            paragraph = re.sub(r"\s+", " ", "".join(self._buffer)).strip()
            if paragraph:
                self.articles[-1][1].append(self._prefix + paragraph)
                self._prefix = ""
            self._buffer = None

    def handle_data(self, data: str) -> None:
        if self._in_article and not self._skip and self._buffer is not None:
            self._buffer.append(data)


def read_udhr_html(path: Path, instrument: str | None = None, data: bytes | None = None) -> Batch:
    """The UDHR as the ``udhr`` package prints it: ``<html lang>`` gives the language, each ``<article
    data-number>`` an article. Only Arabic and English are stored."""
    batch = Batch(source=path.name)
    text = _utf8_text(path, data, batch)
    if text is None:
        return batch
    parser = _ArticleParser()
    parser.feed(text)
    parser.close()
    target = LANGUAGE_FIELDS.get(parser.lang)
    if target is None:
        reason = f"unsupported language '{parser.lang or 'none given'}': only Arabic and English texts are stored"
        batch.rejections.append(_file_rejection(path, reason))
        return batch
    if not parser.articles:
        batch.rejections.append(_file_rejection(path, "no <article> elements found"))
        return batch
    code = instrument or "UDHR"
    for number, paragraphs in parser.articles:
        batch.provisions.append(
            ProvisionRecord(
                instrument=code,
                number=number,
                values={target: "\n".join(paragraphs)},
                where=f"article {number or '(no number)'}",
            )
        )
    return batch


def _utf8_text(path: Path, data: bytes | None, batch: Batch) -> str | None:
    """The file's text (``data`` if given, else read from ``path``), or None with the rejection in ``batch``."""
    try:
        return (data if data is not None else path.read_bytes()).decode("utf-8-sig")
    except UnicodeDecodeError:
        batch.rejections.append(_file_rejection(path, "not UTF-8 text"))
        return None


def _file_rejection(path: Path, reason: str) -> Rejection:
    return Rejection("file", path.name, reason)


def _provision_rejection(where: str, reason: str) -> Rejection:
    return Rejection("provision", where, reason)
