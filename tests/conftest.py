"""Fixtures shared by the whole suite: the shared corpus, a real Celery worker process, Debian's chromium."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("QANUN_CORPUS", REPO.parent / "shared" / "corpus"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip when something the test needs is missing; under CI that is an error, never a silent skip."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must be present)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus() -> Path:
    require(
        CORPUS.is_dir(),
        f"the shared corpus is not at {CORPUS} (set QANUN_CORPUS or place ../shared beside the repo)",
    )
    return CORPUS


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request to an /ar/ page leaves Arabic active in the thread: every test starts and ends in the default."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> None:
    """Each test stores uploads in a folder of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def database_url() -> str:
    """The URL of the database the tests use, for processes the tests start."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """A real ``celery worker`` (prefork, as in production: time limits need it) on the configured broker and
    the test database."""

    def __init__(self, media_root: str) -> None:
        self.media_root = media_root
        self.process: subprocess.Popen[bytes] | None = None
        self.log = Path(settings.VAR_DIR) / "worker.log"

    def start(self, **extra_env: str) -> None:
        env = {
            **os.environ,
            **extra_env,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "MEDIA_ROOT": self.media_root,
        }
        log = open(self.log, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers", "worker", "--pool=prefork", "--concurrency=1",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def kill(self) -> None:
        """Stop the worker at once, as a crash or the OOM killer would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        """Cold shutdown (SIGQUIT): the tests wait for their documents before stopping, so nothing is cut."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(3)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self) -> bool:
        return bool(self.process and self.process.poll() is None)


def _purge_broker() -> None:
    from workers.celery import app

    with app.connection_for_write() as conn:
        app.control.purge(connection=conn)


@pytest.fixture
def celery_worker(transactional_db, settings) -> Iterator[WorkerProcess]:
    """A running worker process; tests that use it commit their data so the worker can see it."""
    _purge_broker()
    worker = WorkerProcess(settings.MEDIA_ROOT)
    worker.start()
    yield worker
    worker.stop()


def wait_for(predicate: Callable[[], object], timeout: float = 60, interval: float = 0.2) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require(Path(path).exists(), "Debian's chromium is not installed (make install installs it as root)")
    return path


@pytest.fixture(scope="session", autouse=True)
def _close_other_database_sessions(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Before the test database is dropped, end the sessions that processes the tests started (a killed worker's
    connection can outlive it for a moment), so PostgreSQL lets it go."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
