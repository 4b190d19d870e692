"""Browser tests run against a live server, so their database is emptied between tests (a flush), which also
removes the page tree Wagtail's migrations made; the admin's dashboard needs it back."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _wagtail_page_tree(transactional_db: None) -> None:
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    if Page.objects.filter(depth=1).exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(instance=Page(title="Welcome", slug="home", locale=locale))
    Site.objects.get_or_create(hostname="localhost", defaults={"root_page": home, "is_default_site": True})
