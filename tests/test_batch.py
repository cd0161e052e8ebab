"""evaluate_batch and sweep agree with evaluate, and bad input raises typed errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workforce_impact as wi

NAMES = ["part_time_factor", "annual_hours"]


@pytest.fixture(scope="module")
def model():
    return wi.Model.builtin("nml-2023")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(0.5, 0.9), st.floats(1500, 2200)), min_size=1, max_size=10))
def test_rows_equal_evaluate(rows):
    model = wi.Model.builtin("nml-2023")
    X = np.array(rows)
    totals = model.evaluate_batch(NAMES, X)
    per = model.evaluate_batch(NAMES, X, per_initiative=True)
    assert totals.shape == (len(rows),)
    assert per.shape == (len(rows), 42)
    for i, (ptf, hours) in enumerate(rows):
        ev = model.evaluate({"part_time_factor": ptf, "annual_hours": hours})
        assert totals[i] == pytest.approx(ev.total, rel=1e-12)
        np.testing.assert_allclose(per[i], ev.initiative_totals, rtol=1e-12, atol=1e-12)


def test_sweep_is_the_cartesian_product(model):
    df = model.sweep({"part_time_factor": [0.6, 0.68], "annual_hours": [1800, 2000, 2100]})
    assert len(df) == 6
    stated = df[(df.part_time_factor == 0.68) & (df.annual_hours == 2000)]
    assert stated.total.iloc[0] == pytest.approx(model.evaluate().total, rel=1e-12)
    assert stated.share_of_shortage.iloc[0] == pytest.approx(model.evaluate().share_of_shortage)
    # fewer hours and a lower part-time factor both need more people for the same work
    assert df.total.idxmax() == df[(df.part_time_factor == 0.6) & (df.annual_hours == 1800)].index[0]


def test_bad_batches_raise(model):
    with pytest.raises(wi.InvalidValueError, match=r"row 1, column 0: 1.5 is out of range") as e:
        model.evaluate_batch(["buikpijnteam.clinical_admission_reduction"], np.array([[0.02], [1.5]]))
    assert e.value.parameter == "buikpijnteam.clinical_admission_reduction"
    with pytest.raises(wi.UnknownParameterError) as e:
        model.evaluate_batch(["part_time_factr"], np.array([[0.6]]))
    assert e.value.suggestion == "part_time_factor"
    with pytest.raises(ValueError, match="X has 1 columns but 2 parameter names were given"):
        model.evaluate_batch(NAMES, np.array([[0.6]]))
    with pytest.raises(ValueError, match="X must be 2-D"):
        model.evaluate_batch(NAMES, np.array([0.6, 2000]))
