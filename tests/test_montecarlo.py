"""Monte Carlo: distributions, determinism across threads and shards (and Dask), degenerate
inputs equal evaluate(), the analytic product-of-uniforms model, typed errors, Ctrl-C."""

from __future__ import annotations

import _thread
import json
import math
import os
import pickle
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import workforce_impact as wi
from workforce_impact.distributions import Distribution, as_distribution

PTF_HOURS = {"part_time_factor": wi.uniform(0.60, 0.77), "annual_hours": wi.uniform(1800, 2100)}
FRACTION = "buikpijnteam.clinical_admission_reduction"  # a percentage: must stay in [0, 1]

PRODUCT = {
    "model": {"id": "product", "region": "r", "target_year": 2032},
    "regions": [{"id": "r", "name": "R", "population": 1}],
    "shortage": {"projections": [{"year": 2032, "persons": 1}]},
    "parameters": {"x1": {"value": 0.5}, "x2": {"value": 0.5}},
    "themes": [{"id": "t"}],
    "initiatives": [
        {"id": "a", "theme": "t", "components": [{"sector": "msz", "formula": "x1 * x2 * 1[person]"}]}
    ],
}


@pytest.fixture(scope="module")
def nml() -> wi.Model:
    return wi.Model.builtin("nml-2023")


@pytest.fixture(scope="module")
def dists(nml) -> dict:
    return {**nml.assumptions(0.5, "triangular"), **PTF_HOURS}


def summary(r: wi.MonteCarloResult) -> dict:
    """Every statistic of every group, for exact comparisons."""
    qs = [0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0]
    out = {"n": r.n, "p35": r.prob_share_at_least(0.35), "p36": r.prob_share_at_least(0.36)}
    for g in r.groups:
        out[g] = [r.mean(g), r.sd(g), r.min(g), r.max(g), *r.quantiles(qs, of=g).tolist()]
        out[g + "/hist"] = r.histogram(g, bins=20)[1].tolist()
    return out


# -- distributions -------------------------------------------------------------------------


def test_constructors_and_specs():
    assert wi.uniform(1, 2).to_spec() == {"kind": "uniform", "lo": 1.0, "hi": 2.0}
    assert wi.triangular(1, 2, 4).to_spec() == {"kind": "triangular", "lo": 1.0, "mode": 2.0, "hi": 4.0}
    assert wi.pert(0, 1, 8).to_spec()["kind"] == "pert"
    assert wi.normal(10, 2).to_spec() == {"kind": "normal", "mean": 10.0, "sd": 2.0, "lo": None, "hi": None}
    assert wi.normal(10, 2, lo=0).to_spec()["lo"] == 0.0
    ln = wi.lognormal(2, 8)
    assert ln.to_spec()["kind"] == "log-normal"
    assert math.exp(ln.mu - 1.6448536269514722 * ln.sigma) == pytest.approx(2)
    assert wi.discrete([1, 2]).to_spec() == {"kind": "discrete", "values": [1.0, 2.0], "weights": [1.0, 1.0]}
    assert wi.constant(3).to_spec() == {"kind": "constant", "value": 3.0}
    for f in (wi.uniform, wi.triangular, wi.pert, wi.normal):
        d = f(rel=0.5)
        assert d.is_relative and d.to_spec() == {"shape": f.__name__, "rel": 0.5}
    assert wi.triangular(rel=0.5).around(0.04) == wi.triangular(0.02, 0.04, 0.06)


