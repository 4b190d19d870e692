"""python manage.py ingest PATH... : import law files or folders in bulk, through the worker or inline."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from legislation import services
from legislation.models import Law, Provision, SourceDocument

FOLDER_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"}


class Command(BaseCommand):
    help = (
        "Import law files (PDF, DOCX, text, Markdown, HTML) or folders of them. Without --title each file becomes "
        "a law of its own; with law options all files are attached to one law. Waits for the worker, or runs "
        "the same task code in this process with --inline. Exits non-zero if any file failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--kind", choices=Law.Kind.values, help="kind of law for all files")
        parser.add_argument("--number", help="the law's number")
        parser.add_argument("--year", type=int, help="the law's year")
        parser.add_argument("--title", help="the law's title (Arabic or English; attaches all files to one law)")
        parser.add_argument("--language", choices=Law.Language.values, help="the law's language")
        parser.add_argument("--json", action="store_true", help="one JSON object per file on standard output")
        parser.add_argument("--inline", action="store_true", help="process here, without a worker")
        parser.add_argument(
            "--timeout",
            type=float,
            default=180,
            help="give up waiting when no file has moved on for this many seconds (default 180)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = self._collect(options["paths"])
        shared = any(options[k] for k in ("title", "number", "year", "kind"))
        law, new_law = self._shared_law(options) if shared else (None, None)
        entries: list[dict[str, Any]] = []
        for path in tqdm(files, desc="uploading", unit="file", disable=options["json"] or len(files) < 2):
            if shared:
                law, entry = self._upload(path, law, new_law, options)  # the shared law, once a file has made it
            else:
                _, entry = self._upload(path, None, self._own_law(path, options), options)
                # A law known only by its file name takes its language from its text once that is read.
                entry["guess_language"] = entry["created"] and not options["language"]
            entries.append(entry)
        pending = [e for e in entries if e["document"] is not None and e["created"]]
        if options["inline"]:
            for entry in tqdm(pending, desc="processing", unit="file", disable=options["json"]):
                services.document_process(entry["document"].pk)
        else:
            self._wait(pending, options["timeout"], quiet=options["json"])
        failed = 0
        for entry in entries:
            report = self._report(entry)
            failed += report["state"] != SourceDocument.State.DONE
            if options["json"]:
                self.stdout.write(json.dumps(report, ensure_ascii=False))
            else:
                self.stdout.write(self._line(report))
        if not options["json"]:
            self.stdout.write(f"{len(entries) - failed} done, {failed} not done, of {len(entries)} file(s)")
        if failed:
            sys.exit(1)

    def _collect(self, paths: list[Path]) -> list[Path]:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files.extend(
                    p for p in sorted(path.rglob("*"))
                    if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES and not p.name.startswith(".")
                )  # fmt: skip
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder")
        if not files:
            raise CommandError("no files to import (folders are searched for .pdf .docx .txt .md .html)")
        return files

    def _shared_law(self, options: dict[str, Any]) -> tuple[Law | None, dict[str, Any] | None]:
        """The law all files go to: an existing one (the same kind, number and year), or the fields of a new one,
        which the upload service makes once a file is stored."""
        kind = options["kind"] or Law.Kind.LAW
        if options["number"] and options["year"]:
            existing = Law.objects.filter(kind=kind, number=options["number"], year=options["year"]).first()
            if existing:
                return existing, None
        title = options["title"] or f"{Law.Kind(kind).label} {options['number'] or ''} {options['year'] or ''}"
        fields = services.law_fields_for_title(title.strip(), options["language"])
        return None, {"kind": kind, "number": options["number"] or "", "year": options["year"], **fields}

    def _own_law(self, path: Path, options: dict[str, Any]) -> dict[str, Any]:
        """The fields of a law of its own for a file, named after the file."""
        title = path.stem.replace("_", " ").replace("-", " ").strip() or path.name
        return services.law_fields_for_title(title, options["language"])

    def _upload(
        self, path: Path, law: Law | None, new_law: dict[str, Any] | None, options: dict[str, Any]
    ) -> tuple[Law | None, dict[str, Any]]:
        """Upload one file through the admin upload's service: checked before anything is stored, stored once by
        its hash, to ``law`` or to a law made from ``new_law`` if the file is new. Returns that law and the entry."""
        with open(path, "rb") as fh:
            target, (outcome,) = services.law_upload_files(
                law=law, new_law=new_law, files=[(path.name, fh)], enqueue=not options["inline"]
            )
        entry = {"path": str(path), "document": outcome.document, "created": outcome.created, "error": outcome.error}
        return target, entry

    def _wait(self, entries: list[dict[str, Any]], stall_after: float, quiet: bool) -> None:
        """Wait while the worker makes progress; give up only when nothing has moved for ``stall_after`` s."""
        ids = [e["document"].pk for e in entries]
        if not ids:
            return
        last_seen: tuple = ()
        last_change = time.monotonic()
        with tqdm(total=len(ids) * 100, desc="processing", unit="%", disable=quiet) as bar:
            while True:
                rows = list(SourceDocument.objects.filter(pk__in=ids).values_list("state", "progress", "updated_at"))
                progress = sum(100 if state not in SourceDocument.IN_PROGRESS else prog for state, prog, _ in rows)
                bar.update(progress - bar.n)
                if all(state not in SourceDocument.IN_PROGRESS for state, _, _ in rows):
                    return
                if rows != list(last_seen):
                    last_seen, last_change = tuple(rows), time.monotonic()
                elif time.monotonic() - last_change > stall_after:
                    for entry in entries:
                        entry["timeout"] = True
                    return
                time.sleep(0.3)

    def _report(self, entry: dict[str, Any]) -> dict[str, Any]:
        document: SourceDocument | None = entry["document"]
        if document is None:
            return {"path": entry["path"], "state": "failed", "pages": None, "provisions": 0, "articles": 0,
                    "error": entry["error"]}  # fmt: skip
        document.refresh_from_db()
        if entry.get("guess_language") and document.state == SourceDocument.State.DONE:
            services.law_language_from_text(document)
        error = document.error
        if document.in_progress and entry.get("timeout"):
            error = "Nothing moved while waiting for a worker. Is one running (make worker)? Or use --inline."
        provisions = document.provisions.count()
        return {
            "path": entry["path"],
            "state": document.state,
            "pages": document.page_count,
            "provisions": provisions,
            "articles": document.provisions.filter(kind=Provision.Kind.ARTICLE).count(),
            "error": error,
            "law_id": document.law_id,
            "already_uploaded": not entry["created"],
        }

    def _line(self, report: dict[str, Any]) -> str:
        pages = "-" if report["pages"] is None else report["pages"]
        line = (
            f"{report['state']:<8} {report['path']}  pages={pages} provisions={report['provisions']} "
            f"articles={report['articles']}"
        )
        if report.get("already_uploaded"):
            line += "  (uploaded before)"
        if report["error"]:
            line += f"\n         error: {report['error']}"
        return self.style.SUCCESS(line) if report["state"] == "done" else self.style.ERROR(line)
