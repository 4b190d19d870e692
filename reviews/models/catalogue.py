"""The standards catalogue: international instruments, their provisions, and the rights taxonomy to tag them with.

A provision's ``code`` ("ICCPR-19", "ICCPR-OP1-5", "CCPR-GC34-47") is made from its instrument's code and its number,
and is what search filters (``standard:ICCPR-19``), annotations and URLs cite.
"""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_PATTERN = r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$"
NUMBER_PATTERN = r"^\d+(?:\.\d+)*[a-z]*$"

code_validator = RegexValidator(
    CODE_PATTERN,
    _("Letters and digits, in parts joined by hyphens, starting with a letter (e.g. ICCPR, ICCPR-OP1, CCPR-GC34)."),
)
number_validator = RegexValidator(
    NUMBER_PATTERN,
    _("An article or paragraph number as printed: digits, optionally dotted or with a suffix (19, 142.35, 12bis)."),
)

_SUFFIX_ORDER = {"": 0, "bis": 1, "ter": 2, "quater": 3, "quinquies": 4, "sexies": 5}


def provision_code(instrument_code: str, number: str) -> str:
    """The stable code of a provision: its instrument's code and its number, e.g. ICCPR-19."""
    return f"{instrument_code}-{number}"


def number_order(number: str) -> int:
    """An ordering value for a number as printed: 19 < 19bis < 20, and 142.9 < 142.35 < 143."""
    match = re.fullmatch(r"(\d+)((?:\.\d+)*)([a-z]*)", number)
    if not match:
        return 0
    main, dotted, suffix = match.groups()
    parts = [int(p) for p in dotted.split(".")[1:3]] + [0, 0]
    letters = _SUFFIX_ORDER.get(suffix, 9 if suffix else 0)
    return ((int(main) * 1000 + parts[0]) * 1000 + parts[1]) * 10 + letters


class RightsTag(models.Model):
    """A right or theme of the taxonomy (expression, fair trial, ...), to tag provisions and annotations with."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True, help_text=_("Used in search: tag:expression"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("broader tag"),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("rights tag")
        verbose_name_plural = _("rights tags")

    def __str__(self) -> str:
        return self.name_en


class Instrument(models.Model):
    """A treaty, declaration or soft-law document whose provisions laws are reviewed against."""

    class Kind(models.TextChoices):
        TREATY = "treaty", _("Treaty")
        DECLARATION = "declaration", _("Declaration")
        REGIONAL_TREATY = "regional-treaty", _("Regional treaty")
        OPTIONAL_PROTOCOL = "optional-protocol", _("Optional protocol")
        GENERAL_COMMENT = "general-comment", _("General comment")
        UPR_RECOMMENDATION = "upr-recommendation", _("UPR recommendations")
        SPECIAL_PROCEDURE_REPORT = "special-procedure-report", _("Special-procedure report")

    SOFT_LAW = (Kind.GENERAL_COMMENT, Kind.UPR_RECOMMENDATION, Kind.SPECIAL_PROCEDURE_REPORT)

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text=_("Short and stable: provisions are cited by it (ICCPR-19). E.g. UDHR, ICCPR-OP1, CCPR-GC34."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    body = models.CharField(
        _("body"),
        max_length=300,
        blank=True,
        help_text=_("Who adopted it, e.g. UN General Assembly, Human Rights Committee"),
    )
    symbol = models.CharField(_("document symbol"), max_length=100, blank=True, help_text=_("e.g. CCPR/C/GC/34"))
    adopted = models.DateField(_("adopted"), null=True, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    licence = models.TextField(
        _("licence note"), blank=True, help_text=_("Where the texts come from and whether they may be reproduced")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent instrument"),
        help_text=_("The treaty an optional protocol or general comment belongs to"),
    )
    interprets = models.ManyToManyField(
        "StandardProvision",
        blank=True,
        related_name="interpreted_by",
        verbose_name=_("interprets"),
        help_text=_("The provisions a general comment or report explains, e.g. ICCPR-19 for General Comment 34"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return f"{self.code}: {self.title_en}"

    def save(self, *args: object, **kwargs: object) -> None:
        """A changed code changes the codes of its provisions with it, so they stay unique and findable."""
        previous = Instrument.objects.filter(pk=self.pk).values_list("code", flat=True).first() if self.pk else None
        super().save(*args, **kwargs)
        if previous is not None and previous != self.code:
            for provision in self.provisions.all():
                provision.code = provision_code(self.code, provision.number)
                provision.save(update_fields=["code"])

    @property
    def is_soft_law(self) -> bool:
        return self.kind in self.SOFT_LAW


class StandardProvision(models.Model):
    """One article of an instrument (or one paragraph or recommendation of a soft-law document)."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="provisions", verbose_name=_("instrument")
    )
    number = models.CharField(
        _("number"), max_length=20, validators=[number_validator], help_text=_("As printed: 19, 142.35, 12bis")
    )
    order = models.PositiveBigIntegerField(_("order"), default=0, editable=False)
    code = models.CharField(_("code"), max_length=64, unique=True, editable=False)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_ar = models.TextField(_("text (Arabic)"), blank=True)
    attribution = models.CharField(
        _("attribution"), max_length=200, blank=True, help_text=_("For a UPR recommendation: the recommending State")
    )
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Extra search terms, comma-separated, in either language")
    )
    tags = models.ManyToManyField(RightsTag, blank=True, related_name="provisions", verbose_name=_("rights tags"))

    class Meta:
        ordering = ["instrument__order", "instrument__code", "order"]
        verbose_name = _("standard provision")
        verbose_name_plural = _("standard provisions")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="provision_unique_instrument_number"),
            models.CheckConstraint(condition=~models.Q(title_en="", title_ar=""), name="provision_has_a_title"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title_en or self.title_ar}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.code = provision_code(self.instrument.code, self.number)
        self.order = number_order(self.number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "code", "order"}  # type: ignore[misc]
        super().save(*args, **kwargs)
