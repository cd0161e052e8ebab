//! Oracles shared by the fuzz targets: an independent printer and unit checker for formula
//! trees, a checker of loaded models, and the properties every valid distribution must have.
//!
//! Each oracle panics (with a message saying which property broke) when the code under test
//! returns a wrong result; a typed error is always acceptable.

use std::sync::OnceLock;

use workforce_impact::engine::Distribution;
use workforce_impact::formula::check::Scope;
use workforce_impact::formula::{BinOp, Expr, ExprKind, Func, Node};
use workforce_impact::units::{Dimension, MAX_EXPONENT, N_DIMS};
use workforce_impact::Model;

/// Trees deeper than this are only checked by the library itself: the oracles below recurse,
/// and must not be what overflows the stack.
pub const ORACLE_MAX_DEPTH: usize = 2_000;

/// The builtin reference model, loaded once per process.
pub fn nml() -> &'static Model {
    static NML: OnceLock<Model> = OnceLock::new();
    NML.get_or_init(|| Model::builtin("nml-2023").expect("the builtin model loads"))
}

/// Depth of an expression tree, computed without recursion.
pub fn depth(expr: &Expr) -> usize {
    let mut max = 0;
    let mut stack = vec![(expr, 1usize)];
    while let Some((e, d)) = stack.pop() {
        max = max.max(d);
        match &e.kind {
            ExprKind::Number { .. } | ExprKind::Param(_) => {}
            ExprKind::Neg(a) => stack.push((a, d + 1)),
            ExprKind::Binary { lhs, rhs, .. } => {
                stack.push((lhs, d + 1));
                stack.push((rhs, d + 1));
            }
            ExprKind::Call { args, .. } => stack.extend(args.iter().map(|a| (a, d + 1))),
        }
    }
    max
}

/// Prints an expression in the formula language with as few parentheses as its tree needs
/// (so the text nests no deeper than the tree), such that parsing the output gives the same
/// tree, spans aside.
pub fn print(expr: &Expr) -> String {
    let mut out = String::new();
    print_into(expr, &mut out);
    out
}

/// 1 for `+ -`, 2 for `* /`, 3 for a unary minus and atoms.
fn precedence(expr: &Expr) -> u8 {
    match &expr.kind {
        ExprKind::Binary {
            op: BinOp::Add | BinOp::Sub,
            ..
        } => 1,
        ExprKind::Binary { .. } => 2,
        _ => 3,
    }
}

fn print_wrapped(expr: &Expr, parens: bool, out: &mut String) {
    if parens {
        out.push('(');
    }
    print_into(expr, out);
    if parens {
        out.push(')');
    }
}

fn print_into(expr: &Expr, out: &mut String) {
    match &expr.kind {
        ExprKind::Number { value, unit } => {
            if value.is_finite() {
                // `{:?}` is the shortest text that reads back as the same f64.
                out.push_str(&format!("{value:?}"));
            } else {
                out.push_str("1e999");
            }
            if unit.text == "%" {
                out.push('%');
            } else if !unit.text.is_empty() {
                out.push('[');
                out.push_str(&unit.text);
                out.push(']');
            }
        }
        ExprKind::Param(name) => out.push_str(name),
        ExprKind::Neg(a) => {
            out.push('-');
            print_wrapped(a, precedence(a) < 3, out);
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let p = precedence(expr);
            // Left-associative: the left operand may share the precedence, the right may not.
            print_wrapped(lhs, precedence(lhs) < p, out);
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            print_wrapped(rhs, precedence(rhs) <= p, out);
        }
        ExprKind::Call { func, args } => {
            out.push_str(func.name());
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                print_into(a, out);
            }
            out.push(')');
        }
    }
}

/// Structural equality, ignoring spans (and the unit's spelling, not its meaning).
pub fn same_tree(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (
            ExprKind::Number {
                value: va,
                unit: ua,
            },
            ExprKind::Number {
                value: vb,
                unit: ub,
            },
        ) => {
            va.to_bits() == vb.to_bits()
                && ua.scale.to_bits() == ub.scale.to_bits()
                && ua.dim == ub.dim
        }
        (ExprKind::Param(x), ExprKind::Param(y)) => x == y,
        (ExprKind::Neg(x), ExprKind::Neg(y)) => same_tree(x, y),
        (
            ExprKind::Binary {
                op: oa,
                lhs: la,
                rhs: ra,
            },
            ExprKind::Binary {
                op: ob,
                lhs: lb,
                rhs: rb,
            },
        ) => oa == ob && same_tree(la, lb) && same_tree(ra, rb),
        (ExprKind::Call { func: fa, args: aa }, ExprKind::Call { func: fb, args: ab }) => {
            fa == fb && aa.len() == ab.len() && aa.iter().zip(ab).all(|(x, y)| same_tree(x, y))
        }
        _ => false,
    }
}

