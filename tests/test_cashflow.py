"""Cash flows over the years from Python: the synthetic worked example (no real region's
figures: EUR 100,000 invested in 2025, EUR 30,000 saved a year from 2026 by the same party),
the illustrative beweeghuis template, the plot and bad input."""

from __future__ import annotations

import math
import pathlib
import pickle

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workforce_impact as wi

DATA = pathlib.Path(__file__).parent / "data"
AGREEMENT = "beweeghuis-gedeelde-besparing"


def worked(text: str | None = None) -> wi.Model:
    return wi.Model.from_toml(text or (DATA / "cashflow-worked-example.toml").read_text(), "cashflow.toml")


def test_worked_example_payback_and_npv_at_5_and_0_percent():
    model = worked()
    flows = model.cash_flows()
    assert (flows.base_year, flows.discount_rate, flows.agreement) == (2025, 0.05, None)
    zv = flows.by_year.query("party == 'zorgverzekeraar'")
    assert zv["year"].tolist() == [2025, 2026, 2027, 2028, 2029, 2030]
    assert zv["cumulative"].tolist() == pytest.approx([-100_000, -70_000, -40_000, -10_000, 20_000, 50_000])
    s = flows.summary()
    assert s.loc["zorgverzekeraar", "payback_year"] == 2029
    # -100,000 + 30,000 x (1.05^-1 + ... + 1.05^-5)
    assert s.loc["zorgverzekeraar", "NPV"] == pytest.approx(29_884.30011892457, abs=1e-6)
    zero = model.cash_flows({"rate": 0.0}).summary()
    assert zero.loc["zorgverzekeraar", "NPV"] == pytest.approx(50_000.0)
    # the GP practices have staff but no cost rate: no euros, no payback, no NPV
    assert s.loc["huisartsen", "person_years"] == pytest.approx(10.0)
    assert s.loc["huisartsen", ["EUR", "payback_year", "NPV"]].isna().all()


def test_rows_columns_and_the_investment_in_the_ramp_start_year():
    flows = worked().cash_flows()
    assert list(flows.rows.columns) == [
        "party", "initiative", "year", "kind", "label", "sector", "persons", "FTE", "EUR", "cumulative",
    ]
    inv = flows.rows.query("kind == 'invested'")
    assert inv[["year", "EUR"]].values.tolist() == [[2025, -100_000.0]]
    staff = flows.rows.query("kind == 'staff'").set_index("year")["persons"]
    assert staff.loc[2025] == 0.0 and staff.loc[2026:].tolist() == pytest.approx([2.0] * 5)


def test_settled_year_by_year_transfers_sum_to_zero():
    text = (DATA / "cashflow-worked-example.toml").read_text().replace(
        'party = "zorgverzekeraar"\n  label = "setup"', 'party = "gemeente"\n  label = "setup"'
    )
    flows = worked(text).cash_flows(agreement="shared-savings")
    t = flows.rows.query("kind == 'transfer'")
    assert t["initiative"].isna().all()
    assert (t.groupby("year")["EUR"].sum().abs() < 1e-9).all()
    gem = t.query("party == 'gemeente'")["EUR"].tolist()
    assert gem == pytest.approx([0, 15_000, 15_000, 15_000, 15_000, 15_000])
    assert flows.settlement is not None and len(flows.settlement.years) == 6
    s = flows.summary()
    assert s.loc["gemeente", "EUR"] == pytest.approx(-25_000.0)
    assert pd.isna(s.loc["gemeente", "payback_year"])


def test_beweeghuis_over_2025_2050():
    model = wi.Model.builtin("beweeghuis-artrose")
    flows = model.cash_flows(agreement=AGREEMENT)
    assert flows.by_year["year"].min() == 2025 and flows.by_year["year"].max() == 2050
    assert flows.discount_rate == pytest.approx(0.03)
    # the hospital's lost revenue moves with the insurer's saving, every year
    ops = flows.rows[flows.rows["label"].isin(["vermeden operaties", "gederfde omzet operaties"])]
    by_year = ops.groupby("year")["EUR"].sum()
    assert (by_year.abs() < 1e-6).all()
    # the target year equals the single-year ledger's staff rows (every ramp is full in 2050)
    ledger = model.evaluate().ledger().query("kind == 'staff'")
    ours = flows.rows.query("kind == 'staff' and year == 2050")
    assert ours["persons"].tolist() == ledger["persons"].tolist()
    assert ours["EUR"].tolist() == ledger["EUR"].tolist()


