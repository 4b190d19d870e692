"""The standards catalogue's business logic: reading sources (JSON, CSV, treaty Markdown, UDHR HTML), importing
them with a report of what was added, changed and rejected, and loading the data shipped in ``reviews/data``."""

from reviews.catalogue.importer import (
    UnknownFormat,
    catalogue_import,
    instrument_code_for_title,
    read_source,
    standards_import_file,
)
from reviews.catalogue.readers import FORMATS
from reviews.catalogue.records import Batch, Counts, ImportReport, Rejection
from reviews.catalogue.shipped import catalogue_install, editors_grant, shipped_batch, shipped_paths

__all__ = [
    "FORMATS",
    "Batch",
    "Counts",
    "ImportReport",
    "Rejection",
    "UnknownFormat",
    "catalogue_import",
    "catalogue_install",
    "editors_grant",
    "instrument_code_for_title",
    "read_source",
    "shipped_batch",
    "shipped_paths",
    "standards_import_file",
]
