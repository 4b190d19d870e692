"""The researchers' workspace and the reviewers' queue: who may see and do what on every page and API endpoint,
annotating through the API, the list's filters, highlights in whole words over the exact text, orphans apart,
and text direction by the law's language in either interface language."""

from __future__ import annotations

import io
import json
import re

import lxml.html
import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from legislation import services
from legislation.models import Law, Provision, SourceDocument
from reviews.annotations import AnnotationInput, annotation_create, annotation_review, annotation_submit
from reviews.models import Annotation, AnnotationTarget, StandardProvision
from reviews.roles import ADMINISTRATORS, EDITORS, RESEARCHERS, REVIEWERS

pytestmark = pytest.mark.django_db

DECREE = """المرسوم التشريعي رقم 10 لعام 2020
الباب الأول
المادة 1
يعاقب بالحبس من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة.
1- يعاقب بالغرامة كل من حاز مطبوعات ممنوعة.
2- تصادر المطبوعات.
المادة 2
لا يجوز توقيف أي شخص إلا بموجب قرار صادر عن السلطة القضائية المختصة.
المادة 3
ينشر هذا المرسوم في الجريدة الرسمية."""

ACT = """Press Act 2019
Article 1
Whoever publishes false news that weakens the spirit of the nation shall be imprisoned.
Article 2
This Act enters into force on publication."""

WORD = re.compile("[\\w\u0610-\u061a\u064b-\u065f\u0670]")  # as reviews.anchoring counts letters


def process(law: Law, text: str, name: str) -> SourceDocument:
    result = services.document_upload(law=law, stream=io.BytesIO(text.encode()), name=name, enqueue=False)
    services.document_process(result.document.pk)
    return SourceDocument.objects.get(pk=result.document.pk)


@pytest.fixture
def people(django_user_model) -> dict[str, object]:
    def person(name: str, group: str | None = None, *codenames: str) -> object:
        user = django_user_model.objects.create_user(name, password="x")
        if group:
            user.groups.add(Group.objects.get(name=group))
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        return django_user_model.objects.get(pk=user.pk)  # fresh: no cached permissions

    return {
        "nobody": person("nobody"),
        "clerk": person("clerk", None, "access_admin"),  # may enter the admin, nothing more
        "researcher": person("rania", RESEARCHERS),
        "other_researcher": person("sami", RESEARCHERS),
        "reviewer": person("omar", REVIEWERS),
        "other_reviewer": person("lina", REVIEWERS),
        "editor": person("edith", EDITORS),
        "administrator": person("adam", ADMINISTRATORS),
    }


@pytest.fixture
def decree() -> Law:
    law = services.law_create(title_ar="مرسوم تشريعي بشأن النشر", language="ar", kind="legislative-decree")
    process(law, DECREE, "decree.txt")
    return law


@pytest.fixture
def act() -> Law:
    law = services.law_create(title_en="Press Act", language="en")
    process(law, ACT, "act.txt")
    return law


def article(law: Law, number: str) -> Provision:
    return law.provisions.get(kind="article", number_value=number)


def annotate(provision: Provision, user: object, words: str | None, **fields: object) -> Annotation:
    text = provision.full_text
    start = text.index(words) if words else None
    data = {
        "assessment": Annotation.Assessment.INCOMPATIBLE,
        "standards": StandardProvision.objects.filter(code="ICCPR-19"),
        **fields,
    }
    return annotation_create(
        AnnotationInput(
            provision=provision,
            start=start,
            end=None if start is None else start + len(words),
            **data,  # type: ignore[arg-type]
        ),
        user=user,
    )


