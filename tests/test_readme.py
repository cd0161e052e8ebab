"""The README quickstart runs: the first ```python block of README.md is executed."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"

# Used while README.md has no ```python block yet; replaced by the README's own.
PLACEHOLDER = """\
import workforce_impact as wi

model = wi.Model.builtin("nml-2023")
ev = model.evaluate()
print(ev.to_pandas()[["id", "published", "computed", "status"]].head())
print(f"{ev.share_of_shortage:.1%} of the {ev.shortage:,.0f}-person shortage")
print(model.evaluate({"part_time_factor": 0.6}).share_of_shortage)
"""


def quickstart() -> str:
    if README.exists():
        match = re.search(r"^```python[^\n]*\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M)
        if match:
            return match.group(1)
    return PLACEHOLDER


def test_readme_quickstart_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = quickstart()
    assert "workforce_impact" in code
    exec(compile(code, str(README), "exec"), {"__name__": "__readme__"})
