//! Binding formulas: parsing, unit-checking against the scope, ordering derived parameters
//! by what they read (so the order in the file does not matter) and bounding their depth.

use super::*;

impl Loader<'_> {
    /// Parses a formula, reporting a syntax error at its position.
    pub(super) fn parse_formula(
        &mut self,
        text: &Spanned<String>,
        ctx: &Ctx,
    ) -> Option<formula::Expr> {
        match formula::parse(text.get_ref()) {
            Ok(e) => Some(e),
            Err(e) => {
                let loc = self.formula_loc(ctx, text, e.span);
                self.errors.push(Error::Syntax {
                    loc,
                    message: e.message,
                });
                None
            }
        }
    }

    /// Binds `text` in scope `key` (its locals, then globals and region populations).
    pub(super) fn bind(
        &mut self,
        key: &ScopeKey,
        text: &Spanned<String>,
        ctx: &Ctx,
    ) -> Option<(formula::Expr, formula::Node, Dimension)> {
        let expr = self.parse_formula(text, ctx)?;
        self.bind_parsed(key, text, expr, ctx)
    }

    /// Binds an already parsed formula: checks its units and that, with the derived
    /// parameters it reads written out, it stays within [`MAX_FORMULA_DEPTH`].
    pub(super) fn bind_parsed(
        &mut self,
        key: &ScopeKey,
        text: &Spanned<String>,
        expr: formula::Expr,
        ctx: &Ctx,
    ) -> Option<(formula::Expr, formula::Node, Dimension)> {
        let reads_failed = expr.param_names().iter().any(|n| {
            self.failed.contains(&(key.clone(), n.to_string()))
                || self.failed.contains(&(ScopeKey::Global, n.to_string()))
        });
        if reads_failed {
            return None;
        }
        let scope = LookupScope { loader: self, key };
        match formula::resolve(&expr, &scope) {
            Ok((node, dim)) => {
                let depth = node.depth(&|s| self.inlined_depth.get(&s).map_or(0, |d| d + 1));
                if depth > MAX_FORMULA_DEPTH {
                    let loc = self.formula_loc(ctx, text, expr.span);
                    self.errors.push(Error::Syntax {
                        loc,
                        message: format!(
                            "{} — here {depth} levels with the derived parameters it reads \
                             written out",
                            formula::parser::too_deep_message()
                        ),
                    });
                    return None;
                }
                Some((expr, node, dim))
            }
            Err(FormulaError { kind, span }) => {
                let loc = self.formula_loc(ctx, text, span);
                self.errors.push(match kind {
                    FormulaErrorKind::UnknownParameter { name, suggestion } => {
                        Error::UnknownParameter {
                            loc,
                            name,
                            suggestion,
                        }
                    }
                    FormulaErrorKind::UnitMismatch(message) => Error::Unit { loc, message },
                    FormulaErrorKind::Syntax(message) => Error::Syntax { loc, message },
                });
                None
            }
        }
    }

    /// Binds derived parameters in dependency order, so that each formula is checked against
    /// the units of what it reads whatever order the file declares them in; returns that order.
    pub(super) fn resolve_derived(&mut self) -> Vec<usize> {
        let pending = std::mem::take(&mut self.pending);
        // Parse every formula and find what it reads, before checking any of them.
        let mut parsed: HashMap<usize, formula::Expr> = HashMap::new();
        let mut deps: HashMap<usize, Vec<usize>> = HashMap::new();
        for p in &pending {
            let Some(expr) = self.parse_formula(&p.text, &p.ctx) else {
                self.mark_failed(p);
                continue;
            };
            let scope = LookupScope {
                loader: self,
                key: &p.scope,
            };
            let reads = expr
                .param_names()
                .into_iter()
                .filter_map(|n| formula::check::Scope::lookup(&scope, n).map(|(slot, _)| slot))
                .collect();
            deps.insert(p.slot, reads);
            parsed.insert(p.slot, expr);
        }
        let (order, cycles) = topological_order(&deps);
        for s in cycles {
            let p = &self.params[s];
            let loc = p.loc.clone();
            let message = format!("derived parameter '{}' depends on itself", p.qualified);
            self.errors.push(Error::Model { loc, message });
        }
        let by_slot: HashMap<usize, &PendingDerived> =
            pending.iter().map(|p| (p.slot, p)).collect();
        let mut bound = Vec::with_capacity(order.len());
        for &slot in &order {
            let p = by_slot[&slot];
            let Some(expr) = parsed.remove(&slot) else {
                continue;
            };
            let Some((expr, node, dim)) = self.bind_parsed(&p.scope, &p.text, expr, &p.ctx) else {
                // Whatever reads it is skipped rather than checked against a unit it lacks.
                self.mark_failed(p);
                continue;
            };
            let declared = self.params[slot].unit.clone();
            if self.file_unit_given(slot) {
                if declared.dim != dim {
                    let loc = self.formula_loc(&p.ctx, &p.text, expr.span);
                    self.errors.push(Error::Unit {
                        loc,
                        message: format!(
                            "formula gives {dim}, but the parameter's unit is '{}' ({})",
                            declared.text, declared.dim
                        ),
                    });
                    self.mark_failed(p);
                    continue;
                }
            } else {
                self.params[slot].unit = dim.display_unit();
            }
            let depth = node.depth(&|s| self.inlined_depth.get(&s).map_or(0, |d| d + 1));
            self.inlined_depth.insert(slot, depth);
            self.params[slot].derived = Some(Derivation {
                text: p.text.get_ref().clone(),
                expr,
                node,
            });
            bound.push(slot);
        }
        // Derived values as stated = their formula over the stated inputs.
        let mut values = self.params.iter().map(Parameter::base).collect::<Vec<_>>();
        for &s in &bound {
            if let Some(d) = &self.params[s].derived {
                values[s] = d.node.eval(&values);
                let unit = &self.params[s].unit;
                self.params[s].value = unit.from_base(values[s]);
            }
        }
        bound
    }

    pub(super) fn mark_failed(&mut self, p: &PendingDerived) {
        let name = self.params[p.slot].name.clone();
        self.failed.insert((p.scope.clone(), name));
    }

    pub(super) fn file_unit_given(&self, slot: usize) -> bool {
        !self.params[slot].unit.text.is_empty()
    }
}

