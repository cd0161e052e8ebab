"""Who invests, who benefits: :meth:`Evaluation.ledger`, :meth:`Evaluation.matrix`,
:meth:`Evaluation.settlement`, :meth:`Model.ledger_monte_carlo` and the builder's
parties, money entries and agreements. The core books and settles (the same code as
``workforce-impact ledger``); this only shapes the results as DataFrames."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Settlement", "LedgerEvaluationMixin", "LedgerModelMixin", "LedgerBuilderMixin"]

_ROW_COLUMNS = ["party", "initiative", "year", "kind", "label", "sector", "persons", "FTE", "EUR"]
_ROW_KEYS = ["party", "initiative", "year", "kind", "label", "sector", "persons", "fte", "eur"]


def _frame(
    records: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    columns: Sequence[str],
    floats: Sequence[str],
) -> pd.DataFrame:
    """A DataFrame of the core's ``records``: field ``keys[i]`` as column ``columns[i]``,
    the ``floats`` columns as float (a missing figure is NaN)."""
    import pandas as pd

    df = pd.DataFrame([[r[k] for k in keys] for r in records], columns=list(columns))
    for c in floats:
        df[c] = df[c].astype(float)
    return df


@dataclass(frozen=True)
class Settlement:
    """The settlement of one shared-savings agreement (:meth:`Evaluation.settlement`).

    Attributes
    ----------
    agreement, name, unit
        The agreement's id and name, and what it settles in (``EUR``, ``FTE``,
        ``person``).
    parties
        One row per party and year: ``invested``, ``gained``, ``net_before``,
        ``recovered`` (investors first), ``shared`` (its part of the remainder),
        ``transfer`` (received +, paid -) and ``net_after``.
    transfers
        One row per payment: ``from``, ``to``, ``year``, ``amount``. The transfers of
        every year sum to zero.
    years
        Per year: ``savings``, ``counted`` (after truncation), ``paid`` and the
        ``reason`` nothing was paid, if so.
    """

    agreement: str
    name: str
    unit: str
    parties: pd.DataFrame
    transfers: pd.DataFrame
    years: pd.DataFrame


class LedgerEvaluationMixin:
    """The ledger methods of :class:`Evaluation`."""

    __slots__ = ()

    def ledger(self) -> pd.DataFrame:
        """The ledger: one row per component's staff (``kind="staff"``), per money entry
        (``"invested"``, ``"saved"``) and per party, initiative and year the sum
        (``"net"``). Every figure is what the party gains: staff freed and savings
        positive, investments, running costs and extra staff needed negative. ``EUR`` is
        missing where the model declares no cost rate; ``FTE`` where it has no part-time
        factor. What no party can be assigned to is the party ``"unassigned"``.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> ev = wi.Model.builtin("nml-2023").evaluate()
        >>> net = ev.ledger().query("kind == 'net'").groupby("party")["persons"].sum()
        >>> round(float(net["unassigned"] / net.sum()), 2)
        0.67
        """
        rows = _core.ledger(self._core)["ledger"]["rows"]  # type: ignore[attr-defined]
        return _frame(rows, _ROW_KEYS, _ROW_COLUMNS, ("persons", "FTE", "EUR"))

    def matrix(self, value: str = "EUR") -> pd.DataFrame:
        """Who invests, who benefits: parties (rows) × initiatives (columns), the net
        ``"EUR"`` (default; missing where a party has no euro entry) or ``"persons"``.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> m = wi.Model.builtin("beweeghuis-artrose").evaluate().matrix()
        >>> list(m.columns)
        ['beweegprogramma', 'beweegaanbod']
        >>> float(m.loc["gemeente", "beweegaanbod"])
        -200000.0
        """
        import pandas as pd

        if value not in ("EUR", "persons"):
            raise ValueError(f"value must be 'EUR' or 'persons', not {value!r}")
        m = _core.ledger(self._core)["matrix"]  # type: ignore[attr-defined]
        data = m["eur"] if value == "EUR" else m["persons"]
        df = pd.DataFrame(data, index=m["parties"], columns=m["initiatives"], dtype=float)
        df.index.name, df.columns.name = "party", "initiative"
        return df

    def settlement(self, agreement_id: str) -> Settlement:
        """Settles the shared-savings agreement ``agreement_id`` (``[[agreements]]`` in the
        model file) on this evaluation's ledger: transfers between parties and each
        party's net after settlement (see docs/model-format.md for the rules).

        Raises
        ------
        ModelError
            No such agreement (the message names the ones there are).

        Examples
        --------
        >>> import workforce_impact as wi
        >>> ev = wi.Model.builtin("beweeghuis-artrose").evaluate()
        >>> s = ev.settlement("beweeghuis-gedeelde-besparing")
        >>> s.parties.set_index("party").loc["gemeente", ["net_before", "transfer", "net_after"]].round().tolist()
        [-200000.0, 233938.0, 33938.0]
        >>> abs(float(s.parties["transfer"].sum())) < 1e-6
        True
        """
        return _settlement_from(_core.settlement(self._core, str(agreement_id)))  # type: ignore[attr-defined]


def _settlement_from(s: Mapping[str, Any]) -> Settlement:
    """A :class:`Settlement` from the core's settlement dict."""
    import pandas as pd

    parties = pd.DataFrame(
        [{"year": y["year"], **p} for y in s["years"] for p in y["parties"]],
        columns=["party", "year", "invested", "gained", "net_before", "recovered", "shared", "transfer", "net_after"],
    )
    transfers = pd.DataFrame(
        [t for y in s["years"] for t in y["transfers"]], columns=["from", "to", "year", "amount"]
    )
    years = pd.DataFrame(
        [{k: y[k] for k in ("year", "savings", "counted", "paid", "reason")} for y in s["years"]],
        columns=["year", "savings", "counted", "paid", "reason"],
    )
    return Settlement(s["agreement"], s["name"], s["unit"], parties, transfers, years)


