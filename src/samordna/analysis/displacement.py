"""Did it work, and did the problem just move? Effect follow-up of a place-based measure.

Counts of crimes (or observations) in two periods of equal length, before (0) and
after (1) the intervention, in three kinds of area:

- A, the target area, where the intervention was made;
- B, the buffer around it, where the problem could move to (displacement) or where
  the benefit could spread to (diffusion of benefits);
- C, the control area, which shows how things would probably have gone without the
  intervention. For the WDD the buffer may have a control of its own (CB).

The measures and where their formulas come from:

- Bowers, K. J. & Johnson, S. D. (2003). Measuring the geographical displacement and
  diffusion of benefit effects of crime prevention activity. Journal of Quantitative
  Criminology 19(3), 275–301: success measure, buffer displacement measure, weighted
  displacement quotient (WDQ).
- Guerette, R. T. (2009). Analyzing Crime Displacement and Diffusion. Problem-Oriented
  Guides for Police, Tool Guide No. 10, Appendix B (the formulas, in the notation used
  here) and Appendix C (how to read them): WDQ and total net effect (TNE).
- Wheeler, A. P. & Ratcliffe, J. H. (2018). A simple weighted displacement difference
  test to evaluate place based crime interventions. Crime Science 7:11,
  doi:10.1186/s40163-018-0085-5: weighted displacement difference (WDD), its
  standard error under the Poisson assumption, and a worked example.

Plain numbers in, frozen dataclasses out; the verdict is written in Swedish for the
people who decided on the intervention (in displacement_verdict).
"""

from __future__ import annotations

import math
import numbers
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scipy.stats import norm

from samordna.analysis.displacement_verdict import CRIMES, Noun, no_success, verdict
from samordna.analysis.displacement_verdict import NO_SUCCESS as NO_SUCCESS
from samordna.analysis.displacement_verdict import OBSERVATIONS as OBSERVATIONS

Band = Literal["diffusion_exceeds", "diffusion", "none", "displacement", "displacement_exceeds"]


@dataclass(frozen=True)
class WdqResult:
    """Bowers & Johnson's (2003) measures; `wdq` is None when it is undefined.

    `sm` (success measure) = A1/C1 − A0/C0: negative when the target area did better
    than the control area. `bdm` (buffer displacement measure) = B1/C1 − B0/C0:
    positive suggests displacement, negative diffusion of benefits. `wdq` = bdm / sm,
    defined only when sm < 0: displacement can only be attributed to an intervention
    that reduced crime in its target area. `reason` says in Swedish why `wdq` is None.
    """

    sm: float | None
    bdm: float | None
    wdq: float | None
    reason: str | None

    @property
    def band(self) -> Band | None:
        """How to read the WDQ (Guerette 2009, Appendix C), or None when undefined.

        > 1: diffusion greater than the direct effect; 0 < WDQ ≤ 1: diffusion;
        0: neither; −1 < WDQ < 0: displacement smaller than the direct effect (a net
        gain remains); ≤ −1: displacement as large as or larger than the direct effect.
        At exactly −1 the total net effect is 0, hence the boundary there.
        """
        if self.wdq is None:
            return None
        if self.wdq > 1:
            return "diffusion_exceeds"
        if self.wdq > 0:
            return "diffusion"
        if self.wdq == 0:
            return "none"
        if self.wdq > -1:
            return "displacement"
        return "displacement_exceeds"


@dataclass(frozen=True)
class WddResult:
    """Wheeler & Ratcliffe's (2018) weighted displacement difference.

    `wdd` = `local` + `displacement`, in crimes: negative means fewer crimes than the
    controls' trend predicts. `variance` under the Poisson assumption, `se` its square
    root, `z` = wdd / se and `p` its two-sided normal p-value; `z` and `p` are None
    when there were no crimes at all (variance 0). `ci_low`/`ci_high`: 95 % interval.
    `shared_control`: one control stood in for both the target and the buffer.
    """

    wdd: float
    variance: float
    se: float
    z: float | None
    p: float | None
    ci_low: float
    ci_high: float
    local: float
    local_se: float
    displacement: float
    displacement_se: float
    shared_control: bool


@dataclass(frozen=True)
class PeakCheck:
    """Was the target's "before" count unusually high against its own history?

    `at_peak` when `before` is above the history's mean + `sds` standard deviations
    or above every earlier period (`highest`). Areas are often chosen because they
    just had a bad period, and a bad period tends to be followed by a better one
    anyway (regression to the mean), so part of a fall may not be the intervention.
    """

    at_peak: bool
    before: float
    mean: float
    sd: float
    highest: bool


