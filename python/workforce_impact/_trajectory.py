"""Years: :meth:`Model.trajectory`, :meth:`Model.flow_stocks` and :attr:`Model.horizon`.
The core computes every figure (the same code as ``workforce-impact trajectory``); this only
shapes the results as DataFrames."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, NamedTuple

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Horizon", "Trajectory", "TrajectoryMixin"]

_LONG_COLUMNS = ["year", "level", "id", "persons"]
_TOTAL_COLUMNS = ["shortage", "total", "remaining", "share"]
_FLOW_COLUMNS = [
    "initiative", "component", "published", "as_stated", "stock", "retention", "from",
    "declared", "formula", "note",
]


class Horizon(NamedTuple):
    """The years a model looks at: ``start_year`` to ``target_year``, both included.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> h = wi.Model.builtin("nml-2023").horizon
    >>> (h.start_year, h.target_year, len(h.years))
    (2023, 2032, 10)
    """

    start_year: int
    target_year: int

    @property
    def years(self) -> list[int]:
        """Every year of the horizon, in order."""
        return list(range(self.start_year, self.target_year + 1))


class Trajectory:
    """The portfolio year by year (:meth:`Model.trajectory`): persons per initiative,
    theme and sector in every year of the horizon, set against the shortage of a scenario.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> traj = wi.Model.builtin("nml-2023").trajectory()
    >>> totals = traj.totals()
    >>> float(totals.loc[2032, "shortage"]), round(float(totals.loc[2032, "share"]), 3)
    (4500.0, 0.363)
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __repr__(self) -> str:
        years = self.years
        return f"Trajectory({self.model!r}, scenario={self.scenario!r}, {years[0]}-{years[-1]})"

    def __getstate__(self) -> dict[str, Any]:
        return self._data

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data = state

    @property
    def model(self) -> str:
        """The model's id."""
        return str(self._data["model"])

    @property
    def scenario(self) -> str:
        """The shortage scenario the years are set against."""
        return str(self._data["scenario"])

    @property
    def years(self) -> list[int]:
        """The years, in order."""
        return [int(y["year"]) for y in self._data["years"]]

    def to_dict(self) -> dict[str, Any]:
        """The trajectory as the core gives it (``workforce_impact::time::Trajectory``)."""
        return self._data

    def to_pandas(self) -> pd.DataFrame:
        """Long table: one row per ``year``, ``level`` (``initiative``, ``theme``,
        ``sector``) and ``id``, with ``persons`` (signed: negative is extra staff needed).

        Examples
        --------
        >>> import workforce_impact as wi
        >>> df = wi.Model.builtin("nml-2023").trajectory().to_pandas()
        >>> sorted(df.level.unique())
        ['initiative', 'sector', 'theme']
        >>> float(df[(df.year == 2023) & (df.level == "initiative")].persons.abs().sum())
        0.0
        """
        import pandas as pd

        rows: list[tuple[int, str, str, float]] = []
        for y in self._data["years"]:
            year = int(y["year"])
            sectors: dict[str, float] = {}
            for ini in y["initiatives"]:
                rows.append((year, "initiative", ini["id"], float(ini["persons"])))
                for c in ini["components"]:
                    sectors[c["sector"]] = sectors.get(c["sector"], 0.0) + float(c["persons"])
            for theme, persons in y["themes"]:
                rows.append((year, "theme", theme, float(persons)))
            for sector in sorted(sectors):
                rows.append((year, "sector", sector, sectors[sector]))
        return pd.DataFrame(rows, columns=_LONG_COLUMNS)

    def totals(self) -> pd.DataFrame:
        """One row per year (the index): ``shortage``, ``total``, ``remaining``
        (shortage - total) and ``share`` (total / shortage)."""
        import pandas as pd

        df = pd.DataFrame(
            [{k: y[k] for k in ["year", *_TOTAL_COLUMNS]} for y in self._data["years"]],
            columns=["year", *_TOTAL_COLUMNS],
        )
        return df.set_index("year")


class TrajectoryMixin:
    """The year methods of :class:`Model` (``Model`` keeps its core in ``_core``)."""

    __slots__ = ()
    _core: _core.Model

    @property
    def horizon(self) -> Horizon:
        """The model's horizon: ``[model] start_year`` to ``target_year``."""
        return Horizon(*_core.horizon(self._core))

    def trajectory(
        self, overrides: Mapping[str, float] | None = None, scenario: str = "baseline"
    ) -> Trajectory:
        """The portfolio in every year of the horizon, against the shortage of
        ``scenario`` (interpolated linearly between its projections).

        Each initiative's effect in a year is its full effect (the formula with that
        year's values of growing parameters) times its ramp; a flow adds up the flows of
        the years since its first year, with its retention. In the target year, with
        every ramp full and no flow declared, the total is :meth:`evaluate`'s exactly.

        Parameters
        ----------
        overrides : dict, optional
            Parameter values by qualified name, in the parameter's unit (the target-year
            value of a growing parameter).
        scenario : str
            The shortage scenario (``"baseline"``, ``"unbent"``, ...).

        Raises
        ------
        ModelError
            A scenario without projections, or one whose projections do not cover the
            horizon.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> totals = model.trajectory(scenario="unbent").totals()
        >>> totals.shortage.iloc[[0, -1]].tolist()
        [2100.0, 6700.0]
        >>> bool(totals.loc[2032, "total"] == model.evaluate().total)
        True
        """
        return Trajectory(_core.trajectory(self._core, dict(overrides or {}), scenario))

    def flow_stocks(self, overrides: Mapping[str, float] | None = None) -> pd.DataFrame:
        """Every component that is a flow, or that the source counts as one year of a
        flow (``stock_reading``), with the one-year figure (``as_stated``) beside the
        ``stock`` the flow adds up to by the target year (ramps and ``retention`` per
        year applied, from year ``from``). ``declared`` is true for a ``flow`` counted in
        the trajectory, false for a reading shown beside it.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> df = wi.Model.builtin("nml-2023").flow_stocks()
        >>> df.initiative.tolist()
        ['behoud-doorstroom', 'behoud-doorstroom', 'hbo-v-locatie']
        >>> df.as_stated.round(2).tolist()
        [51.0, 102.7, 28.56]
        """
        import pandas as pd

        rows = _core.flow_stocks(self._core, dict(overrides or {}))
        return pd.DataFrame(rows, columns=_FLOW_COLUMNS)
