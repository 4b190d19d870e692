"""What a person searching Qanun sees, on every engine: Arabic-aware matching, the query language, facets,
highlights, sorting, paging, similar provisions, and never anything the public may not see."""

from __future__ import annotations

import re
from html import unescape

import pytest

from legislation.models import Law
from search import analysis, documents
from search.engine import search, similar
from search.query import QueryError
from tests.search.conftest import DRAFT_WORD, HIDDEN_WORD, Library

pytestmark = pytest.mark.django_db
MARK = re.compile(r"<mark>(.*?)</mark>")


def keys(results) -> list[str]:
    return [hit.key for hit in results.hits]


def every(text: str, *, staff: bool = False, **options: object) -> list[str]:
    """The keys of every hit (the library is small enough for one page)."""
    results = search(text, staff=staff, per_page=100, **options)
    assert results.total <= 100, "the test expects one page"
    assert len(results.hits) == results.total
    return keys(results)


def record_terms(key: str) -> set[str]:
    record = documents.records([key]).records[0]
    return set(analysis.terms(f"{record.title}\n{record.text}"))


def record_text(key: str) -> str:
    return documents.records([key]).records[0].text


def law_of(key: str) -> Law:
    record = documents.records([key]).records[0]
    return Law.objects.get(pk=record.law_id)


# --- Arabic ------------------------------------------------------------------------------------------------


def test_freedom_of_expression_finds_the_articles_that_word_it_otherwise(library: Library) -> None:
    found = every("حرية التعبير")
    article_42 = f"provision:{library.articles['constitution-42'].pk}"
    assert article_42 in found
    texts = " ".join(record_text(key) for key in found)
    assert "وحريات" in texts or "الحريات" in texts  # plural, with و or the article, same stem
    assert any("الحرية" in record_text(key) for key in every("حرية"))


def test_western_and_arabic_indic_article_numbers_meet(library: Library) -> None:
    decree_article_5 = {key for key in every("المادة 5") if law_of(key) == library.news}
    assert decree_article_5, "«المادة 5» finds the decree's «المادة ٥»"
    assert {key for key in every("المادة ٥") if law_of(key) == library.news} == decree_article_5


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("يُعاقَب", "يعاقب"),  # harakat
        ("القضائيـــة", "القضائية"),  # tatweel
        ("القضائيه", "القضائية"),  # ta marbuta written as ha
        ("الأمه", "الامة"),  # alef with hamza, ta marbuta
        ("الي", "إلى"),  # a stop word either way: nothing, never an error
        ("توقيف", "تـوقـيـف"),
    ],
)
def test_spelling_variants_find_the_same_records(library: Library, variant: str, plain: str) -> None:
    assert every(variant) == every(plain)


def test_harakat_in_the_text_do_not_hide_a_word(library: Library) -> None:
    news_1 = f"provision:{library.articles['news-1'].pk}"
    assert news_1 in every("يعاقب كل")  # the text has «يُعاقَب» and «كلُّ»


# --- the query language ------------------------------------------------------------------------------------


def test_words_are_all_required(library: Library) -> None:
    both = every("حرية الرأي")
    assert both
    for key in both:
        assert {analysis.terms("حرية")[0], analysis.terms("الرأي")[0]} <= record_terms(key)
    assert set(both) <= set(every("حرية")) & set(every("الرأي"))


def test_a_phrase_needs_its_words_together(library: Library) -> None:
    phrase = set(every('"أخبارا كاذبة"'))
    words = set(every("أخبارا كاذبة"))
    assert phrase and phrase <= words
    apart = set(every('"كاذبة أخبارا"'))  # the same words in the other order are nowhere together
    assert not apart and words


def test_or_finds_either_word(library: Library) -> None:
    torture, publication = set(every("torture")), set(every("publication"))
    assert torture and publication
    assert set(every("torture OR publication")) == torture | publication


def test_minus_excludes_a_word(library: Library) -> None:
    freedom = set(every("freedom"))
    without = set(every("freedom -expression"))
    assert without < freedom
    for key in without:
        assert "express" not in record_terms(key)


def test_a_prefix_finds_the_words_it_begins(library: Library) -> None:
    found = every("legislat*")
    assert found
    for key in found:
        assert re.search(r"\blegislat", record_text(key), re.IGNORECASE)
    assert set(every("المواطن*")) >= set(every("المواطنين"))


def test_brackets_group(library: Library) -> None:
    grouped = set(every("(torture OR dignity) State"))
    assert grouped == (set(every("torture State")) | set(every("dignity State")))


@pytest.mark.parametrize(
    "query",
    ['"أخبار', "(حرية", "حرية)", "حرية OR", "-", "year:abc", "colour:red", "حرية OR kind:law", "(حرية kind:law) OR x"],
)
def test_a_malformed_query_says_what_is_wrong(library: Library, query: str) -> None:
    with pytest.raises(QueryError) as error:
        search(query)
    assert error.value.message


