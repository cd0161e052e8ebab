"""Side-by-side benchmarks of the engine against what an analyst would write instead.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_python.py``). Every figure
is measured in this one run, and each comparison first checks that both sides agree.

Baselines:
- numpy: the model's own formulas as vectorised numpy (``model.numpy_source``), fed by
  numpy's random generator, with numpy statistics.
- ``X.sum(axis=0)``: one numpy pass over the batch input matrix.
- SALib: ``sobol.sample`` + numpy evaluation + ``sobol.analyze`` at the same N.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import types

import numpy as np

import workforce_impact as wi

DRAWS = int(os.environ.get("WI_BENCH_DRAWS", "1000000"))
SHARE_TARGET = 0.35


def best(reps, f):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def seconds(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def interleaved_medians(reps, runs):
    """Median seconds of each of ``runs`` (name -> callable), the runs interleaved
    ``reps`` times so that a change in the machine's load touches them alike."""
    times = {name: [] for name in runs}
    for _ in range(reps):
        for name, f in runs.items():
            times[name].append(seconds(f))
    return {name: statistics.median(ts) for name, ts in times.items()}


def numpy_model(model, names):
    module = types.ModuleType("numpy_baseline")
    exec(model.numpy_source(names), module.__dict__)
    return module.evaluate


def nml_distributions(model):
    """Every assumption ±50% triangular, part-time factor 0.60–0.77, annual hours 1,800–2,100."""
    dists = dict(model.assumptions(rel=0.5, shape="triangular"))
    dists["part_time_factor"] = wi.uniform(0.60, 0.77)
    dists["annual_hours"] = wi.uniform(1800, 2100)
    return dists


def numpy_draws(dists, n, rng):
    """The same distributions drawn with numpy (triangular and uniform only, as here)."""
    cols = {}
    for name, d in dists.items():
        spec = d.to_spec()
        if spec["kind"] == "triangular":
            lo, mode, hi = spec["lo"], spec["mode"], spec["hi"]
            cols[name] = rng.triangular(lo, mode, hi, n) if hi > lo else np.full(n, mode)
        elif spec["kind"] == "uniform":
            cols[name] = rng.uniform(spec["lo"], spec["hi"], n)
        else:
            raise ValueError(f"baseline draws only triangular/uniform, not {spec['kind']}")
    return cols


def monte_carlo_vs_numpy(model):
    dists = nml_distributions(model)
    names = list(dists)
    evaluate = numpy_model(model, names)
    shortage = model.evaluate().shortage

    # Agreement first: the same inputs through both, to 1e-9 relative.
    rng = np.random.default_rng(1)
    cols = numpy_draws(dists, 20_000, rng)
    X = np.column_stack([cols[n] for n in names])
    engine = model.evaluate_batch(names, X)
    baseline = sum(evaluate(cols))
    rel = float(np.max(np.abs(engine - baseline) / np.abs(baseline)))
    assert rel <= 1e-9, rel
    print(f"agreement engine vs numpy formulas on 20,000 rows: max relative difference {rel:.1e} (<= 1e-9)")

    def numpy_run():
        rng = np.random.default_rng(2023)
        chunk = 250_000  # what fits comfortably in memory per pass
        totals = []
        for start in range(0, DRAWS, chunk):
            m = min(chunk, DRAWS - start)
            totals.append(sum(evaluate(numpy_draws(dists, m, rng))))
        t = np.concatenate(totals)
        share = t / shortage
        return t.mean(), t.std(ddof=1), np.quantile(share, [0.05, 0.5, 0.95]), (share >= SHARE_TARGET).mean()

    def engine_run(**options):
        def run():
            r = model.monte_carlo(dists, n=DRAWS, seed=2023, targets=(SHARE_TARGET,), progress=False, **options)
            return r.prob_share_at_least(SHARE_TARGET)
        return run

    runs = {
        "numpy": numpy_run,
        "default": engine_run(),  # what `model.monte_carlo(dists, n, seed)` does: totals only
        "detail=False": engine_run(detail=False),
        "detail=True": engine_run(detail=True),
    }
    engine_run()()  # warm up
    reps = int(os.environ.get("WI_BENCH_REPS", "5"))
    t = interleaved_medians(reps, runs)
    p = engine_run()()
    p_numpy = numpy_run()[3]
    print(f"monte carlo, {len(names)} inputs, {DRAWS:,} draws (median of {reps} interleaved runs): "
          f"numpy {t['numpy']:.2f} s; P(share >= 35%) = {p:.3f} (numpy {p_numpy:.3f})")
    targets = {"default": 10, "detail=False": 15, "detail=True": None}
    for name in ("default", "detail=False", "detail=True"):
        target = f"(target >= {targets[name]}x)" if targets[name] else "(per initiative, theme, sector)"
        print(f"  engine {name:13} {t[name]:.3f} s  {DRAWS / t[name] / 1e6:5.1f} M draws/s "
              f"-> {t['numpy'] / t[name]:5.1f}x numpy {target}")


def batch_vs_sum(model):
    dists = nml_distributions(model)
    names = list(dists)
    rng = np.random.default_rng(3)
    cols = numpy_draws(dists, DRAWS, rng)
    X = np.ascontiguousarray(np.column_stack([cols[n] for n in names]))
    t_sum = best(5, lambda: X.sum(axis=0))
    t_batch = best(3, lambda: model.evaluate_batch(names, X))
    print(f"evaluate_batch over {X.shape[0]:,} x {X.shape[1]}: {t_batch:.3f} s vs X.sum(axis=0) {t_sum:.3f} s "
          f"-> {t_batch / t_sum:.1f}x (target <= 3x)")


