"""The home pages every installation starts with: English (the Site's root) and its Arabic translation.

The data migration builds them on ``migrate``; ``ensure_home_pages()`` builds them again where a test flushed the
database (live-server tests) or a command starts from an empty one. Same titles and texts in both places."""

from __future__ import annotations

import uuid

__all__ = ["HOME_PAGES", "ensure_home_pages"]

# (language, title, slug, introduction as rich text)
HOME_PAGES: tuple[tuple[str, str, str, str], ...] = (
    (
        "en",
        "Qanun: legislation and human rights",
        "home",
        "<p>Qanun reviews national legislation, mostly Syrian, against international human-rights standards, "
        "article by article, and publishes proposals to reform it. Read the laws, what our researchers found in "
        "them, and what we propose.</p>",
    ),
    (
        "ar",
        "قانون: التشريعات وحقوق الإنسان",
        "home-ar",
        "<p>يراجع «قانون» التشريعات الوطنية، السورية في معظمها، في ضوء المعايير الدولية لحقوق الإنسان، مادةً "
        "مادة، وينشر مقترحات لإصلاحها. اقرأ القوانين، وما وجده باحثونا فيها، وما نقترحه.</p>",
    ),
)


def ensure_home_pages() -> None:
    """Locales, the page tree's root, the English home page as the default Site's root and its Arabic
    translation; what exists is kept."""
    from wagtail.models import Locale, Page, Site

    from website.models import HomePage

    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code, *_rest in HOME_PAGES}
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales["en"]))
    key = uuid.uuid4()
    existing = HomePage.objects.filter(locale=locales["en"]).first()
    if existing is not None:
        key = existing.translation_key
    for code, title, slug, intro in HOME_PAGES:
        if HomePage.objects.filter(locale=locales[code]).exists():
            continue
        root.refresh_from_db()
        root.add_child(
            instance=HomePage(title=title, slug=slug, intro=intro, locale=locales[code], translation_key=key)
        )
    english = HomePage.objects.get(locale=locales["en"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=english, is_default_site=True)
    elif site.root_page_id != english.pk:
        site.root_page = english
        site.save()
    Site.clear_site_root_paths_cache()
