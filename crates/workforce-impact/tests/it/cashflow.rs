//! Cash flows over the years, payback year and NPV: the synthetic worked example (no real
//! region's figures: €100,000 invested in year 1, €30,000 saved a year from year 2),
//! hand-computed ramps and growth in the illustrative beweeghuis template, the target year
//! against the single-year ledger, and bad input.

use workforce_impact::ledger::{CashFlows, CashKind, EntryKind};
use workforce_impact::{Error, Model, Overrides};

const WORKED: &str = include_str!("../data/cashflow-worked-example.toml");

fn model_with(from: &str, to: &str) -> Model {
    assert!(WORKED.contains(from), "{from}");
    Model::from_toml_str(&WORKED.replacen(from, to, 1), "cashflow.toml").expect("loads")
}

/// The worked example with the investment borne by the party that saves.
fn one_party() -> Model {
    model_with(
        "party = \"gemeente\"\n  label = \"setup\"",
        "party = \"zorgverzekeraar\"\n  label = \"setup\"",
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn all_close(a: &[(i32, f64)], b: &[(i32, f64)]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0 && close(x.1, y.1))
}

fn eur_of(flows: &CashFlows, party: &str) -> Vec<(i32, f64)> {
    (flows.party_years.iter())
        .filter(|p| p.party == party)
        .map(|p| (p.year, p.eur.expect("the party has euros")))
        .collect()
}

#[test]
fn worked_example_payback_and_npv_at_0_and_5_percent() {
    let model = one_party();
    let flows = model.cash_flows(&Overrides::default(), None).unwrap();
    assert_eq!(flows.years, [2025, 2026, 2027, 2028, 2029, 2030]);
    assert_eq!((flows.base_year, flows.discount_rate), (2025, Some(0.05)));
    assert!(all_close(
        &eur_of(&flows, "zorgverzekeraar"),
        &[
            (2025, -100_000.0),
            (2026, 30_000.0),
            (2027, 30_000.0),
            (2028, 30_000.0),
            (2029, 30_000.0),
            (2030, 30_000.0)
        ]
    ));
    let cumulative: Vec<(i32, f64)> = (flows.party_years.iter())
        .filter(|p| p.party == "zorgverzekeraar")
        .map(|p| (p.year, p.cumulative.unwrap()))
        .collect();
    let expect = [
        -100_000.0, -70_000.0, -40_000.0, -10_000.0, 20_000.0, 50_000.0,
    ];
    assert!(all_close(
        &cumulative,
        &flows.years.iter().copied().zip(expect).collect::<Vec<_>>()
    ));
    let s = &flows.summary[1];
    assert_eq!(s.party, "zorgverzekeraar");
    // cumulative -10,000 in 2028, +20,000 in 2029 and after
    assert_eq!(s.payback_year, Some(2029));
    assert!(close(s.eur.unwrap(), 50_000.0));
    // -100,000 + 30,000 x (1.05^-1 + ... + 1.05^-5) = -100,000 + 30,000 x 4.32947667063
    assert!(
        (s.npv.unwrap() - 29_884.300_118_924_57).abs() < 1e-6,
        "{s:?}"
    );
    let zero = model
        .cash_flows(&Overrides::new().set("rate", 0.0), None)
        .unwrap();
    assert!(close(zero.summary[1].npv.unwrap(), 50_000.0));
    assert_eq!(zero.summary[1].payback_year, Some(2029));
    // the staff of the GP practices has no cost rate: persons every year from 2026, no euros
    let gp = flows
        .summary
        .iter()
        .find(|s| s.party == "huisartsen")
        .unwrap();
    assert_eq!((gp.eur, gp.payback_year, gp.npv), (None, None, None));
    assert!((gp.person_years - 5.0 * 2.0).abs() < 1e-12); // 2 persons in 5 years
}

#[test]
fn a_saving_too_small_never_pays_back() {
    let text = WORKED
        .replacen(
            "value = 30000, unit = \"EUR/yr\"",
            "value = 10000, unit = \"EUR/yr\"",
            1,
        )
        .replacen(
            "party = \"gemeente\"\n  label = \"setup\"",
            "party = \"zorgverzekeraar\"\n  label = \"setup\"",
            1,
        );
    let model = Model::from_toml_str(&text, "small.toml").unwrap();
    let flows = model.cash_flows(&Overrides::default(), None).unwrap();
    let s = &flows.summary[1];
    assert_eq!(s.payback_year, None); // -100,000 + 5 x 10,000 = -50,000 in 2030
    assert!(close(s.eur.unwrap(), -50_000.0));
}

#[test]
fn rows_per_year_and_cumulative_per_party_and_initiative() {
    let flows = Model::from_toml_str(WORKED, "cashflow.toml")
        .unwrap()
        .cash_flows(&Overrides::default(), None)
        .unwrap();
    // The undated investment falls in the ramp start year, 2025.
    let invested: Vec<_> = (flows.rows.iter())
        .filter(|r| r.kind == CashKind::Invested)
        .collect();
    assert_eq!(invested.len(), 1);
    assert_eq!(
        (invested[0].year, invested[0].eur),
        (2025, Some(-100_000.0))
    );
    assert_eq!(invested[0].party, "gemeente");
    // the step ramp: no saving and no staff in 2025, full from 2026
    let saved: Vec<(i32, f64)> = (flows.rows.iter())
        .filter(|r| r.kind == CashKind::Saved)
        .map(|r| (r.year, r.eur.unwrap()))
        .collect();
    assert_eq!(saved[0], (2025, 0.0));
    assert!(saved[1..].iter().all(|s| close(s.1, 30_000.0)));
    let staff_2025 = (flows.rows.iter())
        .find(|r| r.kind == CashKind::Staff && r.year == 2025)
        .unwrap();
    assert_eq!(staff_2025.persons, Some(0.0));
    let net_zv: Vec<f64> = (flows.rows.iter())
        .filter(|r| r.kind == CashKind::Net && r.party == "zorgverzekeraar")
        .map(|r| r.cumulative.unwrap())
        .collect();
    let expect = [0.0, 30_000.0, 60_000.0, 90_000.0, 120_000.0, 150_000.0];
    assert!(
        net_zv.iter().zip(expect).all(|(a, b)| close(*a, b)),
        "{net_zv:?}"
    );
    // a party that only gains pays back in the first year; one that only invests, never
    let g = &flows.summary[0];
    assert_eq!((g.party.as_str(), g.payback_year), ("gemeente", None));
    assert_eq!(g.npv, Some(-100_000.0)); // the base year is not discounted
    assert_eq!(flows.summary[1].payback_year, Some(2025));
}

#[test]
fn settlement_per_year_sums_to_zero_and_moves_the_payback() {
    let model = Model::from_toml_str(WORKED, "cashflow.toml").unwrap();
    let flows = model
        .cash_flows(&Overrides::default(), Some("shared-savings"))
        .unwrap();
    let s = flows.settlement.as_ref().unwrap();
    assert_eq!(s.years.len(), 6);
    // 2025: the gemeente invests, nobody saves: nothing is paid
    assert!(!s.years[0].paid);
    for y in &flows.years {
        let transfers: Vec<f64> = (flows.rows.iter())
            .filter(|r| r.kind == CashKind::Transfer && r.year == *y)
            .map(|r| r.eur.unwrap())
            .collect();
        assert_eq!(transfers.len(), 2, "{y}");
        assert!(transfers.iter().sum::<f64>().abs() < 1e-9, "{y}");
        // from 2026: no investment in the year, the 30,000 shared 50/50
        let expect = if *y == 2025 { 0.0 } else { 15_000.0 };
        assert!(close(transfers[0], expect), "{y}");
    }
    let g = &flows.summary[0];
    // -100,000 + 5 x 15,000: the year-by-year settlement does not carry an investment over
    assert!(close(g.eur.unwrap(), -25_000.0));
    assert_eq!(g.payback_year, None);
    let zv = &flows.summary[1];
    assert!(close(zv.eur.unwrap(), 75_000.0));
    let cum_transfers = (flows.rows.iter())
        .rfind(|r| r.kind == CashKind::Transfer && r.party == "gemeente")
        .and_then(|r| r.cumulative);
    assert!(close(cum_transfers.unwrap(), 75_000.0));
}

/// The target year of the cash flows is the single-year ledger when every ramp is full
/// there: staff, running and saving rows bit for bit (undated investments fall in the
/// ramp start year instead of the target year: left out).
fn target_year_matches_the_ledger(model: &Model) {
    let overrides = Overrides::default();
    let flows = model.cash_flows(&overrides, None).expect("cash flows");
    let eval = model.evaluate(&overrides).expect("evaluates");
    let ledger = model.ledger(&eval);
    let target = model.horizon().target_year;
    let mut compared = 0;
    let investment_labels: Vec<String> = (model.ledger.money.iter().flatten())
        .filter(|m| m.kind == workforce_impact::ledger::MoneyKind::Investment)
        .map(|m| m.label.clone().unwrap_or_else(|| "investment".into()))
        .collect();
    let ours: Vec<_> = (flows.rows.iter())
        .filter(|r| r.year == target && !matches!(r.kind, CashKind::Net | CashKind::Transfer))
        .filter(|r| {
            !investment_labels.contains(r.label.as_ref().unwrap_or(&String::new()))
                || r.kind == CashKind::Staff
        })
        .collect();
    let theirs: Vec<_> = (ledger.rows.iter())
        .filter(|r| r.kind != EntryKind::Net)
        .filter(|r| {
            !(r.kind == EntryKind::Invested
                && r.label
                    .as_ref()
                    .is_some_and(|l| investment_labels.contains(l)))
        })
        .collect();
    assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(
            (
                a.party.as_str(),
                a.initiative.as_deref(),
                a.label.as_deref(),
                a.sector.as_deref()
            ),
            (
                b.party.as_str(),
                Some(b.initiative.as_str()),
                b.label.as_deref(),
                b.sector.as_deref()
            )
        );
        assert_eq!((a.persons, a.fte, a.eur), (b.persons, b.fte, b.eur));
        assert_eq!(b.year, Some(target));
        compared += 1;
    }
    assert!(compared > 0);
}