def test_specs_round_trip_and_pickle():
    for d in (
        wi.uniform(1, 2),
        wi.triangular(1, 2, 4),
        wi.pert(0, 1, 8),
        wi.normal(10, 2, lo=0),
        wi.normal(10, 2),
        wi.lognormal(2, 8),
        wi.discrete([1, 2], [1, 3]),
        wi.constant(3),
        wi.uniform(rel=0.2),
    ):
        assert Distribution.from_spec(d.to_spec()) == d
        assert pickle.loads(pickle.dumps(d)) == d
    assert as_distribution(0.5) == wi.constant(0.5)
    assert as_distribution(np.float64(0.5)) == wi.constant(0.5)
    with pytest.raises(TypeError):
        as_distribution("wide")


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: wi.uniform(5, 3), r"uniform\(lo=5, hi=3\): lo must be <= hi"),
        (lambda: wi.triangular(1, 5, 3), "needs lo <= mode <= hi"),
        (lambda: wi.pert(3, 2, 1), "needs lo <= mode <= hi"),
        (lambda: wi.normal(1, -1), "sd must be finite and >= 0"),
        (lambda: wi.normal(1, 1, lo=2, hi=1), "truncation needs lo < hi"),
        (lambda: wi.lognormal(-1, 3), "needs 0 < p5 <= p95"),
        (lambda: wi.lognormal(mu=0, sigma=-1), "sigma must be finite and >= 0"),
        (lambda: wi.discrete([1, 2], [1]), "give one weight per value"),
        (lambda: wi.discrete([1, 2], [-1, 2]), "weights >= 0"),
        (lambda: wi.triangular(rel=-0.5), "relative width -0.5 must be finite and >= 0"),
        (lambda: wi.uniform(0, math.inf), "must be finite"),
    ],
)
def test_bad_distributions_raise_invalid_value(make, message):
    with pytest.raises(wi.InvalidValueError, match=message):
        make()


def test_constructor_misuse_is_a_type_error():
    with pytest.raises(TypeError, match="either the bounds or rel="):
        wi.uniform(1, 2, rel=0.1)
    with pytest.raises(TypeError, match="needs lo and hi"):
        wi.uniform(1)
    with pytest.raises(TypeError):
        wi.uniform("a", 2)


# -- results -------------------------------------------------------------------------------


def test_result_contents(nml, dists):
    r = nml.monte_carlo(dists, n=20_000, seed=2023, detail=True)
    assert r.n == 20_000
    df = r.to_pandas()
    assert list(df.kind.unique()) == ["total", "share", "initiative", "theme", "sector"]
    assert (df.kind == "initiative").sum() == 42
    assert set(df[df.kind == "theme"].id) == set(nml.themes)
    ev = nml.evaluate()
    # the spread sits around the stated evaluation, shares are totals over the shortage
    lo, hi = r.quantiles([0.01, 0.99])
    assert lo < ev.total < hi
    assert r.mean("share") == pytest.approx(r.mean() / ev.shortage, rel=1e-12)
    assert r.share_quantiles([0.5]).iloc[0] == pytest.approx(r.quantiles([0.5]).iloc[0] / ev.shortage, rel=2e-3)
    # themes add up to the total, and so do initiatives
    assert df[df.kind == "theme"]["mean"].sum() == pytest.approx(r.mean(), rel=1e-9)
    assert df[df.kind == "initiative"]["mean"].sum() == pytest.approx(r.mean(), rel=1e-9)
    # a bare id finds its group
    assert r.mean("buikpijnteam") == r.mean("initiative:buikpijnteam")
    edges, counts = r.histogram("share", bins=30)
    assert len(edges) == 31 and counts.sum() == r.n
    assert edges[0] == r.min("share") and edges[-1] == pytest.approx(r.max("share"))
    # P(share >= target) is exact for targets, close from the sketch otherwise
    p = r.prob_share_at_least(0.35)
    assert 0 < p < 1
    assert abs(r.prob_share_at_least(0.35 + 1e-12) - p) < 0.01
    assert "P(share >= 35%)" in repr(r) and "<table" in r._repr_html_()


def test_by_default_a_run_keeps_total_and_share(nml, dists):
    r = nml.monte_carlo(dists, n=3000, seed=1, targets=(0.35, 0.37))
    assert r.groups == ["total", "share"]
    assert summary(r) == summary(nml.monte_carlo(dists, n=3000, seed=1, targets=(0.35, 0.37), detail=False))
    with pytest.raises(KeyError, match="detail=True"):
        r.mean("buikpijnteam")
    assert len(r.to_pandas()) == 2 and "<table" in r._repr_html_()


