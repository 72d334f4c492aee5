"""Tenancy, people, geography and the audit log.

Every tenant-owned row carries `municipality`; reads go through
`objects.restrict(user, action)`, writes through `services.py`.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.querysets import RestrictedManager, RestrictedQuerySet
from samordna.core.roles import Role


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    # The weekly digest of feedback on one's reports (reports.feedback); on unless declined.
    feedback_email = models.BooleanField(_("återkoppling per e-post"), default=True)
    # The installation's operator (issue 19): above every municipality's admin, creates and
    # deactivates municipalities; always with a second factor (core.middleware).
    # db_default: rows written by code that predates the column (historical models in a
    # migration, tests/test_app_moves.py) still insert.
    is_operator = models.BooleanField(_("installationsoperatör"), default=False, db_default=False)

    objects: ClassVar[Any]  # Django's UserManager, kept for createsuperuser and auth.

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Municipality(models.Model):
    """A Swedish municipality: the tenant. Everything else belongs to one."""

    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(_("kortnamn"), unique=True)
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden är fyra siffror, t.ex. 1880."))],
    )
    is_demo = models.BooleanField(_("demokommun"), default=False)
    # A deactivated municipality keeps all its data; its users are shut out
    # (no membership in it counts, core.memberships and core.policies).
    is_active = models.BooleanField(_("aktiv"), default=True, db_default=True)
    otp_required_roles = models.JSONField(
        _("roller som kräver tvåstegsverifiering"), default=list, blank=True
    )

    objects = RestrictedManager["Municipality"]()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class ParentOrganisation(models.Model):
    """An organisation that works in several municipalities: a police area, a housing or
    security company, a region. Each municipality it works in has its own `Organisation`
    (its branch there, under that municipality's rules); this links the branches."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), unique=True)
    kind = models.CharField(_("typ"), max_length=20)

    class Meta:
        ordering = ["name"]
        verbose_name = _("huvudorganisation")
        verbose_name_plural = _("huvudorganisationer")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A partner organisation in a municipality: a department, the police, a landlord…"""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Kommunal förvaltning")
        POLICE = "police", _("Polis")
        HOUSING = "housing", _("Bostadsbolag")
        BUSINESS = "business", _("Näringsidkare")
        ASSOCIATION = "association", _("Förening")
        REGION = "region", _("Region / hälso- och sjukvård")
        SCHOOL = "school", _("Skola")
        SECURITY = "security", _("Bevakningsföretag")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"))
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("aktiv"), default=True)
    parent = models.ForeignKey(
        ParentOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name=_("huvudorganisation"),
    )

    objects = RestrictedManager["Organisation"]()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="org_slug_unique"),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(RestrictedQuerySet["Membership"]):
    def in_force(self) -> MembershipQuerySet:
        """Memberships that count today: active, in an active organisation of an active
        municipality (a deactivated municipality shuts its users out, issue 19)."""
        return self.filter(
            is_active=True, organisation__is_active=True, municipality__is_active=True
        )


class MembershipManager(RestrictedManager["Membership"]):
    def get_queryset(self) -> MembershipQuerySet:
        return MembershipQuerySet(self.model, using=self._db)

    def in_force(self) -> MembershipQuerySet:
        return self.get_queryset().in_force()


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    # Denormalised from the organisation so every tenant row can be scoped alike.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MembershipManager()

    class Meta:
        ordering = ["municipality__name", "organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            ),
        ]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()}"


class CountyMembership(models.Model):
    """A county administrative board officer's access to the county's view (issue 19).

    Not a `Membership`: a county officer belongs to no municipality and sees only what
    the municipalities of the county share with it (the county app)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="county_memberships")
    # The county's two-digit code: the first two digits of its municipalities' codes.
    county_code = models.CharField(
        _("länskod"),
        max_length=2,
        validators=[RegexValidator(r"^\d{2}$", _("Länskoden är två siffror, t.ex. 18."))],
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "county_code"], name="county_membership_unique"
            ),
        ]
        verbose_name = _("länsmedlemskap")
        verbose_name_plural = _("länsmedlemskap")

    def __str__(self) -> str:
        return f"{self.user} – {self.county_code}"


