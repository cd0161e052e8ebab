"""Building a model in Python, without writing TOML."""

from __future__ import annotations

import copy
from typing import Any, Iterable, Mapping, Union

from workforce_impact._ledger import LedgerBuilderMixin
from workforce_impact._model import Model
from workforce_impact.exceptions import ModelError

__all__ = ["ModelBuilder", "component"]

Value = Union[float, int, str]


def _param(
    value: Value | None = None,
    *,
    unit: str | None = None,
    source: str | None = None,
    kind: str | None = None,
    note: str | None = None,
    formula: str | None = None,
    growth: Mapping[str, Any] | None = None,
    by_year: Mapping[Any, Value] | None = None,
) -> dict[str, Any]:
    entry = {
        "value": value,
        "formula": formula,
        "unit": unit,
        "source": source,
        "kind": kind,
        "note": note,
        "growth": dict(growth) if growth is not None else None,
        "by_year": _years(by_year),
    }
    return {k: v for k, v in entry.items() if v is not None}


def _years(by_year: Mapping[Any, Value] | None) -> dict[str, Value] | None:
    # TOML keys are text: {2023: 0} is written as {"2023": 0}.
    return None if by_year is None else {str(k): v for k, v in by_year.items()}


def _param_entry(spec: Value | Mapping[str, Any]) -> dict[str, Any]:
    # A mapping goes to the core as given, so that it names a misspelt field itself.
    if isinstance(spec, Mapping):
        out = {k: v for k, v in spec.items() if v is not None}
        if isinstance(out.get("by_year"), Mapping):
            out["by_year"] = _years(out["by_year"])
        return out
    return _param(spec)


def component(
    formula: str,
    sector: str,
    *,
    label: str | None = None,
    sign: str = "saving",
    flow: Mapping[str, Any] | None = None,
    stock_reading: Mapping[str, Any] | None = None,
    provider: str | None = None,
    financier: str | None = None,
) -> dict[str, Any]:
    """One component of an initiative: a formula in persons and the sector it lands in.

    Parameters
    ----------
    formula
        A formula over the initiative's and the global parameters; it must come out in
        persons.
    sector
        ``msz``, ``vvt``, ``grz``, ``ggz``, ``huisartsenzorg``, ``sociaal-domein`` or
        ``zorg-en-welzijn``.
    label
        A short description.
    sign
        ``"saving"`` (staff freed, default) or ``"cost"`` (staff needed: counts negative).
    flow
        For a formula in person/yr: ``{"from": 2025, "retention": "90%"}``, how it
        accumulates into a stock (see docs/model-format.md, "Flows and stocks").
    stock_reading
        The flow reading beside a one-year formula: ``{"formula": ..., "from": ...,
        "retention": ..., "note": ...}``.
    provider, financier
        The parties of this component's staff, instead of its sector's (see
        :meth:`ModelBuilder.party`).

    Examples
    --------
    >>> import workforce_impact as wi
    >>> wi.component("staff * 2", "vvt", sign="cost")
    {'sector': 'vvt', 'formula': 'staff * 2', 'sign': 'cost'}
    """
    out: dict[str, Any] = {"sector": sector, "formula": formula}
    if label is not None:
        out["label"] = label
    if sign != "saving":
        out["sign"] = sign
    if flow is not None:
        out["flow"] = dict(flow)
    if stock_reading is not None:
        out["stock_reading"] = dict(stock_reading)
    if provider is not None:
        out["provider"] = provider
    if financier is not None:
        out["financier"] = financier
    return out


