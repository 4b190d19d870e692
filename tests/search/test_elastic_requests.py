"""The exact request bodies the Elasticsearch engine sends (built with elasticsearch-dsl) for each query feature,
and how it reads the answers, through a local HTTP peer that the real client talks to.

No Elasticsearch server runs here, so what is proven is the request: the words, phrases, OR, exclusions,
prefixes, groups, every field, the page's filters, the audience inside the query, sorting, paging, facets,
highlights and ``more_like_this`` are each the clause written out below. The behaviour suite
(tests/search/test_behaviour.py) runs the same engine against a real server when ``ELASTICSEARCH_URL`` is set.
"""

from __future__ import annotations

import time
from datetime import date

import pytest

from search.backends.base import EngineUnavailable, FacetValue, Hit, SearchRequest, SearchResults
from search.backends.elastic import ElasticsearchBackend
from search.backends.elastic.queries import search_request, similar_request
from search.documents import SearchRecord
from search.query import QueryError, parse
from tests.search.elastic_peer import Peer

# A public search reads the outbox (keys whose update waits are withheld), so the database is used.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    """Requests are compared whole: no update left waiting by earlier tests may add withheld keys to them."""
    from search.models import PendingUpdate

    PendingUpdate.objects.all().delete()


FIELDS = ["title.ar", "title.en", "text.ar", "text.en"]
PUBLIC = {"term": {"public": True}}
BY_RELEVANCE = ["_score", {"law_id": "asc"}, {"order": "asc"}, {"key": "asc"}]
BY_DATE = [{"date": "desc"}, {"law_id": "asc"}, {"order": "asc"}, {"key": "asc"}]
SOURCE = [
    "key",
    "kind",
    "title",
    "text",
    "url",
    "language",
    "law_id",
    "law_title",
    "law_citation",
    "provision",
    "number",
    "year",
    "date",
    "status",
]
ORDER = [{"_count": "desc"}, {"_key": "asc"}]
PUBLIC_FACETS = {
    "type": {"terms": {"field": "kind", "size": 200, "order": ORDER}},
    "kind": {"terms": {"field": "law_kind", "size": 200, "order": ORDER}},
    "year": {"terms": {"field": "year", "size": 200, "order": ORDER}},
    "status": {"terms": {"field": "status", "size": 200, "order": ORDER}},
    "standard": {"terms": {"field": "standards", "size": 200, "order": ORDER}},
    "assessment": {"terms": {"field": "assessments", "size": 200, "order": ORDER}},
    "tag": {"terms": {"field": "tags", "size": 200, "order": ORDER}},
}
HIGHLIGHT = {
    "type": "fvh",
    "fragment_size": 250,
    "number_of_fragments": 1,
    "boundary_scanner": "word",
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fields": {"text.ar": {"matched_fields": ["text.ar", "text.en"]}},
}


def body(text: str, **request: object) -> dict:
    prepared = search_request(SearchRequest(parse(text), **request), "qanun")  # type: ignore[arg-type]
    assert prepared is not None
    return prepared.to_dict()


def query(text: str, **request: object) -> dict:
    return body(text, **request)["query"]


def word(text: str) -> dict:
    """A word: all of its terms, in the title or the text, in either analysis."""
    return {"multi_match": {"query": text, "fields": FIELDS, "operator": "and"}}


def phrase(text: str) -> dict:
    return {"multi_match": {"query": text, "type": "phrase", "fields": FIELDS}}


# --- words ---------------------------------------------------------------------------------------------------


def test_one_word_is_the_whole_request_with_facets_highlight_relevance_and_the_first_page():
    assert body("قانون") == {
        "query": {
            "bool": {
                "filter": [{"term": {"public": True}}],
                "must": [{"multi_match": {"query": "قانون", "fields": FIELDS, "operator": "and"}}],
            }
        },
        "aggs": PUBLIC_FACETS,
        "highlight": HIGHLIGHT,
        "sort": BY_RELEVANCE,
        "from": 0,
        "size": 20,
        "track_total_hits": True,
        "_source": SOURCE,
    }


