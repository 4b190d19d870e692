"""The Elasticsearch engine (used when ``settings.ELASTICSEARCH_URL`` is set), through elasticsearch-dsl.

``documents``: the analyzers, the mapping and the document of a ``SearchRecord``; ``queries``: the query tree, the
page's filters, facets, highlights and ``more_like_this`` as requests; ``backend``: ``ElasticsearchBackend``
(connection, bulk writes, the alias and rebuilds, results). See docs/elasticsearch.md.
"""

from search.backends.elastic.backend import ElasticsearchBackend

__all__ = ["ElasticsearchBackend"]