def client_for(user: object | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_url(law: Law) -> str:
    return reverse("reviews_api_law_annotations", args=[law.pk])


def post_json(client: Client, url: str, data: dict, **headers: str) -> object:
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def page(response: object) -> lxml.html.HtmlElement:
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def article_text(document: lxml.html.HtmlElement, provision: Provision) -> lxml.html.HtmlElement:
    (element,) = document.xpath(f'//div[@class="qanun-ws__article-text"][@data-provision="{provision.pk}"]')
    return element


def listed(document: lxml.html.HtmlElement, section: str = "qanun-ws__side") -> list[int]:
    """Ids of the annotations listed in the side column's main list (orphans are listed apart)."""
    items = document.xpath(f'//aside[contains(@class, "{section}")]/ol[@class="qanun-ws__list"]/li[@data-annotation]')
    return [int(item.get("data-annotation")) for item in items]


# --- permissions, role by role, on every page and endpoint ----------------------------------------------------


def _pages(law: Law) -> list[str]:
    return [reverse("reviews_workspace_index"), reverse("reviews_workspace", args=[law.pk]), api_url(law)]


@pytest.mark.parametrize("who", [None, "nobody"])
def test_visitors_outside_the_admin_are_sent_to_log_in_everywhere(who, people, decree) -> None:
    client = client_for(people[who] if who else None)
    submitted = annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة")
    annotation_submit(submitted, user=people["researcher"])
    for url in [*_pages(decree), reverse("reviews_queue")]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    posts = [
        (api_url(decree), {"provision": article(decree, "2").pk, "standards": ["ICCPR-9"], "assessment": "unclear"}),
        (reverse("reviews_queue_review", args=[submitted.pk]), {"action": "approve"}),
        (reverse("reviews_annotation_public", args=[submitted.pk]), {"public": "1"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    # A script (the panel's fetch) gets a 403, not a login page.
    response = post_json(client, api_url(decree), posts[0][1], HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403
    assert Annotation.objects.count() == 1 and Annotation.objects.get().status == Annotation.Status.SUBMITTED


def test_staff_without_the_permissions_are_refused_pages_and_get_403_json(people, decree) -> None:
    client = client_for(people["clerk"])
    annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة")
    for url in [
        reverse("reviews_workspace_index"),
        reverse("reviews_workspace", args=[decree.pk]),
        reverse("reviews_queue"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    response = client.get(api_url(decree))
    assert response.status_code == 403 and "error" in response.json()
    assert "أخباراً" not in response.content.decode()
    response = post_json(client, api_url(decree), {"provision": article(decree, "2").pk, "standards": ["ICCPR-9"],
                                                   "assessment": "unclear"})  # fmt: skip
    assert response.status_code == 403 and "error" in response.json()
    assert Annotation.objects.count() == 1
    assert "annotate" not in [item["name"] for item in _menu(client)]


def _menu(client: Client) -> list[dict]:
    home = client.get("/admin/").content.decode()
    found = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', home, re.S)
    return [{"name": name} for name in re.findall(r'"name": "([^"]+)"', found.group(1))] if found else []


@pytest.mark.parametrize("role", ["researcher", "reviewer", "editor", "administrator"])
def test_every_role_reads_the_workspace_and_annotates(role, people, decree) -> None:
    client = client_for(people[role])
    for url in _pages(decree):
        assert client.get(url).status_code == 200, url
    response = post_json(
        client,
        api_url(decree),
        {"provision": article(decree, "2").pk, "standards": ["ICCPR-9"], "assessment": "unclear", "submit": True},
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "submitted" and response.json()["author"] == people[role].username
    names = [item["name"] for item in _menu(client)]
    assert "annotate" in names
    assert ("review-queue" in names) == (role != "researcher")


def test_researchers_have_no_queue_and_cannot_review_or_publish(people, decree) -> None:
    annotation = annotate(article(decree, "1"), people["other_researcher"], "أخباراً كاذبة")
    annotation_submit(annotation, user=people["other_researcher"])
    client = client_for(people["researcher"])

    response = client.get(reverse("reviews_queue"))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    client.post(reverse("reviews_queue_review", args=[annotation.pk]), {"action": "approve"})
    assert Annotation.objects.get(pk=annotation.pk).status == Annotation.Status.SUBMITTED
    annotation_review(annotation, user=people["reviewer"], approve=True)
    client.post(reverse("reviews_annotation_public", args=[annotation.pk]), {"public": "1"})
    assert not Annotation.objects.get(pk=annotation.pk).public


@pytest.mark.parametrize("role", ["reviewer", "editor", "administrator"])
def test_reviewers_see_what_others_submitted_never_their_own_and_approve_it(role, people, decree) -> None:
    theirs = annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة", commentary="تجريم فضفاض")
    annotation_submit(theirs, user=people["researcher"])
    own = annotate(article(decree, "2"), people[role], "توقيف أي شخص")
    annotation_submit(own, user=people[role])
    draft = annotate(article(decree, "3"), people["researcher"], "الجريدة الرسمية")
    client = client_for(people[role])

    queue = page(client.get(reverse("reviews_queue")))
    items = queue.xpath('//li[starts-with(@id, "queue-")]')
    assert [item.get("id") for item in items] == [f"queue-{theirs.pk}"]  # not their own, not a draft
    item = items[0]
    quote = item.xpath('.//blockquote[@class="qanun-queue__quote"]')[0]
    assert quote.get("dir") == "rtl" and quote.get("lang") == "ar"
    assert quote.xpath(".//mark")[0].text_content() == "أخباراً كاذبة"
    assert "كل من نشر" in quote.text_content()  # in its context
    assert "ICCPR-19" in item.text_content() and "rania" in item.text_content()
    assert "Incompatible" in item.text_content() and "تجريم فضفاض" in item.text_content()

    response = client.post(reverse("reviews_queue_review", args=[own.pk]), {"action": "approve"}, follow=True)
    assert Annotation.objects.get(pk=own.pk).status == Annotation.Status.SUBMITTED
    assert "another reviewer" in response.content.decode()

    response = client.post(reverse("reviews_queue_review", args=[theirs.pk]), {"action": "approve"}, follow=True)
    assert Annotation.objects.get(pk=theirs.pk).status == Annotation.Status.APPROVED
    assert "Approved:" in response.content.decode()
    assert Annotation.objects.get(pk=draft.pk).status == Annotation.Status.DRAFT

    # Approved ones can then be made public, and withdrawn, from the same page.
    queue = page(client.get(reverse("reviews_queue")))
    assert not queue.xpath('//li[starts-with(@id, "queue-")]')
    assert queue.xpath(f'//li[@id="approved-{theirs.pk}"]//button[@name="public"][@value="1"]')
    client.post(reverse("reviews_annotation_public", args=[theirs.pk]), {"public": "1"})
    assert Annotation.objects.get(pk=theirs.pk).public
    client.post(reverse("reviews_annotation_public", args=[theirs.pk]), {"public": "0"})
    assert not Annotation.objects.get(pk=theirs.pk).public


def test_requesting_changes_sends_the_annotation_back_with_the_comment(people, decree) -> None:
    annotation = annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة")
    annotation_submit(annotation, user=people["researcher"])
    client = client_for(people["reviewer"])

    client.post(reverse("reviews_queue_review", args=[annotation.pk]), {"action": "reject", "comment": "أضف المصدر"})

    assert Annotation.objects.get(pk=annotation.pk).status == Annotation.Status.CHANGES_REQUESTED
    workspace = page(client_for(people["researcher"]).get(reverse("reviews_workspace", args=[decree.pk])))
    (item,) = workspace.xpath(f'//li[@id="annotation-{annotation.pk}"]')
    assert "Changes requested" in item.text_content()


def test_a_draft_cannot_be_made_public(people, decree) -> None:
    annotation = annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة")
    response = client_for(people["reviewer"]).post(
        reverse("reviews_annotation_public", args=[annotation.pk]), {"public": "1"}, follow=True
    )
    assert "Only an approved annotation can be public." in response.content.decode()
    assert not Annotation.objects.get(pk=annotation.pk).public


# --- annotating through the API -------------------------------------------------------------------------------


def test_a_researcher_annotates_a_passage_through_the_api_and_submits_it(people, decree) -> None:
    provision = article(decree, "1")
    text = provision.full_text
    start = text.index("أخباراً كاذبة")
    client = client_for(people["researcher"])

    response = post_json(
        client,
        api_url(decree),
        {
            "provision": provision.pk,
            "start": start + 3,  # inside the words: widened to them
            "end": start + len("أخباراً كاذبة") - 2,
            "standards": ["ICCPR-19", "CCPR-GC34-47"],
            "tags": ["expression"],
            "assessment": "incompatible",
            "severity": "high",
            "commentary": "تجريم فضفاض لحرية التعبير",
            "recommendation": "إلغاء المادة",
            "submit": True,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    annotation = Annotation.objects.get(pk=body["id"])
    assert annotation.author == people["researcher"] and annotation.status == Annotation.Status.SUBMITTED
    assert sorted(s.code for s in annotation.standards.all()) == ["CCPR-GC34-47", "ICCPR-19"]
    assert [t.slug for t in annotation.tags.all()] == ["expression"]
    assert body["target"]["exact"] == "أخباراً كاذبة" == text[body["target"]["start"] : body["target"]["end"]]
    assert body["show_url"].endswith(f"?saved={annotation.pk}#{provision.anchor}")

    shown = page(client.get(body["show_url"].split("#")[0]))
    assert "Your annotation is saved and submitted for review." in shown.text_content()
    assert shown.xpath(f'//li[@id="annotation-{annotation.pk}"][contains(@class, "qanun-ws__item--saved")]')
    marks = article_text(shown, provision).xpath(".//mark")
    assert [m.text_content() for m in marks] == ["أخباراً كاذبة"]


def test_a_draft_is_saved_without_submitting_and_a_whole_article_can_be_annotated(people, decree) -> None:
    client = client_for(people["researcher"])
    response = post_json(
        client,
        api_url(decree),
        {"provision": article(decree, "2").pk, "start": None, "end": None, "standards": ["ICCPR-9"],
         "assessment": "compatible"},
    )  # fmt: skip
    assert response.status_code == 201
    annotation = Annotation.objects.get(pk=response.json()["id"])
    assert annotation.status == Annotation.Status.DRAFT and annotation.target.exact == ""
    shown = page(client.get(reverse("reviews_workspace", args=[decree.pk])))
    assert not article_text(shown, article(decree, "2")).xpath(".//mark")
    whole = shown.xpath(f'//article[@id="{article(decree, "2").anchor}"]//p[@class="qanun-ws__whole"]')
    assert whole and "Compatible" in whole[0].text_content()


def test_the_api_says_clearly_what_is_wrong(people, decree, act) -> None:
    client = client_for(people["researcher"])
    provision = article(decree, "1")

    response = post_json(client, api_url(decree), {"provision": provision.pk, "start": 3, "end": 9})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["standards"] == ["Choose at least one standard the passage is assessed against."]
    assert errors["assessment"] == ["Choose an assessment."]

    response = post_json(client, api_url(decree), {"provision": provision.pk, "standards": ["ICCPR-999"],
                                                   "assessment": "incompatible"})  # fmt: skip
    assert response.json()["errors"]["standards"] == ["ICCPR-999 is not a standard in the catalogue."]

    too_far = len(provision.full_text) + 5
    valid = {"provision": provision.pk, "standards": ["ICCPR-19"], "assessment": "incompatible"}
    response = post_json(client, api_url(decree), {**valid, "start": 2, "end": too_far})
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == ["The selected passage is not inside the provision's text."]

    response = post_json(client, api_url(decree), {**valid, "start": 9, "end": 9})
    assert response.json()["errors"]["__all__"] == ["The passage is empty: select some words."]

    other_law = article(act, "1")
    response = post_json(client, api_url(decree), {**valid, "provision": other_law.pk})
    assert response.status_code == 400 and "provision" in response.json()["errors"]

    response = client.post(api_url(decree), "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"]["__all__"]
    assert Annotation.objects.count() == 0


def test_the_api_lists_a_laws_annotations_with_the_filters(people, decree, act) -> None:
    a = annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة")
    b = annotate(
        article(decree, "2"), people["other_researcher"], "توقيف أي شخص",
        standards=StandardProvision.objects.filter(code="ICCPR-9"), assessment=Annotation.Assessment.PARTIAL,
    )  # fmt: skip
    annotation_submit(b, user=people["other_researcher"])
    annotate(article(act, "1"), people["researcher"], "false news")
    client = client_for(people["reviewer"])

    def ids(**params: object) -> list[int]:
        return sorted(item["id"] for item in client.get(api_url(decree), params).json()["annotations"])

    assert ids() == sorted([a.pk, b.pk])  # not the other law's
    assert ids(standard="ICCPR-9") == [b.pk]
    assert ids(assessment="incompatible") == [a.pk]
    assert ids(status="submitted") == [b.pk]
    assert ids(status="draft") == [a.pk]
    assert ids(author=people["researcher"].pk) == [a.pk]
    assert ids(status="approved") == []
    assert ids(status="nonsense") == sorted([a.pk, b.pk])  # a value that is not valid filters nothing
    first = client.get(api_url(decree), {"standard": "ICCPR-19"}).json()["annotations"][0]
    assert first["target"]["exact"] == "أخباراً كاذبة" and first["target"]["eid"] == "part_1__art_1"
    assert first["standards"] == ["ICCPR-19"] and first["status"] == "draft"


# --- the workspace page ---------------------------------------------------------------------------------------


def test_the_workspace_filters_its_list_and_highlights_by_standard_assessment_status_and_author(people, decree) -> None:
    a = annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة")
    b = annotate(
        article(decree, "2"), people["other_researcher"], "توقيف أي شخص",
        standards=StandardProvision.objects.filter(code="ICCPR-9"), assessment=Annotation.Assessment.PARTIAL,
    )  # fmt: skip
    annotation_submit(b, user=people["other_researcher"])
    c = annotate(article(decree, "1"), people["other_researcher"], "مطبوعات ممنوعة")
    annotation_submit(c, user=people["other_researcher"])
    annotation_review(c, user=people["reviewer"], approve=True)
    client = client_for(people["researcher"])
    url = reverse("reviews_workspace", args=[decree.pk])

    everything = page(client.get(url))
    assert listed(everything) == [a.pk, c.pk, b.pk]  # in reading order
    filters = everything.xpath('//form[@class="qanun-ws__filters"]')[0]
    assert {o.get("value") for o in filters.xpath('.//select[@name="standard"]/option')} == {"", "ICCPR-19", "ICCPR-9"}
    assert {o.text for o in filters.xpath('.//select[@name="author"]/option')} >= {"rania", "sami"}

    assert listed(page(client.get(url, {"standard": "ICCPR-9"}))) == [b.pk]
    assert listed(page(client.get(url, {"assessment": "incompatible"}))) == [a.pk, c.pk]
    assert listed(page(client.get(url, {"status": "approved"}))) == [c.pk]
    assert listed(page(client.get(url, {"status": "submitted"}))) == [b.pk]
    filtered = page(client.get(url, {"author": people["other_researcher"].pk, "assessment": "incompatible"}))
    assert listed(filtered) == [c.pk]
    assert "1 of 3" in filtered.xpath('//h2[@id="ws-annotations-heading"]')[0].text_content()
    marks = filtered.xpath('//mark[@class and contains(@class, "qanun-mark")]')
    assert [m.get("data-annotations") for m in marks] == [str(c.pk)]  # highlights follow the filters
    empty = page(client.get(url, {"status": "changes_requested"}))
    assert listed(empty) == [] and "No annotation matches these filters." in empty.text_content()


def test_the_text_is_the_provisions_full_text_and_highlights_never_cut_a_word(people, decree) -> None:
    provision = article(decree, "1")
    text = provision.full_text
    # Offsets cut into words at both ends, and overlapping passages.
    start = text.index("نشر أخباراً")
    first = annotation_create(
        AnnotationInput(provision=provision, assessment="incompatible", start=start + 1, end=start + 8,
                        standards=StandardProvision.objects.filter(code="ICCPR-19")),
        user=people["researcher"],
    )  # fmt: skip
    start = text.index("كاذبة من شأنها")
    second = annotation_create(
        AnnotationInput(provision=provision, assessment="unclear", start=start - 3, end=start + 9,
                        standards=StandardProvision.objects.filter(code="ICCPR-19")),
        user=people["other_researcher"],
    )  # fmt: skip
    # And one on a paragraph inside the article: shown at its place in the article's text.
    paragraph = decree.provisions.get(eid="part_1__art_1__para_1")
    third = annotate(paragraph, people["researcher"], "مطبوعات ممنوعة")

    document = page(client_for(people["researcher"]).get(reverse("reviews_workspace", args=[decree.pk])))
    element = article_text(document, provision)

    assert element.text_content() == text  # offsets in the page are offsets in Provision.full_text
    assert element.get("dir") == "rtl" and element.get("lang") == "ar"
    marks = element.xpath(".//mark")
    covered = [(m.text_content(), m.get("data-annotations")) for m in marks]
    assert covered == [
        ("نشر ", str(first.pk)),
        ("أخباراً", f"{first.pk} {second.pk}"),
        (" كاذبة من", str(second.pk)),  # widened out to the whole word it cut into
        ("مطبوعات ممنوعة", str(third.pk)),
    ]
    # No mark starts or ends inside a word: a word character never stands on both sides of a mark's edge.
    position = len(element.text or "")
    for mark in element:
        start, end = position, position + len(mark.text_content())
        for edge in (start, end):
            assert not (WORD.match(text[edge - 1 : edge] or " ") and WORD.match(text[edge : edge + 1] or " ")), edge
        position = end + len(mark.tail or "")
    assert position == len(text)


def test_orphans_are_listed_apart_with_a_warning(people, decree) -> None:
    orphan = annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة")
    placed = annotate(article(decree, "2"), people["researcher"], "توقيف أي شخص")
    document = SourceDocument.objects.get(law=decree)
    document.file.save("decree.txt", io.BytesIO(DECREE.replace("أخباراً كاذبة", "شائعات").encode()), save=True)
    services.document_process(document.pk)
    assert AnnotationTarget.objects.get(annotation=orphan).placement == AnnotationTarget.Placement.ORPHAN

    shown = page(client_for(people["reviewer"]).get(reverse("reviews_workspace", args=[decree.pk])))

    assert listed(shown) == [placed.pk]
    (orphans,) = shown.xpath('//section[@class="qanun-ws__orphans"]')
    assert "was not found when the law's text was processed again" in orphans.text_content()
    items = orphans.xpath(".//li[@data-annotation]")
    assert [int(i.get("data-annotation")) for i in items] == [orphan.pk]
    assert "أخباراً كاذبة" in items[0].text_content() and "Not found in the text" in items[0].text_content()
    assert not shown.xpath(f'//mark[contains(@data-annotations, "{orphan.pk}")]')


def test_arabic_laws_read_right_to_left_and_english_left_to_right_in_either_interface(people, decree, act) -> None:
    annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة")
    annotate(article(act, "1"), people["researcher"], "false news")
    client = client_for(people["researcher"])
    for language in ("en", "ar"):
        for law, direction in ((decree, "rtl"), (act, "ltr")):
            response = client.get(reverse("reviews_workspace", args=[law.pk]), HTTP_ACCEPT_LANGUAGE=language)
            document = page(response)
            html = document.xpath("/html")[0]
            assert html.get("dir") == ("rtl" if language == "ar" else "ltr")
            assert html.get("lang") == language
            texts = document.xpath('//div[@class="qanun-ws__article-text"]')
            assert texts and {(t.get("dir"), t.get("lang")) for t in texts} == {(direction, law.language)}
            (toc,) = document.xpath('//nav[@class="qanun-ws__toc"]/ol')
            assert (toc.get("dir"), toc.get("lang")) == (direction, law.language)
            quotes = document.xpath('//blockquote[@class="qanun-ws__quote"]')
            assert quotes and all(q.get("dir") == direction for q in quotes)
            (passage,) = document.xpath('//textarea[@name="passage"]')
            assert passage.get("dir") == direction
            content = response.content.decode()
            if language == "ar":
                assert "تعليق على التحديد" in content and "حفظ وإرسال للمراجعة" in content
                assert "Annotate selection" not in content
            else:
                assert "Annotate selection" in content


def test_the_arabic_interface_of_the_queue_and_the_list_of_laws(people, decree) -> None:
    annotation = annotate(article(decree, "1"), people["researcher"], "أخباراً كاذبة")
    annotation_submit(annotation, user=people["researcher"])
    client = client_for(people["reviewer"])
    queue = client.get(reverse("reviews_queue"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "بانتظار مراجعتك" in queue and "طلب تعديلات" in queue and "Approve" not in queue
    laws = client.get(reverse("reviews_workspace_index"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "مرسوم تشريعي بشأن النشر" in laws and "اختر قانوناً" in laws


def test_the_laws_page_links_to_its_workspace_and_the_list_of_laws_too(people, decree, act) -> None:
    client = client_for(people["administrator"])
    workspace = reverse("reviews_workspace", args=[decree.pk])
    law_page = client.get(decree.get_admin_url()).content.decode()
    assert f'href="{workspace}"' in law_page
    laws = page(client.get(reverse("reviews_workspace_index")))
    links = {a.get("href") for a in laws.xpath('//table[contains(@class, "qanun-ws-laws")]//a')}
    assert links == {workspace, reverse("reviews_workspace", args=[act.pk])}
    clerk_law_page = client_for(people["editor"]).get(decree.get_admin_url()).content.decode()
    assert f'href="{workspace}"' in clerk_law_page