def test_an_english_word_is_matched_in_both_analyses_like_an_arabic_one():
    assert query("expression") == {"bool": {"filter": [PUBLIC], "must": [word("expression")]}}


def test_two_arabic_words_must_both_match_each_anywhere_in_title_or_text():
    assert query("حرية التعبير") == {"bool": {"filter": [PUBLIC], "must": [word("حرية"), word("التعبير")]}}


def test_arabic_indic_digits_are_sent_as_typed_for_the_decimal_digit_filter_to_read():
    assert query("المادة ٥") == {"bool": {"filter": [PUBLIC], "must": [word("المادة"), word("٥")]}}


def test_a_quoted_phrase_is_a_phrase_match():
    assert query('"أخبار كاذبة"') == {"bool": {"filter": [PUBLIC], "must": [phrase("أخبار كاذبة")]}}


def test_a_word_of_several_terms_is_matched_as_a_phrase_of_them():
    assert query("ICCPR-19") == {"bool": {"filter": [PUBLIC], "must": [phrase("ICCPR-19")]}}


def test_or_is_a_should_of_which_one_must_match():
    assert query("تعبير OR رأي") == {
        "bool": {
            "filter": [PUBLIC],
            "must": [{"bool": {"should": [word("تعبير"), word("رأي")], "minimum_should_match": 1}}],
        }
    }


def test_an_excluded_word_is_must_not():
    assert query("قانون -ملغى") == {"bool": {"filter": [PUBLIC], "must": [word("قانون")], "must_not": [word("ملغى")]}}


def test_a_prefix_is_a_phrase_prefix_over_the_analysed_fields():
    assert query("قانون*") == {
        "bool": {
            "filter": [PUBLIC],
            "must": [
                {"multi_match": {"query": "قانون", "type": "phrase_prefix", "fields": FIELDS, "max_expansions": 200}}
            ],
        }
    }


def test_groups_nest_or_and_and_with_exclusions_inside():
    assert query("(تعبير OR رأي) صحافة -ملغى") == {
        "bool": {
            "filter": [PUBLIC],
            "must": [
                {"bool": {"should": [word("تعبير"), word("رأي")], "minimum_should_match": 1}},
                word("صحافة"),
            ],
            "must_not": [word("ملغى")],
        }
    }
    assert query("(حرية -صحافة) OR رأي") == {
        "bool": {
            "filter": [PUBLIC],
            "must": [
                {
                    "bool": {
                        "should": [{"bool": {"must": [word("حرية")], "must_not": [word("صحافة")]}}, word("رأي")],
                        "minimum_should_match": 1,
                    }
                }
            ],
        }
    }


def test_stop_words_are_dropped_as_the_database_engine_drops_them():
    assert query("حرية في التعبير") == {"bool": {"filter": [PUBLIC], "must": [word("حرية"), word("التعبير")]}}
    assert query("حرية OR the") == {"bool": {"filter": [PUBLIC], "must": [word("حرية")]}}
    assert search_request(SearchRequest(parse("في")), "qanun") is None  # only stop words: nothing matches


# --- fields --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "clause"),
    [
        ("kind:law", {"terms": {"law_kind": ["law"]}}),
        ("kind:Legislative_Decree", {"terms": {"law_kind": ["legislative-decree"]}}),
        ("year:2010", {"range": {"year": {"gte": 2010, "lte": 2010}}}),
        ("year:٢٠١٠", {"range": {"year": {"gte": 2010, "lte": 2010}}}),
        ("year:2000..2010", {"range": {"year": {"gte": 2000, "lte": 2010}}}),
        ("year:..1990", {"range": {"year": {"lte": 1990}}}),
        ("year:>=2011", {"range": {"year": {"gte": 2011}}}),
        ("year:>2011", {"range": {"year": {"gte": 2012}}}),
        ("year:<1990", {"range": {"year": {"lte": 1989}}}),
        ("status:in_force", {"terms": {"status": ["in-force"]}}),
        ("standard:iccpr-19", {"term": {"standards": {"value": "iccpr-19", "case_insensitive": True}}}),
        ("standard:ICCPR", {"term": {"standards": {"value": "ICCPR", "case_insensitive": True}}}),
        ("assessment:partially-compatible", {"terms": {"assessments": ["partially_compatible"]}}),
        ("tag:Expression", {"terms": {"tags": ["expression"]}}),
        ("law:17/2010", {"terms": {"law_ref": ["17/2010"]}}),
        ("law:١٧/٢٠١٠", {"terms": {"law_ref": ["17/2010"]}}),
        ("law:12", {"terms": {"law_id": [12]}}),
    ],
)
def test_each_field_is_a_filter_beside_the_words(typed, clause):
    assert query(f"تعبير {typed}") == {"bool": {"filter": [PUBLIC, clause], "must": [word("تعبير")]}}


