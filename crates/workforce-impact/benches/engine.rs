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
use workforce_impact::regions::RegionTable;
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

/// 26 synthetic regions (not real ones: populations spread around the reference region's
/// own, 65+ share varied), as the CSV a user would load.
fn synthetic_regions(model: &Model) -> RegionTable {
    let own = model.region.clone().expect("a region");
    let pop = model
        .param(&format!("{own}.population"))
        .expect("population")
        .value;
    let old = model
        .param(&format!("{own}.population_65plus"))
        .expect("65+")
        .value;
    let mut csv = String::from("id,name,population,population_65plus,year,source\n");
    for k in 0..26 {
        let f = 0.5 + k as f64 / 25.0;
        let s = 0.8 + 0.4 * ((k * 7 % 26) as f64 / 25.0);
        csv.push_str(&format!(
            "synth{k:02},Synthetische regio {k:02},{:.0},{:.0},2023,synthetic (benchmark)\n",
            pop * f,
            old * f * s
        ));
    }
    RegionTable::from_csv_str(&csv, "<synthetic regions>").expect("a valid table")
}

/// Peak resident memory of this process (VmHWM), MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The all-regions run alone, in a child process so its peak memory is its own:
/// `WI_BENCH_REGIONS_CHILD=<draws>` prints "seconds peak_mib".
fn regions_child(n: u64) {
    let model = Model::builtin("nml-2023").expect("builtin");
    let inputs = inputs(&model);
    let table = synthetic_regions(&model);
    let t = Instant::now();
    let stats = pool(2).install(|| {
        let plan = model
            .regions_monte_carlo_plan(&table, &[], &inputs, McConfig::new(n, 2023), "baseline")
            .expect("plan");
        plan.run_blocks(0..plan.n_blocks())
    });
    let secs = t.elapsed().as_secs_f64();
    black_box(stats);
    println!("{secs} {}", peak_mib());
}

/// Runs `regions_child` in a fresh process.
fn regions_in_child(n: u64) -> (f64, f64) {
    let exe = std::env::current_exe().expect("the bench binary");
    let out = std::process::Command::new(exe)
        .env("WI_BENCH_REGIONS_CHILD", n.to_string())
        .output()
        .expect("child runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace();
    let secs = it.next().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
    let mib = it.next().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
    (secs, mib)
}

fn main() {
    if let Some(n) = std::env::var("WI_BENCH_REGIONS_CHILD")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        regions_child(n);
        return;
    }
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

    // 26 synthetic regions x the NML portfolio x 10 years in one run, each in a fresh
    // process so that its peak memory is its own: 10^6 and 10^7 draws.
    let regions_n: u64 = std::env::var("WI_BENCH_REGION_DRAWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let (s1, m1) = regions_in_child(regions_n);
    let (s10, m10) = regions_in_child(10 * regions_n);
    println!(
        "all regions: 26 synthetic regions x {} initiatives x {} years, 2 threads",
        model.initiatives.len(),
        years.years().len()
    );
    println!("  {regions_n} draws  {s1:8.2} s  peak {m1:7.1} MiB");
    println!(
        "  {} draws  {s10:8.2} s  peak {m10:7.1} MiB  (memory {:+.1}% for 10x the draws, target within 10%)",
        10 * regions_n,
        (m10 / m1 - 1.0) * 100.0
    );
}
