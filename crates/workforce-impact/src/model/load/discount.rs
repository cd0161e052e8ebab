//! Loading the cash flows' discounting: `[ledger] discount_rate` and `base_year`.

use super::{Ctx, Loader};
use crate::ledger::cashflow::bad_rate;
use crate::ledger::DiscountRate;
use crate::model::file::ledger::LedgerFile;
use crate::model::file::RawValue;
use crate::units::Dimension;

impl Loader<'_> {
    /// `[ledger] discount_rate` (a percentage, a number or a dimensionless global
    /// parameter) and `[ledger] base_year` (inside the horizon).
    pub(super) fn discounting(&mut self, lf: &LedgerFile) -> (Option<DiscountRate>, Option<i32>) {
        let ctx = Ctx::default().field("ledger");
        let rate = lf.discount_rate.as_ref().and_then(|raw| {
            let span = raw.span();
            let literal = match raw.get_ref() {
                RawValue::Number(x) => Some(*x),
                RawValue::Text(t) => t.trim().strip_suffix('%').map(|n| {
                    n.trim()
                        .replace(',', ".")
                        .parse::<f64>()
                        .map_or(f64::NAN, |x| x / 100.0)
                }),
            };
            let ctx = Ctx {
                parameter: Some("discount_rate".to_string()),
                ..ctx.field("discount_rate")
            };
            if let Some(r) = literal {
                if let Some(why) = bad_rate(r) {
                    self.push_model_error(
                        &ctx,
                        Some(span),
                        format!("[ledger] discount_rate: {why}"),
                    );
                    return None;
                }
                return Some(DiscountRate::Rate(r));
            }
            let RawValue::Text(name) = raw.get_ref() else {
                return None;
            };
            let name = name.trim();
            let pctx = Ctx {
                parameter: Some(name.to_string()),
                ..ctx.clone()
            };
            let slot = self.ledger_param(&pctx, name, span.clone())?;
            let dim = self.params[slot].unit.dim;
            if dim != Dimension::NONE {
                let loc = self.loc(&pctx, Some(span));
                self.errors.push(crate::error::Error::Unit {
                    loc,
                    message: format!(
                        "parameter '{name}' is in {dim}, but a discount rate must be a plain fraction (unit \"1\", e.g. \"3%\")"
                    ),
                });
                return None;
            }
            if let Some(why) = bad_rate(self.params[slot].value) {
                self.push_model_error(&pctx, Some(span), format!("[ledger] discount_rate: {why}"));
                return None;
            }
            Some(DiscountRate::Parameter {
                slot,
                name: name.to_string(),
            })
        });
        let base_year = lf.base_year.as_ref().and_then(|y| {
            let year = *y.get_ref();
            if self.horizon.contains(year) {
                return Some(year);
            }
            let h = self.horizon;
            self.push_model_error(
                &ctx.field("base_year"),
                Some(y.span()),
                format!(
                    "[ledger] base_year {year} lies outside the horizon {}..={}; year 0 of the discounting must be one of its years",
                    h.start_year, h.target_year
                ),
            );
            None
        });
        (rate, base_year)
    }
}
