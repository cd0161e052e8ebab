//! Parties, money, the ledger and shared-savings settlements, on synthetic models (no
//! real region's figures): the worked example of issue 9 and hand-computed variants.

use proptest::prelude::*;
use workforce_impact::ledger::{settle, Balance, EntryKind, Rules};
use workforce_impact::{Model, Overrides};

const WORKED: &str = include_str!("../data/ledger-worked-example.toml");

fn worked() -> Model {
    Model::from_toml_str(WORKED, "worked.toml").expect("the worked example loads")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn worked_example_settles_exactly_as_the_issue_says() {
    let model = worked();
    let eval = model.evaluate(&Overrides::default()).unwrap();
    let s = model.settlement(&eval, "shared-savings").unwrap();
    assert_eq!(s.unit, "EUR");
    assert_eq!(s.years.len(), 1);
    let y = &s.years[0];
    assert_eq!(y.year, Some(2030));
    assert!(y.paid && y.reason.is_none());
    let gem = &y.parties[0];
    let zv = &y.parties[1];
    assert_eq!(
        (gem.party.as_str(), zv.party.as_str()),
        ("gemeente", "zorgverzekeraar")
    );
    assert!(close(gem.invested, 200_000.0) && close(gem.gained, 0.0));
    assert!(close(zv.invested, 0.0) && close(zv.gained, 800_000.0));
    // 200,000 + 50% x (800,000 - 200,000) = 500,000 from the zorgverzekeraar to the gemeente
    assert!(close(gem.recovered, 200_000.0) && close(gem.shared, 300_000.0));
    assert!(close(gem.transfer, 500_000.0) && close(zv.transfer, -500_000.0));
    assert!(close(gem.net_after, 300_000.0) && close(zv.net_after, 300_000.0));
    assert_eq!(y.transfers.len(), 1);
    let t = &y.transfers[0];
    assert_eq!(
        (t.from.as_str(), t.to.as_str()),
        ("zorgverzekeraar", "gemeente")
    );
    assert!(close(t.amount, 500_000.0));
}

#[test]
fn ledger_rows_book_staff_to_the_provider_and_money_to_its_party() {
    let model = worked();
    let eval = model.evaluate(&Overrides::default()).unwrap();
    let ledger = model.ledger(&eval);
    assert_eq!(
        ledger.parties,
        ["gemeente", "zorgverzekeraar", "huisartsen"]
    );
    let staff: Vec<_> = ledger
        .rows
        .iter()
        .filter(|r| r.kind == EntryKind::Staff)
        .collect();
    assert_eq!(staff.len(), 1);
    // 2,720 h/yr / 2,000 h/(FTE*yr) = 1.36 FTE; / 0.68 = 2 persons, at the GP practices
    assert_eq!(staff[0].party, "huisartsen");
    assert!(close(staff[0].persons.unwrap(), 2.0) && close(staff[0].fte.unwrap(), 1.36));
    assert_eq!(staff[0].eur, None); // no cost rate declared: persons and FTE only
    let invested = ledger
        .rows
        .iter()
        .find(|r| r.kind == EntryKind::Invested)
        .unwrap();
    assert_eq!(
        (invested.party.as_str(), invested.label.as_deref()),
        ("gemeente", Some("welfare coach"))
    );
    assert!(close(invested.eur.unwrap(), -200_000.0));
    let m = ledger.matrix();
    assert_eq!(m.initiatives, ["welzijnscoach"]);
    assert!(close(m.eur[0][0].unwrap(), -200_000.0) && close(m.eur[1][0].unwrap(), 800_000.0));
    assert_eq!(m.eur[2][0], None);
    assert!(close(m.persons[2][0], 2.0));
}

#[test]
fn cost_rates_turn_persons_into_fte_into_euros() {
    // 2 persons x 0.68 = 1.36 FTE; x EUR 50,000/(FTE*yr) = EUR 68,000; at EUR 40/h x 2,000 h
    // per FTE-year it is 1.36 x 80,000 = EUR 108,800.
    let per_fte = WORKED.replace(
        "[[parties]]\nid = \"gemeente\"",
        "[ledger.sectors.huisartsenzorg]\ncost_rate = \"gp_cost\"\n\n[[parties]]\nid = \"gemeente\"",
    );
    for (rate, unit, eur) in [
        ("50000", "EUR/(FTE*yr)", 68_000.0),
        ("40", "EUR/h", 108_800.0),
    ] {
        let text = per_fte.replace(
            "[parameters]\n",
            &format!("[parameters]\ngp_cost = {{ value = {rate}, unit = \"{unit}\", source = \"synthetic\", kind = \"assumption\" }}\n"),
        );
        let model = Model::from_toml_str(&text, "rates.toml").unwrap();
        let ledger = model.ledger(&model.evaluate(&Overrides::default()).unwrap());
        let staff = ledger
            .rows
            .iter()
            .find(|r| r.kind == EntryKind::Staff)
            .unwrap();
        assert!(close(staff.eur.unwrap(), eur), "{unit}: {:?}", staff.eur);
    }
}

#[test]
fn settlement_in_persons_counts_staff_only() {
    // The GP practices gain 2 persons; in a persons agreement between them and the
    // gemeente, 50/50 without investors first: 1 person each.
    let text = WORKED.replace(
        "parties = [\"gemeente\", \"zorgverzekeraar\"]\ninvestors_first = true\nshares = { gemeente = \"50%\", zorgverzekeraar = \"50%\" }",
        "parties = [\"gemeente\", \"huisartsen\"]\nunit = \"person\"\nshares = { gemeente = \"50%\", huisartsen = \"50%\" }",
    );
    let model = Model::from_toml_str(&text, "persons.toml").unwrap();
    let s = model
        .settlement(
            &model.evaluate(&Overrides::default()).unwrap(),
            "shared-savings",
        )
        .unwrap();
    assert_eq!(s.unit, "person");
    let y = &s.years[0];
    assert!(close(y.savings, 2.0));
    assert!(close(y.parties[0].net_after, 1.0) && close(y.parties[1].net_after, 1.0));
}

#[test]
fn quality_gate_minimum_rate_caps_and_truncation() {
    let with = |extra: &str| {
        let text = WORKED.replace(
            "shares = { gemeente = \"50%\", zorgverzekeraar = \"50%\" }",
            &format!("shares = {{ gemeente = \"50%\", zorgverzekeraar = \"50%\" }}\n{extra}"),
        );
        let model = Model::from_toml_str(&text, "rules.toml").unwrap();
        let eval = model.evaluate(&Overrides::default()).unwrap();
        model
            .settlement(&eval, "shared-savings")
            .unwrap()
            .years
            .remove(0)
    };
    // a gate that fails: no payout, nets as before
    let y = with("quality_gate = { parameter = \"part_time_factor\", at_least = \"70%\" }");
    assert!(!y.paid && y.reason.as_deref() == Some("the quality gate does not hold"));
    assert!(close(y.parties[0].net_after, -200_000.0) && close(y.parties[1].net_after, 800_000.0));
    // savings of 800,000 below 10% of a 10 M baseline: nothing shared
    let y = with("baseline = 10000000\nmin_savings_rate = \"10%\"");
    assert!(!y.paid);
    assert!(with("baseline = 10000000\nmin_savings_rate = \"5%\"").paid);
    // the gemeente's share capped at 100,000: it recovers 200,000 and gets 100,000
    let y = with("cap = { gemeente = 100000 }");
    assert!(close(y.parties[0].transfer, 300_000.0) && close(y.parties[0].net_after, 100_000.0));
    // savings counted at most 600,000: 200,000 back, 400,000 shared, 200,000 stays
    let y = with("truncate_at = 600000");
    assert!(close(y.counted, 600_000.0));
    assert!(close(y.parties[0].transfer, 400_000.0) && close(y.parties[1].net_after, 400_000.0));
}

#[test]
fn settle_without_investors_first_shares_everything() {
    let b = [
        Balance {
            invested: 200_000.0,
            gained: 0.0,
        },
        Balance {
            invested: 0.0,
            gained: 800_000.0,
        },
    ];
    let out = settle(
        &Rules {
            shares: vec![0.25, 0.75],
            gate_passed: true,
            ..Rules::default()
        },
        &b,
    );
    assert_eq!(out.transfers, [200_000.0, -200_000.0]);
    // a gate that fails pays nothing
    let none = settle(
        &Rules {
            shares: vec![0.5, 0.5],
            gate_passed: false,
            ..Rules::default()
        },
        &b,
    );
    assert_eq!(none.transfers, [0.0, 0.0]);
}

#[test]
fn unknown_agreement_names_the_ones_there_are() {
    let model = worked();
    let eval = model.evaluate(&Overrides::default()).unwrap();
    let e = model.settlement(&eval, "shared-saving").unwrap_err();
    assert_eq!(e.message(), "no agreement 'shared-saving' (did you mean 'shared-savings'?); agreements are shared-savings");
}

proptest! {
    #[test]
    fn transfers_sum_to_zero_and_nets_are_kept(
        parties in proptest::collection::vec((0.0f64..1e7, 0.0f64..1e7, 0.0f64..1.0, proptest::option::of(0.0f64..1e7)), 1..6),
        investors_first in any::<bool>(),
        truncate in proptest::option::of(0.0f64..2e7),
        gate in any::<bool>(),
    ) {
        let balances: Vec<Balance> = parties.iter().map(|p| Balance { invested: p.0, gained: p.1 }).collect();
        let keys: f64 = parties.iter().map(|p| p.2).sum();
        let shares = parties.iter().map(|p| if keys > 0.0 { p.2 / keys } else { 1.0 / parties.len() as f64 }).collect();
        let rules = Rules {
            investors_first,
            shares,
            caps: parties.iter().map(|p| p.3).collect(),
            gate_passed: gate,
            truncate_at: truncate,
            ..Rules::default()
        };
        let out = settle(&rules, &balances);
        let scale: f64 = balances.iter().map(|b| b.gained + b.invested).sum::<f64>().max(1.0);
        prop_assert!(out.transfers.iter().sum::<f64>().abs() <= 1e-9 * scale);
        let before: f64 = balances.iter().map(|b| b.gained - b.invested).sum();
        let after: f64 = out.net_after(&balances).iter().sum();
        prop_assert!((before - after).abs() <= 1e-9 * scale);
        for (p, s) in out.shared.iter().enumerate() {
            if let Some(c) = rules.caps[p] { prop_assert!(*s <= c * (1.0 + 1e-12) + 1e-9); }
        }
    }
}

#[test]
fn uncertainty_per_party_matches_the_hand_computed_odds() {
    // Savings S ~ U(0, 400,000) against the gemeente's 200,000, investors first then 50/50:
    // S < 200,000 leaves the gemeente S - 200,000 < 0 and the zorgverzekeraar 0; above it
    // each gets (S - 200,000) / 2. So P(gemeente < 0) = 1/2, P(zorgverzekeraar < 0) = 0,
    // and the means are -25,000 and +25,000.
    use workforce_impact::engine::{Distribution, Input, McConfig};
    let model = worked();
    let inputs = [Input::new(
        "welzijnscoach.avoided_cost",
        Distribution::Uniform {
            lo: 0.0,
            hi: 400_000.0,
        },
    )];
    let run = |seed| {
        model
            .ledger_monte_carlo(&inputs, McConfig::new(20_000, seed), Some("shared-savings"))
            .unwrap()
    };
    let stats = run(11);
    assert_eq!((stats.n, stats.unit), (20_000, "EUR"));
    let rows = stats.summary();
    assert_eq!(rows[0].party, "gemeente");
    assert!(
        (rows[0].prob_negative - 0.5).abs() < 0.015,
        "{}",
        rows[0].prob_negative
    );
    assert_eq!(rows[1].prob_negative, 0.0);
    assert!(
        (rows[0].mean + 25_000.0).abs() < 2_000.0,
        "{}",
        rows[0].mean
    );
    assert!(
        (rows[1].mean - 25_000.0).abs() < 2_000.0,
        "{}",
        rows[1].mean
    );
    assert!(close(rows[0].stated, 300_000.0) && close(rows[1].stated, 300_000.0));
    assert!(rows[0].p05 < -150_000.0 && rows[0].p95 > 70_000.0);
    // the same seed gives the same statistics; another seed other ones
    assert_eq!(run(11).groups, stats.groups);
    assert_ne!(run(12).groups, stats.groups);
    // without an agreement: nets before settlement, the gemeente always -200,000
    let before = model
        .ledger_monte_carlo(&inputs, McConfig::new(2_000, 1), None)
        .unwrap()
        .summary();
    assert_eq!(before[0].prob_negative, 1.0);
    assert!(close(before[0].mean, -200_000.0));
    assert!(model
        .ledger_monte_carlo(&inputs, McConfig::new(10, 1), Some("nope"))
        .is_err());
}
