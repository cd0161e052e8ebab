"""Model.to_toml: loading it again gives the same model and the same evaluation."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import workforce_impact as wi


def test_to_toml_round_trips(model, evaluation):
    text = model.to_toml()
    again = wi.Model.from_toml(text)
    assert again.initiatives == model.initiatives
    assert again.parameters().equals(model.parameters())
    ev = again.evaluate()
    np.testing.assert_array_equal(ev.initiative_totals, evaluation.initiative_totals)
    assert ev.to_pandas().equals(evaluation.to_pandas())
    assert again.to_toml() == text


def test_to_toml_through_a_file(model, evaluation, tmp_path):
    path = tmp_path / "model.toml"
    path.write_text(model.to_toml(), encoding="utf-8")
    again = wi.Model.from_file(path)
    assert again.origin == str(path)
    assert again.evaluate().total == evaluation.total


@settings(max_examples=20, deadline=None)
@given(
    factor=st.floats(min_value=0.1, max_value=1.0),
    hours=st.floats(min_value=1000, max_value=3000),
)
def test_round_trip_keeps_overridden_evaluations(model, factor, hours):
    again = wi.Model.from_toml(model.to_toml())
    overrides = {"part_time_factor": factor, "annual_hours": hours}
    np.testing.assert_array_equal(
        again.evaluate(overrides).initiative_totals, model.evaluate(overrides).initiative_totals
    )
