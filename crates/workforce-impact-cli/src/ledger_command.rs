//! The ledger command: who puts in what and who gets what back, the parties × initiatives
//! matrix and the settlement of the model's shared-savings agreements.

use clap::Args;
use workforce_impact::ledger::TextFormat;
use workforce_impact::{Model, Overrides};
use workforce_impact_cli::parse_overrides;

use crate::Format;

/// Options of `workforce-impact ledger`.
#[derive(Args)]
pub struct LedgerArgs {
    /// A model file or a builtin id.
    #[arg(default_value = "nml-2023")]
    model: String,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Override a parameter: NAME=VALUE in the parameter's unit (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    overrides: Vec<String>,
    /// Settle only this agreement (default: every agreement of the model).
    #[arg(long, value_name = "ID")]
    agreement: Option<String>,
    /// Cash flows over the horizon instead: per party and year, cumulative, payback year
    /// and NPV at `[ledger] discount_rate` (settled by --agreement when given).
    #[arg(long)]
    years: bool,
}

/// The text format of `format`; `None` for JSON.
fn text_format(format: Format) -> Option<TextFormat> {
    match format {
        Format::Table => Some(TextFormat::Table),
        Format::Markdown => Some(TextFormat::Markdown),
        Format::Csv => Some(TextFormat::Csv),
        Format::Json => None,
    }
}

pub fn ledger(out: &mut String, args: &LedgerArgs) -> Result<(), String> {
    let model = Model::load(&args.model).map_err(|e| e.to_string())?;
    let overrides = parse_overrides(args.overrides.iter().map(String::as_str), "--set")?;
    if args.years {
        return cash_flows(out, &model, &overrides, args);
    }
    let eval = model.evaluate(&overrides).map_err(|e| e.to_string())?;
    let ids: Vec<String> = match &args.agreement {
        Some(id) => vec![id.clone()],
        None => model
            .ledger
            .agreements
            .iter()
            .map(|a| a.id.clone())
            .collect(),
    };
    let mut settlements = Vec::new();
    for id in &ids {
        settlements.push(model.settlement(&eval, id).map_err(|e| e.to_string())?);
    }
    let ledger = model.ledger(&eval);
    let text = match text_format(args.format) {
        Some(format) => ledger.render(&settlements, format),
        None => {
            let value = serde_json::json!({
                "ledger": ledger,
                "matrix": ledger.matrix(),
                "settlements": settlements,
            });
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n"
        }
    };
    out.push_str(&text);
    Ok(())
}

/// `ledger --years`: the cash flows per party and year and the payback / NPV summary.
fn cash_flows(
    out: &mut String,
    model: &Model,
    overrides: &Overrides,
    args: &LedgerArgs,
) -> Result<(), String> {
    let flows = model
        .cash_flows(overrides, args.agreement.as_deref())
        .map_err(|e| e.to_string())?;
    let text = match text_format(args.format) {
        Some(format) => flows.render(format),
        None => serde_json::to_string_pretty(&flows).map_err(|e| e.to_string())? + "\n",
    };
    out.push_str(&text);
    Ok(())
}
