"""What every format reader gives back: an opened source file, its page count and its pages' text one by one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class ExtractedDocument:
    """An opened source file: its page count, its pages' text in order, and warnings for people."""

    page_count: int
    read_pages: Callable[[], Iterator[str]]
    warnings: list[str] = field(default_factory=list)

    def pages(self) -> Iterator[str]:
        return self.read_pages()
