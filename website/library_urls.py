"""The public law library's addresses (included under the language prefix in config/urls.py)."""

from django.urls import path

from website import library_views

app_name = "library"

urlpatterns = [
    path("", library_views.law_list, name="laws"),
    path("id/<int:pk>/", library_views.law_by_id, name="law-by-id"),
    path("<slug:kind>/<int:year>/<str:number>/", library_views.law_detail, name="law"),
]
