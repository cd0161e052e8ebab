//! Binds parameter names and checks units: every `+`, `-`, `min` and `max` needs operands of
//! one dimension; `*` and `/` combine them.

use super::ast::{BinOp, Expr, ExprKind, Func, Span};
use super::plan::Node;
use crate::suggest::did_you_mean;
use crate::units::Dimension;

/// What is wrong with a formula, and where (a byte span into its text).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{kind}")]
pub struct FormulaError {
    /// What is wrong.
    pub kind: FormulaErrorKind,
    /// The offending part of the formula.
    pub span: Span,
}

/// The kinds of formula error; the loader maps each to an [`crate::Error`] variant.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FormulaErrorKind {
    #[error("{0}")]
    /// Text that does not read as a formula.
    Syntax(String),
    #[error("unknown parameter '{name}'{}", suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    /// A name that is not visible in the formula's scope.
    UnknownParameter {
        /// The name as written.
        name: String,
        /// The closest visible name, when one is close enough to be a likely typo.
        suggestion: Option<String>,
    },
    #[error("{0}")]
    /// Dimensions that do not fit (adding minutes to a fraction, an exponent past the bound).
    UnitMismatch(String),
}

/// Where formula names are looked up: gives a parameter's slot and dimension.
pub trait Scope {
    /// The slot and dimension of parameter `name`, if it is visible here.
    fn lookup(&self, name: &str) -> Option<(usize, Dimension)>;
    /// Every name visible here, for "did you mean" suggestions.
    fn names(&self) -> Vec<String>;
}

/// Resolves `expr` against `scope`, returning the evaluation node and its dimension.
pub fn resolve(expr: &Expr, scope: &dyn Scope) -> Result<(Node, Dimension), FormulaError> {
    match &expr.kind {
        ExprKind::Number { value, unit } => Ok((Node::Const(unit.to_base(*value)), unit.dim)),
        ExprKind::Param(name) => match scope.lookup(name) {
            Some((slot, dim)) => Ok((Node::Param(slot), dim)),
            None => {
                let names = scope.names();
                let suggestion = did_you_mean(name, names.iter().map(String::as_str));
                Err(FormulaError {
                    kind: FormulaErrorKind::UnknownParameter {
                        name: name.clone(),
                        suggestion,
                    },
                    span: expr.span,
                })
            }
        },
        ExprKind::Neg(inner) => {
            let (node, dim) = resolve(inner, scope)?;
            Ok((Node::Neg(Box::new(node)), dim))
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let (l, ld) = resolve(lhs, scope)?;
            let (r, rd) = resolve(rhs, scope)?;
            let dim = match op {
                BinOp::Mul | BinOp::Div => {
                    let product = if *op == BinOp::Mul {
                        ld.checked_mul(rd)
                    } else {
                        ld.checked_div(rd)
                    };
                    product.ok_or_else(|| FormulaError {
                        kind: FormulaErrorKind::UnitMismatch(format!(
                            "exponent out of range: {ld} {} {rd} leaves the bound of ±{} on \
                             each exponent",
                            op.symbol(),
                            crate::units::MAX_EXPONENT
                        )),
                        span: expr.span,
                    })?
                }
                BinOp::Add | BinOp::Sub => {
                    if ld != rd {
                        let verb = if *op == BinOp::Add { "add" } else { "subtract" };
                        return Err(FormulaError {
                            kind: FormulaErrorKind::UnitMismatch(format!(
                                "cannot {verb} {rd} {} {ld}",
                                if *op == BinOp::Add { "to" } else { "from" }
                            )),
                            span: expr.span,
                        });
                    }
                    ld
                }
            };
            Ok((Node::Bin(*op, Box::new(l), Box::new(r)), dim))
        }
        ExprKind::Call { func, args } => {
            let mut nodes = Vec::with_capacity(args.len());
            let mut dim: Option<Dimension> = None;
            for a in args {
                let (n, d) = resolve(a, scope)?;
                if let Some(first) = dim {
                    if first != d {
                        return Err(FormulaError {
                            kind: FormulaErrorKind::UnitMismatch(format!(
                                "{}(...) needs arguments of one dimension, got {first} and {d}",
                                func.name()
                            )),
                            span: a.span,
                        });
                    }
                }
                dim = Some(d);
                nodes.push(n);
            }
            let node = match func {
                Func::Min => Node::Min(nodes),
                Func::Max => Node::Max(nodes),
            };
            Ok((node, dim.unwrap_or(Dimension::NONE)))
        }
    }
}
