"""python manage.py search: the hits as the public sees them (law, article, score, marked passage, address), one
JSON object per line with --json, staff results only with --staff, and a malformed query explained on stderr
with exit status 2."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from django.core.management import CommandError, call_command

from search.management.commands.search import JSON_KEYS, terminal_text
from tests.conftest import REPO

if TYPE_CHECKING:
    from tests.search.pages_fixtures import Library

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.search.pages_fixtures"]  # pages_library


def run(*args: str, stdout: io.StringIO | None = None) -> str:
    out = stdout or io.StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


class Terminal(io.StringIO):
    """Output that says it is a terminal, as a person's shell is."""

    def isatty(self) -> bool:
        return True


def test_the_hits_as_the_public_sees_them(pages_library: Library, settings) -> None:
    settings.WAGTAILADMIN_BASE_URL = "https://qanun.example"
    out = run("حرية التعبير")
    lines = out.splitlines()
    assert lines[0] == "1. دستور الجمهورية العربية السورية · Constitution of 2012"
    assert lines[1].strip().startswith("Article 42") and "[art_42]" in lines[1] and "score" in lines[1]
    assert "«حرية»" in lines[2] and "<mark>" not in out
    assert lines[3].strip() == f"https://qanun.example/laws/id/{pages_library.constitution.pk}/#art_42"
    assert out.rstrip().endswith("results")


def test_marked_words_are_bold_in_a_terminal(pages_library: Library) -> None:
    out = run("حرية التعبير", stdout=Terminal())
    assert "\033[1mحرية\033[0m" in out and "«حرية»" not in out
    assert terminal_text("a <mark>b</mark> &amp; c", ansi=False) == "a «b» & c"


def test_json_lines_with_the_documented_keys(pages_library: Library, settings) -> None:
    settings.WAGTAILADMIN_BASE_URL = "https://qanun.example"
    out = run("حرية", "--json", "--limit", "3")
    hits = [json.loads(line) for line in out.splitlines()]
    assert len(hits) == 3
    assert all(tuple(hit) == JSON_KEYS for hit in hits)
    assert hits[0]["law_id"] == pages_library.constitution.pk
    assert all("<mark>" in hit["snippet"] for hit in hits)
    assert all(hit["url"].startswith("https://qanun.example/laws/") for hit in hits)


def test_the_public_search_never_shows_an_unpublished_law_and_staff_does(pages_library: Library) -> None:
    assert run("المحاماة", "--json") == ""
    assert run("المحاماة").strip() == "0 results"
    staff = [json.loads(line) for line in run("المحاماة", "--json", "--staff").splitlines()]
    assert staff and {hit["law_id"] for hit in staff} == {pages_library.profession.pk}


def test_a_bad_limit_is_refused(db) -> None:
    with pytest.raises(CommandError) as error:
        run("حرية", "--limit", "0")
    assert error.value.returncode == 2


def test_a_malformed_query_says_what_and_where_on_stderr_with_status_2() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "search", "حرية OR"], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "OR needs something on each side" in result.stderr
    lines = result.stderr.splitlines()
    caret = next(line for line in lines if line.strip() == "^")
    query_line = next(line for line in lines if "حرية OR" in line and "needs" not in line)
    assert caret.index("^") == query_line.index("حرية OR") + len("حرية ")
