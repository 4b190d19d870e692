"""A person logs in to the admin, uploads a real Syrian law as PDF, and watches it reach 'Done' (real worker)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from legislation.models import SourceDocument

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


@pytest.fixture
def browser_page(chromium_path: str, monkeypatch: pytest.MonkeyPatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def _login(page, live_server, admin_user) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def test_upload_a_pdf_in_the_admin_and_watch_it_reach_done(
    browser_page, live_server, admin_user, celery_worker, corpus: Path
) -> None:
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _login(page, live_server, admin_user)

    page.get_by_role("link", name="Upload laws").click()
    page.set_input_files("#id_files", str(corpus / "laws/syria/pdf/sy_rent_law_20_2015.pdf"))
    page.fill("#id_title_ar", "قانون الإيجارات")
    page.fill("#id_number", "20")
    page.fill("#id_year", "2015")
    page.get_by_role("button", name="Upload").click()

    # The law's page shows the file queued or in progress, then the page reloads itself when it is done.
    page.wait_for_url(re.compile(r".*/admin/snippets/legislation/law/inspect/\d+/$"))
    page.get_by_text("sy_rent_law_20_2015.pdf is queued for processing.").wait_for()
    state = page.locator(".qanun-document [data-field=state]")
    state.filter(has_text="Done").wait_for(timeout=120_000)
    page.screenshot(path=str(SCREENSHOTS / "law-after-upload.png"))

    document = SourceDocument.objects.get()
    assert document.state == "done"
    assert document.page_count == 11
    row = page.locator(".qanun-document")
    assert "11" in row.locator("[data-field=pages]").inner_text()
    articles = int(row.locator("[data-field=articles]").inner_text().split()[0])
    assert articles == document.provisions.filter(kind="article").count() > 10
    # The table of contents and the text read right to left.
    toc = page.locator("nav.qanun-toc")
    assert toc.get_attribute("dir") == "rtl"
    assert toc.get_by_text(re.compile("المادة")).count() >= 10

    page.get_by_role("link", name="Text").click()
    page.get_by_role("heading", name="Page 1", exact=True).wait_for()
    assert "الإيجار" in page.locator(".qanun-pages").inner_text()
