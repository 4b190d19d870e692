"""python manage.py import_standards PATH... : add or update catalogue entries from JSON, CSV, treaty Markdown or the
UDHR's HTML, reporting per file what was added, changed and rejected (and why). Exits 1 if anything was rejected."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.catalogue import FORMATS, UnknownFormat, read_source
from reviews.catalogue.importer import catalogue_import


class Command(BaseCommand):
    help = (
        "Import international standards into the catalogue from JSON, CSV, treaty Markdown ('### Article N') or UDHR "
        "HTML files. Prints per file the tags, instruments and provisions added, changed and rejected, with the "
        "reason for each rejection; exits 1 if anything was rejected. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="the files' format (default: from each file's name)")
        parser.add_argument(
            "--instrument",
            help="the instrument the provisions belong to (CSV without an instrument column, treaty Markdown, UDHR)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would change, save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["paths"]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        rejected = 0
        for path in options["paths"]:
            try:
                batch = read_source(path, options["format"], options["instrument"])
            except UnknownFormat as exc:
                raise CommandError(str(exc)) from exc
            report = catalogue_import(batch, dry_run=options["dry_run"])
            rejected += report.rejected
            for line in report.lines():
                self.stdout.write(line)
        if rejected:
            saved = "nothing was saved" if options["dry_run"] else "what was accepted is saved"
            self.stderr.write(f"{rejected} rejected; fix them and run again ({saved})")
            sys.exit(1)
