"""A reviewer working in Arabic opens an Arabic decree's compliance table from the law's page: the table reads right
to left, the charts' bars grow from the right with their labels beside them, and the article links lead to the
article on the law's page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.users.models import UserProfile

from tests.browser.test_upload_in_admin import browser_page  # noqa: F401  (a fixture)
from tests.reviews import test_compliance as fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
PASSWORD = "pw-for-tests-1"

# The compliance tests' decree, people and annotations (approved, public, drafts, under review).
people, decree, annotated = fixtures.people, fixtures.decree, fixtures.annotated


def test_the_compliance_page_of_an_arabic_law_in_the_arabic_interface(
    browser_page,  # noqa: F811
    live_server,
    annotated: fixtures.Annotated,
    people,
) -> None:
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reviewer = people["reviewer"]
    reviewer.set_password(PASSWORD)
    reviewer.save()
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "ar"
    profile.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", reviewer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))

    page.goto(f"{live_server.url}{annotated.law.get_admin_url()}")
    page.get_by_role("link", name="جدول الامتثال").click()
    page.wait_for_url(re.compile(rf".*/admin/reviews/compliance/{annotated.law.pk}/$"))
    assert page.locator("html").get_attribute("dir") == "rtl"

    table = page.locator("table.qanun-compliance__table")
    assert table.get_attribute("dir") == "rtl"
    rows = table.locator("tbody tr")
    assert rows.count() == 2  # the approved annotations' articles; the drafts are not counted by default
    assert "غير متوافق" in rows.first.inner_text()
    # Right to left: the article column is the rightmost.
    header = table.locator("thead th")
    assert header.first.bounding_box()["x"] > header.last.bounding_box()["x"]

    charts = page.locator("svg.qanun-chart__svg")
    assert charts.count() == 2
    bars = charts.first.locator("rect.qanun-chart__segment")
    assert bars.count() == 2 and all(bars.nth(i).bounding_box()["width"] > 50 for i in range(2))
    # Labels sit right of the bars, which grow leftwards from them.
    label = charts.first.locator("text.qanun-chart__label").first
    bar = bars.first.bounding_box()
    label_box = label.bounding_box()
    assert label_box["x"] >= bar["x"] + bar["width"] - 1
    assert label.text_content() == "غير متوافق"
    assert charts.nth(1).locator("text.qanun-chart__label").all_text_contents() == ["ICCPR-9", "ICCPR-19"]
    page.screenshot(path=str(SCREENSHOTS / "compliance-arabic.png"), full_page=True)

    page.get_by_label("الكل، بما فيها المسودات").check()
    page.get_by_role("button", name="عرض").click()
    page.get_by_text("يتضمن هذا الجدول تعليقات لم تُعتمد").wait_for()
    assert rows.count() == 4
    page.screenshot(path=str(SCREENSHOTS / "compliance-arabic-all.png"), full_page=True)

    # In the English interface the charts run left to right, labels left of the bars; the law still reads RTL.
    profile.preferred_language = "en"
    profile.save()
    page.reload()
    label_box = page.locator("text.qanun-chart__label").first.bounding_box()
    bar = page.locator("rect.qanun-chart__segment").first.bounding_box()
    assert label_box["x"] + label_box["width"] <= bar["x"] + 1
    assert page.locator("text.qanun-chart__label").first.text_content() == "Incompatible"
    assert table.get_attribute("dir") == "rtl"
    page.screenshot(path=str(SCREENSHOTS / "compliance-english-all.png"), full_page=True)

    table.get_by_role("link").first.click()
    article = fixtures.provision(annotated.law, "art_1")
    page.wait_for_url(re.compile(rf".*#{article.anchor}$"))
    assert page.locator(f"#{article.anchor}").is_visible()