/// Every span lies inside `text` on character boundaries, and inside its parent's span.
pub fn check_spans(expr: &Expr, text: &str) {
    let mut stack = vec![(expr, 0usize, text.len())];
    while let Some((e, lo, hi)) = stack.pop() {
        let s = e.span;
        assert!(
            lo <= s.start && s.start <= s.end && s.end <= hi,
            "span {s:?} of {:?} leaves its parent {lo}..{hi} in {text:?}",
            e.kind
        );
        assert!(
            text.get(s.start..s.end).is_some(),
            "span {s:?} is not on character boundaries of {text:?}"
        );
        match &e.kind {
            ExprKind::Number { .. } | ExprKind::Param(_) => {}
            ExprKind::Neg(a) => stack.push((a, s.start, s.end)),
            ExprKind::Binary { lhs, rhs, .. } => {
                stack.push((lhs, s.start, s.end));
                stack.push((rhs, s.start, s.end));
            }
            ExprKind::Call { args, .. } => stack.extend(args.iter().map(|a| (a, s.start, s.end))),
        }
    }
}

/// A scope over fixed names with chosen dimensions and values (base units).
pub struct FixedScope {
    pub names: Vec<String>,
    pub dims: Vec<Dimension>,
    pub values: Vec<f64>,
}

impl Scope for FixedScope {
    fn lookup(&self, name: &str) -> Option<(usize, Dimension)> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| (i, self.dims[i]))
    }

    fn names(&self) -> Vec<String> {
        self.names.clone()
    }
}

/// Every parameter of the NML model by qualified and by local name (first one wins), plus
/// short names with extreme dimensions so that exponent bounds are reached quickly.
pub fn formula_scope() -> &'static FixedScope {
    static SCOPE: OnceLock<FixedScope> = OnceLock::new();
    SCOPE.get_or_init(|| {
        let mut s = FixedScope {
            names: Vec::new(),
            dims: Vec::new(),
            values: Vec::new(),
        };
        let mut add = |name: &str, dim: Dimension, value: f64| {
            if !s.names.iter().any(|n| n == name) {
                s.names.push(name.to_string());
                s.dims.push(dim);
                s.values.push(value);
            }
        };
        let m = MAX_EXPONENT;
        let big = |i: usize, e: i8| {
            let mut d = [0i8; N_DIMS];
            d[i] = e;
            Dimension(d)
        };
        add("n", Dimension::NONE, 3.0);
        add("zero", Dimension::NONE, 0.0);
        add("t", Dimension::TIME, 7.0);
        add("m", Dimension::EFFORT, 60.0);
        add("f", Dimension::FTE, 0.5);
        add("p", Dimension::PERSON, 12.0);
        add("eur", Dimension::MONEY, 1e6);
        add("fmax", big(2, m), 2.0);
        add("fmin", big(2, -m), 0.5);
        add("tmax", big(1, m), 1.5);
        let model = nml();
        let values = model.base_values();
        for (p, v) in model.params.iter().zip(values) {
            add(&p.qualified, p.unit.dim, v);
            add(&p.name, p.unit.dim, v);
        }
        s
    })
}

/// Why the reference checker refuses a formula.
#[derive(Debug, PartialEq)]
pub enum RefError {
    Unknown(String),
    Mismatch,
    /// An exponent left ±MAX_EXPONENT.
    OutOfRange,
}

