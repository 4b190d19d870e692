"""The Elasticsearch index: analyzers, the document of a ``SearchRecord`` and the index definition.

One index per deployment, reached through an alias («qanun», from ``settings.SEARCH_INDEX_PREFIX``) over a
concrete index «qanun-<timestamp>», so a rebuild fills a new index and swaps the alias in one step.

``title`` and ``text`` are kept in ``_source`` only (not indexed themselves) and analysed twice, in sub-fields:

- ``.ar``: Elasticsearch's Arabic analyzer rebuilt from its parts, so each part is visible and ours: the standard
  tokenizer, lower case, Arabic-Indic digits as Western ones («المادة ٥» is «المادة 5»), the Arabic stop words,
  normalisation (harakat and tatweel removed, alef/hamza forms, ya and ta marbuta unified) and the light stemmer
  (the article, و and common suffixes stripped, so «حرية», «وحريات» and «الحرية» meet).
- ``.en``: the English analyzer likewise: possessive «'s» removed, lower case, digits, English stop words, and
  Snowball's English stemmer (the one ``search.analysis`` uses for the embedded engines).

Queries read both sub-fields: a record's language decides which one mostly matters, and reading both costs little.
``text``'s sub-fields keep term vectors with positions and offsets for the fast vector highlighter (whole-word
fragments, both sub-fields' matches in one fragment) and for ``more_like_this``.

Every facet is a keyword field; the staff values of the annotation facets are separate fields (``staff_*``), so
a public query never reads them. The mapping is strict: a field the code does not know is an error, not a guess.
"""

from __future__ import annotations

from typing import Any

from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Long,
    MetaField,
    Text,
    analyzer,
    token_filter,
)

from search.documents import SearchRecord
from text.normalise import western_digits

__all__ = [
    "ARABIC",
    "ENGLISH",
    "INDEX_SETTINGS",
    "RecordDocument",
    "document_of",
    "index_definition",
]

ARABIC = analyzer(
    "qanun_arabic",
    tokenizer="standard",
    filter=[
        "lowercase",
        "decimal_digit",
        token_filter("qanun_arabic_stop", "stop", stopwords="_arabic_"),
        "arabic_normalization",
        token_filter("qanun_arabic_stem", "stemmer", language="arabic"),
    ],
)
ENGLISH = analyzer(
    "qanun_english",
    tokenizer="standard",
    filter=[
        token_filter("qanun_english_possessive", "stemmer", language="possessive_english"),
        "lowercase",
        "decimal_digit",
        token_filter("qanun_english_stop", "stop", stopwords="_english_"),
        token_filter("qanun_english_stem", "snowball", language="English"),
    ],
)
# One shard is plenty for a legislation corpus (tens of thousands of articles) and keeps scores exact.
INDEX_SETTINGS: dict[str, Any] = {"number_of_shards": 1}


def _languages(*, vectors: bool) -> Text:
    """A text kept in ``_source`` and analysed into ``.ar`` and ``.en``."""
    extra = {"term_vector": "with_positions_offsets"} if vectors else {}
    return Text(
        index=False,
        fields={"ar": Text(analyzer=ARABIC, **extra), "en": Text(analyzer=ENGLISH, **extra)},
    )


def _stored() -> Keyword:
    """A value only shown (from ``_source``), never searched."""
    return Keyword(index=False, doc_values=False)


class RecordDocument(Document):
    """One ``SearchRecord``; its ``_id`` is the record's key («provision:123»)."""

    key = Keyword()
    kind = Keyword()  # the record's kind: the «type» facet
    public = Boolean()
    title = _languages(vectors=False)
    text = _languages(vectors=True)
    language = Keyword()
    url = _stored()
    law_id = Long()
    law_title = _stored()
    law_citation = _stored()
    law_ref = Keyword()  # «17/2010»
    law_kind = Keyword()  # the «kind» facet
    year = Integer()
    status = Keyword()
    date = Date(format="strict_date")
    provision = Keyword()
    provision_id = Long()  # provisions are stored anew each time a law is processed: ids keep growing
    number = Keyword()
    order = Integer()
    review_status = Keyword()
    standards = Keyword()
    assessments = Keyword()
    tags = Keyword()
    staff_standards = Keyword()
    staff_assessments = Keyword()
    staff_tags = Keyword()

    class Meta:
        dynamic = MetaField("strict")


def index_definition(name: str) -> dict[str, Any]:
    """The body that creates a concrete index: its settings (with the analyzers) and the mapping."""
    index = Index(name)
    index.settings(**INDEX_SETTINGS)
    index.mapping(RecordDocument._doc_type.mapping)  # not ``document()``: that would bind the class to this name
    return index.to_dict()


def document_of(record: SearchRecord, index: str) -> dict[str, Any]:
    """A bulk ``index`` action for one record: empty strings are left out, so they are never facet values."""
    fields = {
        name: getattr(record, name)
        for name in RecordDocument._doc_type.mapping
        if getattr(record, name, None) not in ("", None, [])
    }
    if "law_ref" in fields:
        fields["law_ref"] = western_digits(fields["law_ref"])  # «١٧/٢٠١٠» is matched as «17/2010»
    return RecordDocument(meta={"id": record.key, "index": index}, **fields).to_dict(include_meta=True)
