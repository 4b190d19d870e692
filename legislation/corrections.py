"""Corrections of the segmentation by hand: merge a provision into the one before it, or split one where a new
provision starts.

Processing a document recreates its provisions, so a correction cannot be kept on a row. It is kept as a
``ProvisionCorrection`` naming its target by the provision's eid and a quote of its text, and every run replays
the document's corrections, in the order they were made, on the freshly segmented provisions before they are
stored (``corrections_replay``). A correction made now goes through the very same function on the provisions as
stored, so what a person sees after correcting is what the next run gives back. One that no longer fits the text
(the quote is gone, or found in several provisions) is marked as a conflict and changes nothing.

Neither action loses or repeats text: the provisions' texts joined in order stay the same, whitespace aside.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from legislation.models import Provision, ProvisionCorrection, SourceDocument
from legislation.provisions import provisions_replace
from legislation.segmentation import LEVELS, SegmentedProvision, segment
from legislation.segmentation.numbers import arabic_ordinal_value, english_number_value, roman_value
from legislation.segmentation.tree import assign_eids
from text.normalise import western_digits

__all__ = [
    "CorrectionConflict",
    "CorrectionError",
    "correction_apply",
    "correction_delete",
    "corrections_replay",
    "merge",
    "provision_merge",
    "provision_split",
    "split",
    "split_offset",
]

# A quote starts with this many words and grows until it points at one place only.
QUOTE_WORDS = 10
QUOTE_MAX_CHARS = 400

Conflict = ProvisionCorrection.Conflict


class CorrectionError(Exception):
    """A correction refused, with a message for the person making it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CorrectionConflict(CorrectionError):
    """The correction does not fit the provisions: its quote is not found, or not in one place only."""

    def __init__(self, code: str) -> None:
        super().__init__(str(Conflict(code).label))
        self.code = code


# Pure functions on the segmented provisions (a list in reading order, each pointing at its parent by index).


def merge(provisions: list[SegmentedProvision], *, eid: str, quote: str) -> tuple[list[SegmentedProvision], int]:
    """Fold the provision that begins with ``quote`` (preferably the one at ``eid``) into the provision before it in
    reading order. Its children follow that provision's nearest container. Returns the provisions and the index of
    the one merged into."""
    index = _choose(provisions, _starting_with(provisions, quote), eid)
    if index == 0:
        raise CorrectionConflict(Conflict.FIRST)
    items = _copy(provisions)
    target, previous = items[index], items[index - 1]
    previous.text = "\n".join(text for text in (previous.text, target.text) if text)
    for item in items[index + 1 :]:
        if item.parent == index:
            # The nearest of the previous provision and its ancestors that can hold it.
            parent: int | None = index - 1
            while parent is not None and items[parent].depth >= item.depth:
                parent = items[parent].parent
            item.parent = parent
    del items[index]
    for item in items:
        if item.parent is not None and item.parent > index:
            item.parent -= 1
    _settle(items)
    _check_text(provisions, items)
    return items, index - 1


def split(
    provisions: list[SegmentedProvision], *, eid: str, quote: str, kind: str, number: str = "", heading: str = ""
) -> tuple[list[SegmentedProvision], int]:
    """Start a new provision of ``kind`` where ``quote`` begins inside a provision's text (preferably the one at
    ``eid``). The new provision follows it; the provisions after it that are deeper than ``kind`` (the rest of a
    chapter after a missed chapter heading, the items after a missed article heading) become its children.
    Returns the provisions and the index of the new one."""
    index, start = _split_place(provisions, eid, quote)
    found, before = provisions[index], provisions[index].text[:start].strip()
    same = found.number_value == number_value(number) if number else len(before.split()) <= 4
    if found.kind == kind and same and "\n" not in before:  # right after its heading: segmentation does it now
        raise CorrectionConflict(Conflict.ALREADY)
    items = _copy(provisions)
    source = items[index]
    source.text, text = source.text[:start].rstrip(), source.text[start:]
    level = _level(kind)
    parent: int | None = index
    while parent is not None and not (items[parent].kind in LEVELS and LEVELS[items[parent].kind] < level):
        parent = items[parent].parent
    for item in items:
        if item.parent is not None and item.parent > index:
            item.parent += 1
    new = index + 1
    first_line = text.split("\n", 1)[0].strip()
    items.insert(new, SegmentedProvision(kind=kind, number=number, number_value=number_value(number),
                                         heading=heading or first_line, text=text, depth=0, parent=parent))  # fmt: skip
    outer_depth = items[parent].depth if parent is not None else -1
    for item in items[new + 1 :]:
        if item.depth <= outer_depth or _level(item.kind) <= level:
            break
        if item.parent is None or item.parent < new:
            item.parent = new
    _settle(items)
    _check_text(provisions, items)
    return items, new


