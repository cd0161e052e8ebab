"""workforce_impact: how many care workers does each initiative free up, and how much of
the projected staff shortage does a region's portfolio close?

Typed, unit-checked models of a regioplan's initiatives (a Rust core), with pandas tables
and matplotlib charts.

Examples
--------
>>> import workforce_impact as wi
>>> model = wi.Model.builtin("nml-2023")
>>> ev = model.evaluate()
>>> f"{ev.share_of_shortage:.1%} recomputed, {ev.published_share_of_shortage:.1%} published"
'36.3% recomputed, 37.2% published'
"""

from __future__ import annotations

from workforce_impact._builder import ModelBuilder, component
from workforce_impact._excel import write_excel_template
from workforce_impact._ledger import Settlement
from workforce_impact._cashflow import CashFlows
from workforce_impact._core import __version__
from workforce_impact._core import limits as _limits
from workforce_impact._model import Evaluation, Explanation, Model, builtins, sectors
from workforce_impact._montecarlo import MonteCarloResult, MonteCarloShard
from workforce_impact._trajectory import Horizon, Trajectory
from workforce_impact._monitor import Monitoring, Realised, read_realised
from workforce_impact._trajectory_montecarlo import TrajectoryMonteCarloResult, monte_carlo_regions
from workforce_impact._regions import RegionTable, evaluate_regions, regions_from_csv
from workforce_impact.distributions import (
    Distribution,
    constant,
    discrete,
    lognormal,
    normal,
    pert,
    triangular,
    uniform,
)
from workforce_impact.exceptions import (
    InvalidValueError,
    ModelError,
    ParseError,
    UnitError,
    UnknownParameterError,
    WorkforceImpactError,
)

#: Every bound on the size of an input (``workforce_impact::limits`` in the core): formula
#: depth and length, model size, sampled values of a Sobol/Morris design or a sweep grid.
#: Past one, the library raises a typed error naming it.
LIMITS: dict[str, int] = _limits()

__all__ = [
    "__version__",
    "LIMITS",
    "Model",
    "Evaluation",
    "Explanation",
    "Settlement",
    "CashFlows",
    "ModelBuilder",
    "component",
    "builtins",
    "sectors",
    "write_excel_template",
    "MonteCarloResult",
    "MonteCarloShard",
    "Horizon",
    "Trajectory",
    "TrajectoryMonteCarloResult",
    "monte_carlo_regions",
    "Monitoring",
    "Realised",
    "read_realised",
    "RegionTable",
    "regions_from_csv",
    "evaluate_regions",
    "Distribution",
    "uniform",
    "triangular",
    "pert",
    "normal",
    "lognormal",
    "discrete",
    "constant",
    "WorkforceImpactError",
    "ParseError",
    "UnitError",
    "UnknownParameterError",
    "ModelError",
    "InvalidValueError",
    "plot",
]


def __getattr__(name: str):  # noqa: ANN202 - lazy submodule
    # `wi.plot` without importing matplotlib at `import workforce_impact`.
    if name == "plot":
        import importlib

        return importlib.import_module("workforce_impact.plot")
    raise AttributeError(f"module 'workforce_impact' has no attribute '{name}'")