# --- fields ------------------------------------------------------------------------------------------------


def test_kind_and_year_fields(library: Library) -> None:
    constitutions = every("حرية kind:constitution")
    assert constitutions
    assert {law_of(key).kind for key in constitutions} == {"constitution"}
    assert {law_of(key).year for key in every("حرية year:2012")} == {2012}
    ranged = every("حرية year:2013..2022")
    assert ranged and all(2013 <= law_of(key).year <= 2022 for key in ranged)
    assert {law_of(key).year for key in every("حرية year:>=2022")} == {2022}
    assert every('"نفسية الأمة" (kind:law OR kind:constitution)') == []
    decrees = every('"نفسية الأمة" -kind:constitution')
    assert {law_of(key) for key in decrees} == {library.news, library.cyber}


def test_status_and_law_fields(library: Library) -> None:
    amended = every("الجنسية status:amended")
    assert amended and {law_of(key) for key in amended} == {library.nationality}
    by_number = every("الجنسية law:276/1969")
    assert by_number and set(by_number) <= set(amended)
    assert set(every(f"الجنسية law:{library.nationality.pk}")) == set(by_number)


def test_annotation_fields(library: Library) -> None:
    article_42 = f"provision:{library.articles['constitution-42'].pk}"
    annotation = f"annotation:{library.public_annotation.pk}"
    assert set(every("standard:ICCPR-19")) == {article_42, annotation}
    assert set(every("standard:iccpr")) == {article_42, annotation}  # the instrument, in any case
    assert set(every("حرية assessment:incompatible")) == {article_42, annotation}
    assert set(every("tag:expression")) == {article_42, annotation}
    assert every("حرية tag:expression -standard:ICCPR") == []


def test_page_filters_and_fields_agree(library: Library) -> None:
    assert every("حرية", filters={"kind": ["constitution"], "year": ["2012"]}) == every(
        "حرية kind:constitution year:2012"
    )
    assert set(every("حرية", filters={"type": ["annotation", "law"]})) <= set(every("حرية"))


# --- facets, sorting, paging, highlights -------------------------------------------------------------------


@pytest.mark.parametrize("query", ["حرية", "", "freedom"])
def test_facet_counts_are_the_records_each_value_finds(library: Library, query: str) -> None:
    results = search(query, per_page=1)
    assert sum(value.count for value in results.facets["type"]) == results.total
    for name in ("type", "kind", "year", "status", "standard", "assessment", "tag"):
        for value in results.facets[name]:
            assert search(query, filters={name: [value.value]}, per_page=1).total == value.count, (name, value)


def _counts(results: object, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[facet]}  # type: ignore[attr-defined]


def test_a_filtered_facet_keeps_its_other_values_to_add_and_narrows_the_others(library: Library) -> None:
    everything = search("حرية", per_page=1)
    kinds = _counts(everything, "kind")
    assert "constitution" in kinds and len(kinds) >= 2
    filtered = search("حرية", filters={"kind": ["constitution"]}, per_page=1)
    # Its own facet is counted without its own filter: every kind is still there to tick, with its count...
    assert _counts(filtered, "kind") == kinds
    # ...while the page and every other facet are narrowed by it.
    assert filtered.total == kinds["constitution"]
    assert _counts(filtered, "year") == _counts(search("حرية kind:constitution", per_page=1), "year")
    assert _counts(filtered, "standard") == _counts(search("حرية kind:constitution", per_page=1), "standard")
    # Two values of one facet: either of them.
    other = next(kind for kind in kinds if kind != "constitution")
    both = search("حرية", filters={"kind": ["constitution", other]}, per_page=1)
    assert both.total == kinds["constitution"] + kinds[other]
    # Two facets filtered: each is counted with the other's filter only.
    year = filtered.facets["year"][0].value
    two = search("حرية", filters={"kind": ["constitution"], "year": [year]}, per_page=1)
    assert _counts(two, "kind") == _counts(search(f"حرية year:{year}", per_page=1), "kind")
    assert _counts(two, "year") == _counts(filtered, "year")
    assert two.total == _counts(filtered, "year")[year]
    # A multi-valued facet (a finding's standards) too.
    by_standard = search("حرية", filters={"standard": ["ICCPR-19"]}, per_page=1)
    assert _counts(by_standard, "standard") == _counts(everything, "standard")
    assert by_standard.total == _counts(everything, "standard")["ICCPR-19"]


def test_sorting_by_date_puts_the_newest_laws_first(library: Library) -> None:
    hits = search("حرية", sort="date", per_page=100).hits
    dates = [hit.date for hit in hits if hit.date]
    assert dates == sorted(dates, reverse=True)
    assert len(set(dates)) > 1


