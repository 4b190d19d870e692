"""An Editor signs in through the real pages in a real browser with two-factor sign-in required: the password,
then a code from their authenticator (computed here from the device's key, as the phone would); a wrong code is
refused and nothing of the admin opens before the right one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.test_upload_in_admin import browser_page  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


def code_now(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_an_editor_signs_in_with_password_and_code(
    browser_page,  # noqa: F811
    live_server,
    django_user_model,
    settings,
    tmp_path: Path,
) -> None:
    settings.QANUN_TWO_FACTOR_REQUIRED = True
    editor = django_user_model.objects.create_user("editor", password=PASSWORD, first_name="Ola")
    editor.groups.add(Group.objects.get(name="Editors"))
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/two-factor/verify/\?next=/admin/$"))
    page.get_by_role("heading", name="Enter your code").wait_for()

    # The admin stays shut before the code.
    page.goto(f"{live_server.url}/admin/reviews/workspace/")
    page.wait_for_url(re.compile(r".*/admin/two-factor/verify/\?next=/admin/reviews/workspace/$"))

    right = code_now(device)
    page.fill("input[name=code]", f"{(int(right) + 500_000) % 1_000_000:06d}")
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("That code is not right").wait_for()
    assert "/admin/two-factor/verify/" in page.url
    page.screenshot(path=str(tmp_path / "wrong-code.png"), full_page=True)

    page.wait_for_timeout(2500)  # django-otp refuses any code for 1 s after a wrong one: a person waits longer
    page.fill("input[name=code]", code_now(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Verify").click()
    assert "/admin/two-factor/verify/" not in page.url, page.locator("main, body").first.inner_text()[:500]
    page.wait_for_url(re.compile(r".*/admin/reviews/workspace/$"))
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Upload laws").wait_for()  # the Editor's dashboard and menu
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    print(tmp_path)  # noqa: T201  (where the screenshots are, for a person to look at)
