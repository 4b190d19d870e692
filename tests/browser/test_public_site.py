"""A visitor reads the public site: the home page in English, the same page in Arabic (right to left), the law
library, a law, and an article through the contents; on a phone nothing scrolls sideways; from the keyboard the
skip link takes them to the content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.test_upload_in_admin import browser_page  # noqa: F401  (a fixture)
from tests.website.conftest import PUBLIC_MARKER, SECRET_MARKERS, Library, people  # noqa: F401  (fixtures)
from tests.website.conftest import library as library

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


def test_a_visitor_switches_to_arabic_and_reads_an_article_of_a_law(
    browser_page,  # noqa: F811
    live_server,
    library: Library,
) -> None:
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Chromium reports whatever the Content-Security-Policy blocked on the console ("Refused to …").
    blocked: list[str] = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    response = page.goto(f"{live_server.url}/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text() == "Qanun: legislation and human rights"

    page.get_by_role("navigation", name="Language").get_by_role("link", name="العربية").click()
    page.wait_for_url(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "قانون: التشريعات وحقوق الإنسان"
    # Right to left: the site name is on the right of the header.
    name_box = page.locator(".site-name").bounding_box()
    assert name_box["x"] > page.viewport_size["width"] / 2

    page.get_by_role("navigation", name="القائمة الرئيسية").get_by_role("link", name="التشريعات").click()
    page.wait_for_url(f"{live_server.url}/ar/laws/")
    page.get_by_role("link", name=library.law.title_ar).click()
    page.wait_for_url(re.compile(r".*/ar/laws/legislative-decree/2020/10/$"))
    assert SECRET_MARKERS["private"] not in page.content()

    page.get_by_role("navigation", name="المحتويات").get_by_role("link", name=re.compile("المادة 2")).click()
    page.wait_for_url(re.compile(r".*/ar/laws/legislative-decree/2020/10/#chp_1__art_2$"))
    article = page.locator("#chp_1__art_2")
    assert "لا يجوز توقيف أي شخص" in article.inner_text()
    box = article.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 2  # scrolled to the article
    finding = page.locator("#chp_1__art_1 .annotation")
    assert PUBLIC_MARKER in finding.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "public-law-ar.png"), full_page=False)

    # Back to English on the same law.
    page.get_by_role("navigation", name="اللغة").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r".*/laws/legislative-decree/2020/10/$"))
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert blocked == []  # the pages' script and styles all come from the site's own files


def test_on_a_phone_nothing_scrolls_sideways_and_the_skip_link_reaches_the_content(
    browser_page,  # noqa: F811
    live_server,
    library: Library,
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        "/",
        "/ar/",
        "/laws/",
        "/ar/laws/",
        "/laws/legislative-decree/2020/10/",
        "/ar/laws/legislative-decree/2020/10/",
    ):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 390px"

    page.goto(f"{live_server.url}/laws/legislative-decree/2020/10/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
