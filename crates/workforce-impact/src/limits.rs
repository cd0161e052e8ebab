//! Every bound on the size of an input, in one place.
//!
//! Each keeps a hostile or mistaken input from exhausting the stack, memory or time: past
//! one, the loader or the engine returns a typed error that names the limit and how to stay
//! under it, never a crash. The bounds are far above what a regional model needs (the NML
//! model's deepest formula has 19 levels, its largest run 10^6 draws of 58 inputs).

/// How deeply a formula's expression tree may nest, counting every parenthesis, minus sign,
/// function call and operator of a chain (`a + b + c` is two levels), and the levels of the
/// derived parameters it reads. Formulas are parsed, checked, evaluated, compiled and
/// explained by recursion over this tree; at this bound every such walk, even in an
/// unoptimised build, uses less than half of a 2 MiB thread stack (the smallest a Rust or
/// Python thread gets by default), measured by the `hardening` tests. The NML model's
/// deepest formula, its derived parameters written out, has 19 levels.
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

/// How deeply a model given as plain values ([`crate::ModelFile::from_value`], Python's
/// `Model.from_dict` and the builder) may nest tables and arrays. The model format itself
/// needs five levels (`initiatives[0].parameters.visits.value`); the bound keeps a
/// self-referencing or runaway structure from exhausting the stack while it is read.
pub const MAX_VALUE_NESTING: usize = 32;

/// The deepest nesting of tables and arrays in `value` (a scalar is 0), counted without
/// recursion and only as far as one level past [`MAX_VALUE_NESTING`].
pub fn value_nesting(value: &toml::Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if depth > MAX_VALUE_NESTING {
            break;
        }
        match v {
            toml::Value::Table(t) => stack.extend(t.values().map(|c| (c, depth + 1))),
            toml::Value::Array(a) => stack.extend(a.iter().map(|c| (c, depth + 1))),
            _ => {}
        }
    }
    deepest
}

/// The most shards a Monte Carlo run is split into: far more than any executor runs, and
/// a bound on the list of shard tasks made up front. A shard past the run's last block of
/// draws is empty, which is allowed (it merges as nothing).
pub const MAX_SHARDS: usize = 1 << 20;
