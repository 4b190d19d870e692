"""The embedded search engine on the database: SQLite FTS5 on a fresh clone, PostgreSQL full text in production.

``translate`` turns the query tree and the page's filters into SQL; ``backend.DatabaseBackend`` stores records
and runs searches, facet counts, highlights and similar provisions.
"""

from search.backends.database.backend import DatabaseBackend

__all__ = ["DatabaseBackend"]
