"""Highlights: a short passage of a record's text around the densest cluster of what the query matched.

The passage is cut only at whitespace (never inside a word, so never inside an Arabic word with its attached
prefixes), HTML-escaped, with each matching word wrapped whole in ``<mark>`` and «…» where the text was cut.
Words are found with ``search.analysis.words``, whose offsets point into the original text, so a word with
harakat or tatweel inside it is marked from its first letter to its last.

What matches is what the engines match: a word's analysed term, a prefix (of the term or of the word with its
article stripped) and the analysed terms of a phrase in sequence. Excluded words and fields never highlight.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from search import analysis
from search.query import And, Field, Node, Not, Or, Phrase, Term

__all__ = ["SNIPPET_SIZE", "Matcher", "matcher", "prefix_forms", "prefix_stems", "snippet"]

SNIPPET_SIZE = 260
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Matcher:
    """What a query marks in a text."""

    terms: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.phrases)


def matcher(node: Node | None) -> Matcher:
    """The words, prefixes and phrases a query looks for (not those it excludes, not its fields)."""
    terms: set[str] = set()
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []

    def walk(part: Node) -> None:
        if isinstance(part, Not | Field):
            return
        if isinstance(part, And | Or):
            for child in part.nodes:
                walk(child)
        elif isinstance(part, Term) and part.prefix:
            for prefix in prefix_forms(part.text):
                if prefix not in prefixes:
                    prefixes.append(prefix)
        elif isinstance(part, Term | Phrase):
            found = tuple(analysis.terms(part.text))
            if len(found) == 1:
                terms.add(found[0])
            elif found:
                phrases.append(found)

    if node is not None:
        walk(node)
    return Matcher(frozenset(terms), tuple(prefixes), tuple(phrases))


def prefix_forms(text: str) -> list[str]:
    """What a prefix search matches the start of: the word as typed (normalised, article stripped), and its own
    term, since the index holds stems and «legislat*» must find «legislation» (indexed as «legisl»)."""
    forms: list[str] = []
    if typed := analysis.prefix_term(text):
        forms.append(typed)
    for term in analysis.terms(text)[:1]:
        if term not in forms:
            forms.append(term)
    return forms


def prefix_stems(text: str) -> list[str]:
    """Whole terms a prefix search also matches: a Latin word's stem may be shorter than what was typed
    («expressi*» finds «expression», indexed as «express»), so the typed prefix cut by one or two letters (kept
    to at least four) is matched as a whole term."""
    typed = analysis.prefix_term(text)
    if not typed.isascii() or not typed.isalpha():
        return []
    return [typed[:-cut] for cut in (1, 2) if len(typed) - cut >= 4]


def _matched_spans(text: str, match: Matcher) -> list[tuple[int, int]]:
    found, terms = analysis.words(text)
    marked = [bool(term) and term in match.terms for term in terms]
    if match.prefixes:
        for index, term in enumerate(terms):
            if marked[index] or not term:
                continue
            if any(term.startswith(prefix) for prefix in match.prefixes):
                marked[index] = True
            else:
                surface = analysis.prefix_term(found[index].group())
                marked[index] = any(surface.startswith(prefix) for prefix in match.prefixes)
    if match.phrases:
        kept = [index for index, term in enumerate(terms) if term]  # a phrase's terms follow each other here
        for phrase in match.phrases:
            size = len(phrase)
            for start in range(len(kept) - size + 1):
                if all(terms[kept[start + offset]] == phrase[offset] for offset in range(size)):
                    for offset in range(size):
                        marked[kept[start + offset]] = True
    return [found[index].span() for index, hit in enumerate(marked) if hit]


def _window(spans: Sequence[tuple[int, int]], length: int, size: int) -> tuple[int, int]:
    """Where the passage of about ``size`` characters holding the most matches starts and ends (before snapping)."""
    best, best_count = 0, 0
    for first in range(len(spans)):
        count = 0
        for _start, end in spans[first:]:
            if end - spans[first][0] > size:
                break
            count += 1
        if count > best_count:
            best, best_count = first, count
    cluster_start = spans[best][0]
    cluster_end = spans[best + best_count - 1][1]
    slack = max(0, size - (cluster_end - cluster_start))
    start = max(0, cluster_start - slack // 3)
    end = min(length, max(cluster_end, start + size))
    start = max(0, min(start, end - size))
    return start, end


def _snap_start(text: str, start: int, limit: int) -> int:
    """Move the start to just after a whitespace, forward (not past ``limit``) or else backward."""
    if start <= 0:
        return 0
    if text[start - 1].isspace():
        return start
    for position in range(start, limit):
        if text[position].isspace():
            return position + 1
    for position in range(start - 1, 0, -1):
        if text[position - 1].isspace():
            return position
    return 0


def _snap_end(text: str, end: int, limit: int) -> int:
    """Move the end back to a whitespace (not before ``limit``) or else forward."""
    if end >= len(text):
        return len(text)
    if text[end].isspace():
        return end
    for position in range(end, limit, -1):
        if text[position - 1].isspace():
            return position - 1
    for position in range(end, len(text)):
        if text[position].isspace():
            return position
    return len(text)


def _render(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> str:
    out: list[str] = []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(_SPACE.sub(" ", text[position:span_start])))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(_SPACE.sub(" ", text[position:end])))
    body = "".join(out).strip()
    return ("… " if start > 0 else "") + body + (" …" if end < len(text.rstrip()) else "")


def snippet(text: str, match: Matcher, *, size: int = SNIPPET_SIZE) -> str:
    """HTML: about ``size`` characters of ``text`` around the densest cluster of matches, matches in <mark>."""
    if not text:
        return ""
    spans = _matched_spans(text, match) if match else []
    if spans:
        start, end = _window(spans, len(text), size)
        first = next(span for span in spans if span[1] > start)
        last = [span for span in spans if span[0] < end][-1]
        start = _snap_start(text, start, min(first[0], len(text)))
        end = _snap_end(text, end, max(last[1], start))
    else:
        start, end = 0, _snap_end(text, min(size, len(text)), 0)
    return _render(text, start, end, spans)
