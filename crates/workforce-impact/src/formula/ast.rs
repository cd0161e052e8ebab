//! The syntax tree of a formula, with byte spans into its text.

use crate::units::Unit;

/// A byte range in the formula text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A binary operator of the formula language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`: both sides of one dimension.
    Add,
    /// `-`: both sides of one dimension.
    Sub,
    /// `*`: exponents add.
    Mul,
    /// `/`: exponents subtract.
    Div,
}

impl BinOp {
    /// The operator as written in formulas.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

/// A function of the formula language; each takes one or more arguments of one dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    /// The smallest argument.
    Min,
    /// The largest argument.
    Max,
}

impl Func {
    /// The function's name as written in formulas.
    pub fn name(self) -> &'static str {
        match self {
            Func::Min => "min",
            Func::Max => "max",
        }
    }
}

/// A formula expression with the span of the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it stands in the formula text (parentheses included).
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal: `value` as written, in `unit` (`2%` is 2 in unit `%`).
    Number {
        /// The number as written.
        value: f64,
        /// The unit in brackets (`60[min]`), `%`, or none.
        unit: Unit,
    },
    /// A parameter name as written (`part_time_factor`, `nml.population`).
    Param(String),
    /// `-x`.
    Neg(Box<Expr>),
    /// `lhs op rhs`.
    Binary {
        /// The operator.
        op: BinOp,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// `min(...)` or `max(...)`.
    Call {
        /// Which function.
        func: Func,
        /// The arguments, at least one.
        args: Vec<Expr>,
    },
}

impl Expr {
    /// Every parameter name the expression refers to, in order of appearance.
    pub fn param_names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_params(&mut out);
        out
    }

    fn collect_params<'a>(&'a self, out: &mut Vec<&'a str>) {
        match &self.kind {
            ExprKind::Number { .. } => {}
            ExprKind::Param(name) => out.push(name),
            ExprKind::Neg(e) => e.collect_params(out),
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.collect_params(out);
                rhs.collect_params(out);
            }
            ExprKind::Call { args, .. } => args.iter().for_each(|a| a.collect_params(out)),
        }
    }
}

impl Expr {
    /// How tightly the expression binds when printed: sums 1, products 2, negation 3, the rest 4.
    fn precedence(&self) -> u8 {
        match &self.kind {
            ExprKind::Binary {
                op: BinOp::Add | BinOp::Sub,
                ..
            } => 1,
            ExprKind::Binary { .. } => 2,
            ExprKind::Neg(_) => 3,
            _ => 4,
        }
    }

    fn fmt_at(&self, f: &mut std::fmt::Formatter<'_>, min: u8) -> std::fmt::Result {
        if self.precedence() < min {
            f.write_str("(")?;
            self.fmt_at(f, 0)?;
            return f.write_str(")");
        }
        match &self.kind {
            ExprKind::Number { value, unit } if unit.text == "%" => write!(f, "{value}%"),
            ExprKind::Number { value, unit } if unit.text.is_empty() => write!(f, "{value}"),
            ExprKind::Number { value, unit } => write!(f, "{value}[{}]", unit.text),
            ExprKind::Param(name) => f.write_str(name),
            ExprKind::Neg(inner) => {
                f.write_str("-")?;
                inner.fmt_at(f, 3)
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let p = self.precedence();
                lhs.fmt_at(f, p)?;
                write!(f, " {} ", op.symbol())?;
                // left-associative: a right operand of the same precedence keeps its parentheses
                rhs.fmt_at(f, p + 1)
            }
            ExprKind::Call { func, args } => {
                write!(f, "{}(", func.name())?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    a.fmt_at(f, 0)?;
                }
                f.write_str(")")
            }
        }
    }
}

/// Writes the formula back as text that parses to the same tree (spans aside), with the
/// parentheses precedence needs and no others.
impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.fmt_at(f, 0)
    }
}