@dataclass(frozen=True)
class Counts:
    """The counts an evaluation was made from; `cb0`/`cb1` None: no buffer control."""

    a0: float
    a1: float
    b0: float
    b1: float
    c0: float
    c1: float
    cb0: float | None = None
    cb1: float | None = None


@dataclass(frozen=True)
class Evaluation:
    """All measures for one follow-up; `total_net_effect` None when C0 = 0."""

    counts: Counts
    wdq: WdqResult
    total_net_effect: float | None
    wdd: WddResult
    peak: PeakCheck | None
    alpha: float
    noun: Noun = CRIMES

    @property
    def verdict(self) -> str:
        """The plain-Swedish verdict (see `verdict()`)."""
        return verdict(self)


def _check_count(value: float, name: str) -> None:
    if not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    if value != math.floor(value):
        raise ValueError(f"{name} must be a whole number (a count), got {value}")


def _check_counts(**counts: float) -> None:
    for name, value in counts.items():
        _check_count(value, name)


def wdq(
    a0: float, a1: float, b0: float, b1: float, c0: float, c1: float, *, noun: Noun = CRIMES
) -> WdqResult:
    """Success measure, buffer displacement measure and WDQ (Bowers & Johnson 2003).

    SM = A1/C1 − A0/C0, BDM = B1/C1 − B0/C0, WDQ = BDM / SM (Guerette 2009, eq. 3).
    Undefined, with a Swedish reason and never a division by zero, when the control
    had no crimes before or after (SM and BDM need both), or when SM ≥ 0 (no success).
    """
    _check_counts(a0=a0, a1=a1, b0=b0, b1=b1, c0=c0, c1=c1)
    if c0 == 0 or c1 == 0:
        return WdqResult(sm=None, bdm=None, wdq=None, reason=_zero_control_reason(c0, c1, noun))
    # Over the common denominator C0·C1 the numerators are exact whole numbers, so
    # "no success" (SM = 0) and the band boundaries are not blurred by rounding.
    sm_numerator = a1 * c0 - a0 * c1
    bdm_numerator = b1 * c0 - b0 * c1
    sm = sm_numerator / (c0 * c1)
    bdm = bdm_numerator / (c0 * c1)
    if sm_numerator >= 0:
        return WdqResult(sm=sm, bdm=bdm, wdq=None, reason=no_success(noun))
    quotient = 0.0 if bdm_numerator == 0 else bdm_numerator / sm_numerator
    return WdqResult(sm=sm, bdm=bdm, wdq=quotient, reason=None)


def _zero_control_reason(c0: float, c1: float, noun: Noun) -> str:
    if c0 == 0 and c1 == 0:
        when = "vare sig före eller efter insatsen"
    elif c0 == 0:
        when = "före insatsen"
    else:
        when = "efter insatsen"
    return (
        f"Jämförelseområdet hade inga {noun.plural} {when}, så förändringen där kan inte räknas "
        "i procent. Därför kan insatsens effekt i förhållande till jämförelseområdet, och "
        "om problemet flyttade till närområdet, inte beräknas på det vanliga sättet."
    )


def total_net_effect(a0: float, a1: float, b0: float, b1: float, c0: float, c1: float) -> float:
    """Crimes prevented in target and buffer together, net of displacement.

    TNE = [A0·(C1/C0) − A1] + [B0·(C1/C0) − B1] (Guerette 2009, Appendix B, eq. 4):
    each area's "before" count carried forward with the control's trend, minus what
    happened. Positive = fewer crimes than expected. Equals −C1·(SM + BDM), so with
    SM < 0 it is positive exactly when WDQ > −1. Needs C0 > 0 (ValueError otherwise).
    """
    _check_counts(a0=a0, a1=a1, b0=b0, b1=b1, c0=c0, c1=c1)
    if c0 == 0:
        raise ValueError(
            "c0 must be positive for the total net effect: with no crimes in the control "
            "area before, its trend (c1 / c0) is undefined"
        )
    return (a0 * c1 - a1 * c0 + b0 * c1 - b1 * c0) / c0


