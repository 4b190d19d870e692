"""A researcher selects words of an Arabic article with the mouse, annotates them against ICCPR article 19 and
submits them; a reviewer approves the annotation from the queue, and the highlight shows it approved. The panel
is used with the keyboard, and an article is annotated with the keyboard alone."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.users.models import UserProfile

from legislation import services
from legislation.models import Law
from reviews.models import Annotation
from reviews.roles import RESEARCHERS, REVIEWERS
from tests.browser.test_upload_in_admin import browser_page  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
PASSWORD = "pw-for-tests-1"
DECREE = """المرسوم التشريعي رقم 10 لعام 2020
الباب الأول
المادة 1
يعاقب بالحبس من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة.
1- يعاقب بالغرامة كل من حاز مطبوعات ممنوعة بقصد توزيعها.
2- تصادر المطبوعات.
المادة 2
لا يجوز توقيف أي شخص إلا بموجب قرار صادر عن السلطة القضائية المختصة.
المادة 3
ينشر هذا المرسوم في الجريدة الرسمية."""
WORDS = "أخباراً كاذبة"

# Selects the words with the mouse: from the edge where they start (the right, in Arabic) to where they end.
WORD_EDGES = """([selector, words]) => {
  const element = document.querySelector(selector);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(words);
    if (at === -1) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    range.startContainer.parentElement.scrollIntoView({block: "center", behavior: "instant"});
    // The passage may wrap: its first line's rectangles, then its last line's (several per line in bidi text).
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
    const top = Math.min(...rects.map((r) => r.top)), bottom = Math.max(...rects.map((r) => r.top));
    const first = rects.filter((r) => r.top === top), last = rects.filter((r) => r.top === bottom);
    const rtl = getComputedStyle(element).direction === "rtl";
    const right = (line) => Math.max(...line.map((r) => r.right)) - 2;
    const left = (line) => Math.min(...line.map((r) => r.left)) + 2;
    const edge = (line, start) => (rtl === start ? right(line) : left(line));
    return {
      from: {x: edge(first, true), y: first[0].top + first[0].height / 2},
      to: {x: edge(last, false), y: last[0].top + last[0].height / 2},
      rtl,
    };
  }
  return null;
}"""


def person(django_user_model, name: str, group: str) -> object:
    user = django_user_model.objects.create_user(name, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def test_a_researcher_annotates_an_arabic_passage_and_a_reviewer_approves_it(
    browser_page,  # noqa: F811
    live_server,
    django_user_model,
) -> None:
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    person(django_user_model, "rania", RESEARCHERS)
    reviewer = person(django_user_model, "omar", REVIEWERS)
    law = services.law_create(title_ar="مرسوم تشريعي بشأن النشر", language="ar", kind="legislative-decree")
    document = services.document_upload(law=law, stream=io.BytesIO(DECREE.encode()), name="d.txt", enqueue=False)
    services.document_process(document.document.pk)
    article = law.provisions.get(kind="article", number_value="1")
    text_selector = f'.qanun-ws__article-text[data-provision="{article.pk}"]'

    # The researcher finds the law from the menu and opens its workspace.
    log_in(page, live_server, "rania")
    page.get_by_role("link", name="Annotate", exact=True).click()
    page.get_by_role("link", name="مرسوم تشريعي بشأن النشر").click()
    page.wait_for_url(re.compile(rf".*/admin/reviews/workspace/{law.pk}/$"))
    text = page.locator(text_selector)
    assert text.get_attribute("dir") == "rtl" and text.get_attribute("lang") == "ar"
    assert page.locator("nav.qanun-ws__toc ol").get_attribute("dir") == "rtl"

    # Keyboard: an article's button opens the panel, focus moves into it, Escape closes it and gives focus back.
    button = page.locator(f'.qanun-ws__annotate-block[data-provision="{article.pk}"]')
    button.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#qanun-panel")
    assert panel.is_visible()
    assert page.evaluate("document.activeElement.id") == "qanun-panel-standards-filter"
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.dataset.provision") == str(article.pk)

    # The mouse: select the words (starting inside the first word: the passage is widened to whole words).
    edges = page.evaluate(WORD_EDGES, [text_selector, WORDS])
    inwards = -6 if edges["rtl"] else 6  # start inside the first word
    page.mouse.move(edges["from"]["x"] + inwards, edges["from"]["y"])
    page.mouse.down()
    page.mouse.move(edges["to"]["x"], edges["to"]["y"], steps=8)
    page.mouse.up()
    panel.wait_for(state="visible")
    assert page.locator("#qanun-panel-passage").input_value() == WORDS
    assert page.evaluate("document.activeElement.id") == "qanun-panel-standards-filter"

    # The panel with the keyboard: a standard by its code, then the rest of the form.
    page.keyboard.type("ICCPR-19")
    assert page.locator("#qanun-panel-standards option:not([hidden])").count() == 1
    page.keyboard.press("Enter")
    assert "ICCPR-19" in page.locator('[data-field="chosen"]').inner_text()
    page.locator("#qanun-panel-assessment").select_option("incompatible")
    page.locator("#qanun-panel-severity").select_option("high")
    page.locator("#qanun-panel-commentary").fill("تجريم فضفاض لنشر الأخبار يتجاوز القيود المسموح بها في المادة 19(3).")
    page.screenshot(path=str(SCREENSHOTS / "workspace-panel.png"))
    # Saving without a standard says so in the panel (and saves nothing).
    page.locator("#qanun-panel-standards").select_option([])
    page.get_by_role("button", name="Save draft").click()
    error = page.locator('[data-errors-for="standards"]')
    error.wait_for(state="visible")
    assert "Choose at least one standard" in error.inner_text()
    assert Annotation.objects.count() == 0
    # Suggested standards for the article, with their reasons: Accept adds one with a click.
    suggestion = page.locator(".qanun-suggestions__item").first
    suggestion.wait_for()
    assert "Shared terms" in suggestion.inner_text()
    code = suggestion.get_attribute("data-code")
    suggestion.get_by_role("button", name="Accept").click()
    assert code in page.locator('[data-field="chosen"]').inner_text()
    page.locator("#qanun-panel-standards").select_option([])
    page.locator("#qanun-panel-standards-filter").fill("ICCPR-19")
    page.locator("#qanun-panel-standards-filter").press("Enter")
    page.get_by_role("button", name="Save and submit for review").click()

    page.wait_for_url(re.compile(r".*\?saved=\d+#doc\d+__.*art_1$"))
    page.get_by_text("Your annotation is saved and submitted for review.").wait_for()
    annotation = Annotation.objects.get()
    assert annotation.status == Annotation.Status.SUBMITTED and annotation.target.exact == WORDS
    assert [s.code for s in annotation.standards.all()] == ["ICCPR-19"]
    mark = page.locator(f"{text_selector} mark")
    assert mark.count() == 1 and mark.inner_text() == WORDS
    item = page.locator(f"#annotation-{annotation.pk}")
    assert "Submitted" in item.inner_text() and "ICCPR-19" in item.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "workspace-submitted.png"), full_page=True)

    # The keyboard alone: another article, its words typed in the passage field, saved as a draft.
    second = law.provisions.get(kind="article", number_value="2")
    page.locator(f'.qanun-ws__annotate-block[data-provision="{second.pk}"]').focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "qanun-panel-passage"
    page.keyboard.type("توقيف أي شخص")
    page.keyboard.press("Tab")
    page.keyboard.type("ICCPR-9")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the list of standards
    page.keyboard.press("Tab")  # the assessment
    page.keyboard.type("P")
    assert page.locator("#qanun-panel-assessment").input_value() == "partially_compatible"
    for _field in ("severity", "tags", "commentary", "recommendation", "the first button"):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Save draft"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*\?saved=\d+#doc\d+__.*art_2$"))
    page.get_by_text("Your annotation is saved as a draft.").wait_for()
    assert page.locator(f'.qanun-ws__article-text[data-provision="{second.pk}"] mark').inner_text() == "توقيف أي شخص"

    # The reviewer approves it from the queue.
    log_in(page, live_server, "omar")
    page.get_by_role("link", name="Review queue").click()
    entry = page.locator(f"#queue-{annotation.pk}")
    assert WORDS in entry.locator("mark").inner_text() and "rania" in entry.inner_text()
    assert page.locator("li[id^=queue-]").count() == 1  # the draft is not waiting for review
    page.screenshot(path=str(SCREENSHOTS / "queue.png"), full_page=True)
    entry.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved:").first.wait_for()
    assert Annotation.objects.get(pk=annotation.pk).status == Annotation.Status.APPROVED
    page.locator(f"#approved-{annotation.pk}").get_by_role("button", name="Make public").click()
    page.locator(f"#approved-{annotation.pk}").get_by_role("button", name="Withdraw").wait_for()
    assert Annotation.objects.get(pk=annotation.pk).public

    # The highlight shows it approved, in the reviewer's Arabic interface too.
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "ar"
    profile.save()
    page.goto(f"{live_server.url}{reverse('reviews_workspace', args=[law.pk])}?status=approved")
    assert page.locator("html").get_attribute("dir") == "rtl"
    mark = page.locator(f"{text_selector} mark")
    assert mark.inner_text() == WORDS and "qanun-mark--approved" in mark.get_attribute("class")
    assert "معتمد" in page.locator(f"#annotation-{annotation.pk}").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "workspace-approved-ar.png"), full_page=True)
    assert Law.objects.get(pk=law.pk).annotations.count() == 2
