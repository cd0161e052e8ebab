"""Evaluation: one evaluation of a model, its totals and tables as pandas."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from workforce_impact import _core, _provenance, _published
from workforce_impact._ledger import LedgerEvaluationMixin

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from workforce_impact._model import Model

__all__ = ["Evaluation"]


def _fmt(v: float | None, digits: int = 1) -> str:
    if v is None:
        return "-"
    return f"{v:,.{digits}f}"


class Evaluation(LedgerEvaluationMixin):
    """The result of :meth:`Model.evaluate`: persons per initiative, theme and sector,
    the totals and the share of the projected shortage, published beside recomputed.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> ev = wi.Model.builtin("nml-2023").evaluate()
    >>> round(ev.total, 1), ev.published_total, ev.shortage
    (1633.3, 1673.8, 4500.0)
    >>> round(ev.share_of_shortage, 3)
    0.363
    """

    __slots__ = ("_core", "_model")

    def __init__(self, core: _core.Evaluation, model: Model) -> None:
        self._core = core
        self._model = model

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self._model, "overrides": self._core.overrides}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._model = state["model"]
        self._core = self._model._core.evaluate(state["overrides"] or None)

    @property
    def model(self) -> Model:
        """The model this evaluates."""
        return self._model

    @property
    def overrides(self) -> dict[str, float]:
        """The overrides this evaluation used."""
        return dict(self._core.overrides)

    @property
    def total(self) -> float:
        """Persons freed by the whole portfolio, recomputed."""
        return self._core.total

    @property
    def published_total(self) -> float:
        """The sum of the published figures."""
        return self._core.published_total

    @property
    def shortage(self) -> float | None:
        """The projected shortage (persons) in the model's target year, baseline scenario."""
        return self._core.shortage

    @property
    def shortage_year(self) -> int | None:
        """The year of :attr:`shortage`."""
        return self._core.shortage_year

    @property
    def share_of_shortage(self) -> float | None:
        """The recomputed total as a fraction of :attr:`shortage` (0.35 is 35%)."""
        return self._core.share_of_shortage

    @property
    def published_share_of_shortage(self) -> float | None:
        """The published total as a fraction of :attr:`shortage`."""
        return self._core.published_share_of_shortage

    def published_versions(self) -> pd.DataFrame:
        """Total and share per published version; see :func:`_published.published_versions`."""
        return _published.published_versions(self)

    def published_figures(self) -> pd.DataFrame:
        """Each initiative's figure per version; see :func:`_published.published_figures`."""
        return _published.published_figures(self)

    def published_total_in(self, version: str | None = None) -> float:
        """The published total of one version; see :func:`_published.published_total`."""
        return _published.published_total(self, version)

    @property
    def claim(self) -> dict[str, Any] | None:
        """What the source itself claims for the portfolio (text, share, low, high)."""
        return self._core.report_dict()["claim"]

    @property
    def initiative_totals(self) -> np.ndarray:
        """Signed persons per initiative, in model order, as a numpy array."""
        return self._core.initiative_totals()

    def __getitem__(self, initiative_id: str) -> float:
        """Persons of one initiative.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> ev = wi.Model.builtin("nml-2023").evaluate()
        >>> round(ev["telemonitoring-chronische-patienten"], 1)
        75.0
        """
        ids = self._model.initiatives
        if initiative_id not in ids:
            raise KeyError(initiative_id)
        return float(self._core.initiative_totals()[ids.index(initiative_id)])

    def provenance(self) -> pd.DataFrame:
        return _provenance.provenance(self)

    provenance.__doc__ = _provenance.provenance.__doc__

    from workforce_impact._overlap import overlap  # bases cut by several initiatives

    def to_pandas(self) -> pd.DataFrame:
        """One row per initiative: published against recomputed.

        Returns
        -------
        pandas.DataFrame
            Columns ``id``, ``name``, ``theme`` (id), ``theme_name``, ``submitted_by``,
            ``published`` (the point figure the source sums; NaN if none),
            ``published_as_written`` (``"0 - 1"``), ``computed``, ``difference``
            (computed - published), ``status`` (``reproduced``, ``differs``,
            ``reconstructed`` or ``unpublished``), ``within_rounding`` and ``notes``.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> df = wi.Model.builtin("nml-2023").evaluate().to_pandas()
        >>> df.shape[0]
        42
        >>> df.loc[df.id == "buikpijnteam", ["published", "status"]].values.tolist()
        [[2.0, 'differs']]
        """
        import pandas as pd

        themes = self._model.themes
        rows = self._core.report_dict()["initiatives"]
        columns = [
            "id",
            "name",
            "theme",
            "theme_name",
            "submitted_by",
            "published",
            "published_as_written",
            "computed",
            "difference",
            "status",
            "within_rounding",
            "notes",
        ]
        data = {c: [r.get(c) for r in rows] for c in columns if c != "theme_name"}
        data["theme_name"] = [themes.get(t, t) for t in data["theme"]]
        df = pd.DataFrame({c: data[c] for c in columns})
        for c in ("published", "computed", "difference"):
            df[c] = df[c].astype("float64")
        return df

    def by_theme(self) -> pd.DataFrame:
        """Published and recomputed persons per theme, in model order.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> df = wi.Model.builtin("nml-2023").evaluate().by_theme()
        >>> list(df.columns)
        ['id', 'name', 'published', 'computed']
        >>> print(round(df.computed.sum(), 1))
        1633.3
        """
        import pandas as pd

        rows = self._core.report_dict()["themes"]
        df = pd.DataFrame(rows, columns=["id", "name", "published", "computed"])
        for c in ("published", "computed"):
            df[c] = df[c].astype("float64")
        return df

    def by_sector(self) -> pd.DataFrame:
        """Recomputed persons per care sector (``sector`` id, ``name``, ``computed``).

        A negative amount is staff a sector has to add for another to save.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> df = wi.Model.builtin("nml-2023").evaluate().by_sector()
        >>> list(df.sector)[:3]
        ['msz', 'vvt', 'grz']
        """
        import pandas as pd

        return pd.DataFrame(
            self._core.by_sector(), columns=["sector", "name", "computed"]
        ).astype({"computed": "float64"})

    def to_json(self) -> str:
        """The whole recompute report as JSON."""
        return self._core.to_json()

    def to_markdown(self) -> str:
        """The recompute report as a Markdown table."""
        return self._core.to_markdown()

    def __str__(self) -> str:
        return self._core.to_table()

    def __repr__(self) -> str:
        return repr(self._core)

    def _summary(self) -> str:
        parts = [
            f"recomputed {_fmt(self.total)} persons, published {_fmt(self.published_total)}"
        ]
        if self.shortage is not None:
            parts.append(
                f"share of the {self.shortage_year} shortage of {_fmt(self.shortage, 0)} persons: "
                f"recomputed {100 * (self.share_of_shortage or 0):.1f}%, "
                f"published {100 * (self.published_share_of_shortage or 0):.1f}%"
            )
        return "; ".join(parts)

    def _repr_html_(self) -> str:
        df = self.to_pandas()[
            ["id", "theme", "published_as_written", "computed", "difference", "status"]
        ].rename(columns={"published_as_written": "published"})
        table = df.to_html(index=False, float_format=lambda v: f"{v:,.2f}", na_rep="-")
        overrides = ", ".join(f"{k} = {v:g}" for k, v in self.overrides.items())
        return (
            f"<div><strong>{html.escape(self._model.title or self._model.id)}</strong><br>"
            f"{html.escape(self._summary())}"
            + (f"<br>overrides: <code>{html.escape(overrides)}</code>" if overrides else "")
            + f"{table}</div>"
        )
