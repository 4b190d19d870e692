"""What every installation has for proposals, installed after each ``migrate`` (idempotent) and by tests that
flushed the database: a proposal index under each language's home page (linked as translations), the
"Proposal review" workflow on them (a group approval task for Editors and Administrators), and the groups' page
permissions there: Researchers draft and submit, Editors also publish, Administrators also delete."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from proposals.models import ProposalIndexPage

__all__ = ["INDEX_PAGES", "PAGE_PERMISSIONS", "WORKFLOW_NAME", "ensure_proposal_setup"]

WORKFLOW_NAME = "Proposal review"
TASK_NAME = "Approval by an editor"

# (language, title, slug, introduction)
INDEX_PAGES: tuple[tuple[str, str, str, str], ...] = (
    (
        "en",
        "Reform proposals",
        "proposals",
        "What we propose to change in the laws we reviewed, article by article, and the findings it rests on.",
    ),
    (
        "ar",
        "مقترحات الإصلاح",
        "proposals",
        "ما نقترح تغييره في القوانين التي راجعناها، مادةً مادة، والنتائج التي يستند إليها.",
    ),
)

PAGE_PERMISSIONS: dict[str, list[str]] = {
    "Researchers": ["add_page", "change_page"],
    "Reviewers": ["add_page", "change_page"],
    "Editors": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Administrators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "delete_page"],
}


def _home_page(locale: Locale) -> Page | None:
    """The home page of a language: the default Site's root page, or its translation into that language."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    return site.root_page.get_translation_or_none(locale)


def ensure_proposal_setup() -> list[Any]:
    """The index pages, the workflow and the page permissions; returns the index pages."""
    with transaction.atomic():
        indexes = []
        key: uuid.UUID | None = None
        for code, title, slug, intro in INDEX_PAGES:
            locale = Locale.objects.filter(language_code=code).first()
            home = _home_page(locale) if locale else None
            if home is None:
                continue
            index = ProposalIndexPage.objects.child_of(home).first()
            if index is None:
                index = home.add_child(
                    instance=ProposalIndexPage(
                        title=title, slug=slug, intro=intro, locale=locale, translation_key=key or uuid.uuid4()
                    )
                )
            key = key or index.translation_key
            indexes.append(index)
        if not indexes:
            return []
        groups = {group.name: group for group in Group.objects.filter(name__in=PAGE_PERMISSIONS)}
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.add(*[groups[name] for name in ("Editors", "Administrators") if name in groups])
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        page_permissions = {
            p.codename: p
            for p in Permission.objects.filter(content_type__app_label="wagtailcore", content_type__model="page")
        }
        for index in indexes:
            WorkflowPage.objects.update_or_create(page=Page.objects.get(pk=index.pk), defaults={"workflow": workflow})
            for name, codenames in PAGE_PERMISSIONS.items():
                if name not in groups:
                    continue
                for codename in codenames:
                    GroupPagePermission.objects.get_or_create(
                        group=groups[name], page_id=index.pk, permission=page_permissions[codename]
                    )
        return indexes


def install_after_migrate(app_config: object = None, **kwargs: object) -> None:
    """post_migrate: once, after the last app's handlers (the groups are made by reviews' own handler)."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is with_models[-1]:
        ensure_proposal_setup()
