//! [`Model::scale_to`]: the model carried to another region of a [`RegionTable`].

use indexmap::IndexMap;
use toml::Spanned;

use super::table::{RegionRow, RegionTable};
use crate::error::{Error, Location, Warning};
use crate::model::file::{ParamFile, ProjectionFile, RawValue, RegionFile, ScaledFrom};
use crate::Model;

fn spanned<T>(v: T) -> Spanned<T> {
    Spanned::new(0..0, v)
}

fn append_note(p: &mut ParamFile, line: &str) {
    p.note = Some(match p.note.take() {
        Some(n) if !n.is_empty() => format!("{n}; {line}"),
        _ => line.to_string(),
    });
}

fn region_file(r: &RegionRow, keep_parent: bool) -> RegionFile {
    let mut bases = IndexMap::new();
    for (b, &v) in &r.bases {
        if b != "population" && b != "population_65plus" {
            bases.insert(b.clone(), spanned(v));
        }
    }
    RegionFile {
        id: spanned(r.id.clone()),
        name: r.name.clone(),
        population: spanned(r.base("population").unwrap_or(0.0)),
        population_65plus: r.base("population_65plus").map(spanned),
        source: r.source.clone(),
        bases,
        parent: r.parent.clone().filter(|_| keep_parent).map(spanned),
        complete: false,
        year: r.year,
    }
}

impl Model {
    /// A new model for region `region_id` of `table`: `region.*` reads the target, every
    /// `scales_with` parameter is × target base / own base (a `from_base` one is recomputed
    /// from the target's base), every `share_of` share is re-derived for the target from the
    /// table, and the shortage is `shortage` (for the target year; the other years and
    /// scenarios follow the source's projections scaled to it, said in a warning), else the
    /// projections × the `[shortage] scales_with` base ratio (a rough proxy, said in a
    /// warning), else none.
    /// The published figures and claims are the source region's, so they are dropped. Each
    /// change is a [`Warning`] on the new model and, for a parameter, a `scaled_from` record
    /// and a line in its note. Scaling to the model's own region changes no value (and keeps
    /// stated shares and published figures).
    ///
    /// Errors: an unknown region (with the closest id), a region missing a base that a
    /// parameter needs (naming region, base and parameter), a model without `[model] region`.
    pub fn scale_to(
        &self,
        region_id: &str,
        table: &RegionTable,
        shortage: Option<f64>,
    ) -> Result<Model, Error> {
        let (mut model, warnings) = self.scale_to_with_warnings(region_id, table, shortage)?;
        model.warnings.extend(warnings);
        Ok(model)
    }