def test_detail_adds_groups_and_changes_no_figure_of_total_and_share(nml, dists):
    plain = nml.monte_carlo(dists, n=70_000, seed=4, targets=(0.35, 0.37))
    detail = nml.monte_carlo(dists, n=70_000, seed=4, targets=(0.35, 0.37), detail=True)
    assert detail.groups[:2] == ["total", "share"] and len(detail.groups) > 44
    qs = [0.0, 0.01, 0.05, 0.5, 0.95, 0.99, 1.0]
    for g in ("total", "share"):
        assert [plain.mean(g), plain.sd(g), *plain.quantiles(qs, of=g)] == [
            detail.mean(g), detail.sd(g), *detail.quantiles(qs, of=g)]
        assert np.array_equal(plain.histogram(g)[1], detail.histogram(g)[1])
    assert [plain.prob_share_at_least(t) for t in (0.35, 0.36, 0.37)] == [
        detail.prob_share_at_least(t) for t in (0.35, 0.36, 0.37)]
    # a run without detail is not a shard of one with
    with pytest.raises(ValueError, match="detail"):
        plain.merge(detail)


def test_degenerate_distributions_equal_evaluate(nml):
    values = {"part_time_factor": 0.6, "annual_hours": 1800.0, FRACTION: 0.03}
    expected = nml.evaluate(values)
    for make in (
        lambda v: wi.constant(v),
        lambda v: wi.uniform(v, v),
        lambda v: wi.triangular(v, v, v),
        lambda v: wi.pert(v, v, v),
        lambda v: wi.normal(v, 0, lo=0, hi=v * 2),
        lambda v: wi.discrete([v, 2 * v], [1, 0]),
        lambda v: v,
    ):
        r = nml.monte_carlo({k: make(v) for k, v in values.items()}, n=2500, seed=9, detail=True)
        assert r.mean() == pytest.approx(expected.total, rel=1e-12)
        assert r.min() == pytest.approx(expected.total, rel=1e-12)
        assert r.max() == pytest.approx(expected.total, rel=1e-12)
        assert r.sd() <= 1e-7 * expected.total  # moments about the stated value: not exactly 0
        assert r.mean("share") == pytest.approx(expected.share_of_shortage, rel=1e-12)
        for ini, value in zip(nml.initiatives, expected.initiative_totals):
            assert r.mean(f"initiative:{ini}") == pytest.approx(value, rel=1e-12, abs=1e-12)
        assert r.prob_share_at_least(0.35) == float(expected.share_of_shortage >= 0.35)


def test_relative_and_absolute_forms_agree(nml):
    rel = nml.monte_carlo({FRACTION: wi.triangular(rel=0.5)}, n=4000, seed=3)
    resolved = nml.resolve({FRACTION: wi.triangular(rel=0.5)})
    assert resolved[FRACTION] == wi.triangular(0.01, 0.02, 0.03)
    ab = nml.monte_carlo({FRACTION: wi.triangular(0.01, 0.02, 0.03)}, n=4000, seed=3)
    assert summary(rel) == summary(ab)


def test_product_of_uniforms_is_analytic():
    model = wi.Model.from_dict(PRODUCT)
    d = {"x1": wi.uniform(0, 1), "x2": wi.uniform(0, 1)}
    for sampler, tol in (("random", 4e-3), ("latin-hypercube", 3e-3), ("sobol", 5e-4)):
        r = model.monte_carlo(d, n=200_000, seed=11, sampler=sampler, targets=[0.25])
        assert r.mean() == pytest.approx(0.25, abs=tol), sampler
        assert r.sd() ** 2 == pytest.approx(7 / 144, rel=0.02), sampler
        # P(x1 x2 >= t) = 1 - t + t ln t
        assert r.prob_share_at_least(0.25) == pytest.approx(1 - 0.25 + 0.25 * math.log(0.25), abs=0.006)
        assert r.quantiles([0.5]).iloc[0] == pytest.approx(0.1867, abs=0.004)


