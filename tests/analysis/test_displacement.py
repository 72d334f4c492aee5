"""Displacement and diffusion: WDQ and its parts (Bowers & Johnson 2003), total net
effect (Guerette 2009), WDD (Wheeler & Ratcliffe 2018), the regression-to-the-mean
check and the Swedish verdict. Expected values are worked out by hand in the comments,
except the published WDD example, which is the paper's own."""

from __future__ import annotations

import math

import pytest

from samordna.analysis.displacement import (
    NO_SUCCESS,
    OBSERVATIONS,
    chosen_at_peak,
    evaluate,
    total_net_effect,
    wdd,
    wdq,
)

# A target falls 30 %, its buffer falls 10 %, the control rises 5 %.
DIFFUSION = (100, 70, 80, 72, 100, 105)
# Wheeler & Ratcliffe (2018), worked example: target 207 -> 110, its control
# 308 -> 318, displacement area 178 -> 157, its control 150 -> 140.
PAPER = {"a0": 207, "a1": 110, "b0": 178, "b1": 157, "c0": 308, "c1": 318}
PAPER_BUFFER_CONTROL = {"cb0": 150, "cb1": 140}


def test_wdq_hand_computed():
    # SM = 70/105 - 100/100 = -1/3; BDM = 72/105 - 80/100 = -4/35;
    # WDQ = (-4/35) / (-1/3) = 12/35 ≈ 0.343: diffusion, smaller than the direct effect.
    result = wdq(*DIFFUSION)
    assert result.sm == pytest.approx(-1 / 3, rel=1e-12)
    assert result.bdm == pytest.approx(-4 / 35, rel=1e-12)
    assert result.wdq == pytest.approx(12 / 35, rel=1e-12)
    assert result.reason is None
    assert result.band == "diffusion"


def test_wdq_displacement_smaller_than_the_effect():
    # SM = 30/60 - 50/60 = -1/3; BDM = 50/60 - 40/60 = 1/6; WDQ = -0.5.
    result = wdq(50, 30, 40, 50, 60, 60)
    assert result.sm == pytest.approx(-1 / 3, rel=1e-12)
    assert result.bdm == pytest.approx(1 / 6, rel=1e-12)
    assert result.wdq == pytest.approx(-0.5, rel=1e-12)
    assert result.band == "displacement"


@pytest.mark.parametrize(
    ("counts", "expected_wdq", "band"),
    [
        # SM = -0.2, BDM = -0.4: the buffer gained more than the target.
        ((100, 80, 100, 60, 100, 100), 2.0, "diffusion_exceeds"),
        # SM = BDM = -0.2: WDQ exactly 1 still belongs to 0 < WDQ <= 1.
        ((100, 80, 100, 80, 100, 100), 1.0, "diffusion"),
        # The buffer followed the control: BDM = 0.
        ((100, 80, 50, 50, 100, 100), 0.0, "none"),
        # SM = -0.5, BDM = 0.5: everything prevented reappeared next door.
        ((100, 50, 100, 150, 100, 100), -1.0, "displacement_exceeds"),
        # SM = -0.5, BDM = 0.8: more reappeared than was prevented.
        ((100, 50, 100, 180, 100, 100), -1.6, "displacement_exceeds"),
    ],
)
def test_wdq_bands(counts, expected_wdq, band):
    result = wdq(*counts)
    assert result.wdq == pytest.approx(expected_wdq, rel=1e-12)
    assert result.band == band


def test_wdq_minus_one_is_exact():
    # SM = 0/1 - 1/3 = -1/3, BDM = 1/1 - 2/3 = 1/3. Dividing the rounded ratios
    # gives -1.0000000000000002; the exact numerators give -1.
    assert wdq(1, 0, 2, 1, 3, 1).wdq == -1.0


@pytest.mark.parametrize(
    "counts",
    [
        (50, 55, 40, 40, 100, 100),  # the target rose: SM = 0.05
        (50, 50, 40, 30, 100, 100),  # no change at all: SM = 0, success needs SM < 0
        (50, 40, 40, 40, 100, 80),  # fell, but only as fast as the control: SM = 0
    ],
)
def test_wdq_is_undefined_without_success(counts):
    result = wdq(*counts)
    assert result.wdq is None
    assert result.band is None
    assert result.reason == NO_SUCCESS
    assert result.sm is not None
    assert result.sm >= 0
    assert result.bdm is not None  # still reported: it is defined


