//! Inline SVG charts: horizontal bars, a waterfall and a histogram. Plain markup, no
//! scripts, styled by the classes in the report's stylesheet (`c0`..`c3`, `ref`, `axis`).

use std::fmt::Write as _;

use super::escape::escape;

/// One horizontal bar.
#[derive(Clone, Debug)]
pub struct Bar {
    /// The label left of the bar.
    pub label: String,
    /// The bar's length, in the chart's unit.
    pub value: f64,
    /// The text right of the bar (the value, formatted).
    pub text: String,
    /// The colour class (`c0`..`c3`).
    pub class: &'static str,
}

/// A vertical line across a chart, at `x` in the chart's unit, labelled.
#[derive(Clone, Debug)]
pub struct RefLine {
    /// Where, in the chart's unit.
    pub x: f64,
    /// The label at the top of the line.
    pub label: String,
}

const W: f64 = 900.0;
const LABEL_W: f64 = 330.0;
const ROW_H: f64 = 28.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 34.0;

/// Round tick positions covering [lo, hi], about `count` of them.
pub fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// A label that fits left of the bars (about 7 px a character at 13 px): shortened with an
/// ellipsis, the whole label as its tooltip.
fn label_text(label: &str) -> String {
    const MAX: usize = ((LABEL_W - 16.0) / 7.0) as usize;
    if label.chars().count() <= MAX {
        return escape(label);
    }
    let short: String = label.chars().take(MAX - 1).collect();
    format!(
        "<title>{}</title>{}…",
        escape(label),
        escape(short.trim_end())
    )
}

/// Maps [lo, hi] onto [x0, x1] pixels.
#[derive(Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
    x0: f64,
    x1: f64,
}

impl Scale {
    fn px(&self, v: f64) -> f64 {
        let span = if self.hi > self.lo {
            self.hi - self.lo
        } else {
            1.0
        };
        self.x0 + (v - self.lo) / span * (self.x1 - self.x0)
    }
}

fn open(out: &mut String, h: f64, title: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
}

fn x_axis(out: &mut String, s: Scale, y: f64, fmt: &dyn Fn(f64) -> String) {
    let _ = write!(
        out,
        r#"<line class="axis" x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/>"#,
        s.x0, s.x1
    );
    for t in ticks(s.lo, s.hi, 6) {
        let x = s.px(t);
        let _ = write!(
            out,
            r#"<line class="axis" x1="{x:.1}" y1="{y:.1}" x2="{x:.1}" y2="{:.1}"/><text class="tick" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            y + 5.0,
            y + 19.0,
            escape(&fmt(t))
        );
    }
}

fn ref_lines(out: &mut String, s: Scale, lines: &[RefLine], y0: f64, y1: f64) {
    for (k, l) in lines.iter().enumerate() {
        if !l.x.is_finite() {
            continue;
        }
        let x = s.px(l.x);
        // alternate the label rows so that two lines close together stay readable
        let ty = if k % 2 == 0 { y0 - 18.0 } else { y0 - 5.0 };
        let anchor = if x > W - 120.0 { "end" } else { "middle" };
        let _ = write!(
            out,
            r#"<line class="ref" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{y1:.1}"/><text class="reflabel" x="{x:.1}" y="{ty:.1}" text-anchor="{anchor}">{}</text>"#,
            y0 - 2.0,
            escape(&l.label)
        );
    }
}

fn range_of<'a>(values: impl Iterator<Item = &'a f64>) -> (f64, f64) {
    values
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(lo, hi), &v| (lo.min(v), hi.max(v)))
}

fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let lo = if lo < 0.0 { lo - 0.05 * span } else { lo };
    (lo, hi + 0.08 * span)
}

/// One row of a bar chart: the label right-aligned left of the bars, the bar from `from`
/// to `to` (pixels, either order), the value text right of it.
struct Row<'a> {
    label: &'a str,
    /// The total row of a waterfall, in bold.
    total: bool,
    class: &'a str,
    from: f64,
    to: f64,
    /// The narrowest bar drawn (a waterfall step of 0 stays visible).
    min_width: f64,
    text: &'a str,
}

