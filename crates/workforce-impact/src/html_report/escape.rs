//! HTML escaping and the number formats the report shows (Dutch: decimal comma).

use crate::report::fmt_number;

/// `s` safe as HTML text or as a double- or single-quoted attribute value.
///
/// ```
/// use workforce_impact::html_report::escape;
///
/// assert_eq!(escape("<script>alert('x')</script> & \"y\""),
///            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A NUL or other control character is a parse error in HTML; a reader loses
            // nothing by its replacement.
            c if (c.is_control() && c != '\n' && c != '\t' && c != '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// [`fmt_number`] in Dutch notation: `1.633,3`, `0,4`, `-3`.
///
/// ```
/// use workforce_impact::html_report::fmt_nl;
///
/// assert_eq!(fmt_nl(1633.25), "1.633,2");
/// assert_eq!(fmt_nl(4500.0), "4.500");
/// assert_eq!(fmt_nl(0.4), "0,4");
/// ```
pub fn fmt_nl(v: f64) -> String {
    swap_separators(&fmt_number(v))
}

/// A number rounded to `decimals` places (at most), in Dutch notation.
pub fn fmt_nl_round(v: f64, decimals: i32) -> String {
    let k = 10f64.powi(decimals);
    fmt_nl((v * k).round() / k)
}

/// A fraction as a percentage with one decimal in Dutch notation: `0.363` is `36,3%`.
pub fn pct(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    format!("{:.1}%", v * 100.0).replace('.', ",")
}

fn swap_separators(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ',' => '.',
            '.' => ',',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_with_a_script_tag_is_text() {
        let note = "zie <script>alert(1)</script> & \"bijlage\" 'A'";
        let e = escape(note);
        assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
        assert_eq!(
            e,
            "zie &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;bijlage&quot; &#39;A&#39;"
        );
        assert_eq!(escape("a\u{0}b"), "a\u{FFFD}b");
        assert_eq!(escape("regel 1\nregel 2"), "regel 1\nregel 2");
    }

    #[test]
    fn dutch_numbers() {
        assert_eq!(fmt_nl(1277.5), "1.277,5");
        assert_eq!(fmt_nl(-24.75), "-24,75");
        assert_eq!(fmt_nl(122357.0), "122.357");
        assert_eq!(fmt_nl_round(1633.27, 1), "1.633,3");
        assert_eq!(pct(0.3629), "36,3%");
        assert_eq!(pct(f64::NAN), "–");
    }
}