@pytest.mark.parametrize(
    ("c0", "c1", "when"),
    [
        (0, 5, "inga brott före insatsen"),
        (5, 0, "inga brott efter insatsen"),
        (0, 0, "inga brott vare sig före eller efter insatsen"),
    ],
)
def test_wdq_is_undefined_with_an_empty_control(c0, c1, when):
    result = wdq(10, 5, 8, 8, c0, c1)
    assert (result.sm, result.bdm, result.wdq) == (None, None, None)
    assert result.reason is not None
    assert when in result.reason


def test_total_net_effect_hand_computed():
    # [100 * 105/100 - 70] + [80 * 105/100 - 72] = 35 + 12 = 47 crimes prevented.
    assert total_net_effect(*DIFFUSION) == pytest.approx(47.0, rel=1e-12)
    # [50 - 30] + [40 - 50] = 10: displacement ate half of the 20 prevented.
    assert total_net_effect(50, 30, 40, 50, 60, 60) == pytest.approx(10.0, rel=1e-12)
    # [100 - 50] + [100 - 180] = -30: more crimes than without the intervention.
    assert total_net_effect(100, 50, 100, 180, 100, 100) == pytest.approx(-30.0, rel=1e-12)


@pytest.mark.parametrize(
    "counts",
    [DIFFUSION, (50, 30, 40, 50, 60, 60), (100, 50, 100, 150, 100, 100), (30, 12, 25, 31, 40, 52)],
)
def test_total_net_effect_is_minus_c1_times_sm_plus_bdm(counts):
    # TNE = -C1 * (SM + BDM); with SM < 0, TNE > 0 exactly when WDQ > -1.
    measures = wdq(*counts)
    assert measures.sm is not None
    assert measures.bdm is not None
    assert measures.wdq is not None
    tne = total_net_effect(*counts)
    assert tne == pytest.approx(-counts[5] * (measures.sm + measures.bdm), abs=1e-9)
    assert (tne > 1e-9) == (measures.wdq > -1)


def test_total_net_effect_with_an_empty_control():
    # C1 = 0: the control says nothing would have happened, so every crime counts.
    assert total_net_effect(10, 4, 6, 3, 20, 0) == pytest.approx(-7.0)
    with pytest.raises(ValueError, match="c0 must be positive"):
        total_net_effect(10, 4, 6, 3, 0, 5)


def test_wdd_reproduces_the_published_example():
    # Wheeler & Ratcliffe (2018): WDD = (110-207) - (318-308) + (157-178) - (140-150)
    # = -118, variance = the sum of all eight counts = 1568, z = -2.98,
    # 95 % interval -196 to -40 (rounded as published).
    result = wdd(**PAPER, **PAPER_BUFFER_CONTROL)
    assert result.wdd == -118
    assert result.variance == 1568
    assert result.se == pytest.approx(math.sqrt(1568), rel=1e-12)
    assert result.z is not None
    assert round(result.z, 2) == -2.98
    assert (round(result.ci_low), round(result.ci_high)) == (-196, -40)
    assert result.p == pytest.approx(math.erfc(abs(result.z) / math.sqrt(2)), rel=1e-9)
    assert result.local == -107  # -97 - 10
    assert result.local_se == pytest.approx(math.sqrt(207 + 110 + 308 + 318), rel=1e-12)
    assert result.displacement == -11  # -21 - (-10)
    assert result.displacement_se == pytest.approx(math.sqrt(178 + 157 + 150 + 140))
    assert not result.shared_control


def test_wdd_with_one_control_for_both_areas():
    # Delta A = -30, Delta B = -8, Delta C = 5: WDD = -30 - 5 - 8 - 5 = -48.
    # C enters twice, so its variance counts four times:
    # 100 + 70 + 80 + 72 + 4 * (100 + 105) = 1142.
    result = wdd(*DIFFUSION)
    assert result.shared_control
    assert result.wdd == -48
    assert result.variance == 1142
    assert result.local == -35
    assert result.displacement == -13
    assert result.local_se == pytest.approx(math.sqrt(375))
    assert result.displacement_se == pytest.approx(math.sqrt(80 + 72 + 205))
    assert result.z == pytest.approx(-48 / math.sqrt(1142), rel=1e-12)
    assert result.p == pytest.approx(math.erfc(48 / math.sqrt(1142) / math.sqrt(2)), rel=1e-9)


def test_wdd_without_a_buffer():
    # Zeros for the buffer and its control leave the local test: control 20 -> 20,
    # target 20 -> 10: WDD = -10, variance 70.
    result = wdd(20, 10, 0, 0, 20, 20, cb0=0, cb1=0)
    assert result.wdd == -10
    assert result.variance == 70
    assert result.displacement == 0


