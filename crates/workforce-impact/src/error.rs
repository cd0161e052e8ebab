//! Errors: every one names where the problem is (file, initiative, component, parameter,
//! line:column) and what to do about it.

use std::fmt;

/// Where in a model a problem is. Empty fields are unknown or do not apply.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Location {
    /// The model file's path, `builtin:<id>`, or the name given to a model built in code.
    pub file: Option<String>,
    /// The initiative (or shared business case) id.
    pub initiative: Option<String>,
    /// The shared-savings agreement id ([`crate::ledger`]).
    pub agreement: Option<String>,
    /// The component, as `#n` or `#n 'label'`.
    pub component: Option<String>,
    /// The parameter's qualified name (`part_time_factor`, `buikpijnteam.reduction`).
    pub parameter: Option<String>,
    /// The field of the initiative, component or parameter, as the user passed it (`unit`,
    /// `formula`, ...); set for models with no source text (a builder, a dict), which have
    /// no line to point at.
    pub field: Option<String>,
    /// 1-based line in the file.
    pub line: Option<usize>,
    /// 1-based column in the file.
    pub column: Option<usize>,
    /// The offending line with a caret under the problem.
    pub excerpt: Option<String>,
}

impl Location {
    /// A location naming only the file.
    pub fn file(file: &str) -> Location {
        Location {
            file: Some(file.to_string()),
            ..Location::default()
        }
    }

    /// A parameter of the model loaded from `file`.
    pub fn parameter(file: &str, parameter: &str) -> Location {
        Location {
            parameter: Some(parameter.to_string()),
            ..Location::file(file)
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        let mut file_part = String::new();
        if let Some(file) = &self.file {
            let mut s = file.clone();
            if let Some(line) = self.line {
                s.push_str(&format!(":{line}"));
                if let Some(col) = self.column {
                    s.push_str(&format!(":{col}"));
                }
            }
            file_part = s;
        }
        if let Some(i) = &self.initiative {
            parts.push(format!("initiative '{i}'"));
        }
        if let Some(a) = &self.agreement {
            parts.push(format!("agreement '{a}'"));
        }
        if let Some(c) = &self.component {
            parts.push(format!("component {c}"));
        }
        if let Some(p) = &self.parameter {
            parts.push(format!("parameter '{p}'"));
        }
        if let Some(field) = &self.field {
            parts.push(format!("field '{field}'"));
        }
        match (file_part.is_empty(), parts.is_empty()) {
            (false, false) => write!(f, "{file_part}: {}", parts.join(", ")),
            (false, true) => f.write_str(&file_part),
            _ => f.write_str(&parts.join(", ")),
        }
    }
}

/// One problem in a model, its input or its evaluation.
///
/// Non-exhaustive: later capabilities (time, regions, ledgers) add kinds of their own, so a
/// `match` outside this crate needs a `_` arm.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file is not valid TOML, or does not have the model's shape.
    #[error("{}malformed model file: {message}{}", prefix(loc), excerpt(loc))]
    Toml {
        /// Where.
        loc: Location,
        /// What the TOML reader or the model file's shape refuses.
        message: String,
    },
    /// A formula or unit expression that cannot be read.
    #[error("{}syntax error: {message}{}", prefix(loc), excerpt(loc))]
    Syntax {
        /// Where.
        loc: Location,
        /// What cannot be read.
        message: String,
    },
    /// Dimensions that do not fit: adding a fraction to a time flow, a result in FTE.
    #[error("{}unit error: {message}{}", prefix(loc), excerpt(loc))]
    Unit {
        /// Where.
        loc: Location,
        /// Which dimensions clash, and what would fix it.
        message: String,
    },
    /// A name that is not a parameter here.
    #[error(
        "{}unknown parameter '{name}'{}{}",
        prefix(loc),
        hint(suggestion),
        excerpt(loc)
    )]
    UnknownParameter {
        /// Where.
        loc: Location,
        /// The name as written.
        name: String,
        /// The closest known name, when one is close enough to be a likely typo.
        suggestion: Option<String>,
    },
    /// A value that cannot be: NaN, infinite, a negative population, a bad percentage.
    #[error("{}invalid value: {message}{}", prefix(loc), excerpt(loc))]
    InvalidValue {
        /// Where.
        loc: Location,
        /// The value and why it cannot be.
        message: String,
    },
    /// A structural problem: duplicate id, unknown theme or sector, missing notes.
    #[error("{}{message}{}", prefix(loc), excerpt(loc))]
    Model {
        /// Where.
        loc: Location,
        /// The problem and what to do about it.
        message: String,
    },
}