class ModelBuilder(LedgerBuilderMixin):
    """Builds a model step by step; :meth:`build` checks it exactly like a model file
    (every formula unit-checked). No TOML is written: every problem is reported with the
    initiative, component, parameter and field you passed (the exception's ``field``).

    Each method returns the builder, so calls chain.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> model = (
    ...     wi.ModelBuilder("demo", title="Demo", region="nml", target_year=2032)
    ...     .region("nml", population=504908, population_65plus=122357, source="CBS")
    ...     .shortage(2032, 4500)
    ...     .parameter("annual_hours", 2000, unit="h/(FTE*yr)", source="regioplan", kind="assumption")
    ...     .parameter("part_time_factor", "68%", unit="FTE/person", source="AZW Info", kind="sourced")
    ...     .theme("langer-thuis", "Langer en beter thuis vooruit")
    ...     .initiative(
    ...         "fit-for-surgery",
    ...         name="Fit-For-Surgery",
    ...         theme="langer-thuis",
    ...         published=14,
    ...         parameters={
    ...             "admissions_65plus": {"value": 20991, "unit": "1/yr", "source": "CBS"},
    ...             "length_of_stay": {"value": 5.2, "unit": "day", "source": "CBS"},
    ...             "stay_reduction": {"value": "5%", "source": "aanname", "kind": "assumption"},
    ...             "nursing_per_day": {"value": 210, "unit": "min/day", "kind": "expert"},
    ...         },
    ...         components=[
    ...             wi.component(
    ...                 "admissions_65plus * length_of_stay * stay_reduction * nursing_per_day"
    ...                 " / annual_hours / part_time_factor",
    ...                 "msz",
    ...             )
    ...         ],
    ...     )
    ...     .build()
    ... )
    >>> round(model.evaluate().total, 2)
    14.05
    """

    def __init__(
        self,
        id: str,
        title: str = "",
        *,
        source: str | None = None,
        region: str | None = None,
        target_year: int | None = None,
        start_year: int | None = None,
        default_ramp: Mapping[str, Any] | None = None,
    ) -> None:
        meta: dict[str, Any] = {"id": id, "title": title}
        if start_year is not None:
            meta["start_year"] = start_year
        if default_ramp is not None:
            meta["default_ramp"] = dict(default_ramp)
        if source is not None:
            meta["source"] = source
        if region is not None:
            meta["region"] = region
        if target_year is not None:
            meta["target_year"] = target_year
        self._data: dict[str, Any] = {
            "model": meta,
            "regions": [],
            "themes": [],
            "parameters": {},
            "shared": [],
            "initiatives": [],
        }

    def parameter(
        self,
        name: str,
        value: Value | None = None,
        *,
        unit: str | None = None,
        source: str | None = None,
        kind: str | None = None,
        note: str | None = None,
        formula: str | None = None,
        growth: Mapping[str, Any] | None = None,
        by_year: Mapping[Any, Value] | None = None,
    ) -> ModelBuilder:
        """Adds a global parameter: a ``value`` (a number, or ``"68%"``) or, for
        ``kind="derived"``, a ``formula``; ``unit`` as in the model file format.
        ``growth`` (``{"total": "16%", "from": 2023, "to": 2032}``) or ``by_year``
        (``{2023: 0, 2032: "16%"}``) make it change over the years.

        A name given twice raises :class:`ModelError` at once (a file cannot state a key
        twice either)."""
        if name in self._data["parameters"]:
            label = self._name()
            message = f"{label}: parameter '{name}': duplicate parameter '{name}'"
            error = ModelError(message)
            error.file, error.parameter, error.errors = label, name, [message]
            raise error
        self._data["parameters"][name] = _param(
            value, unit=unit, source=source, kind=kind, note=note, formula=formula,
            growth=growth, by_year=by_year,
        )
        return self

    def theme(self, id: str, name: str = "") -> ModelBuilder:
        """Adds a theme."""
        self._data["themes"].append({"id": id, "name": name})
        return self

    def region(
        self,
        id: str,
        population: float,
        *,
        name: str = "",
        population_65plus: float | None = None,
        source: str | None = None,
    ) -> ModelBuilder:
        """Adds a region; its populations are ``<id>.population`` and
        ``<id>.population_65plus`` in formulas."""
        entry: dict[str, Any] = {"id": id, "name": name, "population": population}
        if population_65plus is not None:
            entry["population_65plus"] = population_65plus
        if source is not None:
            entry["source"] = source
        self._data["regions"].append(entry)
        return self

    def shortage(
        self,
        year: int,
        persons: float,
        *,
        scenario: str = "baseline",
        description: str | None = None,
        source: str | None = None,
        claim: Mapping[str, Any] | None = None,
    ) -> ModelBuilder:
        """Adds a projection of the region's staff shortage (persons in ``year``); the
        ``baseline`` one for the target year is what shares are taken of. ``source`` and
        ``claim`` (share, low, high, text) describe the shortage section as a whole."""
        section = self._data.setdefault("shortage", {"projections": []})
        projection: dict[str, Any] = {"year": year, "persons": persons, "scenario": scenario}
        if description is not None:
            projection["description"] = description
        section["projections"].append(projection)
        if source is not None:
            section["source"] = source
        if claim is not None:
            section["claim"] = dict(claim)
        return self

    def initiative(
        self,
        id: str,
        *,
        theme: str,
        name: str = "",
        components: Iterable[Mapping[str, Any]] = (),
        parameters: Mapping[str, Value | Mapping[str, Any]] | None = None,
        published: float | Mapping[str, Any] | None = None,
        submitted_by: str | None = None,
        source_formula: str | None = None,
        reconstructed: bool = False,
        notes: str | None = None,
        shared: str | None = None,
        ramp: Mapping[str, Any] | None = None,
    ) -> ModelBuilder:
        """Adds an initiative.

        ``components`` are dicts with ``formula``, ``sector`` and optionally ``label`` and
        ``sign`` (see :func:`component`); ``parameters`` maps a local name to a value or
        to a dict with ``value``/``formula``, ``unit``, ``source``, ``kind``, ``note``;
        ``published`` is a number or ``{"value": 0.4, "range": [0, 1], "as_written": "0 - 1"}``;
        ``ramp`` is ``{"start": 2024, "full": 2027, "shape": "linear"}``.
        """
        entry: dict[str, Any] = {
            "id": id,
            "name": name,
            "theme": theme,
            "submitted_by": submitted_by,
            "published": dict(published) if isinstance(published, Mapping) else published,
            "source_formula": source_formula,
            "notes": notes,
            "shared": shared,
            "parameters": {k: _param_entry(v) for k, v in (parameters or {}).items()},
            "components": [dict(c) for c in components],
            "ramp": dict(ramp) if ramp is not None else None,
        }
        if reconstructed:
            entry["reconstructed"] = True
        self._data["initiatives"].append({k: v for k, v in entry.items() if v is not None})
        return self

    def to_dict(self) -> dict[str, Any]:
        """The model as a dict shaped like the TOML file (see :meth:`Model.from_dict`)."""
        return {k: copy.deepcopy(v) for k, v in self._data.items() if v not in ([], {})}

    def build(self) -> Model:
        """Checks and loads the model; raises the same errors as loading a file, each
        naming the initiative, component, parameter and ``field`` it is in (there is no
        file, so no line).

        Examples
        --------
        >>> import workforce_impact as wi
        >>> b = (
        ...     wi.ModelBuilder("demo")
        ...     .theme("t")
        ...     .initiative(
        ...         "x",
        ...         theme="t",
        ...         parameters={"visits": {"value": 120, "unit": "1/dya"}},
        ...         components=[wi.component("visits", "vvt")],
        ...     )
        ... )
        >>> try:
        ...     b.build()
        ... except wi.ParseError as e:
        ...     print(e.initiative, e.parameter, e.field)
        x x.visits unit
        """
        return Model.from_dict(self.to_dict(), name=self._name())

    def _name(self) -> str:
        return f"<builder {self._data['model']['id']}>"
