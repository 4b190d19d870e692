"""The catalogue shipped with the app (``reviews/data``), loaded after every ``migrate`` through the same import as
the ``import_standards`` command: what is missing is added and empty fields are filled; nothing staff edited is
overwritten, and a second run writes nothing."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS

from reviews.catalogue.importer import catalogue_import
from reviews.catalogue.readers import read_json
from reviews.catalogue.records import Batch, ImportReport
from reviews.models import Instrument, RightsTag, StandardProvision

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EDITORS_GROUP = "Editors"  # made by Wagtail's own migrations
EDITOR_PERMISSIONS = ("add", "change", "view")
CATALOGUE_MODELS = ("rightstag", "instrument", "standardprovision")


def shipped_paths() -> list[Path]:
    """The rights taxonomy first, then one file per instrument."""
    return [DATA_DIR / "tags.json", *sorted((DATA_DIR / "instruments").glob("*.json"))]


def shipped_batch() -> Batch:
    batch = Batch(source="shipped catalogue (reviews/data)")
    for path in shipped_paths():
        batch.extend(read_json(path))
    return batch


def catalogue_install() -> ImportReport:
    """Add what the shipped catalogue has and the database lacks."""
    return catalogue_import(shipped_batch(), overwrite=False)


def editors_grant() -> None:
    """Wagtail's Editors group may add, change and view the catalogue (deleting stays with administrators)."""
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return
    codenames = [f"{action}_{model}" for action in EDITOR_PERMISSIONS for model in CATALOGUE_MODELS]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="reviews", codename__in=codenames))


def install_after_migrate(
    sender: object, using: str = DEFAULT_DB_ALIAS, apps: Apps | None = None, **kwargs: object
) -> None:
    """post_migrate receiver for the reviews app (also sent after ``flush``): load the catalogue once the app's
    tables are as its models say."""
    if using != DEFAULT_DB_ALIAS or not _tables_match_models(apps or global_apps):
        return
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("reviews"), verbosity=0, using=using)
    catalogue_install()
    editors_grant()


def _tables_match_models(state: Apps) -> bool:
    """False after a partial migrate (``migrate reviews zero``, or a migration not yet applied)."""
    for model in (RightsTag, Instrument, StandardProvision):
        try:
            migrated = state.get_model("reviews", model.__name__)
        except LookupError:
            return False
        if _field_names(migrated) != _field_names(model):
            return False
    return True


def _field_names(model: type) -> set[str]:
    meta = model._meta  # type: ignore[attr-defined]
    return {f.name for f in [*meta.local_fields, *meta.local_many_to_many]}
