"""model.report(): one self-contained HTML file that a real HTML5 parser accepts, that
references nothing outside itself, and that shows the figures the API returns."""

from __future__ import annotations

import hashlib
import math
import re

import html5lib
import pytest

import workforce_impact as wi

N, SEED, SOBOL_N = 5_000, 7, 64


def fmt_nl(v: float) -> str:
    """The core's fmt_number (report.rs) in Dutch notation, as the report prints numbers."""
    if v == round(v):
        decimals = 0
    elif abs(v) >= 1000:
        decimals = 1
    elif abs(v) >= 1:
        decimals = 2
    else:
        decimals = 3
    text = f"{abs(v):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    sign = "-" if v < 0 and text.strip("0.,") else ""
    return sign + text.translate(str.maketrans({",": ".", ".": ","}))


def pct(v: float) -> str:
    return f"{v * 100:.1f}%".replace(".", ",")


@pytest.fixture(scope="module")
def model() -> wi.Model:
    return wi.Model.builtin("nml-2023")


@pytest.fixture(scope="module")
def report(model, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("report") / "rapport.html"
    out = model.report(path, n=N, seed=SEED, sobol_n=SOBOL_N)
    assert out == path
    return path.read_text(encoding="utf-8")


def test_fmt_nl_mirrors_the_core():
    assert [fmt_nl(v) for v in (1277.5, 4500.0, 0.4, 2.06, -24.75)] == ["1.277,5", "4.500", "0,4", "2,06", "-24,75"]


def test_a_strict_html5_parser_accepts_it(report):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    doc = parser.parse(report)
    assert parser.errors == []
    assert doc.find(".//title").text.startswith("Auditrapport")
    sections = [s.get("id") for s in doc.iter("section")]
    core = ["claim", "waterval", "verdeling", "sobol", "initiatieven", "berekeningen", "reproduceren"]
    assert [x for x in sections if x in core] == core
    # the sections of issue 7 §2-5: the NML model has the data of each
    # the sections of years, regions and the ledger too: NML has the data of each
    assert set(sections) - set(core) == {"herkomst", "presets", "versies", "overlap", "jaren", "regios", "partijen"}
    traces = [d for d in doc.iter("details") if d.get("class") == "trace"]
    assert len(traces) == 42
    assert len([e for e in doc.iter() if str(e.tag).endswith("svg")]) >= 5


def test_nothing_outside_the_file(report):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", report, re.I)
    assert "@import" not in report
    assert not re.search(r"url\(", report, re.I)
    for tag in ("<script", "<link", "<img", "<iframe", "<object", "<embed"):
        assert tag not in report.lower(), tag
    # the only URL is the SVG namespace, which no browser fetches
    urls = set(re.findall(r"https?://[^\s\"'<>]+", report))
    assert urls == {"http://www.w3.org/2000/svg"}
    # every in-page link points at an element of the page
    ids = set(re.findall(r'\sid="([^"]+)"', report))
    assert set(re.findall(r'href="#([^"]+)"', report)) <= ids


def test_it_shows_the_figures_the_api_returns(model, report):
    ev = model.evaluate()
    assert f"{fmt_nl(round(ev.total, 1))} personen" in report
    assert f"{fmt_nl(round(ev.published_total, 1))} personen" in report
    assert pct(ev.share_of_shortage) in report and pct(ev.share_of_shortage) == "36,3%"
    assert pct(ev.published_share_of_shortage) == "37,2%" and "37,2%" in report
    assert ev.claim["text"] in report
    table = ev.to_pandas()
    for iid in model.initiatives:
        computed = fmt_nl(round(float(ev[iid]), 2))
        assert f'<td class="n">{computed}</td>' in report, iid
        assert f'id="x-{iid}"' in report
    status = table.set_index("id")["status"] if "id" in table.columns else table["status"]
    assert report.count("st-reproduced") >= int((status == "reproduced").sum())
    # reproduction: model id, hash (the one the Python layer records), version, seed, n
    digest = hashlib.sha256(model.to_toml().encode("utf-8")).hexdigest()
    assert digest in report
    mc_hash = model.monte_carlo(model.assumptions(), n=100, seed=1)._meta["model_toml_hash"]
    assert mc_hash == digest[:16] and f"<dd>{mc_hash}</dd>" in report
    assert f"<dd>{wi.__version__}</dd>" in report
    assert f"<dt>seed</dt><dd>{SEED}</dd>" in report
    assert f"<dt>n (Monte Carlo)</dt><dd>{N}</dd>" in report
    assert f"-n {N} --seed {SEED}" in report


def test_the_distribution_is_the_monte_carlo_of_the_assumptions(model, report):
    result = model.monte_carlo(model.assumptions(rel=0.5, shape="triangular"), n=N, seed=SEED, targets=(0.35,))
    p = result.prob_share_at_least(0.35)
    assert f"Kans dat het aandeel minstens 35,0% is: {pct(p)}" in report
    q5, q50, q95 = result.share_quantiles([0.05, 0.5, 0.95])
    assert f'<td class="n">{pct(q5)}</td><td class="n">{pct(q50)}</td><td class="n">{pct(q95)}</td>' in report


def test_the_top_sobol_input_is_listed_with_its_source(model, report):
    dists = model.assumptions(rel=0.5, shape="triangular")
    top = model.sobol(dists, n=SOBOL_N, seed=SEED).sort_values("ST", ascending=False).iloc[0]
    section = report[report.index('<section id="sobol">') : report.index('<section id="initiatieven">')]
    assert f"<code>{top['name']}</code>" in section
    source = model.parameters().set_index("name").loc[top["name"], "source"]
    assert str(source) in section


def test_same_inputs_same_bytes(model, tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    model.report(a, n=1_000, seed=3, sobol_n=16)
    model.report(b, n=1_000, seed=3, sobol_n=16)
    assert a.read_bytes() == b.read_bytes()


def test_an_unwritable_path_raises_and_leaves_nothing(model, tmp_path):
    with pytest.raises(FileNotFoundError, match="cannot write the report to"):
        model.report(tmp_path / "missing" / "rapport.html", n=100, sobol_n=4)
    (tmp_path / "taken.html").mkdir()
    with pytest.raises(OSError, match="cannot write the report to"):
        model.report(tmp_path / "taken.html", n=100, sobol_n=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.html"]
    with pytest.raises(wi.exceptions.InvalidValueError):
        model.report(tmp_path / "r.html", n=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.html"]


MINI = """
[model]
id = "mini"

[parameters]
annual_hours     = { value = 2000,  unit = "h/(FTE*yr)", source = "regioplan", kind = "assumption" }
part_time_factor = { value = "68%", unit = "FTE/person", source = "AZW Info",  kind = "sourced" }

[[themes]]
id = "langer-thuis"
name = "Langer <thuis> & beter"

[[initiatives]]
id = "fit-for-surgery"
name = "Fit <b>for</b> surgery"
theme = "langer-thuis"
published = 14
notes = "zie <script>alert(1)</script> & 'bijlage A'"

  [initiatives.parameters]
  admissions_65plus = { value = 20991, unit = "1/yr",    source = "CBS <x>", kind = "sourced" }
  length_of_stay    = { value = 5.2,   unit = "day",     source = "CBS",     kind = "sourced" }
  stay_reduction    = { value = "5%",                    source = "aanname", kind = "assumption" }
  nursing_per_day   = { value = 210,   unit = "min/day", source = "o.b.v. gesprekken zorgverleners", kind = "expert" }

  [[initiatives.components]]
  sector  = "msz"
  formula = "admissions_65plus * length_of_stay * stay_reduction * nursing_per_day / annual_hours / part_time_factor"
"""


def test_model_text_is_escaped_and_a_model_without_shortage_works(tmp_path):
    model = wi.Model.from_toml(MINI, "mini.toml")
    path = model.report(tmp_path / "mini.html", n=500, seed=1, sobol_n=8)
    text = path.read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(text)
    assert "<script" not in text and "<b>" not in text and "<x>" not in text
    assert "zie &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;bijlage A&#39;" in text
    assert "Fit &lt;b&gt;for&lt;/b&gt; surgery" in text
    assert "14,05" in text  # 14.045 persons, as the explain example says


def test_it_shows_the_presets_table_the_api_returns(model, report):
    df = model.uncertainty_presets(n=N, seed=SEED)
    assert len(df) == 3
    for row in df.itertuples():
        cells = (
            f'<td class="n">{row.inputs}</td>'
            f'<td class="n">{pct(row.p5)} / {pct(row.p50)} / {pct(row.p95)}</td>'
            f'<td class="n">{fmt_nl(round(row.prob, 3))}</td>'
        )
        assert cells in report, cells


def test_it_shows_what_the_total_rests_on_and_the_overlap_in_dutch(model, report):
    rows = model.evaluate().provenance().attrs["classes"].set_index("class")
    unsourced = rows.loc["unsourced"]
    assert (
        f'<td>zonder bron</td><td class="n">{int(unsourced.initiatives)}</td>'
        f'<td class="n">{fmt_nl(round(unsourced.persons, 1))}</td>'
    ) in report
    from workforce_impact._overlap import overlap_bases

    bases = overlap_bases(model.evaluate())
    assert len(bases) == 4
    for b in bases:
        assert f"<code>{b['id']}</code>" in report
        assert f"interactie <strong>{fmt_nl(round(b['interaction'], 2))} personen</strong>" in report
    assert report.count("Gelijke afnames (mogelijk dubbel geteld)") == 3
    # no English table header of the CLI's markdown is left in the report
    for english in ("rests on", "what varies", "identical cuts", "additive"):
        assert english not in report


def section(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}">')
    return html[start : html.index("</section>", start)]


def rnd(v: float, decimals: int = 0) -> float:
    """Rounded as the core rounds (f64::round: halves away from zero; Python's round()
    rounds halves to even)."""
    k = 10.0**decimals
    return math.copysign(math.floor(abs(v) * k + 0.5), v) / k


def persons(v: float) -> str:
    """Persons as the report prints them: one decimal from 100 up, two below."""
    return fmt_nl(rnd(v, 1 if abs(v) >= 100 else 2))


def test_the_year_section_is_the_trajectory(model, report):
    years = section(report, "jaren")
    totals = model.trajectory().totals()
    assert totals.loc[2023, "shortage"] == 2100.0
    for year, row in totals.iterrows():
        cells = (
            f'<tr id="jaar-{year}"><td class="n">{year}</td><td class="n">{persons(row.shortage)}</td>'
            f'<td class="n">{persons(row.total)}</td><td class="n">{persons(row.remaining)}</td>'
            f'<td class="n">{pct(row.share)}</td>'
        )
        assert cells in years, cells
    # the 2032 row is the recompute
    ev = model.evaluate()
    assert f'<td class="n">2032</td><td class="n">4.500</td><td class="n">{persons(ev.total)}</td>' in years
    assert pct(ev.share_of_shortage) == pct(totals.loc[2032, "share"]) == "36,3%"
    unbent = model.trajectory(scenario="unbent").totals()
    assert f'<td class="n">{persons(unbent.loc[2032, "shortage"])}</td>' in years
    for r in model.flow_stocks().itertuples():
        assert f"<td><code>{r.initiative}</code></td>" in years
        assert fmt_nl(round(r.stock, 2)) in years


def test_the_band_per_year_is_the_trajectory_monte_carlo_on_the_same_draws(model, report):
    years = section(report, "jaren")
    dists = model.assumptions(rel=0.5, shape="triangular")
    mc = model.trajectory_monte_carlo(dists, n=N, seed=SEED, targets=(0.35,))
    remaining = mc.summary("remaining", qs=(0.05, 0.5, 0.95))
    p = mc.prob_share_at_least(0.35)
    for year, row in remaining.iterrows():
        cells = (
            f'<tr><td class="n">{year}</td><td class="n">{persons(row.shortage)}</td>'
            f'<td class="n">{persons(row.p05)}</td><td class="n">{persons(row.p50)}</td>'
            f'<td class="n">{persons(row.p95)}</td><td class="n">{pct(p[year])}</td></tr>'
        )
        assert cells in years, cells
    # in 2032 the same draws give the single-year probability the distribution section shows
    single = model.monte_carlo(dists, n=N, seed=SEED, targets=(0.35,))
    assert p[2032] == single.prob_share_at_least(0.35)


def test_the_ledger_section_states_the_unassigned_share(model, report):
    ledger = section(report, "partijen")
    net = model.evaluate().ledger().query("kind == 'net'").groupby("party")["persons"].sum()
    share = net["unassigned"] / net.sum()
    assert pct(share) == "67,5%"
    assert (
        f"<strong>{persons(net['unassigned'])} van de {persons(net.sum())} personen ({pct(share)}) "
        "zijn aan geen partij toe te wijzen</strong>"
    ) in ledger
    matrix = model.evaluate().matrix("persons")
    assert ledger.count("<tr><td><code>") == matrix.shape[1] == 42


def test_the_beweeghuis_report_shows_the_settlement(tmp_path):
    model = wi.Model.builtin("beweeghuis-artrose")
    text = model.report(tmp_path / "b.html", n=1_000, seed=1, sobol_n=8).read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(text)
    assert parser.errors == []
    ledger = section(text, "partijen")
    s = model.evaluate().settlement("beweeghuis-gedeelde-besparing")
    assert abs(float(s.parties["transfer"].sum())) < 1e-6
    assert '<td class="n">€ 0</td>' in ledger  # the sum of the transfers
    for p in s.parties.itertuples():
        cells = f'<td class="n">€ {fmt_nl(rnd(p.transfer))}</td><td class="n">€ {fmt_nl(rnd(p.net_after))}</td>'
        assert cells in ledger, cells
    assert ledger.count("<li>") == len(s.transfers)
    assert '<section id="jaren">' not in text  # no shortage, no flows
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) == {"http://www.w3.org/2000/svg"}


def test_a_region_table_adds_every_region(model, tmp_path):
    # the synthetic region table of tests/data: no real region's figures beyond the model's own
    from pathlib import Path

    table = wi.regions_from_csv(Path(__file__).parent / "data" / "regions-synthetic.csv")
    text = model.report(tmp_path / "r.html", n=500, seed=1, sobol_n=8, regions=table).read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(text)
    assert parser.errors == []
    regions = section(text, "regios")
    df = wi.evaluate_regions(model, table)
    totals = df[df.level == "total"].set_index("region")
    assert list(totals.index) == table.ids
    for rid, row in totals.iterrows():
        start = regions.index(f'<tr id="regio-{rid}">')
        cells = (
            f'<td class="n">{persons(row.persons)}</td><td class="n">{fmt_nl(row.shortage)}</td>'
            f'<td class="n">{pct(row.share)}</td></tr>'
        )
        assert regions[start : regions.index("</tr>", start) + 5].endswith(cells), (rid, cells)
    for r in model.split_readings().itertuples():
        assert f"<code>{r.parameter}</code>" in regions
    with pytest.raises(TypeError, match="RegionTable"):
        model.report(tmp_path / "x.html", n=100, sobol_n=4, regions="regions.csv")
