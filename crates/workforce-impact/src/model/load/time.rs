//! The year fields: the horizon, ramps, growth and by_year profiles, flows and their
//! stock readings, each checked against the horizon.

use super::*;
use crate::model::file::{ByYearFile, FlowFile, GrowthFile, GrowthShape, RampFile};
use crate::time::{Flow, Horizon, Profile, Ramp, Retention, StockReading, Timing, YEAR_IN_BASE};

/// The most years a horizon may span.
pub const MAX_HORIZON_YEARS: i32 = 200;

/// A number or `"N%"` (or `"N%/yr"` when `per_year`), negative allowed.
fn signed_fraction(raw: &RawValue, per_year: bool) -> Option<f64> {
    match raw {
        RawValue::Number(x) => Some(*x),
        RawValue::Text(t) => {
            let t = t.trim();
            let t = if per_year {
                t.strip_suffix("/yr").map_or(t, str::trim_end)
            } else {
                t
            };
            let n = t.strip_suffix('%')?.trim().replace(',', ".");
            n.parse::<f64>().ok().map(|x| x / 100.0)
        }
    }
    .filter(|x| x.is_finite())
}

impl Loader<'_> {
    /// The horizon from `[model] start_year` and `target_year`.
    pub(super) fn horizon(&mut self, file: &ModelFile) -> Horizon {
        let ctx = Ctx::default().field("start_year");
        let latest = (file.shortage.iter())
            .flat_map(|s| s.projections.iter())
            .filter(|p| p.scenario == "baseline")
            .map(|p| p.year)
            .max();
        let target = file.model.target_year.or(latest).unwrap_or(0);
        let Some(start) = &file.model.start_year else {
            return Horizon {
                start_year: target,
                target_year: target,
            };
        };
        let s = *start.get_ref();
        let fallback = Horizon {
            start_year: target,
            target_year: target,
        };
        if file.model.target_year.is_none() {
            self.push_model_error(
                &ctx,
                Some(start.span()),
                "model.start_year needs model.target_year: the horizon is start_year ..= target_year".into(),
            );
            return fallback;
        }
        if s > target || i64::from(target) - i64::from(s) >= i64::from(MAX_HORIZON_YEARS) {
            self.push_model_error(
                &ctx,
                Some(start.span()),
                format!(
                    "model.start_year {s} must be at most the target year {target} and at most \
                     {} years before it",
                    MAX_HORIZON_YEARS - 1
                ),
            );
            return fallback;
        }
        Horizon {
            start_year: s,
            target_year: target,
        }
    }

    /// Refuses `year` outside the horizon; `what` names the field in the message.
    fn in_horizon(&mut self, year: &Spanned<i32>, what: &str, ctx: &Ctx) -> bool {
        let y = *year.get_ref();
        let h = self.horizon;
        if h.contains(y) {
            return true;
        }
        let hint = if h.start_year == h.target_year {
            " (declare the first year with [model] start_year)"
        } else {
            ""
        };
        let loc = self.loc(ctx, Some(year.span()));
        self.errors.push(Error::InvalidValue {
            loc,
            message: format!(
                "{what} {y} is outside the model's horizon {}..={}{hint}",
                h.start_year, h.target_year
            ),
        });
        false
    }

    /// A checked ramp: `full` not before `start`, both inside the horizon.
    pub(super) fn ramp(&mut self, r: &Spanned<RampFile>, ctx: &Ctx) -> Option<Ramp> {
        let ctx = ctx.field("ramp");
        let r = r.get_ref();
        let (start, full) = (*r.start.get_ref(), *r.full.get_ref());
        if full < start {
            let loc = self.loc(&ctx, Some(r.full.span()));
            self.errors.push(Error::Model {
                loc,
                message: format!(
                    "ramp: the full year {full} precedes the start year {start}; a ramp goes \
                     from no effect at `start` to full effect at `full`"
                ),
            });
            return None;
        }
        let ok = self.in_horizon(&r.start, "ramp start", &ctx);
        let ok = self.in_horizon(&r.full, "ramp full", &ctx) && ok;
        ok.then(|| Ramp {
            start,
            full,
            shape: r.shape.unwrap_or_default(),
        })
    }

    /// Applies `growth` or `by_year` to a parameter whose stated value is `stated`
    /// (`NaN` when only `by_year` gives it): the target-year value, whether it is a
    /// percentage, and the profile. `None` when refused (the error is pushed).
    pub(super) fn profile(
        &mut self,
        p: &ParamFile,
        stated: (f64, bool),
        ctx: &Ctx,
    ) -> Option<(f64, bool, Option<Profile>)> {
        match (&p.growth, &p.by_year) {
            (None, None) => Some((stated.0, stated.1, None)),
            (Some(g), Some(_)) => {
                let loc = self.loc(&ctx.field("growth"), Some(g.span()));
                self.errors.push(Error::Model {
                    loc,
                    message: "give either `growth` or `by_year`, not both".into(),
                });
                None
            }
            (Some(_), None) | (None, Some(_)) if p.formula.is_some() => {
                let (field, span) = match (&p.growth, &p.by_year) {
                    (Some(g), _) => ("growth", g.span()),
                    (_, Some(b)) => ("by_year", b.span()),
                    _ => ("growth", 0..0),
                };
                let loc = self.loc(&ctx.field(field), Some(span));
                self.errors.push(Error::Model {
                    loc,
                    message: format!("`{field}` on a derived parameter: it follows what its formula reads; give the growth to those parameters"),
                });
                None
            }
            (Some(g), None) => self.growth(g, stated, ctx),
            (None, Some(b)) => self.by_year(b, stated, ctx),
        }
    }

    fn growth(
        &mut self,
        g: &Spanned<GrowthFile>,
        stated: (f64, bool),
        ctx: &Ctx,
    ) -> Option<(f64, bool, Option<Profile>)> {
        let ctx = ctx.field("growth");
        let span = g.span();
        let g = g.get_ref();
        let refuse = |this: &mut Self, span: std::ops::Range<usize>, message: String| {
            let loc = this.loc(&ctx, Some(span));
            this.errors.push(Error::Model { loc, message });
            None
        };
        let Some(from) = &g.from else {
            return refuse(self, span, "growth needs `from`, the year the stated value is for (a growth without its base year is the classic silent error)".into());
        };
        if !self.in_horizon(from, "growth from", &ctx) {
            return None;
        }
        let from_year = *from.get_ref();
        let (total, span_years) = match (&g.total, &g.rate, &g.to) {
            (Some(t), None, Some(to)) => {
                if !self.in_horizon(to, "growth to", &ctx) {
                    return None;
                }
                if *to.get_ref() <= from_year {
                    return refuse(
                        self,
                        to.span(),
                        format!(
                            "growth: `to` ({}) must come after `from` ({from_year})",
                            to.get_ref()
                        ),
                    );
                }
                let Some(x) = signed_fraction(t.get_ref(), false) else {
                    return refuse(
                        self,
                        t.span(),
                        "growth: `total` must be a number or a percentage such as \"16%\"".into(),
                    );
                };
                (x, f64::from(to.get_ref() - from_year))
            }
            (None, Some(r), None) => {
                let Some(x) = signed_fraction(r.get_ref(), true) else {
                    return refuse(self, r.span(), "growth: `rate` must be a number or a percentage per year such as \"1.7%/yr\"".into());
                };
                (x, 1.0)
            }
            (Some(_), None, None) => {
                return refuse(
                    self,
                    span,
                    "growth: `total` needs `to`, the year it is reached".into(),
                )
            }
            (None, Some(_), Some(to)) => return refuse(
                self,
                to.span(),
                "growth: a `rate` is per year and takes no `to` (use `total` with `to` instead)"
                    .into(),
            ),
            _ => {
                return refuse(
                    self,
                    span,
                    "growth needs either `total` with `to`, or `rate`".into(),
                )
            }
        };
        let profile = Profile::Growth {
            from: from_year,
            span: span_years,
            total,
            shape: g.shape.unwrap_or(GrowthShape::Compound),
            target: self.horizon.target_year,
        };
        for y in self.horizon.years() {
            let f = profile.growth(y);
            if !f.is_finite() || f < 0.0 || (f == 0.0 && y == self.horizon.target_year) {
                let what = if f == 0.0 {
                    "zero in the target year (so no year can be given relative to it)"
                } else {
                    "negative"
                };
                return refuse(self, span, format!("growth makes the value {what} in {y} (factor {f:.3} on the value of {from_year})"));
            }
        }
        let value = stated.0 * profile.growth(self.horizon.target_year);
        Some((value, stated.1, Some(profile)))
    }

    fn by_year(
        &mut self,
        b: &Spanned<ByYearFile>,
        stated: (f64, bool),
        ctx: &Ctx,
    ) -> Option<(f64, bool, Option<Profile>)> {
        let ctx = ctx.field("by_year");
        let span = b.span();
        let refuse = |this: &mut Self, message: String| {
            let loc = this.loc(&ctx, Some(span.clone()));
            this.errors.push(Error::InvalidValue { loc, message });
        };
        let mut points = Vec::new();
        let mut percent = false;
        for (key, raw) in b.get_ref() {
            let Ok(year) = key.trim().parse::<i32>() else {
                refuse(self, format!("by_year key '{key}' is not a year"));
                return None;
            };
            let value = match raw {
                RawValue::Number(x) => Some(*x),
                RawValue::Text(_) => {
                    percent = true;
                    signed_fraction(raw, false)
                }
            };
            match value {
                Some(v) if v >= 0.0 => points.push((year, v)),
                _ => {
                    refuse(self, format!("by_year value for {year} must be a finite number >= 0 or a percentage such as \"16%\""));
                    return None;
                }
            }
        }
        points.sort_by_key(|p| p.0);
        if points.windows(2).any(|w| w[0].0 == w[1].0) || points.is_empty() {
            refuse(
                self,
                "by_year needs at least one year, each year once".into(),
            );
            return None;
        }
        let h = self.horizon;
        let (first, last) = (points[0].0, points[points.len() - 1].0);
        if first < h.start_year || last > h.target_year {
            let y = if first < h.start_year { first } else { last };
            refuse(
                self,
                format!(
                    "by_year year {y} is outside the model's horizon {}..={}",
                    h.start_year, h.target_year
                ),
            );
            return None;
        }
        if first > h.start_year || last < h.target_year {
            let y = if first > h.start_year {
                h.start_year
            } else {
                h.target_year
            };
            refuse(self, format!("by_year gives no value for {y}: it runs from {first} to {last}, and a value is interpolated between given years, never extrapolated; the horizon is {}..={}", h.start_year, h.target_year));
            return None;
        }
        let profile = Profile::ByYear {
            points,
            target: h.target_year,
        };
        let value = profile.growth(h.target_year);
        if let Profile::ByYear { points, .. } = &profile {
            if value == 0.0 && points.iter().any(|p| p.1 != 0.0) {
                refuse(self, format!("by_year is 0 in the target year {} but not in every year: a year's value is a multiple of the target year's, which is undefined here", h.target_year));
                return None;
            }
        }
        if !stated.0.is_nan() && stated.0 != value {
            refuse(self, format!("`value` ({}) differs from by_year in the target year {} ({value}); give one of them", stated.0, h.target_year));
            return None;
        }
        Some((value, percent || stated.1, Some(profile)))
    }

    /// A retention: a fraction in [0, 1], `"N%"`, `"N%/yr"` or a plain-number parameter.
    fn retention(
        &mut self,
        key: &ScopeKey,
        r: &Option<Spanned<RawValue>>,
        ctx: &Ctx,
    ) -> Option<Retention> {
        let Some(r) = r else {
            return Some(Retention::Fixed(1.0));
        };
        let ctx = ctx.field("retention");
        if let Some(x) = signed_fraction(r.get_ref(), true) {
            if (0.0..=1.0).contains(&x) {
                return Some(Retention::Fixed(x));
            }
            let loc = self.loc(&ctx, Some(r.span()));
            self.errors.push(Error::InvalidValue {
                loc,
                message: format!(
                    "retention {x} must be a fraction in [0, 1] (the share kept per year)"
                ),
            });
            return None;
        }
        let name = match r.get_ref() {
            RawValue::Text(t) => t.trim().to_string(),
            RawValue::Number(_) => String::new(),
        };
        let slot = (self.locals.get(key).and_then(|m| m.get(&name)))
            .or_else(|| {
                self.locals
                    .get(&ScopeKey::Global)
                    .and_then(|m| m.get(&name))
            })
            .copied()
            .or_else(|| self.index.get(&name).copied());
        let loc = self.loc(&ctx, Some(r.span()));
        match slot {
            Some(s) if self.params[s].unit.is_dimensionless() => {
                let v = self.params[s].value;
                if v.is_finite() && !(0.0..=1.0).contains(&v) {
                    self.errors.push(Error::InvalidValue {
                        loc,
                        message: format!("retention parameter '{name}' is {v}; a retention is a fraction in [0, 1]"),
                    });
                    return None;
                }
                Some(Retention::Param(s))
            }
            Some(s) => {
                let unit = self.params[s].unit.text.clone();
                self.errors.push(Error::Unit {
                    loc,
                    message: format!("retention parameter '{name}' is in '{unit}'; a retention is a plain fraction"),
                });
                None
            }
            None => {
                self.errors.push(Error::UnknownParameter {
                    loc,
                    name,
                    suggestion: None,
                });
                None
            }
        }
    }

    /// A component's `flow` and `stock_reading`, checked against the formula's dimension:
    /// the node to keep (× 1 yr for a flow) or `None` when refused (errors pushed).
    #[allow(clippy::type_complexity)]
    pub(super) fn component_time(
        &mut self,
        key: &ScopeKey,
        c: &ComponentFile,
        ctx: &Ctx,
        dim: Dimension,
        expr: &formula::Expr,
        node: formula::Node,
    ) -> Option<(formula::Node, Option<Flow>, Option<StockReading>)> {
        let flow_dim = Dimension::PERSON / Dimension::TIME;
        let shared = matches!(key, ScopeKey::Local(id) if self.shared_ids.contains(id));
        let reading = match &c.stock_reading {
            None => None,
            Some(s) => Some(self.stock_reading(key, s, ctx)?),
        };
        match &c.flow {
            None if dim == flow_dim => {
                let loc = self.formula_loc(ctx, &c.formula, expr.span);
                self.errors.push(Error::Unit {
                    loc,
                    message: format!(
                        "formula gives {dim}: it is a flow (person/yr); say how it accumulates with \
                         `flow = {{ from = ..., retention = ... }}`, or multiply by 1[yr] to count one \
                         year's flow (and say so in the notes)"
                    ),
                });
                None
            }
            None => Some((node, None, reading)),
            Some(f) => {
                if shared {
                    let loc = self.loc(&ctx.field("flow"), Some(f.span()));
                    self.errors.push(Error::Model {
                        loc,
                        message: "a flow in a shared business case is not supported: give the flow to an initiative of its own".into(),
                    });
                    return None;
                }
                if dim != flow_dim {
                    let loc = self.formula_loc(ctx, &c.formula, expr.span);
                    self.errors.push(Error::Unit {
                        loc,
                        message: format!("`flow` is declared, but the formula gives {dim}, not a flow in person/yr: a stock cannot accumulate again (drop `flow`, or state the formula per year)"),
                    });
                    return None;
                }
                let flow = self.flow(key, f.get_ref(), ctx)?;
                Some((one_year(node), Some(flow), reading))
            }
        }
    }

    fn flow(&mut self, key: &ScopeKey, f: &FlowFile, ctx: &Ctx) -> Option<Flow> {
        let ok = self.in_horizon(&f.from, "flow from", &ctx.field("flow"));
        let retention = self.retention(key, &f.retention, ctx)?;
        ok.then_some(Flow {
            from: *f.from.get_ref(),
            retention,
        })
    }

    fn stock_reading(
        &mut self,
        key: &ScopeKey,
        s: &Spanned<crate::model::file::StockReadingFile>,
        ctx: &Ctx,
    ) -> Option<StockReading> {
        let s = s.get_ref();
        let ctx = Ctx {
            component: ctx.component.as_ref().map(|c| format!("{c} stock_reading")),
            ..ctx.clone()
        };
        let (expr, node, dim) = self.bind(key, &s.formula, &ctx)?;
        if dim != Dimension::PERSON / Dimension::TIME {
            let loc = self.formula_loc(&ctx, &s.formula, expr.span);
            self.errors.push(Error::Unit {
                loc,
                message: format!(
                    "a stock reading's formula is a flow in person/yr, but it gives {dim}"
                ),
            });
            return None;
        }
        let flow = self.flow(
            key,
            &FlowFile {
                from: s.from.clone(),
                retention: s.retention.clone(),
            },
            &ctx,
        )?;
        Some(StockReading {
            text: s.formula.get_ref().clone(),
            expr,
            node: one_year(node),
            flow,
            note: s.note.clone(),
        })
    }

    /// What varies over the years, once every parameter is known.
    pub(super) fn timing(&self, derived_order: &[usize], default_ramp: Option<Ramp>) -> Timing {
        let varying: Vec<usize> = (self.params.iter().enumerate())
            .filter(|(_, p)| p.profile.is_some())
            .map(|(n, _)| n)
            .collect();
        let mut moves = vec![false; self.params.len()];
        for &s in &varying {
            moves[s] = true;
        }
        let mut derived = Vec::new();
        for &slot in derived_order {
            if let Some(d) = &self.params[slot].derived {
                let mut reads = Vec::new();
                d.node.slots(&mut reads);
                if reads.iter().any(|&r| moves[r]) {
                    moves[slot] = true;
                    derived.push(slot);
                }
            }
        }
        Timing {
            horizon: self.horizon,
            default_ramp,
            varying,
            derived,
        }
    }
}

/// `node × 1 yr`: one year of a flow, in persons.
fn one_year(node: formula::Node) -> formula::Node {
    formula::Node::Bin(
        formula::BinOp::Mul,
        Box::new(node),
        Box::new(formula::Node::Const(YEAR_IN_BASE)),
    )
}
