//! Loading the ledger: `[[parties]]`, `[ledger]` (sector → party mapping, cost rates),
//! components' `provider` / `financier`, `[[initiatives.money]]` and `[[agreements]]`.
//! Every problem is an error naming the file, initiative or agreement, parameter and
//! line:column, in the loader's usual style.

use std::ops::Range;

use super::{is_slug, Ctx, Loader, ScopeKey};
use crate::error::Error;
use crate::ledger::{
    default_by_law, Agreement, Amount, Booking, CostRate, Gate, LedgerSpec, MoneyEntry, Party,
    SectorBooking, Truncate, UNASSIGNED,
};
use crate::model::file::ledger::{AmountFile, MoneyKind, SettleUnit, TruncateFile};
use crate::model::file::{ComponentFile, ModelFile, RawValue};
use crate::model::sector::SECTORS;
use crate::model::{Body, Initiative, Sector, SharedCase};
use crate::units::Dimension;

/// A fraction from a number or `"N%"`.
fn fraction(v: &RawValue) -> Option<f64> {
    match v {
        RawValue::Number(x) => Some(*x),
        RawValue::Text(t) => t
            .trim()
            .strip_suffix('%')
            .and_then(|n| n.trim().replace(',', ".").parse::<f64>().ok())
            .map(|x| x / 100.0),
    }
    .filter(|x| x.is_finite())
}

fn pct(x: f64) -> String {
    format!("{}%", crate::report::fmt_number(x * 100.0))
}

/// A sector's party as resolved: a declared party, unassigned, or a default by law that
/// names a party the model does not declare.
#[derive(Clone, Debug)]
enum Resolved {
    Party(Option<usize>),
    Missing(&'static str),
}

impl Loader<'_> {
    /// The slot of parameter `name` (qualified), or an [`Error::UnknownParameter`] at
    /// `span`.
    pub(super) fn ledger_param(
        &mut self,
        ctx: &Ctx,
        name: &str,
        span: Range<usize>,
    ) -> Option<usize> {
        if let Some(&slot) = self.index.get(name) {
            return Some(slot);
        }
        let suggestion =
            crate::suggest::did_you_mean(name, self.params.iter().map(|p| p.qualified.as_str()));
        let loc = self.loc(ctx, Some(span));
        self.errors.push(Error::UnknownParameter {
            loc,
            name: name.to_string(),
            suggestion,
        });
        None
    }

    /// Checks that parameter `slot` has dimension `want` (one of them), else a unit error.
    pub(super) fn ledger_dim(
        &mut self,
        ctx: &Ctx,
        slot: usize,
        want: &[Dimension],
        what: &str,
        span: Range<usize>,
    ) -> Option<Dimension> {
        let dim = self.params[slot].unit.dim;
        if want.contains(&dim) {
            return Some(dim);
        }
        let loc = self.loc(ctx, Some(span));
        let units: Vec<String> = want.iter().map(|d| d.display_unit().text).collect();
        self.errors.push(Error::Unit {
            loc,
            message: format!(
                "parameter '{}' is in {dim}, but {what} must be in {}",
                self.params[slot].qualified,
                units.join(" or ")
            ),
        });
        None
    }

    fn party_ref(
        &mut self,
        parties: &[Party],
        ctx: &Ctx,
        id: &str,
        span: Range<usize>,
    ) -> Option<Option<usize>> {
        if id == UNASSIGNED {
            return Some(None);
        }
        if let Some(p) = parties.iter().position(|p| p.id == id) {
            return Some(Some(p));
        }
        let hint = crate::suggest::did_you_mean(id, parties.iter().map(|p| p.id.as_str()))
            .map(|s| format!(" (did you mean '{s}'?)"))
            .unwrap_or_default();
        let known: Vec<&str> = parties.iter().map(|p| p.id.as_str()).collect();
        self.push_model_error(
            ctx,
            Some(span),
            format!(
                "unknown party '{id}'{hint}; parties are {} (declare it under [[parties]], or write '{UNASSIGNED}')",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ),
        );
        None
    }

