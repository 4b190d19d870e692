"""What a broad query reads of every matched entry, in an index of its own (SQLite).

A query matching tens of thousands of entries reads, for each, its audience, facet columns and sort keys: from
the entry table that is one wide row per entry (its text and terms beside them), from this index a few narrow
ones per page. The backend joins the full-text match through it (``INDEXED BY``). PostgreSQL reads the same
columns from its heap after the GIN match and has no use for it. ``faceted`` says which entries have facet rows.
"""

from django.db import migrations, models

ENTRY = "qanun_search_indexentry"
FACET = "qanun_search_indexfacet"
COVERING = "qanun_search_entry_covering"
COLUMNS = 'id, public, kind, law_kind, year, status, law_id, "order", date, faceted, key'


def forward(apps, schema_editor) -> None:  # noqa: ANN001
    # Added in SQL: Django's SQLite schema editor would remake the table for a NOT NULL column, and with it drop
    # the triggers that keep the full-text index in step (0002).
    false = "0" if schema_editor.connection.vendor == "sqlite" else "false"
    schema_editor.execute(f"ALTER TABLE {ENTRY} ADD COLUMN faceted boolean NOT NULL DEFAULT {false}")
    # Only the entries that have facet rows: an update fires the full-text trigger of each row it touches.
    true = "1" if schema_editor.connection.vendor == "sqlite" else "true"
    schema_editor.execute(f"UPDATE {ENTRY} SET faceted = {true} WHERE id IN (SELECT entry_id FROM {FACET})")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX {COVERING} ON {ENTRY} ({COLUMNS})")


def backward(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {COVERING}")
    schema_editor.execute(f"ALTER TABLE {ENTRY} DROP COLUMN faceted")


class Migration(migrations.Migration):
    dependencies = [("qanun_search", "0002_full_text")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="indexentry", name="faceted", field=models.BooleanField(default=False))
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
