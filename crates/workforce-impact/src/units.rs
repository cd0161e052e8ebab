//! Dimensions, the unit table and quantities.
//!
//! Values are stored in base units (staff effort in minutes, calendar time in days, FTE,
//! persons, euros) and converted at the edges. Staff effort and calendar time are different
//! dimensions: `210 min/day` of nursing is effort per calendar time, and only dividing by the
//! annual hours (`h/(FTE*yr)`) turns an effort flow into FTE.

use std::fmt;

use crate::limits::{MAX_UNIT_BYTES, MAX_UNIT_DEPTH};
use crate::suggest::did_you_mean;

/// Number of base dimensions.
pub const N_DIMS: usize = 5;

/// Names of the base dimensions, in exponent order.
pub const DIMENSION_NAMES: [&str; N_DIMS] =
    ["staff effort", "calendar time", "FTE", "persons", "money"];

/// A physical dimension: integer exponents of staff effort, calendar time, FTE, persons and
/// money. Plain counts and fractions have all exponents zero.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Dimension(pub [i8; N_DIMS]);

impl Dimension {
    /// A plain number or fraction.
    pub const NONE: Dimension = Dimension([0, 0, 0, 0, 0]);
    /// Staff effort (base unit: minutes of care work).
    pub const EFFORT: Dimension = Dimension([1, 0, 0, 0, 0]);
    /// Calendar time (base unit: days).
    pub const TIME: Dimension = Dimension([0, 1, 0, 0, 0]);
    /// Full-time equivalents.
    pub const FTE: Dimension = Dimension([0, 0, 1, 0, 0]);
    /// Persons: staff headcount (patients and admissions are plain counts).
    pub const PERSON: Dimension = Dimension([0, 0, 0, 1, 0]);
    /// Money (base unit: euros).
    pub const MONEY: Dimension = Dimension([0, 0, 0, 0, 1]);

    /// This dimension raised to the integer power `n`, or `None` when an exponent would leave
    /// ±[`MAX_EXPONENT`].
    pub fn checked_powi(self, n: i32) -> Option<Dimension> {
        let mut e = [0i8; N_DIMS];
        for (out, &a) in e.iter_mut().zip(&self.0) {
            *out = bounded(i32::from(a).checked_mul(n)?)?;
        }
        Some(Dimension(e))
    }

    /// The dimension of a product, or `None` when an exponent would leave ±[`MAX_EXPONENT`].
    pub fn checked_mul(self, other: Dimension) -> Option<Dimension> {
        let mut e = [0i8; N_DIMS];
        for ((out, &a), &b) in e.iter_mut().zip(&self.0).zip(&other.0) {
            *out = bounded(i32::from(a) + i32::from(b))?;
        }
        Some(Dimension(e))
    }

    /// The dimension of a quotient, or `None` when an exponent would leave ±[`MAX_EXPONENT`].
    pub fn checked_div(self, other: Dimension) -> Option<Dimension> {
        self.checked_mul(other.checked_powi(-1)?)
    }

    /// True for plain counts and fractions (every exponent zero).
    pub fn is_dimensionless(self) -> bool {
        self == Dimension::NONE
    }

    /// The unit this dimension is shown in: effort in hours, calendar time in days (or per
    /// year when it divides), so `min/day` shows as `h/yr`.
    pub fn display_unit(self) -> Unit {
        let [e, t, f, p, m] = self.0;
        let mut parts: Vec<(&str, i8, f64)> = Vec::new();
        if e != 0 {
            parts.push(("h", e, 60.0));
        }
        if f != 0 {
            parts.push(("FTE", f, 1.0));
        }
        if p != 0 {
            parts.push(("person", p, 1.0));
        }
        if t != 0 {
            if t > 0 {
                parts.push(("day", t, 1.0));
            } else {
                parts.push(("yr", t, DAYS_PER_YEAR));
            }
        }
        if m != 0 {
            parts.push(("EUR", m, 1.0));
        }
        let scale = parts
            .iter()
            .map(|&(_, n, s)| s.powi(i32::from(n)))
            .product();
        Unit {
            scale,
            dim: self,
            text: format_unit_text(&parts),
        }
    }
}

fn format_unit_text(parts: &[(&str, i8, f64)]) -> String {
    let fmt_part = |name: &str, n: i8| {
        if n == 1 {
            name.to_string()
        } else {
            format!("{name}^{n}")
        }
    };
    let num: Vec<String> = parts
        .iter()
        .filter(|p| p.1 > 0)
        .map(|p| fmt_part(p.0, p.1))
        .collect();
    let den: Vec<String> = parts
        .iter()
        .filter(|p| p.1 < 0)
        .map(|p| fmt_part(p.0, -p.1))
        .collect();
    let num_text = if num.is_empty() {
        "1".to_string()
    } else {
        num.join("*")
    };
    match den.len() {
        0 if num.is_empty() => String::new(),
        0 => num_text,
        1 => format!("{num_text}/{}", den[0]),
        _ => format!("{num_text}/({})", den.join("*")),
    }
}

