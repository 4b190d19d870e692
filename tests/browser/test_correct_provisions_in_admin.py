"""A person opens a law whose segmentation went wrong, merges a false article away and splits out a missed one."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings

from legislation import services
from legislation.models import ProvisionCorrection
from tests.browser.test_upload_in_admin import _login, browser_page  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
MISSED_ARTICLE = "يلغى كل نص مخالف لأحكام هذا القانون."
LAW = f"""قانون تجريبي للتصحيح
الباب الأول
المادة 1
تسري أحكام هذا القانون على العاملين في الدولة.
المادة 2
يعمل بهذا القانون مع مراعاة ما تنص عليه
المادة 3 من قانون العقوبات العام.
المادة 3
تحدد التعليمات التنفيذية أصول تطبيقه.
{MISSED_ARTICLE}
"""


def test_merge_and_split_provisions_on_the_law_page(browser_page, live_server, admin_user) -> None:  # noqa: F811
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    law = services.law_create(title_ar="قانون تجريبي للتصحيح")
    document = services.document_upload(
        law=law, stream=io.BytesIO(LAW.encode()), name="law.txt", enqueue=False
    ).document
    services.document_process(document.pk)
    _login(page, live_server, admin_user)
    page.goto(f"{live_server.url}{law.get_admin_url()}")

    false_article = page.locator(f"#doc{document.pk}__part_1__art_3")
    assert "المادة 3 من قانون العقوبات" in false_article.inner_text()
    false_article.get_by_role("button", name="Merge with previous").click()
    page.get_by_text("is merged into the provision before it").wait_for()
    assert "المادة 3 من قانون العقوبات" in page.locator(f"#doc{document.pk}__part_1__art_2").inner_text()

    page.locator(f"#doc{document.pk}__part_1__art_3").get_by_role("link", name="Split…").click()
    page.get_by_label(MISSED_ARTICLE).check()
    page.get_by_label("Number").fill("4")
    page.screenshot(path=str(SCREENSHOTS / "provision-split.png"), full_page=True)
    page.get_by_role("button", name="Split", exact=True).click()

    page.wait_for_url(
        re.compile(rf".*/admin/snippets/legislation/law/inspect/{law.pk}/#doc{document.pk}__part_1__art_4$")
    )
    page.get_by_text("starts where you chose").wait_for()
    assert page.locator(f"#doc{document.pk}__part_1__art_4 .qanun-provision__text").inner_text() == MISSED_ARTICLE
    toc = page.locator("nav.qanun-toc li")
    assert toc.count() == 5  # the part and four articles, the new one under its first line
    assert toc.last.inner_text() == MISSED_ARTICLE
    corrections = page.locator(".qanun-correction")
    assert corrections.count() == 2
    page.screenshot(path=str(SCREENSHOTS / "law-after-corrections.png"))
    page.locator(".qanun-provisions").screenshot(path=str(SCREENSHOTS / "law-provisions-after-corrections.png"))
    assert list(ProvisionCorrection.objects.values_list("action", "status")) == [
        ("merge", "applied"),
        ("split", "applied"),
    ]
