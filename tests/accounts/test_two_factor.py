"""Two-factor sign-in: required (by setting) for every role and superusers, optional for a group left out of
``QANUN_TWO_FACTOR_GROUPS``; nothing of either admin is reached before the code; recovery codes work once."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from tests.accounts.conftest import code_now, sign_in, totp_device

pytestmark = pytest.mark.django_db

VERIFY = "/admin/two-factor/verify/"
SET_UP = "/admin/two-factor/set-up/"
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/reviews/workspace/", "/admin/account/", "/django-admin/"]


@pytest.fixture(autouse=True)
def _required(settings) -> None:
    settings.QANUN_TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0  # wrong, then right, at once


def verify(client: Client, code: str, next_url: str = "/admin/"):
    return client.post(VERIFY, {"code": code, "next": next_url})


def test_an_editor_reaches_nothing_before_the_code_and_everything_after(client, people) -> None:
    device = totp_device(people["editor"])
    response = sign_in(client, "editor")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    page = client.get(VERIFY + "?next=/admin/pages/")
    assert page.status_code == 200 and b'name="code"' in page.content

    response = verify(client, code_now(device), "/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_a_wrong_code_is_refused_and_recorded(client, people) -> None:
    device = totp_device(people["editor"])
    sign_in(client, "editor")
    right = code_now(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = verify(client, wrong)
    assert response.status_code == 200 and "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert AuditEvent.objects.filter(action="second_factor_failed", username="editor").count() == 1


def test_a_code_typed_in_arabic_digits_is_accepted(client, people) -> None:
    device = totp_device(people["editor"])
    sign_in(client, "editor")
    arabic = code_now(device).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert verify(client, arabic).status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("role", ["editor", "reviewer", "administrator", "superuser"])
def test_required_roles_without_a_device_are_sent_to_set_one_up(client, people, role) -> None:
    user = people[role]
    client.force_login(user)
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SET_UP), url


def test_setting_up_shows_ten_recovery_codes_once_and_verifies_the_session(client, people) -> None:
    client.force_login(people["editor"])
    page = client.get(SET_UP + "?next=/admin/")
    assert page.status_code == 200 and b"<svg" in page.content and b"data-totp-key" in page.content
    device = TOTPDevice.objects.get(user=people["editor"], confirmed=False)

    response = client.post(SET_UP, {"code": code_now(device), "next": "/admin/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assert code in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"second_factor_enabled", "recovery_codes_generated"} <= actions


def test_a_recovery_code_works_once_only(people) -> None:
    totp_device(people["editor"])
    first = Client()
    first.force_login(people["editor"])
    first.get(SET_UP)  # not allowed before verifying: redirected, nothing made
    assert not TOTPDevice.objects.filter(user=people["editor"], confirmed=False).exists()

    # Recovery codes made in a verified session.
    device = TOTPDevice.objects.get(user=people["editor"])
    verify(first, code_now(device))
    codes = first.post("/admin/account/two-factor/recovery-codes/").context["codes"]

    second = Client()
    sign_in(second, "editor")
    assert verify(second, codes[0].upper()).status_code == 302
    assert second.get("/admin/").status_code == 200

    third = Client()
    sign_in(third, "editor")
    response = verify(third, codes[0])
    assert response.status_code == 200 and "already used" in response.content.decode()
    assert third.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(device__user=people["editor"]).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, people) -> None:
    device = totp_device(people["editor"])
    client.force_login(people["editor"])
    verify(client, code_now(device))
    old = client.post("/admin/account/two-factor/recovery-codes/").context["codes"]
    new = client.post("/admin/account/two-factor/recovery-codes/").context["codes"]
    assert not set(old) & set(new)
    other = Client()
    other.force_login(people["editor"])
    assert verify(other, old[0]).status_code == 200  # refused
    assert verify(other, new[0]).status_code == 302


def test_a_password_alone_never_adds_a_device_or_codes(client, people) -> None:
    totp_device(people["editor"])
    sign_in(client, "editor")
    response = client.get(SET_UP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    response = client.post("/admin/account/two-factor/recovery-codes/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=people["editor"]).count() == 1
    assert not StaticToken.objects.exists()


def test_a_researcher_reads_every_evidence_file_so_is_asked_to_set_up_by_default(client, people) -> None:
    sign_in(client, "researcher")
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/two-factor/set-up/" in response["Location"]


@override_settings(QANUN_TWO_FACTOR_GROUPS=["Reviewers", "Editors", "Administrators"])
def test_a_group_left_out_of_the_setting_is_not_forced(client, people) -> None:
    assert sign_in(client, "researcher").status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/account/two-factor/").status_code == 200


def test_a_researcher_who_set_up_a_device_is_asked_for_it(client, people) -> None:
    device = totp_device(people["researcher"])
    sign_in(client, "researcher")
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    verify(client, code_now(device))
    assert client.get("/admin/").status_code == 200


def test_the_django_admin_needs_the_second_factor_too(client, people) -> None:
    device = totp_device(people["superuser"])
    response = sign_in(client, "root", url="/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    for url in ["/django-admin/", "/django-admin/auth/user/", "/django-admin/axes/accessattempt/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    verify(client, code_now(device), "/django-admin/")
    assert client.get("/django-admin/").status_code == 200


def test_the_code_page_never_sends_people_to_another_site(client, people) -> None:
    device = totp_device(people["editor"])
    sign_in(client, "editor")
    response = verify(client, code_now(device), "https://evil.example/phish")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_session_key_seen_before_the_code_is_worth_nothing_after_it(client, people) -> None:
    device = totp_device(people["editor"])
    sign_in(client, "editor")
    before = client.cookies["sessionid"].value
    verify(client, code_now(device))
    assert client.cookies["sessionid"].value != before
    stolen = Client()
    stolen.cookies["sessionid"] = before
    response = stolen.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@override_settings(QANUN_TWO_FACTOR_REQUIRED=False)
@pytest.mark.parametrize("role", ["researcher", "editor", "reviewer"])
def test_only_an_administrator_resets_someone_elses_second_factor(client, people, role) -> None:
    totp_device(people["administrator"])
    client.force_login(people[role])
    assert client.post("/admin/sign-in-locks/two-factor-reset/", {"username": "administrator"}).status_code == 403
    assert TOTPDevice.objects.filter(user=people["administrator"]).exists()


def test_someone_who_lost_phone_and_codes_sets_up_again_after_an_administrators_reset(people) -> None:
    """The recovery codes' device goes too: with it left, set-up would refuse and the person would be stuck."""
    editor = Client()
    device = totp_device(people["editor"])
    sign_in(editor, "editor")
    verify(editor, code_now(device))
    editor.post("/admin/account/two-factor/recovery-codes/")
    assert StaticToken.objects.filter(device__user=people["editor"]).exists()

    admin = Client()
    admin_device = totp_device(people["administrator"])
    sign_in(admin, "administrator")
    verify(admin, code_now(admin_device))
    response = admin.post("/admin/sign-in-locks/two-factor-reset/", {"username": "editor"})
    assert response.status_code == 302

    again = Client()
    sign_in(again, "editor")
    response = again.get("/admin/")
    assert response.status_code == 302 and SET_UP in response["Location"]
    assert again.get(response["Location"]).status_code == 200
    reset = AuditEvent.objects.get(action="second_factor_reset")
    assert reset.username == "administrator" and reset.detail["account"] == "editor"
