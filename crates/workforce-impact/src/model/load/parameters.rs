//! Parameters and region populations: names, units, stated values and their provenance
//! class, and the bounds on a model's size.

use super::*;

impl Loader<'_> {
    pub(super) fn add_population(
        &mut self,
        region: &str,
        name: &str,
        value: &Spanned<f64>,
        source: Option<String>,
    ) -> usize {
        let qualified = format!("{region}.{name}");
        let ctx = Ctx {
            parameter: Some(qualified.clone()),
            ..Ctx::default()
        };
        let v = *value.get_ref();
        if !v.is_finite() || v < 0.0 {
            let loc = self.loc(&ctx, Some(value.span()));
            let what = describe_bad_number(v);
            self.errors.push(Error::InvalidValue {
                loc,
                message: format!("population of region '{region}' is {what}; a population must be a finite number >= 0"),
            });
        }
        let slot = self.params.len();
        let loc = self.loc(&ctx, Some(value.span()));
        self.params.push(Parameter {
            qualified: qualified.clone(),
            name: qualified.clone(),
            scope: ParamScope::Region(region.to_string()),
            value: v,
            unit: Unit::one(),
            percent: false,
            source,
            kind: Kind::Sourced,
            note: None,
            derived: None,
            loc,
            profile: None,
        });
        self.index.insert(qualified, slot);
        slot
    }

    pub(super) fn add_params(
        &mut self,
        key: &ScopeKey,
        scope: ParamScope,
        params: &IndexMap<String, ParamFile>,
        outer: &Ctx,
    ) {
        for (name, p) in params {
            let qualified = match &scope {
                ParamScope::Global => name.clone(),
                other => format!("{}.{name}", other.as_str()),
            };
            let ctx = Ctx {
                parameter: Some(qualified.clone()),
                ..outer.clone()
            };
            let span = p
                .value
                .as_ref()
                .map(|v| v.span())
                .or_else(|| p.formula.as_ref().map(|f| f.span()));
            if !is_identifier(name) {
                self.push_model_error(
                    &ctx,
                    span.clone(),
                    format!("parameter name '{name}' must be an identifier ([a-z][a-z0-9_]*)"),
                );
                continue;
            }
            if *key != ScopeKey::Global
                && self
                    .locals
                    .get(&ScopeKey::Global)
                    .is_some_and(|g| g.contains_key(name))
            {
                self.push_model_error(&ctx, span.clone(), format!("local parameter '{name}' has the name of a global parameter; rename it (shadowing is not allowed, so each formula reads unambiguously)"));
                continue;
            }
            self.failed.insert((key.clone(), name.clone()));
            let unit = match &p.unit {
                None => Unit::one(),
                Some(u) => match Unit::parse(u.get_ref()) {
                    Ok(unit) => unit,
                    Err(e) => {
                        // point at the column inside the unit string (+1 for the quote)
                        let at = u.span().start + 1 + e.column - 1;
                        let mut loc = self.loc(&ctx.field("unit"), Some(at..at + 1));
                        if self.src.is_none() {
                            loc.column = Some(e.column);
                            loc.excerpt = Some(caret_excerpt(1, u.get_ref(), e.column, 1));
                        }
                        self.errors.push(Error::Syntax {
                            loc,
                            message: e.message,
                        });
                        continue;
                    }
                },
            };
            let kind = crate::provenance::default_kind(p);
            if let Some(message) = crate::provenance::check_sourced(p, &qualified) {
                let loc = self.loc(&ctx.field("source"), span.clone());
                match message {
                    Err(message) => self.errors.push(Error::Model { loc, message }),
                    Ok(message) => self.warnings.push(crate::error::Warning { loc, message }),
                }
            }
            let (value, percent) = match (&p.value, &p.formula) {
                (Some(_), Some(_)) => {
                    self.push_model_error(
                        &ctx,
                        span.clone(),
                        "give either `value` or `formula`, not both".into(),
                    );
                    continue;
                }
                (None, None) if p.by_year.is_some() => (f64::NAN, false),
                (None, None) => {
                    self.push_model_error(
                        &ctx,
                        None,
                        format!("parameter '{qualified}' has neither `value` nor `formula`"),
                    );
                    continue;
                }
                (Some(v), None) => match self.value(v, &ctx) {
                    // A stated percentage of a plain number is a fraction, as overrides of it
                    // are: 150% would load but no override could give it back.
                    Some((x, true)) if x > 1.0 && unit.is_dimensionless() => {
                        let loc = self.loc(&ctx, Some(v.span()));
                        self.errors.push(Error::InvalidValue {
                            loc,
                            message: format!(
                                "value \"{}\" is above 100%, but a percentage is a fraction in \
                                 [0, 1]; write a factor above 100% as a plain number ({x})",
                                match v.get_ref() {
                                    RawValue::Text(t) => t.trim().to_string(),
                                    RawValue::Number(n) => n.to_string(),
                                }
                            ),
                        });
                        continue;
                    }
                    Some(x) => x,
                    None => continue,
                },
                (None, Some(_)) => (f64::NAN, false),
            };
            let Some((value, percent, profile)) = self.profile(p, (value, percent), &ctx) else {
                continue;
            };
            self.failed.remove(&(key.clone(), name.clone()));
            let slot = self.params.len();
            let loc = self.loc(&ctx, span);
            self.params.push(Parameter {
                qualified: qualified.clone(),
                name: name.clone(),
                scope: scope.clone(),
                value,
                unit,
                percent,
                source: p.source.clone(),
                kind,
                note: p.note.clone(),
                derived: None,
                loc,
                profile,
            });
            self.index.insert(qualified, slot);
            self.locals
                .entry(key.clone())
                .or_default()
                .insert(name.clone(), slot);
            if let Some(f) = &p.formula {
                self.pending.push(PendingDerived {
                    slot,
                    scope: key.clone(),
                    text: f.clone(),
                    ctx,
                });
            }
        }
    }

    /// Refuses a model larger than the [`crate::limits`] allow, before any of it is read.
    pub(super) fn check_sizes(&self, file: &ModelFile) -> Result<(), Errors> {
        let refuse = |what: String, limit: usize, name: &str| {
            Err(Errors::from(Error::Model {
                loc: self.loc(&Ctx::default(), None),
                message: format!(
                    "{what}; a model has at most {limit} (workforce_impact::limits::{name}); \
                     split it into several models"
                ),
            }))
        };
        let cases = file.initiatives.len() + file.shared.len();
        if cases > MAX_INITIATIVES {
            return refuse(
                format!("the model has {cases} initiatives and shared cases"),
                MAX_INITIATIVES,
                "MAX_INITIATIVES",
            );
        }
        let params = file.parameters.len()
            + file
                .regions
                .iter()
                .map(|r| 2 + r.bases.len())
                .sum::<usize>()
            + file
                .initiatives
                .iter()
                .map(|i| i.parameters.len())
                .sum::<usize>()
            + file
                .shared
                .iter()
                .map(|s| s.parameters.len())
                .sum::<usize>();
        if params > MAX_PARAMETERS {
            return refuse(
                format!("the model has {params} parameters"),
                MAX_PARAMETERS,
                "MAX_PARAMETERS",
            );
        }
        let components = file
            .initiatives
            .iter()
            .map(|i| (i.id.get_ref(), i.components.len()))
            .chain(
                file.shared
                    .iter()
                    .map(|s| (s.id.get_ref(), s.components.len())),
            );
        for (id, n) in components {
            if n > MAX_COMPONENTS {
                return refuse(
                    format!("initiative '{id}' has {n} components"),
                    MAX_COMPONENTS,
                    "MAX_COMPONENTS",
                );
            }
        }
        Ok(())
    }

    /// A stated value: a finite number >= 0, or `"N%"`.
    pub(super) fn value(&mut self, v: &Spanned<RawValue>, ctx: &Ctx) -> Option<(f64, bool)> {
        let (x, percent) = match v.get_ref() {
            RawValue::Number(x) => (*x, false),
            RawValue::Text(t) => {
                let t = t.trim();
                match t
                    .strip_suffix('%')
                    .map(|n| n.trim().replace(',', ".").parse::<f64>())
                {
                    Some(Ok(x)) => (x / 100.0, true),
                    _ => {
                        let loc = self.loc(&ctx.field("value"), Some(v.span()));
                        self.errors.push(Error::InvalidValue {
                            loc,
                            message: format!(
                                "value \"{t}\" is neither a number nor a percentage such as \"2%\""
                            ),
                        });
                        return None;
                    }
                }
            }
        };
        if !x.is_finite() || x < 0.0 {
            let loc = self.loc(&ctx.field("value"), Some(v.span()));
            let what = describe_bad_number(x);
            self.errors.push(Error::InvalidValue {
                loc,
                message: format!("value is {what}; values must be finite and >= 0 (a staff cost is a component with sign = \"cost\")"),
            });
            return None;
        }
        Some((x, percent))
    }
}

/// What is wrong with a value that is not a finite number >= 0.
pub(super) fn describe_bad_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        "infinite".to_string()
    } else {
        format!("negative ({v})")
    }
}
