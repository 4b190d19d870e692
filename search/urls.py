"""The public search pages, under the language prefix: /search/, /ar/search/."""

from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("export.csv", views.export_csv, name="export"),
    path("similar/<str:key>/", views.similar_page, name="similar"),
]
