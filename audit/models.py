"""One recorded event of the audit trail. Rows are only ever added: nothing in the product changes or deletes one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Locked out after failed sign-ins")
        UNLOCKED = "unlocked", _("Sign-in unlocked")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor refused")
        SECOND_FACTOR_ENABLED = "second_factor_enabled", _("Second factor set up")
        RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("Recovery codes generated")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset by an administrator")
        SOURCE_DOWNLOAD = "source_download", _("Source file downloaded")
        EVIDENCE_DOWNLOAD = "evidence_download", _("Evidence file downloaded")
        DOWNLOAD_REFUSED = "download_refused", _("Download refused")
        EXPORT = "export", _("Export")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as written at the time: the account may be renamed or deleted later, or never have existed (a failed
    # sign-in names what was typed).
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.username}"