/// An independent unit check with unbounded exponents, in the order `resolve` works: left
/// operand, right operand, then the operator; arguments of a call from left to right.
pub fn ref_dim(expr: &Expr, scope: &FixedScope) -> Result<[i32; N_DIMS], RefError> {
    let dim32 = |d: Dimension| d.0.map(i32::from);
    let bounded = |d: [i32; N_DIMS]| {
        if d.iter().all(|e| e.abs() <= i32::from(MAX_EXPONENT)) {
            Ok(d)
        } else {
            Err(RefError::OutOfRange)
        }
    };
    match &expr.kind {
        ExprKind::Number { unit, .. } => Ok(dim32(unit.dim)),
        ExprKind::Param(name) => scope
            .lookup(name)
            .map(|(_, d)| dim32(d))
            .ok_or_else(|| RefError::Unknown(name.clone())),
        ExprKind::Neg(a) => ref_dim(a, scope),
        ExprKind::Binary { op, lhs, rhs } => {
            let l = ref_dim(lhs, scope)?;
            let r = ref_dim(rhs, scope)?;
            let mut out = l;
            match op {
                BinOp::Mul => out.iter_mut().zip(r).for_each(|(o, b)| *o += b),
                BinOp::Div => out.iter_mut().zip(r).for_each(|(o, b)| *o -= b),
                BinOp::Add | BinOp::Sub => {
                    if l != r {
                        return Err(RefError::Mismatch);
                    }
                }
            }
            bounded(out)
        }
        ExprKind::Call { args, .. } => {
            let mut first: Option<[i32; N_DIMS]> = None;
            for a in args {
                let d = ref_dim(a, scope)?;
                match first {
                    Some(f) if f != d => return Err(RefError::Mismatch),
                    _ => first = Some(d),
                }
            }
            Ok(first.unwrap_or([0; N_DIMS]))
        }
    }
}

/// The value of `expr` over `scope`'s values, computed on the tree itself.
pub fn ref_eval(expr: &Expr, scope: &FixedScope) -> f64 {
    match &expr.kind {
        ExprKind::Number { value, unit } => unit.to_base(*value),
        ExprKind::Param(name) => scope
            .lookup(name)
            .map_or(f64::NAN, |(i, _)| scope.values[i]),
        ExprKind::Neg(a) => -ref_eval(a, scope),
        ExprKind::Binary { op, lhs, rhs } => {
            let (a, b) = (ref_eval(lhs, scope), ref_eval(rhs, scope));
            match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => a / b,
            }
        }
        ExprKind::Call { func, args } => {
            let vals = args.iter().map(|a| ref_eval(a, scope));
            match func {
                Func::Min => vals.fold(f64::INFINITY, f64::min),
                Func::Max => vals.fold(f64::NEG_INFINITY, f64::max),
            }
        }
    }
}

