//! Years: the horizon, shortage interpolation, ramps, growth, flows and the trajectory,
//! each against hand-computed figures. The small models here are synthetic (no real
//! region's figures).

use workforce_impact::time::{Horizon, Profile, Ramp, RampShape, YEAR_IN_BASE};
use workforce_impact::{Error, Errors, Model, Overrides};

/// A synthetic model: horizon 2023..=`target`, baseline shortage 100 (2023) -> 140, one
/// theme, the hours and part-time factor every initiative divides by.
fn head(target: i32) -> String {
    format!(
        r#"[model]
id = "synthetic-years"
target_year = {target}
start_year = 2023

[shortage]
projections = [{{ year = 2023, persons = 100 }}, {{ year = {target}, persons = 140 }}]

[[themes]]
id = "t"

[parameters]
annual_hours = {{ value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }}
part_time_factor = {{ value = "50%", unit = "FTE/person", source = "aanname", kind = "assumption" }}
"#
    )
}

fn model_to(target: i32, body: &str) -> Model {
    let text = format!("{}\n{body}", head(target));
    match Model::from_toml_str(&text, "years.toml") {
        Ok(m) => m,
        Err(e) => panic!("model should load:\n{e}"),
    }
}

fn model(body: &str) -> Model {
    model_to(2027, body)
}

fn refused_to(target: i32, body: &str) -> Errors {
    match Model::from_toml_str(&format!("{}\n{body}", head(target)), "years.toml") {
        Ok(_) => panic!("expected the model to be refused"),
        Err(e) => e,
    }
}

fn refused(body: &str) -> Errors {
    refused_to(2027, body)
}

/// One initiative `x` with parameters `params`, a `ramp` line (or none) and one component.
fn initiative(params: &str, ramp: &str, formula: &str, extra: &str) -> String {
    format!(
        "[[initiatives]]\nid = \"x\"\ntheme = \"t\"\n{ramp}\n[initiatives.parameters]\n{params}\n\
         [[initiatives.components]]\nsector = \"vvt\"\nformula = \"{formula}\"\n{extra}\n"
    )
}

