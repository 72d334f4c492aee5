"""What the reporters hear when an intervention is followed up: one item each, in
their words ("Problemet du rapporterade om följs upp: … minskade med 40 %").

Told to the reporters of the problem's linked observations and of the decision's
grounds (`Intervention.observations`), after the commit (`reports.feedback_events`).
Production and effect follow-ups only: cost and hours are the partners' business.
"""

from __future__ import annotations

from samordna.interventions.models import FollowUp, Intervention
from samordna.problems.feedback import problem_feedback
from samordna.reports.feedback_events import feedback_event_queue
from samordna.reports.models import Feedback

_DONE = {
    FollowUp.Done.YES: "den är genomförd",
    FollowUp.Done.PARTLY: "den är delvis genomförd",
    FollowUp.Done.NO: "den blev inte genomförd",
}


def change_in_words(counts: dict[str, int]) -> str:
    """The target area's change from before (a0) to after (a1), e.g. "minskade med 40 %"."""
    before, after = counts.get("a0", 0), counts.get("a1", 0)
    if before == 0:
        return "var lika få som förut" if after == 0 else f"ökade från 0 till {after}"
    percent = round(abs(after - before) * 100 / before)
    if after < before:
        return f"minskade med {percent} %"
    if after > before:
        return f"ökade med {percent} %"
    return "var lika många som förut"


def followup_message(intervention: Intervention, follow_up: FollowUp) -> str | None:
    """The sentence for a production or effect follow-up; None for a process one."""
    lead = f"Problemet du rapporterade om följs upp (insatsen ”{intervention.title}”):"
    if follow_up.kind == FollowUp.Kind.EFFECT:
        return f"{lead} iakttagelserna i insatsområdet {change_in_words(follow_up.counts)}."
    if follow_up.kind == FollowUp.Kind.PRODUCTION and follow_up.done in _DONE:
        return f"{lead} {_DONE[FollowUp.Done(follow_up.done)]}."
    return None


def followup_tell(intervention: Intervention, follow_up: FollowUp) -> None:
    """Record the follow-up for its reporters; inside the follow-up's transaction."""
    message = followup_message(intervention, follow_up)
    if message is None:
        return
    grounds = list(intervention.observations.values_list("pk", flat=True))
    intervention_tell(
        intervention,
        message,
        key=f"followup:{follow_up.pk}",
        kind=Feedback.Kind.FOLLOWED_UP,
        observation_ids=grounds,
    )


def intervention_tell(
    intervention: Intervention, message: str, *, key: str, kind: str, observation_ids: list[int]
) -> None:
    """Record `message` for the reporters of the intervention's grounds and, when it
    answers a problem, of the problem's linked observations; once each (by `key`)."""
    if intervention.problem is not None:
        problem_feedback(
            intervention.problem, message, key=key, kind=kind, observation_ids=observation_ids
        )
    else:
        feedback_event_queue(
            municipality_id=intervention.municipality_id,
            key=key,
            kind=kind,
            message=message,
            observation_ids=observation_ids,
        )
