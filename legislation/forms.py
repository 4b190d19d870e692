"""Forms of the staff pages: uploading source files to a new or an existing law."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from legislation.models import Law


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.txt,.md,.html,.htm"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        files = [single(item, initial) for item in data] if isinstance(data, list | tuple) else [single(data, initial)]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        # Each file's size and type are checked on upload, one by one, so one bad file does not stop the rest.
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, DOCX, plain text, Markdown or HTML; several at once if you like."),
    )
    law = forms.ModelChoiceField(
        Law.objects.order_by("-year", "title_ar", "title_en"),
        required=False,
        label=_("Attach to an existing law"),
        help_text=_("Leave empty to create a new law from the fields below."),
    )
    kind = forms.ChoiceField(choices=Law.Kind.choices, initial=Law.Kind.LAW, label=_("Kind"), required=False)
    number = forms.CharField(max_length=50, required=False, label=_("Number"))
    year = forms.IntegerField(min_value=1800, max_value=2200, required=False, label=_("Year"))
    title_ar = forms.CharField(
        max_length=500,
        required=False,
        label=_("Title (Arabic)"),
        widget=forms.TextInput(attrs={"dir": "rtl"}),
    )
    title_en = forms.CharField(max_length=500, required=False, label=_("Title (English)"))
    language = forms.ChoiceField(choices=Law.Language.choices, initial=Law.Language.ARABIC, label=_("Language"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("law") and not (data.get("title_ar") or data.get("title_en")):
            raise forms.ValidationError(_("Choose an existing law, or give the new law a title (Arabic or English)."))
        return data

    def new_law_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data.get("kind") or Law.Kind.LAW,
            "number": data.get("number") or "",
            "year": data.get("year"),
            "title_ar": data.get("title_ar") or "",
            "title_en": data.get("title_en") or "",
            "language": data["language"],
        }