def test_cash_flows_pickle():
    flows = worked().cash_flows()
    back = pickle.loads(pickle.dumps(flows))
    assert back.summary().equals(flows.summary())


def test_plot_cash_flows_dutch_labels():
    import matplotlib

    matplotlib.use("Agg")
    flows = worked().cash_flows()
    ax = wi.plot.cash_flows(flows)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("jaar", "cumulatief netto (EUR)")
    assert ax.get_title() == "Kasstromen per partij: cumulatief netto per jaar"
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert labels == ["zorgverzekeraar"]  # the only party with euros
    line = ax.get_lines()[0]
    assert list(line.get_ydata()) == pytest.approx([-100_000, -70_000, -40_000, -10_000, 20_000, 50_000])
    ax2 = wi.plot.cash_flows(flows.by_year)
    assert len(ax2.get_lines()) == len(ax.get_lines())


def test_unknown_agreement_is_a_model_error():
    with pytest.raises(wi.ModelError, match=r"no agreement 'shared-saving' \(did you mean 'shared-savings'\?\)"):
        worked().cash_flows(agreement="shared-saving")


def test_bad_discount_rate_base_year_and_investment_year():
    text = (DATA / "cashflow-worked-example.toml").read_text()
    with pytest.raises(wi.ModelError, match=r"discount_rate: a discount rate of -100% is at or below -100%") as e:
        worked(text.replace('discount_rate = "rate"', 'discount_rate = "-100%"'))
    assert e.value.parameter == "discount_rate"
    with pytest.raises(wi.ModelError, match="the discount rate is NaN"):
        worked(text.replace('discount_rate = "rate"', "discount_rate = nan"))
    with pytest.raises(wi.ModelError, match="base_year 2040 lies outside the horizon 2025..=2030"):
        worked(text.replace('discount_rate = "rate"', 'discount_rate = "rate"\nbase_year = 2040'))
    with pytest.raises(wi.ModelError, match="investment year 2024 lies outside the horizon 2025..=2030") as e:
        worked(text.replace('label = "setup"', 'label = "setup"\n  year = 2024'))
    assert e.value.initiative == "coach"
    with pytest.raises(wi.InvalidValueError, match="'rate' must be a number >= 0"):
        worked().cash_flows({"rate": -2.0})


def test_builder_money_year_and_discount_rate():
    b = (
        wi.ModelBuilder("b", target_year=2027, start_year=2025)
        .parameter("annual_hours", 2000, unit="h/(FTE*yr)", source="synthetic", kind="assumption")
        .parameter("part_time_factor", "68%", unit="FTE/person", source="synthetic", kind="assumption")
        .parameter("r", 0.1, unit="1", source="synthetic", kind="assumption")
        .theme("t")
        .party("gemeente", "financier")
        .party("zorgverzekeraar", "financier")
        .party("huisartsen", "provider")
        .initiative(
            "x",
            theme="t",
            parameters={
                "setup": {"value": 1000, "unit": "EUR", "source": "synthetic", "kind": "assumption"},
                "hours": {"value": 2720, "unit": "h/yr", "source": "synthetic", "kind": "assumption"},
            },
            components=[wi.component("hours / annual_hours / part_time_factor", "huisartsenzorg")],
        )
        .money("x", "investment", "gemeente", "setup", year=2026)
        .discounting("r", base_year=2025)
    )
    flows = b.build().cash_flows()
    g = flows.by_year.query("party == 'gemeente'")
    assert g["EUR"].tolist() == [0.0, -1000.0, 0.0]
    assert flows.summary().loc["gemeente", "NPV"] == pytest.approx(-1000 / 1.1)


@settings(max_examples=25, deadline=None)
@given(rate=st.floats(min_value=0.0, max_value=0.5))
def test_npv_is_the_discounted_sum_of_by_year(rate):
    flows = worked().cash_flows({"rate": rate})
    for party, rows in flows.by_year.groupby("party"):
        npv = flows.summary().loc[party, "NPV"]
        if math.isnan(npv):
            continue
        expect = sum(e * (1 + rate) ** -(y - 2025) for y, e in zip(rows["year"], rows["EUR"]))
        assert npv == pytest.approx(expect, rel=1e-12, abs=1e-6)
