"""The JSON search API and its generated OpenAPI document, at /api/search/ (no language prefix): search.api's
NinjaAPI, in the namespace ``search-api``."""

from search.api import api

urlpatterns, _, app_name = api.urls
