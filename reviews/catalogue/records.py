"""What a source file says about the catalogue, before it is checked against the database, and the report of an
import: what was added, changed and rejected, and why."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

TAG_FIELDS = ("name_en", "name_ar", "description")
INSTRUMENT_FIELDS = ("kind", "title_en", "title_ar", "body", "symbol", "adopted", "url", "licence", "order")
PROVISION_FIELDS = ("title_en", "title_ar", "text_en", "text_ar", "attribution", "keywords")


@dataclass
class TagRecord:
    slug: str
    values: dict[str, Any]
    parent: str | None = None  # a slug; None: not given
    where: str = ""


@dataclass
class InstrumentRecord:
    code: str
    values: dict[str, Any]
    parent: str | None = None  # an instrument code; None: not given
    interprets: list[str] | None = None  # provision codes; None: not given
    where: str = ""


@dataclass
class ProvisionRecord:
    instrument: str
    number: str
    values: dict[str, Any]
    tags: list[str] | None = None  # slugs; None: not given
    defaults: dict[str, Any] = field(default_factory=dict)  # used only when the provision is new (a caption)
    where: str = ""

    @property
    def code(self) -> str:
        return f"{self.instrument}-{self.number}"


@dataclass(frozen=True)
class Rejection:
    what: str  # "tag", "instrument", "provision" or "file"
    where: str  # "row 4", "article 12", the file's name
    reason: str

    def __str__(self) -> str:
        return f"{self.what} {self.where}: {self.reason}" if self.where else f"{self.what}: {self.reason}"


@dataclass
class Batch:
    """Everything read from one source (or several merged), in the order given."""

    source: str
    tags: list[TagRecord] = field(default_factory=list)
    instruments: list[InstrumentRecord] = field(default_factory=list)
    provisions: list[ProvisionRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def extend(self, other: Batch) -> None:
        self.tags += other.tags
        self.instruments += other.instruments
        self.provisions += other.provisions
        self.rejections += other.rejections
        self.notes += other.notes


@dataclass
class Counts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged, {self.rejected} rejected"


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    tags: Counts = field(default_factory=Counts)
    instruments: Counts = field(default_factory=Counts)
    provisions: Counts = field(default_factory=Counts)
    by_instrument: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def reject(self, what: str, where: str, reason: str) -> None:
        self.rejections.append(Rejection(what, where, reason))
        counts = {"tag": self.tags, "instrument": self.instruments, "provision": self.provisions}.get(what)
        if counts is not None:
            counts.rejected += 1

    def lines(self) -> list[str]:
        """The report as a person reads it: totals, provisions per instrument, notes, then each rejection."""
        head = f"{self.source}:" + (" (dry run, nothing saved)" if self.dry_run else "")
        lines = [
            head,
            f"  tags: {self.tags}",
            f"  instruments: {self.instruments}",
            f"  provisions: {self.provisions}",
        ]
        lines += [f"    {code}: {counts}" for code, counts in self.by_instrument.items()]
        lines += [f"  note: {note}" for note in self.notes]
        lines += [f"  rejected {rejection}" for rejection in self.rejections]
        return lines
