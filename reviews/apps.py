from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from reviews import roles, signals  # noqa: F401  (annotations follow their law's text)
        from reviews.catalogue.shipped import install_after_migrate

        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="reviews_catalogue_install")
        # After every app's migrations: the permissions of wagtaildocs and wagtailadmin exist by then.
        post_migrate.connect(roles.install_after_migrate, dispatch_uid="reviews_roles_install")
