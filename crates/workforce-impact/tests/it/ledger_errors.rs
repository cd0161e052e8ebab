//! Bad ledger input: each refused with a typed error naming the file, the initiative or
//! agreement, the parameter and line:column (on the synthetic worked example).

use workforce_impact::{Error, Errors, Model};

const WORKED: &str = include_str!("../data/ledger-worked-example.toml");

fn refuse(from: &str, to: &str) -> Errors {
    assert!(WORKED.contains(from), "{from}");
    let text = WORKED.replacen(from, to, 1);
    match Model::from_toml_str(&text, "ledger.toml") {
        Ok(_) => panic!("expected the model to be refused"),
        Err(e) => e,
    }
}

fn line_of(needle: &str) -> usize {
    WORKED
        .lines()
        .position(|l| l.contains(needle))
        .expect("the line is there")
        + 1
}

#[test]
fn unknown_party_in_a_money_entry() {
    let e = refuse("party = \"gemeente\"", "party = \"gemeent\"");
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Model { .. }));
    let loc = first.location();
    assert_eq!(loc.initiative.as_deref(), Some("welzijnscoach"));
    assert_eq!(loc.component.as_deref(), Some("money #1 'welfare coach'"));
    assert_eq!(
        (loc.line, loc.column),
        (Some(line_of("party = \"gemeente\"")), Some(11))
    );
    assert!(first.message().starts_with("unknown party 'gemeent' (did you mean 'gemeente'?); parties are gemeente, zorgverzekeraar, huisartsen"));
    assert!(first.to_string().starts_with("ledger.toml:"));
}

#[test]
fn unknown_party_on_a_component() {
    let e = refuse(
        "sector = \"huisartsenzorg\"",
        "sector = \"huisartsenzorg\"\n  provider = \"huisarts\"",
    );
    let first = e.first().unwrap();
    assert_eq!(
        first.location().component.as_deref(),
        Some("#1 'GP hours freed'")
    );
    assert!(first
        .message()
        .starts_with("unknown party 'huisarts' (did you mean 'huisartsen'?)"));
}

#[test]
fn sector_without_a_mapping() {
    // msz's default provider by law is 'ziekenhuis', which this model does not declare
    let e = refuse("sector = \"huisartsenzorg\"", "sector = \"msz\"");
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Model { .. }));
    assert_eq!(
        first.location().line,
        Some(line_of("sector = \"huisartsenzorg\""))
    );
    assert_eq!(first.location().column, Some(12));
    assert!(first.message().starts_with("sector 'msz' has no provider party: its default by law is 'ziekenhuis', which the model does not declare"));
}

#[test]
fn shares_not_adding_to_100_percent() {
    let e = refuse("zorgverzekeraar = \"50%\" }", "zorgverzekeraar = \"40%\" }");
    let first = e.first().unwrap();
    assert!(matches!(first, Error::InvalidValue { .. }));
    assert_eq!(
        first.location().agreement.as_deref(),
        Some("shared-savings")
    );
    assert_eq!(first.location().line, Some(line_of("shares = {")));
    assert_eq!(first.message(), "the shares add up to 90%, not 100%");
    assert!(first.to_string().starts_with("ledger.toml:59:10: agreement 'shared-savings': invalid value: the shares add up to 90%"), "{first}");
}

#[test]
fn negative_cap() {
    let e = refuse(
        "investors_first = true",
        "investors_first = true\ncap = { gemeente = -5 }",
    );
    let first = e.first().unwrap();
    assert!(matches!(first, Error::InvalidValue { .. }));
    assert_eq!(
        first.location().agreement.as_deref(),
        Some("shared-savings")
    );
    assert_eq!(
        first.message(),
        "the cap of 'gemeente' is -5; it must be a finite number >= 0"
    );
    assert!(first.location().line.is_some());
}

