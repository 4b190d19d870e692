from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "website"
    verbose_name = _("Public website")

    def ready(self) -> None:
        from website import home_pages

        # The default Wagtail Site's hostname and port follow SITE_URL.
        post_migrate.connect(home_pages.install_after_migrate, sender=self, dispatch_uid="website_site_url")