fn prefix(loc: &Location) -> String {
    let s = loc.to_string();
    if s.is_empty() {
        s
    } else {
        format!("{s}: ")
    }
}

fn excerpt(loc: &Location) -> String {
    loc.excerpt
        .as_ref()
        .map(|e| format!("\n{e}"))
        .unwrap_or_default()
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean '{s}'?)"))
        .unwrap_or_default()
}

impl Error {
    /// Where the problem is.
    pub fn location(&self) -> &Location {
        match self {
            Error::Toml { loc, .. }
            | Error::Syntax { loc, .. }
            | Error::Unit { loc, .. }
            | Error::UnknownParameter { loc, .. }
            | Error::InvalidValue { loc, .. }
            | Error::Model { loc, .. } => loc,
        }
    }

    /// What is wrong, without where: the message of the error as [`std::fmt::Display`]
    /// shows it after the location (an unknown name as `unknown parameter 'x'`).
    ///
    /// ```
    /// let e = workforce_impact::Unit::parse("FTE^40").unwrap_err();
    /// assert!(e.message.starts_with("exponent out of range"));
    /// let errors = workforce_impact::Model::builtin("no-such-model").unwrap_err();
    /// assert!(errors.0[0].message().starts_with("no builtin model 'no-such-model'"));
    /// ```
    pub fn message(&self) -> String {
        match self {
            Error::Toml { message, .. }
            | Error::Syntax { message, .. }
            | Error::Unit { message, .. }
            | Error::InvalidValue { message, .. }
            | Error::Model { message, .. } => message.clone(),
            Error::UnknownParameter { name, .. } => format!("unknown parameter '{name}'"),
        }
    }
}

/// Something a model loads with but a reviewer should look at, with where it is (a
/// `sourced` number whose source says there is none, reductions of one base adding up to
/// more than the base).
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    /// Where.
    pub loc: Location,
    /// What to look at, and why.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}warning: {}{}",
            prefix(&self.loc),
            self.message,
            excerpt(&self.loc)
        )
    }
}

/// Every problem found while loading a model: a model file is checked whole, so that one
/// run shows all of its errors.
#[derive(Clone, Debug, PartialEq)]
pub struct Errors(pub Vec<Error>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl From<Error> for Errors {
    fn from(e: Error) -> Errors {
        Errors(vec![e])
    }
}

impl Errors {
    /// The first error, if any (the one a caller raising a single exception reports).
    pub fn first(&self) -> Option<&Error> {
        self.0.first()
    }
}

/// Source text with line lookup, for turning byte offsets into line:column and excerpts.
pub struct SourceText<'a> {
    /// The name errors report the text under (a path or `<string>`).
    pub name: &'a str,
    /// The whole file text, for line, column and excerpt.
    pub text: &'a str,
}

impl SourceText<'_> {
    /// A location at byte `offset` of the file, `len` bytes wide, with a caret excerpt.
    pub fn locate(&self, offset: usize, len: usize) -> Location {
        let offset = floor_char_boundary(self.text, offset);
        let len = floor_char_boundary(self.text, offset + len) - offset;
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..offset].chars().count() + 1;
        let line_end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        let line_text = &self.text[line_start..line_end];
        let width = self.text[offset..(offset + len).min(line_end)]
            .chars()
            .count()
            .max(1);
        Location {
            file: Some(self.name.to_string()),
            line: Some(line),
            column: Some(column),
            excerpt: Some(caret_excerpt(line, line_text, column, width)),
            ..Location::default()
        }
    }
}

/// The largest index <= `i` that starts a character of `s` (or its end): a span computed
/// from decoded text (a TOML string with escapes) may otherwise land inside one.
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `  12 | text` with carets under columns `column..column+width`.
pub fn caret_excerpt(line: usize, line_text: &str, column: usize, width: usize) -> String {
    let gutter = line.to_string();
    format!(
        "{gutter} | {line_text}\n{} | {}{}",
        " ".repeat(gutter.len()),
        " ".repeat(column - 1),
        "^".repeat(width)
    )
}
