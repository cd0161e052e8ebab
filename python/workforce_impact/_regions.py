"""Regions and scaling: region tables from CSV, a model carried to another region, both
readings of a stated regional share, and every region of a table in one call. The logic is
in the core (``workforce_impact::regions``); this module converts to pandas."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workforce_impact._model import Model

__all__ = ["RegionTable", "RegionsMixin", "regions_from_csv", "evaluate_regions"]

_TABLE_COLUMNS = ["id", "name", "year", "source", "parent", "complete"]
_REGION_COLUMNS = ["region", "year", "level", "id", "persons", "shortage", "share"]
_SPLIT_COLUMNS = [
    "parameter", "initiative", "region", "base", "of", "stated", "derived",
    "persons_stated", "persons_derived",
]


class RegionTable:
    """Regions with their bases (population, 65+, further counts), nesting and provenance,
    checked: unique ids, no 65+ above the population, known parents without cycles, no
    child above its parent, a ``complete`` parent equal to the sum of its children.

    Read one with :func:`regions_from_csv`, or take a model's own with
    :meth:`Model.region_table`.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> table = wi.RegionTable.from_csv_text(
    ...     "id,name,population,population_65plus\\n"
    ...     "demo,Demoland (synthetic),1000,200\\n"
    ... )
    >>> table.to_pandas().loc["demo", "population_65plus"]
    np.float64(200.0)
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.RegionTable) -> None:
        if not isinstance(core, _core.RegionTable):
            raise TypeError("use regions_from_csv or Model.region_table to make a RegionTable")
        self._core = core

    @classmethod
    def from_csv_text(cls, text: str, name: str = "<string>") -> RegionTable:
        """A region table from CSV text; ``name`` appears in error messages."""
        return cls(_core.RegionTable.from_csv(text, name))

    def __getstate__(self) -> dict[str, Any]:
        return {"csv": self._core.to_csv(), "origin": self._core.origin}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._core = _core.RegionTable.from_csv(state["csv"], state["origin"])

    def __len__(self) -> int:
        return len(self._core.rows())

    def __repr__(self) -> str:
        return f"<RegionTable {self.origin!r}: {', '.join(self.ids)}>"

    @property
    def origin(self) -> str:
        """Where the table came from: a CSV path, ``<string>`` or a model's origin."""
        return self._core.origin

    @property
    def ids(self) -> list[str]:
        """The region ids, in table order."""
        return [r[0] for r in self._core.rows()]

    def to_csv(self) -> str:
        """The table as CSV, in the format :func:`regions_from_csv` reads."""
        return self._core.to_csv()

    def to_pandas(self) -> pd.DataFrame:
        """One row per region, indexed by id: ``name``, one column per base (missing where a
        region lacks it), ``year``, ``source``, ``parent``, ``complete``."""
        import pandas as pd

        rows = []
        bases: list[str] = []
        for id_, name, region_bases, year, source, parent, complete in self._core.rows():
            row: dict[str, Any] = {"id": id_, "name": name}
            for b, v in region_bases:
                row[b] = v
                if b not in bases:
                    bases.append(b)
            row.update(year=year, source=source, parent=parent, complete=complete)
            rows.append(row)
        columns = ["id", "name", *bases, "year", "source", "parent", "complete"]
        return pd.DataFrame(rows, columns=columns).set_index("id")

    def split(self, national: float, parent: str, base: str = "population") -> pd.Series:
        """``national`` split over ``parent``'s children by their share of ``base``; over a
        ``complete`` parent the parts add back up to ``national`` (within 1e-12 relative).

        Examples
        --------
        >>> import workforce_impact as wi
        >>> t = wi.RegionTable.from_csv_text(
        ...     "id,name,population,parent,complete\\n"
        ...     "land,Land (synthetic),1000,,true\\na,A,250,land,\\nb,B,750,land,\\n"
        ... )
        >>> t.split(100.0, "land").tolist()
        [25.0, 75.0]
        """
        import pandas as pd

        parts = self._core.split(float(national), parent, base)
        return pd.Series({k: v for k, v in parts}, name=base, dtype=float)


