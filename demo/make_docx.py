"""Render a Saudi BOE Markdown statute as a right-to-left DOCX, so the demo corpus exercises the DOCX reader.

Usage: python demo/make_docx.py SOURCE.md TARGET.docx
"""

import re
import sys

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.parser import OxmlElement


def rtl(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(OxmlElement("w:bidi"))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def main(source: str, target: str) -> None:
    document = docx.Document()
    for line in open(source, encoding="utf-8").read().split("\n"):
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line).replace("**", "").rstrip()
        if not line.strip():
            continue
        heading = re.match(r"^(#{1,6})\s*(.*)$", line)
        if heading:
            paragraph = document.add_heading(heading.group(2).strip(), level=min(len(heading.group(1)), 4))
        else:
            paragraph = document.add_paragraph(line.strip().lstrip("* ").strip())
        rtl(paragraph)
    document.core_properties.language = "ar-SA"
    document.save(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
