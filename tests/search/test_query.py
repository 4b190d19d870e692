"""The search language: what people type becomes one tree for every engine; mistakes get a message, not a 500."""

from __future__ import annotations

import pytest

from search.query import And, Field, Not, Or, Phrase, QueryError, Term, parse


def test_words_are_all_required() -> None:
    assert parse("حرية التعبير") == And((Term("حرية"), Term("التعبير")))
    assert parse("  ") is None


def test_phrases_or_exclusion_prefix_and_grouping() -> None:
    assert parse('"أخبار كاذبة"') == Phrase("أخبار كاذبة")
    assert parse("تعبير OR رأي") == Or((Term("تعبير"), Term("رأي")))
    assert parse("قانون -ملغى") == And((Term("قانون"), Not(Term("ملغى"))))
    assert parse("قانون*") == Term("قانون", prefix=True)
    assert parse("(تعبير OR رأي) -ملغى") == And((Or((Term("تعبير"), Term("رأي"))), Not(Term("ملغى"))))
    # A hyphen inside a word is part of it, not an exclusion.
    assert parse("ICCPR-19") == Term("ICCPR-19")


def test_fields_and_year_ranges() -> None:
    assert parse("standard:ICCPR-19 assessment:incompatible") == And(
        (Field("standard", "ICCPR-19"), Field("assessment", "incompatible"))
    )
    assert parse("year:2010") == Field("year", low=2010, high=2010)
    assert parse("year:٢٠١٠") == Field("year", low=2010, high=2010)  # Arabic-Indic digits read as numbers
    assert parse("year:2000..2010") == Field("year", low=2000, high=2010)
    assert parse("year:>=2011") == Field("year", low=2011)
    assert parse("year:<1990") == Field("year", high=1989)
    assert parse('law:"17/2010"') == Field("law", "17/2010")
    assert parse("KIND:decree") == Field("kind", "decree")


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ('"أخبار كاذبة', "quote is opened but not closed"),
        ("(تعبير OR رأي", "bracket is opened but not closed"),
        ("تعبير)", "closing bracket has no opening"),
        ("تعبير OR", "OR needs something on each side"),
        ("OR رأي", "OR needs something on each side"),
        ("-ملغى", "cannot only exclude"),
        ("colour:red", "There is no field «colour:»"),
        ("standard:", "needs a value"),
        ("year:twenty", "is not a year"),
        ("year:2010..2000", "runs backwards"),
        ("ق*", "at least two letters"),
        ("قا*نون", "may only end a word"),
        ("()", "Empty brackets"),
        ('""', "quotes hold no words"),
    ],
)
def test_a_malformed_query_says_what_to_do(query: str, words: str) -> None:
    with pytest.raises(QueryError) as error:
        parse(query)

    assert words in error.value.message
    assert 0 <= error.value.position <= len(query)


def test_very_long_queries_are_refused_with_the_limit() -> None:
    with pytest.raises(QueryError, match="longer than 500"):
        parse("قانون " * 120)
    with pytest.raises(QueryError, match="more than 50 words"):
        parse(" ".join(f"w{n}" for n in range(60)))
