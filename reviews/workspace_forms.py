"""Forms of the researchers' workspace: the annotation panel (also what the JSON API validates) and the filters of
the annotation list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from legislation.models import Law, Provision
from reviews.annotations import AnnotationInput
from reviews.models import Annotation, RightsTag, StandardProvision
from reviews.workspace import AnnotationFilters, standard_title

__all__ = ["AnnotationPanelForm", "WorkspaceFilterForm"]


class StandardChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: StandardProvision) -> str:
        return f"{obj.code} — {standard_title(obj)}"


class TagChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: RightsTag) -> str:
        arabic = (get_language() or "").startswith("ar")
        return (obj.name_ar if arabic and obj.name_ar else obj.name_en) or obj.slug


class AnnotationPanelForm(forms.Form):
    """A passage of one provision of the law (offsets in its full text; none: the whole provision) and what the
    researcher says about it. Standards are given by code (ICCPR-19), tags by slug."""

    provision = forms.ModelChoiceField(queryset=Provision.objects.none(), label=_("Provision"))
    start = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    standards = StandardChoiceField(
        queryset=StandardProvision.objects.select_related("instrument"),
        to_field_name="code",
        label=_("Standards"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "required": _("Choose at least one standard the passage is assessed against."),
            "invalid_choice": _("%(value)s is not a standard in the catalogue."),
        },
    )
    assessment = forms.ChoiceField(
        choices=[("", "—"), *Annotation.Assessment.choices],
        label=_("Assessment"),
        error_messages={"required": _("Choose an assessment.")},
    )
    severity = forms.ChoiceField(choices=[("", "—"), *Annotation.Severity.choices], required=False, label=_("Severity"))
    tags = TagChoiceField(
        queryset=RightsTag.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Rights tags"),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    commentary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}), required=False, label=_("Commentary")
    )
    recommendation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), required=False, label=_("Recommendation")
    )
    submit = forms.BooleanField(required=False, label=_("Submit for review"))

    def __init__(self, *args: Any, law: Law, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.law = law
        self.fields["provision"].queryset = Provision.objects.filter(law=law)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both ends of the passage, or neither for the whole provision."))
        if start is not None and end is not None and start >= end:
            raise forms.ValidationError(_("The passage is empty: select some words."))
        return data

    def annotation_input(self) -> AnnotationInput:
        data = self.cleaned_data
        return AnnotationInput(
            provision=data["provision"],
            assessment=data["assessment"],
            standards=data["standards"],
            tags=data["tags"],
            severity=data["severity"],
            commentary=data["commentary"],
            recommendation=data["recommendation"],
            start=data["start"],
            end=data["end"],
        )


class WorkspaceFilterForm(forms.Form):
    """The list's filters, as GET parameters; a value that is not valid filters nothing."""

    standard = forms.CharField(required=False, max_length=64, label=_("Standard"))
    assessment = forms.ChoiceField(
        choices=[("", _("Any assessment")), *Annotation.Assessment.choices], required=False, label=_("Assessment")
    )
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *Annotation.Status.choices], required=False, label=_("Status")
    )
    author = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label=_("Author"))

    def __init__(self, *args: Any, law: Law, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        authors = get_user_model().objects.filter(annotations__law=law).distinct().order_by("username")
        self.fields["author"].choices = [("", _("Anyone")), *((u.pk, u.get_username()) for u in authors)]
        used = StandardProvision.objects.filter(annotations__law=law).distinct().select_related("instrument")
        self.standard_choices = [(s.code, f"{s.code} — {standard_title(s)}") for s in used]

    def filters(self) -> AnnotationFilters:
        if not self.is_bound:
            return AnnotationFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AnnotationFilters(
            standard=(data.get("standard") or "").strip(),
            assessment=data.get("assessment") or "",
            status=data.get("status") or "",
            author=data.get("author"),
        )
