from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "qanun_search"
    verbose_name = "Search"