def test_a_standard_code_and_its_instrument_are_both_looked_up_in_the_standards_field():
    # Records carry codes and their instruments («ICCPR-19», «ICCPR»), so both spellings are one term query.
    code = query("standard:ICCPR-19")["bool"]["filter"][1]
    instrument = query("standard:ICCPR")["bool"]["filter"][1]
    assert code == {"term": {"standards": {"value": "ICCPR-19", "case_insensitive": True}}}
    assert instrument == {"term": {"standards": {"value": "ICCPR", "case_insensitive": True}}}


def test_staff_fields_read_the_staff_facet_values():
    assert query("standard:ICCPR-19 assessment:incompatible tag:expression", audience="staff") == {
        "bool": {
            "filter": [
                {"term": {"staff_standards": {"value": "ICCPR-19", "case_insensitive": True}}},
                {"terms": {"staff_assessments": ["incompatible"]}},
                {"terms": {"staff_tags": ["expression"]}},
            ]
        }
    }


def test_fields_alone_list_what_they_select_by_date_without_highlights():
    assert body("kind:law year:2010") == {
        "query": {
            "bool": {
                "filter": [PUBLIC, {"terms": {"law_kind": ["law"]}}, {"range": {"year": {"gte": 2010, "lte": 2010}}}]
            }
        },
        "aggs": PUBLIC_FACETS,
        "sort": BY_DATE,
        "from": 0,
        "size": 20,
        "track_total_hits": True,
        "_source": SOURCE,
    }


def test_an_excluded_field_and_fields_ored_together():
    assert query("تعبير -status:repealed") == {
        "bool": {
            "filter": [PUBLIC, {"bool": {"must_not": [{"terms": {"status": ["repealed"]}}]}}],
            "must": [word("تعبير")],
        }
    }
    assert query("kind:law OR kind:decree") == {
        "bool": {
            "filter": [
                PUBLIC,
                {
                    "bool": {
                        "should": [{"terms": {"law_kind": ["law"]}}, {"terms": {"law_kind": ["decree"]}}],
                        "minimum_should_match": 1,
                    }
                },
            ]
        }
    }


def test_fields_with_only_an_exclusion_of_words_keep_the_exclusion():
    assert query("kind:law -ملغى") == {
        "bool": {"filter": [PUBLIC, {"terms": {"law_kind": ["law"]}}], "must_not": [word("ملغى")]}
    }


@pytest.mark.parametrize(
    "typed",
    ["تعبير OR kind:law", "(تعبير kind:law) OR رأي", "صحافة (رأي kind:law)", "-(تعبير kind:law) رأي"],
)
def test_a_field_ored_with_words_or_inside_a_group_of_words_is_refused(typed):
    with pytest.raises(QueryError, match="«kind:» can be combined with words only by AND"):
        query(typed)


# --- the page's filters and the audience ---------------------------------------------------------------------

PAGE_FILTERS = {
    "type": ("provision", "Annotation"),
    "kind": ("law", "legislative_decree"),
    "year": ("2010", "٢٠١١"),
    "status": ("in_force",),
    "standard": ("ICCPR-19", "udhr"),
    "assessment": ("incompatible",),
    "tag": ("expression",),
    "law": ("12", "17/2010"),
}


