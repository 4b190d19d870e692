"""The review step of the annotation workflow: a reviewer approves or requests changes, never on their own work."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

__all__ = ["IndependentReviewTask"]


class IndependentReviewTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve or request changes, except on an annotation they wrote or submitted:
    no one approves their own work, superusers included. Enforced where actions are offered, listed and taken."""

    def get_actions(self, obj: models.Model, user: models.Model) -> list:
        if self._is_own(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user: models.Model, **kwargs: object) -> models.QuerySet:
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    def on_action(self, task_state: TaskState, user: models.Model, action_name: str, **kwargs: object) -> None:
        if self._is_own(task_state.workflow_state.content_object, user):
            raise PermissionDenied(_("You cannot review your own annotation: another reviewer must."))
        return super().on_action(task_state, user, action_name, **kwargs)

    @staticmethod
    def _is_own(obj: models.Model, user: models.Model) -> bool:
        if getattr(obj, "author_id", None) == user.pk:
            return True
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    @classmethod
    def get_description(cls) -> str:
        return _("Members of the chosen groups approve, but never what they wrote or submitted themselves")

    class Meta:
        verbose_name = _("independent review task")
        verbose_name_plural = _("independent review tasks")
