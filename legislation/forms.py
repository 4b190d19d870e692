"""Forms of the staff pages: uploading source files to a new or an existing law, splitting a provision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from legislation.corrections import split_offset
from legislation.models import Law, Provision


def too_many_files(count: int) -> str:
    """The refusal of a batch of more than ``QANUN_UPLOAD_MAX_FILES`` files, naming the limit."""
    limit = settings.QANUN_UPLOAD_MAX_FILES
    return ngettext(
        "You chose %(count)s files: at most %(limit)s file can be uploaded at once. Nothing was stored.",
        "You chose %(count)s files: at most %(limit)s files can be uploaded at once. Nothing was stored; upload "
        "them in smaller batches.",
        limit,
    ) % {"count": count, "limit": limit}


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
        if len(files) > settings.QANUN_UPLOAD_MAX_FILES:
            raise forms.ValidationError(too_many_files(len(files)))
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


class SplitForm(forms.Form):
    """Where a new provision starts inside a provision's text (a line, or the words it starts with), and what
    the new provision is."""

    line = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("The new provision starts at this line"),
    )
    words = forms.CharField(
        required=False,
        label=_("…or at these words"),
        help_text=_("Paste the words the new provision starts with, if it starts inside a line."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    kind = forms.ChoiceField(choices=Provision.Kind.choices, initial=Provision.Kind.ARTICLE, label=_("Kind"))
    number = forms.CharField(max_length=100, required=False, label=_("Number"), widget=forms.TextInput(
        attrs={"dir": "auto"}), help_text=_("As printed, e.g. 12, 12 مكرر or الثانية عشرة"))  # fmt: skip
    heading = forms.CharField(
        required=False,
        label=_("Heading"),
        help_text=_("Leave empty to use the first line of the new provision."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def __init__(self, *args: Any, text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text = text
        lines = text.split("\n")
        self.offsets = [sum(len(line) + 1 for line in lines[:index]) for index in range(len(lines))]
        first = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
        self.first_lines = lines[: first + 1]
        self.fields["line"].choices = [(index, lines[index]) for index in range(first + 1, len(lines))
                                       if lines[index].strip()]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        line, words = data.get("line"), (data.get("words") or "").strip()
        if line is None and not words:
            raise forms.ValidationError(_("Choose the line the new provision starts at, or paste its first words."))
        if line is not None and words:
            raise forms.ValidationError(_("Choose a line or paste words, not both."))
        if words:
            offset = split_offset(self.text, words)
            if offset is None:
                self.add_error("words", _("These words are not in the text after its beginning."))
                return data
            data["offset"] = offset
        else:
            data["offset"] = self.offsets[line]
        return data
