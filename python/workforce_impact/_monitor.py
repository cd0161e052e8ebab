"""Monitoring: :func:`read_realised`, :class:`Realised`, :meth:`Model.monitor` and the
:class:`Monitoring` it returns. The core does every computation (the same code as
``workforce-impact monitor``); this only shapes the results as DataFrames."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Mapping, Sequence, Union

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workforce_impact._model import Model

__all__ = ["Monitoring", "MonitorMixin", "Realised", "read_realised"]

_COLUMNS = [
    "initiative", "period", "measure", "kind", "parameter", "unit", "planned", "realised",
    "reached", "deviation", "relative", "status", "carried", "used", "source", "note",
]


class Realised:
    """Checked realised data: per initiative, period and measure a realised value
    (read with :func:`read_realised`, or from a DataFrame with :meth:`from_frame`).

    Examples
    --------
    >>> import workforce_impact as wi
    >>> r = wi.Realised.from_csv(
    ...     "initiative,period,measure,value,source\\n"
    ...     "buikpijnteam,2025-H1,persons,0.3,synthetic\\n")
    >>> r.frame()[["initiative", "period", "measure", "value"]].values.tolist()
    [['buikpijnteam', '2025-H1', 'persons', 0.3]]
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Realised) -> None:
        self._core = core

    @classmethod
    def from_csv(cls, text: str, name: str = "<string>") -> Realised:
        """Realised data from CSV text (``#`` lines are comments)."""
        return cls(_core.Realised.from_csv(text, name))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, name: str = "<DataFrame>") -> Realised:
        """Realised data from a DataFrame with the columns initiative, period, measure,
        value, source (and optionally note). Errors name the line of the frame as CSV:
        line 2 is the frame's first row."""
        text = frame.to_csv(index=False)
        return cls(_core.Realised.from_csv(text, name))

    @property
    def name(self) -> str:
        """What the data was read from."""
        return self._core.name

    def to_csv(self) -> str:
        """The rows as CSV in the reading layout."""
        return self._core.to_csv()

    def frame(self) -> pd.DataFrame:
        """One row per realised figure: initiative, period, measure, value, source, note."""
        import pandas as pd

        rows = []
        for r in self._core.rows():
            p = r["period"]
            part = p["part"]
            period = str(p["year"])
            if isinstance(part, dict):
                (kind, n), = part.items()
                period += ("-H" if kind == "half" else "-Q") + str(n)
            m = r["measure"]
            measure = {"persons": "persons", "parameter": m.get("name"), "milestone": f"milestone:{m.get('name')}"}[m["kind"]]
            rows.append([r["initiative"], period, measure, r["value"], r["source"], r["note"]])
        return pd.DataFrame(rows, columns=["initiative", "period", "measure", "value", "source", "note"])

    def __repr__(self) -> str:
        return f"Realised({self.name!r}, {len(self._core.rows())} rows)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Realised.from_csv, (self.to_csv(), self.name))


def read_realised(path: Union[str, os.PathLike[str]]) -> Realised:
    """Reads realised data from a CSV file or the ``Realised`` sheet of an .xlsx workbook.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> r = wi.read_realised("tests/data/realised-example.csv")  # synthetic figures
    >>> sorted(set(r.frame()["initiative"]))[:2]
    ['advance-care-planning', 'buikpijnteam']
    """
    return Realised(_core.Realised.from_path(os.fspath(path)))


def _as_realised(realised: Any) -> Realised:
    if isinstance(realised, Realised):
        return realised
    if isinstance(realised, (str, os.PathLike)):
        return read_realised(realised)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None and isinstance(realised, pd.DataFrame):
        return Realised.from_frame(realised)
    raise TypeError(
        f"realised must be a path, a pandas DataFrame or a workforce_impact.Realised, not {type(realised).__name__}"
    )


