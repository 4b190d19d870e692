from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from reviews.catalogue.shipped import install_after_migrate

        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="reviews_catalogue_install")