impl fmt::Display for Dimension {
    /// Names the dimension the way a person reads it: `staff effort / calendar time`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_dimensionless() {
            return f.write_str("a plain number");
        }
        let u = self.display_unit();
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (i, &n) in self.0.iter().enumerate() {
            let name = DIMENSION_NAMES[i];
            let entry = if n.abs() == 1 {
                name.to_string()
            } else {
                format!("{name}^{}", n.abs())
            };
            if n > 0 {
                num.push(entry);
            } else if n < 0 {
                den.push(entry);
            }
        }
        let num = if num.is_empty() {
            "1".to_string()
        } else {
            num.join(" × ")
        };
        if den.is_empty() {
            write!(f, "{num} [{}]", u.text)
        } else {
            write!(f, "{num} / {} [{}]", den.join(" × "), u.text)
        }
    }
}

impl std::ops::Mul for Dimension {
    type Output = Dimension;
    /// Multiplying quantities adds the exponents of their dimensions.
    ///
    /// # Panics
    /// When an exponent would leave ±[`MAX_EXPONENT`]; input-driven code uses
    /// [`Dimension::checked_mul`], so only dimensions already checked meet this operator.
    fn mul(self, other: Dimension) -> Dimension {
        self.checked_mul(other)
            .unwrap_or_else(|| panic!("dimension exponent out of range in {self:?} * {other:?}"))
    }
}

impl std::ops::Div for Dimension {
    type Output = Dimension;
    /// Dividing quantities subtracts the exponents of their dimensions.
    ///
    /// # Panics
    /// When an exponent would leave ±[`MAX_EXPONENT`] (see [`Dimension::checked_div`]).
    fn div(self, other: Dimension) -> Dimension {
        self.checked_div(other)
            .unwrap_or_else(|| panic!("dimension exponent out of range in {self:?} / {other:?}"))
    }
}

/// The largest exponent of a base dimension, either sign: `FTE^32` is the most a unit or an
/// intermediate step of a formula may reach. Real units need 2 or 3; the bound exists so an
/// exponent can never wrap around (`(FTE^64)^4` would otherwise read as a plain number).
pub const MAX_EXPONENT: i8 = 32;

fn bounded(e: i32) -> Option<i8> {
    (e.unsigned_abs() <= MAX_EXPONENT.unsigned_abs() as u32).then_some(e as i8)
}

/// Days in a year: the model's year is 365 days, a month a twelfth of it.
pub const DAYS_PER_YEAR: f64 = 365.0;

/// A unit: a scale (how many base units one of it is) and a dimension, with the text it was
/// written as.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// How many base units one of this unit is (`h` is 60 minutes).
    pub scale: f64,
    /// What the unit measures.
    pub dim: Dimension,
    /// The unit as written (trimmed), empty for a plain number.
    pub text: String,
}

/// The unit table: name, scale in base units, dimension.
const UNIT_TABLE: &[(&str, f64, Dimension)] = &[
    ("min", 1.0, Dimension::EFFORT),
    ("h", 60.0, Dimension::EFFORT),
    ("day", 1.0, Dimension::TIME),
    ("week", 7.0, Dimension::TIME),
    ("month", DAYS_PER_YEAR / 12.0, Dimension::TIME),
    ("yr", DAYS_PER_YEAR, Dimension::TIME),
    ("FTE", 1.0, Dimension::FTE),
    ("person", 1.0, Dimension::PERSON),
    ("EUR", 1.0, Dimension::MONEY),
    ("%", 0.01, Dimension::NONE),
];

/// Accepted spellings of the unit names above.
const UNIT_ALIASES: &[(&str, &str)] = &[
    ("minute", "min"),
    ("minutes", "min"),
    ("hour", "h"),
    ("hours", "h"),
    ("days", "day"),
    ("d", "day"),
    ("weeks", "week"),
    ("months", "month"),
    ("year", "yr"),
    ("years", "yr"),
    ("fte", "FTE"),
    ("persons", "person"),
    ("eur", "EUR"),
    ("€", "EUR"),
];

/// Looks up a single unit name.
pub fn lookup_unit(name: &str) -> Option<Unit> {
    let canonical = UNIT_ALIASES
        .iter()
        .find(|a| a.0 == name)
        .map_or(name, |a| a.1);
    UNIT_TABLE
        .iter()
        .find(|u| u.0 == canonical)
        .map(|&(n, scale, dim)| Unit {
            scale,
            dim,
            text: n.to_string(),
        })
}