#[test]
fn target_year_equals_the_single_year_ledger_when_every_ramp_is_full() {
    for id in ["beweeghuis-artrose", "nml-2023"] {
        let model = Model::builtin(id).unwrap();
        for n in 0..model.initiatives.len() {
            assert!(model
                .ramp_of(n)
                .is_none_or(|r| r.at(model.horizon().target_year) == 1.0));
        }
        target_year_matches_the_ledger(&model);
    }
    target_year_matches_the_ledger(&Model::from_toml_str(WORKED, "cashflow.toml").unwrap());
}

#[test]
fn beweeghuis_ramp_and_growth_by_hand() {
    let model = Model::builtin("beweeghuis-artrose").unwrap();
    let flows = model.cash_flows(&Overrides::default(), None).unwrap();
    assert_eq!((flows.years[0], *flows.years.last().unwrap()), (2025, 2050));
    assert_eq!((flows.base_year, flows.discount_rate), (2025, Some(0.03)));
    let row = |year: i32, label: &str| {
        (flows.rows.iter())
            .find(|r| r.year == year && r.label.as_deref() == Some(label))
            .unwrap()
            .clone()
    };
    // 2027: ramp (2027 - 2025) / 5 = 0.4; patients 6,000 x (1 + 2/25) = 6,480;
    // 6,480 x 10% x 2 consults x EUR 12 = EUR 15,552 a year, x 0.4 = EUR 6,220.80
    let consults = row(2027, "vermeden consulten");
    assert_eq!(consults.party, "zorgverzekeraar");
    assert!(
        (consults.eur.unwrap() - 6_220.8).abs() < 1e-6,
        "{consults:?}"
    );
    // the hospital's lost revenue moves with the insurer's saving, year by year
    for y in 2025..=2050 {
        let a = row(y, "vermeden operaties").eur.unwrap();
        let b = row(y, "gederfde omzet operaties").eur.unwrap();
        assert_eq!(a, -b, "{y}");
    }
    // the undated set-up cost falls in the ramp start year, 2025, with nothing else then
    let setup: Vec<_> = (flows.rows.iter())
        .filter(|r| r.label.as_deref() == Some("opzet netwerk"))
        .collect();
    assert_eq!(setup.len(), 1);
    assert_eq!((setup[0].year, setup[0].eur), (2025, Some(-150_000.0)));
    let zv_2025 = (flows.party_years.iter())
        .find(|p| p.party == "zorgverzekeraar" && p.year == 2025)
        .unwrap();
    assert_eq!(zv_2025.eur, Some(-150_000.0));
    // NPV: the discounted years sum to it
    for s in &flows.summary {
        let discounted: f64 = (flows.party_years.iter())
            .filter(|p| p.party == s.party)
            .filter_map(|p| p.discounted)
            .sum();
        match s.npv {
            Some(npv) => assert!((npv - discounted).abs() <= 1e-6 * npv.abs().max(1.0)),
            None => assert_eq!(discounted, 0.0),
        }
    }
}