def test_page_filters_are_anded_across_facets_and_ored_within_one():
    assert query("تعبير", filters=PAGE_FILTERS, with_facets=False) == {
        "bool": {
            "filter": [
                PUBLIC,
                {"terms": {"kind": ["provision", "annotation"]}},
                {"terms": {"law_kind": ["law", "legislative-decree"]}},
                {"terms": {"year": [2010, 2011]}},
                {"terms": {"status": ["in-force"]}},
                {
                    "bool": {
                        "should": [
                            {"term": {"standards": {"value": "ICCPR-19", "case_insensitive": True}}},
                            {"term": {"standards": {"value": "udhr", "case_insensitive": True}}},
                        ],
                        "minimum_should_match": 1,
                    }
                },
                {"terms": {"assessments": ["incompatible"]}},
                {"terms": {"tags": ["expression"]}},
                {
                    "bool": {
                        "should": [{"terms": {"law_id": [12]}}, {"terms": {"law_ref": ["17/2010"]}}],
                        "minimum_should_match": 1,
                    }
                },
            ],
            "must": [word("تعبير")],
        }
    }


def test_a_filter_value_that_cannot_be_a_year_matches_nothing():
    assert query("تعبير", filters={"year": ("soon",)}, with_facets=False)["bool"]["filter"][1] == {"match_none": {}}


def test_an_unknown_filter_is_refused():
    with pytest.raises(QueryError, match="There is no filter «colour»"):
        query("تعبير", filters={"colour": ("red",)})


def test_staff_have_no_visibility_filter_and_count_and_filter_the_staff_facet_values():
    request = body("تعبير", audience="staff", filters={"standard": ("ICCPR-19",), "tag": ("expression",)})
    standard = {"term": {"staff_standards": {"value": "ICCPR-19", "case_insensitive": True}}}
    tag = {"terms": {"staff_tags": ["expression"]}}
    assert request["query"] == {"bool": {"must": [word("تعبير")]}}
    assert request["post_filter"] == {"bool": {"filter": [standard, tag]}}
    assert request["aggs"]["standard"] == {
        "filter": {"bool": {"filter": [tag]}},
        "aggs": {"values": {"terms": {"field": "staff_standards", "size": 200, "order": ORDER}}},
    }
    assert request["aggs"]["assessment"]["aggs"]["values"]["terms"]["field"] == "staff_assessments"


def test_with_facets_the_page_filters_filter_the_hits_and_each_facet_is_counted_without_its_own():
    request = body("تعبير", filters={"kind": ("law",), "year": ("2010",)})
    kind = {"terms": {"law_kind": ["law"]}}
    year = {"terms": {"year": [2010]}}
    assert request["query"] == {"bool": {"filter": [PUBLIC], "must": [word("تعبير")]}}
    assert request["post_filter"] == {"bool": {"filter": [kind, year]}}

    def counted(facet: str, within: dict) -> dict:
        return {"filter": within, "aggs": {"values": PUBLIC_FACETS[facet]}}

    assert request["aggs"] == {
        "type": counted("type", {"bool": {"filter": [kind, year]}}),
        "kind": counted("kind", {"bool": {"filter": [year]}}),
        "year": counted("year", {"bool": {"filter": [kind]}}),
        "status": counted("status", {"bool": {"filter": [kind, year]}}),
        "standard": counted("standard", {"bool": {"filter": [kind, year]}}),
        "assessment": counted("assessment", {"bool": {"filter": [kind, year]}}),
        "tag": counted("tag", {"bool": {"filter": [kind, year]}}),
    }
    only_kind = body("تعبير", filters={"kind": ("law",)})
    assert only_kind["aggs"]["kind"] == counted("kind", {"match_all": {}})


# --- sort, paging, facets, highlights ------------------------------------------------------------------------


def test_sort_by_date_newest_first_then_law_and_article_order():
    assert body("تعبير", sort="date")["sort"] == BY_DATE


def test_an_empty_query_lists_everything_public_by_date():
    assert body("") == {
        "query": {"bool": {"filter": [PUBLIC]}},
        "aggs": PUBLIC_FACETS,
        "sort": BY_DATE,
        "from": 0,
        "size": 20,
        "track_total_hits": True,
        "_source": SOURCE,
    }


