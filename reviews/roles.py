"""The four roles people work in, as Django groups with their permissions, and the annotation review workflow.

Installed after every migrate (idempotent), so a fresh database has them; an administrator puts people in
groups in Wagtail's admin. Permissions are what every view and API checks, never only what the interface shows.

- Researchers read laws and the standards, write annotations and submit them for review.
- Reviewers also approve annotations or request changes (never their own: ``IndependentReviewTask``) and choose
  which approved ones are public.
- Editors also upload and edit laws, correct their segmentation and edit the standards catalogue.
- Administrators also manage people, groups and workflows.

Files attached as evidence live in the "Evidence" collection, restricted to these groups (``reviews.evidence``),
installed with them.

Reviewers hold Wagtail's ``publish_annotation``, since approving publishes; ``Annotation.publish`` refuses it to
the annotation's author and to whoever wrote the revision, so no one approves their own work by any route.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from reviews.evidence import evidence_collection_install

__all__ = ["ADMINISTRATORS", "EDITORS", "RESEARCHERS", "REVIEWERS", "ROLES", "roles_install"]

RESEARCHERS, REVIEWERS, EDITORS, ADMINISTRATORS = "Researchers", "Reviewers", "Editors", "Administrators"
WORKFLOW_NAME = "Annotation review"
TASK_NAME = "Review by another reviewer"

_READ = [
    "wagtailadmin.access_admin",
    "legislation.view_law", "legislation.view_sourcedocument", "legislation.view_provision",
    "reviews.view_instrument", "reviews.view_standardprovision", "reviews.view_rightstag",
    "reviews.view_annotation",
]  # fmt: skip
_ANNOTATE = ["reviews.add_annotation", "reviews.change_annotation", "reviews.lock_annotation"]
# Approving publishes, as the reviewer: Wagtail checks publish permission. ``Annotation.publish`` refuses anyone
# publishing their own work, by the workflow or the editor's Publish button alike.
_REVIEW = ["reviews.publish_annotation", "reviews.make_public_annotation", "reviews.unlock_annotation"]
_EDIT = [
    "legislation.add_law", "legislation.change_law", "legislation.add_sourcedocument",
    "legislation.change_sourcedocument", "legislation.add_subject", "legislation.change_subject",
    "reviews.add_instrument", "reviews.change_instrument", "reviews.add_standardprovision",
    "reviews.change_standardprovision", "reviews.add_rightstag", "reviews.change_rightstag",
    "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
]  # fmt: skip
_ADMINISTER = [
    "legislation.delete_law", "legislation.delete_sourcedocument", "reviews.delete_annotation",
    "reviews.delete_instrument", "reviews.delete_standardprovision", "reviews.delete_rightstag",
    "auth.add_user", "auth.change_user", "auth.delete_user", "auth.view_user",
    "auth.add_group", "auth.change_group", "auth.view_group",
    "wagtailcore.add_workflow", "wagtailcore.change_workflow", "wagtailcore.add_task", "wagtailcore.change_task",
    "audit.view_auditevent",
]  # fmt: skip

ROLES: dict[str, list[str]] = {
    RESEARCHERS: _READ + _ANNOTATE + ["wagtaildocs.add_document", "wagtaildocs.choose_document"],
    REVIEWERS: _READ + _ANNOTATE + _REVIEW + ["wagtaildocs.add_document", "wagtaildocs.choose_document"],
    EDITORS: _READ + _ANNOTATE + _REVIEW + _EDIT,
    ADMINISTRATORS: _READ + _ANNOTATE + _REVIEW + _EDIT + _ADMINISTER,
}


def roles_install() -> dict[str, Group]:
    """Create or update the groups, their permissions, the annotation workflow and the private "Evidence"
    collection. Returns the groups."""
    from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

    from reviews.models import Annotation, IndependentReviewTask

    with transaction.atomic():
        groups = {}
        for name, codes in ROLES.items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(*_permissions(codes))
            groups[name] = group
        task = IndependentReviewTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = IndependentReviewTask.objects.create(name=TASK_NAME)
        task.groups.add(groups[REVIEWERS], groups[EDITORS], groups[ADMINISTRATORS])
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        content_type = ContentType.objects.get_for_model(Annotation)
        WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})
        evidence_collection_install(groups.values())
    return groups


def _permissions(codes: list[str]) -> list[Permission]:
    found = []
    for code in codes:
        app_label, codename = code.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is None:
            raise LookupError(f"permission {code} does not exist (a model or app renamed?)")
        found.append(permission)
    return found


def install_after_migrate(app_config: object = None, **kwargs: object) -> None:
    """post_migrate handler: the roles and workflow exist whenever the database does. Runs once, after the last
    app's handlers, when every app's permissions have been created."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is with_models[-1]:
        roles_install()
