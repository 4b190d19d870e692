from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from reviews.evidence_views import document_serve

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # The two-factor steps, before Wagtail's admin: open to anyone signed in with a password, verified or not.
    path("admin/two-factor/", include("accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    # Every document download is decided by the evidence rule and streamed (reviews.evidence_views); Wagtail's own
    # document URLs stay behind it for what else they answer.
    path("documents/<int:document_id>/<str:document_filename>", document_serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/search/", include("search.api_urls")),
    path("", include("website.urls")),  # sitemap.xml, robots.txt
]

# MEDIA_ROOT holds the source files of laws that may be drafts: it is never served as it is. Staff download
# a file through legislation's document view, which checks their permissions.
if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# The public site, in English at / and in Arabic under /ar/: the law library, search, proposal feeds, and the
# Wagtail pages (home, proposals).
urlpatterns += i18n_patterns(
    path("laws/", include("website.library_urls")),
    path("search/", include("search.urls")),
    path("feeds/", include("proposals.feed_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