def test_paging_is_from_and_size():
    request = body("تعبير", offset=40, limit=20)
    assert (request["from"], request["size"]) == (40, 20)


def test_without_facets_or_highlights_the_request_asks_for_neither():
    request = body("تعبير", with_facets=False, with_highlights=False)
    assert "aggs" not in request and "highlight" not in request


# --- more_like_this ------------------------------------------------------------------------------------------


def test_similar_articles_are_more_like_this_on_the_articles_own_document_from_other_laws():
    prepared = similar_request("qanun", key="provision:7", law_id=3, audience="public", limit=10)
    assert prepared.to_dict() == {
        "query": {
            "bool": {
                "must": [
                    {
                        "more_like_this": {
                            "fields": ["text.ar", "text.en"],
                            "like": [{"_index": "qanun", "_id": "provision:7"}],
                            "min_term_freq": 1,
                            "min_doc_freq": 2,
                            "max_query_terms": 12,
                            "minimum_should_match": "1",
                        }
                    }
                ],
                "filter": [PUBLIC, {"term": {"kind": "provision"}}],
                "must_not": [{"term": {"law_id": 3}}],
            }
        },
        "highlight": HIGHLIGHT,
        "sort": BY_RELEVANCE,
        "size": 10,
        "_source": SOURCE,
    }


def test_similar_for_staff_has_no_visibility_filter():
    prepared = similar_request("qanun", key="provision:7", law_id=None, audience="staff", limit=5)
    assert prepared.to_dict()["query"]["bool"]["filter"] == [{"term": {"kind": "provision"}}]
    assert "must_not" not in prepared.to_dict()["query"]["bool"]


# --- through the client: what is sent, and how answers are read ----------------------------------------------

TEXT = (
    "المادة 38: لكل مواطن الحق في أن يعرب بحرية وعلنية عن رأيه بالقول أو الكتابة أو بوسائل التعبير كافة، "
    "ويسهم في الرقابة والنقد البناء بما يضمن سلامة البناء الوطني."
)


def _answer(fragment: str | None, *, text: str = TEXT, filtered: bool = False) -> dict:
    """Elasticsearch's answer; ``filtered``: to a request with page filters (each facet's buckets under the
    ``filter`` aggregation that counts it without its own filter)."""
    hit = {
        "_index": "qanun-initial",
        "_id": "provision:7",
        "_score": 3.25,
        "_source": {
            "key": "provision:7",
            "kind": "provision",
            "title": "المادة 38",
            "text": text,
            "url": "/laws/constitution/2012/#art_38",
            "language": "ar",
            "law_id": 3,
            "law_title": "دستور الجمهورية العربية السورية",
            "law_citation": "Constitution of 2012",
            "provision": "art_38",
            "number": "38",
            "year": 2012,
            "date": "2012-02-27",
            "status": "in-force",
        },
    }
    if fragment is not None:
        hit["highlight"] = {"text.ar": [fragment]}

    def buckets(*pairs: tuple) -> dict:
        found = {"buckets": [{"key": key, "doc_count": count} for key, count in pairs]}
        return {"doc_count": sum(count for _key, count in pairs), "values": found} if filtered else found

    return {
        "took": 3,
        "timed_out": False,
        "hits": {"total": {"value": 41, "relation": "eq"}, "hits": [hit]},
        "aggregations": {
            "type": buckets(("provision", 40), ("law", 1)),
            "kind": buckets(("constitution", 41)),
            "year": buckets((2012, 30), (2010, 11)),
            "status": buckets(("in-force", 41)),
            "standard": buckets(("ICCPR", 2), ("ICCPR-19", 2)),
            "assessment": buckets(),
            "tag": buckets(("expression", 1)),
        },
    }