# -- determinism ---------------------------------------------------------------------------


def test_same_seed_same_result_other_seed_other_result(nml, dists):
    a = nml.monte_carlo(dists, n=5000, seed=1)
    b = nml.monte_carlo(dists, n=5000, seed=1)
    c = nml.monte_carlo(dists, n=5000, seed=2)
    assert summary(a) == summary(b)
    assert a.mean() != c.mean()


@pytest.mark.parametrize("sampler", ["random", "latin-hypercube", "sobol"])
def test_shards_merge_to_the_whole_run(nml, dists, sampler):
    opts = dict(sampler=sampler, correlations=[("part_time_factor", "annual_hours", 0.5)], detail=True)
    n = 20_000
    whole = nml.monte_carlo(dists, n=n, seed=5, **opts)
    expected = summary(whole)
    for count in (1, 2, 3, 7, 25):  # 25 shards > 20 blocks: some shards are empty
        parts = [nml.monte_carlo(dists, n=n, seed=5, shards=(i, count), **opts) for i in range(count)]
        assert sum(p.n for p in parts) == n
        # through pickle, in a scrambled order
        parts = [pickle.loads(pickle.dumps(p)) for p in parts[::-1]]
        merged = wi.MonteCarloResult.merge_all(parts[1::2] + parts[0::2])
        assert summary(merged) == expected, count
        assert merged.complete


def test_shard_tasks_run_in_an_executor(nml, dists):
    from concurrent.futures import ThreadPoolExecutor

    tasks = nml.monte_carlo_shards(dists, 12_000, 8, 4, sampler="latin-hypercube")
    tasks = pickle.loads(pickle.dumps(tasks))
    with ThreadPoolExecutor(4) as pool:
        parts = list(pool.map(lambda t: t(), tasks))
    merged = wi.MonteCarloResult.merge_all(parts)
    assert summary(merged) == summary(nml.monte_carlo(dists, 12_000, 8, sampler="latin-hypercube"))


def test_merging_different_runs_is_refused(nml, dists):
    a = nml.monte_carlo(dists, n=2000, seed=1, shards=(0, 2))
    b = nml.monte_carlo(dists, n=2000, seed=2, shards=(1, 2))
    with pytest.raises(ValueError, match="not shards of the same run.*seed"):
        a.merge(b)
    with pytest.raises(ValueError, match="nothing to merge"):
        wi.MonteCarloResult.merge_all([])
    assert not a.complete


def test_results_pickle_and_json(nml, dists):
    r = nml.monte_carlo(dists, n=3000, seed=4)
    for again in (pickle.loads(pickle.dumps(r)), wi.MonteCarloResult.from_json(r.to_json())):
        assert summary(again) == summary(r)
        assert again.targets == [0.35]
    # an empty shard (inf/-inf extremes) survives the round trip too
    empty = nml.monte_carlo(dists, n=10, seed=4, shards=(0, 3))
    assert empty.n == 0
    again = pickle.loads(pickle.dumps(empty))
    assert again.min() == math.inf and again.max() == -math.inf


def test_model_without_a_shortage_merges():
    data = json.loads(json.dumps(PRODUCT))
    del data["shortage"]
    model = wi.Model.from_dict(data)
    d = {"x1": wi.uniform(0, 1), "x2": wi.uniform(0, 1)}
    whole = model.monte_carlo(d, n=150_000, seed=1)  # several chunks: merged in the binding
    parts = [pickle.loads(pickle.dumps(model.monte_carlo(d, n=150_000, seed=1, shards=(i, 2)))) for i in range(2)]
    merged = wi.MonteCarloResult.merge_all(parts)
    assert merged.mean() == whole.mean() and merged.n == 150_000
    assert math.isnan(merged.mean("share"))