/// The derived slots of `deps` ordered so each comes after the derived slots it reads,
/// and the slots at which a cycle was found (one per cycle; those and what reads them are
/// left out). Iterative, so a chain of any length cannot exhaust the stack.
pub(super) fn topological_order(deps: &HashMap<usize, Vec<usize>>) -> (Vec<usize>, Vec<usize>) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
        Broken,
    }
    let mut order = Vec::new();
    let mut cycles = Vec::new();
    let mut state: HashMap<usize, State> = HashMap::new();
    let mut roots: Vec<usize> = deps.keys().copied().collect();
    roots.sort_unstable();
    for root in roots {
        if state.contains_key(&root) {
            continue;
        }
        // (slot, index of the next dependency to visit)
        let mut stack = vec![(root, 0usize)];
        state.insert(root, State::Open);
        while let Some(&mut (slot, ref mut next)) = stack.last_mut() {
            let reads = &deps[&slot];
            if let Some(&r) = reads.get(*next) {
                *next += 1;
                if !deps.contains_key(&r) {
                    continue;
                }
                match state.get(&r) {
                    None => {
                        state.insert(r, State::Open);
                        stack.push((r, 0));
                    }
                    Some(State::Open) => {
                        cycles.push(r);
                        // Everything on the stack reads the cycle: none of it can be bound.
                        for &(s, _) in &stack {
                            state.insert(s, State::Broken);
                        }
                    }
                    Some(State::Broken) => {
                        for &(s, _) in &stack {
                            state.insert(s, State::Broken);
                        }
                    }
                    Some(State::Done) => {}
                }
                continue;
            }
            stack.pop();
            if state.get(&slot) == Some(&State::Open) {
                state.insert(slot, State::Done);
                order.push(slot);
            }
        }
    }
    (order, cycles)
}

pub(super) struct LookupScope<'l, 'a> {
    loader: &'l Loader<'a>,
    key: &'l ScopeKey,
}

impl formula::check::Scope for LookupScope<'_, '_> {
    fn lookup(&self, name: &str) -> Option<(usize, Dimension)> {
        let slot = self
            .loader
            .locals
            .get(self.key)
            .and_then(|m| m.get(name))
            .or_else(|| {
                self.loader
                    .locals
                    .get(&ScopeKey::Global)
                    .and_then(|m| m.get(name))
            })
            .copied()
            .or_else(|| {
                // region populations by qualified name; `region.*` is the model's own
                let own = (name.strip_prefix("region."))
                    .zip(self.loader.own_region.as_ref())
                    .map(|(base, own)| format!("{own}.{base}"));
                let name = own.as_deref().unwrap_or(name);
                name.contains('.')
                    .then(|| self.loader.index.get(name).copied())
                    .flatten()
                    .filter(|&s| matches!(self.loader.params[s].scope, ParamScope::Region(_)))
            })?;
        Some((slot, self.loader.params[slot].unit.dim))
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for key in [self.key, &ScopeKey::Global] {
            if let Some(m) = self.loader.locals.get(key) {
                names.extend(m.keys().cloned());
            }
        }
        names.extend(
            self.loader
                .params
                .iter()
                .filter(|p| matches!(p.scope, ParamScope::Region(_)))
                .map(|p| p.qualified.clone()),
        );
        if let Some(own) = &self.loader.own_region {
            let prefix = format!("{own}.");
            let own_bases: Vec<String> = (names.iter())
                .filter_map(|n| n.strip_prefix(&prefix).map(|b| format!("region.{b}")))
                .collect();
            names.extend(own_bases);
        }
        names
    }
}
