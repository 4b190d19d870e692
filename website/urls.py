"""Site-wide addresses outside the language prefix: sitemap.xml, robots.txt."""

from django.urls import path

from website import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
]
