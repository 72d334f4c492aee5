"""TSI: programmes, cases about individual children, consent, disclosure, the access log.

The most sensitive data in Samordna. Identifying data and all free text are encrypted
at field level (`crypto.EncryptedTextField`). Reads go through `access.access_case`
(404 for everyone without a right to the case, and one `CaseAccess` row per read);
writes through `services.py`, each with an audit event.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.cases.crypto import EncryptedTextField
from samordna.core.models import Area, Municipality, Organisation, User
from samordna.core.querysets import RestrictedManager

# The other legal bases a disclosure or a case's sharing may rest on. A programme
# chooses which of them apply to it (`Programme.legal_bases`).
LEGAL_BASES: dict[str, Any] = {
    "consent": _("Samtycke (OSL 12 kap. 2 §)"),
    "osl_10_15a": _("Sekretessbrytande bestämmelse (OSL 10 kap. 15 a §)"),
    "osl_10_18a": _("Socialtjänst till polis, person under 21 år (OSL 10 kap. 18 a §)"),
    "osl_10_2": _("Nödvändigt för att utföra verksamheten (OSL 10 kap. 2 §)"),
    "sol_14_1": _("Anmälan om oro för barn (SoL 14 kap. 1 §)"),
}


# Why a case was closed: a closed list, so that no free text about the child is kept.
CLOSE_REASONS = [
    ("goals_met", _("Målen är uppnådda")),
    ("consent_revoked", _("Samtycket är återkallat")),
    ("moved", _("Familjen har flyttat")),
    ("other_support", _("Stödet ges nu inom en annan verksamhet")),
    ("age", _("Barnet har passerat programmets ålder")),
]


class Programme(models.Model):
    """TSI in one area, a social intervention group or an exit programme: same machinery."""

    class Kind(models.TextChoices):
        TSI = "tsi", _("Tidiga samordnade insatser (TSI)")
        SOCIAL_INTERVENTION_GROUP = "social_intervention_group", _("Sociala insatsgrupper")
        EXIT_PROGRAMME = "exit_programme", _("Avhopparverksamhet")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="programmes"
    )
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("namn"), max_length=200)
    # The first part of every pseudonym in the programme: BB-2026-014.
    prefix = models.CharField(_("prefix för pseudonymer"), max_length=6)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="programmes"
    )
    age_min = models.PositiveSmallIntegerField(_("lägsta ålder"), default=10)
    age_max = models.PositiveSmallIntegerField(_("högsta ålder"), default=12)
    legal_bases = models.JSONField(_("rättsliga grunder"), default=list, blank=True)
    case_meeting_days = models.PositiveSmallIntegerField(_("dagar mellan ärendemöten"), default=14)
    leadership_meeting_weeks = models.PositiveSmallIntegerField(
        _("veckor mellan ledningsgruppsmöten"), default=5
    )
    # None: the instance's default (SAMORDNA_CASES_RETENTION_DAYS / _ESCALATION_DAYS).
    retention_days = models.PositiveIntegerField(_("gallring efter (dagar)"), null=True, blank=True)
    escalation_days = models.PositiveIntegerField(
        _("eskalera efter (dagar)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("aktivt"), default=True)

    objects = RestrictedManager["Programme"]()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "prefix"], name="programme_prefix"),
        ]
        verbose_name = _("program")
        verbose_name_plural = _("program")

    def __str__(self) -> str:
        return self.name


class ProgrammeMember(models.Model):
    """A person taking part in a programme for one organisation, as coordinator,
    participant or leadership-group member. Their core membership must hold the
    matching TSI role too; the access rules check both."""

    class Part(models.TextChoices):
        PARTICIPANT = "participant", _("Deltagare")
        COORDINATOR = "coordinator", _("Samordnare")
        LEADERSHIP = "leadership", _("Ledningsgrupp")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    part = models.CharField(_("roll i programmet"), max_length=20, choices=Part.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager["ProgrammeMember"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user", "organisation", "part"], name="programme_member"
            ),
        ]
        verbose_name = _("programdeltagare")
        verbose_name_plural = _("programdeltagare")

    def __str__(self) -> str:
        return f"{self.programme} – {self.get_part_display()}"


class Case(models.Model):
    """One child in a programme, known everywhere by a pseudonym (BB-2026-014)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppet")
        CLOSED = "closed", _("Avslutat")
        ERASED = "erased", _("Gallrat")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cases")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(_("pseudonym"), max_length=20, unique=True)
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), null=True, blank=True)
    # Kept after erasure: statistics need the band, never the year.
    age_band = models.CharField(_("åldersgrupp"), max_length=10, blank=True)
    school_unit = EncryptedTextField(_("skola eller enhet"), blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = EncryptedTextField(_("namn"), blank=True)
    personal_number = EncryptedTextField(_("personnummer"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    opened_at = models.DateTimeField(_("öppnat"), default=timezone.now)
    closed_at = models.DateTimeField(_("avslutat"), null=True, blank=True)
    erase_after = models.DateField(_("gallras efter"), null=True, blank=True)
    erased_at = models.DateTimeField(_("gallrat"), null=True, blank=True)
    legal_hold = models.BooleanField(_("bevarandebeslut"), default=False)
    legal_hold_reason = EncryptedTextField(_("skäl för bevarande"), blank=True)
    close_reason = models.CharField(
        _("skäl för avslut"), max_length=20, choices=CLOSE_REASONS, blank=True
    )

    objects = RestrictedManager["Case"]()

    class Meta:
        ordering = ["pseudonym"]
        indexes = [models.Index(fields=["status", "erase_after"])]
        verbose_name = _("TSI-ärende")
        verbose_name_plural = _("TSI-ärenden")

    def __str__(self) -> str:
        # Only ever the pseudonym: a case's name is never part of a label or a log.
        return self.pseudonym


class CaseTeamMember(models.Model):
    """Who works on a case, for which organisation (need to know)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="team")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["CaseTeamMember"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user", "organisation"], name="case_team"),
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.organisation}"


class Guardian(models.Model):
    """A guardian of the child. With joint custody every required guardian must consent."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="guardians")
    name = EncryptedTextField(_("namn"), blank=True)
    contact = EncryptedTextField(_("kontaktuppgifter"), blank=True)
    has_custody = models.BooleanField(_("vårdnadshavare"), default=True)
    consent_required = models.BooleanField(_("samtycke krävs"), default=True)

    objects = RestrictedManager["Guardian"]()

    class Meta:
        ordering = ["id"]
        verbose_name = _("vårdnadshavare")
        verbose_name_plural = _("vårdnadshavare")

    def __str__(self) -> str:
        return f"{self.case} – {_('vårdnadshavare')} {self.pk}"


class Consent(models.Model):
    """One guardian's consent (OSL 12:2): to whom, what, why, from when to when."""

    class Kind(models.TextChoices):
        CASE = "case", _("Ärendets innehåll: behov, plan, insatser")
        IDENTITY = "identity", _("Identitet: namn och personnummer")
        ASSESSMENT = "assessment", _("Bedömning av risk- och skyddsfaktorer")
        MINUTES = "minutes", _("Minnesanteckningar från ärendemöten")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="consents")
    organisations = models.ManyToManyField(Organisation, related_name="+")
    kinds = models.JSONField(_("vilka uppgifter"), default=list)
    purpose = EncryptedTextField(_("syfte"))
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    child_view = EncryptedTextField(_("barnets inställning"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["Consent"]()

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")

    def __str__(self) -> str:
        return f"{self.case} – {_('samtycke')} {self.pk}"

    def is_valid_on(self, day: date) -> bool:
        return (
            self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )


class OtherBasis(models.Model):
    """Sharing with an organisation on a legal basis other than consent (LEGAL_BASES)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="other_bases")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("rättslig grund"), max_length=20)
    note = EncryptedTextField(_("motivering"), blank=True)
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("upphävd"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["OtherBasis"]()

    class Meta:
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.case} – {self.basis}"


class Disclosure(models.Model):
    """One disclosure across a secrecy boundary: from, to, what, on which basis, by whom."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosures")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    what = EncryptedTextField(_("vilka uppgifter"))
    basis = models.CharField(_("rättslig grund"), max_length=20)
    disclosed_at = models.DateTimeField(_("när"), default=timezone.now)
    disclosed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager["Disclosure"]()

    class Meta:
        ordering = ["-disclosed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} – {self.basis}"


class CaseAccess(models.Model):
    """One read of case data (or a refused attempt): who, when, what, why.

    Append-only like core.AuditEvent: no update or delete path in the application,
    and a database trigger (migration 0002) refuses UPDATE and DELETE. Kept at least
    five years (HSLF-FS 2016:40 as the model); nothing in Samordna removes rows.
    """

    class What(models.TextChoices):
        DETAIL = "detail", _("Ärendesidan")
        API = "api", _("Ärendet via API")
        IDENTITY = "identity", _("Identitet")
        EXPORT = "export", _("Registerutdrag")
        MINUTES = "minutes", _("Minnesanteckningar")
        ACCESS_LOG = "access_log", _("Åtkomstloggen")
        NEED = "need", _("Ansvarsfråga")
        WORK = "work", _("Bedömning och plan")
        MANAGE = "manage", _("Hantering av ärendet")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Null for an attempt on a case that does not exist (the attempted id is kept).
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="accesses"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attempted_id = models.CharField(max_length=40, blank=True)
    what = models.CharField(_("vad"), max_length=20, choices=What.choices)
    # Plain text: the log is append-only, so a key rotation could never re-encrypt it.
    # The form asks for a reason without names (e.g. "ärendemöte v. 47").
    why = models.CharField(_("varför"), max_length=200, blank=True)
    granted = models.BooleanField(_("beviljad"))
    # Read on the strength of consent, another legal basis, or as the coordinator.
    ground = models.CharField(_("grund"), max_length=20, blank=True)
    channel = models.CharField(max_length=10, default="web")
    request_id = models.CharField(max_length=64, blank=True)

    objects = RestrictedManager["CaseAccess"]()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"])]
        verbose_name = _("åtkomst")
        verbose_name_plural = _("åtkomstlogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Åtkomstloggen kan inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Åtkomstloggen kan inte raderas.")


class Domain(models.TextChoices):
    INDIVIDUAL = "individual", _("Individ")
    FAMILY = "family", _("Familj")
    PEERS = "peers", _("Kamrater")
    SCHOOL = "school", _("Skola")
    LEISURE = "leisure", _("Fritid")
    AREA = "area", _("Närområde")


class Need(models.Model):
    """A need with an owning organisation, which accepts it or hands it back ("bounces")."""

    class Status(models.TextChoices):
        OPEN = "open", _("Utan ägare")
        PROPOSED = "proposed", _("Väntar på svar")
        ACCEPTED = "accepted", _("Accepterat")
        CLOSED = "closed", _("Avslutat")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="needs")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    domain = models.CharField(_("område"), max_length=20, choices=Domain.choices)
    description = EncryptedTextField(_("beskrivning"), blank=True)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Shared responsibility: these organisations carry the need with the owner.
    co_owners = models.ManyToManyField(Organisation, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    bounces = models.PositiveSmallIntegerField(_("studsar"), default=0)
    escalated_at = models.DateTimeField(_("lyft till ledningsgruppen"), null=True, blank=True)

    objects = RestrictedManager["Need"]()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} – {self.get_domain_display()}"


class NeedEvent(models.Model):
    """The responsibility history of a need: proposed to, accepted, bounced, escalated."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen ägare")
        ACCEPTED = "accepted", _("Accepterat")
        BOUNCED = "bounced", _("Lämnat tillbaka")
        ESCALATED = "escalated", _("Lyft till ledningsgruppen")
        DECIDED = "decided", _("Beslut i ledningsgruppen")

    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = EncryptedTextField(_("skäl"), blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects: ClassVar[models.Manager[NeedEvent]] = models.Manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.kind