def test_wdd_without_any_crimes_has_no_z():
    result = wdd(0, 0, 0, 0, 0, 0)
    assert (result.wdd, result.variance, result.se) == (0, 0, 0)
    assert result.z is None
    assert result.p is None


def test_wdd_needs_both_buffer_control_counts():
    with pytest.raises(ValueError, match="cb0 and cb1 go together"):
        wdd(1, 2, 3, 4, 5, 6, cb0=7)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ((-1, 2, 3, 4, 5, 6), "a0 must not be negative"),
        ((1, 2, 3, -4, 5, 6), "b1 must not be negative"),
        ((1, 2, 3, 4, 5, -6), "c1 must not be negative"),
        ((1.5, 2, 3, 4, 5, 6), "a0 must be a whole number"),
        ((1, float("nan"), 3, 4, 5, 6), "a1 must be a finite number"),
        ((1, 2, "3", 4, 5, 6), "b0 must be a number"),
    ],
)
@pytest.mark.parametrize("measure", [wdq, total_net_effect, wdd, evaluate])
def test_bad_counts_are_refused(measure, counts, message):
    with pytest.raises(ValueError, match=message):
        measure(*counts)


def test_bad_buffer_control_counts_are_refused():
    with pytest.raises(ValueError, match="cb1 must not be negative"):
        wdd(1, 2, 3, 4, 5, 6, cb0=1, cb1=-1)


def test_whole_floats_count_as_counts():
    assert wdq(100.0, 70.0, 80.0, 72.0, 100.0, 105.0) == wdq(*DIFFUSION)


def test_a_before_count_above_mean_plus_one_sd_is_a_peak():
    # History mean 23.8, sample SD sqrt(36.8 / 4) ≈ 3.03: the line is ≈ 26.83.
    history = [20, 25, 22, 28, 24]
    peak = chosen_at_peak(history, 27)
    assert peak.at_peak
    assert not peak.highest  # 28 was higher
    assert peak.mean == pytest.approx(23.8)
    assert peak.sd == pytest.approx(math.sqrt(9.2))
    assert not chosen_at_peak(history, 26).at_peak
    assert chosen_at_peak(history, 40).highest
    assert not chosen_at_peak(history, 27, sds=2).at_peak  # line at ≈ 29.87


def test_the_highest_period_so_far_is_a_peak():
    # Within one SD of a wobbly history, but never seen before.
    peak = chosen_at_peak([0, 10, 10, 10, 10], 11)
    assert peak.before < peak.mean + peak.sd
    assert peak.highest
    assert peak.at_peak


@pytest.mark.parametrize(
    ("history", "before", "options", "message"),
    [
        ([10], 12, {}, "at least 2 earlier periods"),
        ([10, -1], 12, {}, r"history\[1\] must not be negative"),
        ([10, 12], -1, {}, "before must not be negative"),
        ([10, 12], 12, {"sds": -1.0}, "sds"),
    ],
)
def test_bad_history_is_refused(history, before, options, message):
    with pytest.raises(ValueError, match=message):
        chosen_at_peak(history, before, **options)


def test_evaluate_combines_the_measures():
    result = evaluate(**PAPER, **PAPER_BUFFER_CONTROL, history=[150, 170, 160, 180])
    assert result.wdq == wdq(*PAPER.values())
    assert result.total_net_effect == pytest.approx(total_net_effect(*PAPER.values()))
    assert result.wdd == wdd(**PAPER, **PAPER_BUFFER_CONTROL)
    assert result.peak == chosen_at_peak([150, 170, 160, 180], 207)
    assert result.counts.cb0 == 150
    assert result.alpha == 0.05


def test_evaluate_without_history_or_control_before():
    result = evaluate(10, 5, 3, 3, 0, 4)
    assert result.peak is None
    assert result.total_net_effect is None
    assert result.wdq.reason is not None


@pytest.mark.parametrize("alpha", [0.0, 1.0, -0.1])
def test_evaluate_refuses_a_bad_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        evaluate(*DIFFUSION, alpha=alpha)


def test_verdict_for_success_with_diffusion():
    text = evaluate(*DIFFUSION).verdict
    assert text.startswith("Antalet brott i insatsområdet minskade med 30 % (från 100 till 70).")
    assert "som visar hur det sannolikt hade gått utan insatsen, ökade med 5 %" in text
    assert "Insatsområdet utvecklades alltså bättre än jämförelseområdet." in text
    assert "inga tecken på att problemet flyttade till närområdet" in text
    assert "(spridning av positiva effekter)" in text
    assert "ungefär 47 färre brott" in text
    # z = -48 / sqrt(1142) ≈ -1.42, p ≈ 0.16: honest about the uncertainty.
    assert "inte statistiskt säkerställd (z = −1,42)" in text
    assert "kan bero på slumpen" in text


