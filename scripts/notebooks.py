"""Execute the notebooks and store them with their outputs, or check that the stored
outputs are current.

    python scripts/notebooks.py            # execute notebooks/*.ipynb in place (make notebooks)
    python scripts/notebooks.py --check    # re-execute and compare the key figures

The stored notebooks keep what a reader needs to see without running them: tables, printed
figures and plots. What changes from run to run or machine to machine is left out when
storing: progress bars and other stderr output, execution timings. The check compares every
printed line and every plain-text result (the key figures), not the bytes of the images.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"

# Memory addresses in reprs (`<Figure ... at 0x7f...>`) differ between runs.
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def execute(path: Path, timeout: int = 600, probe: str | None = None):
    """The notebook at `path`, executed top to bottom in a kernel of this interpreter, with
    plots rendered by the inline backend (an Agg image stored with the cell, so a reader sees
    the chart without running the notebook); returns the executed nbformat notebook (stderr outputs removed).
    `probe`, if given, runs as one more cell whose stdout is kept in
    ``nb.metadata["probe"]`` and whose cell is not kept."""
    import nbformat
    from nbclient import NotebookClient

    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    nb = nbformat.read(path, as_version=4)
    if probe is not None:
        nb.cells.append(nbformat.v4.new_code_cell(probe))
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
        record_timing=False,
    )
    client.execute()
    if probe is not None:
        cell = nb.cells.pop()
        nb.metadata["probe"] = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    nb.metadata.pop("widgets", None)
    return nb


def key_outputs(nb) -> list[tuple[int, str]]:
    """(cell index, text) of every printed line block and plain-text result: what a reader
    reads as the notebook's figures."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for o in cell.outputs:
            if o.output_type == "stream" and o.name == "stdout":
                out.append((i, _ADDRESS.sub("", o.text)))
            elif o.output_type in ("execute_result", "display_data"):
                text = o.get("data", {}).get("text/plain")
                if text is not None and "image/png" not in o.get("data", {}):
                    out.append((i, _ADDRESS.sub("", text)))
            elif o.output_type == "error":
                out.append((i, f"error: {o.ename}: {o.evalue}"))
    return out


def store(path: Path) -> None:
    import nbformat

    nb = execute(path)
    nbformat.write(nb, path)


def differences(path: Path) -> list[str]:
    """Where the stored notebook's key figures differ from a fresh run (empty if current)."""
    import nbformat

    stored = key_outputs(nbformat.read(path, as_version=4))
    fresh = key_outputs(execute(path))
    if stored == fresh:
        return []
    diffs = []
    for (i, a), (j, b) in zip(stored, fresh):
        if (i, a) != (j, b):
            diffs.append(f"{path.name}, cell {j}: stored {a[:200]!r}, now {b[:200]!r}")
    if len(stored) != len(fresh):
        diffs.append(f"{path.name}: {len(stored)} stored outputs, {len(fresh)} now")
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of storing")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    args = parser.parse_args()
    paths = args.paths or notebook_paths()
    failed = False
    for path in paths:
        if args.check:
            diffs = differences(path)
            failed |= bool(diffs)
            print(f"{path.name}: " + ("current" if not diffs else "OUT OF DATE\n  " + "\n  ".join(diffs)))
        else:
            store(path)
            print(f"{path.name}: executed and stored")
    if failed:
        print("run `make notebooks` and commit the notebooks", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
