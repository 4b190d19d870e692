"""Laws as works, the source files they were read from, the text per page, and their provisions as a tree."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subject(models.Model):
    """A subject heading a law can be filed under (criminal law, nationality, labour, ...)."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("subject")

    def __str__(self) -> str:
        return self.name_en


class Law(models.Model):
    """A law, decree or other legal instrument, as a work (not one of its files)."""

    class Kind(models.TextChoices):
        CONSTITUTION = "constitution", _("Constitution")
        LAW = "law", _("Law")
        LEGISLATIVE_DECREE = "legislative-decree", _("Legislative decree")
        DECREE = "decree", _("Decree")
        REGULATION = "regulation", _("Regulation")
        DECISION = "decision", _("Decision")
        CIRCULAR = "circular", _("Circular")

    class Status(models.TextChoices):
        IN_FORCE = "in-force", _("In force")
        AMENDED = "amended", _("Amended")
        REPEALED = "repealed", _("Repealed")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.LAW)
    number = models.CharField(_("number"), max_length=50, blank=True, help_text=_("As printed, e.g. 17 or 49/م"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    issuing_authority = models.CharField(_("issuing authority"), max_length=300, blank=True)
    date_issued = models.DateField(_("date of issue"), null=True, blank=True)
    date_published = models.DateField(_("date of publication"), null=True, blank=True)
    gazette_reference = models.CharField(_("official gazette reference"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_FORCE)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ARABIC)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="laws", verbose_name=_("subjects"))
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published laws are ever shown to the public, in pages, search, feeds or the API."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "kind", "number", "pk"]
        verbose_name = _("law")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number"],
                condition=~Q(number="") & Q(year__isnull=False),
                name="law_unique_kind_year_number",
                violation_error_message=_("A law of this kind, year and number already exists."),
            ),
            models.CheckConstraint(condition=~Q(title_ar="", title_en=""), name="law_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the law's own language, falling back to the other one."""
        own, other = (self.title_ar, self.title_en) if self.language == "ar" else (self.title_en, self.title_ar)
        return own or other

    @property
    def citation(self) -> str:
        """«Law No. 17 of 2010», in the interface language."""
        values = {"kind": self.get_kind_display(), "number": self.number, "year": self.year}
        if self.number and self.year:
            return _("%(kind)s No. %(number)s of %(year)s") % values
        if self.number:
            return _("%(kind)s No. %(number)s") % values
        if self.year:
            return _("%(kind)s of %(year)s") % values
        return str(values["kind"])

    def get_admin_url(self) -> str:
        return reverse("wagtailsnippets_legislation_law:inspect", args=[self.pk])


class SourceDocument(models.Model):
    """One uploaded file of a law, stored once whatever its name, and its processing state."""

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        TEXT = "text", _("Plain text")
        MARKDOWN = "markdown", "Markdown"
        HTML = "html", "HTML"

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        EXTRACTING = "extracting", _("Extracting text")
        SEGMENTING = "segmenting", _("Finding articles")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    IN_PROGRESS = (State.QUEUED, State.EXTRACTING, State.SEGMENTING)
    # A worker reports progress at least every second; one silent this long has stopped (crashed or killed).
    STALE_AFTER = timedelta(seconds=settings.QANUN_STALE_AFTER_SECONDS)

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="documents", verbose_name=_("law"))
    file = models.FileField(_("file"), upload_to="sources/%Y/%m/")
    original_name = models.CharField(_("original file name"), max_length=255)
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    file_type = models.CharField(_("file type"), max_length=16, choices=FileType.choices)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    extract_seconds = models.FloatField(null=True, blank=True)
    segment_seconds = models.FloatField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    quality = models.FloatField(
        _("text quality"), null=True, blank=True, help_text=_("Lowest page score, 0 (garbage) to 1 (reads well)")
    )
    needs_review = models.BooleanField(
        _("needs review"), default=False, help_text=_("Some text is garbage or missing: OCR or a person is needed")
    )
    review_reason = models.TextField(_("why it needs review"), blank=True)

    class Meta:
        ordering = ["law", "created_at", "pk"]
        verbose_name = _("source document")
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def in_progress(self) -> bool:
        return self.state in self.IN_PROGRESS

    @property
    def is_being_worked_on(self) -> bool:
        """Extracting or segmenting, with a word from the worker recently."""
        working = self.state in (self.State.EXTRACTING, self.State.SEGMENTING)
        return working and self.updated_at > timezone.now() - self.STALE_AFTER

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages.values_list("text", flat=True))


class DocumentPage(models.Model):
    """The text extracted from one page of a source document (a DOCX or text file's page is a hard page break)."""

    class Source(models.TextChoices):
        TEXT = "text", _("Text layer")
        PDFTOTEXT = "pdftotext", _("Text layer (pdftotext)")
        OCR = "ocr", _("OCR")

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    quality = models.FloatField(
        _("text quality"),
        null=True,
        blank=True,
        help_text=_("0 (garbage) to 1 (reads well); empty: too short to judge"),
    )
    source = models.CharField(_("read by"), max_length=16, choices=Source.choices, default=Source.TEXT)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="page_unique_number")]

    def __str__(self) -> str:
        return f"{self.document} p. {self.number}"

    @property
    def is_garbage(self) -> bool:
        from legislation.quality import GOOD_QUALITY

        return self.quality is not None and self.quality < GOOD_QUALITY


