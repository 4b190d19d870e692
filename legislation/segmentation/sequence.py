"""Choosing, among the lines that look like article headings, those that are: the best-scoring sequence.

Articles follow each other in number order, with bis articles and the odd gap; a cross-reference that opens a
wrapped line («Article 101, …», «المادة 5 من …») breaks that order. Each candidate scores its weight; a step
costs nothing to the next number, a little over a gap, more to a repeated number, and a restart at 1 (a
protocol after its treaty) costs most. Dynamic programming over the candidates in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence

from legislation.segmentation.headings import Candidate

__all__ = ["best_sequence"]

LOOK_BACK = 300  # candidates considered as the previous article of a candidate


def _step_cost(before: Candidate, after: Candidate) -> float | None:
    """What it costs for ``after`` to be the article that follows ``before``; None if it cannot."""
    end = before.last or before.value
    weak = min(before.weight, after.weight) < 2
    if after.value == end:
        if weak:
            return None
        if after.bis and after.bis != before.bis and not before.last:
            return 0.0  # 12 then 12 bis
        return 1.2  # the same number twice: a misprint, kept only between two strong headings
    if after.value > end:
        gap = after.value - end - 1
        return 0.0 if gap == 0 else min(0.3 + 0.02 * gap, 0.9)
    if after.value == 1 and not weak:
        return 1.5  # numbering starts again
    return None


def best_sequence(candidates: Sequence[Candidate]) -> list[int]:
    """Indexes of the candidates kept as articles, in order."""
    if not candidates:
        return []
    score = [c.weight - (0.0 if c.value == 1 else min(0.3 + 0.02 * (c.value - 1), 0.9)) for c in candidates]
    previous: list[int | None] = [None] * len(candidates)
    for j, after in enumerate(candidates):
        for i in range(max(0, j - LOOK_BACK), j):
            cost = _step_cost(candidates[i], after)
            if cost is not None and score[i] + after.weight - cost > score[j]:
                score[j], previous[j] = score[i] + after.weight - cost, i
    # The best chain may end before the last candidate (a stray reference at the end).
    best = max(range(len(candidates)), key=lambda k: (score[k], k))
    chosen: list[int] = []
    current: int | None = best
    while current is not None:
        chosen.append(current)
        current = previous[current]
    return chosen[::-1]