/// The one place the bar-row markup is written (bars, waterfall steps, waterfall total).
fn bar_row(out: &mut String, y: f64, r: &Row<'_>) {
    let bold = if r.total { " total" } else { "" };
    let ty = y + ROW_H * 0.62;
    let _ = write!(
        out,
        r#"<text class="label{bold}" x="{:.1}" y="{ty:.1}" text-anchor="end">{}</text><rect class="{}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/><text class="value{bold}" x="{:.1}" y="{ty:.1}">{}</text>"#,
        LABEL_W - 8.0,
        label_text(r.label),
        r.class,
        r.from.min(r.to),
        y + 4.0,
        (r.to - r.from).abs().max(r.min_width),
        ROW_H - 8.0,
        r.from.max(r.to) + 5.0,
        escape(r.text)
    );
}

/// Horizontal bars from 0, one row each, with vertical reference lines; `fmt` formats the
/// axis ticks.
pub fn hbars(title: &str, bars: &[Bar], lines: &[RefLine], fmt: &dyn Fn(f64) -> String) -> String {
    let (lo, hi) = range_of(
        bars.iter()
            .map(|b| &b.value)
            .chain(lines.iter().map(|l| &l.x)),
    );
    let (lo, hi) = padded(lo, hi);
    let s = Scale {
        lo,
        hi,
        x0: LABEL_W,
        x1: W - 90.0,
    };
    let h = TOP + ROW_H * bars.len() as f64 + BOTTOM;
    let mut out = String::new();
    open(&mut out, h, title);
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        bar_row(
            &mut out,
            y,
            &Row {
                label: &b.label,
                total: false,
                class: b.class,
                from: s.px(0.0),
                to: s.px(b.value),
                min_width: 0.0,
                text: &b.text,
            },
        );
    }
    let axis_y = TOP + ROW_H * bars.len() as f64 + 2.0;
    x_axis(&mut out, s, axis_y, fmt);
    ref_lines(&mut out, s, lines, TOP, axis_y);
    out.push_str("</svg>");
    out
}

/// A horizontal waterfall: each step a bar from the running sum before it to the running
/// sum after it (negative steps in the cost colour), then the total as a bar from 0.
pub fn waterfall(
    title: &str,
    steps: &[(String, f64)],
    total_label: &str,
    lines: &[RefLine],
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let mut running = 0.0;
    let mut ends = vec![0.0];
    for (_, d) in steps {
        running += d;
        ends.push(running);
    }
    let (lo, hi) = range_of(ends.iter().chain(lines.iter().map(|l| &l.x)));
    let (lo, hi) = padded(lo, hi);
    let s = Scale {
        lo,
        hi,
        x0: LABEL_W,
        x1: W - 90.0,
    };
    let rows = steps.len() + 1;
    let h = TOP + ROW_H * rows as f64 + BOTTOM;
    let mut out = String::new();
    open(&mut out, h, title);
    let mut before = 0.0;
    for (i, (label, d)) in steps.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let after = before + d;
        let z = s.px(after);
        let sign = if *d > 0.0 { "+" } else { "" };
        bar_row(
            &mut out,
            y,
            &Row {
                label,
                total: false,
                class: if *d < 0.0 { "c3" } else { "c1" },
                from: s.px(before),
                to: z,
                min_width: 1.0,
                text: &format!("{sign}{}", fmt(*d)),
            },
        );
        if i + 1 < steps.len() {
            // the connector to the next step
            let _ = write!(
                out,
                r#"<line class="connector" x1="{z:.1}" y1="{:.1}" x2="{z:.1}" y2="{:.1}"/>"#,
                y + ROW_H - 4.0,
                y + ROW_H + 4.0
            );
        }
        before = after;
    }
    let y = TOP + ROW_H * steps.len() as f64;
    bar_row(
        &mut out,
        y,
        &Row {
            label: total_label,
            total: true,
            class: "c0",
            from: s.px(0.0),
            to: s.px(before),
            min_width: 0.0,
            text: &fmt(before),
        },
    );
    let axis_y = TOP + ROW_H * rows as f64 + 2.0;
    x_axis(&mut out, s, axis_y, fmt);
    ref_lines(&mut out, s, lines, TOP, axis_y);
    out.push_str("</svg>");
    out
}

