"""An anonymous visitor follows every same-site link from the home pages (both languages), the proposal feeds,
the sitemap and searches (pages and API) for words of the planted material, with drafts and unapproved material
in the database, and never meets any of it: no response holds
a marker text planted in unpublished laws, unapproved or private findings, or draft proposals, and none of their
addresses answers 200. Document ids are sequential, so the crawl also asks for every planted evidence file by its
address (``/documents/<id>/<name>`` and the file under ``/media/``): only the evidence of the public finding of the
published law is served."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from legislation.models import Law
from tests.factories import DECREE, make_law
from tests.website.conftest import PUBLIC_EVIDENCE_MARKER, PUBLIC_MARKER, SECRET_MARKERS, Library

pytestmark = pytest.mark.django_db

SEEDS = (
    "/",
    "/ar/",
    "/sitemap.xml",
    "/robots.txt",
    "/feeds/proposals.atom",
    "/feeds/proposals.rss",
    "/ar/feeds/proposals.atom",
    "/ar/feeds/proposals.rss",
)
# Searches whose words occur in the planted material (a search page repeats its query, so never a whole marker).
SEARCHES = tuple(
    f"{prefix}?q={words}"
    for prefix in ("/search/", "/ar/search/", "/api/search/")
    for words in ("SECRET", "%D9%86%D9%81%D8%B3%D9%8A%D8%A9", "%D8%AA%D8%B1%D8%AE%D9%8A%D8%B5", "kind:annotation")
)  # نفسية (art. 1), ترخيص (art. 3, where the drafts are)
NOT_CRAWLED = ("/admin/", "/django-admin/", "/static/", "/i18n/", "/media/")
HOSTS = {"", "testserver", "localhost", "127.0.0.1"}
LIMIT = 400
# href="…", src="…", <loc>…</loc>, <link>…</link> (RSS), <id>…</id> (Atom)
LINK = re.compile(r'(?:href|src)="([^"]+)"|<(?:loc|link|id)>([^<]+)</(?:loc|link|id)>')


@dataclass
class Crawl:
    statuses: dict[str, int] = field(default_factory=dict)
    leaks: list[tuple[str, str]] = field(default_factory=list)
    public_seen: bool = False
    public_evidence_seen: bool = False


def same_site(url: str, base: str) -> str | None:
    url = urldefrag(urljoin("http://testserver" + base, url.replace("&amp;", "&")))[0]
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or (parts.hostname or "") not in HOSTS:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if path.startswith(NOT_CRAWLED) else path


def crawl(client: Client, markers: dict[str, str], guessed: tuple[str, ...] = ()) -> Crawl:
    """Follow links from the seeds and searches; ``guessed``: addresses asked for directly, never linked."""
    result = Crawl()
    queue = deque((*SEEDS, *SEARCHES, *guessed))
    while queue and len(result.statuses) < LIMIT:
        path = queue.popleft()
        if path in result.statuses:
            continue
        response = client.get(path)
        result.statuses[path] = response.status_code
        if response.status_code in {301, 302}:
            target = same_site(response["Location"], path)
            if target:
                queue.append(target)
            continue
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8", errors="replace")
        for name, marker in markers.items():
            if marker in body:
                result.leaks.append((path, name))
        result.public_seen |= PUBLIC_MARKER in body
        result.public_evidence_seen |= PUBLIC_EVIDENCE_MARKER in body
        if "html" in response.get("Content-Type", "") or "xml" in response.get("Content-Type", ""):
            for match in LINK.finditer(body):
                target = same_site(match.group(1) or match.group(2), path)
                if target and target not in result.statuses:
                    queue.append(target)
    return result


@dataclass
class Proposals:
    markers: dict[str, str]
    secret_paths: list[str]
    public_paths: list[str] = field(default_factory=list)


def plant_proposals(library: Library) -> Proposals:
    """A proposal published about the published law; a draft one; one live about a law unpublished since."""
    try:
        from proposals.models import ProposalIndexPage, ProposalPage
    except ImportError:
        return Proposals({}, [])
    from wagtail.models import Locale

    from website.models import HomePage

    home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    index = ProposalIndexPage.objects.child_of(home).first() or home.add_child(
        instance=ProposalIndexPage(title="Proposals", slug="proposals")
    )
    published = index.add_child(
        instance=ProposalPage(title="Reform the offences decree", slug="reform-offences", law=library.law, live=False)
    )
    published.save_revision().publish()
    index.add_child(
        instance=ProposalPage(
            title="SECRET-DRAFT-PROPOSAL-8c4", slug="secret-draft", law=library.law,
            summary="SECRET-DRAFT-SUMMARY-3a9", live=False,
        )
    ).save_revision()  # fmt: skip
    # Went live when its law was public (publishing is refused otherwise); the law has been unpublished since.
    Law.objects.filter(pk=library.hidden_law.pk).update(published=True)
    index.add_child(
        instance=ProposalPage(
            title="SECRET-PROPOSAL-ON-UNPUBLISHED-LAW-0b7", slug="on-hidden-law",
            law=Law.objects.get(pk=library.hidden_law.pk), live=True,
        )
    )  # fmt: skip
    Law.objects.filter(pk=library.hidden_law.pk).update(published=False)
    return Proposals(
        {
            "draft proposal title": "SECRET-DRAFT-PROPOSAL-8c4",
            "draft proposal summary": "SECRET-DRAFT-SUMMARY-3a9",
            "proposal on unpublished law": "SECRET-PROPOSAL-ON-UNPUBLISHED-LAW-0b7",
        },
        [index.url + "secret-draft/", index.url + "on-hidden-law/"],
        [published.url],
    )


def index_everything() -> None:
    """What a worker would do after these commits: bring the search index up to date with its outbox."""
    from search.indexing import process_pending

    process_pending()


def test_an_anonymous_crawl_never_reaches_unpublished_or_unapproved_material(client, library: Library) -> None:
    proposals = plant_proposals(library)
    markers = {**SECRET_MARKERS, **proposals.markers}
    index_everything()
    files = {name: document.url for name, document in library.files.items()}

    result = crawl(client, markers, guessed=tuple(files.values()))

    assert result.leaks == []
    assert result.public_seen, "the crawl never reached the published law's public finding"
    # Of the files attached as evidence, asked for by their addresses: only the public finding's is served.
    assert {name: result.statuses[url] for name, url in files.items()} == {
        "public": 200, "private": 404, "draft": 404, "submitted": 404, "on hidden law": 404,
    }  # fmt: skip
    assert result.public_evidence_seen, "the public finding's evidence file was not served"
    for document in library.files.values():  # the stored files themselves are never served
        assert client.get(document.file.url).status_code == 404, document.file.url
    assert all(result.statuses[path] == 200 for path in SEARCHES), {p: result.statuses[p] for p in SEARCHES}
    crawled = set(result.statuses)
    assert "/laws/legislative-decree/2020/10/" in crawled and "/ar/laws/legislative-decree/2020/10/" in crawled
    assert len(crawled) >= 10
    for path in proposals.public_paths:  # the published proposal was reached (so its page was checked too)
        assert result.statuses.get(path) == 200, path
    assert all(status < 500 for status in result.statuses.values()), result.statuses
    hidden = library.hidden_law
    for path in (
        "/laws/legislative-decree/2021/99/",
        "/ar/laws/legislative-decree/2021/99/",
        f"/laws/id/{hidden.pk}/",
        *proposals.secret_paths,
    ):
        assert result.statuses.get(path, client.get(path).status_code) != 200, path


def test_the_crawl_reports_a_marker_it_meets(client) -> None:
    """A clean crawl means something: the same crawl finds a marker put where the public may look (an article of
    a published law, two links away from the home page)."""
    make_law(text=DECREE.replace("توهن نفسية الأمة", "PROBE-MARKER-55e"))

    result = crawl(client, {"probe": "PROBE-MARKER-55e"})

    assert ("/laws/legislative-decree/2020/10/", "probe") in result.leaks
    assert same_site("/laws/?kind=law&amp;page=2", "/") == "/laws/?kind=law&page=2"
    assert same_site("https://example.org/", "/") is None and same_site("/admin/login/", "/") is None
