//! Hostile inputs: the unit check holds in any declaration order, exponents never wrap, and
//! no formula, however deep or long, does anything but load or return a typed error.

use workforce_impact::limits::{MAX_FORMULA_BYTES, MAX_FORMULA_DEPTH};
use workforce_impact::units::MAX_EXPONENT;
use workforce_impact::{formula, Dimension, Error, Errors, Model, Overrides, Unit};

const HEAD: &str = r#"[model]
id = "hostile"
title = "Hostile inputs (synthetic)"

[[themes]]
id = "t"
"#;

/// A model of `params` (lines of the global `[parameters]` table) and one initiative whose
/// single component is `formula`.
fn model_text(params: &[&str], formula: &str) -> String {
    format!(
        "{HEAD}\n[parameters]\n{}\n\n[[initiatives]]\nid = \"a\"\ntheme = \"t\"\nnotes = \"synthetic\"\n\n[[initiatives.components]]\nsector = \"vvt\"\nformula = \"{formula}\"\n",
        params.join("\n")
    )
}

fn load(text: &str) -> Result<Model, Errors> {
    Model::from_toml_str(text, "hostile.toml")
}

/// The errors of a model that must be refused (a loaded model is too large to print).
fn refused(text: &str) -> Errors {
    match load(text) {
        Ok(_) => panic!("expected the model to be refused"),
        Err(e) => e,
    }
}

fn only(errors: &Errors) -> &Error {
    assert_eq!(errors.0.len(), 1, "{errors}");
    &errors.0[0]
}

fn message(e: &Error) -> String {
    e.message()
}

/// The parameters of the issue's first reproducer: a derived parameter read before the
/// derived parameter it reads is declared.
const VISIT: [&str; 6] = [
    r#"staff = { value = 3, unit = "person" }"#,
    r#"visits = { value = 2 }"#,
    r#"travel = { value = 10, unit = "min" }"#,
    r#"care = { value = 20, unit = "min" }"#,
    r#"visit_total = { formula = "visits * visit_time" }"#,
    r#"visit_time = { formula = "travel + care" }"#,
];

#[test]
fn a_derived_parameter_declared_before_what_it_reads_is_still_unit_checked() {
    for order in [[4, 5], [5, 4]] {
        let params: Vec<&str> = VISIT[..4]
            .iter()
            .copied()
            .chain(order.iter().map(|&i| VISIT[i]))
            .collect();
        let errors = refused(&model_text(&params, "staff * visit_total"));
        let e = only(&errors);
        assert!(matches!(e, Error::Unit { .. }), "{e}");
        assert_eq!(
            message(e),
            "formula gives staff effort × persons [h*person], but an initiative must come out \
             in persons [person] (staff effort is left: divide by the annual hours in h/(FTE*yr))"
        );
        assert_eq!(e.location().initiative.as_deref(), Some("a"));
    }
}

/// Every permutation of `items`, in lexicographic order of indices.
fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first.clone());
            out.push(p);
        }
    }
    out
}

/// Units of the derived parameters, and the load errors without their file positions (which
/// move with the declarations).
fn outcome(text: &str) -> (Vec<(String, String)>, Vec<String>) {
    match load(text) {
        Ok(model) => {
            let mut units: Vec<(String, String)> = model
                .params
                .iter()
                .filter(|p| p.derived.is_some())
                .map(|p| (p.qualified.clone(), p.unit.text.clone()))
                .collect();
            units.sort();
            (units, Vec::new())
        }
        Err(errors) => {
            let mut msgs: Vec<String> = errors
                .0
                .iter()
                .map(|e| {
                    let loc = e.location();
                    format!(
                        "{:?} {:?} {:?} {}",
                        loc.initiative,
                        loc.component,
                        loc.parameter,
                        message(e)
                    )
                })
                .collect();
            msgs.sort();
            (Vec::new(), msgs)
        }
    }
}

