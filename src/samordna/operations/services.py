"""The operator's writes. A new municipality's code is checked against Sweden's 290
municipalities (`integrations.sweden`) before core writes and audits it; everything
else goes through core's services, which audit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from samordna.core import services as core_services
from samordna.core.models import Municipality, User
from samordna.integrations.sweden import MUNICIPALITIES, SwedishMunicipality

_BY_CODE = {municipality.code: municipality for municipality in MUNICIPALITIES}


def swedish_municipality(code: str) -> SwedishMunicipality | None:
    """The municipality with SCB code `code` ("1881"), or None."""
    return _BY_CODE.get(code.strip())


def municipality_errors(*, name: str, code: str, slug: str) -> dict[str, list[str]]:
    """What is wrong with a new municipality, field by field, in Swedish ({} if nothing)."""
    errors: dict[str, list[str]] = {}
    known = swedish_municipality(code)
    if known is None:
        errors["code"] = [f"{code} är ingen svensk kommunkod. Koden är fyra siffror, t.ex. 1881."]
    elif Municipality.objects.filter(code=known.code).exists():
        errors["code"] = [f"Kommunkoden {known.code} ({known.name}) finns redan i Samordna."]
    elif name.strip() and name.strip().casefold() != known.name.casefold():
        errors["name"] = [f"Kommun {known.code} heter {known.name}, inte {name.strip()}."]
    slug = slug.strip() or (slugify(known.name) if known else "")
    if slug and slugify(slug) != slug:
        errors["slug"] = ["Kortnamnet får bara ha små bokstäver a–z, siffror och bindestreck."]
    elif slug and Municipality.objects.filter(slug=slug).exists():
        errors["slug"] = [f"Kortnamnet {slug} används redan av en annan kommun."]
    return errors


def municipality_add(*, actor: User | None, name: str, code: str, slug: str) -> Municipality:
    """A new municipality by its official name (an empty name is taken from the code, an
    empty short name from the name); any problem raises and writes nothing."""
    errors = municipality_errors(name=name, code=code, slug=slug)
    if errors:
        raise ValidationError(errors)
    known = _BY_CODE[code.strip()]
    return core_services.municipality_create(
        actor=actor, name=known.name, code=known.code, slug=slug.strip() or slugify(known.name)
    )
