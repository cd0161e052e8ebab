//! Reporting periods of realised data: a year, a half-year or a quarter, and how a value
//! of the trajectory is read at the end of one.

use std::fmt;

use serde::Serialize;

/// The part of a year a period covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodPart {
    /// The whole year: `2025`.
    Year,
    /// Half-year 1 or 2: `2025-H1`.
    Half(u8),
    /// Quarter 1 to 4: `2025-Q3`.
    Quarter(u8),
}

/// A reporting period: a calendar year, a half-year or a quarter of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    /// The calendar year.
    pub year: i32,
    /// Which part of it.
    pub part: PeriodPart,
}

impl Period {
    /// Reads `2025`, `2025-H1`/`2025-H2` or `2025-Q1`..`2025-Q4` (the letter in either
    /// case, surrounding blanks ignored). The error says what the forms are.
    ///
    /// ```
    /// use workforce_impact::monitor::{Period, PeriodPart};
    /// assert_eq!(Period::parse("2025-q3").unwrap(), Period { year: 2025, part: PeriodPart::Quarter(3) });
    /// assert_eq!(Period::parse("2025-H1").unwrap().end_fraction(), 0.5);
    /// assert!(Period::parse("2025-Q5").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Period, String> {
        let t = text.trim();
        let bad = || {
            format!(
                "period '{t}' is not a year (2025), a half-year (2025-H1, 2025-H2) or a \
                 quarter (2025-Q1 .. 2025-Q4)"
            )
        };
        let (year, part) = match t.split_once('-') {
            None => (t, None),
            Some((y, p)) => (y, Some(p)),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let part = match part {
            None => PeriodPart::Year,
            Some(p) => {
                let mut chars = p.chars();
                let kind = chars.next().map(|c| c.to_ascii_uppercase());
                let n: u8 = match chars.as_str() {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    "4" => 4,
                    _ => return Err(bad()),
                };
                match (kind, n) {
                    (Some('H'), 1 | 2) => PeriodPart::Half(n),
                    (Some('Q'), _) => PeriodPart::Quarter(n),
                    _ => return Err(bad()),
                }
            }
        };
        Ok(Period { year, part })
    }

    /// How far through its year the period ends: 1 for a year, H2 and Q4; 0.5 for H1;
    /// n/4 for quarter n.
    pub fn end_fraction(&self) -> f64 {
        match self.part {
            PeriodPart::Year => 1.0,
            PeriodPart::Half(h) => f64::from(h) / 2.0,
            PeriodPart::Quarter(q) => f64::from(q) / 4.0,
        }
    }

    /// A key that orders periods by when they end (then a year before its H2 before its Q4).
    pub fn order_key(&self) -> (i32, u32, u8) {
        let rank = match self.part {
            PeriodPart::Year => 0,
            PeriodPart::Half(_) => 1,
            PeriodPart::Quarter(_) => 2,
        };
        (self.year, (self.end_fraction() * 4.0).round() as u32, rank)
    }

    /// The value at the end of this period of a series given at year ends:
    /// `at(y)` is the value of year `y` (the trajectory's figure for that year, reached at
    /// its end). At the end of a year (a year, H2, Q4) it is `at(year)`; inside a year, the
    /// straight line from the end of the previous year, `at(year - 1)`, to `at(year)`. In
    /// the horizon's first year there is no previous year end to start from, and every
    /// period of that year takes `at(year)`.
    ///
    /// ```
    /// use workforce_impact::monitor::Period;
    /// let at = |y: i32| f64::from(y - 2023) * 10.0; // 0 in 2023, 20 in 2025
    /// assert_eq!(Period::parse("2025-Q1").unwrap().interpolate(2023, at), 12.5);
    /// assert_eq!(Period::parse("2025-H1").unwrap().interpolate(2023, at), 15.0);
    /// assert_eq!(Period::parse("2025").unwrap().interpolate(2023, at), 20.0);
    /// assert_eq!(Period::parse("2023-Q2").unwrap().interpolate(2023, at), 0.0);
    /// ```
    pub fn interpolate(&self, start_year: i32, at: impl Fn(i32) -> f64) -> f64 {
        let f = self.end_fraction();
        let end = at(self.year);
        if f >= 1.0 || self.year <= start_year {
            return end;
        }
        let before = at(self.year - 1);
        before + f * (end - before)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            PeriodPart::Year => write!(f, "{}", self.year),
            PeriodPart::Half(h) => write!(f, "{}-H{h}", self.year),
            PeriodPart::Quarter(q) => write!(f, "{}-Q{q}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_form() {
        for t in ["2025", "2025-H1", "2025-H2", "2025-Q1", "2025-Q4"] {
            assert_eq!(Period::parse(t).unwrap().to_string(), t);
        }
        for bad in [
            "25", "2025-H3", "2025-Q0", "2025-", "2025-X1", "2025-Q12", "abcd", "",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn orders_by_end() {
        let k = |t: &str| Period::parse(t).unwrap().order_key();
        assert!(k("2025-Q1") < k("2025-H1"));
        assert!(k("2025-H1") < k("2025-Q3"));
        assert!(k("2025-Q3") < k("2025"));
        assert!(k("2025") < k("2025-H2") && k("2025-H2") < k("2025-Q4"));
        assert!(k("2025-Q4") < k("2026-Q1"));
    }
}
