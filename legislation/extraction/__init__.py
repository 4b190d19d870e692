"""Reading the text out of source files, page by page, whatever the format.

``detect_file_type`` looks at the bytes, never the name; ``extract_pages`` opens the file with the reader for
its type and yields its pages' text. Every problem a user can act on is raised as ``ExtractionError`` with a
message written for them.
"""

from legislation.extraction.detect import detect_file_type
from legislation.extraction.document import ExtractedDocument
from legislation.extraction.errors import ExtractionError
from legislation.extraction.reader import open_document

__all__ = ["ExtractedDocument", "ExtractionError", "detect_file_type", "open_document"]
