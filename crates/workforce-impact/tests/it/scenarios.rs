//! Scenarios from the model file, compared side by side.

use workforce_impact::engine::{Scenario, STATED};
use workforce_impact::{Error, Model, Overrides};

#[test]
fn the_builtin_scenarios_compare_side_by_side() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let ids: Vec<&str> = model.scenarios.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["deeltijd-60", "werkuren-1800", "ggz-deeltijd-overal"]);
    let cmp = model.compare(None).expect("compare");
    assert_eq!(
        cmp.scenarios,
        [
            STATED,
            "deeltijd-60",
            "werkuren-1800",
            "ggz-deeltijd-overal"
        ]
    );
    let total = cmp.rows.iter().find(|r| r.level == "total").expect("total");
    let stated = model.evaluate(&Overrides::default()).expect("e").total();
    let ptf60 = model
        .evaluate(&Overrides::new().set("part_time_factor", 0.60))
        .expect("e")
        .total();
    assert_eq!(total.values[0], stated);
    assert_eq!(total.values[1], ptf60);
    assert!(total.values[1] > total.values[0] && total.values[3] < total.values[0]);
    let share = cmp.rows.iter().find(|r| r.level == "share").expect("share");
    assert!((share.values[0] - stated / 4500.0).abs() < 1e-15);
    // every level adds up to the total in every column
    for level in ["initiative", "theme", "sector"] {
        for c in 0..cmp.scenarios.len() {
            let sum: f64 = cmp
                .rows
                .iter()
                .filter(|r| r.level == level)
                .map(|r| r.values[c])
                .sum();
            assert!((sum - total.values[c]).abs() < 1e-9, "{level} column {c}");
        }
    }
    assert_eq!(
        cmp.rows.iter().filter(|r| r.level == "initiative").count(),
        42
    );
    // scenarios given in code replace the model's own
    let mine = [Scenario::new(
        "fewer-hours",
        Overrides::new().set("annual_hours", 1900.0),
    )];
    let cmp = model.compare(Some(&mine)).expect("compare");
    assert_eq!(cmp.scenarios, [STATED, "fewer-hours"]);
}

#[test]
fn a_scenario_with_an_unknown_parameter_or_bad_value_is_refused_at_load() {
    let base = "[model]\nid = \"m\"\n[[themes]]\nid = \"t\"\n[parameters]\nf = { value = 0.5 }\n[[initiatives]]\nid = \"y\"\ntheme = \"t\"\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"f * 1[person]\"\n";
    let text = format!("{base}[[scenarios]]\nid = \"s\"\noverrides = {{ g = 1.0 }}\n");
    let errors = Model::from_toml_str(&text, "m.toml").expect_err("unknown");
    assert!(
        matches!(errors.0[0], Error::UnknownParameter { ref name, .. } if name == "g"),
        "{errors}"
    );
    let text = format!("{base}[[scenarios]]\nid = \"s\"\noverrides = {{ f = -1.0 }}\n");
    let errors = Model::from_toml_str(&text, "m.toml").expect_err("negative");
    assert!(
        errors
            .to_string()
            .contains("scenario 's': -1 is out of range: 'f' must be a number >= 0"),
        "{errors}"
    );
    let text = format!("{base}[[scenarios]]\nid = \"stated\"\n");
    let errors = Model::from_toml_str(&text, "m.toml").expect_err("reserved");
    assert!(
        errors
            .to_string()
            .contains("duplicate scenario id 'stated'"),
        "{errors}"
    );
}