THREADS_SCRIPT = textwrap.dedent(
    """
    import json, workforce_impact as wi
    model = wi.Model.builtin("nml-2023")
    dists = {**model.assumptions(0.5), "part_time_factor": wi.uniform(0.60, 0.77),
             "annual_hours": wi.uniform(1800, 2100)}
    out = {}
    for sampler in ("random", "latin-hypercube", "sobol"):
        r = model.monte_carlo(dists, n=150_000, seed=2023, sampler=sampler, detail=True,
                              correlations=[("part_time_factor", "annual_hours", -0.4)])
        qs = [0.01, 0.05, 0.5, 0.95, 0.99]
        out[sampler] = {g: [r.mean(g), r.sd(g), r.min(g), r.max(g), *r.quantiles(qs, of=g).tolist()]
                        for g in r.groups}
        out[sampler]["p"] = [r.prob_share_at_least(0.35), r.prob_share_at_least(0.37)]
    d = {"part_time_factor": wi.uniform(0.60, 0.77), "annual_hours": wi.uniform(1800, 2100),
         "buikpijnteam.clinical_admission_reduction": wi.triangular(rel=0.5)}
    out["sobol-indices"] = model.sobol(d, n=2048, seed=3).to_dict("list")
    out["morris"] = model.morris(d, seed=3).to_dict("list")
    print(json.dumps(out))
    """
)


def test_thread_count_does_not_change_results():
    results = []
    for threads in ("1", "2", "3"):
        env = dict(os.environ, WORKFORCE_IMPACT_THREADS=threads)
        proc = subprocess.run(
            [sys.executable, "-c", THREADS_SCRIPT], env=env, capture_output=True, text=True, timeout=300
        )
        assert proc.returncode == 0, proc.stderr
        results.append(proc.stdout)
    assert results[0] == results[1] == results[2]


# -- options -------------------------------------------------------------------------------


def test_rank_correlation_changes_the_spread(nml):
    # A higher part-time factor and more annual hours both lower the total: correlated
    # positively they widen its spread, negatively they narrow it.
    def sd(rho):
        corr = [] if rho == 0 else [("part_time_factor", "annual_hours", rho)]
        return nml.monte_carlo(PTF_HOURS, n=30_000, seed=6, correlations=corr, detail=False).sd()

    assert sd(-0.8) < sd(0) < sd(0.8)


