"""Reports (one submission) and their observations, and the category taxonomy.

An observation is about a place and a situation, never a named person.
The reporting issue extends intake, review and feedback; the fields here are the
ones every later screen reads.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation, Place, User
from samordna.core.querysets import RestrictedManager


class Category(models.Model):
    """What was seen. National defaults have no municipality; a municipality may add its own."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="categories"
    )
    code = models.SlugField(_("kod"), max_length=40)
    name = models.CharField(_("namn"), max_length=120)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Polisen's event types ("Skadegörelse", "Brand", …) that correspond to this category.
    polisen_types = models.JSONField(default=list, blank=True)
    is_positive = models.BooleanField(_("positiv iakttagelse"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    objects = RestrictedManager["Category"]()

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="category_code_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(municipality__isnull=True),
                name="category_national_code_unique",
            ),
        ]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")

    def __str__(self) -> str:
        return self.name


class CategorySetting(models.Model):
    """What one municipality says about a category: its own name for it, or that it no
    longer uses it. National categories are shared, so a municipality's rename or
    retirement lives here and never changes them for the others (reports.categories)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # A local category's settings go with it when it is deleted (only ever unused).
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="settings")
    # Empty: the category's own name. Only national categories get one; a local
    # category is renamed on its own row.
    local_name = models.CharField(_("kommunens namn"), max_length=120, blank=True)
    is_retired = models.BooleanField(_("används inte längre"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "category"], name="category_setting_unique"
            ),
        ]
        verbose_name = _("kategoriinställning")
        verbose_name_plural = _("kategoriinställningar")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.local_name or self.category_id}"


class Report(models.Model):
    """One submission by a reporter for their organisation."""

    class Source(models.TextChoices):
        WEB = "web", _("Webbformulär")
        API = "api", _("API")
        IMPORT = "import", _("Filimport")
        DEMO = "demo", _("Syntetisk demodata")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reporter = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Supplied by the client (or derived from an import's natural key): intake is idempotent.
    client_uuid = models.UUIDField(unique=True, default=uuid.uuid4)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    submitted_at = models.DateTimeField(default=timezone.now)
    is_synthetic = models.BooleanField(_("syntetisk"), default=False)

    objects = RestrictedManager["Report"]()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            # The near-duplicate check reads one reporter's reports of the last hour.
            models.Index(fields=["reporter", "submitted_at"], name="report_reporter_recent"),
            # The operator's list: each municipality's latest report, an index lookup.
            models.Index(
                fields=["municipality", "submitted_at"], name="report_municipality_recent"
            ),
        ]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")

    def __str__(self) -> str:
        return f"{self.organisation} {self.submitted_at:%Y-%m-%d}"


class Observation(models.Model):
    """One thing seen at a place and time: what, where, when, how unsafe."""

    class TimeBand(models.TextChoices):
        MORNING = "morning", _("Morgon (06–10)")
        DAY = "day", _("Dag (10–17)")
        EVENING = "evening", _("Kväll (17–22)")
        NIGHT = "night", _("Natt (22–06)")

    class PlaceType(models.TextChoices):
        PUBLIC = "public", _("Offentlig miljö")
        SEMI_PUBLIC = "semi_public", _("Halvoffentlig (trapphus, butik)")
        INDOOR = "indoor", _("Inomhus")

    class Certainty(models.TextChoices):
        OBSERVED = "observed", _("Sett själv")
        SUSPECTED = "suspected", _("Misstänkt")
        HEARD = "heard", _("Hört talas om")

    class PoliceReported(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nej")
        UNKNOWN = "unknown", _("Vet inte")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Inskickad")
        REVIEWED = "reviewed", _("Granskad")
        IN_PICTURE = "in_picture", _("Med i fastställd lägesbild")
        LINKED = "linked", _("Kopplad till problem/insats")
        CLOSED = "closed", _("Avslutad")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="observations")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    occurred_from = models.DateTimeField(_("från"))
    occurred_to = models.DateTimeField(_("till"), null=True, blank=True)
    time_band = models.CharField(max_length=10, choices=TimeBand.choices, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    # SWEREF 99 TM metres, derived from the point at write time for metric analysis.
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address = models.CharField(_("adress"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    place_type = models.CharField(max_length=12, choices=PlaceType.choices, blank=True)
    people_count = models.PositiveIntegerField(_("antal personer"), null=True, blank=True)
    unsafety = models.PositiveSmallIntegerField(
        _("otrygghet (1–3)"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    certainty = models.CharField(max_length=10, choices=Certainty.choices)
    reported_to_police = models.CharField(
        max_length=8, choices=PoliceReported.choices, default=PoliceReported.UNKNOWN
    )
    immediate_action = models.TextField(_("åtgärd direkt"), blank=True)
    free_text = models.TextField(_("fritext"), blank=True)
    # When a coordinator last removed part of the text (reports.redaction); the reporter
    # is told. What was removed is kept nowhere.
    text_redacted_at = models.DateTimeField(_("text borttagen"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    # Review (reports.review): why it was closed, by whom and when it was last reviewed.
    # The reason is shown to the reporter, so it is checked for personal data like free text.
    closed_reason = models.TextField(_("skäl till avslut"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("dubblett av"),
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskad av"),
    )
    # Period keys stored at write time (Stockholm time): TruncWeek on SQLite is too slow.
    week_key = models.CharField(max_length=8, db_index=True)
    tertial_key = models.CharField(max_length=7, db_index=True)
    is_synthetic = models.BooleanField(_("syntetisk"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Imported rows only: the file's id ("id:…") or a hash of the row ("h:…"), so that
    # importing the same file again adds nothing. Unique per organisation.
    import_key = models.CharField(max_length=110, blank=True, default="")

    objects = RestrictedManager["Observation"]()

    class Meta:
        ordering = ["-occurred_from"]
        indexes = [
            models.Index(fields=["municipality", "week_key", "area", "category"]),
            models.Index(fields=["municipality", "tertial_key"]),
            models.Index(fields=["municipality", "occurred_from"]),
            # Lists, maps and exports read newest first over what a user may see (an OR of
            # municipalities and organisations): this index serves that order, so a page
            # stops after its rows instead of sorting all of history.
            models.Index(fields=["-occurred_from", "-id"], name="observation_newest_first"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "import_key"],
                condition=~models.Q(import_key=""),
                name="observation_import_key_unique",
            ),
        ]
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")

    def __str__(self) -> str:
        return f"{self.category} {self.occurred_from:%Y-%m-%d}"


# Feedback kinds that happen once per observation; "changed" may happen again and again.
FEEDBACK_ONCE_KINDS = ("reviewed", "closed", "duplicate", "in_picture", "linked")


class Feedback(models.Model):
    """What a reporter is told about one of their observations (*återkoppling*).

    One row per (observation, event): reviewed, closed, merged as a duplicate, included in
    a confirmed situation picture, linked to a problem or intervention — and, as often as
    it happens, that problem or intervention changed (`changed`), a decision or a
    follow-up. Each row belongs to its recipient's `FeedbackItem` for the event: the
    reporter is shown, and mailed, the items; the rows stay as each observation's
    history ("Mina rapporter"). Written only by `reports.feedback`; read only by its
    recipient.
    """

    class Kind(models.TextChoices):
        REVIEWED = "reviewed", _("Granskad")
        CLOSED = "closed", _("Avslutad")
        DUPLICATE = "duplicate", _("Sammanslagen med en annan rapport")
        IN_PICTURE = "in_picture", _("Med i fastställd lägesbild")
        LINKED = "linked", _("Kopplad till problem/insats")
        # The problem or intervention it is linked to moved on: one row per change.
        CHANGED = "changed", _("Problem/insats har ändrats")
        DECIDED = "decided", _("Beslut på veckomötet")
        FOLLOWED_UP = "followed_up", _("Uppföljning")

    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="feedback")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # The report's reporter when the feedback was written; a report without one gets none.
    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("händelse"), max_length=12, choices=Kind.choices)
    message = models.TextField(_("meddelande"))
    # The grouped item the reporter is shown for this row's event (one per event).
    item = models.ForeignKey(
        "FeedbackItem", on_delete=models.PROTECT, null=True, blank=True, related_name="rows"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("skickad per e-post"), null=True, blank=True)

    objects = RestrictedManager["Feedback"]()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "kind"],
                condition=models.Q(kind__in=FEEDBACK_ONCE_KINDS),
                name="feedback_once_per_kind",
            ),
        ]
        indexes = [
            # The header's unread count and the weekly digest both start from the recipient.
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "emailed_at"]),
        ]
        verbose_name = _("återkoppling")
        verbose_name_plural = _("återkopplingar")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class FeedbackItem(models.Model):
    """One thing a reporter is told about one event, however many of their observations
    it concerns: "3 av dina iakttagelser kom med i veckans lägesbild (v. 47)", "Mötet
    beslutade: …". The page, the header's unread count and the weekly digest count these,
    not the per-observation `Feedback` rows. One per (recipient, event `key`): telling
    again changes nothing, and an event that grows (more observations) is new again.
    Written only by `reports.feedback`; read only by its recipient.
    """

    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # The event, e.g. "picture:12", "decision:5", "reviewed:2026-12-06".
    key = models.CharField(max_length=100)
    kind = models.CharField(_("händelse"), max_length=12, choices=Feedback.Kind.choices)
    message = models.TextField(_("meddelande"))
    # How many of the recipient's observations the event concerns.
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("skickad per e-post"), null=True, blank=True)

    objects = RestrictedManager["FeedbackItem"]()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="feedback_item_once"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "emailed_at"]),
        ]
        verbose_name = _("återkoppling (samlad)")
        verbose_name_plural = _("återkopplingar (samlade)")

    def __str__(self) -> str:
        return f"{self.key} {self.recipient_id}"


class FeedbackEvent(models.Model):
    """An event to tell reporters about (a decision, a follow-up, a problem's step),
    written in the transaction that makes it, so it cannot be lost. A task delivers it
    after the commit (`reports.feedback_events.feedback_event_task`); `send_feedback_digest`
    delivers any that are still waiting. Delivery is idempotent (`FeedbackItem.key`)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=12, choices=Feedback.Kind.choices)
    message = models.TextField()
    # The observations whose reporters are told (the decision's grounds, the problem's links).
    observation_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return self.key


