"""Site-wide addresses outside the language prefix: filled in by the public site work (sitemap.xml, robots.txt)."""

urlpatterns: list = []