/// A histogram from `edges` (bins + 1) and `counts` (bins), with vertical reference lines
/// and a shaded band between `band` (e.g. the 5% and 95% quantiles) when given.
pub fn histogram(
    title: &str,
    edges: &[f64],
    counts: &[u64],
    lines: &[RefLine],
    band: Option<(f64, f64)>,
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let h = 300.0;
    let mut out = String::new();
    open(&mut out, h, title);
    let finite = edges.iter().all(|e| e.is_finite());
    if counts.is_empty() || edges.len() != counts.len() + 1 || !finite {
        out.push_str("</svg>");
        return out;
    }
    let mut lo = edges[0];
    let mut hi = edges[edges.len() - 1];
    for l in lines.iter().filter(|l| l.x.is_finite()) {
        lo = lo.min(l.x);
        hi = hi.max(l.x);
    }
    let pad = (hi - lo).max(f64::MIN_POSITIVE) * 0.04;
    let s = Scale {
        lo: lo - pad,
        hi: hi + pad,
        x0: 60.0,
        x1: W - 30.0,
    };
    let (y_top, y_axis) = (TOP + 10.0, h - BOTTOM);
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    if let Some((a, b)) = band.filter(|(a, b)| a.is_finite() && b.is_finite()) {
        let _ = write!(
            out,
            r#"<rect class="band" x="{:.1}" y="{y_top:.1}" width="{:.1}" height="{:.1}"/>"#,
            s.px(a),
            (s.px(b) - s.px(a)).max(0.0),
            y_axis - y_top
        );
    }
    for (i, &c) in counts.iter().enumerate() {
        let (a, b) = (s.px(edges[i]), s.px(edges[i + 1]));
        let bh = c as f64 / max * (y_axis - y_top);
        let _ = write!(
            out,
            r#"<rect class="c1" x="{a:.2}" y="{:.2}" width="{:.2}" height="{bh:.2}"/>"#,
            y_axis - bh,
            (b - a - 0.6).max(0.3)
        );
    }
    x_axis(&mut out, s, y_axis, fmt);
    ref_lines(&mut out, s, lines, y_top, y_axis);
    out.push_str("</svg>");
    out
}

/// One line of a [`lines`] chart: a value per x position.
#[derive(Clone, Debug)]
pub struct Series {
    /// The legend text.
    pub label: String,
    /// One value per x position (a non-finite value breaks the line there).
    pub values: Vec<f64>,
    /// The line's colour class (`l0`..`l3`).
    pub class: &'static str,
    /// Drawn dashed (a second scenario).
    pub dashed: bool,
}

/// A shaded band between two values per x position (e.g. the 5% and 95% quantiles).
#[derive(Clone, Debug)]
pub struct Band {
    /// The legend text.
    pub label: String,
    /// The lower edge, one per x position.
    pub lo: Vec<f64>,
    /// The upper edge, one per x position.
    pub hi: Vec<f64>,
}