def test_verdict_for_a_certain_result_uses_the_published_example():
    text = evaluate(**PAPER, **PAPER_BUFFER_CONTROL).verdict
    assert "minskade med 47 % (från 207 till 110)" in text
    assert "ökade med 3 % (från 308 till 318)" in text
    # TNE = (207*318 - 110*308 + 178*318 - 157*308) / 308 = 130.5, rounded half up.
    assert "ungefär 131 färre brott" in text
    assert "Att brotten minskade i insats- och närområdet" in text
    assert "statistiskt säkerställt (z = −2,98)" in text
    assert "regression mot medelvärdet" not in text


def test_verdict_for_displacement():
    text = evaluate(50, 30, 40, 50, 60, 60).verdict
    assert "var oförändrat (60)" in text
    assert "En del av problemet kan ha flyttat till närområdet (förflyttning)" in text
    assert "ungefär 10 färre brott" in text


def test_verdict_when_displacement_swallows_the_effect():
    text = evaluate(100, 50, 100, 180, 100, 100).verdict
    assert "Problemet verkar ha flyttat till närområdet" in text
    assert "ungefär 30 fler brott" in text


def test_verdict_when_the_buffer_followed_the_control():
    text = evaluate(100, 80, 50, 50, 100, 100).verdict
    assert "följde brotten jämförelseområdets utveckling" in text


def test_verdict_without_an_effect():
    text = evaluate(50, 55, 40, 40, 100, 100).verdict
    assert "Antalet brott i insatsområdet ökade med 10 % (från 50 till 55)." in text
    assert NO_SUCCESS in text
    assert "Insatsområdet utvecklades alltså bättre" not in text
    assert "flyttade till närområdet;" not in text


def test_verdict_when_the_control_had_no_crimes_before():
    text = evaluate(10, 5, 3, 3, 0, 4).verdict
    assert "ökade från 0 till 4" in text
    assert "Jämförelseområdet hade inga brott före insatsen" in text
    assert "färre brott än om" not in text  # no total net effect without C0


def test_verdict_without_any_crimes():
    text = evaluate(0, 0, 0, 0, 0, 0).verdict
    assert text.startswith("Inga brott registrerades")


def test_verdict_warns_of_regression_to_the_mean():
    text = evaluate(**PAPER, **PAPER_BUFFER_CONTROL, history=[150, 170, 160, 180]).verdict
    assert "valdes när brotten låg ovanligt högt (207 mot i genomsnitt 165,0" in text
    assert "(regression mot medelvärdet)" in text
    calm = evaluate(**PAPER, **PAPER_BUFFER_CONTROL, history=[200, 210, 205, 215]).verdict
    assert "regression mot medelvärdet" not in calm


def test_verdict_says_when_the_two_comparisons_disagree():
    # A control a tenth the size of the target: TNE = (100*8 - 90*10)/10 = -10 (more
    # crimes than expected), WDD = (-10 + 2) + (0 + 2) = -6 (fewer).
    text = evaluate(100, 90, 0, 0, 10, 8).verdict
    assert "ungefär 10 fler brott" in text
    assert "pekar åt olika håll" in text
    assert "pekar åt olika håll" not in evaluate(*DIFFUSION).verdict


def test_verdict_numbers_are_written_the_swedish_way():
    text = evaluate(1250, 1248, 0, 0, 5000, 5000).verdict
    assert "minskade med mindre än 1 % (från 1 250 till 1 248)" in text
    # z = -1 / sqrt(9999 + 4 * 10000) ≈ -0.0045 rounds to zero: "0,00", not "−0,00".
    tiny = evaluate(5000, 4999, 0, 0, 5000, 5000).verdict
    assert "(z = 0,00)" in tiny


def test_verdict_counts_observations_as_observations_not_crimes():
    # A municipality's own observations are disorder and insecurity, not all crimes:
    # every sentence that names what was counted says "iakttagelser" instead.
    for counts in ((20, 8, 6, 7, 10, 9), (5, 10, 3, 0, 5, 5), (5, 2, 0, 0, 0, 3)):
        text = evaluate(*counts, history=[5, 4, 6], noun=OBSERVATIONS).verdict
        assert "brott" not in text
        assert "iakttagelser" in text
    crimes = evaluate(20, 8, 6, 7, 10, 9).verdict
    observed = evaluate(20, 8, 6, 7, 10, 9, noun=OBSERVATIONS).verdict
    assert observed == crimes.replace("brotten", "iakttagelserna").replace("brott", "iakttagelser")
