"""Parties, the ledger, settlements and their uncertainty from Python, on the builtin
template and a synthetic model (no real region's figures)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workforce_impact as wi

AGREEMENT = "beweeghuis-gedeelde-besparing"


def worked(shares=(0.5, 0.5), invest=200_000.0, save=800_000.0, investors_first=True) -> wi.Model:
    """The worked example of issue 9 built with the builder: synthetic figures."""
    b = (
        wi.ModelBuilder("worked", target_year=2030)
        .parameter("annual_hours", 2000, unit="h/(FTE*yr)", source="synthetic", kind="assumption")
        .parameter("part_time_factor", "68%", unit="FTE/person", source="synthetic", kind="assumption")
        .theme("t")
        .party("gemeente", "financier")
        .party("zorgverzekeraar", "financier")
        .party("huisartsen", "provider")
        .initiative(
            "coach",
            theme="t",
            parameters={
                "budget": {"value": invest, "unit": "EUR/yr", "source": "synthetic", "kind": "assumption"},
                "avoided": {"value": save, "unit": "EUR/yr", "source": "synthetic", "kind": "assumption"},
                "hours": {"value": 2720, "unit": "h/yr", "source": "synthetic", "kind": "assumption"},
            },
            components=[wi.component("hours / annual_hours / part_time_factor", "huisartsenzorg")],
        )
        .money("coach", "running", "gemeente", "budget", label="coach")
        .money("coach", "saving", "zorgverzekeraar", "avoided")
        .agreement(
            "deal",
            parties=["gemeente", "zorgverzekeraar"],
            shares={"gemeente": shares[0], "zorgverzekeraar": shares[1]},
            investors_first=investors_first,
        )
    )
    return b.build()


def test_worked_example_from_the_builder():
    s = worked().evaluate().settlement("deal")
    p = s.parties.set_index("party")
    assert p.loc["gemeente", "transfer"] == pytest.approx(500_000.0)
    assert p.loc["zorgverzekeraar", "transfer"] == pytest.approx(-500_000.0)
    assert p["net_after"].tolist() == pytest.approx([300_000.0, 300_000.0])
    assert s.transfers[["from", "to"]].values.tolist() == [["zorgverzekeraar", "gemeente"]]
    assert s.unit == "EUR" and bool(s.years["paid"].iloc[0])


def test_ledger_rows_and_matrix():
    ev = worked().evaluate()
    rows = ev.ledger()
    staff = rows[rows.kind == "staff"].iloc[0]
    assert (staff.party, staff.sector) == ("huisartsen", "huisartsenzorg")
    assert staff.persons == pytest.approx(2.0) and staff.FTE == pytest.approx(1.36)
    assert math.isnan(staff.EUR)  # no cost rate: persons and FTE only
    assert set(rows.kind) == {"staff", "invested", "saved", "net"}
    assert (rows.year == 2030).all()
    m = ev.matrix()
    assert m.loc["gemeente", "coach"] == pytest.approx(-200_000.0)
    assert ev.matrix("persons").loc["huisartsen", "coach"] == pytest.approx(2.0)
    with pytest.raises(ValueError):
        ev.matrix("FTE")


def test_nml_keeps_two_thirds_unassigned_in_persons():
    ev = wi.Model.builtin("nml-2023").evaluate()
    persons = ev.matrix("persons").sum(axis=1)
    assert persons.sum() == pytest.approx(ev.total)
    assert round(persons["unassigned"] / persons.sum(), 2) == 0.67
    assert ev.matrix().isna().all().all()  # no euro declared in the NML model


def test_bad_input_is_typed_with_its_place():
    b = wi.ModelBuilder("bad").theme("t").party("gemeente", "financier").initiative(
        "x", theme="t", parameters={"h": {"value": 10, "unit": "h/yr"}},
        components=[wi.component("h / 1[h/(FTE*yr)] / 1[FTE/person]", "sociaal-domein", provider="welzijn")],
    )
    with pytest.raises(wi.ModelError) as e:
        b.build()
    assert e.value.initiative == "x" and e.value.field == "provider"
    assert "unknown party 'welzijn'" in str(e.value)
    shares = worked().to_toml().replace('zorgverzekeraar = 0.5', 'zorgverzekeraar = 0.4')
    with pytest.raises(wi.InvalidValueError) as e:
        wi.Model.from_toml(shares, "deal.toml")
    assert e.value.agreement == "deal" and e.value.line is not None
    assert "the shares add up to 90%, not 100%" in str(e.value)
    with pytest.raises(wi.ModelError, match="did you mean 'deal'"):
        worked().evaluate().settlement("deall")


def test_builtin_template_settles_to_zero_sum():
    ev = wi.Model.builtin("beweeghuis-artrose").evaluate()
    s = ev.settlement(AGREEMENT)
    assert s.parties["transfer"].sum() == pytest.approx(0.0, abs=1e-6)
    assert s.parties["net_after"].sum() == pytest.approx(s.parties["net_before"].sum())
    # the transfers between parties add up to what each party pays
    paid = s.transfers.groupby("from")["amount"].sum()
    for party, amount in paid.items():
        assert -s.parties.set_index("party").loc[party, "transfer"] == pytest.approx(amount)


def test_ledger_monte_carlo_is_deterministic_and_bounded():
    model = wi.Model.builtin("beweeghuis-artrose")
    dists = model.assumptions(0.3)
    a = model.ledger_monte_carlo(dists, n=1500, seed=3, agreement=AGREEMENT)
    b = model.ledger_monte_carlo(dists, n=1500, seed=3, agreement=AGREEMENT)
    assert a.equals(b)
    assert list(a.index) == ["zorgverzekeraar", "gemeente", "ziekenhuis", "fysiotherapie", "huisartsen", "welzijn"]
    assert ((a.p05 <= a.p50) & (a.p50 <= a.p95)).all()
    assert ((a.prob_negative >= 0) & (a.prob_negative <= 1)).all()
    stated = model.evaluate().settlement(AGREEMENT).parties.set_index("party")["net_after"]
    assert a["stated"].tolist() == pytest.approx(stated.tolist())
    # pinned inputs: every draw is the stated ledger, so no spread and P(net < 0) is 0 or 1
    pinned = model.ledger_monte_carlo({"beweegprogramma.adherence": 0.7}, n=200, seed=1, agreement=AGREEMENT)
    assert (pinned.p05 == pinned.p95).all()
    with pytest.raises(wi.ModelError):
        model.ledger_monte_carlo(dists, n=10, agreement="nope")


@settings(max_examples=40, deadline=None)
@given(
    share=st.floats(0.0, 1.0),
    invest=st.floats(0.0, 2e6),
    save=st.floats(0.0, 2e6),
    investors_first=st.booleans(),
)
def test_transfers_always_sum_to_zero(share, invest, save, investors_first):
    s = worked((share, 1.0 - share), invest, save, investors_first).evaluate().settlement("deal")
    scale = max(1.0, invest + save)
    assert abs(s.parties["transfer"].sum()) <= 1e-9 * scale
    assert s.parties["net_after"].sum() == pytest.approx(s.parties["net_before"].sum(), abs=1e-9 * scale)


def test_plots_have_dutch_labels():
    import matplotlib

    matplotlib.use("Agg")
    ev = wi.Model.builtin("beweeghuis-artrose").evaluate()
    ax = wi.plot.ledger_matrix(ev, "persons")
    assert ax.get_title() == "Wie investeert, wie profiteert (netto personen)"
    assert ax.get_ylabel() == "partij"
    ax = wi.plot.party_balance(ev)
    assert ax.get_title() == "Inleg en opbrengst per partij"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["netto vóór verrekening", "ingelegd", "opbrengst"]
