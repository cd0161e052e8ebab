//! The command line's `--set NAME=VALUE` and `--dist NAME=KIND(ARGS)` parsers
//! (`workforce_impact_cli`), applied to the NML model. Every line of the input is one
//! `--dist` argument, and all lines together are the `--set` arguments. Properties: a parsed
//! `--dist` prints and re-parses to the same input; what the model accepts from it is a valid
//! distribution inside the parameter's valid range (see `check_valid_distribution`); parsed
//! `--set` values either evaluate the model to finite numbers or give a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workforce_impact::engine::{Distribution, Input, Shape, Spec};
use workforce_impact::Error;
use workforce_impact_cli::{dist_arg, parse_overrides};
use workforce_impact_fuzz::{check_valid_distribution, nml};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines: Vec<&str> = text.lines().take(32).collect();
    let model = nml();

    for line in &lines {
        let input = match dist_arg::parse(line) {
            Ok(i) => i,
            Err(message) => {
                assert!(
                    message.starts_with("--dist"),
                    "{line:?}: message {message:?}"
                );
                continue;
            }
        };
        let name = line.split_once('=').map(|p| p.0.trim()).unwrap_or_default();
        assert_eq!(input.name, name, "{line:?}");
        if let Some(printed) = print_dist(&input) {
            let again = dist_arg::parse(&printed)
                .unwrap_or_else(|e| panic!("{line:?} parses, its print {printed:?} does not: {e}"));
            assert_eq!(
                format!("{again:?}"),
                format!("{input:?}"),
                "{line:?} re-parses differently from its print {printed:?}"
            );
        }
        match model.resolve_inputs(std::slice::from_ref(&input)) {
            Ok(resolved) => {
                assert_eq!(resolved.len(), 1);
                let (slot, d) = &resolved[0];
                let p = &model.params[*slot];
                d.validate().unwrap_or_else(|e| {
                    panic!("{line:?}: resolved to {d:?}, which does not validate: {e}")
                });
                let (lo, hi) = d.support();
                let (vlo, vhi) = p.valid_range();
                assert!(
                    vlo <= lo && hi <= vhi,
                    "{line:?}: support [{lo}, {hi}] leaves the range of '{}'",
                    p.qualified
                );
                check_valid_distribution(d, &[]);
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::UnknownParameter { .. }
                        | Error::InvalidValue { .. }
                        | Error::Model { .. }
                ),
                "{line:?}: unexpected error kind {e:?}"
            ),
        }
    }

    let overrides = match parse_overrides(lines.iter().copied(), "--set") {
        Ok(o) => o,
        Err(message) => {
            assert!(message.starts_with("--set"), "message {message:?}");
            return;
        }
    };
    assert_eq!(overrides.0.len(), lines.len());
    for (line, (name, value)) in lines.iter().zip(&overrides.0) {
        let (n, v) = line.split_once('=').expect("parsed items have '='");
        assert_eq!(n.trim(), name, "{line:?}");
        assert_eq!(
            v.trim().parse::<f64>().map(f64::to_bits),
            Ok(value.to_bits()),
            "{line:?}"
        );
    }
    match model.evaluate(&overrides) {
        Ok(eval) => {
            for v in eval.values.iter() {
                assert!(v.is_finite(), "{lines:?}: a parameter becomes {v}");
            }
            for v in eval.components.iter().flatten() {
                assert!(
                    v.1.is_finite(),
                    "{lines:?}: a component evaluates to {}",
                    v.1
                );
            }
            for v in &eval.initiative_totals {
                assert!(v.is_finite(), "{lines:?}: an initiative totals {v}");
            }
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::UnknownParameter { .. } | Error::InvalidValue { .. }
            ),
            "{lines:?}: unexpected error kind {e:?}"
        ),
    }
});

/// The `--dist` text of an input, or `None` for a lognormal (given by its percentiles, which
/// do not survive the round trip through mu and sigma exactly).
fn print_dist(input: &Input) -> Option<String> {
    let n = &input.name;
    Some(match &input.spec {
        Spec::Relative { shape, rel } => {
            let kind = match shape {
                Shape::Uniform => "uniform",
                Shape::Triangular => "triangular",
                Shape::Pert => "pert",
                Shape::Normal => "normal",
                _ => return None,
            };
            format!("{n}={kind}(rel={rel:?})")
        }
        Spec::Absolute(d) => match d {
            Distribution::Constant { value } => format!("{n}=constant({value:?})"),
            Distribution::Uniform { lo, hi } => format!("{n}=uniform({lo:?},{hi:?})"),
            Distribution::Triangular { lo, mode, hi } => {
                format!("{n}=triangular({lo:?},{mode:?},{hi:?})")
            }
            Distribution::Pert { lo, mode, hi } => format!("{n}=pert({lo:?},{mode:?},{hi:?})"),
            Distribution::Normal { mean, sd, lo, hi } => {
                format!("{n}=normal({mean:?},{sd:?},{lo:?},{hi:?})")
            }
            _ => return None,
        },
    })
}