@pytest.mark.parametrize("filters", [{}, {"kind": ("constitution",)}], ids=["plain", "filtered"])
def test_search_sends_the_built_body_to_the_alias_and_reads_hits_total_and_facets(filters: dict) -> None:
    fragment = "أن يعرب <mark>بحرية</mark> وعلنية عن رأيه بالقول أو الكتابة أو بوسائل <mark>التعبير</mark> كافة،"
    with Peer() as peer:
        peer.search_answer = _answer(fragment, filtered=bool(filters))
        request = SearchRequest(parse("حرية التعبير"), filters=filters)
        results = ElasticsearchBackend(url=peer.url).search(request)
        sent = peer.last("POST", "/_search")
        assert sent.path == "/qanun/_search"
        assert sent.body == search_request(request, "qanun").to_dict()
    assert results == SearchResults(
        total=41,
        hits=[
            Hit(
                key="provision:7",
                kind="provision",
                score=3.25,
                title="المادة 38",
                snippet=f"… {fragment} …",  # the text goes on before and after the fragment
                url="/laws/constitution/2012/#art_38",
                language="ar",
                law_id=3,
                law_title="دستور الجمهورية العربية السورية",
                law_citation="Constitution of 2012",
                provision="art_38",
                number="38",
                year=2012,
                date=date(2012, 2, 27),
                status="in-force",
            )
        ],
        facets={
            "type": [FacetValue("provision", 40), FacetValue("law", 1)],
            "kind": [FacetValue("constitution", 41)],
            "year": [FacetValue("2012", 30), FacetValue("2010", 11)],
            "status": [FacetValue("in-force", 41)],
            "standard": [FacetValue("ICCPR", 2), FacetValue("ICCPR-19", 2)],
            "assessment": [],
            "tag": [FacetValue("expression", 1)],
        },
    )


def test_a_fragment_from_the_start_has_no_leading_ellipsis():
    fragment = "<mark>المادة</mark> 38: لكل مواطن الحق في أن يعرب بحرية"
    with Peer() as peer:
        peer.search_answer = _answer(fragment)
        hit = ElasticsearchBackend(url=peer.url).search(SearchRequest(parse("المادة"))).hits[0]
    assert hit.snippet == f"{fragment} …"


def test_a_fragment_of_the_whole_text_keeps_the_highlighters_html_escaping_and_has_no_ellipsis():
    text = "المادة 1: حقوق A & B <تعديل>\n  محفوظة"
    fragment = "<mark>المادة</mark> 1: حقوق A &amp; B &lt;تعديل&gt;\n  محفوظة"  # the html encoder's escaping
    with Peer() as peer:
        peer.search_answer = _answer(fragment, text=text)
        hit = ElasticsearchBackend(url=peer.url).search(SearchRequest(parse("المادة"))).hits[0]
    assert hit.snippet == "<mark>المادة</mark> 1: حقوق A &amp; B &lt;تعديل&gt; محفوظة"


def test_a_hit_without_a_fragment_shows_the_texts_beginning_escaped_and_cut_between_words():
    with Peer() as peer:
        peer.search_answer = _answer(None)
        hit = ElasticsearchBackend(url=peer.url).search(SearchRequest(parse("kind:constitution"))).hits[0]
    assert hit.snippet == TEXT  # short enough to show whole
    assert "<mark>" not in hit.snippet


def test_a_query_of_stop_words_sends_nothing_and_finds_nothing():
    with Peer() as peer:
        results = ElasticsearchBackend(url=peer.url).search(SearchRequest(parse("في")))
        assert peer.requests == []
    assert results == SearchResults(0, [], {name: [] for name in PUBLIC_FACETS})


def _stored(peer: Peer, *, public: bool) -> ElasticsearchBackend:
    backend = ElasticsearchBackend(url=peer.url)
    record = SearchRecord(
        key="provision:7",
        kind="provision",
        title="المادة 38",
        text=TEXT,
        language="ar",
        url="/laws/constitution/2012/#art_38",
        public=public,
        law_id=3,
    )
    backend.index([record])
    return backend


def test_similar_reads_the_article_then_sends_more_like_this_excluding_its_law():
    with Peer() as peer:
        backend = _stored(peer, public=True)
        peer.search_answer = _answer(None)
        hits = backend.similar("provision:7", audience="public", limit=5)
        assert peer.calls()[-2:] == ["GET /qanun/_doc/provision:7", "POST /qanun/_search"]
        assert peer.requests[-2].params == {"_source_includes": "public,law_id"}
        expected = similar_request("qanun", key="provision:7", law_id=3, audience="public", limit=5)
        assert peer.requests[-1].body == expected.to_dict()
    assert [hit.key for hit in hits] == ["provision:7"]  # the peer's answer, read as hits


