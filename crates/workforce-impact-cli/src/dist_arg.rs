//! `NAME=KIND(args)` distribution arguments of the command line.

use workforce_impact::engine::{Distribution, Input, Shape};

/// Parses `NAME=uniform(lo,hi)`, `triangular(lo,mode,hi)`, `pert(lo,mode,hi)`,
/// `normal(mean,sd[,lo,hi])`, `lognormal(p5,p95)`, `constant(v)`, or a relative form
/// `uniform(rel=0.5)` (also triangular, pert, normal) around the stated value.
pub fn parse(arg: &str) -> Result<Input, String> {
    let (name, spec) = arg
        .split_once('=')
        .ok_or_else(|| format!("--dist expects NAME=KIND(ARGS), got '{arg}'"))?;
    let spec = spec.trim();
    let open = spec
        .find('(')
        .filter(|_| spec.ends_with(')'))
        .ok_or_else(|| {
            format!("--dist {name}: expected KIND(ARGS) such as uniform(0.6,0.77), got '{spec}'")
        })?;
    let kind = spec[..open].trim();
    let inner = &spec[open + 1..spec.len() - 1];
    if let Some(rel) = inner.trim().strip_prefix("rel=") {
        let rel: f64 = rel
            .trim()
            .parse()
            .map_err(|_| format!("--dist {name}: rel must be a number, got '{rel}'"))?;
        let shape = match kind {
            "uniform" => Shape::Uniform,
            "triangular" => Shape::Triangular,
            "pert" => Shape::Pert,
            "normal" => Shape::Normal,
            other => {
                return Err(format!(
                "--dist {name}: no relative form of '{other}' (uniform, triangular, pert, normal)"
            ))
            }
        };
        return Ok(Input::relative(name.trim(), shape, rel));
    }
    let args: Vec<f64> = inner
        .split(',')
        .map(|a| {
            a.trim()
                .parse::<f64>()
                .map_err(|_| format!("--dist {name}: '{a}' is not a number"))
        })
        .collect::<Result<_, _>>()?;
    let want = |n: &[usize]| {
        if n.contains(&args.len()) {
            Ok(())
        } else {
            Err(format!(
                "--dist {name}: {kind} takes {} numbers, got {}",
                n.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" or "),
                args.len()
            ))
        }
    };
    let dist = match kind {
        "uniform" => {
            want(&[2])?;
            Distribution::Uniform { lo: args[0], hi: args[1] }
        }
        "triangular" => {
            want(&[3])?;
            Distribution::Triangular { lo: args[0], mode: args[1], hi: args[2] }
        }
        "pert" => {
            want(&[3])?;
            Distribution::Pert { lo: args[0], mode: args[1], hi: args[2] }
        }
        "normal" => {
            want(&[2, 4])?;
            let (lo, hi) = if args.len() == 4 { (args[2], args[3]) } else { (f64::NEG_INFINITY, f64::INFINITY) };
            Distribution::Normal { mean: args[0], sd: args[1], lo, hi }
        }
        "lognormal" => {
            want(&[2])?;
            Distribution::lognormal_from_interval(args[0], args[1]).map_err(|e| format!("--dist {name}: {e}"))?
        }
        "constant" => {
            want(&[1])?;
            Distribution::Constant { value: args[0] }
        }
        other => return Err(format!("--dist {name}: unknown distribution '{other}' (uniform, triangular, pert, normal, lognormal, constant)")),
    };
    Ok(Input::new(name.trim(), dist))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms() {
        assert_eq!(
            parse("a=uniform(1, 2)").unwrap(),
            Input::new("a", Distribution::Uniform { lo: 1.0, hi: 2.0 })
        );
        assert_eq!(
            parse("b=triangular(rel=0.5)").unwrap(),
            Input::relative("b", Shape::Triangular, 0.5)
        );
        assert!(parse("c=uniform(1)")
            .unwrap_err()
            .contains("uniform takes 2 numbers, got 1"));
        assert!(parse("d=beta(1,2)")
            .unwrap_err()
            .contains("unknown distribution 'beta'"));
        assert!(parse("e").unwrap_err().contains("NAME=KIND(ARGS)"));
    }
}
