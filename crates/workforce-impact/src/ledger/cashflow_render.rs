//! The cash flows as text: per party a table by year, then the payback / NPV summary.

use super::render::{opt, raw, table};
use super::{CashFlows, TextFormat};

impl CashFlows {
    /// The cash flows in `format`: for a table or Markdown, per party its years (persons,
    /// FTE, euros, cumulative and discounted euros) and the summary per party (payback year,
    /// NPV); for CSV, every row, then a blank line and the summary.
    ///
    /// ```
    /// use workforce_impact::ledger::TextFormat;
    /// use workforce_impact::{Model, Overrides};
    ///
    /// let model = Model::builtin("beweeghuis-artrose").unwrap();
    /// let text = model.cash_flows(&Overrides::default(), None).unwrap().render(TextFormat::Table);
    /// assert!(text.contains("payback"));
    /// assert!(text.contains("NPV at 3%"));
    /// ```
    pub fn render(&self, format: TextFormat) -> String {
        let mut out = String::new();
        let rate = self.discount_rate.map_or_else(
            || "NPV (no discount rate)".to_string(),
            |r| format!("NPV at {}%", crate::report::fmt_number(r * 100.0)),
        );
        if format == TextFormat::Csv {
            let head = [
                "party",
                "initiative",
                "year",
                "kind",
                "label",
                "sector",
                "persons",
                "fte",
                "eur",
                "cumulative",
            ];
            let rows: Vec<Vec<String>> = (self.rows.iter())
                .map(|r| {
                    vec![
                        r.party.clone(),
                        r.initiative.clone().unwrap_or_default(),
                        r.year.to_string(),
                        r.kind.as_str().to_string(),
                        r.label.clone().unwrap_or_default(),
                        r.sector.clone().unwrap_or_default(),
                        raw(r.persons),
                        raw(r.fte),
                        raw(r.eur),
                        raw(r.cumulative),
                    ]
                })
                .collect();
            table(&mut out, format, &head, &rows);
            out.push('\n');
            let head = ["party", "person_years", "eur", "payback_year", "npv"];
            let rows: Vec<Vec<String>> = (self.summary.iter())
                .map(|s| {
                    vec![
                        s.party.clone(),
                        s.person_years.to_string(),
                        raw(s.eur),
                        s.payback_year.map(|y| y.to_string()).unwrap_or_default(),
                        raw(s.npv),
                    ]
                })
                .collect();
            table(&mut out, format, &head, &rows);
            return out;
        }
        let settled = self
            .agreement
            .as_ref()
            .map(|a| format!(", settled by '{a}'"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}: cash flows {}..={} per party and year{settled} (what the party gains; EUR where the model declares euros)\n\n",
            self.model,
            self.years.first().copied().unwrap_or_default(),
            self.years.last().copied().unwrap_or_default(),
        ));
        for p in &self.parties {
            out.push_str(&format!("{p}\n"));
            let head = ["year", "persons", "FTE", "EUR", "cumulative", "discounted"];
            let rows: Vec<Vec<String>> = (self.party_years.iter())
                .filter(|y| y.party == *p)
                .map(|y| {
                    vec![
                        y.year.to_string(),
                        opt(Some(y.persons)),
                        opt(y.fte),
                        opt(y.eur),
                        opt(y.cumulative),
                        opt(y.discounted),
                    ]
                })
                .collect();
            table(&mut out, format, &head, &rows);
            out.push('\n');
        }
        out.push_str(&format!(
            "summary (year 0 of the discounting: {})\n",
            self.base_year
        ));
        let head = ["party", "person-years", "EUR", "payback", rate.as_str()];
        let rows: Vec<Vec<String>> = (self.summary.iter())
            .map(|s| {
                vec![
                    s.party.clone(),
                    opt(Some(s.person_years)),
                    opt(s.eur),
                    s.payback_year
                        .map_or_else(|| "-".to_string(), |y| y.to_string()),
                    opt(s.npv),
                ]
            })
            .collect();
        table(&mut out, format, &head, &rows);
        out
    }
}
