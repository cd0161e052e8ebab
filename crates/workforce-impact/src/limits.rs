//! Every bound on the size of an input, in one place.
//!
//! Each keeps a hostile or mistaken input from exhausting the stack, memory or time: past
//! one, the loader or the engine returns a typed error that names the limit and how to stay
//! under it, never a crash. The bounds are far above what a regional model needs (the NML
//! model's deepest formula has 14 levels, its largest run 10^6 draws of 58 inputs).

/// How deeply a formula's expression tree may nest, counting every parenthesis, minus sign,
/// function call and operator of a chain (`a + b + c` is two levels), and the levels of the
/// derived parameters it reads. Formulas are parsed, checked, evaluated, compiled and
/// explained by recursion over this tree; at this bound every such walk, even in an
/// unoptimised build, uses less than half of a 2 MiB thread stack (the smallest a Rust or
/// Python thread gets by default), measured by the `hardening` tests. The NML model's
/// deepest formula, its derived parameters written out, has 16 levels.
pub const MAX_FORMULA_DEPTH: usize = 128;

/// The longest formula text, in bytes.
pub const MAX_FORMULA_BYTES: usize = 1 << 20;

/// How deeply parentheses may nest in a unit expression such as `h/(FTE*yr)`.
pub const MAX_UNIT_DEPTH: usize = 32;

/// The longest unit text, in bytes.
pub const MAX_UNIT_BYTES: usize = 256;

/// The largest model file read, in bytes.
pub const MAX_MODEL_BYTES: usize = 64 << 20;

/// The most parameters (global, local and region populations together) in one model.
pub const MAX_PARAMETERS: usize = 100_000;

/// The most initiatives (and shared business cases) in one model.
pub const MAX_INITIATIVES: usize = 10_000;

/// The most components in one initiative.
pub const MAX_COMPONENTS: usize = 1_000;

/// The most sampled values a design that holds all its rows at once may ask for: Sobol's
/// `n × (groups + 2)` rows of `k` inputs, Morris' `trajectories × (k + 1)` rows, a sweep's
/// grid points × varied parameters. 2^28 values are 2 GiB of `f64`. A Monte Carlo run
/// streams its draws and has no such bound: its memory does not grow with `n`.
pub const MAX_SAMPLE_VALUES: usize = 1 << 28;

/// The error message of a design over [`MAX_SAMPLE_VALUES`]: what was asked, in numbers, and
/// how to stay under the bound.
pub fn too_many_values(design: &str, count: &str, values: Option<usize>, remedy: &str) -> String {
    let asked = values.map_or_else(|| "more than 2^64".to_string(), |v| v.to_string());
    format!(
        "{design} needs {count} = {asked} sampled values, more than the limit of \
         {MAX_SAMPLE_VALUES} (2 GiB; workforce_impact::limits::MAX_SAMPLE_VALUES): {remedy}"
    )
}
