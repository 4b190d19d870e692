from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "qanun_search"
    verbose_name = "Search"

    def ready(self) -> None:
        from search import signals  # noqa: F401  (connects the receivers that keep the index in step)
        from search.documents import _register_defaults

        _register_defaults()
