//! Per jaar: the portfolio year by year against the shortage of the year
//! ([`Model::trajectory`]), the ramp it assumes, the flows read as stocks
//! ([`Model::flow_stocks`]) and, with the report's Monte Carlo, the band of the remaining
//! shortage and P(aandeel ≥ claim) per year ([`Model::trajectory_monte_carlo_plan`]).

use std::fmt::Write as _;

use super::escape::{escape, fmt_nl, fmt_nl_round, pct};
use super::page::{persons, scenario_nl};
use super::svg::{self, Band, Series};
use crate::engine::{Input, McConfig, Overrides};
use crate::error::Error;
use crate::model::Model;
use crate::time::monte_carlo::TrajectoryStats;
use crate::time::{FlowStock, Ramp, RampShape, Trajectory};

/// The scenario the claim is set against, and the one shown beside it when the model has it.
const BASELINE: &str = "baseline";
const UNBENT: &str = "unbent";

/// What the section shows, gathered from the model.
pub(super) struct Years {
    /// The baseline trajectory, or why there is none (a projection that does not cover
    /// every year of the horizon).
    baseline: Result<Trajectory, String>,
    /// The unbent scenario's trajectory, when the model projects it.
    unbent: Option<Result<Trajectory, String>>,
    /// The model's default ramp.
    default_ramp: Option<Ramp>,
    /// Initiatives with a ramp of their own: (id, ramp).
    own_ramps: Vec<(String, Ramp)>,
    /// How many initiatives follow the default ramp.
    on_default: usize,
    /// Flows and flow readings.
    flows: Vec<FlowStock>,
    /// The Monte Carlo over years, or why it could not run; `None` without one.
    mc: Option<Result<TrajectoryStats, String>>,
    /// The claimed share P(aandeel ≥ claim) is counted against.
    target: Option<f64>,
}

fn has_scenario(model: &Model, scenario: &str) -> bool {
    (model.shortage.projections.iter()).any(|p| p.scenario == scenario)
}

/// The data of the section; `None` for a model with neither a baseline shortage
/// projection nor a flow (nothing to show per year). `inputs` and `cfg` are the report's
/// own Monte Carlo (same inputs, seed and draws); no Monte Carlo without inputs.
///
/// A trajectory or Monte Carlo that cannot be computed for this model (a projection that
/// does not cover every year, a drawn flow retention) is stated in the section with the
/// reason, not dropped; any other error is the report's error.
pub(super) fn gather(
    model: &Model,
    inputs: &[Input],
    cfg: McConfig,
    target: Option<f64>,
) -> Result<Option<Years>, Error> {
    let flows = model.flow_stocks(&Overrides::default())?;
    let with_baseline = has_scenario(model, BASELINE);
    if !with_baseline && flows.is_empty() {
        return Ok(None);
    }
    let stated = |e: Error| match e {
        Error::Model { .. } | Error::InvalidValue { .. } => Ok(e.to_string()),
        other => Err(other),
    };
    let trajectory = |scenario: &str| -> Result<Result<Trajectory, String>, Error> {
        match model.trajectory(&Overrides::default(), scenario) {
            Ok(t) => Ok(Ok(t)),
            Err(e) => stated(e).map(Err),
        }
    };
    let baseline = if with_baseline {
        trajectory(BASELINE)?
    } else {
        Err("het model heeft geen tekortprognose (scenario 'baseline')".to_string())
    };
    let unbent = if has_scenario(model, UNBENT) {
        Some(trajectory(UNBENT)?)
    } else {
        None
    };
    let mc = if baseline.is_ok() && !inputs.is_empty() {
        let mut cfg = cfg;
        cfg.targets = target.into_iter().collect();
        Some(
            match model.trajectory_monte_carlo_plan(inputs, cfg, BASELINE) {
                Ok(plan) => Ok(plan.run()),
                Err(e) => stated(e).map(Err)?,
            },
        )
    } else {
        None
    };
    let mut own_ramps = Vec::new();
    let mut on_default = 0;
    for ini in &model.initiatives {
        match ini.ramp {
            Some(r) => own_ramps.push((ini.id.clone(), r)),
            None if model.timing.default_ramp.is_some() => on_default += 1,
            None => {}
        }
    }
    Ok(Some(Years {
        baseline,
        unbent,
        default_ramp: model.timing.default_ramp,
        own_ramps,
        on_default,
        flows,
        mc,
        target,
    }))
}

fn shape_nl(shape: RampShape) -> &'static str {
    match shape {
        RampShape::Step => "in één stap",
        RampShape::Linear => "lineair",
        RampShape::Logistic => "langs een S-curve (logistisch)",
    }
}

