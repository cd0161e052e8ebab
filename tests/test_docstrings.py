"""The examples in the docstrings run and print what they say."""

from __future__ import annotations

import doctest
import importlib

import matplotlib
import pytest

matplotlib.use("Agg")

MODULES = [
    "workforce_impact",
    "workforce_impact._model",
    "workforce_impact._evaluation",
    "workforce_impact._explanation",
    "workforce_impact._builder",
    "workforce_impact.exceptions",
    "workforce_impact.plot",
    "workforce_impact.distributions",
    "workforce_impact._montecarlo",
    "workforce_impact._published",
    "workforce_impact._provenance",
    "workforce_impact._overlap",
    "workforce_impact._ledger",
    "workforce_impact._report",
    "workforce_impact._trajectory",
    "workforce_impact._trajectory_montecarlo",
    "workforce_impact._regions",
    "workforce_impact._excel",
    "workforce_impact._monitor",
    "workforce_impact._cashflow",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = finder.find(module, name)
    assert sum(len(t.examples) for t in tests) > 0, f"{name} has no examples"
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