def test_similar_to_a_draft_article_asks_nothing_more_for_the_public_but_does_for_staff():
    with Peer() as peer:
        backend = _stored(peer, public=False)
        assert backend.similar("provision:7", audience="public") == []
        assert peer.calls()[-1] == "GET /qanun/_doc/provision:7"
        backend.similar("provision:7", audience="staff")
        assert peer.calls()[-1] == "POST /qanun/_search"
        assert backend.similar("provision:404", audience="staff") == []


def test_a_missing_index_is_reported_as_the_engine_unavailable():
    with Peer() as peer, pytest.raises(EngineUnavailable, match="answered 404 .*index_not_found"):
        ElasticsearchBackend(url=peer.url).search(SearchRequest(parse("تعبير")))


# --- an engine that is down ----------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["check", "search", "index", "delete", "similar"])
def test_a_closed_port_raises_engine_unavailable_quickly_naming_the_server(operation):
    backend = ElasticsearchBackend(url="http://elastic:secret@127.0.0.1:9")
    record = SearchRecord(key="law:1", kind="law", title="قانون", text="قانون", language="ar", url="/", public=True)
    calls = {
        "check": backend.check,
        "search": lambda: backend.search(SearchRequest(parse("حرية التعبير"))),
        "index": lambda: backend.index([record]),
        "delete": lambda: backend.delete(["law:1"]),
        "similar": lambda: backend.similar("provision:7", audience="public"),
    }
    started = time.monotonic()
    with pytest.raises(EngineUnavailable) as raised:
        calls[operation]()
    assert time.monotonic() - started < 2
    assert "Elasticsearch at http://127.0.0.1:9 cannot be reached" in raised.value.args[0]
    assert "secret" not in raised.value.args[0]


# --- what the index holds ------------------------------------------------------------------------------------


def test_a_laws_indexed_articles_are_listed_by_a_filtered_scroll_without_sources():
    with Peer() as peer:
        backend = _stored(peer, public=True)
        assert backend.indexed_keys(law_id=3, kind="provision") == ["provision:7"]
        sent = peer.last("POST", "/_search")
        assert sent.path == "/qanun/_search"
        assert sent.params == {"scroll": "5m"}
        assert sent.body == {
            "query": {"bool": {"filter": [{"term": {"law_id": 3}}, {"term": {"kind": "provision"}}]}},
            "size": 1000,
            "_source": False,
            "sort": "_doc",  # the cheapest order for a scroll
        }


def test_counts_by_kind_are_one_aggregation_and_an_empty_engine_counts_nothing():
    with Peer() as peer:
        backend = ElasticsearchBackend(url=peer.url)
        assert backend.counts() == {}  # no index yet
        assert backend.indexed_keys(law_id=3, kind="provision") == []
        peer.search_answer = {
            "hits": {"total": {"value": 3}, "hits": []},
            "aggregations": {
                "type": {"buckets": [{"key": "provision", "doc_count": 2}, {"key": "law", "doc_count": 1}]}
            },
        }
        assert backend.counts() == {"provision": 2, "law": 1}
        assert peer.last("POST", "/_search").body == {
            "size": 0,
            "aggs": {"type": {"terms": {"field": "kind", "size": 20}}},
        }


def test_a_public_request_withholds_the_keys_whose_update_waits() -> None:
    from search.backends.elastic.queries import search_request
    from search.query import parse

    public = search_request(SearchRequest(parse("حرية")), "qanun", withheld=["law:7", "provision:9"]).to_dict()
    staff = search_request(
        SearchRequest(parse("حرية"), audience="staff"), "qanun", withheld=["law:7", "provision:9"]
    ).to_dict()

    assert {"terms": {"key": ["law:7", "provision:9"]}} in public["query"]["bool"]["must_not"]
    assert "must_not" not in staff["query"]["bool"]