#[test]
fn an_investment_year_outside_the_horizon_is_refused_at_its_line() {
    let text = WORKED.replacen("label = \"setup\"", "label = \"setup\"\n  year = 2031", 1);
    let e = Model::from_toml_str(&text, "cashflow.toml").unwrap_err();
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Model { .. }), "{e}");
    let loc = first.location();
    assert_eq!(loc.initiative.as_deref(), Some("coach"));
    assert_eq!(loc.component.as_deref(), Some("money #1 'setup'"));
    let line = text
        .lines()
        .position(|l| l.contains("year = 2031"))
        .unwrap()
        + 1;
    assert_eq!((loc.line, loc.column), (Some(line), Some(10)));
    assert_eq!(
        first.message(),
        "investment year 2031 lies outside the horizon 2025..=2030 (set [model] start_year to include it)"
    );
}

#[test]
fn a_dated_investment_falls_in_its_year() {
    let text = WORKED.replacen("label = \"setup\"", "label = \"setup\"\n  year = 2027", 1);
    let flows = Model::from_toml_str(&text, "cashflow.toml")
        .unwrap()
        .cash_flows(&Overrides::default(), None)
        .unwrap();
    let g: Vec<(i32, f64)> = eur_of(&flows, "gemeente");
    assert_eq!(g[2], (2027, -100_000.0));
    assert!(g.iter().filter(|x| x.0 != 2027).all(|x| x.1 == 0.0));
    // discounted two years: -100,000 / 1.05^2
    assert!((flows.summary[0].npv.unwrap() + 100_000.0 / 1.1025).abs() < 1e-6);
}

