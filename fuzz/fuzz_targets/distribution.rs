//! Distribution constructors and validation. Properties: a distribution that validates has a
//! non-empty support, finite draws inside it that do not decrease in u, `fill_ppf` equal to
//! `ppf`, a mean inside the support; `lognormal_from_interval` hits its two percentiles;
//! `around` a value gives a distribution centred there.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use workforce_impact::engine::{Distribution, Shape};
use workforce_impact_fuzz::check_valid_distribution;

#[derive(Arbitrary, Debug)]
enum Spec {
    Constant(f64),
    Uniform(f64, f64),
    Triangular(f64, f64, f64),
    Pert(f64, f64, f64),
    Normal(f64, f64),
    TruncatedNormal(f64, f64, f64, f64),
    LogNormal(f64, f64),
    LogNormalInterval(f64, f64),
    Discrete(Vec<(f64, f64)>),
    Around(f64, u8, f64),
}

#[derive(Arbitrary, Debug)]
struct Input {
    spec: Spec,
    /// Extra points of the inverse CDF to check, as fractions of 2^16.
    us: Vec<u16>,
}

fuzz_target!(|input: Input| {
    let us: Vec<f64> = input
        .us
        .iter()
        .take(16)
        .map(|&k| (f64::from(k) + 0.5) / 65536.0)
        .collect();
    let dist = match input.spec {
        Spec::Constant(value) => Distribution::Constant { value },
        Spec::Uniform(lo, hi) => Distribution::Uniform { lo, hi },
        Spec::Triangular(lo, mode, hi) => Distribution::Triangular { lo, mode, hi },
        Spec::Pert(lo, mode, hi) => Distribution::Pert { lo, mode, hi },
        Spec::Normal(mean, sd) => Distribution::Normal {
            mean,
            sd,
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
        },
        Spec::TruncatedNormal(mean, sd, lo, hi) => Distribution::Normal { mean, sd, lo, hi },
        Spec::LogNormal(mu, sigma) => Distribution::LogNormal { mu, sigma },
        Spec::LogNormalInterval(p5, p95) => match Distribution::lognormal_from_interval(p5, p95) {
            Ok(d) => {
                d.validate().unwrap_or_else(|e| {
                    panic!("lognormal_from_interval({p5}, {p95}) = {d:?} does not validate: {e}")
                });
                if p5 >= 1e-300 {
                    for (u, want) in [(0.05, p5), (0.95, p95)] {
                        let got = d.ppf(u);
                        assert!(
                            ((got - want) / want).abs() <= 1e-6,
                            "lognormal_from_interval({p5}, {p95}): ppf({u}) = {got}, not {want}"
                        );
                    }
                }
                d
            }
            Err(_) => return,
        },
        Spec::Discrete(pairs) => {
            let pairs = &pairs[..pairs.len().min(16)];
            Distribution::Discrete {
                values: pairs.iter().map(|p| p.0).collect(),
                weights: pairs.iter().map(|p| p.1).collect(),
            }
        }
        Spec::Around(value, shape, rel) => {
            let shape = match shape % 4 {
                0 => Shape::Uniform,
                1 => Shape::Triangular,
                2 => Shape::Pert,
                _ => Shape::Normal,
            };
            match Distribution::around(value, shape, rel) {
                Ok(d) => d,
                Err(_) => return,
            }
        }
    };
    if dist.validate().is_err() {
        return;
    }
    check_valid_distribution(&dist, &us);
});