def test_progress_callback(nml, dists):
    calls = []
    nml.monte_carlo(dists, n=600_000, seed=1, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (600_000, 600_000)
    assert len(calls) > 1 and all(a[0] < b[0] for a, b in zip(calls, calls[1:]))


def test_progress_bar(nml, dists, capsys):
    nml.monte_carlo(dists, n=100_000, seed=1, progress=True)
    assert "Monte Carlo" in capsys.readouterr().err


# -- errors --------------------------------------------------------------------------------


def test_unknown_parameter(nml):
    with pytest.raises(wi.UnknownParameterError) as e:
        nml.monte_carlo({"part_time_factr": wi.uniform(0.6, 0.7)}, n=100, seed=1)
    assert e.value.suggestion == "part_time_factor"
    with pytest.raises(wi.UnknownParameterError):
        nml.monte_carlo(PTF_HOURS, n=100, seed=1, correlations=[("part_time_factor", "anual_hours", 0.3)])


@pytest.mark.parametrize(
    "dist, message",
    [
        (wi.uniform(-0.01, 0.05), r"support \[-0.01, 0.05\] leaves the valid range.*fraction in \[0, 1\]"),
        (wi.uniform(0.5, 1.5), "leaves the valid range"),
        (wi.normal(0.02, 0.01), "truncate the normal"),
        (wi.triangular(rel=1.5), "leaves the valid range"),
        ({"kind": "uniform", "lo": 0.05, "hi": 0.01}, "lo must be <= hi"),
        ({"kind": "normal", "mean": 0.02, "sd": -1}, "sd must be finite and >= 0"),
        ({"kind": "wobbly"}, "cannot read the distribution"),
        ({"width": 3}, "needs a 'kind'"),
    ],
)
def test_bad_distribution_for_a_parameter(nml, dist, message):
    with pytest.raises(wi.InvalidValueError, match=message) as e:
        nml.monte_carlo({FRACTION: dist}, n=100, seed=1)
    assert e.value.parameter == FRACTION


def test_bad_run_options(nml):
    with pytest.raises(wi.InvalidValueError, match="n must be at least 1"):
        nml.monte_carlo(PTF_HOURS, n=0, seed=1)
    with pytest.raises(wi.InvalidValueError, match="n must be at least 1"):
        nml.monte_carlo(PTF_HOURS, n=-5, seed=1)
    with pytest.raises(wi.InvalidValueError, match="seed must be at least 0"):
        nml.monte_carlo(PTF_HOURS, n=10, seed=-1)
    with pytest.raises(TypeError, match="n must be a whole number"):
        nml.monte_carlo(PTF_HOURS, n=1.5, seed=1)
    with pytest.raises(wi.InvalidValueError, match="at least one input"):
        nml.monte_carlo({}, n=10, seed=1)
    with pytest.raises(wi.InvalidValueError, match="unknown sampler 'halton'"):
        nml.monte_carlo(PTF_HOURS, n=10, seed=1, sampler="halton")
    with pytest.raises(wi.InvalidValueError, match=r"must be in \(-1, 1\)"):
        nml.monte_carlo(PTF_HOURS, n=10, seed=1, correlations=[("part_time_factor", "annual_hours", 1.5)])
    with pytest.raises(wi.ModelError, match="has no distribution"):
        nml.monte_carlo({"annual_hours": wi.uniform(1800, 2100)}, n=10, seed=1,
                        correlations=[("part_time_factor", "annual_hours", 0.5)])
    with pytest.raises(wi.InvalidValueError, match="need 0 <= index < count"):
        nml.monte_carlo(PTF_HOURS, n=10, seed=1, shards=(3, 3))
    with pytest.raises(wi.InvalidValueError, match=r"need 0 <= index < count <= 1048576"):
        nml.monte_carlo(PTF_HOURS, n=10, seed=1, shards=(0, 2**21))
    with pytest.raises(TypeError, match="shards must be"):
        nml.monte_carlo(PTF_HOURS, n=10, seed=1, shards=4)
    with pytest.raises(wi.InvalidValueError, match="finite"):
        nml.monte_carlo(PTF_HOURS, n=10, seed=1, targets=[math.nan])


# -- Ctrl-C --------------------------------------------------------------------------------


def test_ctrl_c_stops_a_long_run(nml, dists):
    timer = threading.Timer(0.3, _thread.interrupt_main)
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            nml.monte_carlo(dists, n=10**11, seed=1)  # hours of work
    finally:
        timer.cancel()
    assert time.monotonic() - start < 5
    # the model works on afterwards
    assert nml.monte_carlo(dists, n=1000, seed=1).n == 1000


# -- beyond one machine: Dask --------------------------------------------------------------


def test_dask_shards_equal_one_process(nml, dists):
    distributed = pytest.importorskip("dask.distributed")
    whole = nml.monte_carlo(dists, n=40_000, seed=2023)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        futures = client.map(lambda task: task(), nml.monte_carlo_shards(dists, 40_000, 2023, 4))
        merged = wi.MonteCarloResult.merge_all(client.gather(futures))
    assert merged.n == whole.n
    assert merged.mean() == whole.mean()
    assert merged.sd() == whole.sd()
    assert merged.quantiles([0.05, 0.5, 0.95]).equals(whole.quantiles([0.05, 0.5, 0.95]))
    assert merged.prob_share_at_least(0.35) == whole.prob_share_at_least(0.35)
    assert summary(merged) == summary(whole)


def test_the_gil_is_released_during_a_run(nml, dists):
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    worker = threading.Thread(target=count)
    worker.start()
    try:
        start = time.monotonic()
        nml.monte_carlo(dists, n=400_000, seed=1)
        elapsed = time.monotonic() - start
        before = ticks
    finally:
        stop.set()
        worker.join()
    # the other thread kept ticking (about once a millisecond) while the draws were made
    assert before >= 0.1 * elapsed * 1000
