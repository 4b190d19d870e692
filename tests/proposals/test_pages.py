"""The public proposal pages: the index with its filters, a proposal with its cited article (current text,
citable link), evidence, redline, status history and translations; the PDF; the feeds. Nothing unpublished."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from wagtail.models import Locale

from legislation.models import Provision
from proposals.models import ProposalPage, ProposalStatusChange
from tests.conftest import require
from tests.factories import ART_1, ART_1_TEXT, make_law
from tests.proposals.conftest import draft_proposal, evidence_block, publish, redline_block

pytestmark = pytest.mark.django_db

ARABIC_TITLE = "إلغاء تجريم نشر الأخبار الكاذبة"
# Without a lam-alef ligature, which pdftotext gives back with its letters swapped.
PDF_TITLE = "تعديل عقوبة النشر في المرسوم"


def _cited(eid: str = ART_1) -> dict:
    return {"type": "cited_article", "value": {"eid": eid, "comment": ""}}


@pytest.fixture
def proposal(evidence) -> ProposalPage:
    page = draft_proposal(
        evidence.law,
        body=[
            {"type": "rationale", "value": "<p>RATIONALE-TEXT: prison for speech breaks ICCPR 19.</p>"},
            _cited(),
            evidence_block(evidence.public),
            redline_block(ART_1, ART_1_TEXT.replace("بالسجن من ستة أشهر إلى ثلاث سنوات", "بالغرامة")),
            {"type": "recommendations", "value": ["Repeal the offence.", "Release those convicted."]},
            {"type": "sources", "value": [{"citation": "HRC General Comment 34", "url": "https://example.org/gc34"}]},
        ],
    )
    page.status_history.add(ProposalStatusChange(date=date(2026, 1, 5), status="proposed"))
    page.status_history.add(ProposalStatusChange(date=date(2026, 3, 1), status="under_discussion", note="Debated"))
    page.save_revision()
    return publish(page)


def test_a_proposal_page_shows_its_article_evidence_redline_and_status(client, proposal, evidence) -> None:
    response = client.get(proposal.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "RATIONALE-TEXT" in html
    assert ART_1_TEXT in html  # the cited article's text
    assert f'href="/laws/legislative-decree/2020/10/#{ART_1}"' in html  # its citable link
    assert "PUBLIC-FINDING" in html and "ICCPR-19" in html  # the evidence with its standard
    assert '<del><span class="visually-hidden">deleted: </span>بالسجن من ستة أشهر إلى ثلاث سنوات' in html
    assert '<ins><span class="visually-hidden">inserted: </span>بالغرامة' in html
    assert 'dir="rtl"' in html
    assert "Under discussion" in html and "Debated" in html
    assert ProposalPage.objects.get(pk=proposal.pk).proposal_status == "under_discussion"
    assert "Repeal the offence." in html and 'href="https://example.org/gc34"' in html
    assert f'href="{proposal.url}pdf/"' in html
    assert "proposals/proposals.css" in html


def test_the_cited_article_shows_the_current_text_after_the_law_changes(client, proposal, evidence) -> None:
    article = Provision.objects.get(law=evidence.law, eid=ART_1)
    article.text = article.text.replace("نفسية الأمة", "هيبة الدولة")
    article.save()

    html = client.get(proposal.url).content.decode()
    cited = html.split('<blockquote class="article-text"', 1)[1].split("</blockquote>", 1)[0]
    current_side = html.split("redline__side--current", 1)[1].split("</section>", 1)[0]

    assert "هيبة الدولة" in cited and "نفسية الأمة" not in cited
    assert "هيبة الدولة" in current_side  # the redline compares with the text as it is now


def test_evidence_made_private_after_publication_disappears_from_the_page(client, proposal, evidence, people) -> None:
    from reviews.annotations import annotation_set_public

    annotation_set_public(evidence.public, user=people["reviewer"], public=False)

    html = client.get(proposal.url).content.decode()
    assert "PUBLIC-FINDING" not in html


def test_drafts_and_proposals_of_unpublished_laws_are_not_served(client, evidence, proposal) -> None:
    draft = draft_proposal(evidence.law, title="SECRET DRAFT", slug="secret-draft")
    assert client.get(draft.url).status_code == 404
    assert client.get(draft.url + "pdf/").status_code == 404

    evidence.law.published = False
    evidence.law.save()
    assert client.get(proposal.url).status_code == 404
    assert client.get(proposal.url + "pdf/").status_code == 404


def test_the_pdf_is_a_pdf_with_the_arabic_title(client, evidence) -> None:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is not installed")
    page = draft_proposal(
        evidence.law,
        title=PDF_TITLE,
        slug="arabic",
        language="ar",
        body=[_cited(), redline_block(ART_1, "يعاقب بالغرامة كل من نشر أخباراً كاذبة.")],
    )
    page = publish(page)

    response = client.get(page.url + "pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    lines = [re.sub("[\u202a-\u202e]", "", line).strip() for line in text.decode().splitlines()]
    # pdftotext writes an Arabic line's words in visual order: read it either way.
    assert PDF_TITLE in lines or PDF_TITLE in [" ".join(reversed(line.split())) for line in lines]


def test_the_english_and_arabic_versions_link_to_each_other(client, proposal) -> None:
    arabic = proposal.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.title = ARABIC_TITLE
    arabic = publish(arabic)

    english_html = client.get(proposal.url).content.decode()
    arabic_html = client.get(arabic.url).content.decode()

    assert arabic.url.startswith("/ar/")
    assert f'href="{arabic.url}" hreflang="ar"' in english_html
    assert f'href="{proposal.url}" hreflang="en"' in arabic_html
    assert 'lang="ar" dir="rtl"' in arabic_html


def _listed(client, query: str = "") -> set[str]:
    html = client.get(f"/proposals/{query}").content.decode()
    return {page.title for page in ProposalPage.objects.all() if f">{page.title}</a>" in html}


def test_the_index_lists_live_proposals_and_filters_them(client, evidence, proposal) -> None:
    other_law = make_law(number="20", year=2022, text="المادة 1\nنص آخر للاختبار.\nالمادة 2\nنص.", title_en="Other")
    plain = publish(draft_proposal(other_law, title="Plain one", articles=("art_1",)))
    plain.status_history.add(ProposalStatusChange(date=date(2026, 6, 1), status="adopted"))
    plain.save_revision().publish()
    draft_proposal(evidence.law, title="Draft one")
    year = str(proposal.first_published_at.year)

    assert _listed(client) == {proposal.title, "Plain one"}
    assert _listed(client, f"?law={evidence.law.pk}") == {proposal.title}
    assert _listed(client, "?standard=ICCPR-19") == {proposal.title}
    assert _listed(client, "?standard=ICCPR") == {proposal.title}
    tag = evidence.public.tags.first()
    assert _listed(client, f"?right={tag.slug}") == {proposal.title}
    assert _listed(client, "?status=adopted") == {"Plain one"}
    assert _listed(client, f"?year={year}") == {proposal.title, "Plain one"}
    assert _listed(client, "?year=1999") == set()
    html = client.get("/proposals/?status=adopted").content.decode()
    assert '<option value="adopted" selected>' in html


def test_the_index_never_filters_by_evidence_that_is_not_public(client, evidence, proposal, people) -> None:
    from reviews.annotations import annotation_set_public

    annotation_set_public(evidence.public, user=people["reviewer"], public=False)

    assert _listed(client, "?standard=ICCPR-19") == set()
    assert "ICCPR-19" not in client.get("/proposals/").content.decode()


def test_the_feeds_list_only_live_proposals_in_the_page_language(client, evidence, proposal) -> None:
    draft_proposal(evidence.law, title="FEED-DRAFT", slug="feed-draft")
    unpublished = publish(draft_proposal(evidence.law, title="FEED-UNPUBLISHED", slug="feed-unpublished"))
    unpublished.unpublish()
    arabic = publish(draft_proposal(evidence.law, title=ARABIC_TITLE, slug="ar", language="ar"))

    atom = client.get("/feeds/proposals.atom")
    rss = client.get("/feeds/proposals.rss")
    arabic_atom = client.get("/ar/feeds/proposals.atom").content.decode()

    assert atom.status_code == rss.status_code == 200
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert rss["Content-Type"].startswith("application/rss+xml")
    for body in (atom.content.decode(), rss.content.decode()):
        assert proposal.title in body
        assert f"http://127.0.0.1:8000{proposal.url}" in body  # under SITE_URL
        assert "FEED-DRAFT" not in body and "FEED-UNPUBLISHED" not in body
        assert ARABIC_TITLE not in body
    assert ARABIC_TITLE in arabic_atom and f"http://127.0.0.1:8000{arabic.url}" in arabic_atom
    assert proposal.title not in arabic_atom
    assert "مقترحات الإصلاح" in arabic_atom or "قانون" in arabic_atom


def test_the_search_record_is_public_only_while_live(evidence, proposal) -> None:
    from search.documents import records

    record = records([f"proposal:{proposal.pk}"]).records[0]
    assert record.public and record.kind == "proposal"
    assert "RATIONALE-TEXT" in record.text and "بالغرامة" in record.text
    assert record.status == "under_discussion" and record.law_id == evidence.law.pk
    assert "ICCPR-19" in record.standards and record.url == proposal.url
    assert record.date == proposal.first_published_at.date()

    draft = draft_proposal(evidence.law, title="Draft", body=[evidence_block(evidence.private)])
    draft_record = records([f"proposal:{draft.pk}"]).records[0]
    assert not draft_record.public
    assert draft_record.standards == [] and "ICCPR-9" in draft_record.staff_standards


def test_publishing_and_unpublishing_queue_a_search_update(evidence, django_capture_on_commit_callbacks) -> None:
    from search.models import PendingUpdate

    page = draft_proposal(evidence.law, title="Queued")
    PendingUpdate.objects.all().delete()
    with django_capture_on_commit_callbacks():
        page = publish(page)
    assert PendingUpdate.objects.filter(key=f"proposal:{page.pk}").exists()

    PendingUpdate.objects.all().delete()
    page.unpublish()
    assert PendingUpdate.objects.filter(key=f"proposal:{page.pk}").exists()


def test_public_search_finds_live_proposals_only(evidence, proposal) -> None:
    from search.engine import search
    from search.indexing import process_pending
    from search.outbox import enqueue

    draft = draft_proposal(evidence.law, title="Draft about DRAFTWORD", summary="DRAFTWORD in the summary")
    enqueue([f"proposal:{proposal.pk}", f"proposal:{draft.pk}"])
    process_pending()

    public = search("RATIONALE-TEXT", filters={"type": ["proposal"]})
    assert [hit.key for hit in public.hits] == [f"proposal:{proposal.pk}"]
    assert public.hits[0].url == proposal.url
    assert search("DRAFTWORD").hits == []
    assert [hit.key for hit in search("DRAFTWORD", staff=True).hits] == [f"proposal:{draft.pk}"]


def test_the_sitemap_lists_live_proposals_of_published_laws_only(client, evidence, proposal) -> None:
    draft = draft_proposal(evidence.law, title="Sitemap draft", slug="sitemap-draft")
    assert proposal.url in client.get("/sitemap.xml").content.decode()
    assert draft.url not in client.get("/sitemap.xml").content.decode()

    evidence.law.published = False
    evidence.law.save()
    assert proposal.url not in client.get("/sitemap.xml").content.decode()


def test_a_proposal_put_behind_a_password_leaves_public_search(evidence, proposal) -> None:
    from wagtail.models import PageViewRestriction

    from search.engine import search
    from search.indexing import process_pending
    from search.outbox import enqueue

    enqueue([f"proposal:{proposal.pk}"])
    process_pending()
    assert search("RATIONALE-TEXT", filters={"type": ["proposal"]}).total == 1

    restriction = PageViewRestriction.objects.create(
        page=proposal.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert search("RATIONALE-TEXT", filters={"type": ["proposal"]}).total == 0  # withheld at once
    process_pending()
    assert search("RATIONALE-TEXT", filters={"type": ["proposal"]}).total == 0
    assert search("RATIONALE-TEXT", filters={"type": ["proposal"]}, staff=True).total == 1

    restriction.delete()
    process_pending()
    assert search("RATIONALE-TEXT", filters={"type": ["proposal"]}).total == 1
