"""The JSON search API with real indexed laws: hits with their citable addresses, facets, filters, paging and
sort; 400 with where a query went wrong, 503 when the engine is down; staff results only for a staff session that
asks; the generated OpenAPI document lists every parameter the API accepts, and the API refuses what the document
rules out."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from search.forms import FILTERS

if TYPE_CHECKING:
    from tests.search.pages_fixtures import Library

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.search.pages_fixtures"]  # pages_library, pages_staff

HIT_KEYS = {"law", "law_id", "provision", "number", "score", "snippet", "url", "kind", "title", "language"}


def test_an_arabic_query_returns_article_hits_with_citable_addresses(client, pages_library: Library) -> None:
    response = client.get("/api/search/", {"q": "حرية التعبير"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["total"] == len(data["hits"]) > 0
    assert data["page"] == 1 and data["per_page"] == 20 and data["lagging"] is False
    first = data["hits"][0]
    assert HIT_KEYS <= set(first)
    assert first["kind"] == "provision" and first["provision"] == "art_42" and first["number"] == "42"
    assert first["law"] == "دستور الجمهورية العربية السورية" and first["law_id"] == pages_library.constitution.pk
    assert first["url"] == f"http://127.0.0.1:8000/laws/id/{pages_library.constitution.pk}/#art_42"
    assert "<mark>حرية</mark>" in first["snippet"] and first["language"] == "ar"
    assert set(data["facets"]) == {"type", "kind", "year", "status", "standard", "assessment", "tag"}
    assert {"value": "constitution", "count": data["total"]} in data["facets"]["kind"]
    assert "حرية" in response.content.decode()  # UTF-8, not \\u escapes


def test_filters_paging_and_sort(client, pages_library: Library) -> None:
    everything = client.get("/api/search/", {"q": "الدولة"}).json()
    assert everything["total"] > 20 and everything["pages"] >= 2
    page_2 = client.get("/api/search/", {"q": "الدولة", "page": 2}).json()
    assert page_2["page"] == 2
    assert not {hit["url"] for hit in everything["hits"]} & {hit["url"] for hit in page_2["hits"]}
    small = client.get("/api/search/", {"q": "الدولة", "per_page": 5}).json()
    assert len(small["hits"]) == 5 and small["pages"] == -(-small["total"] // 5)

    annotations = client.get("/api/search/", {"q": "حرية", "type": "annotation"}).json()
    assert annotations["total"] == 1 and annotations["hits"][0]["kind"] == "annotation"
    either = client.get("/api/search/", {"q": "حرية", "type": "annotation,provision"}).json()
    assert either["total"] == client.get("/api/search/", {"q": "حرية"}).json()["total"]
    by_law = client.get("/api/search/", {"q": "freedom OR حرية", "law": pages_library.udhr.pk}).json()
    assert by_law["total"] > 0 and {hit["law_id"] for hit in by_law["hits"]} == {pages_library.udhr.pk}
    by_standard = client.get("/api/search/", {"standard": "ICCPR-19"}).json()
    assert {hit["provision"] for hit in by_standard["hits"]} == {"art_42"}

    by_date = client.get("/api/search/", {"q": "freedom OR حرية", "sort": "date", "per_page": 100}).json()
    assert by_date["total"] == len(by_date["hits"])
    years = [hit["year"] for hit in by_date["hits"]]
    assert years == sorted(years, reverse=True) and years[0] == 2012 and years[-1] == 1948


def test_lagging_says_index_updates_are_waiting(client, pages_library: Library) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from search.models import PendingUpdate

    assert client.get("/api/search/", {"q": "حرية"}).json()["lagging"] is False
    PendingUpdate.objects.create(key=f"law:{pages_library.udhr.pk}", queued_at=timezone.now() - timedelta(minutes=1))
    assert client.get("/api/search/", {"q": "حرية"}).json()["lagging"] is True


def test_a_malformed_query_is_a_400_with_the_message_and_where(client, pages_library: Library) -> None:
    response = client.get("/api/search/", {"q": "حرية OR"})
    assert response.status_code == 400
    assert response.json() == {"error": "OR needs something on each side, as in «تعبير OR رأي».", "position": 5}
    assert client.get("/api/search/", {"q": "colour:red"}).json()["position"] == 0


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"sort": "alphabet"}, "sort must be one of"),
        ({"page": "zero"}, "page must be a whole number"),
        ({"per_page": "1000"}, "per_page must be between 1 and 100"),
        ({"type": "tweet"}, "type must be one of"),
        ({"colour": "red"}, "Unknown parameter «colour»"),
        ({"audience": "everyone"}, "audience must be public or staff"),
    ],
)
def test_bad_parameters_are_a_400_that_says_what_is_wrong(client, db, params, words) -> None:
    response = client.get("/api/search/", {"q": "حرية", **params})
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_an_engine_that_is_down_is_a_503(client, pages_library: Library, settings) -> None:
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/api/search/", {"q": "حرية"})
    assert response.status_code == 503
    assert "unavailable" in response.json()["error"]


def test_the_public_never_sees_an_unpublished_law_even_asking_for_staff_results(
    client, pages_library: Library, pages_staff, django_user_model
) -> None:
    public = client.get("/api/search/", {"q": "المحاماة"}).json()
    assert public["total"] == 0 and public["hits"] == [] and public["audience"] == "public"
    assert all(value["value"] != "2010" for value in public["facets"].get("year", []))

    refused = client.get("/api/search/", {"q": "المحاماة", "audience": "staff"})
    assert refused.status_code == 403 and "المحاماة" not in refused.content.decode()
    someone = django_user_model.objects.create_user("someone", password="pw-for-tests-1")
    client.force_login(someone)
    assert client.get("/api/search/", {"q": "المحاماة", "audience": "staff"}).status_code == 403

    client.force_login(pages_staff)
    assert client.get("/api/search/", {"q": "المحاماة"}).json()["total"] == 0  # staff too: public unless asked
    staff = client.get("/api/search/", {"q": "المحاماة", "audience": "staff"})
    assert staff.status_code == 200 and staff["Cache-Control"] == "private, no-store"
    data = staff.json()
    assert data["audience"] == "staff" and data["total"] > 0
    assert {hit["law_id"] for hit in data["hits"]} == {pages_library.profession.pk}
    # The draft annotation's standard is a staff facet only.
    drafts = client.get("/api/search/", {"q": "التعذيب", "audience": "staff"}).json()
    assert "ICCPR-7" in {value["value"] for value in drafts["facets"]["standard"]}
    client.logout()
    public_drafts = client.get("/api/search/", {"q": "التعذيب"}).json()
    assert "ICCPR-7" not in {value["value"] for value in public_drafts["facets"].get("standard", [])}


def test_similar_provisions_through_the_api(client, pages_library: Library, pages_staff) -> None:
    article = pages_library.constitution.provisions.get(eid="art_42")
    data = client.get(f"/api/search/similar/provision:{article.pk}/", {"limit": 5}).json()
    assert data["key"] == f"provision:{article.pk}" and len(data["hits"]) <= 5
    assert all(hit["law_id"] != pages_library.constitution.pk for hit in data["hits"])
    assert all(hit["law_id"] != pages_library.profession.pk for hit in data["hits"])
    hidden = pages_library.profession.provisions.get(eid="art_8")
    assert client.get(f"/api/search/similar/provision:{hidden.pk}/").status_code == 404
    client.force_login(pages_staff)
    assert client.get(f"/api/search/similar/provision:{hidden.pk}/", {"audience": "staff"}).status_code == 200
    assert client.get("/api/search/similar/provision:1/", {"limit": "500"}).status_code == 400


def _spec(client) -> dict:
    response = client.get("/api/search/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_openapi_document_is_valid_json_and_lists_every_parameter(client, db) -> None:
    spec = _spec(client)
    assert spec["openapi"].startswith("3.1")
    assert spec["info"]["title"] == "Qanun search API"
    search = spec["paths"]["/api/search/"]["get"]
    listed = {parameter["name"] for parameter in search["parameters"]}
    # What the API reads: the filters the search pages read, and its own.
    assert listed == {"q", *FILTERS, "sort", "page", "per_page", "audience"}
    similar = spec["paths"]["/api/search/similar/{key}/"]["get"]
    assert {p["name"] for p in similar["parameters"] if p["in"] == "query"} == {"limit", "audience"}
    assert [p["name"] for p in similar["parameters"] if p["in"] == "path"] == ["key"]
    assert all(p.get("description") for p in search["parameters"] + similar["parameters"])
    assert {"200", "400", "403", "503"} <= set(search["responses"])
    assert {"200", "400", "403", "404", "503"} <= set(similar["responses"])
    # Every $ref resolves, and the hit schema names the keys the API gives.
    for ref in json.dumps(spec).split('"$ref": "')[1:]:
        name = ref.split('"')[0].rsplit("/", 1)[-1]
        assert name in spec["components"]["schemas"]
    assert HIT_KEYS <= set(spec["components"]["schemas"]["Hit"]["properties"])
    # A parameter's ``examples`` is a map of named examples in OpenAPI (a list there makes the document invalid).
    assert all(isinstance(p.get("examples", {}), dict) for p in search["parameters"] + similar["parameters"])


def _within_bounds(schema: dict) -> list[str]:
    """Values at the limits the document gives a parameter."""
    good: list[str] = list(schema.get("enum") or schema.get("items", {}).get("enum") or [])
    good += [str(schema[limit]) for limit in ("minimum", "maximum") if limit in schema]
    if "maxItems" in schema:
        good.append(",".join(good[: schema["maxItems"]] or [str(i) for i in range(schema["maxItems"])]))
    if "maxLength" in schema:
        good.append("ب" * schema["maxLength"])
    return good


def _out_of_bounds(schema: dict) -> list[str]:
    """Values the document says a parameter does not take."""
    bad: list[str] = []
    enum = schema.get("enum") or schema.get("items", {}).get("enum")
    if enum:
        bad.append("not-" + "-".join(enum))
    if schema["type"] == "integer":
        bad.append("one")
        if "minimum" in schema:
            bad.append(str(schema["minimum"] - 1))
        if "maximum" in schema:
            bad.append(str(schema["maximum"] + 1))
    if "maxItems" in schema:
        bad.append(",".join(f"v{i}" for i in range(schema["maxItems"] + 1)))
    if "maxLength" in schema:
        bad.append("ب" * (schema["maxLength"] + 1))
    return bad


@pytest.mark.parametrize("path", ["/api/search/", "/api/search/similar/{key}/"])
def test_the_api_refuses_what_its_document_rules_out_and_nothing_it_allows(
    client, pages_library: Library, path: str
) -> None:
    """Each limit the document gives a parameter (enum, minimum, maximum, maxItems, maxLength) is what the API
    takes: a value at it is answered, one past it is a 400 that says what is wrong; a parameter the document does
    not list is a 400; the documented defaults are what is used."""
    spec = _spec(client)
    article = pages_library.constitution.provisions.get(eid="art_42")
    url = path.replace("{key}", f"provision:{article.pk}")
    parameters = [p for p in spec["paths"][path]["get"]["parameters"] if p["in"] == "query"]
    tried = 0
    for parameter in parameters:
        name = parameter["name"]
        for value in _within_bounds(parameter["schema"]):
            response = client.get(url, {name: value})
            assert response.status_code != 400, (name, value, response.content)  # audience=staff: a 403
        for value in _out_of_bounds(parameter["schema"]):
            response = client.get(url, {name: value})
            assert response.status_code == 400, (name, value, response.content)
            error = response.json()["error"]
            assert name in error or str(parameter["schema"].get("maxLength")) in error, (name, value, error)
            tried += 1
    assert tried >= len(parameters)
    refused = client.get(url, {"colour": "red"})
    assert refused.status_code == 400 and "Unknown parameter «colour»" in refused.json()["error"]
    for name in [p["name"] for p in parameters]:
        assert name in refused.json()["error"]  # the refusal lists what is accepted
    answer = client.get(url).json()
    echoed = {"q": "query"}
    for parameter in parameters:
        field = echoed.get(parameter["name"], parameter["name"])
        if "default" in parameter["schema"] and field in answer:
            assert answer[field] == parameter["schema"]["default"], parameter["name"]


def test_every_documented_parameter_is_accepted(client, pages_library: Library) -> None:
    values = {
        "q": "حرية", "sort": "date", "page": "1", "per_page": "5", "audience": "public", "year": "2012",
        "law": str(pages_library.constitution.pk), "type": "provision", "kind": "constitution", "status": "in-force",
        "standard": "ICCPR-19", "assessment": "incompatible", "tag": "expression",
    }  # fmt: skip
    spec = _spec(client)
    for parameter in spec["paths"]["/api/search/"]["get"]["parameters"]:
        name = parameter["name"]
        response = client.get("/api/search/", {name: values[name]})
        assert response.status_code == 200, (name, response.content)
    everything = client.get("/api/search/", values).json()
    assert [hit["provision"] for hit in everything["hits"]] == ["art_42"]
    # The answer has what the schemas promise.
    schemas = spec["components"]["schemas"]
    assert set(schemas["Results"]["required"]) <= set(everything)
    assert all(set(schemas["Hit"]["required"]) <= set(hit) for hit in everything["hits"])
    assert set(everything) <= set(schemas["Results"]["properties"])
    assert all(set(hit) <= set(schemas["Hit"]["properties"]) for hit in everything["hits"])