def correction_apply(
    provisions: list[SegmentedProvision], correction: ProvisionCorrection
) -> tuple[list[SegmentedProvision], int]:
    if correction.action == ProvisionCorrection.Action.MERGE:
        return merge(provisions, eid=correction.eid, quote=correction.quote)
    return split(provisions, eid=correction.eid, quote=correction.quote, kind=correction.new_kind,
                 number=correction.new_number, heading=correction.new_heading)  # fmt: skip


def split_offset(text: str, words: str) -> int | None:
    """Where in ``text`` the pasted ``words`` first appear after its beginning, or None."""
    return _split_point(text, words, whole_words=False)


def opening_words(text: str) -> str:
    return " ".join(text.split()[:QUOTE_WORDS])


def split_quote(text: str, offset: int) -> str:
    """The words from ``offset`` on, as many as it takes for them to point at that place only."""
    words = text[offset:].split()
    for count in range(min(QUOTE_WORDS, len(words)), len(words) + 1):
        quote = " ".join(words[:count])
        if len(quote) > QUOTE_MAX_CHARS:
            break
        if _split_point(text, quote) == offset:
            return quote
    raise CorrectionError(
        _("The text from that point repeats what comes before it, so the place cannot be told apart; choose another.")
    )


def number_value(number: str) -> str:
    """The normalised number of a number typed by a person, as segmentation writes it: «١٢» and «الثانية عشرة»
    -> 12, «12 مكرر» -> 12-bis, «12A» -> 12A."""
    number = western_digits(number.strip())
    if match := re.fullmatch(r"([0-9]+)\s*(.*)", number):
        value, rest = str(int(match.group(1))), match.group(2)
        if "مكرر" in rest or "bis" in rest.lower():
            return f"{value}-bis{re.sub('[^0-9]', '', rest)}"
        return value + (rest.upper() if re.fullmatch("[A-Za-z]", rest) else "")
    for read in (arabic_ordinal_value, english_number_value, roman_value):
        value = read(number)
        if value:
            return str(value)
    return re.sub(r"\s+", "-", number)[:50]


def _copy(provisions: Iterable[SegmentedProvision]) -> list[SegmentedProvision]:
    return [dataclasses.replace(p) for p in provisions]


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _level(kind: str) -> int:
    """How deep a kind sits; a preamble or a signature stands at the top."""
    return LEVELS.get(kind, 0)


def _starting_with(provisions: list[SegmentedProvision], quote: str) -> list[int]:
    quote = _normalise(quote)
    return [i for i, p in enumerate(provisions) if _normalise(p.text[: 2 * len(quote) + 200]).startswith(quote)]


def _choose(provisions: list[SegmentedProvision], candidates: list[int], eid: str) -> int:
    for index in candidates:
        if provisions[index].eid == eid:
            return index
    if len(candidates) == 1:
        return candidates[0]
    raise CorrectionConflict(Conflict.AMBIGUOUS if candidates else Conflict.NOT_FOUND)


def _split_point(text: str, quote: str, *, whole_words: bool = True) -> int | None:
    """The first place after the beginning of ``text`` where the words of ``quote`` start."""
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(map(re.escape, words)) + (r"(?!\S)" if whole_words else "")
    for match in re.finditer(pattern, text):
        if text[: match.start()].strip():
            return match.start()
    return None


def _split_place(provisions: list[SegmentedProvision], eid: str, quote: str) -> tuple[int, int]:
    places = {}
    for index, provision in enumerate(provisions):
        start = _split_point(provision.text, quote)
        if start is not None:
            places[index] = start
    if not places and _starting_with(provisions, quote):
        raise CorrectionConflict(Conflict.ALREADY)
    index = _choose(provisions, list(places), eid)
    return index, places[index]


def _settle(items: list[SegmentedProvision]) -> None:
    """Depths from the parents again, and every eid by segmentation's own scheme, so a corrected law's eids read as
    if segmentation had been right (a false ``art_3`` merged away lets the real one be ``art_3``, not ``art_3_2``)."""
    for item in items:
        item.depth = 0 if item.parent is None else items[item.parent].depth + 1
    assign_eids(items)


