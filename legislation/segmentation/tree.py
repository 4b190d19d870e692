"""From headings to the tree of provisions, each pointing at its parent by index, with Akoma-Ntoso-like eids."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from legislation.segmentation.headings import (
    Candidate,
    article_candidate,
    closing_block,
    container_heading,
    count_explicit_articles,
    count_tunisian_articles,
    subdivision,
    unreadable_article,
)
from legislation.segmentation.sequence import best_sequence

__all__ = ["LEVELS", "SegmentedProvision", "assign_eids", "segment"]

# Structural levels, outermost first. An article is the unit researchers annotate.
LEVELS = {
    "book": 0, "part": 1, "final": 1, "chapter": 2, "section": 3, "subsection": 4, "article": 5, "paragraph": 6,
    "item": 7,
}  # fmt: skip
EID_PREFIX = {
    "preamble": "preamble", "book": "book", "part": "part", "chapter": "chp", "section": "sec",
    "subsection": "subsec", "article": "art", "paragraph": "para", "item": "item", "final": "final",
    "signature": "signature",
}  # fmt: skip
# An amendment note of the Saudi BOE repeats the heading of the article it amends: not a new article.
_AMENDMENT_NOTE = re.compile(r"^_*\s*تعديلات المادة")


@dataclass
class SegmentedProvision:
    kind: str
    number: str
    number_value: str
    heading: str
    text: str
    depth: int
    parent: int | None
    eid: str = ""
    inferred: bool = False  # an article whose printed number could not be read: numbered by its place
    lines: list[str] = field(default_factory=list, repr=False)


def _articles(lines: list[str]) -> dict[int, Candidate]:
    """The article headings of the document, by line index."""
    explicit = count_explicit_articles(lines)
    tunisian = count_tunisian_articles(lines) >= max(3, 2 * explicit)
    numbered = not tunisian and explicit < 3
    candidates: list[tuple[int, Candidate]] = []
    amending = False
    for index, line in enumerate(lines):
        if _AMENDMENT_NOTE.match(line):
            amending = True
            continue
        candidate = article_candidate(line, tunisian=tunisian, numbered=numbered)
        if candidate is None:
            continue
        if (
            amending
            and candidates
            and (candidates[-1][1].value, candidates[-1][1].bis)
            == (
                candidate.value,
                candidate.bis,
            )
        ):
            continue
        amending = False
        candidates.append((index, candidate))
    chosen = dict(candidates[k] for k in best_sequence([c for _, c in candidates]))
    return chosen | _inferred_articles(lines, chosen)


def _inferred_articles(lines: list[str], chosen: dict[int, Candidate]) -> dict[int, Candidate]:
    """Headings whose numbers could not be read (OCR reads ٧٢ as «V¥»), placed by the sequence: where the
    articles found jump from N to N+k and exactly k-1 lines between them are article headings alone on their
    line, those are articles N+1 ... N+k-1, marked as inferred. Any other count is left alone: no guessing."""
    inferred: dict[int, Candidate] = {}
    found = sorted(chosen.items())
    for (before, first), (after, second) in zip(found, found[1:], strict=False):
        missing = second.value - first.value - 1
        if missing <= 0 or first.last or second.bis:
            continue
        unread = [
            (index, printed)
            for index in range(before + 1, after)
            if (printed := unreadable_article(lines[index])) is not None
        ]
        if len(unread) == missing:
            for value, (index, printed) in enumerate(unread, first.value + 1):
                inferred[index] = Candidate(printed, value, inferred=True)
    return inferred


def segment(text: str) -> list[SegmentedProvision]:
    """The provisions of a cleaned text in reading order, each pointing at its parent by index."""
    raw_lines = text.split("\n")
    lines = [line.strip() for line in raw_lines]
    articles = _articles(lines)
    last_article_line = max(articles, default=-1)
    table_of_contents = _table_of_contents(lines, first_article=min(articles, default=len(lines)))
    provisions: list[SegmentedProvision] = []
    stack: list[int] = []  # indexes of the open containers, outermost first
    article: int | None = None  # the open article
    paragraph: int | None = None  # the open paragraph of that article
    current: SegmentedProvision | None = None

    def open_provision(kind: str, number: str, value: str, heading: str, parent: int | None) -> None:
        nonlocal current
        depth = 0 if parent is None else provisions[parent].depth + 1
        current = SegmentedProvision(kind, number, value, heading, "", depth, parent)
        provisions.append(current)

    for index, (raw, line) in enumerate(zip(raw_lines, lines, strict=True)):
        candidate = articles.get(index)
        container = None if candidate or index in table_of_contents else container_heading(line, tunisian=False)
        closing = None if candidate or container else closing_block(line)
        if candidate:
            if candidate.offset and current is not None:
                current.lines.append(raw[: raw.index(line) + candidate.offset])
                raw = line[candidate.offset :]
            while stack and LEVELS[provisions[stack[-1]].kind] >= LEVELS["article"]:
                stack.pop()
            open_provision("article", candidate.number, candidate.number_value, raw.strip(),
                           stack[-1] if stack else None)  # fmt: skip
            provisions[-1].inferred = candidate.inferred
            article, paragraph = len(provisions) - 1, None
        elif container or (closing == "final" and articles):
            kind, number, value = container or ("final", "", "")
            while stack and LEVELS[provisions[stack[-1]].kind] >= LEVELS[kind]:
                stack.pop()
            open_provision(kind, number, value, line, stack[-1] if stack else None)
            stack.append(len(provisions) - 1)
            article = paragraph = None
        elif closing == "signature" and article is not None and index > last_article_line:
            stack.clear()
            open_provision("signature", "", "", line, None)
            article = paragraph = None
        elif article is not None and (sub := subdivision(line)):
            kind, number, value = sub
            if kind == "paragraph" or paragraph is None:
                parent = article
            else:
                parent = paragraph
            open_provision(kind, number, value, "", parent)
            if kind == "paragraph":
                paragraph = len(provisions) - 1
        elif current is None:
            open_provision("preamble", "", "", "", None)
        assert current is not None
        current.lines.append(raw)
    for provision in provisions:
        provision.text = "\n".join(provision.lines).strip("\n")
        provision.lines = []
    assign_eids(provisions)
    return provisions


def _table_of_contents(lines: list[str], first_article: int) -> set[int]:
    """Container headings before the first article that come again further on: a table of contents, whose lines
    stay text of the preamble rather than open empty parts (and push the real ones' eids to ``part_1_2``)."""
    last_seen: dict[tuple[str, str], int] = {}
    headings: list[tuple[int, tuple[str, str]]] = []
    for index, line in enumerate(lines):
        if line and (heading := container_heading(line, tunisian=False)):
            key = (heading[0], heading[2])
            last_seen[key] = index
            if index < first_article:
                headings.append((index, key))
    return {index for index, key in headings if last_seen[key] > index}


def assign_eids(provisions: list[SegmentedProvision]) -> None:
    used: dict[str, int] = {}
    for provision in provisions:
        own = EID_PREFIX[provision.kind]
        if provision.number_value:
            own += "_" + re.sub(r"[^0-9A-Za-z-]", "", provision.number_value)
        eid = own if provision.parent is None else f"{provisions[provision.parent].eid}__{own}"
        used[eid] = used.get(eid, 0) + 1
        provision.eid = eid if used[eid] == 1 else f"{eid}_{used[eid]}"
