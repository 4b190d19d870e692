from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = "Legislation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from legislation import signals  # noqa: F401  (worker start-up hook)