#[test]
fn every_declaration_order_gives_the_same_units_and_the_same_errors() {
    // Stated inputs, a three-level chain of derived parameters, and a formula that is right
    // (persons) in one model and wrong (persons × staff effort) in the other.
    let params = [
        r#"hours = { value = 2000, unit = "h/(FTE*yr)" }"#,
        r#"ptf = { value = 0.7, unit = "FTE/person" }"#,
        r#"per_year = { value = 500, unit = "1/yr" }"#,
        r#"minutes = { formula = "travel + care" }"#,
        r#"effort = { formula = "per_year * minutes" }"#,
        r#"persons = { formula = "effort / hours / ptf" }"#,
    ];
    let fixed = [
        r#"travel = { value = 10, unit = "min" }"#,
        r#"care = { value = 20, unit = "min" }"#,
    ];
    for (formula, ok) in [("persons", true), ("persons * minutes", false)] {
        let mut seen = None;
        for perm in permutations(&params) {
            let all: Vec<&str> = fixed.iter().copied().chain(perm).collect();
            let got = outcome(&model_text(&all, formula));
            assert_eq!(got.1.is_empty(), ok, "{formula}: {got:?}");
            match &seen {
                None => seen = Some(got),
                Some(first) => assert_eq!(&got, first, "{formula}"),
            }
        }
        let (units, errors) = seen.expect("720 permutations");
        if ok {
            assert_eq!(
                units,
                [
                    ("effort".to_string(), "h/yr".to_string()),
                    ("minutes".to_string(), "h".to_string()),
                    ("persons".to_string(), "person".to_string()),
                ]
            );
        } else {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(errors[0].contains("formula gives staff effort × persons"));
        }
    }
}

#[test]
fn a_cycle_is_refused_in_any_declaration_order() {
    let params = [
        r#"staff = { value = 1, unit = "person" }"#,
        r#"x = { formula = "y * 2" }"#,
        r#"y = { formula = "z + 1" }"#,
        r#"z = { formula = "x" }"#,
    ];
    for perm in permutations(&params) {
        let errors = refused(&model_text(&perm, "staff"));
        let e = only(&errors);
        assert!(matches!(e, Error::Model { .. }), "{e}");
        assert!(
            message(e).starts_with("derived parameter '")
                && message(e).ends_with("depends on itself"),
            "{e}"
        );
    }
}

#[test]
fn a_unit_exponent_past_the_bound_is_refused_not_wrapped() {
    let e = Unit::parse("(FTE^64)^4").unwrap_err();
    assert_eq!(
        e.message,
        format!("exponent out of range: a unit's exponents must stay within ±{MAX_EXPONENT}")
    );
    assert_eq!(e.column, 6);
    // at the bound, and one past it through a product and a power
    assert_eq!(
        Unit::parse("FTE^32").unwrap().dim,
        Dimension([0, 0, 32, 0, 0])
    );
    assert_eq!(
        Unit::parse("FTE^-32").unwrap().dim,
        Dimension([0, 0, -32, 0, 0])
    );
    assert!(Unit::parse("FTE^32*FTE").is_err());
    assert!(Unit::parse("(FTE^16)^3").is_err());
    assert!(Unit::parse("FTE^99999999999999999999").is_err());
    assert!(Unit::parse("FTE^-2147483648").is_err());
    // a plain number whose scale leaves the floats: 60^(32·8) overflows, its inverse underflows
    let huge = ["(h/min)^32"; 8].join("*");
    let e = Unit::parse(&huge).unwrap_err();
    assert!(
        e.message.starts_with("the unit's size in base units (inf)"),
        "{}",
        e.message
    );
    let tiny = ["(min/h)^32"; 8].join("*");
    assert!(Unit::parse(&tiny).is_err());

    // the issue's reproducer, as a model file
    let text = model_text(
        &[
            r#"staff = { value = 3, unit = "person" }"#,
            r#"fte_pow = { value = 1, unit = "(FTE^64)^4" }"#,
        ],
        "staff * fte_pow",
    );
    let errors = refused(&text);
    let e = only(&errors);
    assert!(matches!(e, Error::Syntax { .. }), "{e}");
    assert!(message(e).starts_with("exponent out of range"), "{e}");
    assert_eq!(e.location().parameter.as_deref(), Some("fte_pow"));
    assert!(e.location().line.is_some() && e.location().column.is_some());
}

