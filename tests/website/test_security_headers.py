"""Security headers and the settings read from the environment: a Content-Security-Policy on the public site (no
inline script, style or handler anywhere in its pages, never framed), none on the two admins, whose pages need
inline script; HSTS, redirects, cookies, proxy header and e-mail settings parsed from the environment; a password
reset mail sent through the SMTP server the environment names."""

from __future__ import annotations

import json
import os
import re
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from legislation.citations import law_path
from tests.proposals.conftest import draft_proposal, publish

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def public_pages(library) -> list[str]:
    proposal = publish(draft_proposal(library.law, title="Decriminalise false news", slug="csp-proposal"))
    return ["/", "/ar/", "/laws/", law_path(library.law), "/search/?q=نفسية", "/proposals/", proposal.url]


def test_public_pages_carry_the_content_security_policy(client, library) -> None:
    for url in public_pages(library):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"], url
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy" in client.get("/feeds/proposals.atom")
    assert "Content-Security-Policy" in client.get("/this-page-does-not-exist/")


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


def test_public_pages_have_no_inline_script_style_or_handler(client, library) -> None:
    for url in [*public_pages(library), "/this-page-does-not-exist/"]:
        html = client.get(url).content.decode()
        assert not INLINE.findall(html), (url, INLINE.findall(html))


@override_settings(QANUN_TWO_FACTOR_REQUIRED=False)
def test_the_admins_are_left_without_the_policy_and_still_work(admin_client) -> None:
    for url in ("/admin/", "/admin/pages/", "/django-admin/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" not in response, url
        assert response["X-Frame-Options"] == "DENY"


# --- Settings from the environment ---------------------------------------------------------------------------

READ = (
    "import json, config.settings as s; print(json.dumps({name: getattr(s, name, None) for name in ["
    "'SITE_URL', 'WAGTAILADMIN_BASE_URL', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SECURE_PROXY_SSL_HEADER', 'SECURE_REFERRER_POLICY', "
    "'CSRF_COOKIE_HTTPONLY', 'SESSION_COOKIE_SECURE', 'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', "
    "'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'DEFAULT_FROM_EMAIL', "
    "'SERVER_EMAIL', 'CONTENT_SECURITY_POLICY']}, default=str))"
)


def settings_with(tmp_path: Path, **env: str) -> dict:
    """config.settings as a fresh process reads it from this environment (nothing of the test run's leaks in)."""
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "QANUN_VAR_DIR": str(tmp_path / "var")}
    result = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )
    if result.returncode:
        raise AssertionError(result.stderr)
    return json.loads(result.stdout)


def test_the_embedded_defaults_stay_on_http_without_hsts(tmp_path: Path) -> None:
    read = settings_with(tmp_path)
    assert read["SITE_URL"] == read["WAGTAILADMIN_BASE_URL"] == "http://127.0.0.1:8000"
    assert read["SECURE_SSL_REDIRECT"] is False and read["SECURE_HSTS_SECONDS"] == 0
    assert read["SECURE_PROXY_SSL_HEADER"] is None
    assert read["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"  # DEBUG off: the local MTA
    assert read["DEFAULT_FROM_EMAIL"] == "Qanun <noreply@127.0.0.1>"
    assert settings_with(tmp_path, DEBUG="true")["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_an_https_site_gets_hsts_the_redirect_and_the_proxy_header(tmp_path: Path) -> None:
    read = settings_with(
        tmp_path, SITE_URL="https://qanun.example.org", SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"
    )
    assert read["SECURE_SSL_REDIRECT"] is True and read["SECURE_HSTS_SECONDS"] == 31_536_000
    assert read["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and read["SECURE_HSTS_PRELOAD"] is True
    assert read["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert read["CSRF_COOKIE_HTTPONLY"] is True and read["SESSION_COOKIE_SECURE"] is True
    assert read["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["upgrade-insecure-requests"] is True

    turned_down = settings_with(
        tmp_path, SITE_URL="https://qanun.example.org", SECURE_HSTS_SECONDS="3600", SECURE_SSL_REDIRECT="false"
    )
    assert turned_down["SECURE_HSTS_SECONDS"] == 3600 and turned_down["SECURE_SSL_REDIRECT"] is False


def test_smtp_settings_come_from_the_environment(tmp_path: Path) -> None:
    read = settings_with(
        tmp_path, EMAIL_HOST="smtp.example.org", EMAIL_USE_TLS="true", EMAIL_HOST_USER="qanun",
        EMAIL_HOST_PASSWORD="s3cret", DEFAULT_FROM_EMAIL="Qanun <qanun@example.org>",
    )  # fmt: skip
    assert read["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (read["EMAIL_HOST"], read["EMAIL_PORT"], read["EMAIL_USE_TLS"]) == ("smtp.example.org", 587, True)
    assert (read["EMAIL_HOST_USER"], read["EMAIL_HOST_PASSWORD"]) == ("qanun", "s3cret")
    assert read["DEFAULT_FROM_EMAIL"] == read["SERVER_EMAIL"] == "Qanun <qanun@example.org>"
    assert settings_with(tmp_path, EMAIL_HOST="smtp.example.org", EMAIL_USE_SSL="1")["EMAIL_PORT"] == 465
    # DEBUG with a server named: the mail goes to the server, not the console.
    assert settings_with(tmp_path, DEBUG="true", EMAIL_HOST="mx")["EMAIL_BACKEND"].endswith("smtp.EmailBackend")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "set one, not both"),
        ({"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, "SECURE_PROXY_SSL_HEADER must name a request header"),
        ({"SITE_URL": "qanun.example.org"}, "SITE_URL must be scheme, host and optional port"),
    ],
)
def test_a_wrong_setting_stops_the_start_up_with_a_message(tmp_path: Path, env: dict, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        settings_with(tmp_path, **env)


# --- A password reset mail through an SMTP server -----------------------------------------------------------


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to take one message: greeting, EHLO, MAIL, RCPT, DATA, QUIT."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        envelope: dict = {"to": []}
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.wfile.write(b"250 test\r\n")
            elif verb == "MAIL":
                envelope["from"] = command
                self.wfile.write(b"250 OK\r\n")
            elif verb == "RCPT":
                envelope["to"].append(command)
                self.wfile.write(b"250 OK\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go on\r\n")
                data = []
                while (body := self.rfile.readline()) not in {b".\r\n", b""}:
                    data.append(body)
                envelope["data"] = b"".join(data).decode("utf-8", "replace")
                self.server.messages.append(envelope)  # type: ignore[attr-defined]
                envelope = {"to": []}
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


@pytest.fixture
def smtp_server() -> Iterator[socketserver.TCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_password_reset_mail_goes_out_through_the_smtp_server(smtp_server, django_user_model) -> None:
    from accounts.services import password_reset_mail_send

    django_user_model.objects.create_user("rania", email="rania@example.org", password="x-long-enough-1")
    port = smtp_server.server_address[1]
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port,
        EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD="",
        DEFAULT_FROM_EMAIL="Qanun <noreply@qanun.example.org>", SITE_URL="https://qanun.example.org",
        WAGTAILADMIN_BASE_URL="https://qanun.example.org",
    ):  # fmt: skip
        assert password_reset_mail_send(email="rania@example.org") == 1

    (message,) = smtp_server.messages
    assert message["from"].lower() == "mail from:<noreply@qanun.example.org>"
    assert [to.lower() for to in message["to"]] == ["rcpt to:<rania@example.org>"]
    assert "https://qanun.example.org/admin/password_reset/confirm/" in message["data"].replace("=\r\n", "")
