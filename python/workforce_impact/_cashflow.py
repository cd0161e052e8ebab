"""The ledger over the years: :meth:`Model.cash_flows`. The core computes every figure
(the same code as ``workforce-impact ledger --years``); this only shapes the results as
DataFrames."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Optional

from workforce_impact import _core
from workforce_impact._ledger import _ROW_KEYS, Settlement, _frame, _settlement_from

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CashFlows", "CashFlowsMixin"]

_ROW_COLUMNS = [
    "party", "initiative", "year", "kind", "label", "sector", "persons", "FTE", "EUR", "cumulative",
]
_YEAR_COLUMNS = ["party", "year", "persons", "FTE", "EUR", "cumulative", "discounted"]
_SUMMARY_COLUMNS = ["party", "person_years", "EUR", "payback_year", "NPV"]


@dataclass(frozen=True)
class CashFlows:
    """The cash flows of a model over its horizon (:meth:`Model.cash_flows`).

    Attributes
    ----------
    rows
        One row per party, initiative, year and ``kind``: ``staff`` (per component),
        ``invested`` (investments and running costs, negative), ``saved``, ``transfer``
        (the agreement's settlement of the year; ``initiative`` is missing) and ``net``
        (per party, initiative and year, with the ``cumulative`` euros).
    by_year
        One row per party and year over every initiative: ``persons``, ``FTE``, ``EUR``,
        ``cumulative`` and ``discounted`` euros.
    discount_rate
        The discount rate as a fraction (``None`` when the model declares none).
    base_year
        Year 0 of the discounting.
    agreement
        The agreement settled, if any.
    settlement
        Its settlement, year by year (``None`` without an agreement).
    """

    rows: pd.DataFrame
    by_year: pd.DataFrame
    summary_rows: pd.DataFrame
    discount_rate: Optional[float]
    base_year: int
    agreement: Optional[str]
    settlement: Optional[Settlement]

    def summary(self) -> pd.DataFrame:
        """Per party (the index): ``person_years``, ``EUR`` (undiscounted sum),
        ``payback_year`` (the first year from which the cumulative net stays >= 0; missing
        when it ends negative or the party has no euros) and ``NPV`` (at
        :attr:`discount_rate`, ``(1 + r)^-(year - base_year)``)."""
        return self.summary_rows.set_index("party")


class CashFlowsMixin:
    """The cash-flow method of :class:`Model`."""

    __slots__ = ()

    def cash_flows(
        self, overrides: Mapping[str, float] | None = None, agreement: str | None = None
    ) -> CashFlows:
        """The ledger in every year of the horizon: staff from the trajectory (ramps and
        growth apply), running costs and savings following the initiative's ramp, each
        investment once in its year (an investment without a year: in the initiative's
        ramp start year, or the horizon's first year without a ramp); per party the
        cumulative net, the payback year and the net present value at ``[ledger]
        discount_rate``. With ``agreement``, settled year by year (the transfers of each
        year sum to zero).

        Parameters
        ----------
        overrides : dict, optional
            Parameter values by qualified name, in the parameter's unit.
        agreement : str, optional
            The id of a shared-savings agreement to settle every year with.

        Raises
        ------
        ModelError
            An unknown agreement (the message names the ones there are).
        InvalidValueError
            An override out of range (a discount rate parameter included).

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("beweeghuis-artrose")
        >>> flows = model.cash_flows()
        >>> s = flows.summary()
        >>> int(s.loc["zorgverzekeraar", "payback_year"])
        2027
        >>> flows.rows.query("label == 'opzet netwerk'")[["year", "EUR"]].values.tolist()
        [[2025.0, -150000.0]]
        >>> settled = model.cash_flows(agreement="beweeghuis-gedeelde-besparing")
        >>> transfers = settled.rows.query("kind == 'transfer'").groupby("year")["EUR"].sum()
        >>> bool((transfers.abs() < 1e-6).all())
        True
        """
        out: dict[str, Any] = _core.cash_flows(  # type: ignore[attr-defined]
            self._core, dict(overrides or {}), agreement  # type: ignore[attr-defined]
        )
        rows = _frame(
            out["rows"], [*_ROW_KEYS, "cumulative"], _ROW_COLUMNS, ("persons", "FTE", "EUR", "cumulative")
        )
        by_year = _frame(
            out["party_years"],
            ["party", "year", "persons", "fte", "eur", "cumulative", "discounted"],
            _YEAR_COLUMNS,
            ("persons", "FTE", "EUR", "cumulative", "discounted"),
        )
        summary = _frame(
            out["summary"], ["party", "person_years", "eur", "payback_year", "npv"], _SUMMARY_COLUMNS, ("EUR", "NPV")
        )
        summary["payback_year"] = summary["payback_year"].astype("Int64")
        settlement = out.get("settlement")
        return CashFlows(
            rows=rows,
            by_year=by_year,
            summary_rows=summary,
            discount_rate=out["discount_rate"],
            base_year=out["base_year"],
            agreement=out["agreement"],
            settlement=_settlement_from(settlement) if settlement else None,
        )
