//! Recursive-descent parser: `expr := term (('+'|'-') term)*`, `term := unary (('*'|'/') unary)*`,
//! `unary := '-' unary | primary`, `primary := number [unit] | name | name '(' args ')' | '(' expr ')'`.

use super::ast::{BinOp, Expr, ExprKind, Func, Span};
use super::lexer::{lex, Tok};
use crate::units::Unit;

/// A formula that could not be read, with the span of the offending text.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

impl ParseError {
    pub fn new(message: String, span: Span) -> ParseError {
        ParseError { message, span }
    }
}

/// Parses formula text into an expression tree.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
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
    };
    let expr = p.expr()?;
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

struct Parser {
    tokens: Vec<(Tok, Span)>,
    pos: usize,
    end: usize,
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

    fn expr(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.term()?;
        while let Some(op) = match self.peek() {
            Some(Tok::Plus) => Some(BinOp::Add),
            Some(Tok::Minus) => Some(BinOp::Sub),
            _ => None,
        } {
            self.pos += 1;
            let rhs = self.term()?;
            lhs = binary(op, lhs, rhs);
        }
        Ok(lhs)
    }

    fn term(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.unary()?;
        while let Some(op) = match self.peek() {
            Some(Tok::Star) => Some(BinOp::Mul),
            Some(Tok::Slash) => Some(BinOp::Div),
            _ => None,
        } {
            self.pos += 1;
            let rhs = self.unary()?;
            lhs = binary(op, lhs, rhs);
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        if let Some(Tok::Minus) = self.peek() {
            let (_, span) = self.next().unwrap_or((Tok::Minus, self.eof_span()));
            let inner = self.unary()?;
            let span = span.join(inner.span);
            return Ok(Expr {
                kind: ExprKind::Neg(Box::new(inner)),
                span,
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let Some((tok, span)) = self.next() else {
            return Err(ParseError::new(
                "formula ends too early: expected a number, a name or '('".into(),
                self.eof_span(),
            ));
        };
        match tok {
            Tok::Number { value, percent } => {
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
                        // column counts from the '[' of the unit
                        let at = uspan.start + e.column;
                        ParseError::new(e.message, Span::new(at, at + 1))
                    })?;
                    span = span.join(uspan);
                }
                Ok(Expr {
                    kind: ExprKind::Number { value, unit },
                    span,
                })
            }
            Tok::Ident(name) => {
                if let Some(Tok::LParen) = self.peek() {
                    return self.call(name, span);
                }
                Ok(Expr {
                    kind: ExprKind::Param(name),
                    span,
                })
            }
            Tok::LParen => {
                let inner = self.expr()?;
                match self.next() {
                    Some((Tok::RParen, close)) => Ok(Expr {
                        kind: inner.kind,
                        span: span.join(close),
                    }),
                    Some((other, s)) => Err(ParseError::new(
                        format!(
                            "expected ')' to close the '(' at offset {}, found {}",
                            span.start,
                            other.describe()
                        ),
                        s,
                    )),
                    None => Err(ParseError::new("unclosed '('".into(), span)),
                }
            }
            Tok::Unit(text) => Err(ParseError::new(
                format!("unit [{text}] must follow a number"),
                span,
            )),
            other => Err(ParseError::new(
                format!(
                    "expected a number, a name or '(', found {}",
                    other.describe()
                ),
                span,
            )),
        }
    }

    fn call(&mut self, name: String, name_span: Span) -> Result<Expr, ParseError> {
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
        let mut args = vec![self.expr()?];
        loop {
            match self.next() {
                Some((Tok::Comma, _)) => args.push(self.expr()?),
                Some((Tok::RParen, close)) => {
                    return Ok(Expr {
                        kind: ExprKind::Call { func, args },
                        span: name_span.join(close),
                    })
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

fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.join(rhs.span);
    Expr {
        kind: ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
    }
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
