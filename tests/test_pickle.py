"""Every Python-visible object pickles."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import workforce_impact as wi
from workforce_impact import _core


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_model_pickles(model, protocol):
    again = pickle.loads(pickle.dumps(model, protocol=protocol))
    assert isinstance(again, wi.Model)
    assert again.initiatives == model.initiatives
    assert again.origin == model.origin
    assert again.to_toml() == model.to_toml()
    assert again.evaluate().total == model.evaluate().total


def test_evaluation_pickles(model):
    ev = model.evaluate({"part_time_factor": 0.6, "annual_hours": 1800})
    again = pickle.loads(pickle.dumps(ev))
    assert isinstance(again, wi.Evaluation)
    assert again.overrides == ev.overrides
    np.testing.assert_array_equal(again.initiative_totals, ev.initiative_totals)
    assert again.to_pandas().equals(ev.to_pandas())
    assert again.model.to_toml() == model.to_toml()


def test_explanation_pickles(model):
    x = model.explain("buikpijnteam")
    again = pickle.loads(pickle.dumps(x))
    assert str(again) == str(x)
    assert again.to_dict() == x.to_dict()


def test_builder_pickles():
    b = wi.ModelBuilder("x").theme("t").parameter("staff", 3, unit="person")
    again = pickle.loads(pickle.dumps(b))
    assert again.to_dict() == b.to_dict()


def test_core_objects_pickle(model):
    core_model = model._core
    again = pickle.loads(pickle.dumps(core_model))
    assert isinstance(again, _core.Model)
    assert again.to_toml() == core_model.to_toml()
    core_eval = core_model.evaluate({"part_time_factor": 0.5})
    again_eval = pickle.loads(pickle.dumps(core_eval))
    assert isinstance(again_eval, _core.Evaluation)
    assert again_eval.total == core_eval.total
    assert again_eval.overrides == {"part_time_factor": 0.5}


def test_copy(model, evaluation):
    assert copy.deepcopy(model).to_toml() == model.to_toml()
    assert copy.copy(evaluation).total == evaluation.total
