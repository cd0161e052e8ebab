"""Sobol indices of the NML model agree with SALib's (sample + analyze), within 0.02."""

import numpy as np
import pytest

import workforce_impact as wi

salib_sample = pytest.importorskip("SALib.sample.sobol")
salib_analyze = pytest.importorskip("SALib.analyze.sobol")

N = 8192


@pytest.fixture(scope="module")
def setup():
    model = wi.Model.builtin("nml-2023")
    # the ten assumptions with the widest tornado bars, uniform ±50%, plus the two
    # workforce figures
    uniform = model.assumptions(rel=0.5, shape="uniform")
    tornado = model.tornado(uniform)
    names = list(tornado["name"][:10]) if "name" in tornado else list(tornado.index[:10])
    dists = {n: uniform[n] for n in names}
    dists["part_time_factor"] = wi.uniform(0.60, 0.77)
    dists["annual_hours"] = wi.uniform(1800, 2100)
    return model, dists


def test_sobol_agrees_with_salib_on_the_nml_model(setup):
    model, dists = setup
    names = list(dists)
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[d.to_spec()["lo"], d.to_spec()["hi"]] for d in dists.values()],
    }
    X = salib_sample.sample(problem, N, calc_second_order=False, seed=7)
    Y = model.evaluate_batch(names, X)
    theirs = salib_analyze.analyze(problem, Y, calc_second_order=False, seed=7)
    ours = model.sobol(dists, n=N, seed=7)
    s1 = ours["S1"].to_numpy()
    st = ours["ST"].to_numpy()
    assert np.max(np.abs(s1 - np.asarray(theirs["S1"]))) < 0.02
    assert np.max(np.abs(st - np.asarray(theirs["ST"]))) < 0.02
    # and the indices say something: the inputs explain most of the variance, and the
    # part-time factor, which divides nearly every initiative, matters
    assert 0.8 < st.sum() and s1.sum() <= 1.05
    assert st[names.index("part_time_factor")] > 0.01
