"""An import run in the background (tabular.jobs): the requester's record of it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import User


class ImportJob(models.Model):
    """One uploaded file on its way in: read and checked by a task (the preview), then,
    once confirmed, written by another task, all rows or none. Only the person who
    uploaded it sees it; which importer (reports, surveys) reads it is `kind`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        CHECKING = "checking", _("Läser filen")
        CHECKED = "checked", _("Granskad")
        CONFIRMED = "confirmed", _("Bekräftad, i kö")
        COMMITTING = "committing", _("Sparar")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    kind = models.CharField(max_length=40)
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # The pending upload (tabular.pending) the job reads: its token and uploaded name.
    token = models.CharField(max_length=80, db_index=True)
    file_name = models.CharField(max_length=255)
    # What the importer needs besides the file (organisation, survey, column mapping).
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    rows_read = models.PositiveIntegerField(default=0)
    errors_found = models.PositiveIntegerField(default=0)
    # The check's findings for the preview page: first rows, columns, the summary.
    preview = models.JSONField(default=dict, blank=True)
    # The first problems, for the page; the full list is the error CSV beside the file.
    problems = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True, default="")
    # A reason the job could not run at all (permission gone, memory bound), in Swedish.
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("importjobb")
        verbose_name_plural = _("importjobb")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.status})"

    @property
    def running(self) -> bool:
        return self.status in {
            self.Status.QUEUED,
            self.Status.CHECKING,
            self.Status.CONFIRMED,
            self.Status.COMMITTING,
        }