def wdd(
    a0: float,
    a1: float,
    b0: float,
    b1: float,
    c0: float,
    c1: float,
    *,
    cb0: float | None = None,
    cb1: float | None = None,
) -> WddResult:
    """Weighted displacement difference with its Poisson standard error.

    WDD = (ΔA − ΔC) + (ΔB − ΔCB), ΔX = X1 − X0; Var = A0 + A1 + C0 + C1 + B0 + B1 +
    CB0 + CB1 (each count Poisson, variance = count; Wheeler & Ratcliffe 2018).
    z = WDD / √Var; p two-sided from the normal distribution.

    Without a buffer control (`cb0`, `cb1` None) C stands in for both, as Bowers &
    Johnson's design has it: WDD = ΔA + ΔB − 2·ΔC, and since C then enters twice its
    variance counts four times: Var = A0 + A1 + B0 + B1 + 4·(C0 + C1). Like the paper
    this assumes each control has about as many crimes as the area it stands for.
    With no buffer at all, pass zeros for B and a zero buffer control.
    """
    if (cb0 is None) != (cb1 is None):
        raise ValueError("cb0 and cb1 go together: give both buffer-control counts or neither")
    _check_counts(a0=a0, a1=a1, b0=b0, b1=b1, c0=c0, c1=c1)
    if cb0 is None or cb1 is None:
        shared = True
        cb0, cb1 = c0, c1
    else:
        shared = False
        _check_counts(cb0=cb0, cb1=cb1)
    local = float((a1 - a0) - (c1 - c0))
    displacement = float((b1 - b0) - (cb1 - cb0))
    local_variance = a0 + a1 + c0 + c1
    displacement_variance = b0 + b1 + cb0 + cb1
    variance = float(a0 + a1 + b0 + b1 + (4 * (c0 + c1) if shared else c0 + c1 + cb0 + cb1))
    total = local + displacement
    se = math.sqrt(variance)
    z = total / se if variance > 0 else None
    p = float(2 * norm.sf(abs(z))) if z is not None else None
    margin = float(norm.ppf(0.975)) * se
    return WddResult(
        wdd=total,
        variance=variance,
        se=se,
        z=z,
        p=p,
        ci_low=total - margin,
        ci_high=total + margin,
        local=local,
        local_se=math.sqrt(local_variance),
        displacement=displacement,
        displacement_se=math.sqrt(displacement_variance),
        shared_control=shared,
    )


def chosen_at_peak(history: Sequence[float], before: float, *, sds: float = 1.0) -> PeakCheck:
    """Compare the target's "before" count with its earlier periods of the same length.

    `history` holds the counts of earlier periods (not including `before`); at least
    two are needed for a standard deviation (the sample SD is used).
    """
    if len(history) < 2:
        raise ValueError(
            f"history needs at least 2 earlier periods to judge a peak, got {len(history)}"
        )
    if not (math.isfinite(sds) and sds >= 0):
        raise ValueError(f"sds must be a non-negative number, got {sds}")
    for index, value in enumerate(history):
        _check_count(value, f"history[{index}]")
    _check_count(before, "before")
    mean = statistics.fmean(history)
    sd = statistics.stdev(history)
    highest = before > max(history)
    return PeakCheck(
        at_peak=before > mean + sds * sd or highest,
        before=before,
        mean=mean,
        sd=sd,
        highest=highest,
    )


def evaluate(
    a0: float,
    a1: float,
    b0: float,
    b1: float,
    c0: float,
    c1: float,
    *,
    cb0: float | None = None,
    cb1: float | None = None,
    history: Sequence[float] | None = None,
    alpha: float = 0.05,
    noun: Noun = CRIMES,
) -> Evaluation:
    """All measures for one follow-up, with the verdict as `.verdict`.

    `history`: the target area's counts in earlier periods as long as "before", for
    the regression-to-the-mean warning. `alpha`: the level at which the WDD's
    difference is called statistically certain. `noun`: what was counted, for the
    verdict's words (crimes by default).
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}")
    wdd_result = wdd(a0, a1, b0, b1, c0, c1, cb0=cb0, cb1=cb1)
    return Evaluation(
        counts=Counts(a0=a0, a1=a1, b0=b0, b1=b1, c0=c0, c1=c1, cb0=cb0, cb1=cb1),
        wdq=wdq(a0, a1, b0, b1, c0, c1, noun=noun),
        total_net_effect=total_net_effect(a0, a1, b0, b1, c0, c1) if c0 > 0 else None,
        wdd=wdd_result,
        peak=chosen_at_peak(history, a0) if history is not None else None,
        alpha=alpha,
        noun=noun,
    )
