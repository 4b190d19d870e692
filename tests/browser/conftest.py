"""Browser tests run against a live server, so their database is emptied between tests (a flush), which also
removes the page tree Wagtail's migrations made; the admin's dashboard and the public site need it back: the
English home page as the Site's root and its Arabic translation, as the website migration builds them."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _wagtail_page_tree(transactional_db: None) -> None:
    from website.home_pages import ensure_home_pages

    ensure_home_pages()
