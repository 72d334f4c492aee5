"""Writes of the collaboration agreement with the police (*samverkansöverenskommelse*) and
its citizen promises (*medborgarlöften*) with each party's commitments.

Signatories are roles and organisations, never persons' names. A promise is written for
the public: its summary, commitments and public status lines are checked for personal
data, and only those (with each commitment's status) are ever published.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from samordna.core import audit
from samordna.core.models import Membership, Municipality, Organisation, User
from samordna.interventions.models import Intervention
from samordna.interventions.text import text_problems
from samordna.plans.models import Agreement, CitizenPromise, Commitment
from samordna.plans.services import require_editor

LINE_MAX = 200
# Two or more capitalised words in a row ("Anna Svensson") read as a person's name,
# once a leading title ("Kommundirektör", "Lokalpolisområdeschef Örebro") is set aside.
_CAPITALISED_RUN = re.compile(r"\b[A-ZÅÄÖÉ][a-zåäöéü]+(?:[ -][A-ZÅÄÖÉ][a-zåäöéü]+)+\b")
_TITLE_ENDINGS = (
    "chef",
    "direktör",
    "ordförande",
    "ledamot",
    "ansvarig",
    "samordnare",
    "företrädare",
    "representant",
    "mästare",
    "kommissarie",
    "råd",
    "sekreterare",
    "ledare",
)
NAME_MESSAGE = "Skriv en roll, till exempel Kommundirektör, inte en persons namn."


@dataclass(frozen=True)
class AgreementInput:
    title: str
    police_area: str
    starts_on: date | None
    ends_on: date | None
    focus_text: str = ""
    probable_causes: str = ""
    goals: str = ""
    documentation: str = ""
    follow_up: str = ""
    signatories: Sequence[dict[str, str]] = ()
    status: str = Agreement.Status.DRAFT
    signed_on: date | None = None
    focus_problems: Sequence[Any] = field(default_factory=tuple)  # problems.Problem


def _member_names(municipality: Municipality) -> set[str]:
    people = (
        Membership.objects.filter(municipality=municipality)
        .values_list("user__first_name", "user__last_name")
        .distinct()
    )
    return {
        f"{first} {last}".casefold() for first, last in people if first.strip() and last.strip()
    }


def _looks_like_a_name(text: str) -> bool:
    for run in _CAPITALISED_RUN.finditer(text):
        words = re.split(r"[ -]", run.group())
        while words and words[0].casefold().endswith(_TITLE_ENDINGS):
            words.pop(0)
        if len(words) >= 2:
            return True
    return False


def signatory_problems(signatories: Sequence[dict[str, str]], municipality: Municipality) -> str:
    """Why the signatories cannot be kept, or "": roles and organisations, never names."""
    names = _member_names(municipality)
    for number, item in enumerate(signatories, start=1):
        role = str(item.get("role") or "").strip()
        organisation = str(item.get("organisation") or "").strip()
        if not role or not organisation:
            return f"Undertecknare {number}: ange både roll och organisation."
        if set(item) - {"role", "organisation"}:
            return f"Undertecknare {number}: bara roll och organisation sparas."
        texts = text_problems({"role": role, "organisation": organisation}, limit=LINE_MAX)
        if texts:
            return f"Undertecknare {number}: " + " ".join(texts.values())
        lowered = f"{role} {organisation}".casefold()
        if _looks_like_a_name(role) or any(name in lowered for name in names):
            return f"Undertecknare {number}: {NAME_MESSAGE}"
    return ""


def _check_agreement(data: AgreementInput, municipality: Municipality) -> None:
    problems = text_problems(
        {
            "focus_text": data.focus_text,
            "probable_causes": data.probable_causes,
            "goals": data.goals,
            "documentation": data.documentation,
            "follow_up": data.follow_up,
        }
    )
    problems |= text_problems({"title": data.title, "police_area": data.police_area}, limit=200)
    if not data.title.strip():
        problems["title"] = "Ge överenskommelsen en rubrik."
    if not data.police_area.strip():
        problems["police_area"] = "Ange lokalpolisområdet."
    if data.starts_on is None:
        problems["starts_on"] = "Ange när överenskommelsen börjar gälla."
    if data.ends_on is None:
        problems["ends_on"] = "Ange när överenskommelsen slutar gälla."
    elif data.starts_on and data.ends_on < data.starts_on:
        problems["ends_on"] = "Slutdatumet ligger före startdatumet."
    if not data.focus_text.strip() and not data.focus_problems:
        problems.setdefault("focus_text", "Ange fokusproblemen: välj problembilder eller skriv.")
    signatories = signatory_problems(data.signatories, municipality)
    if signatories:
        problems["signatories"] = signatories
    if data.status not in Agreement.Status.values:
        problems["status"] = "Välj en status."
    elif data.status != Agreement.Status.DRAFT:
        if not data.signatories:
            problems.setdefault("signatories", "En undertecknad överenskommelse har undertecknare.")
        if data.signed_on is None:
            problems["signed_on"] = "Ange när överenskommelsen undertecknades."
    if any(p.municipality_id != municipality.pk for p in data.focus_problems):
        problems["focus_problems"] = "Problembilden hör till en annan kommun."
    if problems:
        raise ValidationError(problems)


def _agreement_values(data: AgreementInput) -> dict[str, Any]:
    return {
        "title": data.title.strip(),
        "police_area": data.police_area.strip(),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "focus_text": data.focus_text.strip(),
        "probable_causes": data.probable_causes.strip(),
        "goals": data.goals.strip(),
        "documentation": data.documentation.strip(),
        "follow_up": data.follow_up.strip(),
        "signatories": [
            {"role": s["role"].strip(), "organisation": s["organisation"].strip()}
            for s in data.signatories
        ],
        "status": data.status,
        "signed_on": data.signed_on if data.status != Agreement.Status.DRAFT else None,
    }


def agreement_create(
    *, actor: User | None, municipality: Municipality, data: AgreementInput
) -> Agreement:
    require_editor(actor, municipality.pk)
    _check_agreement(data, municipality)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            municipality=municipality,
            created_by=actor if actor is not None and actor.pk else None,
            **_agreement_values(data),
        )
        agreement.focus_problems.set(data.focus_problems)
        audit.record(
            actor=actor,
            action="agreement.create",
            target=agreement,
            changes={"status": agreement.status},
        )
    return agreement


def agreement_update(
    *, actor: User | None, agreement: Agreement, data: AgreementInput
) -> Agreement:
    require_editor(actor, agreement.municipality_id)
    _check_agreement(data, agreement.municipality)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        before = {"status": agreement.status}
        for name, value in _agreement_values(data).items():
            setattr(agreement, name, value)
        agreement.updated_at = timezone.now()
        agreement.save()
        agreement.focus_problems.set(data.focus_problems)
        _forget_public(agreement)
        audit.record(
            actor=actor,
            action="agreement.update",
            target=agreement,
            changes=audit.diff(before, {"status": agreement.status}),
        )
    return agreement


# --- citizen promises ----------------------------------------------------------------------


@dataclass(frozen=True)
class PromiseInput:
    year: int | None
    title: str
    slug: str = ""
    public_summary: str = ""
    is_published: bool = False


def _check_promise(
    agreement: Agreement, data: PromiseInput, slug: str, promise: CitizenPromise | None
) -> None:
    problems = text_problems({"public_summary": data.public_summary})
    problems |= text_problems({"title": data.title}, limit=200)
    if not data.title.strip():
        problems["title"] = "Ge medborgarlöftet en rubrik."
    if data.year is None or not 2000 <= data.year <= 2100:
        problems["year"] = "Ange året löftet gäller."
    else:
        same_year = CitizenPromise.objects.filter(agreement=agreement, year=data.year)
        if promise is not None:
            same_year = same_year.exclude(pk=promise.pk)
        if same_year.exists():
            problems["year"] = "Överenskommelsen har redan ett medborgarlöfte för det året."
    if not slug or len(slug) > 80:
        problems["slug"] = "Ange en adress med bokstäver, siffror och bindestreck."
    else:
        taken = CitizenPromise.objects.filter(municipality_id=agreement.municipality_id, slug=slug)
        if promise is not None:
            taken = taken.exclude(pk=promise.pk)
        if taken.exists():
            problems["slug"] = "Adressen används redan av ett annat medborgarlöfte."
    if problems:
        raise ValidationError(problems)


def promise_create(
    *, actor: User | None, agreement: Agreement, data: PromiseInput
) -> CitizenPromise:
    require_editor(actor, agreement.municipality_id)
    slug = slugify(data.slug or data.title)[:80]
    _check_promise(agreement, data, slug, None)
    with transaction.atomic():
        year = cast(int, data.year)  # _check_promise refused a missing year
        promise = CitizenPromise.objects.create(
            agreement=agreement,
            municipality_id=agreement.municipality_id,
            year=year,
            title=data.title.strip(),
            slug=slug,
            public_summary=data.public_summary.strip(),
            is_published=data.is_published,
        )
        _forget_public(promise)
        audit.record(
            actor=actor,
            action="promise.create",
            target=promise,
            changes={"published": promise.is_published},
        )
    return promise


def promise_update(
    *, actor: User | None, promise: CitizenPromise, data: PromiseInput
) -> CitizenPromise:
    require_editor(actor, promise.municipality_id)
    slug = slugify(data.slug or data.title)[:80]
    _check_promise(promise.agreement, data, slug, promise)
    with transaction.atomic():
        promise = CitizenPromise.objects.select_for_update().get(pk=promise.pk)
        before = {"published": promise.is_published, "slug": promise.slug}
        year = cast(int, data.year)  # _check_promise refused a missing year
        promise.year, promise.title, promise.slug = year, data.title.strip(), slug
        promise.public_summary = data.public_summary.strip()
        promise.is_published = data.is_published
        promise.updated_at = timezone.now()
        promise.save()
        _forget_public(promise)
        audit.record(
            actor=actor,
            action="promise.update",
            target=promise,
            changes=audit.diff(before, {"published": promise.is_published, "slug": slug}),
        )
    return promise


# --- commitments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentInput:
    organisation: Organisation
    text: str
    status: str = Commitment.Status.PLANNED
    public_status: str = ""
    interventions: Sequence[Intervention] = ()
    order: int | None = None


def _check_commitment(promise: CitizenPromise, data: CommitmentInput) -> None:
    problems = text_problems({"text": data.text})
    problems |= text_problems({"public_status": data.public_status}, limit=300)
    if not data.text.strip():
        problems["text"] = "Skriv vad parten åtar sig."
    if data.organisation.municipality_id != promise.municipality_id:
        problems["organisation"] = "Organisationen finns inte i den här kommunen."
    if data.status not in Commitment.Status.values:
        problems["status"] = "Välj en status."
    if any(i.municipality_id != promise.municipality_id for i in data.interventions):
        problems["interventions"] = "Insatsen hör till en annan kommun."
    if problems:
        raise ValidationError(problems)


def commitment_create(
    *, actor: User | None, promise: CitizenPromise, data: CommitmentInput
) -> Commitment:
    require_editor(actor, promise.municipality_id)
    _check_commitment(promise, data)
    with transaction.atomic():
        last = promise.commitments.aggregate(n=Max("order"))["n"] or 0
        commitment = Commitment.objects.create(
            promise=promise,
            municipality_id=promise.municipality_id,
            organisation=data.organisation,
            order=data.order or last + 1,
            text=data.text.strip(),
            status=data.status,
            public_status=data.public_status.strip(),
        )
        commitment.interventions.set(data.interventions)
        _touch(promise)
        audit.record(
            actor=actor,
            action="commitment.create",
            target=commitment,
            changes={"promise": promise.pk, "organisation": data.organisation.pk},
        )
    return commitment


def commitment_update(
    *, actor: User | None, commitment: Commitment, data: CommitmentInput
) -> Commitment:
    require_editor(actor, commitment.municipality_id)
    _check_commitment(commitment.promise, data)
    with transaction.atomic():
        before = {"status": commitment.status}
        commitment.organisation = data.organisation
        commitment.text, commitment.status = data.text.strip(), data.status
        commitment.public_status = data.public_status.strip()
        if data.order:
            commitment.order = data.order
        commitment.updated_at = timezone.now()
        commitment.save()
        commitment.interventions.set(data.interventions)
        _touch(commitment.promise)
        audit.record(
            actor=actor,
            action="commitment.update",
            target=commitment,
            changes=audit.diff(before, {"status": commitment.status}),
        )
    return commitment


def _touch(promise: CitizenPromise) -> None:
    # The public page's cache version follows the promise's updated_at.
    promise.updated_at = timezone.now()
    promise.save(update_fields=["updated_at"])
    _forget_public(promise)


def _forget_public(promise: CitizenPromise | Agreement) -> None:
    """The public page shows the change at once in this process (others follow within
    public.caching.STATE_SECONDS), as when the publication's choices change."""
    from samordna.public import caching  # the public app reads promises; import on use

    slug = Municipality.objects.values_list("slug", flat=True).get(pk=promise.municipality_id)
    transaction.on_commit(lambda: caching.forget(slug))
