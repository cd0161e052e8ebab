//! Published figures and the source's claims: every figure the document gives for an
//! initiative (the primary one and its alternates, each with where it appears) and every
//! place the text states what the portfolio closes.

use toml::Spanned;

use super::{Ctx, Loader};
use crate::error::Error;
use crate::model::file::{AltPublishedFile, ClaimFile, PublishedFile, RawValue};
use crate::model::{Claim, Published, PublishedAlt};
use crate::report::fmt_number;

impl Loader<'_> {
    /// A published figure checked: finite values and ranges, and for each alternate a finite
    /// value (>= 0 unless the primary figure is a cost) and a `where` that is not empty and
    /// not used twice. `default_place` is the model's `published_in`.
    pub(super) fn published(
        &mut self,
        p: &Spanned<PublishedFile>,
        ctx: &Ctx,
        default_place: Option<&str>,
    ) -> Option<Published> {
        let span = Some(p.span());
        let ctx = ctx.field("published");
        let (published, alts) = match p.get_ref() {
            PublishedFile::Number(v) => (
                Published {
                    value: *v,
                    range: None,
                    as_written: fmt_number(*v),
                    place: default_place.map(str::to_string),
                    alt: Vec::new(),
                },
                &[][..],
            ),
            PublishedFile::Detailed {
                value,
                range,
                as_written,
                place,
                alt,
            } => (
                Published {
                    value: *value,
                    range: range.map(|r| (r[0], r[1])),
                    as_written: as_written.clone().unwrap_or_else(|| fmt_number(*value)),
                    place: place.clone().or_else(|| default_place.map(str::to_string)),
                    alt: Vec::new(),
                },
                &alt[..],
            ),
        };
        if !finite(published.value, published.range) {
            let loc = self.loc(&ctx, span.clone());
            self.errors.push(Error::InvalidValue {
                loc,
                message: "published figure must be finite (and a range low <= high)".into(),
            });
            return None;
        }
        if published
            .place
            .as_deref()
            .is_some_and(|w| w.trim().is_empty())
        {
            self.push_model_error(
                &ctx,
                span.clone(),
                "the published figure's `where` is empty; name where it appears (\"bijlage A\") or leave it out".into(),
            );
            return None;
        }
        let mut ok = true;
        let mut out = Vec::new();
        for (n, a) in alts.iter().enumerate() {
            match self.alt(a, n, &published, &out, &ctx, span.clone()) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(Published {
            alt: out,
            ..published
        })
    }

    /// One alternate figure, or `None` with an error pushed.
    fn alt(
        &mut self,
        a: &AltPublishedFile,
        n: usize,
        primary: &Published,
        seen: &[PublishedAlt],
        ctx: &Ctx,
        span: Option<std::ops::Range<usize>>,
    ) -> Option<PublishedAlt> {
        let which = format!("alternate published figure #{}", n + 1);
        let range = a.range.map(|r| (r[0], r[1]));
        let cost = primary.value < 0.0;
        if !finite(a.value, range) || (!cost && a.value < 0.0) {
            let loc = self.loc(ctx, span);
            self.errors.push(Error::InvalidValue {
                loc,
                message: format!(
                    "{which} is {}; it must be a finite number of persons{} (and a range low <= high)",
                    a.value,
                    if cost { "" } else { " >= 0 (the primary figure is not a cost)" }
                ),
            });
            return None;
        }
        let place = a.place.as_deref().map(str::trim).unwrap_or("");
        if place.is_empty() {
            self.push_model_error(
                ctx,
                span,
                format!("{which} ({}) needs a non-empty `where`: where the document gives it, e.g. \"bijlage B\"", fmt_number(a.value)),
            );
            return None;
        }
        if primary.place.as_deref().map(str::trim) == Some(place)
            || seen.iter().any(|s| s.place == place)
        {
            self.push_model_error(
                ctx,
                span,
                format!("{which}: duplicate `where` \"{place}\"; each figure of an initiative names a different place"),
            );
            return None;
        }
        Some(PublishedAlt {
            value: a.value,
            range,
            as_written: a.as_written.clone().unwrap_or_else(|| fmt_number(a.value)),
            place: place.to_string(),
        })
    }

    /// A claim of the `[shortage]` section; `listed` is true for an entry of `claims`,
    /// which must say where the text makes it.
    pub(super) fn claim(&mut self, c: &ClaimFile, listed: Option<usize>) -> Claim {
        if let Some(n) = listed {
            if c.place.as_deref().is_none_or(|w| w.trim().is_empty()) {
                self.push_model_error(
                    &Ctx::default().field("shortage.claims"),
                    None,
                    format!("shortage claim #{} needs a non-empty `where`: where the text makes the claim", n + 1),
                );
            }
        }
        Claim {
            share: match &c.share {
                Some(RawValue::Number(x)) => Some(*x),
                Some(RawValue::Text(t)) => t
                    .trim()
                    .strip_suffix('%')
                    .and_then(|n| n.trim().parse::<f64>().ok())
                    .map(|x| x / 100.0),
                None => None,
            },
            low: c.low,
            high: c.high,
            text: c.text.clone(),
            place: c.place.clone(),
        }
    }
}

fn finite(value: f64, range: Option<(f64, f64)>) -> bool {
    value.is_finite() && range.is_none_or(|(a, b)| a.is_finite() && b.is_finite() && a <= b)
}
