"""A visitor searches in Arabic at /ar/search/: types a query, sees results grouped under their law with the
matching words marked, ticks a filter and sees the count change; on a phone the page fits the screen with the
filters folded above the results. Screenshots of the public page in Arabic and English and of the staff page
go to /tmp/shots-pages/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.test_upload_in_admin import browser_page  # noqa: F401  (a fixture)

if TYPE_CHECKING:
    from tests.search.pages_fixtures import Library

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
pytest_plugins = ["tests.search.pages_fixtures"]  # pages_library

SHOTS = Path("/tmp/shots-pages")


def _count(page) -> int:
    text = page.locator("#qs-count").inner_text()
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits.group())
    return {"نتيجة واحدة": 1, "نتيجتان": 2}.get(text.strip(), 0)


def test_searching_in_arabic_filtering_and_reading_on_a_phone(
    browser_page,  # noqa: F811
    live_server,
    pages_library: Library,
    admin_user,
) -> None:
    page = browser_page
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/ar/search/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    box = page.get_by_label("ابحث في التشريعات والمواد والتعليقات ومقترحات الإصلاح")
    box.fill("حرية")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/ar/search/\?q=.*"))

    groups = page.locator("li.qs-group")
    assert groups.count() >= 1
    assert groups.first.locator("h3").inner_text() == "دستور الجمهورية العربية السورية"
    marks = groups.first.locator("mark")
    assert marks.count() >= 1 and marks.first.is_visible()
    assert "حري" in marks.first.inner_text()
    article = groups.first.locator("a.qs-hit__link").first
    assert re.match(rf"^/ar/laws/id/{pages_library.constitution.pk}/#art_\d+$", article.get_attribute("href"))
    before = _count(page)
    assert before > 1
    # Right to left: the filters (first in the layout) stand right of the results.
    facets_box = page.locator(".qs-facets").bounding_box()
    results_box = page.locator(".qs-results").bounding_box()
    assert facets_box["x"] > results_box["x"]
    page.screenshot(path=str(SHOTS / "search-arabic.png"), full_page=True)

    # Similar provisions of an article: articles of other laws.
    page.locator("li.qs-hit--provision").first.get_by_role("link", name="أحكام مشابهة").click()
    page.wait_for_url(re.compile(r".*/ar/search/similar/provision:\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "أحكام مشابهة"
    similar_laws = page.locator("h3.qs-group__title").all_inner_texts()
    assert similar_laws and "دستور الجمهورية العربية السورية" not in similar_laws
    page.screenshot(path=str(SHOTS / "similar-arabic.png"), full_page=True)
    page.go_back()
    page.wait_for_url(re.compile(r".*/ar/search/\?q=.*"))

    # Ticking "Annotations" applies at once (no button to press) and the count follows.
    page.get_by_role("checkbox", name=re.compile("التعليقات")).check()
    page.wait_for_url(re.compile(r".*type=annotation.*"))
    after = _count(page)
    assert after == 1 and after < before
    assert page.get_by_role("checkbox", name=re.compile("التعليقات")).is_checked()
    assert page.locator("li.qs-hit--annotation").count() == 1
    # The other record types stay there, with their counts, to add: ticking "Articles" too shows both.
    articles = page.get_by_role("checkbox", name=re.compile("المواد"))
    assert articles.is_visible() and not articles.is_checked()
    articles.check()
    page.wait_for_url(re.compile(r"(?=.*type=annotation)(?=.*type=provision)"))
    assert after < _count(page) <= before
    page.get_by_role("checkbox", name=re.compile("المواد")).uncheck()
    page.wait_for_url(re.compile(r"^(?!.*type=provision).*type=annotation.*"))

    # A keyboard user sees where the focus is.
    page.locator("#qs-q").focus()
    outline = page.locator("#qs-q").evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"

    # On a phone: nothing wider than the screen, the filters folded above the results.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/ar/search/?q=%D8%AD%D8%B1%D9%8A%D8%A9")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    details = page.locator("details.qs-facets__details")
    assert details.get_attribute("open") is None
    assert page.locator(".qs-facets").bounding_box()["y"] < page.locator(".qs-results").bounding_box()["y"]
    page.screenshot(path=str(SHOTS / "search-arabic-phone.png"), full_page=True)
    page.locator("details.qs-facets__details > summary").click()
    assert page.get_by_role("checkbox", name=re.compile("التعليقات")).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / "search-arabic-phone-filters.png"), full_page=True)

    # The English page, with a query error shown back.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/search/?q=freedom+OR+%D8%AD%D8%B1%D9%8A%D8%A9&sort=date")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.screenshot(path=str(SHOTS / "search-english.png"), full_page=True)
    page.goto(f"{live_server.url}/search/?q=freedom+OR")
    page.get_by_role("alert").wait_for()
    page.screenshot(path=str(SHOTS / "search-english-error.png"))

    # The staff page in the admin.
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.goto(f"{live_server.url}/admin/search-corpus/?q=%D8%A7%D9%84%D9%85%D8%AD%D8%A7%D9%85%D8%A7%D8%A9")
    assert page.locator("li.qs-group").count() >= 1
    page.get_by_text("Not published").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=str(SHOTS / "search-staff.png"), full_page=True)
