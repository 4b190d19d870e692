"""The JSON search API and its OpenAPI description, at /api/search/ (no language prefix)."""

from django.urls import path

from search import api

app_name = "search-api"
urlpatterns = [
    path("", api.search_api, name="search"),
    path("similar/<str:key>/", api.similar_api, name="similar"),
    path("openapi.json", api.openapi_document, name="openapi"),
]