    pub(super) fn ledger(
        &mut self,
        file: &ModelFile,
        initiatives: &[Initiative],
        shared: &[SharedCase],
    ) -> LedgerSpec {
        let root = Ctx::default();
        let mut parties: Vec<Party> = Vec::new();
        for p in &file.parties {
            let id = p.id.get_ref().clone();
            let ctx = root.field("parties");
            if !is_slug(&id) || id == UNASSIGNED {
                self.push_model_error(&ctx, Some(p.id.span()), format!("party id '{id}' must use only a-z, 0-9, '-' and '_', and '{UNASSIGNED}' is reserved for what no party is assigned to"));
                continue;
            }
            if parties.iter().any(|x| x.id == id) {
                self.push_model_error(
                    &ctx,
                    Some(p.id.span()),
                    format!("duplicate party id '{id}'"),
                );
                continue;
            }
            parties.push(Party {
                name: if p.name.is_empty() {
                    id.clone()
                } else {
                    p.name.clone()
                },
                id,
                role: p.role,
                note: p.note.clone(),
            });
        }
        let lf = file.ledger.clone().unwrap_or_default();
        let lctx = root.field("ledger");

        // The part-time factor and annual hours: named, or the conventional names.
        let global_param = |this: &mut Self,
                            given: &Option<toml::Spanned<String>>,
                            default: &str,
                            want: Dimension,
                            what: &str| {
            match given {
                Some(name) => {
                    let ctx = Ctx {
                        parameter: Some(name.get_ref().clone()),
                        ..lctx.clone()
                    };
                    let slot = this.ledger_param(&ctx, name.get_ref(), name.span())?;
                    this.ledger_dim(&ctx, slot, &[want], what, name.span())?;
                    Some(slot)
                }
                None => this
                    .index
                    .get(default)
                    .copied()
                    .filter(|&s| this.params[s].unit.dim == want),
            }
        };
        let ptf = global_param(
            self,
            &lf.part_time_factor,
            "part_time_factor",
            Dimension::FTE / Dimension::PERSON,
            "a part-time factor",
        );
        let annual_hours = global_param(
            self,
            &lf.annual_hours,
            "annual_hours",
            Dimension::EFFORT / (Dimension::FTE * Dimension::TIME),
            "the annual hours",
        );

        // Sectors: the model's mapping, else the default by law.
        let mut resolved: Vec<(Resolved, Resolved)> = Vec::new();
        let mut sectors: Vec<SectorBooking> = Vec::new();
        for (s, _) in SECTORS.iter().enumerate() {
            let (p, f, _) = default_by_law(Sector(s));
            let res = |id: &'static str| match parties.iter().position(|x| x.id == id) {
                _ if id == UNASSIGNED => Resolved::Party(None),
                Some(i) => Resolved::Party(Some(i)),
                None => Resolved::Missing(id),
            };
            resolved.push((res(p), res(f)));
            sectors.push(SectorBooking {
                sector: Sector(s),
                provider: None,
                financier: None,
                cost_rate: None,
                part_time_factor: ptf,
            });
        }
        for (key, entry) in &lf.sectors {
            let ctx = Ctx {
                field: Some("ledger.sectors"),
                ..root.clone()
            };
            let sector = match Sector::parse(key) {
                Ok(s) => s,
                Err(e) => {
                    let span = entry
                        .provider
                        .as_ref()
                        .or(entry.financier.as_ref())
                        .or(entry.cost_rate.as_ref())
                        .map(|s| s.span());
                    self.push_model_error(&ctx, span, format!("[ledger.sectors]: {e}"));
                    continue;
                }
            };
            if let Some(p) = &entry.provider {
                if let Some(r) =
                    self.party_ref(&parties, &ctx.field("provider"), p.get_ref(), p.span())
                {
                    resolved[sector.0].0 = Resolved::Party(r);
                }
            }
            if let Some(f) = &entry.financier {
                if let Some(r) =
                    self.party_ref(&parties, &ctx.field("financier"), f.get_ref(), f.span())
                {
                    resolved[sector.0].1 = Resolved::Party(r);
                }
            }
            if let Some(f) = &entry.part_time_factor {
                let pctx = Ctx {
                    parameter: Some(f.get_ref().clone()),
                    ..ctx.field("part_time_factor")
                };
                if let Some(slot) = self.ledger_param(&pctx, f.get_ref(), f.span()) {
                    if self
                        .ledger_dim(
                            &pctx,
                            slot,
                            &[Dimension::FTE / Dimension::PERSON],
                            "a part-time factor",
                            f.span(),
                        )
                        .is_some()
                    {
                        sectors[sector.0].part_time_factor = Some(slot);
                    }
                }
            }
            if let Some(r) = &entry.cost_rate {
                let rctx = Ctx {
                    parameter: Some(r.get_ref().clone()),
                    ..ctx.field("cost_rate")
                };
                let per_fte = Dimension::MONEY / (Dimension::FTE * Dimension::TIME);
                let per_hour = Dimension::MONEY / Dimension::EFFORT;
                if let Some(slot) = self.ledger_param(&rctx, r.get_ref(), r.span()) {
                    if let Some(dim) = self.ledger_dim(
                        &rctx,
                        slot,
                        &[per_fte, per_hour],
                        &format!("the cost rate of sector '{key}'"),
                        r.span(),
                    ) {
                        if dim == per_hour && annual_hours.is_none() {
                            self.push_model_error(&rctx, Some(r.span()), "a cost rate in EUR/h needs the annual hours: a global parameter 'annual_hours' in h/(FTE*yr), or `[ledger] annual_hours = \"...\"`".to_string());
                        }
                        sectors[sector.0].cost_rate = Some(CostRate {
                            slot,
                            per_hour: dim == per_hour,
                        });
                    }
                }
            }
        }
        let has_rates = sectors.iter().any(|s| s.cost_rate.is_some());

