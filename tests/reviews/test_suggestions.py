"""Standard suggestions for an article: ranked with their reasons, lifted by similar approved annotations, served
to staff by permission, and accepted into a draft annotation as a new revision."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from legislation import services
from legislation.models import Law, Provision
from reviews.annotations import AnnotationInput, annotation_create, annotation_review, annotation_submit
from reviews.models import Annotation, StandardProvision
from reviews.roles import EDITORS, RESEARCHERS, REVIEWERS
from reviews.suggestions import index_clear, suggest

pytestmark = pytest.mark.django_db

EXPRESSION = {"ICCPR-19", "UDHR-19", "ArCHR-32"}

LAW = """قانون المطبوعات
المادة 1
لكل مواطن الحق في أن يعرب عن رأيه بحرية وعلنية بالقول أو الكتابة أو بوسائل التعبير كافة.
المادة 2
يعاقب بالحبس من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة.
المادة 3
يعاقب بالغرامة كل من أذاع أخباراً كاذبة توهن نفسية الأمة في زمن الحرب أو عند توقع نشوبها.
المادة 4
ينشر هذا القانون في الجريدة الرسمية."""


@pytest.fixture(autouse=True)
def _fresh_index() -> None:
    """Each test's database starts again from the same ids, which the index's change check cannot tell apart."""
    index_clear()


@pytest.fixture
def articles() -> dict[str, Provision]:
    law = Law.objects.create(title_ar="قانون المطبوعات", language="ar")
    result = services.document_upload(law=law, stream=io.BytesIO(LAW.encode()), name="law.txt", enqueue=False)
    document = services.document_process(result.document.pk)
    return {p.number_value: p for p in document.provisions.filter(kind="article")}


@pytest.fixture
def people(django_user_model) -> dict[str, object]:
    def person(name: str, *groups: Group) -> object:
        user = django_user_model.objects.create_user(name, password="x")
        user.groups.add(*groups)
        return django_user_model.objects.get(pk=user.pk)

    admin_only = Group.objects.create(name="Admin access only")
    admin_only.permissions.add(Permission.objects.get(codename="access_admin"))
    return {
        "no group": person("nobody"),
        "admin access only": person("visitor", admin_only),
        "researcher": person("rania", Group.objects.get(name=RESEARCHERS)),
        "reviewer": person("omar", Group.objects.get(name=REVIEWERS)),
        "other reviewer": person("lina", Group.objects.get(name=REVIEWERS)),
        "editor": person("sami", Group.objects.get(name=EDITORS)),
    }


def draft(provision: Provision, user: object, *codes: str) -> Annotation:
    return annotation_create(
        AnnotationInput(
            provision=provision,
            assessment=Annotation.Assessment.INCOMPATIBLE,
            standards=StandardProvision.objects.filter(code__in=codes),
        ),
        user=user,
    )


def approved(provision: Provision, people: dict, *codes: str) -> Annotation:
    annotation = draft(provision, people["researcher"], *codes)
    annotation_submit(annotation, user=people["researcher"])
    annotation_review(annotation, user=people["reviewer"], approve=True)
    return Annotation.objects.get(pk=annotation.pk)


def rank(suggestions: list, code: str) -> int:
    codes = [s.standard.code for s in suggestions]
    return codes.index(code) if code in codes else len(codes)


def test_an_arabic_article_on_expression_is_matched_to_the_expression_standards_with_its_words(articles) -> None:
    suggestions = suggest(articles["1"], limit=5)

    found = [s for s in suggestions if s.standard.code in EXPRESSION]
    assert found, [s.standard.code for s in suggestions]
    shared = found[0].shared_terms
    assert "التعبير" in shared and "رأيه" in shared  # the law's own words, as printed
    assert "expression" in {tag.slug for tag in found[0].tags}


def test_an_approved_annotation_on_a_similar_article_lifts_its_standard_and_is_named(articles, people) -> None:
    code = "CCPR-GC34-47"  # defamation laws: a standard the words of article 3 hardly reach by themselves
    before = suggest(articles["3"], limit=30)

    annotation = approved(articles["2"], people, code)
    after = suggest(articles["3"], limit=30)

    assert rank(after, code) < rank(before, code) and rank(after, code) < 3
    lifted = next(s for s in after if s.standard.code == code)
    assert [(n.annotation_id, n.provision_id) for n in lifted.neighbours] == [(annotation.pk, articles["2"].pk)]
    assert lifted.neighbours[0].article.endswith("2")
    # the annotated article itself does not vote for itself
    assert all(not s.neighbours for s in suggest(articles["2"], limit=30))


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("no group", 302), ("admin access only", 403), ("researcher", 200), ("reviewer", 200),
     ("editor", 200)],
)  # fmt: skip
def test_the_suggestions_endpoint_answers_by_permission(client, articles, people, role: str, status: int) -> None:
    if role != "anonymous":
        client.force_login(people[role])
    response = client.get(reverse("reviews_suggestions", args=[articles["1"].pk]))

    assert response.status_code == status
    if status == 302:
        assert "/login/" in response["Location"]
    elif status == 403:
        assert response.json()["error"]
    else:
        body = response.json()
        assert body["provision"]["id"] == articles["1"].pk
        first = next(s for s in body["suggestions"] if s["standard"]["code"] in EXPRESSION)
        assert "التعبير" in first["reasons"]["shared_terms"]
        assert body["accept_url"] == reverse("reviews_suggestion_accept", args=[articles["1"].pk])


def test_the_fragment_lists_the_suggestions_with_an_accept_button_each(client, articles, people) -> None:
    annotation = draft(articles["1"], people["researcher"])
    client.force_login(people["researcher"])
    url = reverse("reviews_suggestions", args=[articles["1"].pk])

    html = client.get(url, {"format": "html", "limit": 5, "annotation": annotation.pk}).content.decode()

    assert html.count('class="button button-small button-secondary qanun-suggestions__accept"') == 5
    assert f'data-annotation="{annotation.pk}"' in html and "التعبير" in html


@pytest.mark.parametrize(("role", "status"), [("admin access only", 403), ("researcher", 200), ("editor", 200)])
def test_accepting_adds_the_standard_as_a_new_revision_by_whoever_accepts(
    client,
    articles,
    people,
    role: str,
    status: int,
) -> None:
    annotation = draft(articles["1"], people["researcher"])
    revisions = annotation.revisions.count()
    client.force_login(people[role])
    url = reverse("reviews_suggestion_accept", args=[articles["1"].pk])

    response = client.post(url, json.dumps({"annotation": annotation.pk, "standard": "ICCPR-19"}),
                           content_type="application/json")  # fmt: skip

    assert response.status_code == status
    annotation = Annotation.objects.get(pk=annotation.pk)
    if status == 403:
        assert not annotation.standards.exists() and annotation.revisions.count() == revisions
        return
    assert response.json()["added"] is True
    assert [s.code for s in annotation.standards.all()] == ["ICCPR-19"]
    assert annotation.revisions.count() == revisions + 1
    assert annotation.latest_revision.user == people[role]
    assert [s.code for s in annotation.get_latest_revision_as_object().standards.all()] == ["ICCPR-19"]
    again = client.post(url, {"annotation": annotation.pk, "standard": "ICCPR-19"})  # a form post works too
    assert again.json()["added"] is False and annotation.revisions.count() == revisions + 1


def test_accepting_into_an_approved_annotation_is_refused(client, articles, people) -> None:
    annotation = approved(articles["1"], people, "UDHR-19")
    client.force_login(people["researcher"])

    response = client.post(reverse("reviews_suggestion_accept", args=[articles["1"].pk]),
                           {"annotation": annotation.pk, "standard": "ICCPR-19"})  # fmt: skip

    assert response.status_code == 400
    assert response.json()["error"] == "Only a draft annotation can be given a standard; this one is approved."
    assert [s.code for s in Annotation.objects.get(pk=annotation.pk).standards.all()] == ["UDHR-19"]


def test_accepting_into_an_annotation_locked_by_someone_else_is_refused(client, articles, people) -> None:
    annotation = draft(articles["1"], people["researcher"])
    annotation.locked, annotation.locked_by = True, people["other reviewer"]
    annotation.save()
    client.force_login(people["researcher"])
    url = reverse("reviews_suggestion_accept", args=[articles["1"].pk])

    response = client.post(url, {"annotation": annotation.pk, "standard": "ICCPR-19"})

    assert response.status_code == 400
    assert response.json()["error"] == "This annotation is locked by lina: ask them to unlock it."
    assert not Annotation.objects.get(pk=annotation.pk).standards.exists()
    client.force_login(people["other reviewer"])  # whoever holds the lock may
    assert client.post(url, {"annotation": annotation.pk, "standard": "ICCPR-19"}).json()["added"] is True


def test_accepting_for_another_article_is_refused(client, articles, people) -> None:
    annotation = draft(articles["1"], people["researcher"])
    client.force_login(people["researcher"])

    response = client.post(reverse("reviews_suggestion_accept", args=[articles["2"].pk]),
                           {"annotation": annotation.pk, "standard": "ICCPR-19"})  # fmt: skip

    assert response.status_code == 400 and response.json()["error"] == "This annotation is not on this article."
