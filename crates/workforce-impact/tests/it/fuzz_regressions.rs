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

/// fuzz target `distribution` (make fuzz, 60 s): the mean of a uniform at -1.6e308 was
/// (lo + hi) / 2 = -inf, outside its support.
#[test]
fn means_near_the_largest_float_stay_in_the_support() {
    let v = -1.6291594034687183e308;
    for d in [
        Distribution::Uniform { lo: v, hi: v },
        Distribution::Triangular {
            lo: v,
            mode: v,
            hi: v,
        },
        Distribution::Pert {
            lo: v,
            mode: v,
            hi: v,
        },
        Distribution::Uniform {
            lo: f64::MAX / 2.0,
            hi: f64::MAX,
        },
    ] {
        let (lo, hi) = d.support();
        let m = d.mean();
        assert!(m.is_finite() && lo <= m && m <= hi, "{d:?}: mean {m}");
    }
}

/// fuzz target `distribution` (make fuzz, 60 s): a triangular from -3.4e304 to 0 drew
/// ppf(1e-12) = inf, since (hi - lo)(mode - lo) overflows; bounds past ±1e150 are refused.
#[test]
fn distributions_whose_widths_overflow_are_refused() {
    let d = Distribution::Triangular {
        lo: -3.4288296352753107e304,
        mode: -3.3853203111564604e-58,
        hi: 0.0,
    };
    let e = d.validate().expect_err("beyond 1e150");
    assert_eq!(
        e.to_string(),
        "distribution parameter -3.4288296352753107e304 is beyond ±1e150, the largest a distribution takes"
    );
    let ok = Distribution::Triangular {
        lo: -1e150,
        mode: 0.0,
        hi: 1e150,
    };
    ok.validate().expect("at the bound");
    assert!(ok.ppf(1e-12).is_finite() && ok.ppf(1.0 - 1e-12).is_finite());
}

/// fuzz target `distribution` (make fuzz, 60 s): a discrete distribution given with its
/// values out of order had a quantile function that decreased, which breaks rank
/// correlations, Latin hypercube strata and Sobol points.
#[test]
fn a_discrete_quantile_function_never_decreases() {
    let d = Distribution::Discrete {
        values: vec![3.0, 1.0, 2.0, 5.0],
        weights: vec![1.0, 1.0, 1.0, 0.0],
    };
    let us = [1e-9, 0.2, 0.34, 0.5, 0.67, 0.9, 1.0 - 1e-12];
    let xs: Vec<f64> = us.iter().map(|&u| d.ppf(u)).collect();
    assert_eq!(xs, [1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 3.0]);
    // the value of weight 0 is never drawn; in order, the same as sorted input
    let sorted = Distribution::Discrete {
        values: vec![1.0, 2.0, 3.0, 5.0],
        weights: vec![1.0, 1.0, 1.0, 0.0],
    };
    assert!(us.iter().all(|&u| sorted.ppf(u) == d.ppf(u)));
}

/// fuzz target `distribution` (make fuzz, 60 s): near the smallest floats a triangular's
/// ppf rounded past its upper bound; such a narrow one is now refused, and a draw is
/// clamped to the support in any case.
#[test]
fn a_triangular_draw_never_leaves_its_support() {
    let narrow = Distribution::Triangular {
        lo: -3.3255597268398324e-158,
        mode: 2.0566993193520783e-280,
        hi: 3.3255597268398324e-158,
    };
    assert!(narrow
        .validate()
        .expect_err("narrower than 1e-150")
        .to_string()
        .contains("is narrower than 1e-150"));
    let d = Distribution::Triangular {
        lo: 0.0,
        mode: 8.854494587438939e-159,
        hi: 8.854494587438971e-159,
    };
    let mut col = vec![1e-12, 0.5, 0.999999999999, 1.0 - 1e-12];
    let xs: Vec<f64> = col.iter().map(|&u| d.ppf(u)).collect();
    d.fill_ppf(&mut col);
    for (x, y) in xs.iter().zip(&col) {
        assert!((0.0..=8.854494587438971e-159).contains(x), "{x}");
        assert_eq!(x.to_bits(), y.to_bits());
    }
}
