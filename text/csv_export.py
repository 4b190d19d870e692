"""CSV that spreadsheets open as data, never as formulas: the one writer behind every CSV export.

A spreadsheet (Excel, LibreOffice, Google Sheets) opening a CSV file runs a cell that begins with ``=``, ``+``,
``-`` or ``@`` as a formula, so a law title or a commentary reading ``=HYPERLINK("https://evil.example", "…")``
would put a live link, or worse (DDE), in the hands of whoever opens the export (CWE-1236). Tab and carriage
return at the start of a cell are read past by some of them, and a line feed too, so they count as well.

Decisions:

- **Neutralised with a leading apostrophe**, as OWASP advises ("CSV Injection"): the cell becomes text whatever
  the spreadsheet, and the value is still there to read. The apostrophe is visible in a spreadsheet; a program
  reading the file back strips one leading ``'`` from a cell that then begins with one of the characters below.
- **The first character that shows counts**, not only the first one: a cell whose first character after
  whitespace and invisible format characters (spaces, no-break spaces, the right-to-left and left-to-right marks
  that Arabic text carries, zero-width characters) is dangerous is neutralised too, since some spreadsheets trim
  leading spaces before deciding, and a mark in front of ``=`` is invisible to the person who opens the file.
- **The full-width forms** ``＝ ＋ － ＠`` (U+FF1D, U+FF0B, U+FF0D, U+FF20) count as their ASCII letters: Excel
  reads them as such (OWASP lists them).
- **Every string is neutralised, numeric-looking or not**: ``"-3"`` comes out as ``'-3``. OWASP says to escape
  all; a string that looks like a number can be followed by a formula (``-3+cmd|…``), and telling the two apart
  is the kind of cleverness that fails. Python numbers (``int``, ``float``, ``Decimal``; not ``bool``) are a
  different matter: they cannot carry a formula, so they are written as they are, and a column that is really
  numeric should pass numbers, not text. (No export of ours has a signed number today; scores are positive.)
- **Nothing else changes**: Arabic (and any other script) is written exactly as given, quoting is the ``csv``
  module's (RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled), lines end in CRLF.
- **UTF-8 with one byte-order mark** at the very start of the file, so Excel reads Arabic right. The mark is
  part of the first line yielded, so a streamed file and a whole one are the same text.

Use ``csv_text(rows)`` for a whole file as a string, or ``csv_lines(rows)`` to stream it line by line (a
``StreamingHttpResponse`` takes the iterator as it is). ``csv_cell`` is the rule for one value.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _csv import _writer as _CsvWriter
else:
    _CsvWriter = Any

__all__ = ["BOM", "FORMULA_CHARACTERS", "CsvValue", "csv_cell", "csv_line", "csv_lines", "csv_text"]

BOM = "\ufeff"
# What makes a spreadsheet read a cell as a formula (or read past into one), ASCII and full-width.
FORMULA_CHARACTERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")

CsvValue = str | int | float | Decimal | None


def _first_visible(value: str) -> str:
    """The first character that is not whitespace nor an invisible format character (Unicode category Cf)."""
    for char in value:
        if not char.isspace() and unicodedata.category(char) != "Cf":
            return char
    return ""


def csv_cell(value: CsvValue) -> str:
    """One cell's text: ``None`` empty, numbers as they are, a string beginning (at its first visible character,
    or with a tab, carriage return or line feed) with a formula character behind a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    if not text:
        return text
    first = text[0]
    if first in FORMULA_CHARACTERS:
        return "'" + text
    if (first.isspace() or unicodedata.category(first) == "Cf") and _first_visible(text) in FORMULA_CHARACTERS:
        return "'" + text
    return text


class _Line:
    """A file-like object whose ``write`` returns what it was given: ``csv.writer`` then hands back each line."""

    def write(self, value: str) -> str:
        return value


def _writer() -> _CsvWriter:
    return csv.writer(_Line(), lineterminator="\r\n")


def csv_line(row: Iterable[CsvValue], writer: _CsvWriter | None = None) -> str:
    """One row as a CSV line (with its CRLF), every cell through ``csv_cell``; no byte-order mark."""
    line: str = (writer or _writer()).writerow([csv_cell(value) for value in row])
    return line


def csv_lines(rows: Iterable[Iterable[CsvValue]]) -> Iterator[str]:
    """The file line by line, the byte-order mark in front of the first line (or alone, for no rows)."""
    writer = _writer()
    first = True
    for row in rows:
        yield (BOM if first else "") + csv_line(row, writer)
        first = False
    if first:
        yield BOM


def csv_text(rows: Iterable[Iterable[CsvValue]]) -> str:
    """The whole file as one string, beginning with the byte-order mark."""
    return "".join(csv_lines(rows))
