"""Tornado, Sobol, Morris and assumptions(): analytic indices, agreement with evaluate(),
determinism and typed errors."""

from __future__ import annotations

import math

import pytest

import workforce_impact as wi

PTF_HOURS = {"part_time_factor": wi.uniform(0.60, 0.77), "annual_hours": wi.uniform(1800, 2100)}
FRACTION = "buikpijnteam.clinical_admission_reduction"

PRODUCT = {
    "model": {"id": "product", "region": "r", "target_year": 2032},
    "regions": [{"id": "r", "name": "R", "population": 1}],
    "shortage": {"projections": [{"year": 2032, "persons": 1}]},
    "parameters": {"x1": {"value": 0.5}, "x2": {"value": 0.5}, "x3": {"value": 0.5}},
    "themes": [{"id": "t"}],
    "initiatives": [
        {"id": "a", "theme": "t", "components": [{"sector": "msz", "formula": "x1 * x2 * 1[person]"}]}
    ],
}


@pytest.fixture(scope="module")
def nml() -> wi.Model:
    return wi.Model.builtin("nml-2023")


# -- assumptions ---------------------------------------------------------------------------


def test_assumptions_cover_every_assumption(nml):
    params = nml.parameters()
    stated = params.set_index("name")
    expected = set(params[(params.kind == "assumption") & params.formula.isna() & (params.value != 0)].name)
    a = nml.assumptions(0.5, "triangular")
    assert set(a) == expected and len(a) > 40
    for name, d in a.items():
        v = stated.loc[name, "value"]
        assert isinstance(d, wi.distributions.Triangular)
        assert d.mode == v and d.lo == pytest.approx(0.5 * v)
        assert d.hi == pytest.approx(1.5 * v) or d.hi == 1.0  # fractions are clipped at 100%
    # a share of 100% cannot go above it
    assert a["zometa-thuis.home_share"] == wi.triangular(0.5, 1.0, 1.0)


@pytest.mark.parametrize("shape", ["uniform", "triangular", "pert", "normal"])
def test_assumption_shapes_run(nml, shape):
    a = nml.assumptions(0.3, shape)
    r = nml.monte_carlo(a, n=3000, seed=1, detail=False)
    assert r.n == 3000 and r.sd() > 0


def test_assumptions_bad_arguments(nml):
    with pytest.raises(wi.InvalidValueError, match="unknown shape 'beta'"):
        nml.assumptions(0.5, "beta")
    with pytest.raises(wi.InvalidValueError, match="relative width -0.1"):
        nml.assumptions(-0.1)


# -- tornado -------------------------------------------------------------------------------


def test_tornado_matches_evaluate(nml):
    dists = {**nml.assumptions(0.5), **PTF_HOURS}
    df = nml.tornado(dists)
    assert list(df.columns) == [
        "name", "low", "high", "total_low", "total_high", "share_low", "share_high", "swing"
    ]
    assert len(df) == len(dists)
    assert df.swing.is_monotonic_decreasing
    base = nml.evaluate()
    assert df.attrs["base_total"] == base.total
    for row in df.head(5).itertuples():
        assert row.total_low == pytest.approx(nml.evaluate({row.name: row.low}).total, rel=1e-12)
        assert row.total_high == pytest.approx(nml.evaluate({row.name: row.high}).total, rel=1e-12)
        assert row.share_low == pytest.approx(row.total_low / base.shortage)
        assert row.swing == pytest.approx(abs(row.total_high - row.total_low))
    ptf = df.set_index("name").loc["part_time_factor"]
    assert (ptf.low, ptf.high) == (0.60, 0.77)


def test_tornado_of_an_unbounded_input_uses_its_5_and_95_percentiles(nml):
    df = nml.tornado({"annual_hours": wi.normal(2000, 100, lo=0)})
    assert df.low.iloc[0] == pytest.approx(2000 - 164.485, abs=0.01)
    assert df.high.iloc[0] == pytest.approx(2000 + 164.485, abs=0.01)


# -- Sobol ---------------------------------------------------------------------------------


