"""Every published figure the document gives: the versions of the published column
(``[model] published_in``, e.g. "bijlage A", and each initiative's ``alt`` figures, e.g.
"bijlage B"), with the portfolio total and share of the shortage per version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workforce_impact._evaluation import Evaluation

__all__ = ["published_figures", "published_total", "published_versions"]


def published_versions(evaluation: Evaluation) -> pd.DataFrame:
    """The published portfolio per version of the document, the primary version first.

    Returns
    -------
    pandas.DataFrame
        Columns ``where`` (``"bijlage A"``), ``primary`` (True for the ``published``
        figures themselves), ``total`` (persons; an initiative without a figure in a version
        counts with its primary figure), ``share`` (of the target shortage) and
        ``differences`` (how many initiatives differ from their primary figure).

    Examples
    --------
    >>> import workforce_impact as wi
    >>> df = wi.Model.builtin("nml-2023").evaluate().published_versions()
    >>> df["where"].tolist()
    ['bijlage A', 'bijlage B']
    >>> [round(t, 1) for t in df.total], [f"{s:.1%}" for s in df.share]
    ([1673.8, 1691.8], ['37.2%', '37.6%'])
    """
    import pandas as pd

    rows = _core.published_versions(evaluation.model._core)
    df = pd.DataFrame(
        {
            "where": [r["where"] for r in rows],
            "primary": [bool(r["primary"]) for r in rows],
            "total": [float(r["total"]) for r in rows],
            "share": [float("nan") if r["share"] is None else float(r["share"]) for r in rows],
            "differences": [len(r["differences"]) for r in rows],
        }
    )
    return df


def published_figures(evaluation: Evaluation) -> pd.DataFrame:
    """Every published initiative's figure in each version, one column per version.

    Returns
    -------
    pandas.DataFrame
        Column ``id``, then one float column per version (named by its ``where``, primary
        first), and ``differs`` (True where the versions disagree). An initiative without a
        figure in a version shows its primary figure there, as the totals count it.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> df = wi.Model.builtin("nml-2023").evaluate().published_figures()
    >>> df[df.differs][["id", "bijlage A", "bijlage B"]].values.tolist()
    [['geriatrische-revalidatiezorg', 37.0, 36.0], ['academie-patient-mantelzorg', 28.0, 24.0], ['valpreventie', 59.0, 82.0]]
    """
    import pandas as pd

    model = evaluation.model._core
    places = [v["where"] for v in _core.published_versions(model)]
    data: dict[str, list[object]] = {"id": []}
    for place in places:
        data[place] = []
    for ini, figures in _core.published_figures(model):
        data["id"].append(ini)
        primary = figures[0][1]
        by_place = {where: value for where, value, _ in figures[1:]}
        for n, place in enumerate(places):
            data[place].append(primary if n == 0 else by_place.get(place, primary))
    df = pd.DataFrame(data)
    for place in places:
        df[place] = df[place].astype("float64")
    df["differs"] = df[places].nunique(axis=1) > 1
    return df


def published_total(evaluation: Evaluation, version: str | None = None) -> float:
    """The published portfolio total of one version, persons (the primary one by default).

    Raises
    ------
    KeyError
        When no figure names ``version``; the message lists the versions there are.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> ev = wi.Model.builtin("nml-2023").evaluate()
    >>> round(ev.published_total_in("bijlage B"), 1), ev.published_total_in() == ev.published_total
    (1691.8, True)
    """
    rows = _core.published_versions(evaluation.model._core)
    if version is None:
        return float(rows[0]["total"])
    for r in rows:
        if r["where"] == version:
            return float(r["total"])
    known = ", ".join(repr(r["where"]) for r in rows)
    raise KeyError(f"no published figure names {version!r}; the versions are {known}")