fn ramp_nl(r: &Ramp) -> String {
    if r.start == r.full {
        format!("volledig effect vanaf {}", r.full)
    } else {
        format!(
            "geen effect in {}, {} groeiend tot het volledige effect in {}",
            r.start,
            shape_nl(r.shape),
            r.full
        )
    }
}

/// The section's HTML.
pub(super) fn section(d: &Years) -> String {
    let mut s = String::new();
    ramps(&mut s, d);
    match &d.baseline {
        Ok(t) => {
            let unbent = d.unbent.as_ref().and_then(|u| u.as_ref().ok());
            let band = d.mc.as_ref().and_then(|m| m.as_ref().ok());
            chart(&mut s, t, unbent, band);
            table(&mut s, t, unbent);
            if let Some(Err(why)) = &d.unbent {
                let _ = writeln!(
                    s,
                    "<p class=\"muted\">Geen jaartabel zonder ombuiging: {}</p>",
                    escape(why)
                );
            }
            match &d.mc {
                Some(Ok(stats)) => monte_carlo(&mut s, stats, d.target),
                Some(Err(why)) => {
                    let _ = writeln!(
                        s,
                        "<p class=\"muted\">Geen onzekerheidsband per jaar: {}</p>",
                        escape(why)
                    );
                }
                None => {}
            }
        }
        Err(why) => {
            let _ = writeln!(
                s,
                "<p>Geen jaartabel: {}. Geef een tekort voor het eerste en het laatste jaar \
                 (<code>[shortage] projections</code>); daartussen wordt lineair geïnterpoleerd.</p>",
                escape(why)
            );
        }
    }
    flows(&mut s, &d.flows);
    s
}

fn ramps(s: &mut String, d: &Years) {
    s.push_str("<h3>Aanname over de opbouw</h3>\n");
    match &d.default_ramp {
        Some(r) => {
            let _ = writeln!(
                s,
                "<p>Een initiatief zonder eigen opbouw volgt de standaardopbouw van het model: \
                 <strong>{}</strong> ({} initiatieven). Dit is een aanname van het model, niet van \
                 de bron: de bron noemt het effect in het doeljaar.</p>",
                escape(&ramp_nl(r)),
                d.on_default
            );
        }
        None => s.push_str(
            "<p>Het model geeft geen standaardopbouw: een initiatief zonder eigen opbouw telt \
             in elk jaar met zijn volledige effect.</p>\n",
        ),
    }
    if !d.own_ramps.is_empty() {
        s.push_str("<table><thead><tr><th>initiatief met eigen opbouw</th><th>opbouw</th></tr></thead><tbody>");
        for (id, r) in &d.own_ramps {
            let _ = write!(
                s,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                escape(id),
                escape(&ramp_nl(r))
            );
        }
        s.push_str("</tbody></table>\n");
    }
}

fn chart(
    s: &mut String,
    t: &Trajectory,
    unbent: Option<&Trajectory>,
    mc: Option<&TrajectoryStats>,
) {
    let years: Vec<i32> = t.years.iter().map(|y| y.year).collect();
    let mut series = vec![
        Series {
            label: "tekort (basis)".into(),
            values: t.years.iter().map(|y| y.shortage).collect(),
            class: "l3",
            dashed: false,
        },
        Series {
            label: "vrijgespeeld".into(),
            values: t.years.iter().map(|y| y.total).collect(),
            class: "l0",
            dashed: false,
        },
        Series {
            label: "resterend tekort".into(),
            values: t.years.iter().map(|y| y.remaining).collect(),
            class: "l2",
            dashed: false,
        },
    ];
    if let Some(u) = unbent {
        series.push(Series {
            label: "tekort zonder ombuiging".into(),
            values: u.years.iter().map(|y| y.shortage).collect(),
            class: "l3",
            dashed: true,
        });
    }
    let band = mc.map(|m| {
        let (mut lo, mut hi) = (Vec::new(), Vec::new());
        for y in 0..m.years.len() {
            let q = m.total(0, y).quantiles(&[0.05, 0.95]);
            let short = m.shortage_at(0, y);
            lo.push(short - q[1]);
            hi.push(short - q[0]);
        }
        Band {
            label: "resterend tekort, 5–95%".into(),
            lo,
            hi,
        }
    });
    s.push_str(&svg::lines(
        "Tekort, vrijgespeeld personeel en resterend tekort per jaar (personen)",
        &years,
        &series,
        band.as_ref(),
        &fmt_nl,
    ));
}

