"""The demo's EST story, shared by the apps that load it (plain data, no Django).

The growing problem (samordna.demo.profiles.GROWTH_AREA / GROWTH_CATEGORY: moped driving
in Varberga) is found in the last tertial analysis, analysed, addressed by interventions
owned by two organisations, followed up with an effect evaluation and included in an
adopted action plan. Each app's demo loader finds what an earlier one made by these names, so the
parts load in order (samordna.demo.loader) and each stays idempotent.
"""

from __future__ import annotations

GROWING_PROBLEM = "Mopedåkning och buskörning i Varberga"
GROWING_AREA = "Varberga"
GROWING_CATEGORY = "fordon-mopeder"
# Buffer and control areas for the growing problem's effect follow-up.
BUFFER_AREA = "Oxhagen"
CONTROL_AREA = "Brickebacken"
# A second problem, watched: litter and gatherings at Baronbackarna's square.
SQUARE_PROBLEM = "Nedskräpning och folksamlingar vid Baronbackarnas torg"
SQUARE_AREA = "Baronbackarna"
# The two organisations that own the growing problem's interventions.
INTERVENTION_OWNERS = ("polisen-lpo-orebro", "obo")
AGREEMENT_TITLE = "Samverkansöverenskommelse Örebro kommun och lokalpolisområde Örebro"
PROMISE_SLUG = "varberga-lugnare-gator"
ACTION_PLAN_TITLE = "Åtgärdsplan för brottsförebyggande arbete"
GOAL_AREA = "Baronbackarna"
