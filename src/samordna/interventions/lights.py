"""The traffic light an intervention shows (issue 17): computed from its deadline and
reported status, so an overdue intervention is never shown green. A colour reported by
hand that differs from the computed one is shown as such.

- red: the deadline has passed and it is neither done nor cancelled;
- amber: the deadline is within a week and work has not started (still "decided");
- green: otherwise.
The light is the worse of the computed and the reported colour: a partner may warn
earlier than the calendar does, never later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from samordna.interventions.models import CLOSED, Intervention, Rag, Status, open_q

SOON = timedelta(days=7)
SEVERITY = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


@dataclass(frozen=True)
class Light:
    rag: str  # the colour shown
    computed: str  # what deadline and status say
    reported: str  # the colour last reported by hand

    @property
    def label(self) -> str:
        return str(Rag(self.rag).label)

    @property
    def overridden(self) -> bool:
        """The reported colour is worse than the computed one, and so is shown."""
        return self.rag == self.reported and self.reported != self.computed

    @property
    def outdated(self) -> bool:
        """The reported colour is better than deadline and status allow: not shown."""
        return self.rag == self.computed and self.reported != self.computed

    @property
    def reported_label(self) -> str:
        return str(Rag(self.reported).label)


def computed_rag(intervention: Intervention, today: date) -> str:
    if intervention.status in CLOSED:
        return str(intervention.rag)
    if intervention.deadline < today:
        return str(Rag.RED)
    if intervention.status == Status.DECIDED and intervention.deadline - today <= SOON:
        return str(Rag.AMBER)
    return str(Rag.GREEN)


def light(intervention: Intervention, today: date) -> Light:
    computed = computed_rag(intervention, today)
    reported = str(intervention.rag)
    shown = max(computed, reported, key=lambda r: SEVERITY[Rag(r)])
    return Light(rag=shown, computed=computed, reported=reported)


def shown_q(colour: str, today: date) -> Q:
    """The open interventions whose shown light (`light(...).rag`) is `colour`, as a
    query, so that lists, filters and counts agree with what each row shows."""
    red = Q(rag=Rag.RED) | Q(deadline__lt=today)
    amber = Q(rag=Rag.AMBER) | Q(status=Status.DECIDED, deadline__lte=today + SOON)
    shown = {Rag.RED: red, Rag.AMBER: ~red & amber, Rag.GREEN: ~red & ~amber}[Rag(colour)]
    return open_q() & shown
