"""The search pages (public and staff): filled in by the search pages work."""

app_name = "search"
urlpatterns: list = []
