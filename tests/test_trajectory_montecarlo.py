"""The Monte Carlo over years: agrees with the single-year run at the target year (same
draws), turns total quantiles into remaining-shortage and share quantiles, pickles, plots,
and refuses what it cannot do with a typed error."""

from __future__ import annotations

import pickle

import matplotlib
import pytest

import workforce_impact as wi

matplotlib.use("Agg")

DISTS = {"part_time_factor": wi.uniform(0.60, 0.77), "annual_hours": wi.uniform(1800, 2100)}


@pytest.fixture(scope="module")
def nml() -> wi.Model:
    return wi.Model.builtin("nml-2023")


@pytest.fixture(scope="module")
def run(nml: wi.Model) -> wi.TrajectoryMonteCarloResult:
    return nml.trajectory_monte_carlo(DISTS, n=20_000, seed=2023, targets=(0.30, 0.35))


def test_the_target_year_is_the_single_year_run_on_the_same_draws(nml, run):
    single = nml.monte_carlo(DISTS, n=20_000, seed=2023, targets=(0.30, 0.35), progress=False)
    p = run.prob_share_at_least(0.35)
    assert list(p.index) == list(range(2023, 2033))
    assert p[2032] == single.prob_share_at_least(0.35)
    total = run.summary("total")
    assert total.loc[2032, "mean"] == pytest.approx(single.mean(), rel=1e-9)
    assert total.loc[2032, "stated"] == pytest.approx(nml.evaluate().total, rel=1e-12)
    # the default ramp starts at 0 in 2023
    assert total.loc[2023, "mean"] == 0.0 and p[2023] == 0.0


def test_summaries_follow_the_exact_trajectory_and_turn_quantiles(nml, run):
    exact = nml.trajectory().totals()
    total, remaining, share = (run.summary(of) for of in ("total", "remaining", "share"))
    assert list(total.index) == list(exact.index)
    assert (total["stated"] - exact["total"]).abs().max() < 1e-9
    assert (total["shortage"] == exact["shortage"]).all()
    assert total.loc[2027, "shortage"] == pytest.approx(2100 + 2400 * 4 / 9)
    # remaining p05 is the shortage minus the total's p95; share p50 is total p50 / shortage
    assert remaining.loc[2032, "p05"] == pytest.approx(4500 - total.loc[2032, "p95"])
    assert share.loc[2032, "p50"] == pytest.approx(total.loc[2032, "p50"] / 4500)
    assert (share["p05"] <= share["p50"]).all() and (share["p50"] <= share["p95"]).all()
    # P(share >= 30%) is at least P(share >= 35%) in every year
    assert (run.prob_share_at_least(0.30) >= run.prob_share_at_least(0.35)).all()


def test_results_pickle_and_report_their_setup(run):
    again = pickle.loads(pickle.dumps(run))
    assert again.summary("share").equals(run.summary("share"))
    assert run.meta["seed"] == 2023 and run.meta["scenario"] == "baseline"
    assert run.n == 20_000 and run.regions == ["nml"]


def test_the_fan_chart_is_drawn_in_dutch(run):
    ax = run.plot(published=4500 - 1673.8)
    assert ax.get_title() == "Resterend personeelstekort per jaar"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "mediaan resterend tekort" in labels and "90%-interval" in labels
    assert ax.get_xlabel() == "jaar"


def test_progress_is_reported_and_the_unbent_scenario_runs(nml):
    seen = []
    r = nml.trajectory_monte_carlo(DISTS, n=300_000, seed=1, scenario="unbent", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1] == (300_000, 300_000)
    assert r.summary().loc[2032, "shortage"] == 6700


def test_what_cannot_be_run_is_refused_with_its_reason(nml, run):
    with pytest.raises(wi.ModelError, match="no shortage projection for scenario 'krapte'"):
        nml.trajectory_monte_carlo(DISTS, n=100, scenario="krapte")
    with pytest.raises(wi.UnknownParameterError, match="did you mean 'part_time_factor'"):
        nml.trajectory_monte_carlo({"part_time_facter": wi.uniform(0.6, 0.7)}, n=100)
    with pytest.raises(wi.InvalidValueError):
        nml.trajectory_monte_carlo(DISTS, n=0)
    with pytest.raises(ValueError, match="target 0.5 was not counted"):
        run.prob_share_at_least(0.5)
    with pytest.raises(ValueError, match="of='persons'"):
        run.summary("persons")
    with pytest.raises(KeyError, match="no region 'xyz'"):
        run.summary(region="xyz")
