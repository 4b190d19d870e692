"""text.csv_export: a cell that a spreadsheet would run as a formula comes out as text; nothing else changes."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from text.csv_export import BOM, csv_cell, csv_line, csv_lines, csv_text

DANGEROUS = [
    '=HYPERLINK("https://evil.example","click")',
    "=1+1",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "-3",
    "＝1+1",  # full-width equals sign
    "  =1+1",
    "\u00a0=1+1",
    "\u200f=1+1",  # a right-to-left mark in front
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_cell_neutralises_formula_starts_with_an_apostrophe(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["Law 17/2010", "قانون تنظيم التواصل على الشبكة", "a = b", "e-mail", "2010", "3.5", "", "'quoted", "x@y"],
)
def test_csv_cell_leaves_ordinary_text_as_it_is(value):
    assert csv_cell(value) == value


def test_csv_cell_writes_python_numbers_and_none_as_they_are():
    assert csv_cell(-3) == "-3"
    assert csv_cell(-0.5) == "-0.5"
    assert csv_cell(Decimal("-1.25")) == "-1.25"
    assert csv_cell(None) == ""


def test_csv_text_keeps_arabic_quotes_and_has_one_bom_at_the_start():
    rows = [
        ["law", "quote"],
        ["المرسوم التشريعي رقم 20", '=HYPERLINK("http://evil.example","انقر")'],
        ["a,b", 'say "hi"'],
    ]
    text = csv_text(rows)
    assert text.startswith(BOM)
    assert text.count(BOM) == 1
    parsed = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert parsed == [
        ["law", "quote"],
        ["المرسوم التشريعي رقم 20", '\'=HYPERLINK("http://evil.example","انقر")'],
        ["a,b", 'say "hi"'],
    ]
    assert text.endswith("\r\n")


def test_csv_lines_streams_the_same_text_row_by_row():
    rows = [["a", "-b"], ["ج", "@d"], ["e", "f"]]
    lines = list(csv_lines(iter(rows)))
    assert len(lines) == 3
    assert lines[0].startswith(BOM) and all(BOM not in line for line in lines[1:])
    assert "".join(lines) == csv_text(rows)
    assert csv_line(["a", "-b"]) == "a,'-b\r\n"


def test_csv_lines_of_no_rows_is_the_bom_alone():
    assert list(csv_lines([])) == [BOM]
