"""The JSON search API and its OpenAPI description: filled in by the search API work."""

app_name = "search-api"
urlpatterns: list = []
