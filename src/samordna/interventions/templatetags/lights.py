"""{% traffic_light intervention %}: the light with its word, and how it was set."""

from __future__ import annotations

from typing import Any

from django import template

from samordna.interventions.lights import light
from samordna.interventions.models import Intervention, stockholm_today

register = template.Library()


@register.inclusion_tag("interventions/_light.html")
def traffic_light(intervention: Intervention) -> dict[str, Any]:
    return {"light": light(intervention, stockholm_today())}