        // Components: their own parties, else their sector's.
        let mut bookings: Vec<Vec<Booking>> = Vec::new();
        let mut reported: Vec<(usize, u8)> = Vec::new();
        let staff_role = lf.staff_to;
        for ini in initiatives {
            let Some(fi) = file.initiatives.iter().find(|f| f.id.get_ref() == &ini.id) else {
                bookings.push(Vec::new());
                continue;
            };
            let comps: &[ComponentFile] = match &ini.body {
                Body::Components(_) => &fi.components,
                Body::Shared { case, .. } => file
                    .shared
                    .get(*case)
                    .map_or(&[][..], |s| &s.components[..]),
            };
            let owner = match &ini.body {
                Body::Shared { case, .. } => {
                    shared.get(*case).map_or(ini.id.clone(), |s| s.id.clone())
                }
                Body::Components(_) => ini.id.clone(),
            };
            let mut row = Vec::new();
            for (k, c) in comps.iter().enumerate() {
                let Ok(sector) = Sector::parse(c.sector.get_ref()) else {
                    continue;
                };
                let ctx = Ctx {
                    initiative: Some(owner.clone()),
                    component: Some(match &c.label {
                        Some(l) => format!("#{} '{l}'", k + 1),
                        None => format!("#{}", k + 1),
                    }),
                    ..Ctx::default()
                };
                let mut pick = |this: &mut Self,
                                given: &Option<toml::Spanned<String>>,
                                r: &Resolved,
                                role: u8,
                                field: &'static str|
                 -> Option<usize> {
                    if let Some(g) = given {
                        return this
                            .party_ref(&parties, &ctx.field(field), g.get_ref(), g.span())
                            .flatten();
                    }
                    match r {
                        Resolved::Party(p) => *p,
                        Resolved::Missing(default) => {
                            if !parties.is_empty() && !reported.contains(&(sector.0, role)) {
                                reported.push((sector.0, role));
                                this.push_model_error(&ctx.field("sector"), Some(c.sector.span()), format!(
                                    "sector '{}' has no {field} party: its default by law is '{default}', which the model does not declare; declare it under [[parties]], map the sector in [ledger.sectors.{}], or give the component `{field} = \"...\"`",
                                    sector.id(), sector.id()
                                ));
                            }
                            None
                        }
                    }
                };
                let (rp, rf) = resolved[sector.0].clone();
                let provider = pick(self, &c.provider, &rp, 0, "provider");
                let financier = pick(self, &c.financier, &rf, 1, "financier");
                let staff_party = match staff_role {
                    crate::ledger::StaffTo::Provider => provider,
                    crate::ledger::StaffTo::Financier => financier,
                };
                if has_rates && staff_party.is_some() && !reported.contains(&(sector.0, 2)) {
                    let sb = &sectors[sector.0];
                    if sb.cost_rate.is_none() {
                        reported.push((sector.0, 2));
                        self.push_model_error(&ctx.field("sector"), Some(c.sector.span()), format!(
                            "missing cost rate: sector '{}' has staff booked to a party but no cost rate; give `[ledger.sectors.{}] cost_rate = \"...\"` (a parameter in EUR/(FTE*yr) or EUR/h), or declare no cost rate at all to keep the ledger in persons and FTE",
                            sector.id(), sector.id()
                        ));
                    } else if sb.part_time_factor.is_none() {
                        reported.push((sector.0, 2));
                        self.push_model_error(&ctx.field("sector"), Some(c.sector.span()), "cost rates turn FTE into euros, so persons must first become FTE: declare a global 'part_time_factor' in FTE/person, or name one with `[ledger] part_time_factor = \"...\"`".to_string());
                    }
                }
                row.push(Booking {
                    sector: sector.0,
                    provider,
                    financier,
                });
            }
            bookings.push(row);
        }
        for (s, (p, f)) in resolved.iter().enumerate() {
            if let Resolved::Party(p) = p {
                sectors[s].provider = *p;
            }
            if let Resolved::Party(f) = f {
                sectors[s].financier = *f;
            }
        }

