from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "qanun_search"
    verbose_name = "Search"

    def ready(self) -> None:
        from search.documents import _register_defaults

        _register_defaults()