#[test]
fn a_formula_whose_dimension_passes_the_bound_is_refused() {
    let power = vec!["f"; usize::try_from(MAX_EXPONENT).unwrap() + 1].join(" * ");
    let text = model_text(
        &[
            r#"staff = { value = 3, unit = "person" }"#,
            r#"f = { value = 1, unit = "FTE" }"#,
        ],
        &format!("staff * {power} / ({power})"),
    );
    let errors = refused(&text);
    let e = only(&errors);
    assert!(matches!(e, Error::Unit { .. }), "{e}");
    assert!(
        message(e).starts_with(
            "exponent out of range: FTE^32 × persons [FTE^32*person] * FTE [FTE] leaves the \
             bound of ±32"
        ),
        "{e}"
    );
}

fn nested(open: &str, depth: usize, inner: &str, close: &str) -> String {
    let mut s = open.repeat(depth);
    s.push_str(inner);
    s.push_str(&close.repeat(depth));
    s
}

fn chain(op: &str, terms: usize) -> String {
    vec!["a"; terms].join(op)
}

fn assert_too_deep(text: &str) {
    match formula::parse(text) {
        Ok(_) => panic!("a formula of {} bytes parsed", text.len()),
        Err(e) => assert!(
            e.message.starts_with(&format!(
                "formula nests deeper than {MAX_FORMULA_DEPTH} levels"
            )) || e.message.starts_with("formula is "),
            "{}",
            e.message
        ),
    }
}

#[test]
fn formula_depth_is_bounded_at_the_limit_above_it_and_far_above_it() {
    let d = MAX_FORMULA_DEPTH;
    // at the limit: each parenthesis, minus sign, call and chain operator is one level
    assert!(formula::parse(&nested("(", d, "a", ")")).is_ok());
    assert!(formula::parse(&nested("-", d, "a", "")).is_ok());
    assert!(formula::parse(&chain(" + ", d + 1)).is_ok());
    assert!(formula::parse(&chain(" * ", d + 1)).is_ok());
    assert!(formula::parse(&nested("max(", d, "a", ", 1)")).is_ok());
    // one past it
    assert_too_deep(&nested("(", d + 1, "a", ")"));
    assert_too_deep(&nested("-", d + 1, "a", ""));
    assert_too_deep(&chain(" + ", d + 2));
    assert_too_deep(&chain(" / ", d + 2));
    assert_too_deep(&nested("min(", d + 1, "a", ", 1)"));
    assert_too_deep(&format!("-({})", chain(" + ", d + 1)));
    // the issue's reproducers and 10^6
    assert_too_deep(&nested("(", 300_000, "a", ")"));
    assert_too_deep(&nested("-", 300_000, "a", ""));
    assert_too_deep(&chain(" + ", 100_000));
    assert_too_deep(&chain(" * ", 100_000));
    assert_too_deep(&nested("(", 1_000_000, "a", ")"));
    assert_too_deep(&nested("-", 1_000_000, "a", ""));
    assert_too_deep(&chain("+", 1_000_000));
}

#[test]
fn the_depth_error_points_at_where_the_bound_is_passed() {
    let text = nested("(", 300_000, "a", ")");
    let e = formula::parse(&text).unwrap_err();
    assert_eq!(e.span.start, MAX_FORMULA_DEPTH, "{}", e.message);
    let text = chain(" + ", 100_000);
    let e = formula::parse(&text).unwrap_err();
    // the operator that makes the tree one level too deep
    assert_eq!(&text[e.span.start..e.span.end], "+");
    assert_eq!(e.span.start, 4 * (MAX_FORMULA_DEPTH + 1) - 2);
}