        // Money entries.
        let mut money: Vec<Vec<MoneyEntry>> = Vec::new();
        for ini in initiatives {
            let mut entries = Vec::new();
            let fi = file.initiatives.iter().find(|f| f.id.get_ref() == &ini.id);
            for (k, m) in fi.map_or(&[][..], |f| &f.money[..]).iter().enumerate() {
                let ctx = Ctx {
                    initiative: Some(ini.id.clone()),
                    component: Some(match &m.label {
                        Some(l) => format!("money #{} '{l}'", k + 1),
                        None => format!("money #{}", k + 1),
                    }),
                    ..Ctx::default()
                };
                let party = if m.party.get_ref() == UNASSIGNED {
                    self.push_model_error(
                        &ctx.field("party"),
                        Some(m.party.span()),
                        format!("a money entry needs a declared party, not '{UNASSIGNED}'"),
                    );
                    None
                } else {
                    self.party_ref(
                        &parties,
                        &ctx.field("party"),
                        m.party.get_ref(),
                        m.party.span(),
                    )
                    .flatten()
                };
                let Some((expr, node, dim)) =
                    self.bind(&ScopeKey::Local(ini.id.clone()), &m.formula, &ctx)
                else {
                    continue;
                };
                let want = match m.kind {
                    MoneyKind::Investment => Dimension::MONEY,
                    MoneyKind::Running | MoneyKind::Saving => Dimension::MONEY / Dimension::TIME,
                };
                if dim != want {
                    let hint = if dim == Dimension::PERSON || dim == Dimension::FTE {
                        " (staff belongs in [[initiatives.components]], which come out in persons)"
                    } else if m.kind == MoneyKind::Investment
                        && dim == Dimension::MONEY / Dimension::TIME
                    {
                        " (a yearly amount is a `running` cost; an investment is one-off)"
                    } else if dim == Dimension::MONEY {
                        " (a one-off amount is an `investment`; a running cost or saving is per year)"
                    } else {
                        ""
                    };
                    let loc = self.formula_loc(&ctx, &m.formula, expr.span);
                    self.errors.push(Error::Unit {
                        loc,
                        message: format!("formula gives {dim}, but a money entry of kind '{}' must come out in {}{hint}", m.kind.as_str(), want.display_unit().text),
                    });
                    continue;
                }
                if m.year.is_some() && m.kind != MoneyKind::Investment {
                    self.push_model_error(&ctx.field("year"), Some(m.formula.span()), "only an investment (one-off) has a year; a running cost or saving counts in every year (today: the target year)".into());
                }
                if let Some(y) = m
                    .year
                    .as_ref()
                    .filter(|y| !self.horizon.contains(*y.get_ref()))
                {
                    let (h, span) = (self.horizon, y.span());
                    let y = *y.get_ref();
                    self.push_model_error(&ctx.field("year"), Some(span), format!("investment year {y} lies outside the horizon {}..={} (set [model] start_year to include it)", h.start_year, h.target_year));
                }
                if let Some(party) = party {
                    entries.push(MoneyEntry {
                        kind: m.kind,
                        party,
                        label: m.label.clone(),
                        year: m.year.as_ref().map(|y| *y.get_ref()),
                        text: m.formula.get_ref().clone(),
                        node,
                    });
                }
            }
            money.push(entries);
        }

