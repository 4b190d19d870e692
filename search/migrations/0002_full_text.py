"""The full-text index over ``IndexEntry.terms``, per database.

SQLite: an FTS5 external-content table (the text lives once, in the entry table) kept in step by triggers, and
an ``fts5vocab`` table over it (how many entries hold each term: the document frequencies of "similar
provisions"). The terms are analysed already, so FTS5 only splits them at spaces (``unicode61``, diacritics kept).
PostgreSQL: a generated ``tsvector`` column over the same terms with a GIN index (djangoproject.com's pattern);
``simple`` because the analysis is ours, the same on both.
"""

from django.db import migrations

ENTRY = "qanun_search_indexentry"
FTS = "qanun_search_indexentry_fts"
VOCAB = "qanun_search_indexentry_vocab"

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(terms, content='{ENTRY}', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    f"CREATE VIRTUAL TABLE {VOCAB} USING fts5vocab({FTS}, 'row')",
    f"CREATE TRIGGER {ENTRY}_ai AFTER INSERT ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END",
    f"CREATE TRIGGER {ENTRY}_ad AFTER DELETE ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    f"CREATE TRIGGER {ENTRY}_au AFTER UPDATE ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms); "
    f"INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {ENTRY}_au",
    f"DROP TRIGGER IF EXISTS {ENTRY}_ad",
    f"DROP TRIGGER IF EXISTS {ENTRY}_ai",
    f"DROP TABLE IF EXISTS {VOCAB}",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRES_FORWARD = [
    f"ALTER TABLE {ENTRY} ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED",
    f"CREATE INDEX {ENTRY}_search_vector ON {ENTRY} USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    f"DROP INDEX IF EXISTS {ENTRY}_search_vector",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]):  # noqa: ANN202
    def run(apps, schema_editor) -> None:  # noqa: ANN001
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("qanun_search", "0001_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