class ExportJob(models.Model):
    """An export too large to download at once, written in the background by
    `samordna run_export_jobs` (reports.jobs). Only the person who asked sees it."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV (zip-fil med manifest)")
        XLSX = "xlsx", _("Excel (.xlsx)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # The web's current municipality; None for the API, whose filter may span several.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    format = models.CharField(max_length=4, choices=Format.choices)
    # The query parameters as ObservationFilterSet takes them: applied again at run time.
    filters = models.JSONField(default=dict, blank=True)
    mine_only = models.BooleanField(default=False)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    # A name made by reports.jobs under SAMORDNA_VAR_DIR/exports/, never taken from input.
    file_name = models.CharField(max_length=100, blank=True, default="")
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager["ExportJob"]()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("exportjobb")
        verbose_name_plural = _("exportjobb")

    def __str__(self) -> str:
        return f"export {self.pk} ({self.format})"


class WeeklyCount(models.Model):
    """Counted observations per municipality x area x category x week (x tertial).

    Pictures read this instead of the raw rows (DESIGN.md, "Performance"): one
    municipality-week is a handful of rows here. Rebuilt per week by
    `samordna.reports.counts.refresh_counts`, which every write of observations calls in
    its own transaction. A week that straddles two tertials has a row for each part, so
    tertial and year pictures sum the same table.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    week_key = models.CharField(max_length=8)
    tertial_key = models.CharField(max_length=7)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "week_key"]),
            models.Index(fields=["municipality", "tertial_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.week_key} {self.category_id}: {self.count}"


class ReportDefaults(models.Model):
    """What the report form assumes under "Mer detaljer" until the reporter says otherwise.

    One row per municipality, set by its coordinators; without a row the model's own
    defaults apply. Every value is a valid choice of the observation's field.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="report_defaults"
    )
    unsafety = models.PositiveSmallIntegerField(
        _("otrygghet"),
        choices=[
            (1, _("1 – Lite otryggt")),
            (2, _("2 – Ganska otryggt")),
            (3, _("3 – Mycket otryggt")),
        ],
        default=1,
    )
    certainty = models.CharField(
        _("säkerhet"),
        max_length=12,
        choices=Observation.Certainty.choices,
        default=Observation.Certainty.OBSERVED,
    )
    reported_to_police = models.CharField(
        _("polisanmält"),
        max_length=8,
        choices=Observation.PoliceReported.choices,
        default=Observation.PoliceReported.UNKNOWN,
    )

    class Meta:
        verbose_name = _("förval i rapportformuläret")
        verbose_name_plural = _("förval i rapportformuläret")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.unsafety}/{self.certainty}/{self.reported_to_police}"

    @classmethod
    def for_municipality(cls, municipality_id: int) -> ReportDefaults:
        """The municipality's row, or an unsaved one with the model's defaults."""
        found = cls.objects.filter(municipality_id=municipality_id).first()
        return found or cls(municipality_id=municipality_id)