/// A unit expression that could not be read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message} at column {column} of unit \"{text}\"")]
pub struct UnitSyntaxError {
    /// The unit text (or its first 40 characters, for an overlong one).
    pub text: String,
    /// What is wrong.
    pub message: String,
    /// 1-based column within the unit text.
    pub column: usize,
}

impl Unit {
    /// The plain number (no unit).
    pub fn one() -> Unit {
        Unit {
            scale: 1.0,
            dim: Dimension::NONE,
            text: String::new(),
        }
    }

    /// Parses a unit expression such as `"min/day"`, `"h/(FTE*yr)"` or `"1/yr"`.
    pub fn parse(text: &str) -> Result<Unit, UnitSyntaxError> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed == "1" {
            return Ok(Unit::one());
        }
        if text.len() > MAX_UNIT_BYTES {
            return Err(UnitSyntaxError {
                text: text.chars().take(40).collect::<String>() + "...",
                message: format!(
                    "unit text is {} bytes long; units are at most {MAX_UNIT_BYTES} bytes",
                    text.len()
                ),
                column: 1,
            });
        }
        let mut p = UnitParser {
            text,
            chars: text.char_indices().collect(),
            pos: 0,
            depth: 0,
        };
        let (scale, dim) = p.expr()?;
        p.skip_ws();
        if p.pos < p.chars.len() {
            return Err(p.error("unexpected character"));
        }
        // `(h/min)^32` repeated is a plain number whose scale leaves the floats
        if !(scale.is_finite() && scale > 0.0) {
            return Err(UnitSyntaxError {
                text: trimmed.to_string(),
                message: format!(
                    "the unit's size in base units ({scale:e}) is not a finite positive number"
                ),
                column: 1,
            });
        }
        Ok(Unit {
            scale,
            dim,
            text: trimmed.to_string(),
        })
    }

    /// True when the unit is a plain number or fraction (`%`, `week/yr`).
    pub fn is_dimensionless(&self) -> bool {
        self.dim.is_dimensionless()
    }

    /// Converts a value in this unit to base units.
    pub fn to_base(&self, value: f64) -> f64 {
        value * self.scale
    }

    /// Converts a value in base units to this unit.
    pub fn from_base(&self, value: f64) -> f64 {
        value / self.scale
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

struct UnitParser<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    pos: usize,
    /// Parentheses open at `pos`: bounded by [`MAX_UNIT_DEPTH`].
    depth: usize,
}