def test_sobol_product_of_uniforms_is_analytic():
    # f = x1 * x2 with x1, x2 ~ U(0, 1): V = 7/144, S1 = 3/7, ST = 4/7; x3 does nothing
    model = wi.Model.from_dict(PRODUCT)
    d = {"x1": wi.uniform(0, 1), "x2": wi.uniform(0, 1), "x3": wi.uniform(0, 1)}
    df = model.sobol(d, n=8192, seed=1).set_index("name")
    assert list(df.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    for x in ("x1", "x2"):
        assert df.loc[x, "S1"] == pytest.approx(3 / 7, abs=0.03)
        assert df.loc[x, "ST"] == pytest.approx(4 / 7, abs=0.03)
        assert 0 < df.loc[x, "S1_conf"] < 0.05 and 0 < df.loc[x, "ST_conf"] < 0.05
    assert df.loc["x3", "S1"] == pytest.approx(0, abs=0.01)
    assert df.loc["x3", "ST"] == pytest.approx(0, abs=1e-12)


def test_sobol_on_the_nml_model(nml):
    df = nml.sobol(PTF_HOURS, n=1024, seed=2).set_index("name")
    # nearly additive: first-order indices add up to about 1
    assert df.S1.sum() == pytest.approx(1, abs=0.08)
    assert df.loc["part_time_factor", "ST"] > df.loc["annual_hours", "ST"]
    again = nml.sobol(PTF_HOURS, n=1024, seed=2).set_index("name")
    assert again.equals(df)


def test_sobol_groups(nml):
    dists = {**nml.assumptions(0.5), **PTF_HOURS}
    by_initiative = nml.sobol(dists, n=256, seed=1, groups="initiative", bootstrap=0)
    assert "welzijn-op-recept" in set(by_initiative.name)
    assert "part_time_factor" in set(by_initiative.name)
    assert by_initiative.S1_conf.isna().all()  # no bootstrap, no interval
    explicit = nml.sobol(PTF_HOURS, n=256, seed=1, groups={"work": ["part_time_factor", "annual_hours"]})
    assert list(explicit.name) == ["work"]
    assert explicit.ST.iloc[0] == pytest.approx(1, abs=0.05)


def test_sobol_errors(nml):
    with pytest.raises(wi.UnknownParameterError):
        nml.sobol({"part_time_factr": wi.uniform(0.6, 0.7)}, n=64)
    with pytest.raises(wi.InvalidValueError, match="leaves the valid range"):
        nml.sobol({FRACTION: wi.uniform(-0.1, 0.1)}, n=64)
    with pytest.raises(wi.InvalidValueError, match="n must be at least 1"):
        nml.sobol(PTF_HOURS, n=0)
    with pytest.raises(wi.InvalidValueError, match="n must be >= 2"):
        nml.sobol(PTF_HOURS, n=1)


# -- Morris --------------------------------------------------------------------------------


def test_morris(nml):
    df = nml.morris(PTF_HOURS, trajectories=30, seed=4).set_index("name")
    assert list(df.columns) == ["mu", "mu_star", "sigma"]
    # both lower the total; the part-time factor's range matters more
    assert (df.mu < 0).all()
    assert df.mu_star.equals(df.mu.abs())
    assert df.loc["part_time_factor", "mu_star"] > df.loc["annual_hours", "mu_star"]
    assert nml.morris(PTF_HOURS, trajectories=30, seed=4).set_index("name").equals(df)


def test_morris_errors(nml):
    with pytest.raises(wi.InvalidValueError, match="trajectories must be >= 2"):
        nml.morris(PTF_HOURS, trajectories=1)
    with pytest.raises(wi.InvalidValueError, match="levels must be even"):
        nml.morris(PTF_HOURS, levels=3)


def test_share_columns_are_nan_without_a_shortage():
    data = dict(PRODUCT)
    data = {k: v for k, v in data.items() if k != "shortage"}
    df = wi.Model.from_dict(data).tornado({"x1": wi.uniform(0, 1)})
    assert math.isnan(df.share_low.iloc[0])
    assert df.total_high.iloc[0] == pytest.approx(0.5)


def test_sobol_grouped_by_theme():
    model = wi.Model.builtin("nml-2023")
    dists = model.assumptions(rel=0.5, shape="uniform")
    df = model.sobol(dists, n=256, seed=3, groups="theme", bootstrap=0)
    names = set(df["name"])
    # the initiatives' assumptions fall into their themes; global ones stay on their own
    assert {"langer-thuis", "regionale-digitale-organisatie", "annual_hours"} <= names
    assert not any("." in n for n in names)
    assert df.ST.sum() > 0.9