def _check_text(before: list[SegmentedProvision], after: list[SegmentedProvision]) -> None:
    if "".join("".join(p.text.split()) for p in before) != "".join("".join(p.text.split()) for p in after):
        raise RuntimeError("a correction changed the text of the provisions")  # a bug, never the person's doing


# Writes.


def corrections_replay(document: SourceDocument, provisions: Iterable[SegmentedProvision]) -> list[SegmentedProvision]:
    """The document's corrections applied, in the order they were made, to its freshly segmented provisions; each
    correction is marked applied or conflicting. Called by processing before it stores the provisions."""
    provisions = list(provisions)
    for correction in document.corrections.order_by("created_at", "pk"):
        try:
            provisions, _position = correction_apply(provisions, correction)
        except CorrectionConflict as conflict:
            status, code = ProvisionCorrection.Status.CONFLICT, conflict.code
        else:
            status, code = ProvisionCorrection.Status.APPLIED, ""
        if (correction.status, correction.conflict) != (status, code):
            ProvisionCorrection.objects.filter(pk=correction.pk).update(status=status, conflict=code)
    return provisions


@transaction.atomic
def provision_merge(*, provision: Provision, user: Any = None) -> Provision:
    """Merge a stored provision into the one before it, now and in every later run. Returns the provision it was
    merged into."""
    correction = ProvisionCorrection(
        action=ProvisionCorrection.Action.MERGE, eid=provision.eid, quote=opening_words(provision.text)
    )
    return _apply_now(provision.document_id, correction, user)


@transaction.atomic
def provision_split(
    *, provision: Provision, offset: int, kind: str, number: str = "", heading: str = "", user: Any = None
) -> Provision:
    """Split a stored provision where a new one starts, at ``offset`` in its own text, now and in every later run.
    Returns the new provision."""
    text = provision.text
    offset += len(text[offset:]) - len(text[offset:].lstrip())
    if not text[:offset].strip():
        raise CorrectionError(_("The new provision must start after the beginning of this one."))
    if not text[offset:].strip():
        raise CorrectionError(_("No text follows that point: the new provision would be empty."))
    correction = ProvisionCorrection(
        action=ProvisionCorrection.Action.SPLIT, eid=provision.eid, quote=split_quote(text, offset),
        new_kind=kind, new_number=number.strip()[:100], new_heading=heading.strip(),
    )  # fmt: skip
    return _apply_now(provision.document_id, correction, user)


@transaction.atomic
def correction_delete(correction: ProvisionCorrection) -> int:
    """Undo a correction: delete it and, if it was applied, segment the document's stored text again and replay
    the others. Returns how many corrections are in conflict afterwards."""
    document = _locked_document(correction.document_id)
    was_applied = correction.status == ProvisionCorrection.Status.APPLIED
    correction.delete()
    if was_applied:
        texts = document.pages.order_by("number").values_list("text", flat=True)
        text = "\n\n".join(t for t in texts if t)
        if text:
            provisions_replace(document, corrections_replay(document, segment(text)))
    return document.corrections.filter(status=ProvisionCorrection.Status.CONFLICT).count()


def _locked_document(document_id: int) -> SourceDocument:
    """The document, locked for this transaction, and refused while a worker is storing its provisions."""
    document = SourceDocument.objects.select_for_update().get(pk=document_id)
    if document.is_being_worked_on:
        raise CorrectionError(
            _("%(name)s is being processed now; correct it once processing has finished.")
            % {"name": document.original_name}
        )
    return document


def _apply_now(document_id: int, correction: ProvisionCorrection, user: Any) -> Provision:
    document = _locked_document(document_id)
    stored = list(document.provisions.order_by("order"))
    position = {row.pk: index for index, row in enumerate(stored)}
    provisions = [
        SegmentedProvision(kind=row.kind, number=row.number, number_value=row.number_value, heading=row.heading,
                           text=row.text, depth=row.depth, parent=position.get(row.parent_id), eid=row.eid)
        for row in stored
    ]  # fmt: skip
    corrected, index = correction_apply(provisions, correction)
    correction.law_id = document.law_id
    correction.document = document
    correction.created_by = user
    correction.save()
    provisions_replace(document, corrected)
    return document.provisions.get(order=index)