def test_pages_follow_each_other(library: Library) -> None:
    first, second = search("حرية", per_page=5), search("حرية", per_page=5, page=2)
    assert first.total == second.total > 10
    assert keys(first) + keys(second) == keys(search("حرية", per_page=10))
    assert not set(keys(first)) & set(keys(second))


@pytest.mark.parametrize("query", ["حرية التعبير", "يعاقب", '"نفسية الأمة"', "المواطن*", "legislat*", "torture"])
def test_highlights_mark_whole_words_and_never_cut_one(library: Library, query: str) -> None:
    hits = search(query, per_page=20).hits
    assert hits
    for hit in hits:
        text = record_text(hit.key)
        words = {match.group() for match in analysis.words(text)[0]}
        marked = [unescape(word) for word in MARK.findall(hit.snippet)]
        assert marked or not hit.snippet, hit.snippet
        assert all(word in words for word in marked), (marked, hit.key)
        plain = unescape(MARK.sub(r"\1", hit.snippet)).removeprefix("… ").removesuffix(" …")
        flat = " ".join(text.split())
        assert plain in flat, (plain, flat)
        start = flat.index(plain)
        assert start == 0 or flat[start - 1] == " "  # begins at a word
        end = start + len(plain)
        assert end == len(flat) or flat[end] == " "  # ends at a word
        assert len(plain) <= 400


def test_an_exact_word_with_harakat_is_marked_whole(library: Library) -> None:
    hit = next(hit for hit in search("يعاقب").hits if hit.key == f"provision:{library.articles['news-1'].pk}")
    assert "<mark>يُعاقَب</mark>" in hit.snippet


# --- similar provisions ------------------------------------------------------------------------------------


def test_similar_provisions_come_from_other_laws(library: Library) -> None:
    news_1 = library.articles["news-1"]
    found = similar(f"provision:{news_1.pk}")
    assert found
    assert all(hit.kind == "provision" and hit.law_id != library.news.pk for hit in found)
    assert found[0].law_id == library.cyber.pk  # the same vague offence, in another decree
    assert "<mark>" in found[0].snippet
    freedom = similar(f"provision:{library.articles['constitution-42'].pk}")
    assert freedom and all(hit.law_id != library.constitution.pk for hit in freedom)


# --- what the public never sees ----------------------------------------------------------------------------


def _all_public_text(results) -> str:
    facets = " ".join(f"{value.value}" for values in results.facets.values() for value in values)
    return " ".join([facets, *(hit.snippet + hit.title + hit.url for hit in results.hits)])


def test_a_draft_law_is_found_by_staff_only(library: Library) -> None:
    query = "law:30/2010"
    assert search(query).total == 0
    staff = search(query, staff=True)
    assert staff.total > 50
    draft_article = f"provision:{library.articles['draft'].pk}"
    words = " ".join(record_text(draft_article).split()[:4])
    public = search(words, per_page=100)
    assert all(hit.law_id != library.draft.pk for hit in public.hits)
    assert str(library.draft.year) not in {value.value for value in search("").facets["year"]} or any(
        law.year == library.draft.year for law in Law.objects.filter(published=True)
    )
    assert "law" not in {value.value for value in search("").facets["kind"]}  # the draft is the only «law»
    assert "law" in {value.value for value in search("", staff=True).facets["kind"]}
    assert similar(draft_article) == []
    assert similar(draft_article, staff=True)
    for article in library.articles.values():
        if article.law_id != library.draft.pk:
            assert all(hit.law_id != library.draft.pk for hit in similar(f"provision:{article.pk}", limit=50))


@pytest.mark.parametrize("code", ["CAT-16", "CED-2", "CRC-13"])
def test_unpublished_annotations_leave_no_trace_in_public_results(library: Library, code: str) -> None:
    for query in ("", "نفسية الأمة", f"standard:{code}", code, DRAFT_WORD, HIDDEN_WORD):
        results = search(query, per_page=100)
        assert code not in _all_public_text(results), query
        assert DRAFT_WORD not in _all_public_text(results)
        assert HIDDEN_WORD not in _all_public_text(results)
    assert search(f"standard:{code}").total == 0
    assert search(f"standard:{code}", staff=True).total >= 2  # the annotation and its article
    assert search(DRAFT_WORD).total == 0 and search(DRAFT_WORD, staff=True).total == 1
    assert search(HIDDEN_WORD).total == 0 and search(HIDDEN_WORD, staff=True).total == 1
    assert "unclear" not in {value.value for value in search("").facets["assessment"]}
    assert "unclear" in {value.value for value in search("", staff=True).facets["assessment"]}


def test_the_public_sees_the_public_annotation(library: Library) -> None:
    key = f"annotation:{library.public_annotation.pk}"
    assert key in every("قيود واسعة")
    hit = next(hit for hit in search("قيود واسعة").hits if hit.key == key)
    assert hit.url.endswith(f"#{library.articles['constitution-42'].eid}")
