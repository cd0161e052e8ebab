"""Years from Python: Model.trajectory, Trajectory.to_pandas/totals, flow_stocks, horizon,
the builder's year keywords and the errors of bad year input. The small models are
synthetic (no real region's figures)."""

from __future__ import annotations

import math
import pickle

import pytest

import workforce_impact as wi


@pytest.fixture(scope="module")
def nml() -> wi.Model:
    return wi.Model.builtin("nml-2023")


def synthetic(**initiative_kw) -> wi.ModelBuilder:
    """Horizon 2023..=2027, shortage 100 -> 140, 1,000 h/yr / 2,000 / 50% = 1 person."""
    return (
        wi.ModelBuilder("synthetic-years", target_year=2027, start_year=2023)
        .theme("t")
        .shortage(2023, 100)
        .shortage(2027, 140)
        .parameter("annual_hours", 2000, unit="h/(FTE*yr)", source="aanname", kind="assumption")
        .parameter("part_time_factor", "50%", unit="FTE/person", source="aanname", kind="assumption")
        .initiative("x", theme="t", **initiative_kw)
    )


SAVED = {"saved": {"value": 1000, "unit": "h/yr", "source": "aanname", "kind": "assumption"}}
PERSONS = wi.component("saved / annual_hours / part_time_factor", "vvt")


def test_nml_horizon_and_totals_from_2100_to_4500(nml):
    assert nml.horizon == wi.Horizon(2023, 2032)
    assert nml.horizon.years == list(range(2023, 2033))
    totals = nml.trajectory().totals()
    assert list(totals.index) == list(range(2023, 2033))
    assert list(totals.columns[:4]) == ["shortage", "total", "remaining", "share"]
    assert totals.loc[2023, "shortage"] == 2100.0 and totals.loc[2032, "shortage"] == 4500.0
    assert math.isclose(totals.loc[2027, "shortage"], 2100 + 4 / 9 * 2400)
    assert totals.loc[2023, "total"] == 0.0
    # The target year is today's evaluation, exactly.
    assert totals.loc[2032, "total"] == nml.evaluate().total
    row = totals.loc[2030]
    assert math.isclose(row.remaining, row.shortage - row.total)
    assert math.isclose(row.share, row.total / row.shortage)


def test_overrides_and_the_unbent_scenario(nml):
    lower = nml.trajectory({"part_time_factor": 0.6}, scenario="unbent").totals()
    assert lower.loc[2032, "shortage"] == 6700.0
    assert lower.loc[2032, "total"] == nml.evaluate({"part_time_factor": 0.6}).total


def test_long_table_levels_add_up(nml):
    traj = nml.trajectory()
    df = traj.to_pandas()
    assert list(df.columns) == ["year", "level", "id", "persons"]
    y = df[df.year == 2029]
    total = traj.totals().loc[2029, "total"]
    for level in ("initiative", "theme", "sector"):
        assert math.isclose(y[y.level == level].persons.sum(), total, rel_tol=1e-12)
    assert len(y[y.level == "initiative"]) == 42
    assert traj.years == list(range(2023, 2033)) and traj.scenario == "baseline"
    again = pickle.loads(pickle.dumps(traj))
    assert again.to_dict() == traj.to_dict()


def test_flow_stocks_of_nml(nml):
    df = nml.flow_stocks()
    assert df.initiative.tolist() == ["behoud-doorstroom", "behoud-doorstroom", "hbo-v-locatie"]
    first = df.iloc[0]
    retention = 1 - 5100 / 39500
    assert math.isclose(first.retention, retention)
    assert first.published == 155 and math.isclose(first.as_stated, 51.0)
    hand = sum(51 * (t - 2023) / 9 * retention ** (2032 - t) for t in range(2024, 2033))
    assert math.isclose(first.stock, hand)
    assert not df.declared.any()