#[test]
fn agreement_naming_a_party_outside_it() {
    let e = refuse("zorgverzekeraar = \"50%\" }", "huisartsen = \"50%\" }");
    let first = e.first().unwrap();
    assert_eq!(
        first.location().agreement.as_deref(),
        Some("shared-savings")
    );
    assert_eq!(first.message(), "the shares name party 'huisartsen', which is not one of the agreement's parties (gemeente, zorgverzekeraar)");
    let e = refuse(
        "investors_first = true",
        "investors_first = true\ncap = { huisartsen = 5 }",
    );
    assert!(e
        .first()
        .unwrap()
        .message()
        .starts_with("the cap names party 'huisartsen'"));
}

#[test]
fn money_in_a_staff_formula_and_staff_in_a_money_formula() {
    let e = refuse(
        "formula = \"gp_hours / annual_hours / part_time_factor\"",
        "formula = \"coach_budget\"",
    );
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Unit { .. }));
    assert_eq!(
        first.location().component.as_deref(),
        Some("#1 'GP hours freed'")
    );
    assert!(first.message().contains(
        "(money belongs in [[initiatives.money]] with a party, not in a staff component)"
    ));
    let e = refuse(
        "formula = \"avoided_cost\"",
        "formula = \"gp_hours / annual_hours / part_time_factor\"",
    );
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Unit { .. }));
    assert_eq!(
        first.location().component.as_deref(),
        Some("money #2 'avoided care'")
    );
    assert_eq!(
        first.location().line,
        Some(line_of("formula = \"avoided_cost\""))
    );
    assert_eq!(first.location().column, Some(14));
    assert!(first.message().starts_with("formula gives persons [person], but a money entry of kind 'saving' must come out in EUR/yr (staff belongs in [[initiatives.components]]"));
}

#[test]
fn missing_cost_rate() {
    // a rate for the GP practices makes euros of staff, but sociaal-domein has none
    let e = refuse(
        "[[parties]]\nid = \"gemeente\"",
        "[ledger.sectors.huisartsenzorg]\ncost_rate = \"rate\"\n\n[[parties]]\nid = \"welzijn\"\nrole = \"provider\"\n\n[[parties]]\nid = \"gemeente\"",
    );
    // first the missing parameter itself, by name and place
    let first = e.first().unwrap();
    assert!(matches!(first, Error::UnknownParameter { .. }), "{e}");
    let text = WORKED
        .replacen("[parameters]\n", "[parameters]\nrate = { value = 60, unit = \"EUR/h\", source = \"synthetic\", kind = \"assumption\" }\n", 1)
        .replacen("[[parties]]\nid = \"gemeente\"", "[ledger.sectors.huisartsenzorg]\ncost_rate = \"rate\"\n\n[[parties]]\nid = \"welzijn\"\nrole = \"provider\"\n\n[[parties]]\nid = \"gemeente\"", 1)
        .replacen("  [[initiatives.money]]\n  kind = \"running\"", "  [[initiatives.components]]\n  sector = \"sociaal-domein\"\n  formula = \"gp_hours / annual_hours / part_time_factor\"\n\n  [[initiatives.money]]\n  kind = \"running\"", 1);
    let e = Model::from_toml_str(&text, "ledger.toml").unwrap_err();
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Model { .. }), "{e}");
    assert_eq!(first.location().component.as_deref(), Some("#2"));
    assert!(first.message().starts_with(
        "missing cost rate: sector 'sociaal-domein' has staff booked to a party but no cost rate"
    ));
    assert!(first.location().line.is_some());
}

#[test]
fn cost_rate_in_the_wrong_unit() {
    let text = WORKED
        .replacen("[parameters]\n", "[parameters]\nrate = { value = 60, unit = \"EUR\", source = \"synthetic\", kind = \"assumption\" }\n", 1)
        .replacen("[[parties]]\nid = \"gemeente\"", "[ledger.sectors.huisartsenzorg]\ncost_rate = \"rate\"\n\n[[parties]]\nid = \"gemeente\"", 1);
    let e = Model::from_toml_str(&text, "ledger.toml").unwrap_err();
    let first = e.first().unwrap();
    assert!(matches!(first, Error::Unit { .. }));
    assert_eq!(first.location().parameter.as_deref(), Some("rate"));
    assert!(first.message().starts_with("parameter 'rate' is in money [EUR], but the cost rate of sector 'huisartsenzorg' must be in EUR/(FTE*yr) or EUR/h"), "{}", first.message());
}
