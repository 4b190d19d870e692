"""Highlights: whole words marked, the passage cut only between words, the text escaped, around the matches."""

from __future__ import annotations

import re
from html import unescape

from search.highlight import matcher, snippet
from search.query import parse

ARTICLE = (
    "المادة ٤٢ - حرية الاعتقاد مصونة وفقاً للقانون. لكل مواطن الحق في أن يعرب عن رأيه بحُرّيــة وعلنية بالقول "
    "أو الكتابة أو بوسائل التعبير كافة. " * 4 + "وتكفل الدولة وحريات التعبير والصحافة والطباعة والنشر وفقاً للقانون."
)
MARK = re.compile(r"<mark>(.*?)</mark>")


def marks(query: str, text: str = ARTICLE) -> tuple[str, list[str]]:
    html = snippet(text, matcher(parse(query)))
    return html, MARK.findall(html)


def test_arabic_words_are_marked_whole_with_their_prefixes_and_harakat() -> None:
    html, marked = marks("حرية التعبير")
    assert "وحريات" in marked and "التعبير" in marked
    assert "بحُرّيــة" in ARTICLE
    html, marked = marks("حرية")
    assert set(marked) <= {"حرية", "بحُرّيــة", "وحريات"}
    assert "بحُرّيــة" in marked


def test_the_passage_is_cut_between_words_only() -> None:
    html, _ = marks("الصحافة")
    plain = MARK.sub(r"\1", html)
    assert plain.startswith("… ") and len(plain) < len(ARTICLE)
    body = plain.removeprefix("… ").removesuffix(" …")
    start = ARTICLE.index(body)
    assert ARTICLE[start - 1] == " "
    end = start + len(body)
    assert end == len(ARTICLE) or ARTICLE[end] == " "
    assert 150 <= len(body) <= 320


def test_the_densest_cluster_is_shown() -> None:
    text = "عقوبة " + "نص عادي " * 80 + "حرية التعبير حرية الرأي حرية الصحافة " + "نص عادي " * 80
    _, marked = marks("حرية", text)
    assert len(marked) == 3


def test_phrases_mark_their_words_only_together() -> None:
    text = "التعبير عن الحرية. ثم حرية التعبير مصونة."
    _, marked = marks('"حرية التعبير"', text)
    assert marked == ["حرية", "التعبير"]


def test_prefixes_mark_the_words_they_begin() -> None:
    _, marked = marks("legislat*", "The legislative power and legislation; a legal act.")
    assert marked == ["legislative", "legislation"]


def test_numbers_match_in_either_script() -> None:
    _, marked = marks("المادة 42")
    assert marked[:2] == ["المادة", "٤٢"]


def test_excluded_words_and_fields_are_not_marked() -> None:
    _, marked = marks("حرية -التعبير kind:law")
    assert "التعبير" not in marked and marked


def test_text_is_escaped() -> None:
    html, marked = marks("script", "<script>alert('x')</script> & a script")
    assert "<script" not in html and "</script" not in html
    assert "&lt;<mark>script</mark>&gt;" in html
    assert marked == ["script", "script", "script"]
    assert unescape(MARK.sub(r"\1", html)) == "<script>alert('x')</script> & a script"


def test_no_match_gives_the_beginning() -> None:
    html, marked = marks("غائب")
    assert not marked and html.startswith("المادة ٤٢") and html.endswith(" …")
