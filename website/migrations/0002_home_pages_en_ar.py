"""The English home page as the Site's root and its Arabic translation, replacing Wagtail's "Welcome" page.

Historical models have no tree methods, so paths are set by hand (treebeard's materialised path: 4 base-36
characters a level)."""

import uuid

from django.db import migrations
from django.utils import timezone

from website.home_pages import HOME_PAGES

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _next_child_path(parent, siblings) -> str:
    last = siblings.order_by("-path").values_list("path", flat=True).first()
    if last is None:
        return parent.path + "0001"
    number = 0
    for char in last[-4:]:
        number = number * 36 + ALPHABET.index(char)
    number += 1
    step = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step


def create_home_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("website", "HomePage")

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return  # no page tree (an unusual database): ensure_home_pages() builds one when needed
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code, *_rest in HOME_PAGES}
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    # Wagtail's placeholder: a plain page at depth 2 with nothing under it.
    welcome = Page.objects.filter(depth=2, content_type=page_type, numchild=0, slug="home").first()
    sites = Site.objects.filter(root_page=welcome) if welcome else Site.objects.none()
    if welcome is not None:
        sites_ids = list(sites.values_list("pk", flat=True))
        Site.objects.filter(pk__in=sites_ids).delete()
        welcome.delete()
    home_type, _ = ContentType.objects.get_or_create(app_label="website", model="homepage")
    key = uuid.uuid4()
    now = timezone.now()
    pages = {}
    for code, title, slug, intro in HOME_PAGES:
        siblings = Page.objects.filter(depth=2, path__startswith=root.path)
        pages[code] = HomePage.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            intro=intro,
            content_type=home_type,
            path=_next_child_path(root, siblings),
            depth=2,
            numchild=0,
            url_path=f"/{slug}/",
            locale=locales[code],
            translation_key=key,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
    root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=pages["en"], is_default_site=True)
    else:
        site.root_page = pages["en"]
        site.save(update_fields=["root_page"])


def remove_home_pages(apps, schema_editor):
    HomePage = apps.get_model("website", "HomePage")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ids = list(HomePage.objects.values_list("pk", flat=True))
    Site.objects.filter(root_page_id__in=ids).delete()
    Page.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0001_home_page"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_pages, remove_home_pages)]
