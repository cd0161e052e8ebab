//! Regions beyond population and 65+: further bases, nesting, and the scaling rules
//! parameters declare (`scales_with`, `from_base`, `share_of`, `[shortage] scales_with`).

use super::*;
use crate::model::file::ScaleAs;

impl Loader<'_> {
    /// The region's further `bases`, each a parameter `<region>.<base>`.
    pub(super) fn add_region_bases(&mut self, region: &str, r: &super::super::file::RegionFile) {
        for (base, value) in &r.bases {
            let ctx = Ctx {
                parameter: Some(format!("{region}.{base}")),
                ..Ctx::default()
            };
            let span = Some(value.span());
            if base == "population" || base == "population_65plus" {
                let message =
                    format!("'{base}' is a field of the region; give it there, not under bases");
                self.push_model_error(&ctx, span, message);
                continue;
            }
            if !is_identifier(base) {
                let message = format!("base name '{base}' must be an identifier ([a-z][a-z0-9_]*) so formulas can use {region}.{base}");
                self.push_model_error(&ctx, span, message);
                continue;
            }
            let v = *value.get_ref();
            if !v.is_finite() || v < 0.0 {
                let loc = self.loc(&ctx, span);
                let what = parameters::describe_bad_number(v);
                self.errors.push(Error::InvalidValue {
                    loc,
                    message: format!("{base} of region '{region}' is {what}; a base must be a finite number >= 0"),
                });
                continue;
            }
            self.add_population(region, base, value, r.source.clone());
        }
    }

    /// The model's `[[regions]]` checked as a region table: parents known and acyclic, no
    /// child above its parent, a complete parent equal to the sum of its children.
    pub(super) fn check_region_table(&mut self, file: &ModelFile) {
        let mut rows = Vec::new();
        for r in &file.regions {
            let id = r.id.get_ref().clone();
            if !is_identifier(&id) || rows.iter().any(|x: &crate::regions::RegionRow| x.id == id) {
                continue; // reported already
            }
            let mut bases = IndexMap::new();
            let mut base_locs = IndexMap::new();
            let spans = std::iter::once(("population".to_string(), &r.population))
                .chain(
                    r.population_65plus
                        .iter()
                        .map(|p| ("population_65plus".into(), p)),
                )
                .chain(r.bases.iter().map(|(b, v)| (b.clone(), v)));
            for (b, v) in spans {
                bases.insert(b.clone(), *v.get_ref());
                base_locs.insert(b, self.loc(&Ctx::default(), Some(v.span())));
            }
            let parent_span = r.parent.as_ref().map(|p| p.span()).unwrap_or(r.id.span());
            rows.push(crate::regions::RegionRow {
                name: r.name.clone(),
                bases,
                year: r.year,
                source: r.source.clone(),
                parent: r.parent.as_ref().map(|p| p.get_ref().clone()),
                complete: r.complete,
                loc: self.loc(&Ctx::default(), Some(r.id.span())),
                base_locs,
                parent_loc: self.loc(&Ctx::default(), Some(parent_span)),
                id,
            });
        }
        self.errors.extend(crate::regions::check_nesting(&rows));
    }

    /// Checks every `scales_with`, `from_base` and `share_of`, and turns each `from_base`
    /// parameter into a derived one over the own region's base.
    pub(super) fn scaling_rules(&mut self, file: &ModelFile) {
        let mut scopes: Vec<(ScopeKey, Ctx, String, &IndexMap<String, ParamFile>)> = vec![(
            ScopeKey::Global,
            Ctx::default(),
            String::new(),
            &file.parameters,
        )];
        for s in &file.shared {
            let id = s.id.get_ref().clone();
            let ctx = Ctx {
                initiative: Some(id.clone()),
                ..Ctx::default()
            };
            scopes.push((
                ScopeKey::Local(id.clone()),
                ctx,
                format!("{id}."),
                &s.parameters,
            ));
        }
        for i in &file.initiatives {
            let id = i.id.get_ref().clone();
            let ctx = Ctx {
                initiative: Some(id.clone()),
                ..Ctx::default()
            };
            scopes.push((
                ScopeKey::Local(id.clone()),
                ctx,
                format!("{id}."),
                &i.parameters,
            ));
        }
        for (key, outer, prefix, params) in scopes {
            for (name, p) in params {
                let qualified = format!("{prefix}{name}");
                let Some(&slot) = self.index.get(&qualified) else {
                    continue; // failed to load, reported already
                };
                let ctx = Ctx {
                    parameter: Some(qualified.clone()),
                    ..outer.clone()
                };
                self.scaling_rule(&key, &ctx, slot, p);
            }
        }
        if let Some(s) = file.shortage.as_ref().and_then(|s| s.scales_with.as_ref()) {
            let ctx = Ctx::default().field("scales_with");
            if self.own_base(s.get_ref()).is_none() {
                let message = self.not_a_base(s.get_ref(), "[shortage] scales_with");
                self.push_model_error(&ctx, Some(s.span()), message);
            }
        }
    }

    /// The own region's base parameter slot, if the model has a region with that base.
    fn own_base(&self, base: &str) -> Option<usize> {
        let own = self.own_region.as_ref()?;
        self.index.get(&format!("{own}.{base}")).copied()
    }

    fn not_a_base(&self, base: &str, what: &str) -> String {
        match &self.own_region {
            None => format!("{what} '{base}' needs the model's own region: set [model] region"),
            Some(own) => {
                let prefix = format!("{own}.");
                let bases: Vec<&str> = (self.params.iter())
                    .filter(|p| matches!(&p.scope, ParamScope::Region(r) if r == own))
                    .filter_map(|p| p.qualified.strip_prefix(&prefix))
                    .collect();
                let hint = crate::suggest::did_you_mean(base, bases.iter().copied())
                    .map(|s| format!(" (did you mean '{s}'?)"))
                    .unwrap_or_default();
                format!(
                    "{what} '{base}' is not a base of region '{own}'{hint}; it has {}",
                    bases.join(", ")
                )
            }
        }
    }

    fn scaling_rule(&mut self, key: &ScopeKey, ctx: &Ctx, slot: usize, p: &ParamFile) {
        if let Some(share) = &p.share_of {
            let s = share.get_ref();
            let span = Some(share.span());
            if !self.params[slot].unit.is_dimensionless() || p.formula.is_some() {
                let message = "share_of needs a stated share: a plain number or percentage `value`, no unit, no formula".to_string();
                self.push_model_error(&ctx.field("share_of"), span.clone(), message);
            }
            if self.own_base(&s.base).is_none() {
                let message = self.not_a_base(&s.base, "share_of base");
                self.push_model_error(&ctx.field("share_of"), span.clone(), message);
            } else if !self.index.contains_key(&format!("{}.{}", s.of, s.base)) {
                let message = format!(
                    "share_of: region '{}' has no base '{}' (it must be one of the [[regions]])",
                    s.of, s.base
                );
                self.push_model_error(&ctx.field("share_of"), span, message);
            }
        }
        let Some(with) = &p.scales_with else {
            if let Some(b) = &p.from_base {
                let message =
                    "from_base needs scales_with: the base the source region's figure is for"
                        .to_string();
                self.push_model_error(&ctx.field("from_base"), Some(b.span()), message);
            }
            return;
        };
        let base = with.get_ref();
        let Some(from) = &p.from_base else {
            if self.own_base(base).is_none() {
                let message = self.not_a_base(base, "scales_with");
                self.push_model_error(&ctx.field("scales_with"), Some(with.span()), message);
            }
            return;
        };
        let b = *from.get_ref();
        if !b.is_finite() || b <= 0.0 {
            let loc = self.loc(&ctx.field("from_base"), Some(from.span()));
            self.errors.push(Error::InvalidValue {
                loc,
                message: format!(
                    "from_base is {b}; the source region's base must be a finite number > 0"
                ),
            });
            return;
        }
        if p.formula.is_some() {
            let message = "from_base scales a stated `value`; a derived parameter cannot have one"
                .to_string();
            self.push_model_error(&ctx.field("from_base"), Some(from.span()), message);
            return;
        }
        // The base: the own region's, else a parameter of the same scope (or a global).
        let (reference, base_unit) = if self.own_base(base).is_some() {
            (format!("region.{base}"), String::new())
        } else {
            let local = (self.locals.get(key).and_then(|m| m.get(base)))
                .or_else(|| self.locals.get(&ScopeKey::Global).and_then(|m| m.get(base)))
                .copied();
            match local {
                Some(s) if s != slot => (base.clone(), self.params[s].unit.text.clone()),
                _ => {
                    let message = format!(
                        "{}; nor is it a parameter of this scope",
                        self.not_a_base(base, "scales_with")
                    );
                    self.push_model_error(&ctx.field("scales_with"), Some(with.span()), message);
                    return;
                }
            }
        };
        // The figure as stated for the source region stays a parameter of its own (its
        // class is varied by the uncertainty presets); this one becomes derived from it.
        let bracket = |u: &str| {
            if u.is_empty() {
                String::new()
            } else {
                format!("[{u}]")
            }
        };
        let name = self.params[slot].name.clone();
        let stated_name = format!("{name}_stated");
        let qualified = self.params[slot].qualified.clone();
        let stated_qualified = format!(
            "{}{stated_name}",
            &qualified[..qualified.len() - name.len()]
        );
        if self.index.contains_key(&stated_qualified) {
            let message = format!("from_base keeps the stated figure as parameter '{stated_qualified}', but there is one already; rename it");
            self.push_model_error(&ctx.field("from_base"), Some(from.span()), message);
            return;
        }
        let mut stated = self.params[slot].clone();
        stated.note = Some(match &stated.note {
            Some(n) => format!("as stated for the source region ({base} = {b}): {n}"),
            None => format!("as stated for the source region ({base} = {b})"),
        });
        stated.name = stated_name.clone();
        stated.qualified = stated_qualified.clone();
        let s = self.params.len();
        self.params.push(stated);
        self.index.insert(stated_qualified, s);
        self.locals
            .entry(key.clone())
            .or_default()
            .insert(stated_name.clone(), s);
        self.params[slot].kind = Kind::Derived;
        let from = format!("{b:?}{}", bracket(&base_unit));
        let text = match p.scale_as.unwrap_or_default() {
            ScaleAs::Ratio => format!("({reference} / {from}) * {stated_name}"),
            ScaleAs::Rate => format!("{stated_name} * {reference} / {from}"),
        };
        let span = p.value.as_ref().map_or(0..0, |v| v.span());
        self.pending.push(PendingDerived {
            slot,
            scope: key.clone(),
            text: Spanned::new(span, text),
            ctx: ctx.clone(),
        });
    }
}
