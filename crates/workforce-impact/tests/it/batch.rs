//! Batch evaluation agrees with one-at-a-time evaluation, row by row.

use proptest::prelude::*;
use workforce_impact::{Error, Model, Overrides};

const NAMES: [&str; 4] = [
    "part_time_factor",
    "annual_hours",
    "nml.population_65plus",
    "metggz_platform.session_count_reduction",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn every_row_equals_evaluate_with_overrides(
        rows in prop::collection::vec((0.5f64..0.9, 1500.0f64..2200.0, 50_000.0f64..200_000.0, 0.0f64..0.6), 1..20)
    ) {
        let model = Model::builtin("nml-2023").expect("builtin loads");
        let plan = model.batch_plan(&NAMES).expect("plan");
        let flat: Vec<f64> = rows.iter().flat_map(|r| [r.0, r.1, r.2, r.3]).collect();
        let totals = plan.totals(&flat).expect("totals");
        let per = plan.per_initiative(&flat).expect("per initiative");
        let m = plan.initiatives();
        for (i, r) in rows.iter().enumerate() {
            let o = Overrides::new().set(NAMES[0], r.0).set(NAMES[1], r.1).set(NAMES[2], r.2).set(NAMES[3], r.3);
            let e = model.evaluate(&o).expect("evaluates");
            prop_assert!((totals[i] - e.total()).abs() <= 1e-9 * e.total().abs());
            for n in 0..m {
                let expected = e.initiative_totals[n];
                prop_assert!((per[i * m + n] - expected).abs() <= 1e-9 * expected.abs().max(1.0));
            }
        }
    }
}

#[test]
fn the_stated_values_give_the_stated_total_across_blocks() {
    let model = Model::builtin("nml-2023").expect("builtin loads");
    let plan = model.batch_plan(&["part_time_factor"]).expect("plan");
    let rows = vec![0.68; 10_000]; // more than one parallel block
    let totals = plan.totals(&rows).expect("totals");
    let stated = model
        .evaluate(&Overrides::default())
        .expect("evaluates")
        .total();
    assert!(totals.iter().all(|t| (t - stated).abs() <= 1e-9 * stated));
}

#[test]
fn bad_rows_are_refused_with_their_position() {
    let model = Model::builtin("nml-2023").expect("builtin loads");
    let plan = model
        .batch_plan(&[
            "part_time_factor",
            "buikpijnteam.clinical_admission_reduction",
        ])
        .expect("plan");
    let err = plan
        .totals(&[0.68, 0.02, 0.68, 1.5])
        .expect_err("fraction above 1");
    let Error::InvalidValue { message, loc } = &err else {
        panic!("{err}")
    };
    assert_eq!(message, "row 1, column 1: 1.5 is out of range: 'buikpijnteam.clinical_admission_reduction' must be a fraction in [0, 1]");
    assert_eq!(
        loc.parameter.as_deref(),
        Some("buikpijnteam.clinical_admission_reduction")
    );
    let err = plan.totals(&[0.68, 0.02, 0.68]).expect_err("ragged");
    assert_eq!(
        err.to_string(),
        "builtin:nml-2023: 3 values do not make rows of 2 parameters"
    );
    let err = model.batch_plan(&["part_time_factr"]).expect_err("unknown");
    assert!(matches!(err, Error::UnknownParameter { .. }));
    let err = plan.totals(&[f64::NAN, 0.02]).expect_err("nan");
    assert!(
        err.to_string()
            .contains("row 0, column 0: NaN is not a finite number"),
        "{err}"
    );
}
