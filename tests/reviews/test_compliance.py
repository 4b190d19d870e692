"""A law's compliance table: annotated articles against the standards they were assessed on, the most severe
assessment where several annotations meet, approved annotations only unless staff ask, public ones only for the
public; and its staff page with two SVG charts, in English and Arabic, refused to anyone without the permission."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from legislation import services
from legislation.models import Law, Provision
from reviews.annotations import (
    AnnotationInput,
    annotation_create,
    annotation_review,
    annotation_set_public,
    annotation_submit,
)
from reviews.compliance import OUTPUT_STATUSES, compliance_table, output_annotations, parse_statuses
from reviews.models import Annotation, AnnotationTarget, RightsTag, StandardProvision
from reviews.roles import ADMINISTRATORS, EDITORS, RESEARCHERS, REVIEWERS
from tests.factories import approve

pytestmark = pytest.mark.django_db

A = Annotation.Assessment

DECREE = """المرسوم التشريعي رقم 10 لعام 2020
المادة 1
يعاقب بالحبس من ستة أشهر إلى ثلاث سنوات كل من نشر أخباراً كاذبة من شأنها أن توهن نفسية الأمة.
المادة 2
لا يجوز توقيف أي شخص إلا في الحالات الآتية:
1- بموجب قرار صادر عن السلطة القضائية المختصة.
2- في حالة الجرم المشهود.
المادة 3
يحظر تأسيس الجمعيات إلا بترخيص من الوزارة.
المادة 4
ينشر هذا المرسوم في الجريدة الرسمية."""


@pytest.fixture
def people(django_user_model) -> dict[str, object]:
    def person(name: str, group: str | None) -> object:
        user = django_user_model.objects.create_user(name, password="x", first_name=name.title())
        if group:
            user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)  # fresh: no cached permissions

    return {
        "researcher": person("rania", RESEARCHERS),
        "reviewer": person("omar", REVIEWERS),
        "editor": person("huda", EDITORS),
        "administrator": person("karim", ADMINISTRATORS),
        "no group": person("visitor", None),
    }


@pytest.fixture
def decree() -> Law:
    law = Law.objects.create(
        title_ar="مرسوم تشريعي بشأن الجرائم", language="ar", kind="legislative-decree", number="10", year=2020
    )
    result = services.document_upload(law=law, stream=io.BytesIO(DECREE.encode()), name="decree.txt", enqueue=False)
    services.document_process(result.document.pk)
    return law


def provision(law: Law, eid: str) -> Provision:
    return law.provisions.get(eid=eid)


def annotate(
    law: Law,
    eid: str,
    assessment: str,
    codes: list[str],
    *,
    author: object,
    words: str = "",
    commentary: str = "",
    severity: str = "",
    tags: list[str] = (),  # type: ignore[assignment]
) -> Annotation:
    article = provision(law, eid)
    start = end = None
    if words:
        start = article.full_text.index(words)
        end = start + len(words)
    return annotation_create(
        AnnotationInput(
            provision=article,
            assessment=assessment,
            standards=StandardProvision.objects.filter(code__in=codes),
            tags=RightsTag.objects.filter(slug__in=tags),
            severity=severity,
            commentary=commentary,
            recommendation="",
            start=start,
            end=end,
        ),
        user=author,
    )


@dataclass
class Annotated:
    law: Law
    public: Annotation  # art_1, ICCPR-19, incompatible, approved and public
    approved: Annotation  # art_1, ICCPR-19, compatible, approved, not public
    paragraph: Annotation  # art_2's first paragraph, ICCPR-9, partially compatible, approved
    draft: Annotation  # art_3, ICCPR-22, incompatible, draft
    submitted: Annotation  # art_3, ICCPR-22 and ICCPR-19, unclear, submitted
    changes: Annotation  # art_4, no standard, compatible, changes requested


@pytest.fixture
def annotated(decree: Law, people) -> Annotated:
    researcher = people["researcher"]
    public = approve(
        annotate(
            decree, "art_1", A.INCOMPATIBLE, ["ICCPR-19"], author=researcher, words="أخباراً كاذبة",
            commentary="تجريم فضفاض لحرية التعبير", severity="high", tags=["expression"],
        ),
        people,
    )  # fmt: skip
    annotation_set_public(public, user=people["reviewer"], public=True)
    approved = approve(
        annotate(decree, "art_1", A.COMPATIBLE, ["ICCPR-19"], author=researcher, commentary="العقوبة محددة المدة"),
        people,
    )
    paragraph = approve(
        annotate(decree, "art_2__para_1", A.PARTIAL, ["ICCPR-9"], author=researcher, commentary="قرار قضائي"),
        people,
    )
    draft = annotate(decree, "art_3", A.INCOMPATIBLE, ["ICCPR-22"], author=researcher, commentary="ترخيص مسبق")
    submitted = annotate(decree, "art_3", A.UNCLEAR, ["ICCPR-22", "ICCPR-19"], author=researcher)
    annotation_submit(submitted, user=researcher)
    changes = annotate(decree, "art_4", A.COMPATIBLE, [], author=researcher, commentary="نشر")
    annotation_submit(changes, user=researcher)
    annotation_review(changes, user=people["reviewer"], approve=False, comment="أضف المعيار")
    return Annotated(
        decree,
        Annotation.objects.get(pk=public.pk),
        approved,
        paragraph,
        Annotation.objects.get(pk=draft.pk),
        Annotation.objects.get(pk=submitted.pk),
        Annotation.objects.get(pk=changes.pk),
    )


def grid(law: Law, **scope: object) -> dict[str, dict[str, str]]:
    """The table as {eid: {standard code: assessment}}, in row order."""
    table = compliance_table(law, **scope)  # type: ignore[arg-type]
    codes = [column.code for column in table.columns]
    return {
        row.eid: {code: cell.assessment for code, cell in zip(codes, row.cells_in_order, strict=True) if cell}
        for row in table.rows
    }


# The table -----------------------------------------------------------------------------------------------------


def test_the_table_counts_approved_annotations_by_article_and_standard(annotated: Annotated) -> None:
    table = compliance_table(annotated.law)

    assert [row.eid for row in table.rows] == ["art_1", "art_2"]  # reading order; drafts left out
    assert [row.number for row in table.rows] == ["1", "2"]
    assert [column.code for column in table.columns] == ["ICCPR-9", "ICCPR-19"]  # catalogue order
    assert grid(annotated.law) == {"art_1": {"ICCPR-19": A.INCOMPATIBLE}, "art_2": {"ICCPR-9": A.PARTIAL}}
    assert table.annotation_count == 3 and table.orphan_count == 0


def test_several_annotations_on_one_article_and_standard_show_the_most_severe(annotated: Annotated) -> None:
    table = compliance_table(annotated.law)

    cell = table.rows[0].cells["ICCPR-19"]
    assert cell.assessment == A.INCOMPATIBLE  # incompatible beats compatible, whatever the order written
    assert cell.assessments == [A.INCOMPATIBLE, A.COMPATIBLE] and cell.disagree
    assert {a.pk for a in cell.annotations} == {annotated.public.pk, annotated.approved.pk}
    assert table.rows[0].assessment == A.INCOMPATIBLE


def test_an_annotation_on_a_paragraph_counts_for_its_article(annotated: Annotated) -> None:
    row = compliance_table(annotated.law).rows[1]

    assert row.eid == "art_2" and row.article.kind == "article"
    assert row.cells["ICCPR-9"].annotations == [annotated.paragraph]


def test_counts_for_the_charts_by_assessment_and_by_standard(annotated: Annotated) -> None:
    table = compliance_table(annotated.law)

    assert table.by_assessment == [(A.INCOMPATIBLE, 1), (A.PARTIAL, 1), (A.UNCLEAR, 0), (A.COMPATIBLE, 0)]
    by_standard = {item.column.code: dict(item.by_assessment) for item in table.by_standard}
    assert by_standard["ICCPR-9"] == {A.INCOMPATIBLE: 0, A.PARTIAL: 1, A.UNCLEAR: 0, A.COMPATIBLE: 0}
    assert by_standard["ICCPR-19"][A.INCOMPATIBLE] == 1 and sum(by_standard["ICCPR-19"].values()) == 1


def test_drafts_submitted_and_changes_requested_are_counted_only_when_asked(annotated: Annotated) -> None:
    everything = grid(annotated.law, statuses=OUTPUT_STATUSES)

    assert list(everything) == ["art_1", "art_2", "art_3", "art_4"]
    # The draft (incompatible) and the submitted one (unclear) meet on ICCPR-22: the most severe shows.
    assert everything["art_3"] == {"ICCPR-19": A.UNCLEAR, "ICCPR-22": A.INCOMPATIBLE}
    assert everything["art_4"] == {"": A.COMPATIBLE}  # a column for annotations naming no standard
    table = compliance_table(annotated.law, statuses=OUTPUT_STATUSES)
    assert [c.code for c in table.columns] == ["ICCPR-9", "ICCPR-19", "ICCPR-22", ""]
    only_drafts = grid(annotated.law, statuses={Annotation.Status.DRAFT})
    assert only_drafts == {"art_3": {"ICCPR-22": A.INCOMPATIBLE}}
    submitted = grid(annotated.law, statuses={Annotation.Status.SUBMITTED})
    assert submitted == {"art_3": {"ICCPR-19": A.UNCLEAR, "ICCPR-22": A.UNCLEAR}}


def test_public_only_never_returns_a_draft_or_an_approved_annotation_not_made_public(
    annotated: Annotated, people
) -> None:
    public = output_annotations(annotated.law, public_only=True)
    assert public == [annotated.public]
    # Asking for every status changes nothing in the public scope.
    assert output_annotations(annotated.law, public_only=True, statuses=OUTPUT_STATUSES) == [annotated.public]
    assert grid(annotated.law, public_only=True, statuses=OUTPUT_STATUSES) == {"art_1": {"ICCPR-19": A.INCOMPATIBLE}}

    # A revision of the public annotation, saved as a draft and submitted, stays out until approved:
    # the public still sees the approved version.
    revised = Annotation.objects.get(pk=annotated.public.pk)
    revised.assessment = A.COMPATIBLE
    revised.commentary = "مسودة لم تراجع"
    revised.save_revision(user=people["researcher"])
    annotation_submit(Annotation.objects.get(pk=revised.pk), user=people["researcher"])
    assert Annotation.objects.get(pk=revised.pk).status == Annotation.Status.SUBMITTED
    (shown,) = output_annotations(annotated.law, public_only=True)
    assert shown.assessment == A.INCOMPATIBLE and shown.commentary == "تجريم فضفاض لحرية التعبير"

    # Withdrawn from the public: gone.
    annotation_set_public(annotated.public, user=people["reviewer"], public=False)
    assert output_annotations(annotated.law, public_only=True) == []
    assert compliance_table(annotated.law, public_only=True).rows == []


def test_an_orphaned_annotation_is_counted_but_in_no_row(annotated: Annotated) -> None:
    AnnotationTarget.objects.filter(annotation=annotated.paragraph).update(
        provision=None, placement=AnnotationTarget.Placement.ORPHAN
    )
    table = compliance_table(annotated.law)

    assert [row.eid for row in table.rows] == ["art_1"] and table.orphan_count == 1


def test_statuses_from_a_query_string_default_to_approved_only() -> None:
    assert parse_statuses([]) == {"approved"}
    assert parse_statuses(["nonsense"]) == {"approved"}
    assert parse_statuses(["all"]) == set(OUTPUT_STATUSES)
    assert parse_statuses(["draft", "submitted"]) == {"draft", "submitted"}


# The page ------------------------------------------------------------------------------------------------------


def page_url(law: Law) -> str:
    return reverse("reviews_compliance", args=[law.pk])


def test_the_page_shows_the_table_right_to_left_with_links_to_the_articles_and_two_svg_charts(
    annotated: Annotated, client, people
) -> None:
    client.force_login(people["researcher"])
    html = client.get(page_url(annotated.law), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Compliance table" in html and 'dir="rtl" lang="ar"' in html  # an Arabic law reads right to left
    article = provision(annotated.law, "art_1")
    assert f'href="{annotated.law.get_admin_url()}#{article.anchor}"' in html
    assert (
        html.count('<svg class="qanun-chart__svg"') == 2
        and "Articles by assessment" in html
        and "Articles by standard" in html
    )
    assert 'data-assessment="incompatible" data-count="1"' in html
    assert 'data-assessment="partially_compatible" data-count="1"' in html
    assert "<desc" in html and "Chart data as a table" in html  # text and a table beside the bars
    assert 'direction="ltr"' in html  # English interface: charts left to right
    assert "ICCPR-19" in html and "Freedom of opinion and expression" in html
    assert "art_3" not in html  # the draft and the submitted one are not counted by default
    assert "have not been approved" not in html


def test_the_page_includes_unapproved_annotations_only_when_asked_and_says_so(
    annotated: Annotated, client, people
) -> None:
    client.force_login(people["reviewer"])
    html = client.get(page_url(annotated.law), {"status": "all"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "art_3" in html and "art_4" in html and "No standard named" in html
    assert "This table includes annotations that have not been approved" in html
    assert "compliance.csv?status=all" in html and "annotations.jsonld?status=all" in html


def test_the_page_in_the_arabic_interface(annotated: Annotated, client, people) -> None:
    client.force_login(people["editor"])
    html = client.get(page_url(annotated.law), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert 'dir="rtl"' in html and html.count('<svg class="qanun-chart__svg"') == 2
    assert 'direction="rtl"' in html  # the charts' bars grow from the right
    for words in ("جدول الامتثال", "المواد حسب التقييم", "المواد حسب المعيار", "غير متوافق", "تنزيل CSV"):
        assert words in html, words
    assert "حرية الرأي والتعبير" in html  # the standard's Arabic title


def test_the_law_page_links_to_its_compliance_table(annotated: Annotated, admin_client) -> None:
    html = admin_client.get(annotated.law.get_admin_url()).content.decode()

    assert f'href="{page_url(annotated.law)}"' in html


def test_the_table_as_csv_opens_in_spreadsheets_with_its_arabic(annotated: Annotated, client, people) -> None:
    client.force_login(people["researcher"])
    response = client.get(reverse("reviews_compliance_csv", args=[annotated.law.pk]), HTTP_ACCEPT_LANGUAGE="ar")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["المادة", "eid", "ICCPR-9", "ICCPR-19", "التقييم العام"]
    assert rows[1] == ["1", "art_1", "", "غير متوافق", "غير متوافق"]
    assert rows[2] == ["2", "art_2", "متوافق جزئياً", "", "متوافق جزئياً"]
    assert len(rows) == 3


# Permissions ---------------------------------------------------------------------------------------------------


def output_urls(law: Law) -> list[str]:
    return [
        reverse("reviews_compliance", args=[law.pk]),
        reverse("reviews_compliance_csv", args=[law.pk]),
        reverse("reviews_export_jsonld", args=[law.pk]),
        reverse("reviews_export_csv", args=[law.pk]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(annotated: Annotated, client) -> None:
    for url in output_urls(annotated.law):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_people_in_no_group_get_nothing(annotated: Annotated, client, people) -> None:
    client.force_login(people["no group"])
    for url in output_urls(annotated.law):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_staff_without_the_permission_to_view_annotations_are_refused(annotated: Annotated, client, people) -> None:
    clerk = people["no group"]
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(clerk)
    for url in output_urls(annotated.law):
        response = client.get(url, {"status": "all"})
        # Wagtail turns the view's PermissionDenied into a redirect to the dashboard with a message.
        assert response.status_code == 302 and response["Location"] == "/admin/", url


@pytest.mark.parametrize("role", ["researcher", "reviewer", "editor", "administrator"])
def test_every_role_may_see_the_outputs(annotated: Annotated, client, people, role: str) -> None:
    client.force_login(people[role])
    for url in output_urls(annotated.law):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"art_1" in response.content, url
