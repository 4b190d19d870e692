"""Search engines behind one interface (``base.Backend``): the embedded one on the database (SQLite FTS5 or
PostgreSQL full text) and Elasticsearch. ``search.engine.backend()`` picks one from the settings."""
