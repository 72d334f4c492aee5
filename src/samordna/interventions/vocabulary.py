"""The words interventions are described in: kind, Brå's five situational strategies with
Cornish & Clarke's 25 techniques under them, social prevention levels, prevention levels
and how well a method is evidenced (DOMAIN.md, "Concepts the analysis uses")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SITUATIONAL = "situational", _("Situationell prevention")
    SOCIAL = "social", _("Social prevention")
    SAFETY = "safety", _("Trygghetsfrämjande")


class Strategy(models.TextChoices):
    """Brå's five situational strategies."""

    EFFORT = "effort", _("Öka ansträngningen")
    RISK = "risk", _("Öka risken")
    REWARD = "reward", _("Minska vinsten")
    PROVOCATION = "provocation", _("Minska provokationerna")
    EXCUSES = "excuses", _("Ta bort ursäkterna")


class SocialLevel(models.TextChoices):
    UNIVERSAL = "universal", _("Universell")
    SELECTIVE = "selective", _("Selektiv")
    INDICATED = "indicated", _("Indikerad")


class PreventionLevel(models.TextChoices):
    PRIMARY = "primary", _("Primär")
    SECONDARY = "secondary", _("Sekundär")
    TERTIARY = "tertiary", _("Tertiär")


class Evidence(models.TextChoices):
    STRONG = "strong", _("Väl belagd effekt")
    SOME = "some", _("Visst stöd")
    PROMISING = "promising", _("Lovande, inte utvärderad")
    UNKNOWN = "unknown", _("Okänt")
    AGAINST = "against", _("Stöd för att den inte fungerar")


# The 25 techniques of situational prevention (Cornish & Clarke 2003), key -> (strategy,
# Swedish name), five under each strategy, numbered 1–25 as in the published table.
TECHNIQUES: dict[str, tuple[str, object]] = {
    "target_harden": (Strategy.EFFORT, _("1. Försvåra åtkomsten till brottsobjektet")),
    "control_access": (Strategy.EFFORT, _("2. Kontrollera tillträdet")),
    "screen_exits": (Strategy.EFFORT, _("3. Kontrollera utgångarna")),
    "deflect_offenders": (Strategy.EFFORT, _("4. Avled gärningspersoner")),
    "control_tools": (Strategy.EFFORT, _("5. Kontrollera verktyg och vapen")),
    "extend_guardianship": (Strategy.RISK, _("6. Utöka tillsynen")),
    "natural_surveillance": (Strategy.RISK, _("7. Underlätta naturlig övervakning")),
    "reduce_anonymity": (Strategy.RISK, _("8. Minska anonymiteten")),
    "place_managers": (Strategy.RISK, _("9. Använd platsansvariga")),
    "formal_surveillance": (Strategy.RISK, _("10. Stärk den formella övervakningen")),
    "conceal_targets": (Strategy.REWARD, _("11. Dölj brottsobjekten")),
    "remove_targets": (Strategy.REWARD, _("12. Avlägsna brottsobjekten")),
    "identify_property": (Strategy.REWARD, _("13. Märk egendom")),
    "disrupt_markets": (Strategy.REWARD, _("14. Stör marknaderna")),
    "deny_benefits": (Strategy.REWARD, _("15. Förhindra vinsterna")),
    "reduce_frustration": (Strategy.PROVOCATION, _("16. Minska frustration och stress")),
    "avoid_disputes": (Strategy.PROVOCATION, _("17. Undvik konflikter")),
    "reduce_arousal": (Strategy.PROVOCATION, _("18. Minska frestelser och upphetsning")),
    "peer_pressure": (Strategy.PROVOCATION, _("19. Neutralisera grupptryck")),
    "discourage_imitation": (Strategy.PROVOCATION, _("20. Motverka efterapning")),
    "set_rules": (Strategy.EXCUSES, _("21. Sätt upp regler")),
    "post_instructions": (Strategy.EXCUSES, _("22. Sätt upp anvisningar")),
    "alert_conscience": (Strategy.EXCUSES, _("23. Väck samvetet")),
    "assist_compliance": (Strategy.EXCUSES, _("24. Underlätta regelefterlevnad")),
    "control_drugs": (Strategy.EXCUSES, _("25. Kontrollera alkohol och droger")),
}
