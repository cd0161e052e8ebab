//! Inputs found by the fuzz targets in `fuzz/` (see fuzz/README.md), minimised, each with
//! the property it broke. A finding whose fix is pending is marked `#[ignore = "..."]`,
//! and the mark goes with the fix.

use workforce_impact::engine::Distribution;
use workforce_impact::{formula, Model};

/// The minimal model of the load-error tests with one initiative of `formula`.
fn model_with(formula: &str) -> String {
    format!(
        r#"[model]
id = "mini"
title = "Mini"
region = "r"
target_year = 2032

[[regions]]
id = "r"
population = 1000

[shortage]
projections = [{{ year = 2032, persons = 100 }}]

[[themes]]
id = "t"

[parameters]
annual_hours = {{ value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }}
part_time_factor = {{ value = "68%", unit = "FTE/person", source = "AZW Info" }}

[[initiatives]]
id = "x"
theme = "t"
[initiatives.parameters]
visits = {{ value = 1000, unit = "1/yr", source = "CBS" }}
[[initiatives.components]]
sector = "msz"
formula = "{formula}"
"#
    )
}

/// fuzz target `formula`, input `2[€ x]`: the unit error's column counts characters, and the
/// parser adds it to a byte offset, so the span lands inside the 3-byte '€'.
#[test]
fn unit_error_span_after_a_multibyte_character_is_on_char_boundaries() {
    for text in ["2[€ x]", "1[h/€ x]", ".5e-3[h/عTEl_c)]"] {
        let e = formula::parse(text).expect_err("an unknown unit");
        assert!(
            text.get(e.span.start..e.span.end).is_some(),
            "{text:?}: span {:?} is not on character boundaries",
            e.span
        );
    }
}

/// fuzz target `model`: the same span, turned into a line:column excerpt of the file,
/// panicked in `SourceText::locate` ("byte index is not a char boundary") instead of
/// refusing the model with a syntax error.
#[test]
fn a_unit_error_after_a_multibyte_character_refuses_the_model() {
    let text = model_with("visits * 2[€ x] / 1[yr] * 1[person]");
    let errors = Model::from_toml_str(&text, "mini.toml").expect_err("an unknown unit");
    let e = &errors.0[0];
    assert!(matches!(e, workforce_impact::Error::Syntax { .. }), "{e}");
    assert!(e.to_string().contains("unexpected character"), "{e}");
    // the 'x' after "€ ", counted in characters
    assert_eq!(
        (e.location().line, e.location().column),
        (Some(28), Some(25))
    );
}

/// fuzz target `distribution`: the mean of a discrete distribution multiplied values by
/// unnormalised weights, so a subnormal weight underflowed the product to 0, outside the
/// support [v, v].
#[test]
fn discrete_mean_with_a_tiny_weight_stays_in_the_support() {
    let d = Distribution::Discrete {
        values: vec![2.3641409912418864e-308],
        weights: vec![1.26e-321],
    };
    d.validate().expect("finite values, a positive weight");
    let (lo, hi) = d.support();
    let mean = d.mean();
    assert!(
        lo <= mean && mean <= hi,
        "mean {mean:?} outside [{lo:?}, {hi:?}]"
    );
}

/// fuzz target `distribution` (make fuzz, 60 s): a lognormal with mu = 1.29e177 passed
/// validation but every draw was exp(mu) = inf.
#[test]
fn a_lognormal_beyond_the_floats_is_refused() {
    let d = Distribution::LogNormal {
        mu: 1.2910650745658333e177,
        sigma: 2.07e-321,
    };
    let e = d.validate().expect_err("draws are infinite");
    assert!(
        e.to_string()
            .contains("reaches values beyond the largest number"),
        "{e}"
    );
    // a wide but representable one is fine
    let ok = Distribution::LogNormal {
        mu: 600.0,
        sigma: 10.0,
    };
    ok.validate().expect("exp(671) is a float");
    assert!(ok.ppf(1.0 - 1e-12).is_finite());
}