#[test]
fn an_overlong_formula_is_refused_with_its_length() {
    let text = format!("a{}", " ".repeat(MAX_FORMULA_BYTES));
    let e = formula::parse(&text).unwrap_err();
    assert_eq!(
        e.message,
        format!(
            "formula is {} bytes long; formulas are at most {MAX_FORMULA_BYTES} bytes (split it \
             into derived parameters)",
            MAX_FORMULA_BYTES + 1
        )
    );
}

#[test]
fn a_deep_formula_in_a_model_file_is_a_typed_error_with_its_position() {
    for bad in [
        nested("(", 300_000, "staff", ")"),
        nested("-", 300_000, "staff", ""),
        vec!["staff"; 100_000].join(" + "),
    ] {
        let text = model_text(&[r#"staff = { value = 3, unit = "person" }"#], &bad);
        let errors = refused(&text);
        let e = only(&errors);
        assert!(matches!(e, Error::Syntax { .. }), "{e}");
        assert!(message(e).starts_with(&format!(
            "formula nests deeper than {MAX_FORMULA_DEPTH} levels"
        )));
        let loc = e.location();
        assert_eq!(loc.initiative.as_deref(), Some("a"));
        assert_eq!(loc.component.as_deref(), Some("#1"));
        assert!(loc.line.is_some() && loc.column.is_some(), "{loc:?}");
    }
}

#[test]
fn derived_parameters_count_towards_the_depth_of_what_reads_them() {
    // Each derived parameter adds two levels (its product, and reading it) to what reads it.
    let n = MAX_FORMULA_DEPTH;
    let mut params = vec![r#"staff = { value = 1, unit = "person" }"#.to_string()];
    params.push(r#"d0 = { formula = "staff * 1" }"#.to_string());
    for i in 1..n {
        params.push(format!("d{i} = {{ formula = \"d{} * 1\" }}", i - 1));
    }
    let refs: Vec<&str> = params.iter().map(String::as_str).collect();
    let errors = refused(&model_text(&refs, &format!("d{}", n - 1)));
    let e = only(&errors);
    assert!(matches!(e, Error::Syntax { .. }), "{e}");
    assert!(message(e).contains("with the derived parameters it reads written out"));
    // a chain within the bound loads and evaluates
    let short: Vec<&str> = refs[..50].to_vec();
    let model = load(&model_text(&short, "d48")).expect("within the bound");
    let eval = model.evaluate(&Overrides::default()).unwrap();
    assert_eq!(eval.total(), 1.0);
}

#[test]
fn a_long_chain_of_derived_parameters_does_not_exhaust_the_stack() {
    // 20,000 derived parameters in reverse order: ordering them is iterative.
    let n = 20_000;
    let mut params = vec![r#"staff = { value = 1, unit = "person" }"#.to_string()];
    for i in (1..n).rev() {
        params.push(format!("d{i} = {{ formula = \"d{}\" }}", i - 1));
    }
    params.push(r#"d0 = { formula = "staff" }"#.to_string());
    let refs: Vec<&str> = params.iter().map(String::as_str).collect();
    let errors = refused(&model_text(&refs, &format!("d{}", n - 1)));
    let e = only(&errors);
    assert!(
        message(e).starts_with(&format!(
            "formula nests deeper than {MAX_FORMULA_DEPTH} levels"
        )),
        "{e}"
    );
}

#[test]
fn a_number_too_large_for_a_float_is_refused() {
    let e = formula::parse("1e999 * a").unwrap_err();
    assert_eq!(e.message, "number '1e999' is too large to be represented");
}

#[test]
fn deeply_nested_toml_is_a_typed_error() {
    let text = format!("{HEAD}\nx = {}\n", nested("[", 100_000, "1", "]"));
    let errors = refused(&text);
    assert!(matches!(only(&errors), Error::Toml { .. }), "{errors}");
    let text = format!("{HEAD}\nx = {}\n", nested("{ a = ", 100_000, "1", " }"));
    let errors = refused(&text);
    assert!(matches!(only(&errors), Error::Toml { .. }), "{errors}");
}

#[test]
fn every_walk_over_a_formula_at_the_depth_bound_fits_a_small_thread_stack() {
    use workforce_impact::engine::{Distribution, Input, McConfig};
    let d = MAX_FORMULA_DEPTH;
    let shapes = [
        nested("(", d, "staff", ")"),
        nested("-", d, "staff", ""),
        nested("max(", d, "staff", ", staff)"),
        vec!["staff"; d + 1].join(" + "),
        format!("staff{}", " / staff * staff".repeat(d / 2)),
    ];
    for formula in shapes {
        let text = model_text(&[r#"staff = { value = 3, unit = "person" }"#], &formula);
        // Load, evaluate, explain, write back, compile and run: on a 1 MiB thread, half of the
        // smallest default stack.
        let run = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let model = load(&text).expect("loads");
                let eval = model.evaluate(&Overrides::default()).expect("evaluates");
                let explained = model.explain("a", &Overrides::default()).expect("explains");
                assert!(!explained.to_string().is_empty());
                let again = Model::from_toml_str(&model.to_toml(), "again.toml").expect("reloads");
                let inputs = [Input::new(
                    "staff",
                    Distribution::Uniform { lo: 2.0, hi: 4.0 },
                )];
                let mut cfg = McConfig::new(1000, 1);
                cfg.detail = true;
                let stats = model
                    .monte_carlo_plan(&inputs, cfg)
                    .expect("compiles")
                    .run();
                assert!(stats.group("total").is_some());
                (
                    eval.total(),
                    again
                        .evaluate(&Overrides::default())
                        .expect("again")
                        .total(),
                )
            })
            .expect("thread");
        let (total, again) = run.join().expect("no stack overflow");
        assert!(total.is_finite() && total == again, "{total} vs {again}");
    }
}

#[test]
fn designs_that_hold_their_samples_are_refused_past_the_sample_limit() {
    use workforce_impact::engine::{Distribution, Input};
    let model = Model::builtin("nml-2023").expect("builtin");
    let inputs = [
        Input::new(
            "part_time_factor",
            Distribution::Uniform { lo: 0.6, hi: 0.77 },
        ),
        Input::new(
            "annual_hours",
            Distribution::Uniform {
                lo: 1800.0,
                hi: 2100.0,
            },
        ),
    ];
    let e = model
        .sobol(&inputs, u32::MAX as usize, 1, 0, None)
        .expect_err("2^32 Sobol rows");
    assert!(matches!(e, Error::InvalidValue { .. }), "{e}");
    assert!(
        message(&e).starts_with(
            "this Sobol analysis needs n × (groups + 2) × inputs = 4294967295 × 4 × 2 = \
             34359738360 sampled values, more than the limit of 268435456"
        ),
        "{e}"
    );
    let e = model
        .morris(&inputs, usize::MAX / 2, 4, 1)
        .expect_err("2^63 trajectories");
    assert!(
        message(&e).contains("more than 2^64 sampled values, more than the limit"),
        "{e}"
    );
    // just under the limit is a design, not an error: a small one runs
    assert_eq!(model.sobol(&inputs, 64, 1, 0, None).expect("runs").len(), 2);
}

#[test]
fn the_nml_model_is_far_inside_the_depth_bound() {
    // limits.rs and docs/model-format.md quote this figure.
    let model = Model::builtin("nml-2023").expect("builtin");
    let mut depth = vec![0usize; model.params.len()];
    for &slot in &model.derived_order {
        if let Some(d) = &model.params[slot].derived {
            depth[slot] = d.node.depth(&|s| {
                if model.params[s].derived.is_some() {
                    depth[s] + 1
                } else {
                    0
                }
            });
        }
    }
    let leaf = |s: usize| {
        if model.params[s].derived.is_some() {
            depth[s] + 1
        } else {
            0
        }
    };
    let components = model
        .initiatives
        .iter()
        .filter_map(|i| match &i.body {
            workforce_impact::model::Body::Components(c) => Some(c),
            _ => None,
        })
        .flatten()
        .chain(model.shared.iter().flat_map(|c| &c.components));
    let deepest = components
        .map(|c| c.node.depth(&leaf))
        .max()
        .expect("components");
    assert_eq!(deepest, 19);
}

#[test]
fn a_batch_refuses_infinite_values_and_non_finite_results_as_evaluate_does() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let plan = model.batch_plan(&["annual_hours"]).expect("plan");
    let e = plan.totals(&[2000.0, f64::INFINITY]).expect_err("inf");
    assert!(matches!(e, Error::InvalidValue { .. }), "{e}");
    assert!(
        message(&e).starts_with("row 1, column 0: inf is not a finite number"),
        "{e}"
    );
    // 0 annual hours divide by zero: evaluate refuses it, and so does every batch row
    assert!(model
        .evaluate(&Overrides::new().set("annual_hours", 0.0))
        .is_err());
    let e = plan
        .totals(&[2000.0, 1800.0, 0.0])
        .expect_err("division by zero");
    assert!(
        message(&e).starts_with("row 2: the model evaluates to NaN or infinity"),
        "{e}"
    );
    let e = plan.per_initiative(&[0.0]).expect_err("division by zero");
    assert!(message(&e).starts_with("row 0: the model evaluates"), "{e}");
}

#[test]
fn a_stated_percentage_above_100_is_refused_like_its_override() {
    let errors = refused(&model_text(
        &[
            r#"staff = { value = 3, unit = "person" }"#,
            r#"share = { value = "150%" }"#,
        ],
        "staff * share",
    ));
    let e = only(&errors);
    assert!(matches!(e, Error::InvalidValue { .. }), "{e}");
    assert_eq!(
        message(e),
        "value \"150%\" is above 100%, but a percentage is a fraction in [0, 1]; write a factor \
         above 100% as a plain number (1.5)"
    );
    assert_eq!(e.location().parameter.as_deref(), Some("share"));
    // a plain 1.5 is a factor, and 100% is a fraction at its bound
    let ok = model_text(
        &[
            r#"staff = { value = 3, unit = "person" }"#,
            r#"share = { value = 1.5 }"#,
            r#"all = { value = "100%" }"#,
        ],
        "staff * share * all",
    );
    assert_eq!(
        load(&ok)
            .expect("loads")
            .evaluate(&Overrides::default())
            .expect("evaluates")
            .total(),
        4.5
    );
}

#[test]
fn an_endless_file_is_refused_without_reading_it_whole() {
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    let errors = Model::from_path("/dev/zero").expect_err("endless");
    assert!(
        errors.0[0]
            .message()
            .starts_with("model file is larger than 67108864 bytes"),
        "{errors}"
    );
}

#[test]
fn a_sobol_bootstrap_too_large_to_hold_is_refused() {
    use workforce_impact::engine::{Distribution, Input};
    let model = Model::builtin("nml-2023").expect("builtin");
    let inputs = [Input::new(
        "part_time_factor",
        Distribution::Uniform { lo: 0.6, hi: 0.77 },
    )];
    let e = model
        .sobol(&inputs, 8, 1, 1 << 40, None)
        .expect_err("2^40 resamples");
    assert!(
        message(&e).starts_with("this Sobol bootstrap needs resamples"),
        "{e}"
    );
}

#[test]
fn a_relative_width_whose_interval_overflows_is_a_typed_error() {
    use workforce_impact::engine::{Distribution, DistributionError, Shape};
    let e = Distribution::around(2000.0, Shape::Uniform, 1e308).expect_err("overflow");
    assert!(
        matches!(e, DistributionError::RelativeOverflow { .. }),
        "{e}"
    );
    assert_eq!(
        e.to_string(),
        "relative width 1e308 around 2000 gives an interval that is not finite"
    );
}

#[test]
fn a_megabyte_name_gets_its_error_at_once() {
    // "did you mean" compares only candidates of a plausible length
    let model = Model::builtin("nml-2023").expect("builtin");
    let long = "x".repeat(1_000_000);
    let started = std::time::Instant::now();
    let e = model
        .explain(&long, &Overrides::default())
        .expect_err("unknown id");
    assert!(e.to_string().contains("xxxx"));
    // generous: the quadratic comparison took seconds; this is a bound, not a benchmark
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn a_monte_carlo_run_with_non_finite_draws_is_an_error_not_a_wrong_mean() {
    use workforce_impact::engine::{Distribution, Input, McConfig};
    let model = Model::builtin("nml-2023").expect("builtin");
    // half the draws put the annual hours at 0: a division by zero in every initiative
    let inputs = [Input::new(
        "annual_hours",
        Distribution::Discrete {
            values: vec![0.0, 2000.0],
            weights: vec![1.0, 1.0],
        },
    )];
    let stats = model
        .monte_carlo_plan(&inputs, McConfig::new(4096, 1))
        .expect("plan")
        .run();
    let total = stats.group("total").expect("total");
    assert!(
        total.nonfinite > 1500 && total.nonfinite < 2600,
        "{}",
        total.nonfinite
    );
    assert!(total.mean().is_nan() && total.sd().is_nan());
    let e = stats
        .check_finite("builtin:nml-2023")
        .expect_err("non-finite draws");
    assert!(matches!(e, Error::InvalidValue { .. }), "{e}");
    assert!(
        message(&e).starts_with(&format!(
            "{} of 4096 draws gave a total that is NaN",
            total.nonfinite
        )),
        "{e}"
    );
    // and a clean run passes the check
    let ok = [Input::new(
        "annual_hours",
        Distribution::Uniform {
            lo: 1800.0,
            hi: 2100.0,
        },
    )];
    let stats = model
        .monte_carlo_plan(&ok, McConfig::new(4096, 1))
        .expect("plan")
        .run();
    assert!(stats.check_finite("builtin:nml-2023").is_ok());
    assert_eq!(stats.group("total").expect("total").nonfinite, 0);
}

#[test]
fn an_override_is_held_to_what_a_model_file_must_state_of_a_region() {
    // found by the hypothesis tests: the file refuses a 65+ population above the
    // population, but an override of the population below the stated 65+ was evaluated
    let model = Model::builtin("nml-2023").expect("builtin");
    let e = model
        .evaluate(&Overrides::new().set("nl.population", 2_240_426.5))
        .expect_err("65+ above the population");
    assert!(matches!(e, Error::InvalidValue { .. }), "{e}");
    assert_eq!(
        message(&e),
        "the 65+ population (3620529) exceeds the population (2240426.5) of region 'nl'"
    );
    assert_eq!(
        e.location().parameter.as_deref(),
        Some("nl.population_65plus")
    );
    // explain goes through the same overrides
    assert!(model
        .explain(
            "fit-for-surgery",
            &Overrides::new().set("nl.population_65plus", 2e7)
        )
        .is_err());
    // and so does every row of a batch
    let plan = model.batch_plan(&["nl.population"]).expect("plan");
    let e = plan
        .totals(&[17_923_412.0, 2_240_426.5])
        .expect_err("row 1");
    assert!(
        message(&e).starts_with("row 1: the 65+ population (3620529) exceeds"),
        "{e}"
    );
    assert_eq!(plan.totals(&[17_923_412.0]).expect("row 0").len(), 1);
}
