//! A tour of the public API on the builtin NML 2023 model: the portfolio's total and share
//! of the shortage, a different part-time factor, one initiative explained, and a small
//! Monte Carlo run over the assumptions.
//!
//! `cargo run -p workforce-impact --example portfolio`
use workforce_impact::engine::{McConfig, Shape};
use workforce_impact::report::fmt_number;
use workforce_impact::{Errors, Model, Overrides};

fn main() {
    if let Err(e) = run() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Errors> {
    let model = Model::builtin("nml-2023")?;
    let stated = model.evaluate(&Overrides::default())?;
    let Some(shortage) = model.target_shortage() else {
        println!("{} has no shortage projection", model.id);
        return Ok(());
    };
    println!(
        "{}: {} initiatives free {} persons, {:.1}% of the {} shortage of {} persons",
        model.id,
        model.initiatives.len(),
        fmt_number(stated.total().round()),
        stated.share_of(shortage.persons) * 100.0,
        shortage.year,
        fmt_number(shortage.persons)
    );

    let lower = model.evaluate(&Overrides::new().set("part_time_factor", 0.60))?;
    println!(
        "with a part-time factor of 60% instead of 68%: {} persons ({:.1}%)",
        fmt_number(lower.total().round()),
        lower.share_of(shortage.persons) * 100.0
    );

    println!(
        "\n{}",
        model.explain("fit-for-surgery", &Overrides::default())?
    );

    // ±50% (triangular) around every parameter whose provenance is an assumption.
    let inputs = model.assumptions(0.5, Shape::Triangular);
    let stats = model
        .monte_carlo_plan(&inputs, McConfig::new(10_000, 1))?
        .run();
    if let Some(total) = stats.group("total") {
        println!(
            "Monte Carlo over {} assumptions, {} draws: median {} persons, 90% interval {} to {}",
            inputs.len(),
            stats.n,
            fmt_number(total.quantile(0.5).round()),
            fmt_number(total.quantile(0.05).round()),
            fmt_number(total.quantile(0.95).round())
        );
    }
    println!(
        "P(share of the shortage >= 35%) = {:.2}",
        stats.prob_share_at_least(0.35)
    );
    Ok(())
}
