"""The labels Word shows for auto-numbered paragraphs ("1.", "a)", "أ-"), computed from the numbering part."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
ALPHA = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"
ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str


def format_number(value: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letters = ""
        n = value
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in {"lowerRoman", "upperRoman"}:
        out, n = "", value
        for amount, numeral in ROMAN:
            while n >= amount:
                out, n = out + numeral, n - amount
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "arabicAbjad":
        return ABJAD[(value - 1) % len(ABJAD)]
    if fmt == "arabicAlpha":
        return ALPHA[(value - 1) % len(ALPHA)]
    if fmt in {"hindiNumbers", "arabicIndic"}:
        return str(value).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    if fmt == "bullet":
        return "•"
    if fmt == "none":
        return ""
    return str(value)


class ListNumbering:
    """Counts auto-numbered paragraphs as Word does, one counter per list and level."""

    def __init__(self, nums: dict[str, dict[int, Level]], style_num: dict[str, tuple[str, int]]) -> None:
        self._nums = nums
        self._style_num = style_num
        self._counters: dict[str, dict[int, int]] = {}

    @classmethod
    def from_document(cls, document: DocxDocument) -> ListNumbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return cls({}, {})
        abstracts = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.findall(qn("w:abstractNum"))}
        nums: dict[str, dict[int, Level]] = {}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstracts.get(ref.get(qn("w:val")) if ref is not None else None, {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(int(start.get(qn("w:val"), "1")), old.fmt, old.text)
            nums[num.get(qn("w:numId"))] = levels
        style_num: dict[str, tuple[str, int]] = {}
        for style in document.styles:
            found = _num_pr(getattr(style, "element", None))
            if found:
                style_num[style.style_id] = found
        return cls(nums, style_num)

    def label_for(self, paragraph: Paragraph) -> str:
        found = _num_pr(paragraph._p) or self._style_numbering(paragraph)
        if not found:
            return ""
        num_id, ilvl = found
        levels = self._nums.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            del counters[deeper]
        if levels[ilvl].fmt == "bullet":
            # The bullet's lvlText is a glyph of a symbol font (U+F0B7 in Symbol), meaningless as text.
            return format_number(0, "bullet")
        label = levels[ilvl].text
        for lvl in range(ilvl + 1):
            level = levels.get(lvl)
            value = counters.get(lvl, level.start if level else 1)
            label = label.replace(f"%{lvl + 1}", format_number(value, level.fmt if level else "decimal"))
        return label.strip()

    def _style_numbering(self, paragraph: Paragraph) -> tuple[str, int] | None:
        style = paragraph.style
        while style is not None:
            if style.style_id in self._style_num:
                return self._style_num[style.style_id]
            style = style.base_style
        return None


def _levels(abstract) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        start = lvl.find(qn("w:start"))
        fmt = lvl.find(qn("w:numFmt"))
        text = lvl.find(qn("w:lvlText"))
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
            start=int(start.get(qn("w:val"), "1")) if start is not None else 1,
            fmt=fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
            text=text.get(qn("w:val"), "") if text is not None else "",
        )
    return levels


def _num_pr(element) -> tuple[str, int] | None:
    if element is None:
        return None
    ppr = element.find(qn("w:pPr"))
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num_pr is None:
        return None
    num_id = num_pr.find(qn("w:numId"))
    ilvl = num_pr.find(qn("w:ilvl"))
    if num_id is None or num_id.get(qn("w:val")) in (None, "0"):
        return None
    return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
