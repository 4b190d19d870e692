"""The audit trail: what staff do with files and findings is recorded and only Administrators read it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from audit.events import record
from audit.models import AuditEvent
from reviews.annotations import annotation_set_public
from reviews.roles import ADMINISTRATORS
from tests.factories import ART_1, annotate, approve, make_law, make_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    people = make_people(django_user_model, editor=True)
    admin = django_user_model.objects.create_user("hala", password="pw-hala")
    admin.groups.add(Group.objects.get(name=ADMINISTRATORS))
    people["administrator"] = django_user_model.objects.get(pk=admin.pk)
    return people


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_source_download_is_recorded_and_listed_for_administrators_only(people):
    law = make_law(published=False)
    document = law.documents.get()
    response = client_for(people["editor"]).get(f"/admin/legislation/documents/{document.pk}/file/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.SOURCE_DOWNLOAD)
    assert (event.username, event.object_id, event.ip_address) == ("layla", str(document.pk), "127.0.0.1")

    page = client_for(people["administrator"]).get("/admin/audit/?kind=files")
    assert page.status_code == 200
    assert "Source file downloaded" in page.text and "layla" in page.text and "law.txt" in page.text
    for name in ("researcher", "reviewer", "editor"):
        refused = client_for(people[name]).get("/admin/audit/")  # Wagtail turns the 403 into a redirect home
        assert (refused.status_code, refused.get("Location")) == (302, "/admin/"), name
    anonymous = Client().get("/admin/audit/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_approval_and_publication_of_a_finding_are_in_the_trail(people):
    law = make_law()
    annotation = annotate(law, ART_1, [], author=people["researcher"], commentary="x")
    annotation = approve(annotation, people)
    annotation_set_public(annotation, user=people["reviewer"], public=True)

    page = client_for(people["administrator"]).get("/admin/audit/?kind=publishing")
    rows = page.text.split('class="qanun-audit__row"')[1:]
    actions = [row.split('data-action="')[1].split('"')[0] for row in rows]
    assert "reviews.made_public" in actions and "wagtail.workflow.approve" in actions and "wagtail.publish" in actions
    made_public = rows[actions.index("reviews.made_public")]
    assert "omar" in made_public and "<td>Made public</td>" in made_public
    # A kind shows nothing of another.
    assert "reviews.made_public" not in client_for(people["administrator"]).get("/admin/audit/?kind=sign_in").text


def test_the_trail_filters_by_user_and_pages_back(people):
    for _ in range(105):
        record(AuditEvent.Action.EXPORT, user=people["editor"], detail={"format": "csv"})
    record(AuditEvent.Action.EXPORT, user=people["reviewer"], detail={"format": "csv"})
    admin = client_for(people["administrator"])
    first = admin.get("/admin/audit/?kind=files")
    assert first.text.count('class="qanun-audit__row"') == 100
    older = first.context["older_url"]
    assert older and admin.get("/admin/audit/" + older).text.count('class="qanun-audit__row"') == 6
    only = admin.get("/admin/audit/?kind=files&user=omar")
    assert only.text.count('class="qanun-audit__row"') == 1


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="unknown audit action"):
        record("coffee_break")


def test_staff_exports_are_recorded_and_the_publics_are_not(people):
    law = make_law()
    editor = client_for(people["editor"])
    for url in (
        f"/admin/reviews/exports/{law.pk}/annotations.csv",
        f"/admin/reviews/compliance/{law.pk}/compliance.csv",
        f"/admin/reviews/exports/{law.pk}/annotations.jsonld",
        "/admin/search-corpus/export.csv?q=نفسية",
    ):
        response = editor.get(url)
        assert response.status_code == 200, url
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, username="layla")
    assert exports.count() == 4
    assert {event.detail["export"] for event in exports} >= {f"annotations-law-{law.pk}.csv", "search CSV"}
    assert Client().get("/search/export.csv?q=نفسية").status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 4


def test_guessing_file_ids_cannot_fill_the_trail():
    """Refused downloads from one address are written up to the limit in the window, then only logged; another
    address is still recorded."""
    from django.test import RequestFactory

    from audit.events import FLOOD_LIMIT

    factory = RequestFactory()
    for number in range(FLOOD_LIMIT + 20):
        record(AuditEvent.Action.DOWNLOAD_REFUSED, request=factory.get(f"/documents/{number}/x.pdf"))
    other = factory.get("/documents/1/x.pdf", REMOTE_ADDR="192.0.2.7")
    assert record(AuditEvent.Action.DOWNLOAD_REFUSED, request=other) is not None
    refused = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD_REFUSED)
    assert refused.filter(ip_address="127.0.0.1").count() == FLOOD_LIMIT
    assert refused.filter(ip_address="192.0.2.7").count() == 1


def test_wagtails_own_csv_reports_neutralise_formulas(people):
    """A name typed by a researcher reaches Wagtail's site history report; its CSV must not run it as a formula."""
    from django.contrib.auth import get_user_model

    researcher = people["researcher"]
    get_user_model().objects.filter(pk=researcher.pk).update(first_name='=HYPERLINK("https://evil.example")')
    law = make_law()
    annotate(law, ART_1, [], author=get_user_model().objects.get(pk=researcher.pk), commentary="x")
    superuser = get_user_model().objects.create_superuser("root", password="pw-root-long")
    response = client_for(superuser).get("/admin/reports/site-history/?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "HYPERLINK" in body
    assert ',"=HYPERLINK' not in body and ",=HYPERLINK" not in body
    assert "'=HYPERLINK" in body
