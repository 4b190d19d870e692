from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = "Legislation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from legislation import receivers  # noqa: F401  (stored files deleted with their document; worker start-up)