def test_ramp_and_flow_from_the_builder():
    model = synthetic(
        parameters={
            **SAVED,
            "graduates": {"value": 10, "unit": "person/yr", "source": "aanname", "kind": "assumption"},
        },
        ramp={"start": 2024, "full": 2026, "shape": "linear"},
        components=[PERSONS],
    ).build()
    totals = model.trajectory().totals()
    assert totals.total.round(12).tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]
    flows = synthetic(
        parameters={"graduates": {"value": 10, "unit": "person/yr", "source": "aanname", "kind": "assumption"}},
        components=[wi.component("graduates", "vvt", flow={"from": 2025, "retention": "90%"})],
    ).build()
    # 10/yr from 2025, 90% kept a year: 2027 stock = 10 x (0.81 + 0.9 + 1) = 27.1.
    assert math.isclose(flows.trajectory().totals().loc[2027, "total"], 27.1)
    row = flows.flow_stocks().iloc[0]
    assert bool(row.declared) and math.isclose(row.stock, 27.1) and row["from"] == 2025


def test_growth_and_by_year_from_the_builder():
    model = (
        wi.ModelBuilder("g", target_year=2032, start_year=2023)
        .theme("t")
        .shortage(2023, 100)
        .shortage(2032, 100)
        .parameter("annual_hours", 2000, unit="h/(FTE*yr)", source="aanname", kind="assumption")
        .parameter("growth_share", by_year={2023: "0%", 2032: "16%"}, source="aanname", kind="assumption")
        .initiative(
            "x",
            theme="t",
            parameters={
                "hours": {"value": 1000, "unit": "h/yr", "source": "aanname", "kind": "assumption",
                          "growth": {"total": "16%", "from": 2023, "to": 2032}},
            },
            components=[wi.component("hours * (1 + growth_share) / annual_hours / 1[FTE/person]", "vvt")],
        )
        .build()
    )
    totals = model.trajectory().totals().total
    assert math.isclose(totals[2023], 0.5 * 1.0 * 1.0)
    assert math.isclose(totals[2027], 0.5 * 1.16 ** (4 / 9) * (1 + 0.16 * 4 / 9))
    assert totals[2032] == model.evaluate().total


@pytest.mark.parametrize(
    ("kw", "error", "match"),
    [
        ({"parameters": SAVED, "components": [PERSONS], "ramp": {"start": 2026, "full": 2024}},
         wi.ModelError, r"ramp: the full year 2024 precedes the start year 2026"),
        ({"parameters": SAVED, "components": [PERSONS], "ramp": {"start": 2020, "full": 2025}},
         wi.InvalidValueError, r"ramp start 2020 is outside the model's horizon 2023..=2027"),
        ({"parameters": {"p": {"value": 1000, "unit": "h/yr", "growth": {"rate": "-30%/yr", "from": 2023, "shape": "linear"}}},
          "components": [wi.component("p / annual_hours / part_time_factor", "vvt")]},
         wi.ModelError, r"growth makes the value negative in 2027"),
        ({"parameters": {"p": {"value": 1000, "unit": "h/yr", "growth": {"total": "16%", "to": 2027}}},
          "components": [wi.component("p / annual_hours / part_time_factor", "vvt")]},
         wi.ModelError, r"growth needs `from`, the year the stated value is for"),
        ({"parameters": {"g": {"value": 10, "unit": "person/yr"}}, "components": [wi.component("g", "vvt")]},
         wi.UnitError, r"it is a flow \(person/yr\); say how it accumulates with `flow = \{ from = \.\.\., retention = \.\.\. \}`, or multiply by 1\[yr\]"),
        ({"parameters": SAVED, "components": [wi.component("saved / annual_hours / part_time_factor", "vvt", flow={"from": 2024})]},
         wi.UnitError, r"`flow` is declared, but the formula gives persons \[person\], not a flow in person/yr"),
    ],
    ids=["full-before-start", "outside-horizon", "negative-growth", "growth-without-from", "flow-into-stock", "flow-on-stock"],
)
def test_bad_year_input_is_a_typed_error(kw, error, match):
    with pytest.raises(error, match=match) as info:
        synthetic(**kw).build()
    assert info.value.initiative == "x"


def test_an_unknown_scenario_raises_model_error(nml):
    with pytest.raises(wi.ModelError, match=r"no shortage projection for scenario 'unbend' \(did you mean 'unbent'\?\)"):
        nml.trajectory(scenario="unbend")


def test_plot_trajectory(nml):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    ax = wi.plot.trajectory(nml.trajectory())
    assert ax.get_xlabel() == "jaar" and ax.get_ylabel() == "personen"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "personeelstekort (baseline)" in labels
