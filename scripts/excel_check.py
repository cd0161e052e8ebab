"""`make excel-check`: LibreOffice Calc recalculates the exported NML workbook.

Exports nml-2023, sets the part_time_factor cell to 0.60 with openpyxl (which also drops
every cached value, so nothing LibreOffice shows afterwards can be left over from the
export), lets headless LibreOffice load, recalculate and save the book, and compares the
total and the share it computed with evaluate({"part_time_factor": 0.6}). Exits 1 when they
differ by more than 1e-9 relative or LibreOffice computed nothing.

LibreOffice recalculates an .xlsx on load only when told to: a throw-away user profile sets
Calc's OOXMLRecalcMode to 0 ("always recalculate").
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

import workforce_impact as wi

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("excel-check: soffice not found (apt-get install libreoffice-calc)", file=sys.stderr)
        return 1
    model = wi.Model.builtin("nml-2023")
    work = Path(tempfile.mkdtemp(prefix="wi-excel-check-"))
    book = model.to_excel(work / "nml-2023.xlsx")

    wb = openpyxl.load_workbook(book)
    ws = wb["Parameters"]
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == "part_time_factor")
    ws[f"B{row}"] = 0.60
    edited = work / "in" / "nml-2023.xlsx"
    edited.parent.mkdir()
    wb.save(edited)

    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    out = work / "out"
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(out),
        str(edited),
    ]
    print("$", " ".join(cmd))
    subprocess.run(cmd, check=True, timeout=300)

    result = openpyxl.load_workbook(out / "nml-2023.xlsx", data_only=True)
    ev = model.evaluate({"part_time_factor": 0.6})
    inits = result["Initiatives"]
    per_initiative = [
        (r[0].value, r[6].value) for r in inits.iter_rows(min_row=2) if r[1].value == "total"
    ]
    close = sum(
        isinstance(v, (int, float)) and math.isclose(v, ev[i], rel_tol=1e-9, abs_tol=1e-12)
        for i, v in per_initiative
    )
    calc = result["Totals"]
    rows = {r[0].value: r[0].row for r in calc.iter_rows(min_row=2) if r[0].value}
    lo_total = calc[f"D{rows['total']}"].value
    lo_share = calc[f"D{rows['share']}"].value
    print(f"part_time_factor = 0.60 (Parameters!B{row})")
    print(f"  total  LibreOffice {lo_total!r:>24}   evaluate() {ev.total!r:>24}")
    print(f"  share  LibreOffice {lo_share!r:>24}   evaluate() {ev.share_of_shortage!r:>24}")
    print(f"  initiatives within 1e-9 relative: {close} of {len(model.initiatives)}")
    ok = (
        close == len(model.initiatives)
        and isinstance(lo_total, (int, float))
        and isinstance(lo_share, (int, float))
        and math.isclose(lo_total, ev.total, rel_tol=1e-9)
        and math.isclose(lo_share, ev.share_of_shortage, rel_tol=1e-9)
    )
    print("excel-check:", "ok (within 1e-9 relative)" if ok else "MISMATCH")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
