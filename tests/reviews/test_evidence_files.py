"""Files attached as evidence (issue 13): private until their annotation is approved, public and about a published
law; every download checked and recorded; every way a file can be fetched held to the same rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.documents.wagtail_hooks import check_view_restrictions
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from audit.models import AuditEvent
from legislation.models import Law
from proposals.blocks import ProposalBodyBlock
from reviews.annotations import annotation_review, annotation_set_public, annotation_submit
from reviews.evidence import (
    EVIDENCE_COLLECTION,
    document_is_public,
    evidence_collect,
    evidence_collection,
    public_document_ids,
)
from reviews.models import Annotation, Evidence
from reviews.roles import ADMINISTRATORS, EDITORS, RESEARCHERS, REVIEWERS, roles_install
from tests.factories import annotate, approve, make_law, make_people
from website.models import HomePage

pytestmark = pytest.mark.django_db

Document = get_document_model()


@pytest.fixture
def people(django_user_model) -> dict[str, Any]:
    return make_people(django_user_model, editor=True)


@pytest.fixture
def law() -> Law:
    return make_law()


def make_document(name: str, content: bytes) -> Any:
    """A real Wagtail document with a real file, uploaded where the chooser puts it (the root collection)."""
    document = Document(title=f"Evidence {name}", file=ContentFile(content, name=name))
    document.save()
    return Document.objects.get(pk=document.pk)


def attach(annotation: Annotation, document: Any, *, user: Any) -> Annotation:
    """Evidence with a file, saved in a new revision as the editor saves it, its file collected."""
    Evidence.objects.create(
        annotation=annotation, kind=Evidence.Kind.FILE, citation=f"Statement {document.pk}", document=document
    )
    annotation = Annotation.objects.get(pk=annotation.pk)
    annotation.save_revision(user=user)
    evidence_collect(annotation)
    return annotation


def draft_with(law: Law, document: Any, people: dict[str, Any], eid: str = "chp_1__art_1") -> Annotation:
    annotation = annotate(law, eid, ["ICCPR-19"], author=people["researcher"], commentary="A finding.")
    return attach(annotation, document, user=people["researcher"])


def public_with(law: Law, document: Any, people: dict[str, Any], eid: str = "chp_1__art_1") -> Annotation:
    annotation = approve(draft_with(law, document, people, eid), people)
    annotation_set_public(annotation, user=people["reviewer"], public=True)
    return Annotation.objects.get(pk=annotation.pk)


def fetch(client: Client, path: str) -> tuple[int, bytes]:
    response = client.get(path)
    return response.status_code, b"".join(response.streaming_content) if response.streaming else response.content


def download(client: Client, document: Any) -> tuple[int, bytes]:
    return fetch(client, document.url)


def events(action: str, document: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(document.pk)))


def test_an_anonymous_visitor_cannot_download_a_drafts_evidence_by_id(client, law, people) -> None:
    document = make_document("witness-statement.pdf", b"%PDF-1.4 DRAFT-EVIDENCE-BYTES")
    draft_with(law, document, people)

    status, body = download(client, document)

    assert document.url == f"/documents/{document.pk}/witness-statement.pdf"
    assert status == 404 and b"DRAFT-EVIDENCE-BYTES" not in body
    # The same answer as for a document that does not exist: the refusal does not reveal that it does.
    missing_url = f"/documents/{document.pk + 1000}/witness-statement.pdf"
    missing = fetch(client, missing_url)
    assert missing[0] == 404
    assert b"Page not found" in missing[1] and b"Page not found" in body
    assert b"witness-statement" not in body.replace(document.url.encode(), b"")  # only in the address asked for
    [refused] = events("download_refused", document)
    assert refused.user is None and refused.detail["filename"] == "witness-statement.pdf"
    assert events("evidence_download", document) == []


@pytest.mark.parametrize("state", ["draft", "submitted", "approved, not public", "public, law unpublished"])
def test_evidence_of_an_annotation_the_public_may_not_see_is_refused(client, law, people, state) -> None:
    document = make_document("report.pdf", b"%PDF-1.4 PRIVATE")
    annotation = draft_with(law, document, people)
    if state == "submitted":
        annotation_submit(annotation, user=people["researcher"])
    elif state == "approved, not public":
        approve(annotation, people)
    elif state == "public, law unpublished":
        annotation = approve(annotation, people)
        annotation_set_public(annotation, user=people["reviewer"], public=True)
        Law.objects.filter(pk=law.pk).update(published=False)

    assert not document_is_public(document)
    assert download(client, document)[0] == 404


def test_public_evidence_is_downloaded_anonymously_despite_the_private_collection(client, law, people) -> None:
    document = make_document("judgment.pdf", b"%PDF-1.4 PUBLIC-EVIDENCE-BYTES")
    public_with(law, document, people)
    document.refresh_from_db()
    # The file sits in the restricted collection, which Wagtail's own check refuses to an anonymous visitor ...
    assert document.collection.name == EVIDENCE_COLLECTION
    anonymous = RequestFactory().get(document.url)
    anonymous.user = AnonymousUser()
    assert check_view_restrictions(document, anonymous) is not None

    # ... but the evidence rule decides first: the evidence of a public annotation of a published law is public.
    response = client.get(document.url)

    assert response.status_code == 200
    assert response.streaming  # streamed from storage, never held whole in memory
    assert b"".join(response.streaming_content) == b"%PDF-1.4 PUBLIC-EVIDENCE-BYTES"
    assert (
        response["Content-Disposition"].startswith("attachment") and "judgment.pdf" in response["Content-Disposition"]
    )
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    # The public's reading is not recorded (a signed-in download is: below).
    assert list(events("evidence_download", document)) == []


@pytest.mark.parametrize("role", ["researcher", "editor"])
def test_staff_download_a_drafts_evidence_and_it_is_recorded(client, law, people, role) -> None:
    document = make_document("interview-notes.txt", b"DRAFT NOTES")
    draft_with(law, document, people)
    client.force_login(people[role])

    status, body = download(client, document)

    assert status == 200 and body == b"DRAFT NOTES"
    [event] = events("evidence_download", document)
    assert event.user == people[role] and event.detail["public"] is False
    assert event.detail["filename"] == "interview-notes.txt"


def test_a_signed_in_user_without_a_staff_role_is_refused(client, law, people, django_user_model) -> None:
    document = make_document("memo.pdf", b"%PDF-1.4 MEMO")
    draft_with(law, document, people)
    client.force_login(django_user_model.objects.create_user("visitor", password="pw-visitor"))

    assert download(client, document)[0] == 404
    [event] = events("download_refused", document)
    assert event.username == "visitor"


def test_a_document_in_a_draft_and_in_a_public_annotation_is_public(client, law, people) -> None:
    document = make_document("shared.pdf", b"%PDF-1.4 SHARED")
    draft_with(law, document, people, eid="chp_2__art_3")
    public_with(law, document, people)

    assert document_is_public(document)
    assert download(client, document) == (200, b"%PDF-1.4 SHARED")
    assert set(public_document_ids().values_list("document_id", flat=True)) == {document.pk}


def test_a_file_is_private_again_when_its_annotation_is_made_private(client, law, people) -> None:
    document = make_document("statement.pdf", b"%PDF-1.4 STATEMENT")
    annotation = public_with(law, document, people)
    assert download(client, document)[0] == 200

    annotation_set_public(annotation, user=people["reviewer"], public=False)
    assert download(client, document)[0] == 404

    annotation_set_public(annotation, user=people["reviewer"], public=True)
    assert download(client, document)[0] == 200
    law.published = False
    law.save()
    assert download(client, document)[0] == 404


def test_a_document_that_is_no_ones_evidence_is_private(client, people) -> None:
    document = make_document("stray.pdf", b"%PDF-1.4 STRAY")
    assert document.collection.name != EVIDENCE_COLLECTION

    assert download(client, document)[0] == 404
    client.force_login(people["researcher"])
    assert download(client, document) == (200, b"%PDF-1.4 STRAY")


def test_the_media_folder_is_not_served(client, law, people, settings) -> None:
    settings.DEBUG = False
    document = make_document("raw.pdf", b"%PDF-1.4 RAW-MEDIA-BYTES")
    public_with(law, document, people)
    assert document.file.url.startswith("/media/documents/")

    for who in (None, people["researcher"]):
        if who is not None:
            client.force_login(who)
        status, body = fetch(client, document.file.url)
        assert status == 404 and b"RAW-MEDIA-BYTES" not in body


def test_documents_link_to_the_checking_view_never_to_the_file(settings) -> None:
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    document = make_document("link.pdf", b"%PDF-1.4")
    assert document.url == reverse("wagtaildocs_serve", args=[document.pk, "link.pdf"])


def test_the_evidence_collection_is_installed_once_and_restricted_to_the_staff_roles() -> None:
    roles_install()
    roles_install()

    collections = Collection.objects.filter(name=EVIDENCE_COLLECTION)
    assert collections.count() == 1 and collections.get().depth == 2
    [restriction] = CollectionViewRestriction.objects.filter(collection=collections.get())
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    staff = {RESEARCHERS, REVIEWERS, EDITORS, ADMINISTRATORS}
    assert set(restriction.groups.values_list("name", flat=True)) == staff
    assert set(Group.objects.filter(name__in=staff).values_list("name", flat=True)) == staff


def test_saving_an_annotation_in_the_editor_moves_its_files_into_the_evidence_collection(client, law, people) -> None:
    annotation = annotate(law, "chp_1__art_1", ["ICCPR-19"], author=people["researcher"], commentary="Before.")
    document = make_document("uploaded-in-chooser.pdf", b"%PDF-1.4 CHOSEN")
    assert document.collection_id != evidence_collection().pk
    client.force_login(people["researcher"])
    edit = reverse("wagtailsnippets_reviews_annotation:edit", args=[annotation.pk])
    data = nested_form_data(
        {
            "assessment": Annotation.Assessment.INCOMPATIBLE,
            "severity": "",
            "standards": list(annotation.standards.values_list("pk", flat=True)),
            "tags": [],
            "commentary": "After, with a file.",
            "recommendation": "",
            "evidence": inline_formset(
                [{"kind": "file", "citation": "Chosen statement", "url": "", "document": document.pk, "note": ""}]
            ),
        }
    )

    response = client.post(edit, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    document.refresh_from_db()
    assert document.collection == evidence_collection()
    assert download(Client(), document)[0] == 404  # saved as evidence of a draft: still private


def editor_form(annotation: Annotation, commentary: str, files: list[Any]) -> dict[str, Any]:
    """What the annotation editor posts: its fields and one evidence form per file."""
    rows = [
        {"id": evidence.pk, "kind": evidence.kind, "citation": evidence.citation, "url": "",
         "document": evidence.document_id or "", "note": ""}
        for evidence in annotation.evidence.all()
    ] + [
        {"kind": "file", "citation": f"Statement {document.pk}", "url": "", "document": document.pk, "note": ""}
        for document in files
    ]  # fmt: skip
    return nested_form_data(
        {
            "assessment": annotation.assessment,
            "severity": annotation.severity,
            "standards": list(annotation.standards.values_list("pk", flat=True)),
            "tags": [],
            "commentary": commentary,
            "recommendation": "",
            "evidence": inline_formset(rows, initial=annotation.evidence.count()),
        }
    )


def test_a_file_added_to_a_public_annotation_stays_private_until_its_revision_is_approved(client, law, people) -> None:
    public = public_with(law, make_document("first.pdf", b"%PDF-1.4 FIRST"), people)
    added = make_document("added-later.pdf", b"%PDF-1.4 ADDED")
    client.force_login(people["researcher"])
    edit = reverse("wagtailsnippets_reviews_annotation:edit", args=[public.pk])

    response = client.post(edit, editor_form(public, "Revised.", [added]))

    assert response.status_code == 302, response.content.decode()[:3000]
    added.refresh_from_db()
    assert added.collection == evidence_collection()  # the draft revision's file went private at once
    assert download(Client(), added)[0] == 404  # the live, public version does not cite it yet
    public = Annotation.objects.get(pk=public.pk)
    annotation_submit(public, user=people["researcher"])
    annotation_review(public, user=people["reviewer"], approve=True)
    assert download(Client(), added) == (200, b"%PDF-1.4 ADDED")


def test_no_public_page_can_link_a_document() -> None:
    """The rule counts only evidence: no proposal block or rich text, nor the home page's, can link a document.
    Adding one (a ``document-link`` feature, a document chooser) must widen ``reviews.evidence`` first."""
    body = ProposalBodyBlock()
    for name, block in body.child_blocks.items():
        assert not isinstance(block, DocumentChooserBlock), name
        assert "document-link" not in (getattr(block, "features", None) or []), name
    assert "document-link" not in HomePage._meta.get_field("intro").features