THREAD_SCRIPT = """
import time, workforce_impact as wi, json, sys
sys.path.insert(0, {here!r})
from bench_python import nml_distributions
m = wi.Model.builtin("nml-2023"); d = nml_distributions(m)
m.monte_carlo(d, n=100_000, seed=1, detail={detail})
times = []
for _ in range({reps}):
    s = time.perf_counter()
    m.monte_carlo(d, n={n}, seed=2023, detail={detail}, progress=False)
    times.append(time.perf_counter() - s)
print(json.dumps(times))
"""


def threads(model):
    """1 vs 2 threads (``WORKFORCE_IMPACT_THREADS``), each in its own process; rounds of
    both alternate so a change in load touches both, and the medians are compared."""
    here = os.path.dirname(os.path.abspath(__file__))
    rounds, reps = 3, 3
    for detail in (False, True):
        times = {1: [], 2: []}
        for _ in range(rounds):
            for k in (1, 2):
                # numpy's BLAS threads have nothing to do here: keep them from spinning
                env = dict(os.environ, WORKFORCE_IMPACT_THREADS=str(k), OPENBLAS_NUM_THREADS="1")
                script = THREAD_SCRIPT.format(here=here, n=DRAWS, detail=detail, reps=reps)
                out = subprocess.run([sys.executable, "-c", script],
                                     env=env, capture_output=True, text=True, check=True)
                times[k] += json.loads(out.stdout.strip().splitlines()[-1])
        t1, t2 = statistics.median(times[1]), statistics.median(times[2])
        label = "default (totals)" if not detail else "detail=True"
        target = "(target >= 1.9x)" if not detail else ""
        print(f"threads, {label}, median of {rounds * reps}: 1 thread {t1:.3f} s, 2 threads {t2:.3f} s "
              f"-> {t1 / t2:.2f}x {target}")


MEMORY_SCRIPT = """
import resource, workforce_impact as wi, sys
sys.path.insert(0, {here!r})
from bench_python import nml_distributions
m = wi.Model.builtin("nml-2023"); d = nml_distributions(m)
r = m.monte_carlo(d, n={n}, seed=5, detail=True)
# VmHWM is this process's own peak: ru_maxrss starts from the parent's size at the exec
try:
    print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def memory(model):
    here = os.path.dirname(os.path.abspath(__file__))
    big = int(os.environ.get("WI_BENCH_MEMORY_DRAWS", "100000000"))
    rss = {}
    for n in (1_000_000, big):
        out = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT.format(here=here, n=n)],
                             capture_output=True, text=True, check=True)
        rss[n] = int(out.stdout.strip().splitlines()[-1]) / 1024
    print(f"peak memory: {rss[1_000_000]:.0f} MiB at 10^6 draws, {rss[big]:.0f} MiB at {big:.0e} draws "
          f"-> {rss[big] / rss[1_000_000] - 1:+.1%} (target within 10%)")


def sobol_vs_salib(model):
    try:
        from SALib.analyze import sobol as salib_analyze
        from SALib.sample import sobol as salib_sample
    except ImportError:
        print("sobol vs SALib: SALib not installed (pip install SALib) - skipped")
        return
    # every assumption uniform ±50% (SALib's sampler takes uniform bounds)
    dists = dict(model.assumptions(rel=0.5, shape="uniform"))
    dists["part_time_factor"] = wi.uniform(0.60, 0.77)
    dists["annual_hours"] = wi.uniform(1800, 2100)
    dists = {n: d for n, d in dists.items() if d.to_spec()["hi"] > d.to_spec()["lo"]}
    names = list(dists)
    bounds = [[d.to_spec()["lo"], d.to_spec()["hi"]] for d in dists.values()]
    problem = {"num_vars": len(names), "names": names, "bounds": bounds}
    evaluate = numpy_model(model, names)
    N = int(os.environ.get("WI_BENCH_SOBOL_N", "8192"))

    def salib():
        X = salib_sample.sample(problem, N, calc_second_order=False, seed=1)
        Y = sum(evaluate({n: X[:, i] for i, n in enumerate(names)}))
        return salib_analyze.analyze(problem, Y, calc_second_order=False, seed=1)

    def ours():
        return model.sobol(dists, n=N, seed=1)

    t_salib = best(2, salib)
    t_ours = best(3, ours)
    s, o = salib(), ours()
    diff = max(float(np.max(np.abs(np.asarray(s["S1"]) - o["S1"].to_numpy()))),
               float(np.max(np.abs(np.asarray(s["ST"]) - o["ST"].to_numpy()))))
    print(f"sobol N={N}, {len(names)} inputs: SALib {t_salib:.2f} s, engine {t_ours:.3f} s -> "
          f"{t_salib / t_ours:.1f}x (target >= 30x); max |index difference| {diff:.4f} (target <= 0.01)")


def main():
    model = wi.Model.builtin("nml-2023")
    load = ", load average %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    print(f"workforce-impact {wi.__version__} benchmarks, {os.cpu_count()} cores{load}\n")
    monte_carlo_vs_numpy(model)
    batch_vs_sum(model)
    threads(model)
    sobol_vs_salib(model)
    if os.environ.get("WI_BENCH_SKIP_MEMORY") != "1":
        memory(model)
    if hasattr(os, "getloadavg"):
        print("\nload average at the end: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
