from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = _("Reform proposals")

    def ready(self) -> None:
        from proposals import search_records, setup, signals

        search_records.register()  # kind «proposal» in search.documents
        signals.connect_annotation_signals()
        # After every app's migrations (reviews' handler makes the groups first: it is connected earlier).
        post_migrate.connect(setup.install_after_migrate, dispatch_uid="proposals_setup_install")