class Provision(models.Model):
    """A node of a law's structure: a book, part, chapter, section, article, paragraph or item.

    ``eid`` is a stable identifier in the spirit of Akoma Ntoso (``chp_2__art_12``) that a URL can cite.
    """

    class Kind(models.TextChoices):
        PREAMBLE = "preamble", _("Preamble")
        BOOK = "book", _("Book")
        PART = "part", _("Part")
        CHAPTER = "chapter", _("Chapter")
        SECTION = "section", _("Section")
        SUBSECTION = "subsection", _("Subsection")
        ARTICLE = "article", _("Article")
        PARAGRAPH = "paragraph", _("Paragraph")
        ITEM = "item", _("Item")
        FINAL = "final", _("Final provisions")
        SIGNATURE = "signature", _("Signature")

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="provisions")
    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    number = models.CharField(_("number as printed"), max_length=100, blank=True)
    number_value = models.CharField(
        _("normalised number"), max_length=50, blank=True, help_text=_("Western digits, e.g. 12 or 12-bis")
    )
    heading = models.TextField(blank=True)
    text = models.TextField(blank=True)
    order = models.PositiveIntegerField(help_text=_("Position in reading order within the document"))
    depth = models.PositiveSmallIntegerField(default=0)
    eid = models.CharField(max_length=200)

    class Meta:
        ordering = ["document", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "eid"], name="provision_unique_eid")]
        indexes = [models.Index(fields=["law", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    # Structural divisions: they hold articles and have a heading, no text of their own to cite.
    DIVISION_KINDS = frozenset({"book", "part", "chapter", "section", "subsection"})
    # Provisions read as an article: numbered, citable, searchable, with the text of their paragraphs and items.
    ARTICLE_KINDS = frozenset({"article", "preamble", "final", "signature"})
    # Structural divisions listed in a table of contents, with the articles; paragraphs and items are not.
    TABLE_OF_CONTENTS_KINDS = frozenset({"book", "part", "chapter", "section", "subsection", "article", "final"})
    # A longer «heading» is the article's whole first sentence, not a title: pages show «Article 12» instead.
    HEADING_MAX = 80

    @property
    def in_table_of_contents(self) -> bool:
        return self.kind in self.TABLE_OF_CONTENTS_KINDS

    def subtree(self) -> models.QuerySet[Provision]:
        """This provision and everything under it (an article's paragraphs and items), in reading order."""
        following = Provision.objects.filter(document_id=self.document_id, order__gt=self.order, depth__lte=self.depth)
        end = following.order_by("order").values_list("order", flat=True).first()
        provisions = Provision.objects.filter(document_id=self.document_id, order__gte=self.order)
        if end is not None:
            provisions = provisions.filter(order__lt=end)
        return provisions.order_by("order")

    @property
    def full_text(self) -> str:
        """The whole text of the provision, its paragraphs and items included (its own ``text`` stops at the first
        of them)."""
        return "\n".join(p.text for p in self.subtree())

    @property
    def anchor(self) -> str:
        """An HTML id unique on a law's staff page, where several files may each have an ``art_1``."""
        return f"doc{self.document_id}__{self.eid}"


class ProvisionCorrection(models.Model):
    """A person's correction of the segmentation of one document: merge a provision into the one before it, or
    split one where a new provision starts.

    Re-processing recreates the provisions, so a correction names its target by what survives that: the
    provision's ``eid`` and a quote of its text (a merge: the provision's opening words; a split: the words the new
    provision starts with). Every run of the document replays the corrections in the order they were made; one
    that no longer fits the text is marked ``conflict``, with the reason, and changes nothing.
    """

    class Action(models.TextChoices):
        MERGE = "merge", _("Merge with the previous provision")
        SPLIT = "split", _("Split")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        CONFLICT = "conflict", _("Conflict")

    class Conflict(models.TextChoices):
        NOT_FOUND = "not-found", _("The quoted words are not in the text any more.")
        AMBIGUOUS = "ambiguous", _("The quoted words are in several provisions.")
        FIRST = "first", _("The provision is now the first one: there is nothing before it to merge with.")
        ALREADY = "already", _("A provision already starts there: the segmentation may be right now.")

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("law"))
    document = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("source document")
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    eid = models.CharField(_("provision"), max_length=200, help_text=_("The eid of the provision when corrected"))
    quote = models.TextField(
        _("quote"), help_text=_("Merge: the provision's opening words. Split: the words the new provision starts with.")
    )
    new_kind = models.CharField(_("kind of the new provision"), max_length=16, choices=Provision.Kind.choices,
                                blank=True)  # fmt: skip
    new_number = models.CharField(_("number of the new provision"), max_length=100, blank=True)
    new_heading = models.TextField(_("heading of the new provision"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.APPLIED)
    conflict = models.CharField(_("conflict"), max_length=16, choices=Conflict.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "created_at", "pk"]
        verbose_name = _("provision correction")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.eid}"