#[test]
fn a_discount_rate_at_or_below_minus_100_percent_or_nan_is_refused() {
    let e = Model::from_toml_str(
        &WORKED.replacen("discount_rate = \"rate\"", "discount_rate = \"-100%\"", 1),
        "cashflow.toml",
    )
    .unwrap_err();
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Model { .. }), "{e}");
    assert_eq!(
        first.message(),
        "[ledger] discount_rate: a discount rate of -100% is at or below -100%: (1 + r)^-t is undefined"
    );
    let line = WORKED
        .lines()
        .position(|l| l.contains("discount_rate = "))
        .unwrap()
        + 1;
    assert_eq!(first.location().line, Some(line));
    assert_eq!(first.location().parameter.as_deref(), Some("discount_rate"));
    // a rate parameter overridden to -150%: refused (every parameter is >= 0)
    let model = Model::from_toml_str(WORKED, "cashflow.toml").unwrap();
    let e = model
        .cash_flows(&Overrides::new().set("rate", -1.5), None)
        .unwrap_err();
    assert!(matches!(e, Error::InvalidValue { .. }), "{e}");
    assert_eq!(e.location().parameter.as_deref(), Some("rate"));
    assert_eq!(
        e.message(),
        "-1.5 is out of range: 'rate' must be a number >= 0"
    );
    // NaN as written
    let e = Model::from_toml_str(
        &WORKED.replacen("discount_rate = \"rate\"", "discount_rate = nan", 1),
        "cashflow.toml",
    )
    .unwrap_err();
    assert_eq!(
        e.first().unwrap().message(),
        "[ledger] discount_rate: the discount rate is NaN"
    );
    // a rate parameter with a unit
    let e = Model::from_toml_str(
        &WORKED.replacen(
            "rate = { value = 0.05, unit = \"1\"",
            "rate = { value = 5, unit = \"EUR\"",
            1,
        ),
        "cashflow.toml",
    )
    .unwrap_err();
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Unit { .. }), "{e}");
    assert!(
        first
            .message()
            .starts_with("parameter 'rate' is in money [EUR], but a discount rate must be a plain fraction (unit \"1\""),
        "{}",
        first.message()
    );
}