class LedgerModelMixin:
    """The ledger methods of :class:`Model`."""

    __slots__ = ()

    @property
    def parties(self) -> pd.DataFrame:
        """The model's parties: ``id``, ``name``, ``role`` (financier or provider), ``note``."""
        import pandas as pd

        return pd.DataFrame(_core.parties(self._core), columns=["id", "name", "role", "note"])  # type: ignore[attr-defined]

    @property
    def agreements(self) -> list[str]:
        """The ids of the model's shared-savings agreements."""
        return list(_core.ledger(self._core.evaluate(None))["agreements"])  # type: ignore[attr-defined]

    def ledger_monte_carlo(
        self,
        dists: Mapping[str, Any],
        n: int = 10_000,
        seed: int = 0,
        *,
        agreement: str | None = None,
    ) -> pd.DataFrame:
        """Each party's net over ``n`` draws of ``dists`` (as :meth:`monte_carlo` takes
        them; the same seed gives the same draws), after settling ``agreement`` when
        given: one row per party with ``stated``, ``mean``, ``p05``, ``p50``, ``p95`` and
        ``prob_negative`` = P(net < 0). ``attrs["unit"]`` says what the nets are in.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("beweeghuis-artrose")
        >>> r = model.ledger_monte_carlo(model.assumptions(0.3), n=2000, seed=1,
        ...                              agreement="beweeghuis-gedeelde-besparing")
        >>> r.attrs["unit"], list(r.columns)
        ('EUR', ['stated', 'mean', 'p05', 'p50', 'p95', 'prob_negative'])
        >>> bool(((r.prob_negative >= 0) & (r.prob_negative <= 1)).all())
        True
        """
        import pandas as pd

        from workforce_impact._model import _count

        n = _count("n", n)
        seed = _count("seed", seed, minimum=0)
        out = _core.ledger_monte_carlo(  # type: ignore[attr-defined]
            self._core, self._inputs_json(dists), n, seed, None if agreement is None else str(agreement)  # type: ignore[attr-defined]
        )
        df = pd.DataFrame(out["parties"]).set_index("party")
        df = df[["stated", "mean", "p05", "p50", "p95", "prob_negative"]]
        df.attrs["unit"] = out["unit"]
        df.attrs["agreement"] = out["agreement"]
        df.attrs["n"] = out["n"]
        return df


