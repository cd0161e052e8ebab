//! One exact evaluation of a model: persons per component, initiative, theme and sector.

use super::Overrides;
use crate::error::{Error, Location};
use crate::model::{Body, Model, Sector};

/// How a computed figure compares with the published one. More statuses may be added, so a
/// `match` outside this crate needs a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// Within rounding of the published figure.
    Reproduced,
    /// Differs from the published figure; the notes say why.
    Differs,
    /// The source gives no (complete) formula; this one is rebuilt.
    Reconstructed,
    /// The source publishes no figure.
    Unpublished,
}

impl Status {
    /// The status as reports print it: `reproduced`, `differs`, `reconstructed` or
    /// `unpublished`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Reproduced => "reproduced",
            Status::Differs => "differs",
            Status::Reconstructed => "reconstructed",
            Status::Unpublished => "unpublished",
        }
    }
}

/// Results of evaluating a model once.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Base-unit parameter values used.
    pub values: Vec<f64>,
    /// Per initiative, per component: signed persons and sector. A shared-case member lists
    /// its share of each of the case's components.
    pub components: Vec<Vec<(Sector, f64)>>,
    /// Persons per initiative (signed: negative means extra staff needed).
    pub initiative_totals: Vec<f64>,
    /// Persons per shared business case, before allocation.
    pub shared_totals: Vec<f64>,
}

impl Model {
    /// Evaluates every initiative with `overrides` applied (derived parameters recomputed
    /// from the overridden values).
    ///
    /// Errors with [`Error::UnknownParameter`] for an override of a name that is not a
    /// parameter (naming the closest), [`Error::InvalidValue`] for a value outside the
    /// parameter's valid range or a component that evaluates to NaN or infinity.
    ///
    /// ```
    /// use workforce_impact::{Model, Overrides};
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let stated = model.evaluate(&Overrides::default()).unwrap();
    /// assert_eq!(stated.total().round(), 1633.0);
    /// // A part-time factor of 60% instead of 68%: every FTE freed is more persons.
    /// let lower = model.evaluate(&Overrides::new().set("part_time_factor", 0.60)).unwrap();
    /// assert_eq!(lower.total().round(), 1700.0);
    /// let e = model.evaluate(&Overrides::new().set("part_time_facter", 0.60)).unwrap_err();
    /// assert!(e.to_string().contains("did you mean 'part_time_factor'?"));
    /// ```
    pub fn evaluate(&self, overrides: &Overrides) -> Result<Evaluation, Error> {
        let values = self.values_with(overrides)?;
        self.evaluate_values(values)
    }

    /// Evaluates with a full vector of base-unit values, one per parameter slot (see
    /// [`Model::values_with`]); derived slots are taken as given, not recomputed. Errors
    /// with [`Error::InvalidValue`] when a component evaluates to NaN or infinity.
    pub fn evaluate_values(&self, values: Vec<f64>) -> Result<Evaluation, Error> {
        let not_finite = |initiative: &str, component: String, v: f64| Error::InvalidValue {
            loc: Location {
                file: Some(self.origin.clone()),
                initiative: Some(initiative.to_string()),
                component: Some(component),
                ..Location::default()
            },
            message: format!("evaluates to {v} (a division by zero?)"),
        };
        let mut shared_components = Vec::with_capacity(self.shared.len());
        for case in &self.shared {
            let mut parts = Vec::with_capacity(case.components.len());
            for (n, c) in case.components.iter().enumerate() {
                let v = c.sign.factor() * c.node.eval(&values);
                if !v.is_finite() {
                    return Err(not_finite(&case.id, format!("#{}", n + 1), v));
                }
                parts.push((c.sector, v));
            }
            shared_components.push(parts);
        }
        let shared_totals = shared_components
            .iter()
            .map(|p| p.iter().map(|x| x.1).sum())
            .collect();
        let mut components = Vec::with_capacity(self.initiatives.len());
        for ini in &self.initiatives {
            let parts: Vec<(Sector, f64)> = match &ini.body {
                Body::Components(cs) => {
                    let mut parts = Vec::with_capacity(cs.len());
                    for (n, c) in cs.iter().enumerate() {
                        let v = c.sign.factor() * c.node.eval(&values);
                        if !v.is_finite() {
                            return Err(not_finite(&ini.id, format!("#{}", n + 1), v));
                        }
                        parts.push((c.sector, v));
                    }
                    parts
                }
                Body::Shared { case, share } => shared_components[*case]
                    .iter()
                    .map(|&(s, v)| (s, v * share))
                    .collect(),
            };
            components.push(parts);
        }
        let initiative_totals = components
            .iter()
            .map(|p: &Vec<(Sector, f64)>| p.iter().map(|x| x.1).sum())
            .collect();
        Ok(Evaluation {
            values,
            components,
            initiative_totals,
            shared_totals,
        })
    }
}

impl Evaluation {
    /// Persons freed by the whole portfolio (costs subtracted).
    pub fn total(&self) -> f64 {
        self.initiative_totals.iter().sum()
    }

    /// Status of initiative `n` (an index into [`Model::initiatives`]) against its
    /// published figure.
    pub fn status(&self, model: &Model, n: usize) -> Status {
        let ini = &model.initiatives[n];
        if ini.reconstructed {
            return Status::Reconstructed;
        }
        match &ini.published {
            None => Status::Unpublished,
            Some(p) if p.reproduced_by(self.initiative_totals[n]) => Status::Reproduced,
            Some(_) => Status::Differs,
        }
    }

    /// Computed persons per theme, in the model's theme order.
    pub fn by_theme(&self, model: &Model) -> Vec<f64> {
        let mut out = vec![0.0; model.themes.len()];
        for (n, ini) in model.initiatives.iter().enumerate() {
            out[ini.theme] += self.initiative_totals[n];
        }
        out
    }

    /// Computed persons per sector, for every sector that occurs, in sector order.
    pub fn by_sector(&self) -> Vec<(Sector, f64)> {
        let mut out: Vec<(Sector, f64)> = Vec::new();
        for parts in &self.components {
            for &(s, v) in parts {
                match out.iter_mut().find(|x| x.0 == s) {
                    Some(x) => x.1 += v,
                    None => out.push((s, v)),
                }
            }
        }
        out.sort_by_key(|x| x.0);
        out
    }

    /// The share of `shortage` persons that the portfolio closes, as a fraction (0.36 is
    /// 36%).
    pub fn share_of(&self, shortage: f64) -> f64 {
        self.total() / shortage
    }
}
