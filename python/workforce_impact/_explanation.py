"""Explanation: one initiative's calculation step by step, as text, a dict and HTML."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Explanation"]


class Explanation:
    """The step-by-step trace of one initiative (see :meth:`Model.explain`).

    ``str(explanation)`` reads like a worked calculation; the attributes hold the same
    data (``inputs``, ``components``, ``computed``, ``published``, ``status``, ``notes``).

    Examples
    --------
    >>> import workforce_impact as wi
    >>> x = wi.Model.builtin("nml-2023").explain("buikpijnteam")
    >>> "part_time_factor" in list(x.inputs.name)
    True
    """

    __slots__ = ("_text", "_data")

    def __init__(self, text: str, data: dict[str, Any]) -> None:
        self._text = text
        self._data = data

    def __getstate__(self) -> dict[str, Any]:
        return {"text": self._text, "data": self._data}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._text = state["text"]
        self._data = state["data"]

    @property
    def id(self) -> str:
        return self._data["id"]

    @property
    def name(self) -> str:
        return self._data["name"]

    @property
    def theme(self) -> str:
        return self._data["theme"]

    @property
    def source_formula(self) -> str | None:
        """The calculation as the source printed it."""
        return self._data["source_formula"]

    @property
    def computed(self) -> float:
        """Recomputed persons."""
        return self._data["computed"]

    @property
    def published(self) -> str | None:
        """The published figure as printed."""
        return self._data["published"]

    @property
    def status(self) -> str:
        return self._data["status"]

    @property
    def notes(self) -> str | None:
        """Why computed and published differ, what was reconstructed."""
        return self._data["notes"]

    @property
    def inputs(self) -> pd.DataFrame:
        """Every input: name, value (in its unit, overrides applied), unit, source, kind, note."""
        import pandas as pd

        return pd.DataFrame(
            self._data["inputs"], columns=["name", "value", "unit", "source", "kind", "note"]
        )

    @property
    def components(self) -> list[dict[str, Any]]:
        """Per component: label, sector, sign, formula, steps and signed persons."""
        return self._data["components"]

    def to_dict(self) -> dict[str, Any]:
        """The whole trace as plain dicts and lists."""
        import copy

        return copy.deepcopy(self._data)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<Explanation of '{self.id}': {self.computed:.2f} persons ({self.status})>"

    def _repr_html_(self) -> str:
        d = self._data
        inputs = self.inputs.to_html(index=False, na_rep="", float_format=lambda v: f"{v:,.6g}")
        comps = []
        for c in d["components"]:
            steps = "".join(
                f"<tr><td>[{s['index']}]</td><td><code>{html.escape(s['operation'])}</code></td>"
                f"<td>{s['value']:,.6g}</td><td>{html.escape(s['unit'])}</td></tr>"
                for s in c["steps"]
            )
            comps.append(
                f"<p>component <strong>{html.escape(c['label'])}</strong> "
                f"({html.escape(c['sector'])}, {html.escape(c['sign'])}): "
                f"<code>{html.escape(c['formula'])}</code></p>"
                f"<table>{steps}</table><p>= {c['persons']:,.3f} persons</p>"
            )
        head = f"<strong>{html.escape(d['name'])}</strong> (<code>{html.escape(d['id'])}</code>), {html.escape(d['theme'])}"
        if d.get("source_formula"):
            head += f"<br>source: <code>{html.escape(d['source_formula'])}</code>"
        tail = f"<p><strong>total: {d['computed']:,.3f} persons</strong>"
        if d.get("published") is not None:
            tail += f" (published: {html.escape(d['published'])}; {html.escape(d['status'])})"
        tail += "</p>"
        if d.get("notes"):
            tail += f"<p>notes: {html.escape(d['notes'])}</p>"
        return f"<div>{head}{inputs}{''.join(comps)}{tail}</div>"