class LedgerBuilderMixin:
    """The ledger methods of :class:`ModelBuilder`: parties, the sector → party mapping,
    cost rates, money entries and agreements, shaped as in the model file."""

    _data: dict[str, Any]

    def party(self, id: str, role: str, *, name: str = "", note: str | None = None) -> Any:
        """Adds a party (``role`` is ``"financier"`` or ``"provider"``)."""
        entry: dict[str, Any] = {"id": id, "name": name, "role": role}
        if note is not None:
            entry["note"] = note
        self._data.setdefault("parties", []).append(entry)
        return self

    def sector_ledger(
        self,
        sector: str,
        *,
        provider: str | None = None,
        financier: str | None = None,
        cost_rate: str | None = None,
        part_time_factor: str | None = None,
    ) -> Any:
        """Maps a sector to its parties (instead of the defaults by law) and names its
        cost rate: a parameter in ``EUR/(FTE*yr)`` or ``EUR/h``."""
        entry = {"provider": provider, "financier": financier, "cost_rate": cost_rate, "part_time_factor": part_time_factor}
        sectors = self._data.setdefault("ledger", {}).setdefault("sectors", {})
        sectors.setdefault(sector, {}).update({k: v for k, v in entry.items() if v is not None})
        return self

    def discounting(self, rate: float | str, *, base_year: int | None = None) -> Any:
        """Sets ``[ledger] discount_rate`` (a dimensionless parameter's name, ``"3%"`` or
        ``0.03``) and optionally ``base_year``, year 0 of the cash flows' net present value."""
        ledger = self._data.setdefault("ledger", {})
        ledger["discount_rate"] = rate
        if base_year is not None:
            ledger["base_year"] = base_year
        return self

    def money(
        self,
        initiative: str,
        kind: str,
        party: str,
        formula: str,
        *,
        label: str | None = None,
        year: int | None = None,
    ) -> Any:
        """Adds a money entry to an initiative added before: ``kind`` is ``"investment"``
        (a formula in ``EUR``), ``"running"`` or ``"saving"`` (``EUR/yr``)."""
        for entry in self._data["initiatives"]:
            if entry.get("id") == initiative:
                item: dict[str, Any] = {"kind": kind, "party": party, "formula": formula}
                if label is not None:
                    item["label"] = label
                if year is not None:
                    item["year"] = year
                entry.setdefault("money", []).append(item)
                return self
        raise KeyError(f"no initiative {initiative!r}: add it with .initiative() first")

    def agreement(
        self,
        id: str,
        *,
        parties: Sequence[str],
        shares: Mapping[str, float | str],
        name: str = "",
        unit: str = "EUR",
        investors_first: bool = False,
        baseline: float | str | None = None,
        min_savings_rate: float | str | None = None,
        cap: Mapping[str, float | str] | None = None,
        quality_gate: Mapping[str, Any] | None = None,
        truncate_at: float | str | None = None,
        initiatives: Sequence[str] | None = None,
        note: str | None = None,
    ) -> Any:
        """Adds a shared-savings agreement (see docs/model-format.md, ``[[agreements]]``)."""
        entry: dict[str, Any] = {
            "id": id, "name": name, "parties": list(parties), "unit": unit,
            "investors_first": investors_first, "shares": dict(shares),
            "baseline": baseline, "min_savings_rate": min_savings_rate,
            "cap": dict(cap) if cap else None,
            "quality_gate": dict(quality_gate) if quality_gate else None,
            "truncate_at": truncate_at,
            "initiatives": list(initiatives) if initiatives is not None else None,
            "note": note,
        }
        self._data.setdefault("agreements", []).append({k: v for k, v in entry.items() if v is not None})
        return self
