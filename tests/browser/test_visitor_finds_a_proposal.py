"""A visitor's way to a published reform proposal: from the home page, and from search; they read the redline and
switch to the Arabic version. The content is the demo corpus with its sample review (public findings on the
Saudi Basic Law and a proposal about its Article 39 in English and Arabic), indexed by the worker's own code."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from tests.browser.test_upload_in_admin import browser_page  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Free expression in the Basic Law of Governance"
ARABIC_TITLE = "حرية التعبير في النظام الأساسي للحكم"


@pytest.fixture
def demo_site(settings) -> None:
    from search.indexing import process_pending

    settings.CELERY_TASK_ALWAYS_EAGER = False  # no worker here: the outbox is processed below, as a worker would
    call_command("demo_corpus", verbosity=0)
    process_pending()


def test_a_visitor_finds_a_proposal_from_home_and_search_reads_the_redline_and_switches_language(
    browser_page,  # noqa: F811
    live_server,
    demo_site: None,
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE
    proposal_url = page.url

    # The redline: the restricting clause struck out, the proposed wording inserted, in the law's direction.
    deleted = " ".join(page.locator(".redline__inline del").all_inner_texts())
    assert "الفتنة" in deleted and "الانقسام" in deleted
    assert "بنص نظامي واضح" in " ".join(page.locator(".redline__inline ins").all_inner_texts())
    assert page.locator(".redline__text").first.get_attribute("dir") == "rtl"
    assert "ICCPR-19" in page.locator(".evidence").inner_text()

    # The same proposal in Arabic, through the language switch.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="العربية").click()
    page.wait_for_url(re.compile(r".*/ar/proposals/.+"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == ARABIC_TITLE
    assert page.locator(".redline__inline del").count() >= 1

    # From search: the home page's search box, a word of the proposal, the result links to it.
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox").first.fill("expression Basic Law")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?.*"))
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_load_state()
    assert page.url == proposal_url