/// The only error of a refused model: its type checked by `is`, its message returned.
fn only(errors: Errors, is: fn(&Error) -> bool) -> String {
    assert_eq!(errors.0.len(), 1, "{errors}");
    let e = &errors.0[0];
    assert!(is(e), "unexpected error type: {e:?}");
    e.to_string()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn nml_shortage_is_interpolated_linearly_between_its_projections() {
    let m = Model::builtin("nml-2023").unwrap();
    assert_eq!(
        m.horizon(),
        Horizon {
            start_year: 2023,
            target_year: 2032
        }
    );
    assert_eq!(m.shortage_in(2023, "baseline").unwrap(), 2100.0);
    assert_eq!(m.shortage_in(2032, "baseline").unwrap(), 4500.0);
    // 2027 is 4 of the 9 years from 2023 to 2032.
    assert!(close(
        m.shortage_in(2027, "baseline").unwrap(),
        2100.0 + 4.0 / 9.0 * 2400.0
    ));
    assert!(close(
        m.shortage_in(2027, "unbent").unwrap(),
        2100.0 + 4.0 / 9.0 * 4600.0
    ));
    let e = m.shortage_in(2033, "baseline").unwrap_err();
    assert!(matches!(e, Error::Model { .. }));
    assert_eq!(
        e.message(),
        "no shortage projection of scenario 'baseline' covers 2033: its projections run from \
         2023 to 2032, and a shortage is interpolated between them, never extrapolated; add a \
         projection for 2033"
    );
    let e = m.shortage_in(2030, "unbend").unwrap_err();
    assert!(matches!(e, Error::Model { .. }));
    assert_eq!(
        e.message(),
        "no shortage projection for scenario 'unbend' (did you mean 'unbent'?); the model \
         projects scenarios baseline, unbent"
    );
}

#[test]
fn ramp_shapes_at_given_years() {
    let r = |shape| Ramp {
        start: 2024,
        full: 2027,
        shape,
    };
    let step = r(RampShape::Step);
    assert_eq!(
        [2023, 2024, 2026, 2027, 2030].map(|y| step.at(y)),
        [0.0, 0.0, 0.0, 1.0, 1.0]
    );
    let linear = r(RampShape::Linear);
    assert_eq!(
        [2024, 2025, 2026, 2027].map(|y| linear.at(y)),
        [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0]
    );
    // Logistic with k = 2 ln 99 / 3 and mid 2025.5: L(start) = 1/(1 + 99) = 1%, L(full) =
    // 99%, L(2025) = 1 / (1 + exp(k/2)) = 1 / (1 + 99^(1/3)); rescaled by (L - 1%) / 98%.
    let logistic = r(RampShape::Logistic);
    let l2025 = 1.0 / (1.0 + 99f64.powf(1.0 / 3.0));
    assert!(close(logistic.at(2025), (l2025 - 0.01) / 0.98));
    assert!((logistic.at(2025) - 0.171_167).abs() < 1e-6);
    assert!(close(logistic.at(2026), 1.0 - logistic.at(2025)));
    assert_eq!((logistic.at(2024), logistic.at(2027)), (0.0, 1.0));
    // start == full: a step in that year, whatever the shape.
    let same = Ramp {
        start: 2025,
        full: 2025,
        shape: RampShape::Linear,
    };
    assert_eq!((same.at(2024), same.at(2025)), (0.0, 1.0));
}

#[test]
fn an_initiative_ramp_scales_its_effect_per_year() {
    // 1000 h/yr / 2000 / 50% = 1 person at full effect.
    let m = model(&initiative(
        r#"saved = { value = 1000, unit = "h/yr", source = "aanname", kind = "assumption" }"#,
        r#"ramp = { start = 2024, full = 2026, shape = "linear" }"#,
        "saved / annual_hours / part_time_factor",
        "",
    ));
    let t = m.trajectory(&Overrides::default(), "baseline").unwrap();
    let totals: Vec<f64> = t.years.iter().map(|y| y.total).collect();
    assert_eq!(totals.len(), 5);
    assert!(close(totals[0], 0.0) && close(totals[1], 0.0));
    assert!(close(totals[2], 0.5) && close(totals[3], 1.0) && close(totals[4], 1.0));
    assert_eq!(m.year_weights(0, 0, 2025), vec![(2025, 0.5)]);
    let y = &t.years[2];
    assert!(close(y.shortage, 120.0) && close(y.remaining, 119.5) && close(y.share, 0.5 / 120.0));
}

/// `patients` (1/yr) with the given extra fields, read by one component in persons.
fn growing(fields: &str) -> String {
    initiative(
        &format!(
            r#"patients = {{ unit = "1/yr", source = "aanname", kind = "assumption", {fields} }}"#
        ),
        "",
        "patients * 1[h] / annual_hours / part_time_factor",
        "",
    )
}

/// `patients` in year `y`, in 1/yr, from the year values.
fn patients_in(m: &Model, year: i32) -> f64 {
    let slot = m.param_index("x.patients").expect("x.patients");
    let values = m.values_in_year(year, &m.base_values());
    m.params[slot].unit.from_base(values[slot])
}

#[test]
fn compound_growth_is_relative_to_its_from_year() {
    let m = model_to(
        2032,
        &growing(
            r#"value = 1000, growth = { total = "16%", from = 2023, to = 2032, shape = "compound" }"#,
        ),
    );
    let p = m.param("x.patients").unwrap();
    // The resolved value is the target year's: 1000 x 1.16.
    assert!(close(p.value, 1160.0));
    assert_eq!(m.time_varying(), vec![m.param_index("x.patients").unwrap()]);
    assert!(close(patients_in(&m, 2023), 1000.0));
    assert!(close(
        patients_in(&m, 2027),
        1000.0 * 1.16f64.powf(4.0 / 9.0)
    ));
    assert_eq!(patients_in(&m, 2032), p.value);
    let Some(Profile::Growth { from: 2023, .. }) = &p.profile else {
        panic!("a growth profile: {:?}", p.profile)
    };
    assert_eq!(p.profile.as_ref().unwrap().multiplier(2032), 1.0);
}

#[test]
fn linear_growth_and_a_rate_per_year() {
    let m = model_to(
        2032,
        &growing(r#"value = 1000, growth = { rate = "2%/yr", from = 2023, shape = "linear" }"#),
    );
    assert!(close(m.param("x.patients").unwrap().value, 1180.0)); // 9 years x 2%
    assert!(close(patients_in(&m, 2027), 1080.0));
    let m = model_to(
        2032,
        &growing(
            r#"value = 1000, growth = { total = "-9%", from = 2023, to = 2032, shape = "linear" }"#,
        ),
    );
    assert!(close(patients_in(&m, 2026), 970.0));
}

#[test]
fn by_year_is_interpolated_and_its_target_year_value_is_the_value() {
    let m = model_to(
        2032,
        &growing(r#"by_year = { 2023 = 100, 2029 = 160, 2032 = 190 }"#),
    );
    assert!(close(m.param("x.patients").unwrap().value, 190.0));
    assert!(close(patients_in(&m, 2026), 130.0));
    assert!(close(patients_in(&m, 2030), 170.0));
    // A stated value equal to the target year's is accepted; another is refused.
    model_to(
        2032,
        &growing(r#"value = 190, by_year = { 2023 = 100, 2032 = 190 }"#),
    );
    let msg = only(
        refused_to(
            2032,
            &growing(r#"value = 180, by_year = { 2023 = 100, 2032 = 190 }"#),
        ),
        |e| matches!(e, Error::InvalidValue { .. }),
    );
    assert!(
        msg.contains("`value` (180) differs from by_year in the target year 2032 (190)"),
        "{msg}"
    );
}

#[test]
fn nml_demand_growth_grows_and_keeps_the_2032_figure() {
    let m = Model::builtin("nml-2023").unwrap();
    let slot = m.param_index("valpreventie.demand_growth").unwrap();
    assert_eq!(m.params[slot].value, 0.16);
    let values = m.values_in_year(2027, &m.base_values());
    assert!(close(values[slot], 0.16 * 4.0 / 9.0));
    assert_eq!(m.values_in_year(2023, &m.base_values())[slot], 0.0);
}

#[test]
fn a_flow_accumulates_with_its_retention() {
    // 10 persons per year from 2025, 90% of them still there a year on.
    let m = model(&initiative(
        r#"graduates = { value = 10, unit = "person/yr", source = "aanname", kind = "assumption" }"#,
        "",
        "graduates",
        r#"flow = { from = 2025, retention = "90%" }"#,
    ));
    let t = m.trajectory(&Overrides::default(), "baseline").unwrap();
    let totals: Vec<f64> = t.years.iter().map(|y| y.total).collect();
    // 2025: 10; 2026: 10 x 0.9 + 10 = 19; 2027: 10 x (0.81 + 0.9 + 1) = 27.1.
    assert!(close(totals[0], 0.0) && close(totals[1], 0.0), "{totals:?}");
    assert!(
        close(totals[2], 10.0) && close(totals[3], 19.0) && close(totals[4], 27.1),
        "{totals:?}"
    );
    let w = m.year_weights(0, 0, 2027);
    assert_eq!(
        w.iter().map(|x| x.0).collect::<Vec<_>>(),
        vec![2025, 2026, 2027]
    );
    assert!(close(w[0].1, 0.81) && close(w[1].1, 0.9) && close(w[2].1, 1.0));
    // evaluate() counts one year of the flow: the node folds in the 1 yr.
    let ev = m.evaluate(&Overrides::default()).unwrap();
    assert!(close(ev.total(), 10.0));
    let explained = m.explain("x", &Overrides::default()).unwrap();
    assert!(close(explained.components[0].persons, 10.0));
    let rows = m.flow_stocks(&Overrides::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].declared && close(rows[0].stock, 27.1) && close(rows[0].as_stated, 10.0));
    assert_eq!((rows[0].from, rows[0].retention), (2025, 0.9));
    assert_eq!(YEAR_IN_BASE, 365.0);
}

#[test]
fn a_flow_retention_from_a_parameter_follows_its_override() {
    let m = model(&initiative(
        r#"graduates = { value = 10, unit = "person/yr", source = "aanname", kind = "assumption" }
keep = { value = "90%", source = "aanname", kind = "assumption" }"#,
        "",
        "graduates",
        r#"flow = { from = 2026, retention = "keep" }"#,
    ));
    let t = m
        .trajectory(&Overrides::new().set("x.keep", 0.5), "baseline")
        .unwrap();
    assert!(close(t.years[4].total, 15.0)); // 10 x 0.5 + 10
    let t = m.trajectory(&Overrides::default(), "baseline").unwrap();
    assert!(close(t.years[4].total, 19.0));
}

#[test]
fn the_target_year_equals_today_s_evaluation_bit_for_bit() {
    let m = Model::builtin("nml-2023").unwrap();
    for overrides in [
        Overrides::default(),
        Overrides::new().set("part_time_factor", 0.6),
    ] {
        let t = m.trajectory(&overrides, "baseline").unwrap();
        let ev = m.evaluate(&overrides).unwrap();
        let last = t.years.last().unwrap();
        assert_eq!(last.year, 2032);
        assert_eq!(last.total.to_bits(), ev.total().to_bits());
        for (n, ini) in last.initiatives.iter().enumerate() {
            assert_eq!(
                ini.persons.to_bits(),
                ev.initiative_totals[n].to_bits(),
                "{}",
                ini.id
            );
        }
    }
    // A synthetic model with a ramp full before the target and a growing parameter.
    let m = model_to(
        2032,
        &initiative(
            r#"patients = { value = 1234.5, unit = "1/yr", source = "aanname", kind = "assumption", growth = { total = "7%", from = 2024, to = 2030 } }
minutes = { value = 37, unit = "min", source = "aanname", kind = "assumption" }"#,
            r#"ramp = { start = 2024, full = 2029, shape = "logistic" }"#,
            "patients * minutes / annual_hours / part_time_factor",
            "",
        ),
    );
    let t = m.trajectory(&Overrides::default(), "baseline").unwrap();
    let ev = m.evaluate(&Overrides::default()).unwrap();
    assert_eq!(
        t.years.last().unwrap().total.to_bits(),
        ev.total().to_bits()
    );
    assert!(t.years[3].total < t.years[6].total);
}

#[test]
fn nml_trajectory_runs_from_the_2023_to_the_2032_shortage() {
    let m = Model::builtin("nml-2023").unwrap();
    let t = m.trajectory(&Overrides::default(), "baseline").unwrap();
    assert_eq!(t.years.len(), 10);
    assert_eq!(
        (t.years[0].year, t.years[0].shortage, t.years[0].total),
        (2023, 2100.0, 0.0)
    );
    // The default ramp is linear from 2023 to 2032; valpreventie also grows by year, so
    // 2027 is a little below 4/9 of the 2032 total.
    let four_ninths = 4.0 / 9.0 * t.years[9].total;
    assert!(t.years[4].total < four_ninths && t.years[4].total > 0.99 * four_ninths);
    let table = t.to_table();
    assert!(
        table.contains("  2023       2,100           0       2,100     0.0%"),
        "{table}"
    );
    assert!(
        table.contains("  2032       4,500     1,633.3     2,866.7    36.3%"),
        "{table}"
    );
    let unbent = m.trajectory(&Overrides::default(), "unbent").unwrap();
    assert_eq!(unbent.years[9].shortage, 6700.0);
}

#[test]
fn nml_flow_readings_beside_the_one_year_figures() {
    let m = Model::builtin("nml-2023").unwrap();
    let rows = m.flow_stocks(&Overrides::default()).unwrap();
    let ids: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.initiative.as_str(), r.component.as_str()))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("behoud-doorstroom", "#1 'voorkomen uitstroom (een jaar)'"),
            ("behoud-doorstroom", "#2 'extra zij-instromers'"),
            (
                "hbo-v-locatie",
                "#1 'extra verpleegkundigen (een jaarcohort)'"
            ),
        ]
    );
    let retention: f64 = 1.0 - 5100.0 / 39500.0;
    // 51 per year from 2024 on the linear 2023->2032 ramp, kept at 87.1% a year:
    // sum over t = 2024..2032 of 51 x (t - 2023)/9 x r^(2032 - t).
    let hand: f64 = (2024..=2032)
        .map(|t| 51.0 * f64::from(t - 2023) / 9.0 * retention.powi(2032 - t))
        .sum();
    let r = &rows[0];
    assert!(!r.declared && close(r.retention, retention) && close(r.as_stated, 51.0));
    assert!(close(r.stock, hand), "{} vs {hand}", r.stock);
    assert_eq!(r.published, Some(155.0));
    let hbo: f64 = (2028..=2032)
        .map(|t| 28.56 * f64::from(t - 2023) / 9.0 * retention.powi(2032 - t))
        .sum();
    assert!(close(rows[2].stock, hbo), "{} vs {hbo}", rows[2].stock);
}

