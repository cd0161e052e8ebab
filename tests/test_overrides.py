"""Overrides: the part-time factor, the annual hours, populations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workforce_impact as wi


@pytest.fixture(scope="module")
def uses_part_time(model) -> np.ndarray:
    return np.array(["part_time_factor" in list(model.explain(i).inputs["name"]) for i in model.initiatives])


def test_part_time_factor_06_raises_by_068_over_06(model, evaluation, uses_part_time):
    other = model.evaluate({"part_time_factor": 0.6})
    before = evaluation.initiative_totals
    after = other.initiative_totals
    assert uses_part_time.sum() > 30
    np.testing.assert_allclose(after[uses_part_time], before[uses_part_time] * 0.68 / 0.6, rtol=1e-12)
    np.testing.assert_allclose(after[~uses_part_time], before[~uses_part_time], rtol=1e-12)
    expected = before[~uses_part_time].sum() + before[uses_part_time].sum() * 0.68 / 0.6
    assert other.total == pytest.approx(expected)
    assert other.share_of_shortage > evaluation.share_of_shortage
    assert other.published_total == evaluation.published_total
    assert other.overrides == {"part_time_factor": 0.6}


@settings(max_examples=40, deadline=None)
@given(factor=st.floats(min_value=0.05, max_value=1.0))
def test_part_time_factor_scales_inversely(model, evaluation, uses_part_time, factor):
    after = model.evaluate({"part_time_factor": factor}).initiative_totals
    before = evaluation.initiative_totals
    np.testing.assert_allclose(after[uses_part_time] * factor, before[uses_part_time] * 0.68, rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(hours=st.floats(min_value=500, max_value=4000))
def test_annual_hours_lower_total_when_higher(model, evaluation, hours):
    total = model.evaluate({"annual_hours": hours}).total
    if hours > 2000:
        assert total <= evaluation.total + 1e-9
    elif hours < 2000:
        assert total >= evaluation.total - 1e-9


@settings(max_examples=30, deadline=None)
@given(
    a=st.floats(min_value=0.3, max_value=1.0),
    b=st.floats(min_value=0.3, max_value=1.0),
)
def test_total_decreases_with_part_time_factor(model, a, b):
    lo, hi = sorted((a, b))
    assert model.evaluate({"part_time_factor": lo}).total >= model.evaluate({"part_time_factor": hi}).total - 1e-9


def test_stated_values_as_overrides_change_nothing(model, evaluation):
    df = model.parameters()
    stated = {n: v for n, v, f in zip(df["name"], df["value"], df["formula"]) if not isinstance(f, str)}
    again = model.evaluate(stated)
    np.testing.assert_allclose(again.initiative_totals, evaluation.initiative_totals, rtol=1e-12)


def test_empty_and_none_overrides(model, evaluation):
    assert model.evaluate({}).total == evaluation.total
    assert model.evaluate(None).total == evaluation.total
    assert evaluation.overrides == {}


def test_unknown_override_raises(model):
    with pytest.raises(wi.UnknownParameterError):
        model.evaluate({"no_such_parameter": 1.0})


def test_local_parameter_override(model, evaluation):
    other = model.evaluate({"buikpijnteam.clinical_admission_reduction": 0.04})
    assert other["buikpijnteam"] == pytest.approx(2 * evaluation["buikpijnteam"])
    changed = np.flatnonzero(other.initiative_totals != evaluation.initiative_totals)
    assert [model.initiatives[i] for i in changed] == ["buikpijnteam"]
