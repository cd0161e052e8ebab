//! Linearity in the region's population: doubling it doubles every component that is
//! scaled by it and leaves every other component as it was.

use workforce_impact::model::Body;
use workforce_impact::{Model, Overrides};

#[test]
fn doubling_the_population_doubles_every_population_scaled_initiative() {
    let model = Model::builtin("nml-2023").expect("builtin loads");
    let pop = model.param("nml.population").expect("population").value;
    let pop65 = model.param("nml.population_65plus").expect("65+").value;
    let base = model.evaluate(&Overrides::default()).expect("evaluates");
    let doubled = model
        .evaluate(
            &Overrides::new()
                .set("nml.population", 2.0 * pop)
                .set("nml.population_65plus", 2.0 * pop65),
        )
        .expect("evaluates");
    let pop_slots = [
        model.param_index("nml.population"),
        model.param_index("nml.population_65plus"),
    ];
    let mut scaled = 0;
    for (n, ini) in model.initiatives.iter().enumerate() {
        let components = match &ini.body {
            Body::Components(cs) => cs.clone(),
            Body::Shared { case, .. } => model.shared[*case].components.clone(),
        };
        for (k, c) in components.iter().enumerate() {
            // what the component reads, directly or through derived parameters
            let mut slots = Vec::new();
            c.node.slots(&mut slots);
            let mut i = 0;
            while i < slots.len() {
                if let Some(d) = &model.params[slots[i]].derived {
                    d.node.slots(&mut slots);
                }
                i += 1;
            }
            let reads_population = slots.iter().any(|s| pop_slots.contains(&Some(*s)));
            let (before, after) = (base.components[n][k].1, doubled.components[n][k].1);
            if reads_population {
                scaled += 1;
                assert!(
                    (after - 2.0 * before).abs() <= 1e-9 * before.abs(),
                    "{} #{}: {before} -> {after}",
                    ini.id,
                    k + 1
                );
            } else {
                assert_eq!(
                    after,
                    before,
                    "{} #{} does not read the population",
                    ini.id,
                    k + 1
                );
            }
        }
    }
    assert!(scaled >= 15, "only {scaled} population-scaled components");
}

#[test]
fn overrides_are_checked() {
    let model = Model::builtin("nml-2023").expect("builtin loads");
    let err = model
        .evaluate(&Overrides::new().set("part_time_facter", 0.6))
        .expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "builtin:nml-2023: unknown parameter 'part_time_facter' (did you mean 'part_time_factor'?)"
    );
    let err = model
        .evaluate(&Overrides::new().set("nml.population", -1.0))
        .expect_err("negative");
    assert_eq!(err.to_string(), "builtin:nml-2023: parameter 'nml.population': invalid value: -1 is out of range: 'nml.population' must be a number >= 0");
    let err = model
        .evaluate(&Overrides::new().set("buikpijnteam.clinical_admission_reduction", 1.5))
        .expect_err("fraction");
    assert!(
        err.to_string().ends_with("must be a fraction in [0, 1]"),
        "{err}"
    );
    let err = model
        .evaluate(&Overrides::new().set("annual_hours", f64::NAN))
        .expect_err("nan");
    assert!(
        err.to_string().contains("NaN is not a finite number"),
        "{err}"
    );
}

#[test]
fn the_part_time_factor_moves_every_initiative_that_divides_by_it() {
    let model = Model::builtin("nml-2023").expect("builtin loads");
    let base = model.evaluate(&Overrides::default()).expect("evaluates");
    let lower = model
        .evaluate(&Overrides::new().set("part_time_factor", 0.6))
        .expect("evaluates");
    assert!(lower.total() > base.total());
    // buikpijnteam is a pure product with the factor in the denominator
    let n = model
        .initiatives
        .iter()
        .position(|i| i.id == "buikpijnteam")
        .expect("id");
    let ratio = lower.initiative_totals[n] / base.initiative_totals[n];
    assert!((ratio - 0.68 / 0.6).abs() < 1e-12);
}

#[test]
fn the_model_writes_back_as_toml_and_reloads_identically() {
    let model = Model::builtin("nml-2023").expect("builtin loads");
    let text = model.to_toml();
    let again = Model::from_toml_str(&text, "roundtrip.toml").expect("reloads");
    let (a, b) = (
        model.evaluate(&Overrides::default()).expect("e"),
        again.evaluate(&Overrides::default()).expect("e"),
    );
    assert_eq!(a.initiative_totals, b.initiative_totals);
    assert_eq!(model.file, again.file);
}