def regions_from_csv(path: str | os.PathLike[str]) -> RegionTable:
    """Reads a region table from a CSV file: header ``id,name,population,
    population_65plus,...,year,source,parent,complete`` where every further numeric column
    is a base (see docs/model-format.md). Errors name the file, CSV line and column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import workforce_impact as wi
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "regions.csv"
    >>> _ = path.write_text("id,name,population\\nnorth,North (synthetic),1000\\n", encoding="utf-8")
    >>> wi.regions_from_csv(path).ids
    ['north']
    """
    return RegionTable(_core.RegionTable.from_csv_path(os.fspath(path)))


def _table(model: Model, regions: RegionTable | None) -> _core.RegionTable:
    if regions is None:
        return _core.RegionTable.from_model(model._core)
    if not isinstance(regions, RegionTable):
        raise TypeError(f"regions must be a RegionTable (wi.regions_from_csv), not {type(regions).__name__}")
    return regions._core


def evaluate_regions(
    model: Model,
    regions: RegionTable | None = None,
    shortages: Mapping[str, float] | None = None,
    years: Sequence[int] | None = None,
) -> pd.DataFrame:
    """The model carried to every region of ``regions`` (:meth:`Model.scale_to`) and
    evaluated for the target year (or for each of ``years``, from every region's
    trajectory against its baseline shortage), in one call: one row per region x year x level
    (``initiative``, ``theme``, ``total``) x id, with ``persons``, ``shortage`` and
    ``share``. ``shortages`` gives regions their own shortage (persons); the others get the
    model's, scaled by ``[shortage] scales_with`` (a rough proxy). The year is in
    ``df.attrs["year"]``, what scaling said in ``df.attrs["warnings"]``.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> df = wi.evaluate_regions(model)
    >>> df[df.level == "total"][["region", "shortage"]].round().values.tolist()
    [['nml', 4500.0], ['nl', 159743.0]]
    """
    import pandas as pd

    from workforce_impact._model import Model as _Model

    if not isinstance(model, _Model):
        raise TypeError(f"model must be a Model, not {type(model).__name__}")
    year, rows, warnings = _core.evaluate_regions(
        model._core,
        _table(model, regions),
        dict(shortages) if shortages else None,
        [int(y) for y in years] if years is not None else None,
    )
    df = pd.DataFrame(rows, columns=_REGION_COLUMNS)
    df[["shortage", "share"]] = df[["shortage", "share"]].astype(float)
    df["year"] = df["year"].astype("Int64")
    df.attrs["year"] = year
    df.attrs["warnings"] = [f"{r}: {w}" for r, w in warnings]
    return df


class RegionsMixin:
    """:class:`Model` methods for regions and scaling."""

    __slots__ = ()

    def region_table(self: Any) -> RegionTable:
        """The model's own ``[[regions]]`` as a :class:`RegionTable`.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> wi.Model.builtin("nml-2023").region_table().ids
        ['nml', 'nl']
        """
        return RegionTable(_core.RegionTable.from_model(self._core))

    def scale_to(
        self: Any,
        region_id: str,
        regions: RegionTable | None = None,
        shortage: float | None = None,
    ) -> Model:
        """A new model for region ``region_id`` of ``regions`` (the model's own regions
        when None): ``region.*`` reads the target; every ``scales_with`` parameter is
        multiplied by target base / own base; stated shares (``share_of``) are re-derived
        from the table; the shortage is ``shortage`` (persons, target year), else the
        model's scaled by ``[shortage] scales_with`` (a rough proxy); published figures
        are dropped (they are the source region's). What changed is in the new model's
        :attr:`warnings`. Scaling to the model's own region changes no value.

        Raises :class:`ModelError` for an unknown region (naming the closest) or a region
        missing a base some parameter scales with.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> nl = model.scale_to("nl")
        >>> nl.evaluate()["sociale-benadering-dementie"]
        25500.0
        """
        from workforce_impact._model import Model as _Model

        core, _said = _core.scale_to(self._core, region_id, _table(self, regions), shortage)
        return _Model(core)

    def split_readings(self: Any) -> pd.DataFrame:
        """Every stated regional share (a parameter with ``share_of``) read both ways: as
        stated (``stated``, rounded in the source: the regioplan's 3% and 3.4%) and
        re-derived from the regions (``derived``), with the initiative's persons under each.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> df = wi.Model.builtin("nml-2023").split_readings().set_index("parameter")
        >>> df.loc["valpreventie.nml_share", ["stated", "derived"]].round(4).tolist()
        [0.03, 0.0282]
        """
        import pandas as pd

        return pd.DataFrame(_core.split_readings(self._core), columns=_SPLIT_COLUMNS)
