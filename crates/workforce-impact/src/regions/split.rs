//! A regional share read two ways: as the source states it (rounded: the regioplan's 3% and
//! 3.4%), or re-derived from the region table, and a national figure split over a table.

use super::table::RegionTable;
use crate::error::{Error, Location};
use crate::{Model, Overrides};

/// One parameter that declares `share_of`, read both ways.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitReading {
    /// The parameter's qualified name (`valpreventie.nml_share`).
    pub parameter: String,
    /// The initiative (or shared case) it belongs to, if any.
    pub initiative: Option<String>,
    /// The region whose share it is (the model's own).
    pub region: String,
    /// The base the share is of (`population_65plus`).
    pub base: String,
    /// The region it is a share of (`nl`).
    pub of: String,
    /// The share as the source states it, a fraction.
    pub stated: f64,
    /// `region.base / of.base` from the model's regions, a fraction.
    pub derived: f64,
    /// The initiative's persons with the stated share.
    pub persons_stated: Option<f64>,
    /// The initiative's persons with the re-derived share.
    pub persons_derived: Option<f64>,
}

impl Model {
    /// Every parameter with `share_of`, with the stated and the re-derived share and what
    /// each gives for its initiative.
    ///
    /// ```
    /// let model = workforce_impact::Model::builtin("nml-2023").unwrap();
    /// let r = model.split_readings().unwrap();
    /// let dementia = r.iter().find(|r| r.parameter == "sociale-benadering-dementie.nml_share_65plus").unwrap();
    /// assert_eq!(dementia.stated, 0.034);
    /// assert_eq!(dementia.derived, 122357.0 / 3620529.0);
    /// assert_eq!(dementia.persons_derived, Some(25500.0 * (122357.0 / 3620529.0)));
    /// ```
    pub fn split_readings(&self) -> Result<Vec<SplitReading>, Error> {
        let Some(own) = &self.region else {
            return Ok(Vec::new());
        };
        let stated = self.evaluate(&Overrides::default())?;
        let mut out = Vec::new();
        for (scope, name, p) in self.file_params() {
            let Some(share) = &p.share_of else { continue };
            let s = share.get_ref();
            let qualified = match &scope {
                Some(id) => format!("{id}.{name}"),
                None => name.to_string(),
            };
            let value = |q: String| {
                self.param(&q).map(|p| p.value).ok_or_else(|| Error::Model {
                    loc: Location::parameter(&self.origin, &qualified),
                    message: format!("share_of: no parameter '{q}'"),
                })
            };
            let derived =
                value(format!("{own}.{}", s.base))? / value(format!("{}.{}", s.of, s.base))?;
            let n = scope
                .as_ref()
                .and_then(|id| self.initiatives.iter().position(|i| &i.id == id));
            let persons_derived = match n {
                Some(n) => Some(
                    self.evaluate(&Overrides::new().set(&qualified, derived))?
                        .initiative_totals[n],
                ),
                None => None,
            };
            out.push(SplitReading {
                stated: value(qualified.clone())?,
                parameter: qualified,
                initiative: scope.clone(),
                region: own.clone(),
                base: s.base.clone(),
                of: s.of.clone(),
                derived,
                persons_stated: n.map(|n| stated.initiative_totals[n]),
                persons_derived,
            });
        }
        Ok(out)
    }

    /// The slot `region.<base>` names: the own region's `<base>`.
    pub(crate) fn own_region_slot(&self, name: &str) -> Option<usize> {
        let base = name.strip_prefix("region.")?;
        let own = self.region.as_ref()?;
        self.index_of(&format!("{own}.{base}"))
    }

    /// Every parameter as written, with the id of its initiative or shared case (`None` for
    /// a global).
    pub(crate) fn file_params(
        &self,
    ) -> Vec<(Option<String>, &str, &crate::model::file::ParamFile)> {
        let mut out: Vec<_> = (self.file.parameters.iter())
            .map(|(n, p)| (None, n.as_str(), p))
            .collect();
        for s in &self.file.shared {
            let id = s.id.get_ref();
            out.extend(
                s.parameters
                    .iter()
                    .map(|(n, p)| (Some(id.clone()), n.as_str(), p)),
            );
        }
        for i in &self.file.initiatives {
            let id = i.id.get_ref();
            out.extend(
                i.parameters
                    .iter()
                    .map(|(n, p)| (Some(id.clone()), n.as_str(), p)),
            );
        }
        out
    }
}

impl RegionTable {
    /// Splits `national` (a figure for region `parent`) over `parent`'s children by their
    /// share of `base`: `national × child.base / parent.base` each. Over a `complete` parent
    /// the parts add back up to `national` within floating-point rounding (relative 1e-12
    /// for tables of any realistic size); a stated rounded share does not.
    ///
    /// ```
    /// use workforce_impact::regions::RegionTable;
    ///
    /// // Synthetic regions.
    /// let csv = "id,name,population,parent,complete\nland,Land,1000,,true\na,A,333,land,\nb,B,667,land,\n";
    /// let table = RegionTable::from_csv_str(csv, "synthetic.csv").unwrap();
    /// let parts = table.split(25500.0, "land", "population").unwrap();
    /// assert_eq!(parts[0], ("a".to_string(), 25500.0 * (333.0 / 1000.0)));
    /// ```
    pub fn split(
        &self,
        national: f64,
        parent: &str,
        base: &str,
    ) -> Result<Vec<(String, f64)>, Error> {
        let p = self.require(parent)?;
        let whole = p.base(base).ok_or_else(|| self.missing(parent, base))?;
        let children = self.children(parent);
        if children.is_empty() {
            return Err(Error::Model {
                loc: p.loc.clone(),
                message: format!("region '{parent}' has no children to split over"),
            });
        }
        (children.iter())
            .map(|c| {
                let v = c.base(base).ok_or_else(|| self.missing(&c.id, base))?;
                Ok((c.id.clone(), national * (v / whole)))
            })
            .collect()
    }

    /// An error: region `id` has no base `base`.
    pub(crate) fn missing(&self, id: &str, base: &str) -> Error {
        let loc = self
            .get(id)
            .map_or(Location::file(&self.origin), |r| r.loc.clone());
        Error::Model {
            loc: Location {
                parameter: Some(format!("{id}.{base}")),
                ..loc
            },
            message: format!("region '{id}' has no base '{base}'"),
        }
    }
}