    /// [`Model::scale_to`], with what scaling says apart from the new model's own warnings
    /// (which are then only what loading it says).
    pub fn scale_to_with_warnings(
        &self,
        region_id: &str,
        table: &RegionTable,
        shortage: Option<f64>,
    ) -> Result<(Model, Vec<Warning>), Error> {
        let here = Location::file(&self.origin);
        let Some(own) = self.region.clone() else {
            return Err(Error::Model {
                loc: here,
                message: "the model has no [model] region to scale from".into(),
            });
        };
        let target = table.require(region_id)?;
        if let Some(s) = shortage {
            if !s.is_finite() || s < 0.0 {
                return Err(Error::InvalidValue {
                    loc: here,
                    message: format!("shortage {s} for region '{region_id}' must be a finite number of persons >= 0"),
                });
            }
        }
        let identity = region_id == own;
        let mut warnings: Vec<String> = Vec::new();
        let own_base = |b: &str| self.param(&format!("{own}.{b}")).map(|p| p.value);
        // target base / own base, or the error naming region, base and what needs it.
        let factor = |base: &str, what: &str| -> Result<(f64, f64, f64), Error> {
            let t = target.base(base).ok_or_else(|| Error::Model {
                loc: Location {
                    parameter: Some(format!("{region_id}.{base}")),
                    ..target.loc.clone()
                },
                message: format!(
                    "region '{region_id}' has no base '{base}', which {what} scales with"
                ),
            })?;
            let o = own_base(base).ok_or_else(|| Error::Model {
                loc: here.clone(),
                message: format!("the model's region '{own}' has no base '{base}'"),
            })?;
            Ok((t / o, t, o))
        };
        let mut file = self.file.clone();
        if !identity {
            let keep_parent = (target.parent.as_ref())
                .is_some_and(|p| file.regions.iter().any(|r| r.id.get_ref() == p));
            let row = region_file(target, keep_parent);
            match file
                .regions
                .iter_mut()
                .find(|r| r.id.get_ref() == region_id)
            {
                Some(r) => *r = row,
                None => file.regions.push(row),
            }
            file.model.region = Some(region_id.to_string());
            file.model.id = format!("{}@{region_id}", self.id);
            file.model.title = format!("{} (geschaald naar {})", self.title, target.name);
        }
        // Parameters: scales_with, from_base, share_of.
        let scopes = std::iter::once((None, &mut file.parameters))
            .chain(
                file.shared
                    .iter_mut()
                    .map(|s| (Some(s.id.get_ref().clone()), &mut s.parameters)),
            )
            .chain(
                file.initiatives
                    .iter_mut()
                    .map(|i| (Some(i.id.get_ref().clone()), &mut i.parameters)),
            );
        for (scope, params) in scopes {
            for (name, p) in params.iter_mut() {
                let q = scope
                    .as_ref()
                    .map_or(name.clone(), |s| format!("{s}.{name}"));
                let what = format!("parameter '{q}'");
                if let (Some(share), false) = (p.share_of.clone(), identity) {
                    let s = share.get_ref();
                    let t = target.base(&s.base).ok_or_else(|| Error::Model {
                        loc: Location { parameter: Some(format!("{region_id}.{}", s.base)), ..target.loc.clone() },
                        message: format!("region '{region_id}' has no base '{}', which the share {what} is re-derived from", s.base),
                    })?;
                    let of = (table.get(&s.of).and_then(|r| r.base(&s.base)))
                        .or_else(|| self.param(&format!("{}.{}", s.of, s.base)).map(|p| p.value))
                        .ok_or_else(|| table.missing(&s.of, &s.base))?;
                    let share_now = t / of;
                    let stated = self.param(&q).map_or(f64::NAN, |p| p.value);
                    let line = format!(
                        "share re-derived for {region_id}: {region_id}.{b} / {o}.{b} = {t} / {of} = {share_now:.6} (stated for {own}: {stated})",
                        b = s.base, o = s.of
                    );
                    warnings.push(format!("{q}: the stated share {stated} ({own}'s {} in {}) does not apply to {region_id}; {line}", s.base, s.of));
                    append_note(p, &line);
                    p.value = Some(spanned(RawValue::Number(share_now)));
                }
                let Some(with) = p.scales_with.clone() else {
                    continue;
                };
                let base = with.get_ref();
                if own_base(base).is_none() {
                    // `from_base` over a parameter of its scope: not a region base.
                    if !identity {
                        warnings.push(format!(
                            "{q} scales with parameter '{base}', which is not a region base: it keeps {own}'s value; override it for {region_id}"
                        ));
                    }
                    continue;
                }
                let (f, _, _) = factor(base, &what)?;
                let record = ScaledFrom {
                    region: own.clone(),
                    base: base.clone(),
                    factor: f,
                };
                if p.from_base.is_none() && f != 1.0 {
                    let v = self.param(&q).map_or(f64::NAN, |p| p.value);
                    p.value = Some(spanned(RawValue::Number(v * f)));
                }
                if !identity {
                    append_note(p, &record.to_string());
                    // explain and the provenance tables show the source; a parameter without
                    // one keeps none (its class would change with it)
                    if let Some(src) = p.source.take() {
                        p.source = Some(format!("{src}; {record}"));
                    }
                    p.scaled_from = Some(record);
                }
            }
        }
        // Shortage.
        if let Some(s) = file.shortage.as_mut() {
            if let Some(persons) = shortage {
                let year = self.target_year.or(self.target_shortage().map(|p| p.year));
                let Some(year) = year else {
                    return Err(Error::Model {
                        loc: here,
                        message: "the model has no target year for the given shortage".into(),
                    });
                };
                if identity {
                    for p in &mut s.projections {
                        if p.year == year && p.scenario == "baseline" {
                            p.persons = spanned(persons);
                        }
                    }
                } else {
                    // The given figure is the target year's; the other years (and
                    // scenarios) follow the source's projection path scaled to it, so a
                    // trajectory has a shortage in every year.
                    let own_target = (s.projections.iter())
                        .find(|p| p.year == year && p.scenario == "baseline")
                        .map(|p| *p.persons.get_ref())
                        .filter(|v| *v > 0.0);
                    match own_target {
                        Some(o) => {
                            let f = persons / o;
                            for p in &mut s.projections {
                                let v = if p.year == year && p.scenario == "baseline" {
                                    persons
                                } else {
                                    p.persons.get_ref() * f
                                };
                                p.persons = spanned(v);
                            }
                            if s.projections.len() > 1 {
                                warnings.push(format!(
                                    "the shortage of {region_id} is {persons} in {year} (given); its other years and scenarios follow {own}'s projections × {persons} / {o} = {f:.4}"
                                ));
                            }
                        }
                        None => {
                            s.projections = vec![ProjectionFile {
                                year,
                                persons: spanned(persons),
                                scenario: "baseline".into(),
                                description: Some(format!("given for {region_id}")),
                            }];
                        }
                    }
                }
            } else if !identity {
                match s.scales_with.clone() {
                    Some(b) => {
                        let (f, t, o) = factor(b.get_ref(), "the shortage")?;
                        for p in &mut s.projections {
                            p.persons = spanned(p.persons.get_ref() * f);
                        }
                        warnings.push(format!(
                            "the shortage is {own}'s projection × {region_id}.{b} / {own}.{b} = {t} / {o} = {f:.4}: a rough proxy, not a projection for {region_id}; give its own shortage when there is one",
                            b = b.get_ref()
                        ));
                    }
                    None => {
                        s.projections.clear();
                        warnings.push(format!("no shortage for {region_id}: give one, or declare [shortage] scales_with; shares are not computed"));
                    }
                }
            }
            if !identity {
                s.source = Some(format!(
                    "scaled to {region_id} from: {}",
                    s.source.clone().unwrap_or_default()
                ));
                if s.claim.take().is_some() | !std::mem::take(&mut s.claims).is_empty() {
                    warnings.push(format!(
                        "the source's claims are {own}'s and do not apply to {region_id}: dropped"
                    ));
                }
            }
        }
        // Published figures are the source region's.
        if !identity {
            let mut dropped = 0;
            for i in &mut file.initiatives {
                dropped += usize::from(i.published.take().is_some());
            }
            for c in &mut file.shared {
                dropped += usize::from(c.published.take().is_some());
            }
            if dropped > 0 {
                warnings.push(format!(
                    "the {dropped} published figures are {own}'s ({}) and do not apply to {region_id}: dropped",
                    self.file.model.published_in.as_deref().unwrap_or("as published")
                ));
            }
        }
        let origin = if identity {
            self.origin.clone()
        } else {
            format!("{} scaled to {region_id}", self.origin)
        };
        let model = Model::from_file(file, &origin).map_err(|e| {
            e.0.into_iter().next().unwrap_or(Error::Model {
                loc: here.clone(),
                message: "scaling failed".into(),
            })
        })?;
        let loc = Location::file(&origin);
        let warnings = warnings.into_iter().map(|message| Warning {
            loc: loc.clone(),
            message,
        });
        Ok((model, warnings.collect()))
    }
}
