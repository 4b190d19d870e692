"""The word-level redline on real Arabic statute text from the corpus: words are never split (vowel marks stay in
their word), both sides are given back exactly, and a change reads as one deletion and one insertion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from proposals.redline import Segment, diff, render_inline, render_side, tokens

ARABIC_WORD = re.compile(r"[\u0621-\u064a]")


def _corpus_line(corpus: Path, relative: str, needle: str) -> str:
    for line in (corpus / relative).read_text(encoding="utf-8").splitlines():
        if needle in line:
            return line.strip()
    raise AssertionError(f"{needle!r} not in {relative}")


@pytest.fixture
def harassment(corpus: Path) -> str:
    """Saudi Anti-Harassment Law, article 6(1): «... يعاقب بالسجن مدة لا تزيد على سنتين، وبغرامة ...»."""
    return _corpus_line(corpus, "ground_truth/saudi_boe_md/anti_harassment.md", "يعاقب بالسجن")


@pytest.fixture
def nationality(corpus: Path) -> str:
    """Syrian Nationality Law, article 31: false statements punished by prison or a fine."""
    return _corpus_line(corpus, "laws/syria/md/sy_nationality_law.md", "مع عدم الإخلال بأية عقوبة أشد")


def _sides(segments: list[Segment]) -> tuple[str, str]:
    current = "".join(s.text for s in segments if s.op != "insert")
    proposed = "".join(s.text for s in segments if s.op != "delete")
    return current, proposed


def _changes(segments: list[Segment]) -> list[tuple[str, str]]:
    return [(s.op, s.text) for s in segments if s.op != "equal"]


def test_replacing_prison_by_a_fine_is_one_deletion_and_one_insertion(harassment: str) -> None:
    proposed = harassment.replace("بالسجن", "بالغرامة", 1)

    segments = diff(harassment, proposed)

    assert _changes(segments) == [("delete", "بالسجن"), ("insert", "بالغرامة")]
    assert _sides(segments) == (harassment, proposed)


def test_deleting_a_clause_keeps_every_other_word(nationality: str) -> None:
    clause = " أو بغرامة لا تزيد على ألف ليرة سورية"
    assert clause in nationality
    proposed = nationality.replace(clause, "", 1)

    segments = diff(nationality, proposed)

    assert _changes(segments) == [("delete", clause)]
    assert _sides(segments) == (nationality, proposed)


def test_inserting_a_clause(nationality: str) -> None:
    proposed = nationality.replace("بيانات كاذبة", "بيانات كاذبة عمداً وبسوء نية", 1)

    segments = diff(nationality, proposed)

    assert [(op, text.strip()) for op, text in _changes(segments)] == [("insert", "عمداً وبسوء نية")]
    assert _sides(segments) == (nationality, proposed)


def test_no_token_splits_a_word_and_vowel_marks_stay_in_their_word(harassment: str) -> None:
    vocalised = harassment.replace("بالسجن", "بِالسِّجْنِ", 1)

    words = [t for t in tokens(vocalised) if ARABIC_WORD.search(t)]

    assert "بِالسِّجْنِ" in words
    assert all(re.fullmatch(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640]+", w) for w in words)
    assert "".join(tokens(vocalised)) == vocalised
    # Every word of the text is a whole token: split on spaces and punctuation, the same words come out.
    assert [w for w in re.split(r"[\s،؛,.()]+", vocalised) if ARABIC_WORD.search(w)] == words


def test_a_change_of_vowels_only_is_shown_as_a_minor_change_of_that_word(harassment: str) -> None:
    proposed = harassment.replace("بالسجن", "بالسِّجن", 1)

    segments = diff(harassment, proposed)

    assert [(s.op, s.text, s.minor) for s in segments if s.op != "equal"] == [
        ("delete", "بالسجن", True),
        ("insert", "بالسِّجن", True),
    ]
    assert _sides(segments) == (harassment, proposed)


def test_changes_across_the_text_still_give_back_both_texts(nationality: str, harassment: str) -> None:
    proposed = (
        harassment.replace("سنتين", "سنة", 1).replace("مائة ألف", "عشرة آلاف", 1) + " وتضاعف العقوبة عند التكرار."
    )

    segments = diff(harassment, proposed)

    assert _sides(segments) == (harassment, proposed)
    assert _sides(diff(nationality, harassment)) == (nationality, harassment)


def test_html_is_escaped_and_tells_screen_readers_what_changed() -> None:
    segments = diff("يعاقب <b>بالسجن</b>", "يعاقب <b>بالغرامة</b>")

    html = str(render_inline(segments))

    assert "<b>" not in html and "&lt;b&gt;" in html
    assert '<del><span class="visually-hidden">deleted: </span>بالسجن' in html
    assert '<ins><span class="visually-hidden">inserted: </span>بالغرامة' in html
    assert "بالغرامة" not in str(render_side(segments, "current"))
    assert "بالسجن" not in str(render_side(segments, "proposed"))
