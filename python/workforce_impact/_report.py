"""The self-contained HTML audit report: :meth:`Model.report`. The core builds and writes
the file (the same code as ``workforce-impact report``); this only checks the arguments."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    from workforce_impact._model import Model
    from workforce_impact._regions import RegionTable

__all__ = ["report"]


def report(
    self: Model,
    path: str | os.PathLike[str],
    *,
    n: int = 100_000,
    seed: int = 2023,
    sobol_n: int = 1024,
    regions: RegionTable | None = None,
) -> Path:
    """Write one self-contained HTML audit report of the model to ``path``.

    The file opens offline in any browser (no external scripts, fonts or images; charts
    are inline SVG) and is meant for regioplan authors and reviewers: the claim against
    the published and recomputed share with the shortage projection, every initiative
    with its status and notes, each initiative's calculation step by step, the waterfall
    of the total, the share's distribution when every assumption varies ±50%
    (triangular; ``n`` draws), the inputs with the largest Sobol index with their source,
    and the model hash, library version, ``seed`` and ``n`` that reproduce it. Labels are
    Dutch. The same model, version, ``seed`` and ``n`` give the same bytes.

    Where the model has them, it also shows the portfolio per year (the trajectory against
    the shortage of each year, the ramp it assumes, flows read as stocks, and the band of
    the remaining shortage and P(aandeel ≥ claim) per year from the same draws), the
    stated regional shares beside the re-derived ones, the model carried to every region
    of ``regions``, and who invests and who benefits (staff and euros per party, the share
    no party can be assigned to, and each agreement's settlement).

    The file is written to a temporary file beside ``path`` and renamed into place: an
    unwritable path raises ``OSError`` (``FileNotFoundError``, ``PermissionError``,
    ``IsADirectoryError``) and leaves nothing behind.

    Parameters
    ----------
    path
        Where to write the report.
    n
        Monte Carlo draws for the share's distribution.
    seed
        Seed of the Monte Carlo and Sobol runs.
    sobol_n
        Sobol base sample size (``sobol_n * (inputs + 2)`` evaluations).
    regions
        A region table (:func:`regions_from_csv`, :meth:`RegionTable.from_csv_text`): the
        report then shows the model evaluated for every region of it.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib, workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = model.report(pathlib.Path(d) / "rapport.html", n=2_000, seed=1)
    ...     text = out.read_text(encoding="utf-8")
    >>> text.startswith("<!DOCTYPE html>"), "36,3%" in text
    (True, True)
    """
    from workforce_impact._model import _count
    from workforce_impact._regions import RegionTable

    out = Path(os.fspath(path))
    if regions is not None and not isinstance(regions, RegionTable):
        raise TypeError(f"regions must be a workforce_impact.RegionTable, not {type(regions).__name__}")
    _core.write_html_report(
        self._core,
        out,
        _count("n", n),
        _count("seed", seed, minimum=0),
        _count("sobol_n", sobol_n, minimum=2),
        None if regions is None else regions._core,
    )
    return out