class Monitoring:
    """Realised against planned (:meth:`Model.monitor`): the table and the re-forecast.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> m = wi.Model.builtin("nml-2023").monitor("tests/data/realised-example.csv")
    >>> m.table().loc[0, ["initiative", "period", "status"]].tolist()
    ['fit-for-surgery', '2025', 'behind']
    >>> f = m.reforecast()
    >>> round(f["planned_total"]), f["target_year"]
    (1633, 2032)
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getstate__(self) -> dict[str, Any]:
        return self._data

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data = state

    def __repr__(self) -> str:
        f = self._data["reforecast"]
        return (
            f"Monitoring({self._data['model']!r}, {len(self._data['rows'])} rows, "
            f"re-forecast {f['total']:.1f} of planned {f['planned_total']:.1f} persons)"
        )

    @property
    def model(self) -> str:
        """The model's id."""
        return str(self._data["model"])

    @property
    def thresholds(self) -> tuple[float, float]:
        """``(behind, ahead)``: the status thresholds as fractions of the planned value."""
        return (float(self._data["behind"]), float(self._data["ahead"]))

    def table(self) -> pd.DataFrame:
        """One row per realised figure: planned (at the end of the period), realised,
        deviation (absolute and relative), status, the value carried to the target year and
        whether the re-forecast uses it."""
        import pandas as pd

        return pd.DataFrame([[r[c] for c in _COLUMNS] for r in self._data["rows"]], columns=_COLUMNS)

    def reforecast(self) -> dict[str, Any]:
        """The target year with realised values in place of planned ones: ``total``,
        ``share``, ``planned_total``, ``planned_share``, ``shortage``, ``target_year``,
        ``overrides`` (the carried parameters), ``initiatives`` (a DataFrame: id,
        planned, reforecast, basis) and, when asked for with ``draws``, ``band`` (dict:
        ``n``, ``total`` and ``share`` as [p5, p50, p95], ``targets`` as
        {share: probability})."""
        import pandas as pd

        f = dict(self._data["reforecast"])
        f["overrides"] = dict(f["overrides"])
        f["initiatives"] = pd.DataFrame(f["initiatives"], columns=["id", "planned", "reforecast", "basis"])
        if f.get("band") is not None:
            b = dict(f["band"])
            b["targets"] = {float(t): float(p) for t, p in b["targets"]}
            f["band"] = b
        return f


class MonitorMixin:
    """:meth:`Model.monitor`."""

    __slots__ = ()

    def monitor(
        self,
        realised: Union[str, os.PathLike[str], pd.DataFrame, Realised],
        *,
        threshold: float | None = None,
        behind: float | None = None,
        ahead: float | None = None,
        scenario: str = "baseline",
        draws: int | None = None,
        rel: float = 0.5,
        seed: int = 2023,
        targets: Sequence[float] = (0.35,),
    ) -> Monitoring:
        """Realised figures against the plan, and the re-forecast of the target year.

        ``realised`` is a path (CSV or .xlsx with a ``Realised`` sheet), a DataFrame or a
        :class:`Realised`. A figure is ``behind`` when it is more than ``behind`` (default
        ``threshold``, else 0.1) below plan in the direction that frees fewer persons,
        ``ahead`` beyond ``ahead`` in the other. ``draws`` adds a Monte Carlo band to the
        re-forecast: every assumption varied by ±``rel`` (triangular), the realised
        parameters held at their carried values. Rules: docs/monitoring.md.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> m = model.monitor("tests/data/realised-example.csv", threshold=0.25)
        >>> m.table().set_index(["initiative", "period"]).loc[("fit-for-surgery", "2025"), "status"]
        'on track'
        """
        r = _as_realised(realised)
        t = 0.1 if threshold is None else threshold
        data = _core.monitor(
            self._core,  # type: ignore[attr-defined]
            r._core,
            behind=t if behind is None else behind,
            ahead=t if ahead is None else ahead,
            scenario=scenario,
            draws=draws,
            rel=rel,
            seed=seed,
            targets=list(targets),
        )
        return Monitoring(data)
