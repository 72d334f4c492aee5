"""Which observations are linked to a problem or an intervention, for the reports side.

A link lives on the other side: `problems.ProblemObservation` (by hand or by a problem's
rule) and `Intervention.observations`. The problems package imports reports, so reports
cannot import it back (tests/test_architecture.py: no import circle). The link table is
read by name through the app registry instead, as a subquery: the queue counts linked
rows in the same query that counts the rest, whatever the page size.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from samordna.reports.models import Observation


def linked_q() -> Q:
    """True for an observation linked to at least one problem or intervention."""
    problem_links = apps.get_model("problems", "ProblemObservation").objects.filter(
        observation_id=OuterRef("pk")
    )
    intervention_links = Observation.interventions.through.objects.filter(
        observation_id=OuterRef("pk")
    )
    return Q(Exists(problem_links)) | Q(Exists(intervention_links))
