"""Every PDF and DOCX in the corpus's edge cases goes through upload and processing and ends done, or failed with a
message for people; those the MANIFEST says the library opens must be done."""

from __future__ import annotations

from pathlib import Path

import pytest

from legislation import services
from legislation.models import Law, SourceDocument
from tests.conftest import CORPUS
from tests.legislation.helpers import assert_failed_cleanly, manifest

pytestmark = [pytest.mark.corpus, pytest.mark.django_db]

EDGE_CASES = CORPUS / "edge_cases"


def edge_case_files() -> list[str]:
    """The directory listing, so a file added to the corpus is tested without touching this module."""
    if not EDGE_CASES.is_dir():
        return []
    return sorted(
        str(path.relative_to(CORPUS))
        for path in EDGE_CASES.rglob("*")
        if path.is_file() and not path.name.startswith("LICENSE")
    )


def opens_fine(notes: str) -> bool:
    """The MANIFEST's own reading: «pypdf OK ...» or «python-docx OK ...»."""
    return notes.startswith(("pypdf OK", "python-docx OK"))


def test_edge_cases_are_all_pdf_or_docx_and_most_open_fine(corpus: Path) -> None:
    files = edge_case_files()
    rows = manifest(corpus)

    assert len(files) >= 30
    assert {Path(f).suffix for f in files} == {".pdf", ".docx"}
    assert sum(opens_fine(rows[f]["notes"]) for f in files) >= 25


@pytest.mark.parametrize("relative", edge_case_files())
def test_edge_case_ends_done_or_failed_with_a_readable_error(corpus: Path, law: Law, relative: str) -> None:
    result = services.document_upload_path(law=law, path=corpus / relative, enqueue=False)
    services.document_process(result.document.pk)
    document = result.document
    document.refresh_from_db()

    if opens_fine(manifest(corpus)[relative]["notes"]):
        assert document.state == SourceDocument.State.DONE, document.error
    if document.state == SourceDocument.State.DONE:
        assert document.error == ""
        assert document.progress == 100
        assert document.page_count == document.pages.count() >= 1
    else:
        assert_failed_cleanly(document)
