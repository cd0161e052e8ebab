//! TOML model loader. Properties: a refused file gives at least one error, each printable;
//! a loaded model is unit-consistent by an independent check (components in persons, derived
//! parameters in their unit), evaluates to finite numbers, and loads again from its own
//! `to_toml` output to the same figures.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workforce_impact::Model;
use workforce_impact_fuzz::*;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let model = match Model::from_toml_str(text, "fuzz.toml") {
        Ok(m) => m,
        Err(errors) => {
            assert!(!errors.0.is_empty(), "a model is refused without an error");
            let _ = errors.to_string();
            return;
        }
    };
    check_loaded_model(&model);
    let eval = model.evaluate(&Default::default()).expect("checked above");
    let written = model.to_toml();
    let again = Model::from_toml_str(&written, "fuzz-again.toml").unwrap_or_else(|e| {
        panic!("a loaded model does not load from its to_toml output: {e}\n{written}")
    });
    let eval2 = again
        .evaluate(&Default::default())
        .unwrap_or_else(|e| panic!("the re-loaded model does not evaluate: {e}"));
    assert_eq!(eval.initiative_totals.len(), eval2.initiative_totals.len());
    for (a, b) in eval.initiative_totals.iter().zip(&eval2.initiative_totals) {
        assert!(
            same_f64(*a, *b),
            "to_toml changes an initiative from {a} to {b}"
        );
    }
});
