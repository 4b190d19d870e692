"""python manage.py search_index --rebuild | --pending | --status : the search index by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from search import documents, indexing
from search.backends.base import EngineUnavailable
from search.engine import backend, index_lag
from search.models import PendingUpdate


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database (--rebuild; searches use the old index until the new one is "
        "complete), write the updates waiting in the outbox now (--pending), or show the index (--status)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="index every law, article, annotation, proposal")
        action.add_argument("--pending", action="store_true", help="process the waiting index updates now")
        action.add_argument("--status", action="store_true", help="entries by kind, waiting updates, the engine")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: object, **options: object) -> None:
        try:
            if options["rebuild"]:
                self.rebuild(progress=not options["no_progress"])
            elif options["pending"]:
                self.pending()
            else:
                self.status()
        except EngineUnavailable as exc:
            raise CommandError(str(exc)) from exc

    def rebuild(self, *, progress: bool) -> None:
        engine = backend()
        engine.check()
        keys = list(documents.all_keys())
        with tqdm(total=len(keys), unit="record", disable=not progress, file=self.stderr) as bar:
            written = engine.rebuild(keys, total=len(keys), progress=bar.update)
        self.stdout.write(f"Indexed {written} records of {len(keys)} ({engine.name}).")

    def pending(self) -> None:
        waiting = index_lag()
        done = indexing.process_pending(budget=float("inf"))
        self.stdout.write(
            f"{waiting} updates were waiting: {done.written} records written, {done.deleted} deleted; "
            f"{index_lag()} waiting now."
        )

    def status(self) -> None:
        engine = backend()
        self.stdout.write(f"Engine: {engine.name}")
        try:
            engine.check()
            counts = engine.counts() if hasattr(engine, "counts") else {}
            self.stdout.write("Entries: " + (", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "none"))
        except EngineUnavailable as exc:
            self.stdout.write(f"Unavailable: {exc}")
        waiting = PendingUpdate.objects.count()
        failing = PendingUpdate.objects.filter(attempts__gt=0).order_by("-attempts").first()
        self.stdout.write(f"Pending updates: {waiting}")
        if failing is not None:
            self.stdout.write(f"Failing for {failing.attempts} attempts: {failing.last_error}")