class Area(models.Model):
    """A polygon the work is organised by: an EST area, a DeSO, a police area…

    The geometry is kept twice: GeoJSON in WGS84 (EPSG:4326) for maps and the
    API, and in SWEREF 99 TM (EPSG:3006) for distances and areas in metres.
    """

    class Kind(models.TextChoices):
        EST = "est", _("EST-område")
        DESO = "deso", _("DeSO")
        REGSO = "regso", _("RegSO")
        POLICE = "police", _("Polisområde")
        MUNICIPALITY = "municipality", _("Kommun")
        OTHER = "other", _("Annat område")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="areas")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("kod"), max_length=40, blank=True)
    # DeSO/RegSO codes carry a vintage: never join across vintages.
    vintage = models.CharField(_("version"), max_length=20, blank=True)
    geometry = models.JSONField(_("geometri (WGS84)"))
    geometry_sweref = models.JSONField(_("geometri (SWEREF 99 TM)"))
    area_m2 = models.FloatField(_("yta (m²)"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = RestrictedManager["Area"]()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "name", "vintage"], name="area_name_unique"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "kind"])]
        verbose_name = _("område")
        verbose_name_plural = _("områden")

    def __str__(self) -> str:
        return self.name

    @property
    def area_km2(self) -> float:
        return self.area_m2 / 1_000_000


class Place(models.Model):
    """A named point: a square, a school, a stop, a shopping centre."""

    class Kind(models.TextChoices):
        SQUARE = "square", _("Torg")
        CENTRE = "centre", _("Centrum / handel")
        SCHOOL = "school", _("Skola")
        YOUTH = "youth", _("Fritidsgård")
        PARK = "park", _("Park / grönområde")
        STOP = "stop", _("Hållplats / station")
        SPORTS = "sports", _("Idrottsplats")
        HOUSING = "housing", _("Bostadsgård")
        PARKING = "parking", _("Parkering / garage")
        OTHER = "other", _("Annan plats")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="places")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    longitude = models.FloatField(
        _("longitud"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    latitude = models.FloatField(
        _("latitud"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="places"
    )
    managing_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="places"
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = RestrictedManager["Place"]()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="place_name_unique"),
        ]
        verbose_name = _("plats")
        verbose_name_plural = _("platser")

    def __str__(self) -> str:
        return self.name


class AuditEvent(models.Model):
    """One write, by whom, in which organisation and municipality, with what changes.

    Append-only: the application has no update or delete path, and a database
    trigger (migration 0002) refuses UPDATE and DELETE on SQLite and PostgreSQL.
    Foreign keys are PROTECT so that deleting a user or tenant cannot rewrite history.
    Tamper-evident: each event carries the hash of the one before it (`core.audit_chain`),
    so a row deleted or changed behind the triggers' back breaks the chain, and
    `samordna verify_audit` says where.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept as text too: what the actor was called when they did it.
    actor_label = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=10, default="web")
    # The chain (core.audit_chain): position, the previous event's hash, this one's.
    # Nullable only so that adding them kept the table (and its triggers) on SQLite.
    sequence = models.PositiveBigIntegerField(null=True, editable=False)
    previous_hash = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001
    hash = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001

    objects = RestrictedManager["AuditEvent"]()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "-created_at"])]
        constraints = [
            # One event per position: two writers can never fork the chain.
            models.UniqueConstraint(
                fields=["sequence"],
                condition=models.Q(sequence__isnull=False),
                name="core_auditevent_one_per_sequence",
            )
        ]
        verbose_name = _("granskningshändelse")
        verbose_name_plural = _("granskningslogg")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Refused here as well as in the database, so the mistake shows up in tests.
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Granskningsloggen kan inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Granskningsloggen kan inte raderas.")


class AuditChainHead(models.Model):
    """The audit chain's end: how long it is and the last event's hash. One row.

    Every audit write updates it first, inside the writer's transaction: the row lock
    (PostgreSQL) or the write lock (SQLite) puts concurrent writers in line, so each
    event links to exactly the one committed before it.
    """

    length = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("granskningskedjans slut")
        verbose_name_plural = _("granskningskedjans slut")

    def __str__(self) -> str:
        return f"{self.length}: {self.hash[:12]}"


class RefusalBurst(models.Model):
    """How many refusals one refusal event stands for (see `samordna.core.refusals`).

    The only mutable row beside the log: the event itself is append-only, so the count
    of the refusals summarised into it within its minute is kept here.
    """

    event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, related_name="burst")
    # sha256 of (actor or client address hash, kind, route): no address in clear.
    key = models.CharField(max_length=64, db_index=True)
    count = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.event_id} x{self.count}"


def new_request_id() -> str:
    return uuid.uuid4().hex
