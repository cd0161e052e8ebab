//! Recursive-descent parser: `expr := term (('+'|'-') term)*`, `term := unary (('*'|'/') unary)*`,
//! `unary := '-' unary | primary`, `primary := number [unit] | name | name '(' args ')' | '(' expr ')'`.

use super::ast::{BinOp, Expr, ExprKind, Func, Span};
use super::lexer::{lex, Tok};
use crate::limits::{MAX_FORMULA_BYTES, MAX_FORMULA_DEPTH};
use crate::units::Unit;

/// A formula that could not be read, with the span of the offending text.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// What is wrong, in words.
    pub message: String,
    /// The offending text.
    pub span: Span,
}

impl ParseError {
    /// An error with `message` at `span`.
    pub fn new(message: String, span: Span) -> ParseError {
        ParseError { message, span }
    }
}

/// Parses formula text into an expression tree.
///
/// Refuses, with a [`ParseError`] at the offending token, text longer than
/// [`MAX_FORMULA_BYTES`] and trees deeper than [`MAX_FORMULA_DEPTH`] levels, so that no
/// input can exhaust the stack of the recursive walks over the tree.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    if text.len() > MAX_FORMULA_BYTES {
        return Err(ParseError::new(
            format!(
                "formula is {} bytes long; formulas are at most {MAX_FORMULA_BYTES} bytes \
                 (split it into derived parameters)",
                text.len()
            ),
            Span::new(0, 0),
        ));
    }
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err(ParseError::new(
            "empty formula".into(),
            Span::new(0, text.len()),
        ));
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        end: text.len(),
        nesting: 0,
    };
    let (expr, _) = p.expr()?;
    if let Some((tok, span)) = p.tokens.get(p.pos) {
        let message = match tok {
            Tok::RParen => "unmatched ')'".to_string(),
            Tok::Ident(_) | Tok::Number { .. } | Tok::LParen => format!(
                "expected an operator before {} (is a '*' missing?)",
                tok.describe()
            ),
            _ => format!("unexpected {}", tok.describe()),
        };
        return Err(ParseError::new(message, *span));
    }
    Ok(expr)
}

/// The message of a formula past [`MAX_FORMULA_DEPTH`].
pub fn too_deep_message() -> String {
    format!(
        "formula nests deeper than {MAX_FORMULA_DEPTH} levels (every parenthesis, minus sign, \
         function call and operator of a chain counts one; split it into derived parameters)"
    )
}

/// An expression with the depth of its tree: the operators, negations and calls on its
/// deepest path (a name or number alone is 0).
type Parsed = (Expr, usize);

