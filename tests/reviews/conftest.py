"""Fixtures for the catalogue tests: the treaty texts in the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def treaties(corpus: Path) -> Path:
    """English UN treaty texts in Markdown (with a Dutch translation after each)."""
    return corpus / "hr_instruments" / "en_treaties_statengeneraal"


@pytest.fixture
def udhr(corpus: Path) -> Path:
    """The UDHR in HTML, one file per language."""
    return corpus / "hr_instruments" / "udhr"
