"""Language choice per part of the site.

The public site's language is in its URL (English at /, Arabic under /ar/: ``i18n_patterns`` in config/urls.py),
so a citable address always shows the same page. Django's LocaleMiddleware then gives every unprefixed path the
default language, which would also pin the staff admin and the API to English; there the language comes from
the browser (Accept-Language) or the language cookie as before, and Wagtail's admin applies the user's own
preference on top.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# Paths outside the language-prefixed public site.
UNPREFIXED = ("/admin/", "/django-admin/", "/api/", "/documents/", "/i18n/")


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(UNPREFIXED):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
