"""Excel workbooks out and in: :meth:`Model.to_excel`, :meth:`Model.from_excel` and
:func:`write_excel_template`. The core writes and reads the books (the same code as
``workforce-impact export --xlsx``, ``import`` and ``template``); this only passes the
arguments. The layout is described in docs/workbooks.md."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    from workforce_impact._model import Model

__all__ = ["ExcelMixin", "write_excel_template"]


class ExcelMixin:
    """The workbook methods of :class:`Model`."""

    __slots__ = ()

    def to_excel(
        self: Model,  # type: ignore[misc]
        path: str | os.PathLike[str],
        overrides: Mapping[str, float] | None = None,
    ) -> Path:
        """Write the model as an Excel workbook with live formulas to ``path``.

        Sheets: ``Parameters`` (one row per parameter; each value cell has a defined name,
        ``part_time_factor`` -> ``p_part_time_factor``, ``buikpijnteam.reduction`` ->
        ``p_buikpijnteam__reduction``), ``Initiatives`` (one row per component: the model
        formula as text and as a live Excel formula over the named cells, unit
        conversions written out as factors; a total per initiative), ``Totals`` (per
        theme and sector, total, shortage, share, published beside computed), ``Lees
        mij`` (how the book works, in Dutch) and ``Model`` (the rest of the model file as
        TOML lines, for :meth:`from_excel`). Every formula cell stores its computed value.

        ``overrides`` (qualified name -> value in the parameter's unit) go into the value
        cells. The file is written beside ``path`` and renamed into place: an unwritable
        path raises ``OSError`` and leaves nothing behind.

        Examples
        --------
        >>> import tempfile, pathlib, workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> path = model.to_excel(pathlib.Path(tempfile.mkdtemp()) / "nml.xlsx")
        >>> wi.Model.from_excel(path).to_toml() == model.to_toml()
        True
        """
        _core.write_excel(self._core, os.fspath(path), dict(overrides or {}))
        return Path(path)

    @classmethod
    def from_excel(cls, path: str | os.PathLike[str]) -> Model:
        """Read a workbook in the layout :meth:`to_excel` writes (then edited) as a model.

        Values, units, sources, kinds and notes come from the ``Parameters`` sheet, the
        components' model formulas from ``Initiatives``, everything else from ``Model``.
        Every problem is reported at once (``.errors`` of the exception), each naming its
        sheet and cell, e.g. ``book.xlsx: Parameters!C14: parameter 'x': unit error:
        unknown unit 'uur' ...``. A file that is not a workbook raises ``ModelError``; a
        missing file ``FileNotFoundError``.

        Examples
        --------
        >>> import tempfile, pathlib, workforce_impact as wi
        >>> path = wi.write_excel_template(pathlib.Path(tempfile.mkdtemp()) / "leeg.xlsx")
        >>> wi.Model.from_excel(path).id
        'nieuw-model'
        """
        return cls(_core.read_excel(os.fspath(path)))  # type: ignore[call-arg]


def write_excel_template(path: str | os.PathLike[str]) -> Path:
    """Write an empty workbook in the layout of :meth:`Model.to_excel`: it imports as an
    empty but valid model (id ``nieuw-model``), for a network that starts its own.

    Examples
    --------
    >>> import tempfile, pathlib, workforce_impact as wi
    >>> path = wi.write_excel_template(pathlib.Path(tempfile.mkdtemp()) / "leeg.xlsx")
    >>> path.name
    'leeg.xlsx'
    """
    _core.write_excel_template(os.fspath(path))
    return Path(path)
