//! Engine benchmarks. Criterion times the pieces; the summary at the end prints the ratios
//! the scenario-engine targets are stated in, measured side by side in this one run:
//! 2 threads vs 1, evaluation + statistics vs the bare cost of drawing the inputs, the
//! 10-year trajectory run vs the single-year run per draw.
//!
//! `cargo bench -p workforce-impact --bench engine` (or `make bench`).

use std::time::Instant;

use criterion::{black_box, Criterion};
use workforce_impact::engine::monte_carlo::McConfig;
use workforce_impact::engine::{Distribution, Input, Shape};
use workforce_impact::Model;

/// Every assumption ±50% triangular, the part-time factor 0.60–0.77 and the annual hours
/// 1,800–2,100: the run of the "done when".
fn inputs(model: &Model) -> Vec<Input> {
    let mut inputs: Vec<Input> = model
        .assumptions(0.5, Shape::Triangular)
        .into_iter()
        .filter(|i| i.name != "annual_hours" && i.name != "part_time_factor")
        .collect();
    inputs.push(Input::new(
        "part_time_factor",
        Distribution::Uniform { lo: 0.60, hi: 0.77 },
    ));
    inputs.push(Input::new(
        "annual_hours",
        Distribution::Uniform {
            lo: 1800.0,
            hi: 2100.0,
        },
    ));
    inputs
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
}

/// Wall-clock seconds of one call.
fn seconds(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

/// The median of `xs`.
fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[m]
    } else {
        (xs[m - 1] + xs[m]) / 2.0
    }
}

fn main() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let inputs = inputs(&model);
    let n: u64 = std::env::var("WI_BENCH_DRAWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000_000);

    let mut c = Criterion::default().configure_from_args().sample_size(10);
    let small = model
        .monte_carlo_plan(&inputs, McConfig::new(100_000, 1))
        .expect("plan");
    c.bench_function("monte_carlo 1e5 draws", |b| {
        b.iter(|| black_box(small.run()))
    });
    c.bench_function("draw inputs only 1e5", |b| {
        b.iter(|| black_box(small.draw_only(0..small.n_blocks())))
    });
    let batch = model
        .batch_plan(&["part_time_factor", "annual_hours"])
        .expect("plan");
    let rows: Vec<f64> = (0..200_000)
        .flat_map(|i| [0.6 + (i % 17) as f64 * 0.01, 1800.0 + (i % 300) as f64])
        .collect();
    c.bench_function("batch totals 1e5 rows x 2 inputs", |b| {
        b.iter(|| black_box(batch.totals(&rows).expect("totals")))
    });

    // The ratios, side by side.
    let plan = model
        .monte_carlo_plan(&inputs, McConfig::new(n, 2023))
        .expect("plan");
    let detail = model
        .monte_carlo_plan(
            &inputs,
            McConfig {
                detail: true,
                ..McConfig::new(n, 2023)
            },
        )
        .expect("plan");
    let years = model
        .trajectory_monte_carlo_plan(&inputs, McConfig::new(n, 2023), "baseline")
        .expect("plan");
    let (p1, p2) = (pool(1), pool(2));
    let all = 0..plan.n_blocks();
    // Every configuration REPS times, interleaved, so a change in the machine's load
    // touches them alike; the medians are printed.
    const REPS: usize = 7;
    let (mut t1, mut t2, mut floor, mut td, mut ty) = (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..REPS {
        t1.push(seconds(|| {
            drop(black_box(p1.install(|| plan.run_blocks(all.clone()))))
        }));
        t2.push(seconds(|| {
            drop(black_box(p2.install(|| plan.run_blocks(all.clone()))))
        }));
        floor.push(seconds(|| {
            black_box(p2.install(|| plan.draw_only(all.clone())));
        }));
        td.push(seconds(|| {
            drop(black_box(p2.install(|| detail.run_blocks(all.clone()))))
        }));
        ty.push(seconds(|| {
            drop(black_box(p2.install(|| years.run_blocks(all.clone()))))
        }));
    }
    let (t1, t2, floor, td) = (median(t1), median(t2), median(floor), median(td));
    let ty = median(ty);
    println!();
    // how busy the machine was: ratios on a loaded 2-core machine say little
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "load average: {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    println!(
        "monte carlo over {} inputs, {n} draws (median of {REPS} interleaved runs)",
        inputs.len()
    );
    println!(
        "  totals, 1 thread         {:8.3} s  {:6.2} M draws/s",
        t1,
        n as f64 / t1 / 1e6
    );
    println!(
        "  totals, 2 threads        {:8.3} s  {:6.2} M draws/s",
        t2,
        n as f64 / t2 / 1e6
    );
    println!(
        "  speed-up 2 vs 1 thread   {:8.2}x  (target >= 1.9x)",
        t1 / t2
    );
    println!("  drawing the inputs only  {:8.3} s  (the floor)", floor);
    println!(
        "  evaluation + statistics  {:+7.1}%  on top of the floor (target <= +50%)",
        (t2 / floor - 1.0) * 100.0
    );
    println!(
        "  detail (per initiative/theme/sector), 2 threads {:8.3} s  {:6.2} M draws/s  ({:.2}x the totals-only run)",
        td,
        n as f64 / td / 1e6,
        td / t2
    );
    println!(
        "  {} years (trajectory), 2 threads {:8.3} s  {:6.2} M draws/s  ({:.2}x the single-year run per draw, target <= 1.5x)",
        years.years().len(),
        ty,
        n as f64 / ty / 1e6,
        ty / t2
    );
}
