//! Splits formula text into tokens with byte spans.

use super::ast::Span;
use super::parser::ParseError;

/// A token of the formula language.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A number as written, with a trailing `%` folded into `percent`.
    Number {
        /// The number as written (`2` for `2%`).
        value: f64,
        /// Whether a `%` followed it.
        percent: bool,
    },
    /// Unit text between brackets: `60[min]`.
    Unit(String),
    /// A parameter or function name; may contain dots (`nml.population`).
    Ident(String),
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `,` between function arguments.
    Comma,
}

impl Tok {
    /// The token as an error message names it: `'+'`, `a number`, `unit [min]`.
    pub fn describe(&self) -> String {
        match self {
            Tok::Number { .. } => "a number".into(),
            Tok::Unit(u) => format!("unit [{u}]"),
            Tok::Ident(n) => format!("'{n}'"),
            Tok::Plus => "'+'".into(),
            Tok::Minus => "'-'".into(),
            Tok::Star => "'*'".into(),
            Tok::Slash => "'/'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Comma => "','".into(),
        }
    }
}

/// Splits `text` into tokens with their byte spans; refuses stray characters (with a hint
/// for `×`, `÷` and a loose `%`) and numbers too large for an `f64`.
pub fn lex(text: &str) -> Result<Vec<(Tok, Span)>, ParseError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let single = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'+' => Some(Tok::Plus),
            b'-' => Some(Tok::Minus),
            b'*' => Some(Tok::Star),
            b'/' => Some(Tok::Slash),
            b'(' => Some(Tok::LParen),
            b')' => Some(Tok::RParen),
            b',' => Some(Tok::Comma),
            _ => None,
        };
        if let Some(tok) = single {
            i += 1;
            out.push((tok, Span::new(start, i)));
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                let mut j = i + 1;
                if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j].is_ascii_digit() {
                    i = j;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let literal = &text[start..i];
            let value: f64 = literal.parse().map_err(|_| {
                ParseError::new(format!("malformed number '{literal}'"), Span::new(start, i))
            })?;
            if !value.is_finite() {
                return Err(ParseError::new(
                    format!("number '{literal}' is too large to be represented"),
                    Span::new(start, i),
                ));
            }
            let percent = bytes.get(i) == Some(&b'%');
            if percent {
                i += 1;
            }
            out.push((Tok::Number { value, percent }, Span::new(start, i)));
            continue;
        }
        if c == b'[' {
            let close = text[i..].find(']').ok_or_else(|| {
                ParseError::new(
                    "unclosed '[' of a unit".into(),
                    Span::new(start, text.len()),
                )
            })?;
            i += close + 1;
            out.push((
                Tok::Unit(text[start + 1..i - 1].to_string()),
                Span::new(start, i),
            ));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
            {
                i += 1;
            }
            out.push((Tok::Ident(text[start..i].to_string()), Span::new(start, i)));
            continue;
        }
        let ch = text[i..].chars().next().unwrap_or('?');
        let hint = match ch {
            '×' => " (write '*' for multiplication)",
            '÷' => " (write '/' for division)",
            '%' => " ('%' must follow a number, as in 2%)",
            _ => "",
        };
        return Err(ParseError::new(
            format!("unexpected character '{ch}'{hint}"),
            Span::new(start, start + ch.len_utf8()),
        ));
    }
    Ok(out)
}
