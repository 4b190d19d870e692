"""The embedded search index (one row per ``SearchRecord``) and the outbox of index updates waiting for a worker.

``IndexEntry.terms`` holds the record's analysed words (``search.analysis.analyse``); the full-text index over it
is made by the migration per database: an FTS5 external-content table kept in step by triggers on SQLite, a
generated ``tsvector`` column with a GIN index on PostgreSQL. Neither is a Django field: the database backend
queries them in SQL. ``IndexFacet`` holds the multi-valued facets (standards, assessments, tags), public and
staff values under different names, so an audience's query never reads the other's.

``PendingUpdate`` is the outbox: a key written in the same transaction as the change that made it stale, removed
by the worker once the engine has the new record (or has deleted it).
"""

from __future__ import annotations

from django.db import models

__all__ = ["FACET_NAMES", "IndexEntry", "IndexFacet", "PendingUpdate"]

# Multi-valued facets as stored: the public values and, under staff_*, those of every annotation.
FACET_NAMES = ("standard", "assessment", "tag", "staff_standard", "staff_assessment", "staff_tag")


class IndexEntry(models.Model):
    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16)
    public = models.BooleanField(default=False)
    law_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    law_title = models.CharField(max_length=500, blank=True)
    law_citation = models.CharField(max_length=300, blank=True)
    law_ref = models.CharField(max_length=100, blank=True)
    law_kind = models.CharField(max_length=32, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=32, blank=True)
    date = models.DateField(null=True, blank=True)
    provision = models.CharField(max_length=200, blank=True)
    provision_id = models.BigIntegerField(null=True, blank=True)
    number = models.CharField(max_length=100, blank=True)
    order = models.IntegerField(default=0)
    review_status = models.CharField(max_length=32, blank=True)
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    url = models.CharField(max_length=500, blank=True)
    terms = models.TextField(blank=True)
    # Whether the entry has IndexFacet rows (findings' standards, assessments, tags): a broad query counts the
    # multi-valued facets over the few matched entries that have any, not with a look-up per matched entry.
    faceted = models.BooleanField(default=False)

    # Beside the model, in migrations of their own: the full-text table and its triggers (0002) and, on SQLite, the
    # covering index the backend names in INDEXED BY (0003). A migration that makes Django remake this table on
    # SQLite (most field changes) drops them: such a change must create them again in the same migration.
    class Meta:
        verbose_name = "search index entry"
        verbose_name_plural = "search index entries"
        indexes = [
            models.Index(fields=["public", "kind"], name="search_entry_public_kind"),
            models.Index(fields=["date"], name="search_entry_date"),
        ]

    def __str__(self) -> str:
        return self.key


class IndexFacet(models.Model):
    entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=32)
    value = models.CharField(max_length=200)

    class Meta:
        verbose_name = "search index facet"
        indexes = [models.Index(fields=["name", "value"], name="search_facet_name_value")]
        constraints = [models.UniqueConstraint(fields=["entry", "name", "value"], name="search_facet_unique")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class PendingUpdate(models.Model):
    key = models.CharField(max_length=64, unique=True)
    queued_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "pending search index update"

    def __str__(self) -> str:
        return self.key
