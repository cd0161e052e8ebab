//! The monitoring table and the re-forecast as text, Markdown and CSV.

use std::fmt::Write as _;

use super::realised::csv_field;
use super::{MonitorRow, Monitoring};
use crate::report::fmt_number;

fn opt(v: Option<f64>) -> String {
    v.map_or("-".to_string(), fmt_number)
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| format!("{:+.1}%", 100.0 * v))
}

fn value(r: &MonitorRow, v: Option<f64>) -> String {
    match r.reached {
        Some(b) if v.is_none() && r.kind == "milestone" => if b { "yes" } else { "no" }.to_string(),
        _ => opt(v),
    }
}

impl Monitoring {
    /// The table and the re-forecast as plain text.
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "{}: realised ({}) against planned; status by -{:.0}% / +{:.0}% of planned\n",
            self.model,
            self.realised,
            100.0 * self.behind,
            100.0 * self.ahead
        );
        let _ = writeln!(
            out,
            "{:<26} {:<8} {:<28} {:>10} {:>10} {:>10} {:>8}  {:<11} used",
            "initiative", "period", "measure", "planned", "realised", "deviation", "rel", "status",
        );
        for r in &self.rows {
            let measure: String = r.measure.chars().take(28).collect();
            let _ = writeln!(
                out,
                "{:<26} {:<8} {:<28} {:>10} {:>10} {:>10} {:>8}  {:<11} {}",
                r.initiative,
                r.period,
                measure,
                opt(r.planned),
                value(r, r.realised),
                opt(r.deviation),
                pct(r.relative),
                r.status.as_str(),
                if r.used { "yes" } else { "" }
            );
        }
        out.push('\n');
        out.push_str(&self.reforecast_text());
        out
    }

    /// The re-forecast alone, as plain text.
    pub fn reforecast_text(&self) -> String {
        let f = &self.reforecast;
        let mut out = format!(
            "re-forecast {} (shortage {} persons, scenario '{}'):\n",
            f.target_year,
            fmt_number(f.shortage),
            self.scenario
        );
        let _ = writeln!(
            out,
            "  planned      {:>10} persons  {:>6.1}%",
            fmt_number(f.planned_total),
            100.0 * f.planned_share
        );
        let _ = writeln!(
            out,
            "  re-forecast  {:>10} persons  {:>6.1}%",
            fmt_number(f.total),
            100.0 * f.share
        );
        if let Some(b) = &f.band {
            let _ = writeln!(
                out,
                "  90% band     {} .. {} persons ({:.1}% .. {:.1}%), median {}, {} draws",
                fmt_number(b.total[0]),
                fmt_number(b.total[2]),
                100.0 * b.share[0],
                100.0 * b.share[2],
                fmt_number(b.total[1]),
                b.n
            );
            for (t, p) in &b.targets {
                let _ = writeln!(out, "  P(share >= {:.0}%) = {:.3}", 100.0 * t, p);
            }
        }
        for i in f.initiatives.iter().filter(|i| i.basis != "plan") {
            let _ = writeln!(
                out,
                "  {:<26} {:>8} -> {:>8}  ({})",
                i.id,
                fmt_number(i.planned),
                fmt_number(i.reforecast),
                i.basis
            );
        }
        out
    }

    /// The table and the re-forecast as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "**{}**: realised against planned (behind below -{:.0}%, ahead above +{:.0}%)\n\n\
             | initiative | period | measure | planned | realised | deviation | relative | status | used |\n\
             |---|---|---|---:|---:|---:|---:|---|---|\n",
            self.model,
            100.0 * self.behind,
            100.0 * self.ahead
        );
        for r in &self.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.initiative,
                r.period,
                r.measure.replace('|', "\\|"),
                opt(r.planned),
                value(r, r.realised),
                opt(r.deviation),
                pct(r.relative),
                r.status.as_str(),
                if r.used { "yes" } else { "" }
            );
        }
        let f = &self.reforecast;
        let _ = write!(
            out,
            "\n| {} | persons | share |\n|---|---:|---:|\n| planned | {} | {:.1}% |\n| re-forecast | {} | {:.1}% |\n",
            f.target_year,
            fmt_number(f.planned_total),
            100.0 * f.planned_share,
            fmt_number(f.total),
            100.0 * f.share
        );
        if let Some(b) = &f.band {
            let _ = writeln!(
                out,
                "| 90% band | {} .. {} | {:.1}% .. {:.1}% |",
                fmt_number(b.total[0]),
                fmt_number(b.total[2]),
                100.0 * b.share[0],
                100.0 * b.share[2]
            );
        }
        out
    }

    /// The table as CSV, numbers in full (no re-forecast: see [`Monitoring::reforecast_csv`]).
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "initiative,period,measure,kind,parameter,unit,planned,realised,reached,deviation,relative,status,carried,used,source,note\n",
        );
        let num = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
        for r in &self.rows {
            let fields = [
                r.initiative.clone(),
                r.period.clone(),
                r.measure.clone(),
                r.kind.to_string(),
                r.parameter.clone().unwrap_or_default(),
                r.unit.clone(),
                num(r.planned),
                num(r.realised),
                r.reached.map_or(String::new(), |b| b.to_string()),
                num(r.deviation),
                num(r.relative),
                r.status.as_str().to_string(),
                num(r.carried),
                r.used.to_string(),
                r.source.clone(),
                r.note.clone().unwrap_or_default(),
            ];
            out.push_str(&fields.map(|f| csv_field(&f)).join(","));
            out.push('\n');
        }
        out
    }

    /// The re-forecast as CSV: one row per initiative, then `total` and `share`.
    pub fn reforecast_csv(&self) -> String {
        let f = &self.reforecast;
        let mut out = String::from("id,planned,reforecast,basis\n");
        for i in &f.initiatives {
            let _ = writeln!(
                out,
                "{},{},{},{}",
                i.id,
                i.planned,
                i.reforecast,
                csv_field(&i.basis)
            );
        }
        let _ = writeln!(out, "total,{},{},", f.planned_total, f.total);
        let _ = writeln!(out, "share,{},{},", f.planned_share, f.share);
        out
    }
}