fn table(s: &mut String, t: &Trajectory, unbent: Option<&Trajectory>) {
    s.push_str(
        "<table class=\"years\"><thead><tr><th class=\"n\">jaar</th><th class=\"n\">tekort</th>\
         <th class=\"n\">vrijgespeeld</th><th class=\"n\">resterend tekort</th><th class=\"n\">aandeel</th>",
    );
    if unbent.is_some() {
        let _ = write!(
            s,
            "<th class=\"n\">tekort {u}</th><th class=\"n\">resterend {u}</th><th class=\"n\">aandeel {u}</th>",
            u = scenario_nl(UNBENT)
        );
    }
    s.push_str("</tr></thead><tbody>");
    for (i, y) in t.years.iter().enumerate() {
        let _ = write!(
            s,
            "<tr id=\"jaar-{}\"><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            y.year,
            y.year,
            persons(y.shortage),
            persons(y.total),
            persons(y.remaining),
            pct(y.share)
        );
        if let Some(u) = unbent {
            match u.years.get(i) {
                Some(v) => {
                    let _ = write!(
                        s,
                        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                        persons(v.shortage),
                        persons(v.remaining),
                        pct(v.share)
                    );
                }
                None => s.push_str("<td></td><td></td><td></td>"),
            }
        }
        s.push_str("</tr>");
    }
    s.push_str(
        "</tbody></table>\n<p class=\"muted\">Personen. Het tekort tussen twee prognosejaren is \
                lineair geïnterpoleerd; vrijgespeeld is de som van de initiatieven in dat jaar \
                (extra personeel elders afgetrokken), resterend = tekort − vrijgespeeld, aandeel = \
                vrijgespeeld / tekort.</p>\n",
    );
}

fn monte_carlo(s: &mut String, m: &TrajectoryStats, target: Option<f64>) {
    let _ = writeln!(
        s,
        "<h3>Hoe zeker, per jaar</h3>\n<p>Dezelfde {} trekkingen als bij <a href=\"#verdeling\">de \
         verdeling van het aandeel</a> (dezelfde aannames, seed en n), nu voor elk jaar van de \
         opbouw: de band van het resterende tekort (5% tot 95%){}.</p>",
        fmt_nl(m.n as f64),
        match target {
            Some(t) => format!(" en de kans dat het aandeel van dat jaar minstens {} is", pct(t)),
            None => String::new(),
        }
    );
    s.push_str(
        "<table class=\"years-mc\"><thead><tr><th class=\"n\">jaar</th><th class=\"n\">tekort</th>\
         <th class=\"n\">resterend 5%</th><th class=\"n\">resterend mediaan</th><th class=\"n\">resterend 95%</th>",
    );
    if let Some(t) = target {
        let _ = write!(s, "<th class=\"n\">P(aandeel ≥ {})</th>", pct(t));
    }
    s.push_str("</tr></thead><tbody>");
    for (y, year) in m.years.iter().enumerate() {
        let q = m.total(0, y).quantiles(&[0.05, 0.5, 0.95]);
        let short = m.shortage_at(0, y);
        let _ = write!(
            s,
            "<tr><td class=\"n\">{year}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            persons(short),
            persons(short - q[2]),
            persons(short - q[1]),
            persons(short - q[0])
        );
        if let Some(t) = target {
            let p = m.prob_share_at_least(0, y, t).unwrap_or(f64::NAN);
            let _ = write!(s, "<td class=\"n\">{}</td>", pct(p));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>\n");
}

fn flows(s: &mut String, rows: &[FlowStock]) {
    if rows.is_empty() {
        return;
    }
    s.push_str(
        "<h3>Stromen en voorraden</h3>\n<p>Sommige initiatieven tellen personeel dat per jaar \
         behouden of gewonnen wordt (een stroom, personen per jaar) als vrijgespeeld personeel \
         (een voorraad): de bron telt dan één jaar van de stroom. Hier staat naast dat ene jaar \
         wat de stroom tot het doeljaar oplevert, met de opbouw en het deel dat elk jaar \
         blijft.</p>\n<table><thead><tr><th>initiatief</th><th>component</th><th class=\"n\">gepubliceerd</th>\
         <th class=\"n\">één jaar (zoals geteld)</th><th class=\"n\">voorraad doeljaar</th>\
         <th class=\"n\">blijft per jaar</th><th class=\"n\">vanaf</th><th>telt in de jaartabel als</th></tr></thead><tbody>",
    );
    for r in rows {
        let _ = write!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&r.initiative),
            escape(&r.component),
            r.published.map_or("–".into(), fmt_nl),
            fmt_nl_round(r.as_stated, 2),
            fmt_nl_round(r.stock, 2),
            pct(r.retention),
            r.from,
            if r.declared { "voorraad (stroom opgeteld)" } else { "één jaar (de voorraad staat alleen hier)" }
        );
    }
    s.push_str("</tbody></table>\n");
    for r in rows {
        let _ = writeln!(
            s,
            "<p class=\"muted\"><code>{}</code>: <code>{}</code>{}</p>",
            escape(&r.initiative),
            escape(&r.formula),
            r.note
                .as_deref()
                .map_or(String::new(), |n| format!(" — {}", escape(n)))
        );
    }
}