        let agreements = self.agreements(file, &parties, initiatives);
        let (discount_rate, base_year) = self.discounting(&lf);
        LedgerSpec {
            discount_rate,
            base_year,
            parties,
            staff_to: lf.staff_to,
            annual_hours,
            sectors,
            bookings,
            money,
            agreements,
        }
    }

    fn amount(
        &mut self,
        ctx: &Ctx,
        a: &toml::Spanned<AmountFile>,
        unit: SettleUnit,
        what: &str,
    ) -> Option<Amount> {
        match a.get_ref() {
            AmountFile::Number(x) if x.is_finite() && *x >= 0.0 => Some(Amount::Number(*x)),
            AmountFile::Number(x) => {
                let loc = self.loc(ctx, Some(a.span()));
                self.errors.push(Error::InvalidValue {
                    loc,
                    message: format!("{what} is {x}; it must be a finite number >= 0"),
                });
                None
            }
            AmountFile::Parameter(name) => {
                let pctx = Ctx {
                    parameter: Some(name.clone()),
                    ..ctx.clone()
                };
                let slot = self.ledger_param(&pctx, name, a.span())?;
                let want: &[Dimension] = match unit {
                    SettleUnit::Eur => &[Dimension::MONEY / Dimension::TIME, Dimension::MONEY],
                    SettleUnit::Fte => &[Dimension::FTE],
                    SettleUnit::Person => &[Dimension::PERSON],
                };
                let dim = self.ledger_dim(
                    &pctx,
                    slot,
                    want,
                    &format!("{what} of an agreement in {}", unit.as_str()),
                    a.span(),
                )?;
                let value = self.params[slot].value;
                if value < 0.0 {
                    let loc = self.loc(&pctx, Some(a.span()));
                    self.errors.push(Error::InvalidValue {
                        loc,
                        message: format!("{what} is negative ({value})"),
                    });
                    return None;
                }
                Some(Amount::Parameter {
                    slot,
                    per_year: dim == Dimension::MONEY / Dimension::TIME,
                })
            }
        }
    }

    fn agreements(
        &mut self,
        file: &ModelFile,
        parties: &[Party],
        initiatives: &[Initiative],
    ) -> Vec<Agreement> {
        let mut out: Vec<Agreement> = Vec::new();
        for a in &file.agreements {
            let id = a.id.get_ref().clone();
            let ctx = Ctx {
                agreement: Some(id.clone()),
                ..Ctx::default()
            };
            if !is_slug(&id) {
                self.push_model_error(
                    &ctx.field("id"),
                    Some(a.id.span()),
                    format!("agreement id '{id}' must use only a-z, 0-9, '-' and '_'"),
                );
                continue;
            }
            if out.iter().any(|x| x.id == id) {
                self.push_model_error(
                    &ctx.field("id"),
                    Some(a.id.span()),
                    format!("duplicate agreement id '{id}'"),
                );
                continue;
            }
            let before = self.errors.len();
            let mut members: Vec<usize> = Vec::new();
            for p in a.parties.get_ref() {
                match self.party_ref(parties, &ctx.field("parties"), p, a.parties.span()) {
                    Some(Some(i)) if !members.contains(&i) => members.push(i),
                    Some(Some(_)) => self.push_model_error(
                        &ctx.field("parties"),
                        Some(a.parties.span()),
                        format!("party '{p}' is named twice"),
                    ),
                    Some(None) => self.push_model_error(
                        &ctx.field("parties"),
                        Some(a.parties.span()),
                        format!("'{UNASSIGNED}' cannot be a party to an agreement"),
                    ),
                    None => {}
                }
            }
            if a.parties.get_ref().is_empty() {
                self.push_model_error(
                    &ctx.field("parties"),
                    Some(a.parties.span()),
                    "an agreement needs at least one party".into(),
                );
            }
            let inside = |name: &str| members.iter().position(|&m| parties[m].id == name);
            let covered = a.initiatives.as_ref().map(|list| {
                let mut idx = Vec::new();
                for i in list.get_ref() {
                    match initiatives.iter().position(|x| &x.id == i) {
                        Some(n) => idx.push(n),
                        None => self.push_model_error(
                            &ctx.field("initiatives"),
                            Some(list.span()),
                            format!("unknown initiative '{i}'"),
                        ),
                    }
                }
                idx
            });
            let mut shares = vec![0.0; members.len()];
            let mut sum = 0.0;
            for (party, raw) in a.shares.get_ref() {
                let Some(p) = inside(party) else {
                    self.push_model_error(&ctx.field("shares"), Some(a.shares.span()), format!("the shares name party '{party}', which is not one of the agreement's parties ({})", a.parties.get_ref().join(", ")));
                    continue;
                };
                match fraction(raw) {
                    Some(x) if (0.0..=1.0).contains(&x) => {
                        shares[p] = x;
                        sum += x;
                    }
                    _ => {
                        let loc = self.loc(&ctx.field("shares"), Some(a.shares.span()));
                        self.errors.push(Error::InvalidValue { loc, message: format!("the share of '{party}' must be a fraction in [0, 1] or a percentage such as \"50%\"") });
                    }
                }
            }
            if self.errors.len() == before && (sum - 1.0).abs() > 1e-9 {
                let loc = self.loc(&ctx.field("shares"), Some(a.shares.span()));
                self.errors.push(Error::InvalidValue {
                    loc,
                    message: format!("the shares add up to {}, not 100%", pct(sum)),
                });
            }
            let mut caps = vec![None; members.len()];
            for (party, amount) in &a.cap {
                let Some(p) = inside(party) else {
                    self.push_model_error(&ctx.field("cap"), Some(amount.span()), format!("the cap names party '{party}', which is not one of the agreement's parties ({})", a.parties.get_ref().join(", ")));
                    continue;
                };
                caps[p] = self.amount(
                    &ctx.field("cap"),
                    amount,
                    a.unit,
                    &format!("the cap of '{party}'"),
                );
            }
            let baseline = a
                .baseline
                .as_ref()
                .and_then(|b| self.amount(&ctx.field("baseline"), b, a.unit, "the baseline"));
            let min_savings_rate = a.min_savings_rate.as_ref().and_then(|r| {
                match fraction(r.get_ref()) {
                    Some(x) if (0.0..=1.0).contains(&x) => {
                        if a.baseline.is_none() {
                            self.push_model_error(&ctx.field("min_savings_rate"), Some(r.span()), "a minimum savings rate is a share of the baseline: give `baseline` too".into());
                        }
                        Some(x)
                    }
                    _ => {
                        let loc = self.loc(&ctx.field("min_savings_rate"), Some(r.span()));
                        self.errors.push(Error::InvalidValue { loc, message: "the minimum savings rate must be a fraction in [0, 1] or a percentage such as \"2%\"".into() });
                        None
                    }
                }
            });
            let gate = a.quality_gate.as_ref().and_then(|g| {
                let name = g.parameter.get_ref();
                let gctx = Ctx { parameter: Some(name.clone()), ..ctx.field("quality_gate") };
                let slot = self.ledger_param(&gctx, name, g.parameter.span())?;
                let (lo, hi) = (g.at_least.as_ref().map(fraction), g.at_most.as_ref().map(fraction));
                if matches!(lo, Some(None)) || matches!(hi, Some(None)) || (lo.is_none() && hi.is_none()) {
                    self.push_model_error(&gctx, Some(g.parameter.span()), "a quality gate needs `at_least` and/or `at_most`, each a number or a percentage such as \"60%\"".into());
                    return None;
                }
                Some(Gate { parameter: name.clone(), slot, unit: self.params[slot].unit.clone(), at_least: lo.flatten(), at_most: hi.flatten() })
            });
            let truncate = a.truncate_at.as_ref().and_then(|t| match t.get_ref() {
                TruncateFile::Number(x) => self.amount(&ctx.field("truncate_at"), &toml::Spanned::new(t.span(), AmountFile::Number(*x)), a.unit, "the truncation").map(Truncate::At),
                TruncateFile::Text(s) if s.trim().ends_with('%') => match fraction(&RawValue::Text(s.clone())) {
                    Some(f) if f >= 0.0 && a.baseline.is_some() => Some(Truncate::ShareOfBaseline(f)),
                    _ => {
                        self.push_model_error(&ctx.field("truncate_at"), Some(t.span()), "a truncation given as a percentage is a share of the baseline: it must be >= 0% and the agreement needs `baseline`".into());
                        None
                    }
                },
                TruncateFile::Text(s) => self.amount(&ctx.field("truncate_at"), &toml::Spanned::new(t.span(), AmountFile::Parameter(s.clone())), a.unit, "the truncation").map(Truncate::At),
            });
            if self.errors.len() > before {
                continue;
            }
            out.push(Agreement {
                name: if a.name.is_empty() {
                    id.clone()
                } else {
                    a.name.clone()
                },
                id,
                parties: members,
                initiatives: covered,
                unit: a.unit,
                baseline,
                min_savings_rate,
                investors_first: a.investors_first,
                shares,
                caps,
                gate,
                truncate,
                note: a.note.clone(),
            });
        }
        out
    }
}
