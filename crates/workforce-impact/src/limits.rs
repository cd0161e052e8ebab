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