#[test]
fn a_base_year_outside_the_horizon_and_an_unknown_agreement_are_refused() {
    let e = Model::from_toml_str(
        &WORKED.replacen(
            "discount_rate = \"rate\"",
            "discount_rate = \"rate\"\nbase_year = 2020",
            1,
        ),
        "cashflow.toml",
    )
    .unwrap_err();
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Model { .. }), "{e}");
    assert_eq!(
        first.message(),
        "[ledger] base_year 2020 lies outside the horizon 2025..=2030; year 0 of the discounting must be one of its years"
    );
    let model = Model::from_toml_str(WORKED, "cashflow.toml").unwrap();
    let e = model
        .cash_flows(&Overrides::default(), Some("shared-saving"))
        .unwrap_err();
    assert!(matches!(e, Error::Model { .. }), "{e}");
    assert_eq!(
        e.message(),
        "no agreement 'shared-saving' (did you mean 'shared-savings'?); agreements are shared-savings"
    );
    // a base year inside: flows before it are compounded forward
    let model = Model::from_toml_str(
        &WORKED
            .replacen(
                "discount_rate = \"rate\"",
                "discount_rate = \"rate\"\nbase_year = 2026",
                1,
            )
            .replacen(
                "party = \"gemeente\"\n  label = \"setup\"",
                "party = \"zorgverzekeraar\"\n  label = \"setup\"",
                1,
            ),
        "cashflow.toml",
    )
    .unwrap();
    let flows = model.cash_flows(&Overrides::default(), None).unwrap();
    let expect = -100_000.0 * 1.05 + (0..5).map(|t| 30_000.0 * 1.05f64.powi(-t)).sum::<f64>();
    assert!((flows.summary[1].npv.unwrap() - expect).abs() < 1e-6);
}

mod invariants {
    use proptest::prelude::*;
    use workforce_impact::ledger::{npv, payback_year};

    proptest! {
        /// The payback year is the first year from which every cumulative sum is >= 0 (up
        /// to the rounding tolerance), and NPV at 0% is the plain sum.
        #[test]
        fn payback_and_npv_follow_their_definitions(
            nets in prop::collection::vec(-1e6f64..1e6, 1..30),
            rate in 0.0f64..0.3,
        ) {
            let flows: Vec<(i32, f64)> = nets.iter().enumerate().map(|(i, &v)| (2025 + i as i32, v)).collect();
            let tol = 1e-9 * nets.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let mut cumulative = Vec::new();
            let mut sum = 0.0;
            for &(_, v) in &flows {
                sum += v;
                cumulative.push(sum);
            }
            let expect = (0..flows.len())
                .find(|&i| cumulative[i..].iter().all(|&c| c >= -tol))
                .map(|i| flows[i].0);
            prop_assert_eq!(payback_year(&flows), expect);
            prop_assert!((npv(&flows, 0.0, 2025) - sum).abs() <= 1e-9 * nets.iter().map(|v| v.abs()).sum::<f64>().max(1.0));
            // discounting never grows the magnitude of a later flow
            let d = npv(&flows, rate, 2025);
            prop_assert!(d.abs() <= nets.iter().map(|v| v.abs()).sum::<f64>() + 1e-6);
        }
    }
}
