//! The presets table: for each preset, a Monte Carlo run varying its classes, and the
//! spread of the share of the shortage it gives.

use super::{kinds_for, names, PRESETS};
use crate::engine::monte_carlo::McConfig;
use crate::engine::{Distribution, Input, Shape};
use crate::error::{Error, Location};
use crate::Model;

/// One row of the presets table.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PresetRow {
    /// The preset or class list as given (`assumption`, `uncertain`, `all`,
    /// `assumption,unsourced`).
    pub preset: String,
    /// The classes it varies, comma-separated.
    pub kinds: String,
    /// How many inputs vary (the classes' parameters and the fixed extra distributions).
    pub inputs: usize,
    /// Quantiles of the share of the shortage: 5%, 50%, 95%.
    pub p5: f64,
    /// The median share.
    pub p50: f64,
    /// The 95th percentile of the share.
    pub p95: f64,
    /// The share whose exceedance `prob` is.
    pub target: f64,
    /// P(share >= target), counted exactly.
    pub prob: f64,
}

/// The extra distributions the CLI and Python use by default beside each preset, as the
/// regioplan's uncertainty example does: `part_time_factor` ~ U(0.60, 0.77) and
/// `annual_hours` ~ U(1800, 2100), each only if the model has that parameter.
pub fn default_fixed_inputs(model: &Model) -> Vec<Input> {
    [
        ("part_time_factor", 0.60, 0.77),
        ("annual_hours", 1800.0, 2100.0),
    ]
    .iter()
    .filter(|(name, _, _)| model.param(name).is_some())
    .map(|(name, lo, hi)| Input::new(name, Distribution::Uniform { lo: *lo, hi: *hi }))
    .collect()
}

impl Model {
    /// For each preset of `presets` (a preset name or comma-separated classes, see
    /// [`kinds_for`]), a Monte Carlo run of `cfg` over
    /// [`Model::vary_by_kind`]`(rel, shape, classes)` plus `fixed` (a fixed distribution
    /// replaces the preset's own for the same parameter), with P(share >= `target`).
    /// Every row uses the same seed. An unknown or empty preset is an
    /// [`Error::InvalidValue`] naming it.
    ///
    /// ```
    /// use workforce_impact::engine::{McConfig, Shape};
    /// use workforce_impact::Model;
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let rows = model
    ///     .uncertainty_presets(&["assumption", "uncertain"], 0.5, Shape::Triangular, &[], McConfig::new(2048, 1), 0.35)
    ///     .unwrap();
    /// assert!(rows[1].inputs > rows[0].inputs);
    /// assert!(rows[1].p95 - rows[1].p5 > rows[0].p95 - rows[0].p5);
    /// ```
    pub fn uncertainty_presets(
        &self,
        presets: &[&str],
        rel: f64,
        shape: Shape,
        fixed: &[Input],
        cfg: McConfig,
        target: f64,
    ) -> Result<Vec<PresetRow>, Error> {
        if presets.is_empty() {
            return Err(Error::InvalidValue {
                loc: Location::file(&self.origin),
                message: "no presets: name at least one (assumption, uncertain, all)".into(),
            });
        }
        if !(target.is_finite()) {
            return Err(Error::InvalidValue {
                loc: Location::file(&self.origin),
                message: format!("target share {target} must be a finite number"),
            });
        }
        let mut rows = Vec::with_capacity(presets.len());
        for preset in presets {
            let selection: Vec<&str> = preset.split(',').filter(|s| !s.trim().is_empty()).collect();
            let kinds = kinds_for(&selection).map_err(|e| match e {
                Error::InvalidValue { message, .. } => Error::InvalidValue {
                    loc: Location::file(&self.origin),
                    message: format!("preset '{preset}': {message}"),
                },
                other => other,
            })?;
            let mut inputs: Vec<Input> = self
                .vary_by_kind(rel, shape, &kinds)?
                .into_iter()
                .filter(|i| !fixed.iter().any(|f| f.name == i.name))
                .collect();
            inputs.extend(fixed.iter().cloned());
            let run = McConfig {
                targets: vec![target],
                ..cfg.clone()
            };
            let stats = self.monte_carlo_plan(&inputs, run)?.run();
            stats.check_finite(&self.origin)?;
            let share = stats.group("share").ok_or_else(|| Error::InvalidValue {
                loc: Location::file(&self.origin),
                message: "the model has no shortage to set the total against".into(),
            })?;
            let q = share.quantiles(&[0.05, 0.5, 0.95]);
            rows.push(PresetRow {
                preset: preset.trim().to_string(),
                kinds: names(&kinds),
                inputs: inputs.len(),
                p5: q[0],
                p50: q[1],
                p95: q[2],
                target,
                prob: stats.prob_share_at_least(target),
            });
        }
        Ok(rows)
    }

    /// The presets of the table in the README and notebook 02: `assumption`, `uncertain`,
    /// `all`.
    pub fn preset_names() -> Vec<&'static str> {
        PRESETS.iter().map(|p| p.0).collect()
    }
}

/// The presets table as Markdown: what varies, inputs, share p5 / p50 / p95, P(share >=
/// target). `fixed` names the extra distributions every row has.
///
/// ```
/// use workforce_impact::provenance::{presets_markdown, PresetRow};
/// let row = PresetRow { preset: "assumption".into(), kinds: "assumption".into(), inputs: 58,
///     p5: 0.344, p50: 0.364, p95: 0.388, target: 0.35, prob: 0.866 };
/// let md = presets_markdown(&[row], &["part_time_factor".into()]);
/// assert!(md.contains("| assumption (+ part_time_factor) | 58 | 34.4% / 36.4% / 38.8% | 0.866 |"));
/// ```
pub fn presets_markdown(rows: &[PresetRow], fixed: &[String]) -> String {
    use std::fmt::Write as _;
    let target = rows.first().map_or(0.35, |r| r.target);
    let mut s = format!(
        "| what varies | inputs | share p5 / p50 / p95 | P(share ≥ {}%) |\n|---|---|---|---|\n",
        trim_pct(target)
    );
    let extra = if fixed.is_empty() {
        String::new()
    } else {
        format!(" (+ {})", fixed.join(", "))
    };
    for r in rows {
        let what = if r.preset == r.kinds {
            r.kinds.clone()
        } else {
            format!("{}: {}", r.preset, r.kinds)
        };
        let _ = writeln!(
            s,
            "| {what}{extra} | {} | {:.1}% / {:.1}% / {:.1}% | {:.3} |",
            r.inputs,
            r.p5 * 100.0,
            r.p50 * 100.0,
            r.p95 * 100.0,
            r.prob
        );
    }
    s
}

/// 35 for 0.35, 37.5 for 0.375.
fn trim_pct(x: f64) -> String {
    let s = format!("{:.2}", x * 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
