"""Shared fixtures. Plots draw on the Agg backend; Jupyter uses its platformdirs paths
(otherwise jupyter_core warns, and warnings are errors here)."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

import pytest  # noqa: E402

import workforce_impact as wi  # noqa: E402
from hypothesis import settings as _hypothesis_settings  # noqa: E402

# Hypothesis runs the same examples on every machine: derandomized, no example database.
# HYPOTHESIS_PROFILE=default (hypothesis' own) explores afresh on a developer's machine.
_hypothesis_settings.register_profile("workforce-impact", derandomize=True, database=None, deadline=None)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "workforce-impact"))

# A small model; `{population}` and `{formula}` are filled in by the tests.
TEMPLATE = """\
[model]
id = "tiny"
title = "Tiny"
region = "r"
target_year = 2032

[[regions]]
id = "r"
name = "Region"
population = {population}

[shortage]
projections = [{{ year = 2032, persons = 100 }}]

[parameters]
annual_hours = {{ value = 2000, unit = "h/(FTE*yr)", source = "regioplan", kind = "assumption" }}
part_time_factor = {{ value = "68%", unit = "FTE/person", source = "AZW Info", kind = "sourced" }}

[[themes]]
id = "th"
name = "Theme"

[[initiatives]]
id = "ini"
name = "Initiative"
theme = "th"

  [initiatives.parameters]
  hours = {{ value = 1000, unit = "h/yr", source = "aanname", kind = "assumption" }}

  [[initiatives.components]]
  sector = "msz"
  formula = "{formula}"
"""

GOOD_FORMULA = "hours / annual_hours / part_time_factor"


def tiny_toml(formula: str = GOOD_FORMULA, population: str = "1000") -> str:
    return TEMPLATE.format(formula=formula, population=population)


@pytest.fixture(scope="session")
def model() -> wi.Model:
    return wi.Model.builtin("nml-2023")


@pytest.fixture(scope="session")
def evaluation(model: wi.Model) -> wi.Evaluation:
    return model.evaluate()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