#[test]
fn a_model_without_start_year_has_a_one_year_horizon() {
    let text = head(2027)
        .replace("start_year = 2023\n", "")
        .replace("{ year = 2023, persons = 100 }, ", "");
    let m = Model::from_toml_str(
        &format!("{text}\n{}", initiative(r#"saved = { value = 1000, unit = "h/yr", source = "aanname", kind = "assumption" }"#, "", "saved / annual_hours / part_time_factor", "")),
        "one.toml",
    )
    .unwrap();
    assert_eq!(
        m.horizon(),
        Horizon {
            start_year: 2027,
            target_year: 2027
        }
    );
    let t = m.trajectory(&Overrides::default(), "baseline").unwrap();
    assert_eq!(t.years.len(), 1);
    assert!(close(t.years[0].total, 1.0) && close(t.years[0].shortage, 140.0));
}

// ---- bad input: each refused with its type and message ----

const SAVED: &str =
    r#"saved = { value = 1000, unit = "h/yr", source = "aanname", kind = "assumption" }"#;
const PERSONS: &str = "saved / annual_hours / part_time_factor";

#[test]
fn a_ramp_whose_full_year_precedes_its_start_is_refused() {
    let msg = only(
        refused(&initiative(
            SAVED,
            r#"ramp = { start = 2026, full = 2024 }"#,
            PERSONS,
            "",
        )),
        |e| matches!(e, Error::Model { .. }),
    );
    assert!(
        msg.starts_with("years.toml:19:31: initiative 'x': ramp"),
        "{msg}"
    );
    assert!(msg.contains("initiative 'x'"), "{msg}");
    assert!(
        msg.contains("ramp: the full year 2024 precedes the start year 2026"),
        "{msg}"
    );
}

#[test]
fn years_outside_the_horizon_are_refused() {
    let msg = only(
        refused(&initiative(
            SAVED,
            r#"ramp = { start = 2020, full = 2025 }"#,
            PERSONS,
            "",
        )),
        |e| matches!(e, Error::InvalidValue { .. }),
    );
    assert!(
        msg.contains("ramp start 2020 is outside the model's horizon 2023..=2027"),
        "{msg}"
    );
    let msg = only(
        refused(&growing(
            r#"value = 1000, growth = { total = "16%", from = 2023, to = 2032 }"#,
        )),
        |e| matches!(e, Error::InvalidValue { .. }),
    );
    assert!(msg.contains("parameter 'x.patients'"), "{msg}");
    assert!(
        msg.contains("growth to 2032 is outside the model's horizon 2023..=2027"),
        "{msg}"
    );
    let msg = only(
        refused(&growing(r#"by_year = { 2023 = 1, 2026 = 2 }"#)),
        |e| matches!(e, Error::InvalidValue { .. }),
    );
    assert!(
        msg.contains("by_year gives no value for 2027: it runs from 2023 to 2026"),
        "{msg}"
    );
    let msg = only(
        refused(&initiative(
            r#"g = { value = 10, unit = "person/yr", source = "aanname", kind = "assumption" }"#,
            "",
            "g",
            r#"flow = { from = 2030 }"#,
        )),
        |e| matches!(e, Error::InvalidValue { .. }),
    );
    assert!(
        msg.contains("flow from 2030 is outside the model's horizon 2023..=2027"),
        "{msg}"
    );
    let text = head(2027).replace("start_year = 2023", "start_year = 2030");
    let errors = Model::from_toml_str(
        &format!("{text}\n{}", initiative(SAVED, "", PERSONS, "")),
        "years.toml",
    )
    .unwrap_err();
    let msg = only(errors, |e| matches!(e, Error::Model { .. }));
    assert!(
        msg.contains("model.start_year 2030 must be at most the target year 2027"),
        "{msg}"
    );
}

#[test]
fn growth_that_makes_a_value_negative_is_refused() {
    let msg = only(
        refused(&growing(
            r#"value = 1000, growth = { rate = "-30%/yr", from = 2023, shape = "linear" }"#,
        )),
        |e| matches!(e, Error::Model { .. }),
    );
    assert!(msg.contains("parameter 'x.patients'"), "{msg}");
    assert!(
        msg.contains(
            "growth makes the value negative in 2027 (factor -0.200 on the value of 2023)"
        ),
        "{msg}"
    );
}

#[test]
fn growth_without_its_from_year_is_refused() {
    let msg = only(
        refused(&growing(
            r#"value = 1000, growth = { total = "16%", to = 2027 }"#,
        )),
        |e| matches!(e, Error::Model { .. }),
    );
    assert!(
        msg.starts_with("years.toml:21:93: initiative 'x', parameter 'x.patients'"),
        "{msg}"
    );
    assert!(
        msg.contains("growth needs `from`, the year the stated value is for"),
        "{msg}"
    );
}

#[test]
fn growth_on_a_derived_parameter_and_a_zero_target_by_year_are_refused() {
    let msg = only(
        refused(&initiative(
            r#"base = { value = 1000, unit = "1/yr", source = "aanname", kind = "assumption" }
patients = { formula = "2 * base", unit = "1/yr", kind = "derived", growth = { rate = "1%", from = 2023 } }"#,
            "",
            "patients * 1[h] / annual_hours / part_time_factor",
            "",
        )),
        |e| matches!(e, Error::Model { .. }),
    );
    assert!(msg.contains("`growth` on a derived parameter"), "{msg}");
    let msg = only(
        refused(&growing(r#"by_year = { 2023 = 5, 2027 = 0 }"#)),
        |e| matches!(e, Error::InvalidValue { .. }),
    );
    assert!(
        msg.contains("by_year is 0 in the target year 2027 but not in every year"),
        "{msg}"
    );
}

#[test]
fn a_flow_added_to_a_stock_without_saying_how_is_refused() {
    let msg = only(
        refused(&initiative(
            r#"graduates = { value = 10, unit = "person/yr", source = "aanname", kind = "assumption" }"#,
            "",
            "graduates",
            "",
        )),
        |e| matches!(e, Error::Unit { .. }),
    );
    assert!(msg.contains("initiative 'x', component #1"), "{msg}");
    assert!(
        msg.contains("formula gives persons / calendar time [person/yr]: it is a flow (person/yr); say how it accumulates with `flow = { from = ..., retention = ... }`, or multiply by 1[yr] to count one year's flow"),
        "{msg}"
    );
    assert!(msg.contains("formula = \"graduates\"\n"), "{msg}");
}

#[test]
fn a_flow_on_a_component_that_is_not_a_flow_is_refused() {
    let msg = only(
        refused(&initiative(SAVED, "", PERSONS, r#"flow = { from = 2024 }"#)),
        |e| matches!(e, Error::Unit { .. }),
    );
    assert!(
        msg.contains(
            "`flow` is declared, but the formula gives persons [person], not a flow in person/yr"
        ),
        "{msg}"
    );
    let msg = only(
        refused(&initiative(
            r#"graduates = { value = 10, unit = "person/yr", source = "aanname", kind = "assumption" }"#,
            "",
            "graduates",
            r#"flow = { from = 2024, retention = "120%" }"#,
        )),
        |e| matches!(e, Error::InvalidValue { .. }),
    );
    assert!(
        msg.contains("retention 1.2 must be a fraction in [0, 1]"),
        "{msg}"
    );
}

#[test]
fn the_new_fields_round_trip_through_to_toml() {
    let body = format!(
        "{}{}",
        initiative(
            r#"graduates = { value = 10, unit = "person/yr", source = "aanname", kind = "assumption", growth = { total = "10%", from = 2023, to = 2027, shape = "linear" } }
share = { by_year = { 2023 = "10%", 2027 = "20%" }, source = "aanname", kind = "assumption" }"#,
            r#"ramp = { start = 2023, full = 2026, shape = "logistic" }"#,
            "graduates * share",
            r#"flow = { from = 2024, retention = "95%/yr" }"#,
        ),
        "[[initiatives.components]]\nsector = \"vvt\"\nformula = \"graduates * 1[yr]\"\nstock_reading = { formula = \"graduates\", from = 2025, note = \"n\" }\n"
    );
    let text = format!(
        "{}\n{body}",
        head(2027).replace(
            "start_year = 2023",
            "start_year = 2023\ndefault_ramp = { start = 2023, full = 2025, shape = \"step\" }"
        )
    );
    let m = Model::from_toml_str(&text, "years.toml").unwrap();
    let again = Model::from_toml_str(&m.to_toml(), "again.toml").unwrap();
    assert_eq!(again.file, m.file);
    assert_eq!(again.timing, m.timing);
    let nml = Model::builtin("nml-2023").unwrap();
    assert_eq!(
        Model::from_toml_str(&nml.to_toml(), "again.toml")
            .unwrap()
            .file,
        nml.file
    );
    // The same model from plain values (a builder, a Python dict).
    let value: toml::Value = toml::from_str(&text).unwrap();
    let built = Model::from_value(value, "<builder>").unwrap();
    assert_eq!(built.file, m.file);
    let tb = built.trajectory(&Overrides::default(), "baseline").unwrap();
    let tm = m.trajectory(&Overrides::default(), "baseline").unwrap();
    assert_eq!(tb, tm);
}

#[test]
fn a_flow_in_a_shared_case_is_refused() {
    let body = r#"[[shared]]
id = "case"
[shared.parameters]
g = { value = 10, unit = "person/yr", source = "aanname", kind = "assumption" }
[[shared.components]]
sector = "vvt"
formula = "g"
flow = { from = 2024 }

[[initiatives]]
id = "x"
theme = "t"
shared = "case"
"#;
    let msg = only(refused(body), |e| matches!(e, Error::Model { .. }));
    assert!(
        msg.contains("a flow in a shared business case is not supported"),
        "{msg}"
    );
}

#[test]
fn extreme_years_are_errors_not_overflows() {
    for start in ["-2147483648", "1800"] {
        let text = head(2027).replace("start_year = 2023", &format!("start_year = {start}"));
        let errors = Model::from_toml_str(
            &format!("{text}\n{}", initiative(SAVED, "", PERSONS, "")),
            "years.toml",
        )
        .unwrap_err();
        let msg = only(errors, |e| matches!(e, Error::Model { .. }));
        assert!(
            msg.contains("must be at most the target year 2027 and at most 199 years before it"),
            "{msg}"
        );
    }
    let errors = refused(&initiative(
        SAVED,
        r#"ramp = { start = -2147483648, full = 2147483647 }"#,
        PERSONS,
        "",
    ));
    let messages: Vec<String> = errors.0.iter().map(Error::message).collect();
    assert_eq!(
        messages,
        vec![
            "ramp start -2147483648 is outside the model's horizon 2023..=2027",
            "ramp full 2147483647 is outside the model's horizon 2023..=2027",
        ]
    );
    assert!(errors
        .0
        .iter()
        .all(|e| matches!(e, Error::InvalidValue { .. })));
    let m = model(&initiative(SAVED, "", PERSONS, ""));
    assert!(m.year_weights(0, 0, i32::MAX).is_empty());
    let wide = Ramp {
        start: i32::MIN,
        full: i32::MAX,
        shape: RampShape::Logistic,
    };
    assert!(wide.at(0).is_finite());
}
