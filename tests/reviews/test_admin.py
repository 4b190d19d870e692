"""The catalogue in Wagtail's admin: staff with the permission see the listings, inspect and edit pages;
anonymous visitors are sent to log in; Wagtail's Editors group may edit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from reviews.catalogue import editors_grant
from reviews.models import Instrument, RightsTag, StandardProvision

pytestmark = pytest.mark.django_db


def _urls() -> list[str]:
    provision = StandardProvision.objects.get(code="ICCPR-19")
    instrument = provision.instrument
    tag = RightsTag.objects.get(slug="expression")
    return [
        reverse("wagtailsnippets_reviews_instrument:list"),
        reverse("wagtailsnippets_reviews_instrument:inspect", args=[instrument.pk]),
        reverse("wagtailsnippets_reviews_standardprovision:list"),
        reverse("wagtailsnippets_reviews_standardprovision:inspect", args=[provision.pk]),
        reverse("wagtailsnippets_reviews_rightstag:list"),
        reverse("wagtailsnippets_reviews_rightstag:edit", args=[tag.pk]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client) -> None:
    for url in _urls():
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_staff_without_the_permission_are_refused(client) -> None:
    user = User.objects.create_user("clerk", password="pw-for-tests-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("wagtailsnippets_reviews_standardprovision:list"))
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_admin_pages_list_search_and_filter_the_catalogue(admin_client) -> None:
    for url in _urls():
        assert admin_client.get(url).status_code == 200, url
    provisions = reverse("wagtailsnippets_reviews_standardprovision:list")
    found = admin_client.get(provisions, {"q": "ICCPR-19"}).content.decode()
    assert "Freedom of opinion and expression" in found
    torture = RightsTag.objects.get(slug="torture")
    cat = Instrument.objects.get(code="CAT")
    filtered = admin_client.get(provisions, {"tags": torture.pk, "instrument": cat.pk}).content.decode()
    assert "Definition of torture" in filtered and "Freedom of opinion and expression" not in filtered
    arabic = admin_client.get(provisions, {"q": "حرية الرأي"}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "حرية الرأي والتعبير" in arabic
    menu = admin_client.get("/admin/").content.decode()
    assert "Standards" in menu


def test_editors_may_edit_provisions(client) -> None:
    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editors_grant()
    user = User.objects.create_user("editor", password="pw-for-tests-1")
    user.groups.add(editors)
    client.force_login(user)
    provision = StandardProvision.objects.get(code="ICCPR-9")
    edit = reverse("wagtailsnippets_reviews_standardprovision:edit", args=[provision.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "instrument": provision.instrument_id,
            "number": "9",
            "title_en": "Liberty and security of person",
            "title_ar": provision.title_ar,
            "text_en": "",
            "text_ar": "",
            "tags": list(provision.tags.values_list("pk", flat=True)),
            "keywords": "arrest, detention, habeas corpus",
            "attribution": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    provision.refresh_from_db()
    assert provision.keywords == "arrest, detention, habeas corpus" and provision.code == "ICCPR-9"
    assert not user.has_perm("reviews.delete_standardprovision")


def test_the_catalogue_interface_speaks_arabic() -> None:
    from django.utils import translation

    with translation.override("ar"):
        assert str(StandardProvision._meta.verbose_name_plural) == "الأحكام المعيارية"
        assert str(Instrument.Kind.GENERAL_COMMENT.label) == "تعليق عام"
        assert str(RightsTag._meta.get_field("parent").verbose_name) == "الوسم الأعم"
