"""Provenance: load warnings, inputs varied by class, what the total rests on, and the
uncertainty presets table. The logic is in the core (``workforce_impact::provenance``);
this module converts to dicts and pandas."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workforce_impact._model import Evaluation, Model
    from workforce_impact.distributions import Distribution

__all__ = ["assumptions", "warnings", "provenance", "uncertainty_presets", "kind_groups"]

#: The presets by name: ``assumption``, ``uncertain`` (assumption + expert + unsourced +
#: other-region) and ``all`` (every stated number except region populations).
PRESETS = ("assumption", "uncertain", "all")


def _selection(kinds: str | Sequence[str]) -> list[str]:
    if isinstance(kinds, str):
        return [k for k in kinds.split(",")]
    return [str(k) for k in kinds]


def assumptions(
    model: Model, rel: float = 0.5, shape: str = "triangular", kinds: str | Sequence[str] = ("assumption",)
) -> dict[str, Distribution]:
    """A distribution ``shape`` (``uniform``, ``triangular``, ``pert`` or ``normal``) ``rel``
    wide on either side of the stated value, for every stated parameter whose provenance
    class is in ``kinds``: class names (``sourced``, ``unsourced``, ``assumption``,
    ``expert``, ``other-region``) or presets (``"uncertain"`` = assumption + expert +
    unsourced + other-region, ``"all"`` = every stated number except region populations).

    Ranges are clipped to the parameter's valid range (±50% around 80% stays at or below
    100%; a normal is truncated to it), so no preset raises for a fraction near 1; a value
    of 0 cannot vary relatively and is left out; derived parameters follow their inputs.
    An unknown class or preset, or an empty ``kinds``, raises :class:`InvalidValueError`
    naming it.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> a = model.assumptions(0.5, "triangular")
    >>> a["buikpijnteam.clinical_admission_reduction"]
    triangular(lo=0.01, mode=0.02, hi=0.03)
    >>> len(a), len(model.assumptions(0.5, kinds="uncertain")) > len(a)
    (57, True)
    """
    from workforce_impact.distributions import Distribution

    items = json.loads(_core.vary_kinds(model._core, float(rel), str(shape), _selection(kinds)))
    return {it["name"]: Distribution.from_spec(it["spec"]) for it in items}


def warnings(model: Model) -> list[str]:
    """What the model loads with but a reviewer should look at, one string per warning
    (``file:line:col: ...: warning: message``), as ``workforce-impact check`` prints them.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> [w for w in wi.Model.builtin("nml-2023").warnings if 'kind = "sourced"' in w]
    []
    """
    return list(_core.model_warnings(model._core))


def provenance(evaluation: Evaluation) -> pd.DataFrame:
    """What each initiative's figure rests on: one row per initiative with ``persons``
    (its net figure), ``inputs`` (how many stated inputs its formulas read, through derived
    parameters; a shared case's member: the case's), a count per class (``sourced``,
    ``unsourced``, ``assumption``, ``expert``, ``other-region``) and ``rests_on_uncertain``.
    An initiative rests on class C when at least one stated input of class C enters one of
    its formulas. ``df.attrs["classes"]`` holds the summary: per class (and "any uncertain
    class", "sourced only") the initiatives, persons, share of the total and of the
    shortage.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> df = wi.Model.builtin("nml-2023").evaluate().provenance()
    >>> row = df.set_index("id").loc["sociale-benadering-dementie"]
    >>> round(float(row.persons), 1), int(row.unsourced), int(row.assumption)
    (867.0, 2, 0)
    >>> summary = df.attrs["classes"].set_index("class")
    >>> bool(summary.loc["unsourced", "persons"] > 866)
    True
    """
    import pandas as pd

    data = _core.provenance(evaluation._core)
    classes = ["sourced", "unsourced", "assumption", "expert", "other-region"]
    rows = []
    for it in data["initiatives"]:
        counts = dict((k, n) for k, n in it["kinds"])
        row: dict[str, Any] = {"id": it["id"], "persons": it["persons"], "inputs": len(it["inputs"])}
        for c in classes:
            row[c] = int(counts.get(c, 0))
        row["rests_on_uncertain"] = any(row[c] > 0 for c in classes[1:])
        rows.append(row)
    df = pd.DataFrame(rows)
    df.attrs["classes"] = pd.DataFrame(data["classes"])
    df.attrs["total"] = data["total"]
    df.attrs["shortage"] = data["shortage"]
    return df


def uncertainty_presets(
    model: Model,
    presets: Sequence[str] = PRESETS,
    *,
    n: int = 100_000,
    seed: int = 2023,
    rel: float = 0.5,
    shape: str = "triangular",
    fixed: Mapping[str, Any] | None = None,
    target: float = 0.35,
) -> pd.DataFrame:
    """The presets table: for each preset (or comma-separated classes) a Monte Carlo run
    of ``n`` draws varying its classes ±``rel`` plus ``fixed``, with the share of the
    shortage's p5 / p50 / p95 and P(share >= ``target``). ``fixed=None`` is the default of
    the CLI: ``part_time_factor`` ~ U(0.60, 0.77) and ``annual_hours`` ~ U(1800, 2100)
    (those the model has); ``fixed={}`` varies the classes alone. ``df.attrs["markdown"]``
    is the table as ``workforce-impact provenance --uncertainty`` prints it.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> df = wi.Model.builtin("nml-2023").uncertainty_presets(n=4096, seed=1)
    >>> list(df.preset), list(df.inputs)
    (['assumption', 'uncertain', 'all'], [58, 113, 178])
    >>> bool(df.prob.iloc[0] > df.prob.iloc[1])
    True
    """
    import pandas as pd

    from workforce_impact._model import _count

    fixed_json = None if fixed is None else model._inputs_json(fixed)
    rows, md = _core.uncertainty_presets(
        model._core, [str(p) for p in presets], float(rel), str(shape), fixed_json,
        _count("n", n), _count("seed", seed, 0), float(target),
    )
    df = pd.DataFrame(rows)
    df.attrs["markdown"] = md
    return df


def kind_groups(model: Model, names: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Sobol groups by provenance class: (class, [parameter names]) pairs."""
    return [(g, list(m)) for g, m in _core.kind_groups(model._core, [str(n) for n in names])]
