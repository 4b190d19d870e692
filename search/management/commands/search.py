"""python manage.py search QUERY [--json] [--limit N] [--staff]: search from the command line.

Prints the hits as the public would see them (``--staff``: as staff): the law, the article, the score, the
matching passage with its matched words marked (bold in a terminal, «between guillemets» otherwise) and the
citable address. ``--json`` prints one JSON object per hit and line. A malformed query prints what is wrong and
where on stderr and exits with status 2; an engine that is down exits with status 1.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from search.backends.base import EngineUnavailable, Hit
from search.query import QueryError
from search.results import hit_data

JSON_KEYS = ("law", "law_id", "provision", "number", "score", "snippet", "url")
MAX_LIMIT = 100
_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
BOLD, RESET = "\033[1m", "\033[0m"


def terminal_text(snippet: str, *, ansi: bool) -> str:
    """A snippet for a terminal: marked words in bold (``ansi``) or «between guillemets», no other HTML."""
    marked = _MARK.sub(lambda m: f"{BOLD}{m.group(1)}{RESET}" if ansi else f"«{m.group(1)}»", snippet)
    return unescape(_TAG.sub("", marked))


class Command(BaseCommand):
    help = "Search laws, articles, annotations and proposals as the public would (or as staff, with --staff)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="+", help='the query, e.g. "حرية التعبير" or \'"أخبار كاذبة" year:2010\'')
        parser.add_argument("--json", action="store_true", help="one JSON object per hit and line")
        parser.add_argument("--limit", type=int, default=10, help=f"how many hits (1 to {MAX_LIMIT}; default 10)")
        parser.add_argument("--staff", action="store_true", help="search as staff: unpublished material too")

    def handle(self, *args: Any, **options: Any) -> None:
        from search import engine

        text = " ".join(options["query"]).strip()
        limit = options["limit"]
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}.", returncode=2)
        try:
            results = engine.search(text, staff=options["staff"], per_page=limit, with_facets=False)
        except QueryError as error:
            caret = " " * (len(text[: error.position]) + 2) + "^"
            raise CommandError(f"{error.message}\n  {text}\n{caret}", returncode=2) from error
        except EngineUnavailable as error:
            raise CommandError(f"The search engine is unavailable: {error}", returncode=1) from error

        if options["json"]:
            for hit in results.hits:
                data = hit_data(hit, url=self._absolute(hit.url))
                self.stdout.write(json.dumps({key: data[key] for key in JSON_KEYS}, ensure_ascii=False))
            return
        ansi = self.stdout.isatty() and not options.get("no_color")
        for number, hit in enumerate(results.hits, 1):
            self._print_hit(number, hit, ansi=ansi)
        shown = len(results.hits)
        summary = f"{shown} of {results.total} results" if results.total > shown else f"{results.total} results"
        if results.lagging:
            summary += " (the index is catching up: the latest changes may not show yet)"
        self.stdout.write(summary)

    def _print_hit(self, number: int, hit: Hit, *, ansi: bool) -> None:
        where = hit.law_citation or ""
        article = hit.title if hit.kind != "law" else ""
        if hit.provision and hit.kind != "law":
            article += f" [{hit.provision}]"
        heading = " · ".join(part for part in (hit.law_title, where) if part)
        self.stdout.write(f"{number}. {heading}")
        kind = "" if hit.kind == "provision" else f"({hit.kind}) "
        self.stdout.write(f"   {kind}{article.strip()}  score {hit.score:.3f}".rstrip())
        passage = terminal_text(hit.snippet, ansi=ansi).replace("\n", " ")
        if passage:
            self.stdout.write(f"   {passage}")
        self.stdout.write(f"   {self._absolute(hit.url)}\n")

    @staticmethod
    def _absolute(url: str) -> str:
        base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
        return base.rstrip("/") + url if base and url.startswith("/") else url