struct Parser {
    tokens: Vec<(Tok, Span)>,
    pos: usize,
    end: usize,
    /// Parentheses, minus signs and calls open at `pos`: the parser's own recursion depth.
    nesting: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.0)
    }

    fn next(&mut self) -> Option<(Tok, Span)> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn eof_span(&self) -> Span {
        Span::new(self.end, self.end)
    }

    /// Enters one level of recursion at `span`, refusing past the bound before recursing.
    fn enter(&mut self, span: Span) -> Result<(), ParseError> {
        self.nesting += 1;
        if self.nesting > MAX_FORMULA_DEPTH {
            return Err(ParseError::new(too_deep_message(), span));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Parsed, ParseError> {
        let mut lhs = self.term()?;
        while let Some(op) = match self.peek() {
            Some(Tok::Plus) => Some(BinOp::Add),
            Some(Tok::Minus) => Some(BinOp::Sub),
            _ => None,
        } {
            let at = self.tokens[self.pos].1;
            self.pos += 1;
            let rhs = self.term()?;
            lhs = binary(op, lhs, rhs, at)?;
        }
        Ok(lhs)
    }

    fn term(&mut self) -> Result<Parsed, ParseError> {
        let mut lhs = self.unary()?;
        while let Some(op) = match self.peek() {
            Some(Tok::Star) => Some(BinOp::Mul),
            Some(Tok::Slash) => Some(BinOp::Div),
            _ => None,
        } {
            let at = self.tokens[self.pos].1;
            self.pos += 1;
            let rhs = self.unary()?;
            lhs = binary(op, lhs, rhs, at)?;
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Parsed, ParseError> {
        if let Some(Tok::Minus) = self.peek() {
            let (_, span) = self.next().unwrap_or((Tok::Minus, self.eof_span()));
            self.enter(span)?;
            let (inner, depth) = self.unary()?;
            self.nesting -= 1;
            if depth + 1 > MAX_FORMULA_DEPTH {
                return Err(ParseError::new(too_deep_message(), span));
            }
            let span = span.join(inner.span);
            return Ok((
                Expr {
                    kind: ExprKind::Neg(Box::new(inner)),
                    span,
                },
                depth + 1,
            ));
        }
        self.primary()
    }

    // The recursive path (expr -> term -> unary -> primary -> group -> expr) keeps its frames
    // small: everything that is not recursion lives in functions of its own, so a formula at
    // the depth bound stays far from the stack limit even in an unoptimised build.
    fn primary(&mut self) -> Result<Parsed, ParseError> {
        let Some((tok, span)) = self.next() else {
            return Err(self.ends_early());
        };
        match tok {
            Tok::Number { value, percent } => self.number(value, percent, span),
            Tok::Ident(name) => {
                if let Some(Tok::LParen) = self.peek() {
                    return self.call(name, span);
                }
                Ok(leaf(ExprKind::Param(name), span))
            }
            Tok::LParen => self.group(span),
            other => Err(unexpected(other, span)),
        }
    }

    #[inline(never)]
    fn ends_early(&self) -> ParseError {
        ParseError::new(
            "formula ends too early: expected a number, a name or '('".into(),
            self.eof_span(),
        )
    }

    /// `( expr )`, the '(' at `span` already read.
    fn group(&mut self, span: Span) -> Result<Parsed, ParseError> {
        self.enter(span)?;
        let (inner, depth) = self.expr()?;
        self.nesting -= 1;
        match self.next() {
            Some((Tok::RParen, close)) => Ok((
                Expr {
                    kind: inner.kind,
                    span: span.join(close),
                },
                depth,
            )),
            other => Err(unclosed(span, other)),
        }
    }

    /// A number with an optional `%` or `[unit]`.
    #[inline(never)]
    fn number(&mut self, value: f64, percent: bool, span: Span) -> Result<Parsed, ParseError> {
        let mut unit = if percent {
            Unit::parse("%").map_err(|e| ParseError::new(e.to_string(), span))?
        } else {
            Unit::one()
        };
        let mut span = span;
        if let Some(Tok::Unit(text)) = self.peek().cloned() {
            let (_, uspan) = self.tokens[self.pos].clone();
            if percent {
                return Err(ParseError::new(
                    "a percentage cannot also have a unit".into(),
                    uspan,
                ));
            }
            self.pos += 1;
            unit = Unit::parse(&text).map_err(|e| {
                // The column counts characters of the unit text, which starts one byte
                // after the '['; the span must count bytes and cover the whole character.
                let (byte, width) = text
                    .char_indices()
                    .nth(e.column.saturating_sub(1))
                    .map_or((text.len(), 1), |(b, c)| (b, c.len_utf8()));
                let at = uspan.start + 1 + byte;
                ParseError::new(e.message, Span::new(at, at + width))
            })?;
            span = span.join(uspan);
        }
        Ok(leaf(ExprKind::Number { value, unit }, span))
    }

    fn call(&mut self, name: String, name_span: Span) -> Result<Parsed, ParseError> {
        let func = match name.as_str() {
            "min" => Func::Min,
            "max" => Func::Max,
            _ => {
                return Err(ParseError::new(
                    format!("unknown function '{name}'; the functions are min and max"),
                    name_span,
                ))
            }
        };
        self.pos += 1; // '('
        self.enter(name_span)?;
        let (first, mut depth) = self.expr()?;
        let mut args = vec![first];
        loop {
            match self.next() {
                Some((Tok::Comma, _)) => {
                    let (arg, d) = self.expr()?;
                    depth = depth.max(d);
                    args.push(arg);
                }
                Some((Tok::RParen, close)) => {
                    self.nesting -= 1;
                    let depth = depth + 1;
                    if depth > MAX_FORMULA_DEPTH {
                        return Err(ParseError::new(too_deep_message(), name_span));
                    }
                    return Ok((
                        Expr {
                            kind: ExprKind::Call { func, args },
                            span: name_span.join(close),
                        },
                        depth,
                    ));
                }
                Some((other, s)) => {
                    return Err(ParseError::new(
                        format!(
                            "expected ',' or ')' in {name}(...), found {}",
                            other.describe()
                        ),
                        s,
                    ))
                }
                None => return Err(ParseError::new(format!("unclosed {name}(...)"), name_span)),
            }
        }
    }
}

fn leaf(kind: ExprKind, span: Span) -> Parsed {
    (Expr { kind, span }, 0)
}

#[inline(never)]
fn unexpected(tok: Tok, span: Span) -> ParseError {
    match tok {
        Tok::Unit(text) => ParseError::new(format!("unit [{text}] must follow a number"), span),
        other => ParseError::new(
            format!(
                "expected a number, a name or '(', found {}",
                other.describe()
            ),
            span,
        ),
    }
}

#[inline(never)]
fn unclosed(open: Span, found: Option<(Tok, Span)>) -> ParseError {
    match found {
        Some((other, s)) => ParseError::new(
            format!(
                "expected ')' to close the '(' at offset {}, found {}",
                open.start,
                other.describe()
            ),
            s,
        ),
        None => ParseError::new("unclosed '('".into(), open),
    }
}

/// `lhs op rhs`, refused at the operator `at` when the tree would pass the depth bound (a
/// flat chain `a + a + ...` deepens the tree by one level per operator).
fn binary(op: BinOp, (lhs, ld): Parsed, (rhs, rd): Parsed, at: Span) -> Result<Parsed, ParseError> {
    let depth = ld.max(rd) + 1;
    if depth > MAX_FORMULA_DEPTH {
        return Err(ParseError::new(too_deep_message(), at));
    }
    let span = lhs.span.join(rhs.span);
    Ok((
        Expr {
            kind: ExprKind::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            span,
        },
        depth,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_and_spans() {
        let e = parse("a + b * 2%").unwrap();
        let ExprKind::Binary { op, rhs, .. } = &e.kind else {
            panic!("not binary")
        };
        assert_eq!(*op, BinOp::Add);
        assert_eq!(rhs.span, Span::new(4, 10));
        assert_eq!(e.param_names(), vec!["a", "b"]);
    }

    #[test]
    fn number_with_unit() {
        let e = parse("60[min] / 1[yr]").unwrap();
        assert_eq!(e.param_names(), Vec::<&str>::new());
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("a * (b + c").unwrap_err();
        assert_eq!(e.message, "unclosed '('");
        assert_eq!(e.span, Span::new(4, 5));
        let e = parse("a b").unwrap_err();
        assert_eq!(
            e.message,
            "expected an operator before 'b' (is a '*' missing?)"
        );
        assert_eq!(e.span, Span::new(2, 3));
    }
}
