"""A word-level redline between an article's current text and a proposed text, correct for Arabic.

Tokens are whole words (letters and digits with any Arabic marks and tatweel inside them, so «بِالسِّجْنِ» is one
token), runs of spaces, and single punctuation marks. Tokens are aligned with ``difflib.SequenceMatcher`` on a
comparison key, not on the raw text:

- Arabic diacritics (harakat, shadda, sukun, superscript alef, Quranic marks) and tatweel are ignored in the
  key, and Arabic-Indic digits compare equal to Western ones, so a vocalised or re-digited word still lines up
  with its plain twin and does not throw the alignment off;
- a token whose key matches but whose spelling differs (only its vowels or its digits changed) is still shown as
  a change, a deletion and an insertion marked ``minor``: in a statute a vowel can change the meaning, and the
  reader must be able to see every character that differs.

Every segment is one of ``equal``, ``delete``, ``insert``; joining the ``equal`` and ``delete`` segments gives
back the current text exactly, joining ``equal`` and ``insert`` the proposed text. Spaces between two changed
words join the change, so «بالسجن من ستة أشهر» → «بالغرامة» reads as one deletion and one insertion rather than
a comb of single words.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from text.normalise import ARABIC_MARK_CHARS, ARABIC_MARKS, western_digits

__all__ = ["Segment", "diff", "render_inline", "render_side", "tokens"]

# A word keeps the Arabic marks and tatweel inside it; they are ignored when words are compared.
_TOKEN = re.compile(rf"[\w{ARABIC_MARK_CHARS}]+|\s+|[^\w\s]", re.UNICODE)

Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str
    minor: bool = False  # a change of vowels or digit forms only


def tokens(text: str) -> list[str]:
    """Words, space runs and punctuation marks, in order; joined they give back ``text``."""
    return _TOKEN.findall(text)


def _key(token: str) -> str:
    if token.isspace():
        return "\n" if "\n" in token else " "
    return western_digits(ARABIC_MARKS.sub("", token)).casefold()


def diff(current: str, proposed: str) -> list[Segment]:
    """The redline of ``current`` against ``proposed``, as segments (see the module's description)."""
    old, new = tokens(current), tokens(proposed)
    matcher = difflib.SequenceMatcher(None, [_key(t) for t in old], [_key(t) for t in new], autojunk=False)
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                if a == b:
                    raw.append(Segment("equal", a))
                else:  # same letters, other vowels or digits: still a change the reader must see
                    raw.append(Segment("delete", a, minor=True))
                    raw.append(Segment("insert", b, minor=True))
            continue
        if i2 > i1:
            raw.append(Segment("delete", "".join(old[i1:i2])))
        if j2 > j1:
            raw.append(Segment("insert", "".join(new[j1:j2])))
    return _merge(_absorb_spaces(raw))


def _absorb_spaces(segments: list[Segment]) -> list[Segment]:
    """An unchanged run of spaces between two changes becomes part of both sides of the change."""
    out: list[Segment] = []
    for index, segment in enumerate(segments):
        between_changes = (
            segment.op == "equal"
            and segment.text.isspace()
            and 0 < index < len(segments) - 1
            and segments[index - 1].op != "equal"
            and segments[index + 1].op != "equal"
            and not (segments[index - 1].minor and segments[index + 1].minor)
        )
        if between_changes:
            out.append(Segment("delete", segment.text))
            out.append(Segment("insert", segment.text))
        else:
            out.append(segment)
    return out


def _merge(segments: list[Segment]) -> list[Segment]:
    """Consecutive changes are regrouped as all their deletions, then all their insertions."""
    out: list[Segment] = []
    run: list[Segment] = []

    def flush() -> None:
        deleted = [s for s in run if s.op == "delete"]
        inserted = [s for s in run if s.op == "insert"]
        minor = all(s.minor for s in run)
        if deleted:
            out.append(Segment("delete", "".join(s.text for s in deleted), minor=minor))
        if inserted:
            out.append(Segment("insert", "".join(s.text for s in inserted), minor=minor))
        run.clear()

    for segment in segments:
        if segment.op == "equal":
            flush()
            if out and out[-1].op == "equal":
                out[-1] = Segment("equal", out[-1].text + segment.text)
            else:
                out.append(segment)
        else:
            run.append(segment)
    flush()
    return out


def _mark(segment: Segment) -> str:
    tag, label = ("del", gettext("deleted:")) if segment.op == "delete" else ("ins", gettext("inserted:"))
    css = ' class="redline-minor"' if segment.minor else ""
    title = f' title="{escape(gettext("vowels or digits only"))}"' if segment.minor else ""
    return (
        f'<{tag}{css}{title}><span class="visually-hidden">{escape(label)} </span>{escape(segment.text)}'
        f'<span class="visually-hidden"> {escape(gettext("(end)"))}</span></{tag}>'
    )


def render_inline(segments: list[Segment]) -> SafeString:
    """One text with deletions struck through and insertions underlined (safe HTML)."""
    return mark_safe("".join(escape(s.text) if s.op == "equal" else _mark(s) for s in segments))  # noqa: S308


def render_side(segments: list[Segment], side: Literal["current", "proposed"]) -> SafeString:
    """One side of the side-by-side view: the current text with its deletions marked, or the proposed text with
    its insertions marked."""
    hidden: Op = "insert" if side == "current" else "delete"
    return mark_safe(  # noqa: S308  every piece is escaped
        "".join(escape(s.text) if s.op == "equal" else _mark(s) for s in segments if s.op != hidden)
    )
