"""An editor builds a reform proposal in Wagtail's admin (law, article, a redline of the article, an approved
public annotation as evidence) and publishes it; the public page is live and shows the redline. Screenshots of
a proposal page in English and Arabic go to /tmp/shots-proposals/."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from legislation import services
from legislation.models import Law
from proposals.models import ProposalIndexPage, ProposalPage
from proposals.setup import ensure_proposal_setup
from reviews.annotations import (
    AnnotationInput,
    annotation_create,
    annotation_review,
    annotation_set_public,
    annotation_submit,
)
from reviews.models import Annotation, StandardProvision
from reviews.roles import EDITORS, RESEARCHERS, REVIEWERS
from tests.browser.test_upload_in_admin import browser_page  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-proposals")
PASSWORD = "pw-for-tests-1"
DECREE = """المرسوم التشريعي رقم 10 لعام 2020
الباب الأول
المادة 1
يعاقب بالسجن من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة.
المادة 2
لا يجوز توقيف أي شخص إلا بموجب قرار صادر عن السلطة القضائية المختصة.
المادة 3
ينشر هذا المرسوم في الجريدة الرسمية."""
EID = "part_1__art_1"
PROPOSED = "يعاقب بالغرامة كل من نشر عمداً أخباراً كاذبة من شأنها أن توهن نفسية الأمة."
TITLE = "Decriminalise false news"
ARABIC_TITLE = "إلغاء عقوبة السجن على نشر الأخبار"


def _person(django_user_model, name: str, group: str):
    user = django_user_model.objects.create_user(name, password=PASSWORD, first_name=name.title())
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def material(django_user_model):
    ensure_proposal_setup()
    law = Law.objects.create(
        title_ar="مرسوم تشريعي بشأن الجرائم الإلكترونية",
        title_en="Legislative Decree on cyber offences",
        language="ar",
        kind="legislative-decree",
        number="10",
        year=2020,
        published=True,
    )
    result = services.document_upload(law=law, stream=io.BytesIO(DECREE.encode()), name="decree.txt", enqueue=False)
    services.document_process(result.document.pk)
    researcher = _person(django_user_model, "rania", RESEARCHERS)
    reviewer = _person(django_user_model, "omar", REVIEWERS)
    editor = _person(django_user_model, "layla", EDITORS)
    annotation = annotation_create(
        AnnotationInput(
            provision=law.provisions.get(eid=EID),
            assessment=Annotation.Assessment.INCOMPATIBLE,
            standards=StandardProvision.objects.filter(code="ICCPR-19"),
            commentary="Prison for spreading news is a disproportionate restriction of expression.",
        ),
        user=researcher,
    )
    annotation_submit(annotation, user=researcher)
    annotation_review(annotation, user=reviewer, approve=True)
    annotation_set_public(Annotation.objects.get(pk=annotation.pk), user=reviewer, public=True)
    return {"law": law, "editor": editor, "annotation": Annotation.objects.get(pk=annotation.pk)}


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def _add_block(page, label: str) -> None:
    page.locator("[data-streamfield-stream-container] > button, .c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def _choose(page, field, link_text: str) -> None:
    """A chooser: its button opens a modal listing the objects; clicking one fills the field."""
    field.get_by_role("button", name=re.compile("^Choose", re.I)).first.click()
    modal = page.locator(".modal.fade.show, .modal[aria-hidden='false'], .modal:visible").first
    modal.locator("a", has_text=link_text).first.click()
    page.wait_for_selector(".modal:visible", state="hidden")


def test_an_editor_builds_and_publishes_a_proposal_that_shows_its_redline(
    browser_page,  # noqa: F811
    live_server,
    material,
) -> None:
    page = browser_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    law, annotation = material["law"], material["annotation"]
    index = ProposalIndexPage.objects.get(locale__language_code="en")
    _log_in(page, live_server, "layla")

    page.goto(f"{live_server.url}/admin/pages/add/proposals/proposalpage/{index.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Replace prison for spreading news with a fine, for deliberate falsehoods only.")
    _choose(page, page.locator("#id_law").locator("xpath=.."), law.title_ar)
    page.get_by_role("button", name=re.compile("Add article", re.I)).click()
    page.fill("#id_articles-0-eid", EID)

    _add_block(page, "Redline: proposed wording")
    page.locator("[name$='-value-eid']").last.fill(EID)
    page.locator("textarea[name$='-value-proposed']").last.fill(PROPOSED)
    _add_block(page, "Evidence")
    _choose(page, page.locator("[data-contentpath='annotation']").last, "Incompatible")
    page.screenshot(path=str(SHOTS / "admin-editor-before-publish.png"), full_page=True)

    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("^Publish$")).click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/"))

    proposal = ProposalPage.objects.get(title=TITLE)
    assert proposal.live
    assert [block.value["annotation"].pk for block in proposal.body if block.block_type == "evidence"] == [
        annotation.pk
    ]

    page.goto(f"{live_server.url}{proposal.url}")
    assert page.locator("h1").inner_text() == TITLE
    deleted = page.locator(".redline__inline del").first.inner_text()
    inserted = page.locator(".redline__inline ins").all_inner_texts()
    assert "بالسجن من ستة أشهر إلى ثلاث سنوات" in deleted
    assert any("بالغرامة" in text for text in inserted) and any("عمداً" in text for text in inserted)
    assert page.locator(".redline__text").first.get_attribute("dir") == "rtl"
    assert "ICCPR-19" in page.locator(".evidence").inner_text()
    page.screenshot(path=str(SHOTS / "proposal-en.png"), full_page=True)
    page.goto(f"{live_server.url}/proposals/?standard=ICCPR-19")
    assert page.locator(".proposal-item h2").all_inner_texts() == [TITLE]
    page.screenshot(path=str(SHOTS / "index-en.png"), full_page=True)

    arabic = proposal.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.title = ARABIC_TITLE
    arabic.summary = "استبدال عقوبة السجن على نشر الأخبار بغرامة، وقصرها على الكذب المتعمد."
    arabic.save_revision().publish()
    page.goto(f"{live_server.url}{arabic.url}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == ARABIC_TITLE
    assert page.locator(".redline__inline del").count() >= 1
    page.screenshot(path=str(SHOTS / "proposal-ar.png"), full_page=True)
    page.set_viewport_size({"width": 400, "height": 900})
    page.screenshot(path=str(SHOTS / "proposal-ar-narrow.png"), full_page=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 900, "height": 1200})
    page.screenshot(path=str(SHOTS / "proposal-ar-print.png"), full_page=True)
