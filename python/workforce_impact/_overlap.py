"""Overlap between initiatives: :meth:`Evaluation.overlap`. The core computes the table
(the same code as ``workforce-impact overlap``); this only shapes it as a DataFrame."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workforce_impact._evaluation import Evaluation

__all__ = ["overlap", "overlap_bases"]

_CUT_COLUMNS = [
    "base", "base_name", "size", "unit", "initiative", "component", "cut", "share",
    "persons", "identical_to",
]
_BASE_COLUMNS = [
    "base", "name", "size", "unit", "kind", "source", "threshold", "cuts", "additive",
    "multiplicative", "persons", "persons_multiplicative", "interaction",
    "exceeds_threshold", "identical",
]


def overlap_bases(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The overlap table as the core gives it: one dict per base (see
    ``workforce_impact::overlap::BaseOverlap``), under the evaluation's overrides."""
    result = _core.overlap(evaluation._core)
    return list(result["bases"])


def overlap(self: Evaluation, by: str = "cut") -> pd.DataFrame:
    """Bases several initiatives cut, with each cut as a share of its base.

    A model file declares each base once (``[[bases]]``, with its size and provenance)
    and a component names the base it cuts and the factors of its formula that are its
    cut (``base``, ``cut``; see docs/model-format.md). Added up, as the regioplan does,
    the cuts of one base give the *additive* share; taken each from what the others
    leave, ``1 - prod(1 - r)``, the *multiplicative* share. The *interaction* is the
    cutting components' persons scaled by multiplicative / additive, minus their sum: the
    overlap in persons, shown beside the recompute and never taken off it.

    Parameters
    ----------
    by : {"cut", "base"}
        ``"cut"`` (default): one row per cut, with ``base``, ``base_name``, ``size``,
        ``unit``, ``initiative``, ``component``, ``cut`` (in the base's unit), ``share``,
        ``persons`` and ``identical_to`` (the other cut of the same base that is
        identical to this one, as ``"initiative component"``; missing when none).
        ``"base"``: one row per base, with ``additive``, ``multiplicative``, ``persons``,
        ``persons_multiplicative``, ``interaction``, ``threshold``, ``exceeds_threshold``
        and the number of ``cuts``.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> ev = wi.Model.builtin("nml-2023").evaluate()
    >>> cuts = ev.overlap()
    >>> cuts.loc[cuts.initiative == "fit-for-surgery", "share"].round(3).tolist()
    [0.05]
    >>> bases = ev.overlap(by="base").set_index("base")
    >>> bool(bases.loc["msz.ligdagen_65plus", "interaction"] < 0)
    True
    """
    import pandas as pd

    if by not in ("cut", "base"):
        raise ValueError(f"by must be 'cut' or 'base', not {by!r}")
    bases = overlap_bases(self)
    if by == "base":
        rows = [
            {
                "base": b["id"], "name": b["name"], "size": b["size"], "unit": b["unit"],
                "kind": b["kind"], "source": b["source"], "threshold": b["threshold"],
                "cuts": len(b["cuts"]), "additive": b["additive"],
                "multiplicative": b["multiplicative"], "persons": b["persons"],
                "persons_multiplicative": b["persons_multiplicative"],
                "interaction": b["interaction"],
                "exceeds_threshold": b["exceeds_threshold"],
                "identical": len(b["identical"]),
            }
            for b in bases
        ]
        return pd.DataFrame(rows, columns=_BASE_COLUMNS)
    rows = []
    for b in bases:
        twins: dict[tuple[str, str], str] = {}
        for pair in b["identical"]:
            first, second = tuple(pair["first"]), tuple(pair["second"])
            twins.setdefault(first, " ".join(second))
            twins.setdefault(second, " ".join(first))
        for c in b["cuts"]:
            rows.append(
                {
                    "base": b["id"], "base_name": b["name"], "size": b["size"],
                    "unit": b["unit"], "initiative": c["initiative"],
                    "component": c["component"], "cut": c["cut"], "share": c["share"],
                    "persons": c["persons"],
                    "identical_to": twins.get((c["initiative"], c["component"])),
                }
            )
    return pd.DataFrame(rows, columns=_CUT_COLUMNS)
