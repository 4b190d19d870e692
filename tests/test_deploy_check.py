"""`manage.py check --deploy` is clean with production settings from the environment (DEBUG off, a long
SECRET_KEY, an https SITE_URL, ALLOWED_HOSTS set), and not with the embedded http defaults, which is what makes
the clean run mean something. Nothing is silenced (SILENCED_SYSTEM_CHECKS is not set)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "QANUN_VAR_DIR": str(tmp_path / "var")}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "SITE_URL": "https://qanun.example.org",
    "ALLOWED_HOSTS": "qanun.example.org",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    "EMAIL_HOST": "smtp.example.org",
    "EMAIL_USE_TLS": "true",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = check_deploy(tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_about_an_http_site(tmp_path: Path) -> None:
    result = check_deploy(tmp_path, **{**PRODUCTION, "SITE_URL": "http://qanun.example.org"})

    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr  # no HSTS, no redirect
