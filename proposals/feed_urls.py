"""Atom and RSS feeds of published proposals: filled in by the proposals work."""

app_name = "feeds"
urlpatterns: list = []
