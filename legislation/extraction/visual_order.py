"""Arabic lines that a PDF stores in visual order, put back in reading order.

Most PDFs write an Arabic line as one run of text in reading (logical) order, and pypdf reads them right. Some,
browser prints above all (``sy_labor_law_17_2010.pdf``), write each directional run (a word group, a number, a
bracket) as its own piece, placed left to right as the eye sees them: pypdf then joins «للعام 2010» as
«2010 / للعام17/» and «المادة 205 من» as «من ... .205 المحكمة». Each piece is itself in reading order; only the
order of the pieces is visual.

So a line is rebuilt only when it shows that: it holds Arabic, and its pieces advance left to right on the page
(in a line written in reading order, Arabic pieces advance right to left). It is then read right to left by the
pieces' positions, keeping runs of numbers and Latin text left to right, with brackets of lone punctuation
pieces turned the right way. Pieces drawn twice at the same place (a browser's fake bold) are kept once. Every
other line is left exactly as pypdf read it (a Latin line drawn twice is also kept once).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Piece", "PieceCollector", "repair_visual_lines"]

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_LTR = re.compile(r"[0-9A-Za-z\u0660-\u0669\u06f0-\u06f9]")
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# A bracketed number whose colon a piece put inside: «(2:)» is «(2):».
_COLON_INSIDE = re.compile(r"\((\d+)\s*:\)")
# Arabic letters and digits that the rebuilt line put side by side without the space the page shows between them.
_LETTER_DIGIT = re.compile(r"(?<=[\u0621-\u064a])(?=\d)|(?<=\d)(?=[\u0621-\u064a])")
# Positions closer than this (points) are the same place.
_SAME_PLACE = 0.6


@dataclass(frozen=True)
class Piece:
    """A piece of text as pypdf hands it to a visitor, with where it starts on the page."""

    text: str
    x: float
    y: float


class PieceCollector:
    """A ``visitor_text`` for pypdf's ``extract_text`` that keeps the pieces with their positions."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []

    def __call__(self, text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            self.pieces.append(Piece(text, x, y))


def repair_visual_lines(pieces: list[Piece]) -> tuple[str, int]:
    """The page's text (what pypdf's ``extract_text`` returns) with lines stored in visual order rebuilt in
    reading order, and how many lines were rebuilt."""
    lines: list[list[Piece]] = [[]]
    for piece in pieces:
        parts = piece.text.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Piece(part, piece.x, piece.y))
    out: list[str] = []
    rebuilt = 0
    for line in lines:
        text = _rebuild(line)
        if text is None:
            out.append("".join(piece.text for piece in line))
        else:
            out.append(text)
            rebuilt += 1
    return "\n".join(out), rebuilt


def _rebuild(line: list[Piece]) -> str | None:
    """The line in reading order, with pieces drawn twice kept once; None when it needs neither."""
    drawn = [piece for piece in line if piece.text.strip()]
    solid = _without_repeats(drawn)
    repeated = len(solid) < len(drawn)
    if not any(_ARABIC.search(piece.text) for piece in line):
        return "".join(piece.text for piece in solid).strip() if repeated else None
    if len(solid) < 2:
        return solid[0].text.strip() if repeated and solid else None
    xs = [piece.x for piece in solid]
    rightward = sum(after > before + _SAME_PLACE for before, after in zip(xs, xs[1:], strict=False))
    leftward = sum(after < before - _SAME_PLACE for before, after in zip(xs, xs[1:], strict=False))
    if rightward <= leftward and not repeated:
        return None
    if rightward <= leftward:  # reading order, only drawn twice
        return "".join(piece.text for piece in solid).strip()
    # Left to right as seen; ties keep the order they were drawn in.
    seen = [piece for _, piece in sorted(enumerate(solid), key=lambda item: (item[1].x, item[0]))]
    runs: list[str] = []
    index = 0
    while index < len(seen):
        if _is_ltr(seen[index].text):
            end = index + 1
            # Numbers and Latin words, with the punctuation between them, read left to right.
            while end < len(seen) and (
                _is_ltr(seen[end].text)
                or (_is_neutral(seen[end].text) and end + 1 < len(seen) and _is_ltr(seen[end + 1].text))
            ):
                end += 1
            runs.append("".join(piece.text for piece in seen[index:end]).strip())
            index = end
        elif _is_neutral(seen[index].text):
            runs.append(seen[index].text[::-1].translate(_MIRROR))
            index += 1
        else:
            runs.append(seen[index].text)
            index += 1
    text = unicodedata.normalize("NFKC", "".join(reversed(runs)))
    text = _COLON_INSIDE.sub(r"(\1):", text)
    return _LETTER_DIGIT.sub(" ", re.sub(" {2,}", " ", text)).strip()


def _without_repeats(pieces: list[Piece]) -> list[Piece]:
    kept: list[Piece] = []
    for piece in pieces:
        if any(
            other.text.strip() == piece.text.strip()
            and abs(other.x - piece.x) < _SAME_PLACE
            and abs(other.y - piece.y) < _SAME_PLACE
            for other in kept
        ):
            continue
        kept.append(piece)
    return kept


def _is_ltr(text: str) -> bool:
    return not _ARABIC.search(text) and bool(_LTR.search(text))


def _is_neutral(text: str) -> bool:
    return not _ARABIC.search(text) and not _LTR.search(text)