impl UnitParser<'_> {
    fn error(&self, message: &str) -> UnitSyntaxError {
        UnitSyntaxError {
            text: self.text.to_string(),
            message: message.to_string(),
            column: self.pos + 1,
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.chars.len() && self.chars[self.pos].1.is_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.chars.get(self.pos).map(|c| c.1)
    }

    fn out_of_range(&self, at: usize) -> UnitSyntaxError {
        UnitSyntaxError {
            text: self.text.to_string(),
            message: format!(
                "exponent out of range: a unit's exponents must stay within ±{MAX_EXPONENT}"
            ),
            column: at + 1,
        }
    }

    fn expr(&mut self) -> Result<(f64, Dimension), UnitSyntaxError> {
        let (mut scale, mut dim) = self.power()?;
        loop {
            let at = self.pos;
            let divide = match self.peek() {
                Some('*') | Some('·') => false,
                Some('/') => true,
                _ => return Ok((scale, dim)),
            };
            self.pos += 1;
            let (s, d) = self.power()?;
            let (next, product) = if divide {
                (scale / s, dim.checked_div(d))
            } else {
                (scale * s, dim.checked_mul(d))
            };
            scale = next;
            dim = product.ok_or_else(|| self.out_of_range(at))?;
        }
    }

    fn power(&mut self) -> Result<(f64, Dimension), UnitSyntaxError> {
        let (scale, dim) = self.atom()?;
        if self.peek() != Some('^') {
            return Ok((scale, dim));
        }
        self.pos += 1;
        self.skip_ws();
        let start = self.pos;
        if self.chars.get(self.pos).map(|c| c.1) == Some('-') {
            self.pos += 1;
        }
        while self.pos < self.chars.len() && self.chars[self.pos].1.is_ascii_digit() {
            self.pos += 1;
        }
        let digits: String = self.chars[start..self.pos].iter().map(|c| c.1).collect();
        if digits.is_empty() || digits == "-" {
            self.pos = start;
            return Err(self.error("expected an integer power"));
        }
        // Too many digits for an i32 is out of range too, not a syntax error.
        let n: i32 = digits.parse().unwrap_or(i32::MAX);
        let powered = (n.unsigned_abs() <= MAX_EXPONENT.unsigned_abs() as u32)
            .then(|| dim.checked_powi(n))
            .flatten();
        match powered {
            Some(d) => Ok((scale.powi(n), d)),
            None => Err(self.out_of_range(start)),
        }
    }

    fn atom(&mut self) -> Result<(f64, Dimension), UnitSyntaxError> {
        match self.peek() {
            Some('(') => {
                if self.depth >= MAX_UNIT_DEPTH {
                    return Err(self.error(&format!(
                        "unit nests deeper than {MAX_UNIT_DEPTH} levels of parentheses"
                    )));
                }
                self.pos += 1;
                self.depth += 1;
                let inner = self.expr()?;
                self.depth -= 1;
                if self.peek() != Some(')') {
                    return Err(self.error("expected ')'"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some('1') => {
                self.pos += 1;
                Ok((1.0, Dimension::NONE))
            }
            Some('%') => {
                self.pos += 1;
                Ok((0.01, Dimension::NONE))
            }
            Some(c) if c.is_alphabetic() || c == '€' => {
                let start = self.pos;
                while self.pos < self.chars.len()
                    && (self.chars[self.pos].1.is_alphanumeric() || self.chars[self.pos].1 == '€')
                {
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().map(|c| c.1).collect();
                match lookup_unit(&name) {
                    Some(u) => Ok((u.scale, u.dim)),
                    None => {
                        self.pos = start;
                        let hint = did_you_mean(&name, UNIT_TABLE.iter().map(|u| u.0))
                            .map(|s| format!(" (did you mean '{s}'?)"))
                            .unwrap_or_default();
                        Err(self.error(&format!(
                            "unknown unit '{name}'{hint}; known units: min, h, day, week, month, yr, FTE, person, EUR, %"
                        )))
                    }
                }
            }
            Some(_) => Err(self.error("expected a unit name, '1' or '('")),
            None => Err(self.error("unit expression ends too early")),
        }
    }
}

/// A value with a dimension, stored in base units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    /// The value in base units.
    pub base: f64,
    /// Its dimension.
    pub dim: Dimension,
}

impl Quantity {
    /// `value` expressed in `unit`.
    pub fn new(value: f64, unit: &Unit) -> Quantity {
        Quantity {
            base: unit.to_base(value),
            dim: unit.dim,
        }
    }

    /// The value in `unit`, or `None` when the dimensions differ.
    pub fn value_in(&self, unit: &Unit) -> Option<f64> {
        (unit.dim == self.dim).then(|| unit.from_base(self.base))
    }

    /// Two quantities are equal only when their dimensions are: 1 person is never 1 FTE.
    pub fn same_as(&self, other: &Quantity) -> bool {
        self.dim == other.dim && self.base == other.base
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let u = self.dim.display_unit();
        let v = u.from_base(self.base);
        if u.text.is_empty() {
            write!(f, "{}", crate::report::fmt_number(v))
        } else {
            write!(f, "{} {}", crate::report::fmt_number(v), u.text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_compound_units() {
        let u = Unit::parse("h/(FTE*yr)").unwrap();
        assert_eq!(u.dim, Dimension::EFFORT / Dimension::FTE / Dimension::TIME);
        assert_eq!(u.scale, 60.0 / 365.0);
        let u = Unit::parse("min/day").unwrap();
        assert_eq!(u.dim, Dimension::EFFORT / Dimension::TIME);
        assert_eq!(Unit::parse("1/yr").unwrap().scale, 1.0 / 365.0);
        assert_eq!(Unit::parse("week/yr").unwrap().dim, Dimension::NONE);
        assert_eq!(
            Unit::parse("day^2").unwrap().dim,
            Dimension([0, 2, 0, 0, 0])
        );
    }

    #[test]
    fn unknown_unit_names_the_column_and_a_suggestion() {
        let e = Unit::parse("min/dya").unwrap_err();
        assert_eq!(e.column, 5);
        assert!(e.message.contains("unknown unit 'dya'"), "{}", e.message);
        assert!(e.message.contains("did you mean 'day'"), "{}", e.message);
    }

    #[test]
    fn display_unit_prefers_hours_per_year() {
        let u = Unit::parse("min/day").unwrap();
        let q = Quantity::new(210.0, &u);
        assert_eq!(q.to_string(), "1,277.5 h/yr");
        assert_eq!(
            (Dimension::EFFORT / Dimension::FTE / Dimension::TIME)
                .display_unit()
                .text,
            "h/(FTE*yr)"
        );
    }
}
