//! The formula language: numbers with units, parameters, `+ - * /`, parentheses, `min`, `max`.
//!
//! Text is lexed and parsed into an [`ast::Expr`] with byte spans, then [`check::resolve`]
//! binds parameter names and checks units, giving a [`plan::Node`] that evaluates on a flat
//! slice of parameter values in base units.

pub mod ast;
pub mod check;
pub mod lexer;
pub mod parser;
pub mod plan;

pub use ast::{BinOp, Expr, ExprKind, Func, Span};
pub use check::{resolve, FormulaError, FormulaErrorKind};
pub use parser::{parse, ParseError};
pub use plan::Node;
