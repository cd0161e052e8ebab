//! Thread scaling of the Monte Carlo engine: the same run in a pool of 1 and of 2 threads.
use std::time::Instant;
use workforce_impact::engine::monte_carlo::McConfig;
use workforce_impact::engine::Shape;
use workforce_impact::Model;

fn main() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let inputs = model.assumptions(0.5, Shape::Triangular);
    let plan = model
        .monte_carlo_plan(&inputs, McConfig::new(2_000_000, 1))
        .expect("plan");
    for threads in [1, 2, 1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let t = Instant::now();
        let x = pool.install(|| plan.draw_only(0..plan.n_blocks()));
        let d = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let r = pool.install(|| plan.run_blocks(0..plan.n_blocks()));
        println!(
            "{threads} threads: draw only {d:.3} s, run {:.3} s ({x:.1}, {})",
            t.elapsed().as_secs_f64(),
            r.n
        );
    }
}