/// A line chart over years: `x` labels the positions (evenly spaced), each series a
/// polyline with a dot per point, an optional band beneath them, a legend on top and
/// horizontal grid lines formatted with `fmt`.
pub fn lines(
    title: &str,
    x: &[i32],
    series: &[Series],
    band: Option<&Band>,
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let h = 360.0;
    let (x0, x1, y_top, y_axis) = (80.0, W - 30.0, TOP + 34.0, h - BOTTOM);
    let mut out = String::new();
    open(&mut out, h, title);
    if x.is_empty() {
        out.push_str("</svg>");
        return out;
    }
    let all = series
        .iter()
        .flat_map(|s| s.values.iter())
        .chain(band.iter().flat_map(|b| b.lo.iter().chain(&b.hi)));
    let (lo, hi) = range_of(all);
    let (lo, hi) = padded(lo, hi);
    let px = |i: usize| {
        if x.len() < 2 {
            (x0 + x1) / 2.0
        } else {
            x0 + i as f64 / (x.len() - 1) as f64 * (x1 - x0)
        }
    };
    let span = if hi > lo { hi - lo } else { 1.0 };
    let py = |v: f64| y_axis - (v - lo) / span * (y_axis - y_top);
    for t in ticks(lo, hi, 5) {
        let y = py(t);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{x0:.1}" y1="{y:.1}" x2="{x1:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            x0 - 6.0,
            y + 4.0,
            escape(&fmt(t))
        );
    }
    let _ = write!(
        out,
        r#"<line class="axis" x1="{x0:.1}" y1="{y_axis:.1}" x2="{x1:.1}" y2="{y_axis:.1}"/>"#
    );
    for (i, year) in x.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{year}</text>"#,
            px(i),
            y_axis + 19.0
        );
    }
    let mut legend: Vec<(String, String)> = Vec::new(); // (swatch markup, label)
    if let Some(b) = band {
        let n = x.len().min(b.lo.len()).min(b.hi.len());
        let finite = (0..n).all(|i| b.lo[i].is_finite() && b.hi[i].is_finite());
        if n > 0 && finite {
            let mut pts: Vec<String> = (0..n)
                .map(|i| format!("{:.1},{:.1}", px(i), py(b.hi[i])))
                .collect();
            pts.extend(
                (0..n)
                    .rev()
                    .map(|i| format!("{:.1},{:.1}", px(i), py(b.lo[i]))),
            );
            let _ = write!(
                out,
                r#"<polygon class="lband" points="{}"><title>{}</title></polygon>"#,
                pts.join(" "),
                escape(&b.label)
            );
            legend.push((
                r#"<rect class="lband" x="0" y="-9" width="22" height="12"/>"#.into(),
                b.label.clone(),
            ));
        }
    }
    for s in series {
        let dash = if s.dashed { " dashed" } else { "" };
        let mut segment: Vec<String> = Vec::new();
        let flush = |out: &mut String, seg: &mut Vec<String>| {
            if seg.len() > 1 {
                let _ = write!(
                    out,
                    r#"<polyline class="{}{dash}" points="{}"/>"#,
                    s.class,
                    seg.join(" ")
                );
            }
            seg.clear();
        };
        for (i, v) in s.values.iter().enumerate().take(x.len()) {
            if v.is_finite() {
                segment.push(format!("{:.1},{:.1}", px(i), py(*v)));
            } else {
                flush(&mut out, &mut segment);
            }
        }
        flush(&mut out, &mut segment);
        for (i, v) in s.values.iter().enumerate().take(x.len()) {
            if v.is_finite() {
                let _ = write!(
                    out,
                    r#"<circle class="{}" cx="{:.1}" cy="{:.1}" r="3"><title>{} {}: {}</title></circle>"#,
                    s.class,
                    px(i),
                    py(*v),
                    escape(&s.label),
                    x[i],
                    escape(&fmt(*v))
                );
            }
        }
        legend.push((
            format!(
                r#"<line class="{}{dash}" x1="0" y1="-4" x2="22" y2="-4"/>"#,
                s.class
            ),
            s.label.clone(),
        ));
    }
    // the legend: one row above the plot, about 7 px a character
    let mut lx = x0;
    for (swatch, label) in &legend {
        let _ = write!(
            out,
            r#"<g transform="translate({lx:.1},{:.1})">{swatch}<text x="28" y="0">{}</text></g>"#,
            TOP - 8.0,
            escape(label)
        );
        lx += 40.0 + 7.0 * label.chars().count() as f64;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: f64) -> String {
        format!("{v}")
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            ticks(0.0, 1000.0, 5),
            [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]
        );
        let t = ticks(0.28, 0.47, 6);
        assert!(t.len() >= 4 && t.iter().all(|x| (0.28..=0.47).contains(x)));
        assert_eq!(ticks(5.0, 5.0, 4), [5.0]);
    }

    #[test]
    fn bars_are_drawn_with_escaped_labels() {
        let svg = hbars(
            "aandeel <tekort>",
            &[
                Bar {
                    label: "claim <b>".into(),
                    value: 0.35,
                    text: "35%".into(),
                    class: "c2",
                },
                Bar {
                    label: "herberekend".into(),
                    value: 0.363,
                    text: "36,3%".into(),
                    class: "c0",
                },
            ],
            &[RefLine {
                x: 0.35,
                label: "doel".into(),
            }],
            &plain,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("claim &lt;b&gt;") && svg.contains("aandeel &lt;tekort&gt;"));
        assert!(!svg.contains("<b>"));
        assert_eq!(svg.matches(r#"class="ref""#).count(), 1);
    }

    #[test]
    fn a_waterfall_ends_at_the_sum_of_its_steps() {
        let steps = [
            ("a".to_string(), 10.0),
            ("b".to_string(), -4.0),
            ("c".to_string(), 6.0),
        ];
        let svg = waterfall("w", &steps, "totaal", &[], &plain);
        // three steps, one total bar
        assert_eq!(svg.matches("<rect").count(), 4);
        assert!(
            svg.contains(r#"class="c3""#),
            "the negative step is drawn as a cost"
        );
        assert!(svg.contains(">12</text>"), "the total is 12: {svg}");
        assert_eq!(svg.matches(r#"class="connector""#).count(), 2);
    }

    #[test]
    fn a_histogram_draws_one_bar_per_bin_and_its_lines() {
        let edges = [0.0, 1.0, 2.0, 3.0];
        let svg = histogram(
            "h",
            &edges,
            &[1, 5, 2],
            &[RefLine {
                x: 1.5,
                label: "doel".into(),
            }],
            Some((0.5, 2.5)),
            &plain,
        );
        assert_eq!(svg.matches(r#"<rect class="c1""#).count(), 3);
        assert_eq!(svg.matches(r#"class="band""#).count(), 1);
        assert!(svg.contains(">doel</text>"));
        // no bins (no draws): an empty chart, not a panic
        let empty = histogram("h", &[f64::NAN, f64::NAN], &[0], &[], None, &plain);
        assert!(!empty.contains("<rect"));
    }
    #[test]
    fn a_line_chart_draws_each_series_its_band_and_breaks_at_a_gap() {
        let svg = lines(
            "t <x>",
            &[2023, 2024, 2025],
            &[
                Series {
                    label: "tekort".into(),
                    values: vec![2100.0, 2366.7, 2633.3],
                    class: "l3",
                    dashed: false,
                },
                Series {
                    label: "zonder ombuiging".into(),
                    values: vec![1.0, f64::NAN, 3.0],
                    class: "l2",
                    dashed: true,
                },
            ],
            Some(&Band {
                label: "5–95%".into(),
                lo: vec![0.0, 1.0, 2.0],
                hi: vec![1.0, 2.0, 3.0],
            }),
            &plain,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("t &lt;x&gt;"));
        // one polyline for the full series; the broken one has no segment of two points
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 5);
        assert_eq!(svg.matches("<polygon class=\"lband\"").count(), 1);
        assert!(svg.contains(">2024</text>") && svg.contains("l2 dashed"));
        assert!(svg.contains("<title>tekort 2023: 2100</title>"));
        // no years: an empty chart, not a panic
        assert!(!lines("e", &[], &[], None, &plain).contains("<polyline"));
    }
}
