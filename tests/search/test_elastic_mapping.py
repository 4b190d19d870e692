"""The Elasticsearch index as elasticsearch-dsl defines it, and how the backend creates, fills and swaps it.

No Elasticsearch server runs here: the index definition is compared with the whole expected body written out
below (a reviewer reads the mapping here), and the backend's requests are recorded by a small local HTTP peer
(``elastic_peer``) that the real elasticsearch-py client talks to.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from legislation.models import Law
from search.backends.base import EngineUnavailable
from search.backends.elastic import ElasticsearchBackend
from search.backends.elastic.documents import document_of, index_definition
from search.documents import SearchRecord
from tests.search.elastic_peer import Index, Peer

ARABIC_AND_ENGLISH = {
    "ar": {"type": "text", "analyzer": "qanun_arabic"},
    "en": {"type": "text", "analyzer": "qanun_english"},
}
WITH_VECTORS = {
    "ar": {"type": "text", "analyzer": "qanun_arabic", "term_vector": "with_positions_offsets"},
    "en": {"type": "text", "analyzer": "qanun_english", "term_vector": "with_positions_offsets"},
}
SHOWN_ONLY = {"type": "keyword", "index": False, "doc_values": False}
KEYWORD = {"type": "keyword"}
INTEGER = {"type": "integer"}
LONG = {"type": "long"}

EXPECTED_INDEX = {
    "settings": {
        "number_of_shards": 1,
        "analysis": {
            "analyzer": {
                "qanun_arabic": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "decimal_digit",  # «٥» is «5»
                        "qanun_arabic_stop",
                        "arabic_normalization",  # harakat, tatweel, alef/hamza, ya, ta marbuta
                        "qanun_arabic_stem",  # the light stemmer
                    ],
                },
                "qanun_english": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "qanun_english_possessive",
                        "lowercase",
                        "decimal_digit",
                        "qanun_english_stop",
                        "qanun_english_stem",
                    ],
                },
            },
            "filter": {
                "qanun_arabic_stop": {"type": "stop", "stopwords": "_arabic_"},
                "qanun_arabic_stem": {"type": "stemmer", "language": "arabic"},
                "qanun_english_possessive": {"type": "stemmer", "language": "possessive_english"},
                "qanun_english_stop": {"type": "stop", "stopwords": "_english_"},
                "qanun_english_stem": {"type": "snowball", "language": "English"},
            },
        },
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "key": KEYWORD,
            "kind": KEYWORD,
            "public": {"type": "boolean"},
            "title": {"type": "text", "index": False, "fields": ARABIC_AND_ENGLISH},
            "text": {"type": "text", "index": False, "fields": WITH_VECTORS},
            "language": KEYWORD,
            "url": SHOWN_ONLY,
            "law_id": LONG,
            "law_title": SHOWN_ONLY,
            "law_citation": SHOWN_ONLY,
            "law_ref": KEYWORD,
            "law_kind": KEYWORD,
            "year": INTEGER,
            "status": KEYWORD,
            "date": {"type": "date", "format": "strict_date"},
            "provision": KEYWORD,
            "provision_id": LONG,
            "number": KEYWORD,
            "order": INTEGER,
            "review_status": KEYWORD,
            "standards": KEYWORD,
            "assessments": KEYWORD,
            "tags": KEYWORD,
            "staff_standards": KEYWORD,
            "staff_assessments": KEYWORD,
            "staff_tags": KEYWORD,
        },
    },
}


def _article() -> SearchRecord:
    return SearchRecord(
        key="provision:7",
        kind="provision",
        title="المادة 38",
        text="لكل مواطن الحق في أن يعرب عن رأيه بحرية وعلنية",
        language="ar",
        url="/laws/constitution/2012/#art_38",
        public=True,
        law_id=3,
        law_title="دستور الجمهورية العربية السورية",
        law_citation="Constitution of 2012",
        law_ref="",
        law_kind="constitution",
        year=2012,
        status="in-force",
        date=date(2012, 2, 27),
        provision="art_38",
        provision_id=7,
        number="38",
        order=41,
        standards=["ICCPR-19", "ICCPR"],
        assessments=["partially_compatible"],
        staff_standards=["ICCPR-19", "ICCPR", "UDHR-19", "UDHR"],
        staff_assessments=["partially_compatible", "incompatible"],
    )


def test_index_definition_is_the_mapping_and_analyzers_written_here():
    assert index_definition("qanun-1") == EXPECTED_INDEX


def test_every_search_record_field_except_internal_ones_is_mapped():
    mapped = set(EXPECTED_INDEX["mappings"]["properties"])
    assert set(SearchRecord.__dataclass_fields__) == mapped  # a new record field must be mapped (strict mapping)


def test_a_record_becomes_a_bulk_action_without_empty_values():
    action = document_of(_article(), "qanun")
    assert action == {
        "_index": "qanun",
        "_id": "provision:7",
        "_source": {
            "key": "provision:7",
            "kind": "provision",
            "title": "المادة 38",
            "text": "لكل مواطن الحق في أن يعرب عن رأيه بحرية وعلنية",
            "language": "ar",
            "url": "/laws/constitution/2012/#art_38",
            "public": True,
            "law_id": 3,
            "law_title": "دستور الجمهورية العربية السورية",
            "law_citation": "Constitution of 2012",
            "law_kind": "constitution",
            "year": 2012,
            "status": "in-force",
            "date": date(2012, 2, 27),
            "provision": "art_38",
            "provision_id": 7,
            "number": "38",
            "order": 41,
            "standards": ["ICCPR-19", "ICCPR"],
            "assessments": ["partially_compatible"],
            "staff_standards": ["ICCPR-19", "ICCPR", "UDHR-19", "UDHR"],
            "staff_assessments": ["partially_compatible", "incompatible"],
        },
    }


def test_a_draft_record_keeps_public_false_and_the_law_reference_in_western_digits():
    record = _article()
    record.public, record.law_ref, record.order = False, "١٧/٢٠١٠", 0
    source = document_of(record, "qanun")["_source"]
    assert source["public"] is False  # false is a value, not an empty one: a draft must never read as public
    assert source["order"] == 0
    assert source["law_ref"] == "17/2010"


def test_first_write_creates_the_index_behind_the_alias_then_writes_through_the_alias():
    with Peer() as peer:
        backend = ElasticsearchBackend(url=peer.url)
        assert backend.index([_article()]) == 1
        assert peer.calls() == [
            "HEAD /_alias/qanun",
            "HEAD /qanun",
            "PUT /qanun-initial",
            "HEAD /_alias/qanun-next",
            "PUT /_bulk",
        ]
        created = peer.requests[2].body
        assert created == {**EXPECTED_INDEX, "aliases": {"qanun": {}}}
        bulk = peer.requests[4]
        assert bulk.params == {"refresh": "wait_for"}  # a search right after the write sees it
        assert bulk.body[0] == {"index": {"_index": "qanun", "_id": "provision:7"}}
        assert bulk.body[1]["date"] == "2012-02-27"
        assert peer.indices["qanun-initial"].docs["provision:7"]["standards"] == ["ICCPR-19", "ICCPR"]

        backend.index([_article()])  # the alias is known now: no more checks before writing
        assert peer.calls()[5:] == ["HEAD /_alias/qanun-next", "PUT /_bulk"]


def test_an_index_squatting_the_alias_name_is_refused_not_written_into():
    with Peer() as peer:
        peer.indices = {"qanun": Index()}  # what a write to a missing alias would have auto-created
        backend = ElasticsearchBackend(url=peer.url, alias="qanun")
        with pytest.raises(EngineUnavailable, match="search_index --rebuild"):
            backend.index([_article()])
        assert not any(call.endswith("_bulk") for call in peer.calls())


def test_delete_removes_through_the_alias_and_a_missing_key_is_no_error():
    with Peer() as peer:
        backend = ElasticsearchBackend(url=peer.url)
        backend.index([_article()])
        backend.delete(["provision:7", "provision:404"])
        bulk = peer.last("PUT", "/_bulk")
        assert bulk.params == {"refresh": "wait_for"}
        assert bulk.body == [
            {"delete": {"_index": "qanun", "_id": "provision:7"}},
            {"delete": {"_index": "qanun", "_id": "provision:404"}},
        ]
        assert peer.indices["qanun-initial"].docs == {}


@pytest.fixture
def laws(db) -> list[Law]:
    return [
        Law.objects.create(title_ar="قانون الجرائم المعلوماتية", number="17", year=2012, published=True),
        Law.objects.create(title_en="Press Law", number="108", year=2011, language="en", published=False),
    ]


def test_rebuild_fills_a_new_index_then_moves_the_alias_in_one_step_and_drops_the_old(laws):
    with Peer() as peer:
        backend = ElasticsearchBackend(url=peer.url)
        backend.index([_article()])  # the old index, with a record the rebuild no longer has
        del peer.requests[:]
        seen: list[int] = []
        keys = [f"law:{law.pk}" for law in laws] + ["law:999999"]  # a key whose law is gone is skipped

        assert backend.rebuild(iter(keys), total=3, progress=seen.append) == 2

        new = peer.alias_targets("qanun")
        assert len(new) == 1 and re.fullmatch(r"qanun-\d{20}", new[0])
        name = new[0]
        assert peer.calls() == [
            f"PUT /{name}",
            "PUT /_bulk",
            f"PUT /{name}/_settings",
            f"POST /{name}/_refresh",
            "GET /_alias/qanun",
            "POST /_aliases",
            "DELETE /qanun-initial",
        ]
        created = peer.requests[0].body
        assert created["aliases"] == {"qanun-next": {}}  # writes during the rebuild reach it too
        assert created["settings"]["refresh_interval"] == "-1"  # no refreshes while it fills
        assert created["mappings"] == EXPECTED_INDEX["mappings"]
        assert [line["index"]["_id"] for line in peer.requests[1].body[::2]] == [f"law:{law.pk}" for law in laws]
        assert peer.requests[1].params == {}
        assert peer.requests[2].body == {"index": {"refresh_interval": None}}
        assert peer.requests[5].body == {
            "actions": [
                {"remove": {"index": "qanun-initial", "alias": "qanun"}},
                {"add": {"index": name, "alias": "qanun"}},
                {"remove": {"index": name, "alias": "qanun-next"}},
            ]
        }
        assert sum(seen) == 3
        assert "qanun-initial" not in peer.indices
        assert set(peer.indices[name].docs) == {f"law:{law.pk}" for law in laws}
        assert peer.indices[name].docs[f"law:{laws[1].pk}"]["public"] is False


def test_writes_made_while_a_rebuild_fills_reach_the_new_index_too():
    with Peer() as peer:
        backend = ElasticsearchBackend(url=peer.url)
        backend.index([])
        backend.index([_article()])
        peer.indices["qanun-20990101000000000000"] = Index(aliases={"qanun-next"})
        backend.index([_article()])
        bulks = [request for request in peer.requests if request.path == "/_bulk"]
        assert [(bulk.body[0]["index"]["_index"], bulk.params) for bulk in bulks[-2:]] == [
            ("qanun", {"refresh": "wait_for"}),
            ("qanun-next", {"refresh": "false"}),  # never wait on an index whose refresh is off
        ]
        assert "provision:7" in peer.indices["qanun-20990101000000000000"].docs


def test_a_rebuild_that_fails_drops_its_new_index_and_leaves_the_alias_where_it_was(laws):
    with Peer() as peer:
        backend = ElasticsearchBackend(url=peer.url)
        backend.index([_article()])
        error = {"type": "es_rejected_execution_exception", "reason": "rejected execution of bulk"}
        peer.fail["PUT /_bulk"] = (429, {"error": {**error, "root_cause": [error]}, "status": 429})
        with pytest.raises(EngineUnavailable, match="answered 429 while trying to rebuild the index"):
            backend.rebuild([f"law:{law.pk}" for law in laws], total=2, progress=lambda n: None)
        assert peer.alias_targets("qanun") == ["qanun-initial"]
        assert list(peer.indices) == ["qanun-initial"]
        assert peer.calls()[-1].startswith("DELETE /qanun-2")