/// Bitwise equal, or both NaN.
pub fn same_f64(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// The dimension of a loaded formula, recomputed from its tree and the slots its plan reads:
/// `None` when the plan does not mirror the tree (a future optimisation), so it can't be
/// checked this way. Panics when the tree is inconsistent (adds two dimensions).
pub fn loaded_dim(
    expr: &Expr,
    node: &Node,
    model: &Model,
) -> Option<Result<[i32; N_DIMS], String>> {
    Some(match (&expr.kind, node) {
        (ExprKind::Number { unit, .. }, Node::Const(_)) => Ok(unit.dim.0.map(i32::from)),
        (ExprKind::Param(name), Node::Param(slot)) => {
            let p = model.params.get(*slot)?;
            if &p.name != name && &p.qualified != name {
                return None;
            }
            Ok(p.unit.dim.0.map(i32::from))
        }
        (ExprKind::Neg(a), Node::Neg(b)) => return loaded_dim(a, b, model),
        (ExprKind::Binary { op, lhs, rhs }, Node::Bin(nop, nl, nr)) if op == nop => {
            let l = match loaded_dim(lhs, nl, model)? {
                Ok(d) => d,
                e => return Some(e),
            };
            let r = match loaded_dim(rhs, nr, model)? {
                Ok(d) => d,
                e => return Some(e),
            };
            let mut out = l;
            match op {
                BinOp::Mul => out.iter_mut().zip(r).for_each(|(o, b)| *o += b),
                BinOp::Div => out.iter_mut().zip(r).for_each(|(o, b)| *o -= b),
                BinOp::Add | BinOp::Sub if l != r => {
                    return Some(Err(format!("{} of {l:?} and {r:?}", op.symbol())))
                }
                _ => {}
            }
            Ok(out)
        }
        (ExprKind::Call { func, args }, Node::Min(nodes) | Node::Max(nodes))
            if args.len() == nodes.len()
                && matches!(
                    (func, node),
                    (Func::Min, Node::Min(_)) | (Func::Max, Node::Max(_))
                ) =>
        {
            let mut first = None;
            for (a, n) in args.iter().zip(nodes) {
                let d = match loaded_dim(a, n, model)? {
                    Ok(d) => d,
                    e => return Some(e),
                };
                match first {
                    Some(f) if f != d => {
                        return Some(Err(format!("{}({f:?}, {d:?})", func.name())))
                    }
                    _ => first = Some(d),
                }
            }
            Ok(first.unwrap_or([0; N_DIMS]))
        }
        _ => return None,
    })
}

/// A loaded model is consistent: every component comes out in persons and every derived
/// parameter in its unit (checked independently of the loader), and it evaluates to finite
/// numbers as stated.
pub fn check_loaded_model(model: &Model) {
    use workforce_impact::model::Body;
    let person = Dimension::PERSON.0.map(i32::from);
    let check = |what: &str, expr: &Expr, node: &Node, want: [i32; N_DIMS]| {
        if depth(expr) > ORACLE_MAX_DEPTH {
            return;
        }
        if let Some(got) = loaded_dim(expr, node, model) {
            assert_eq!(
                got,
                Ok(want),
                "{what}: the loader accepted a formula whose units are wrong"
            );
        }
    };
    for ini in &model.initiatives {
        if let Body::Components(cs) = &ini.body {
            for c in cs {
                check(
                    &format!("initiative '{}' component {:?}", ini.id, c.text),
                    &c.expr,
                    &c.node,
                    person,
                );
            }
        }
    }
    for case in &model.shared {
        for c in &case.components {
            check(
                &format!("shared case '{}' component {:?}", case.id, c.text),
                &c.expr,
                &c.node,
                person,
            );
        }
    }
    for p in &model.params {
        if let Some(d) = &p.derived {
            check(
                &format!(
                    "derived parameter '{}' = {:?} in unit '{}'",
                    p.qualified, d.text, p.unit.text
                ),
                &d.expr,
                &d.node,
                p.unit.dim.0.map(i32::from),
            );
        }
    }
    // The loader evaluates the stated model, so a loaded model evaluates.
    let eval = model
        .evaluate(&Default::default())
        .unwrap_or_else(|e| panic!("a loaded model fails to evaluate as stated: {e}"));
    for (ini, parts) in model.initiatives.iter().zip(&eval.components) {
        for (_, v) in parts {
            assert!(
                v.is_finite(),
                "initiative '{}' has a component of {v}",
                ini.id
            );
        }
    }
    for (ini, v) in model.initiatives.iter().zip(&eval.initiative_totals) {
        assert!(v.is_finite(), "initiative '{}' totals {v}", ini.id);
    }
}

/// What every distribution that validates must satisfy: a non-empty support, and draws that
/// are finite, inside the support and non-decreasing in u; `fill_ppf` agrees with `ppf`; the
/// mean lies in the support.
pub fn check_valid_distribution(d: &Distribution, extra_u: &[f64]) {
    let (lo, hi) = d.support();
    assert!(lo <= hi, "{d:?}: support [{lo:?}, {hi:?}] is empty or NaN");
    let mut us: Vec<f64> = vec![
        1e-12,
        1e-6,
        0.05,
        0.25,
        0.5,
        0.75,
        0.95,
        1.0 - 1e-6,
        1.0 - 1e-12,
    ];
    us.extend(extra_u.iter().copied().filter(|u| *u > 0.0 && *u < 1.0));
    us.sort_by(f64::total_cmp);
    let xs: Vec<f64> = us.iter().map(|&u| d.ppf(u)).collect();
    for (&u, &x) in us.iter().zip(&xs) {
        assert!(x.is_finite(), "{d:?}: ppf({u}) = {x:?} is not finite");
        assert!(
            lo <= x && x <= hi,
            "{d:?}: ppf({u}) = {x:?} leaves the support [{lo:?}, {hi:?}]"
        );
    }
    let width = (hi - lo).abs();
    let tol = |x: f64| 1e-9 * width.max(x.abs()).max(f64::MIN_POSITIVE);
    for (w, pair) in us.windows(2).zip(xs.windows(2)) {
        assert!(
            pair[0] <= pair[1] + tol(pair[1]),
            "{d:?}: ppf decreases: ppf({}) = {} > ppf({}) = {}",
            w[0],
            pair[0],
            w[1],
            pair[1]
        );
    }
    let mut col = us.clone();
    d.fill_ppf(&mut col);
    for ((&u, &x), &y) in us.iter().zip(&xs).zip(&col) {
        assert!(
            same_f64(x, y) || (x - y).abs() <= tol(x),
            "{d:?}: fill_ppf gives {y} for u = {u}, ppf gives {x}"
        );
    }
    let mean = d.mean();
    assert!(
        mean.is_finite() && lo - tol(lo) <= mean && mean <= hi + tol(hi),
        "{d:?}: mean {mean:?} is not finite or leaves the support [{lo:?}, {hi:?}]"
    );
}
