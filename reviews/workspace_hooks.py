"""Admin URLs and menu items of the workspace (registered when reviews.wagtail_hooks imports this module)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reviews import api, workspace_views
from reviews.queue import REVIEW_PERMISSION


@hooks.register("register_admin_urls")
def register_workspace_urls() -> list:
    return [
        path("reviews/workspace/", workspace_views.WorkspaceIndexView.as_view(), name="reviews_workspace_index"),
        path("reviews/workspace/<int:law_id>/", workspace_views.WorkspaceView.as_view(), name="reviews_workspace"),
        path(
            "reviews/api/laws/<int:law_id>/annotations/",
            api.law_annotations_endpoint,
            name="reviews_api_law_annotations",
        ),
        path("reviews/queue/", workspace_views.QueueView.as_view(), name="reviews_queue"),
        path("reviews/queue/<int:pk>/review/", workspace_views.queue_review, name="reviews_queue_review"),
        path(
            "reviews/annotations/<int:pk>/public/", workspace_views.annotation_public, name="reviews_annotation_public"
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args: object, permissions: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perms(self.permissions)


@hooks.register("register_admin_menu_item")
def register_annotate_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("Annotate"), reverse("reviews_workspace_index"), icon_name="comment", order=152,
        permissions=api.READ_PERMISSIONS,
    )  # fmt: skip


@hooks.register("register_admin_menu_item")
def register_queue_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("Review queue"), reverse("reviews_queue"), icon_name="tasks", order=153, permissions=(REVIEW_PERMISSION,)
    )


@hooks.register("register_log_actions")
def register_public_log_actions(actions: Any) -> None:
    """Making an approved annotation public (or private again) is a publication: it goes in the annotation's
    history and the audit trail."""
    actions.register_action("reviews.made_public", _("Made public"), _("Made public"))
    actions.register_action("reviews.made_private", _("Made private"), _("Withdrawn from the public"))
