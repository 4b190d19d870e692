"""Fixtures for the legislation tests: a law to attach files to, and a file taken through upload and processing."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from legislation import services
from legislation.models import Law, SourceDocument

# The shared checks report their operands on failure, as asserts written in a test do.
pytest.register_assert_rewrite("tests.legislation.helpers")

Ingest = Callable[..., SourceDocument]


@pytest.fixture
def law(db: None) -> Law:
    return services.law_create(title_ar="قانون للاختبار", title_en="A law for the tests")


@pytest.fixture
def ingest(law: Law) -> Ingest:
    """Upload a file (a path, or bytes with a name) without queuing it, process it, and return it fresh."""

    def ingest(source: Path | bytes, name: str = "") -> SourceDocument:
        if isinstance(source, Path):
            result = services.document_upload(
                law=law, stream=io.BytesIO(source.read_bytes()), name=name or source.name, enqueue=False
            )
        else:
            result = services.document_upload(law=law, stream=io.BytesIO(source), name=name, enqueue=False)
        services.document_process(result.document.pk)
        result.document.refresh_from_db()
        return result.document

    return ingest
