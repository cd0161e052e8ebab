//! Defined names for parameter cells: qualified parameter names mangled into names Excel,
//! LibreOffice and the `formulas` package accept (docs/workbooks.md, "Names").
//!
//! A *plain* qualified name — lower-case ASCII letters and digits in segments separated by
//! single `_`, `-` or `.`, each segment non-empty, starting with a letter — becomes `p_`
//! followed by the name with `.` written `__` and `-` written `___`:
//! `buikpijnteam.reduction` → `p_buikpijnteam__reduction`, `fit-for-surgery.stay_reduction`
//! → `p_fit___for___surgery__stay_reduction`. Because separators never touch in a plain
//! name, the length of each run of underscores says which separator it was, so the mapping
//! is injective. Every other name becomes `x_` followed by the hex digits of its UTF-8 bytes
//! (`Ab` → `x_4162`): injective too, and never equal to a plain one (`p_` versus `x_`).
//! Both start with a letter and an underscore, so no name reads as a cell reference (`AB12`)
//! or an R1C1 reference (`R1C1`, `R`, `C`).

/// The longest defined name Excel accepts.
pub const MAX_NAME_LEN: usize = 255;

/// Whether `name` is plain in the sense of the module documentation.
fn is_plain(name: &str) -> bool {
    let bytes = name.as_bytes();
    if bytes.is_empty() || !bytes[0].is_ascii_lowercase() {
        return false;
    }
    let sep = |b: u8| matches!(b, b'_' | b'-' | b'.');
    let mut prev_sep = false;
    for &b in bytes {
        if sep(b) {
            if prev_sep {
                return false;
            }
            prev_sep = true;
        } else if b.is_ascii_lowercase() || b.is_ascii_digit() {
            prev_sep = false;
        } else {
            return false;
        }
    }
    !prev_sep
}

/// The defined name of the cell that holds parameter `qualified`.
///
/// ```
/// use workforce_impact::io::xlsx::mangle;
/// assert_eq!(mangle("part_time_factor"), "p_part_time_factor");
/// assert_eq!(mangle("buikpijnteam.reduction"), "p_buikpijnteam__reduction");
/// assert_eq!(mangle("fit-for-surgery.stay"), "p_fit___for___surgery__stay");
/// assert_eq!(mangle("A1"), "x_4131");
/// ```
pub fn mangle(qualified: &str) -> String {
    if is_plain(qualified) {
        let mut out = String::with_capacity(qualified.len() + 8);
        out.push_str("p_");
        for c in qualified.chars() {
            match c {
                '.' => out.push_str("__"),
                '-' => out.push_str("___"),
                c => out.push(c),
            }
        }
        out
    } else {
        let mut out = String::from("x_");
        for b in qualified.bytes() {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

/// The qualified name a defined name was mangled from; `None` for a name [`mangle`] does
/// not produce.
pub fn unmangle(name: &str) -> Option<String> {
    if let Some(rest) = name.strip_prefix("p_") {
        let mut out = String::new();
        let mut run = 0;
        let flush = |run: usize, out: &mut String| -> Option<()> {
            match run {
                0 => {}
                1 => out.push('_'),
                2 => out.push('.'),
                3 => out.push('-'),
                _ => return None,
            }
            Some(())
        };
        for c in rest.chars() {
            if c == '_' {
                run += 1;
            } else {
                flush(run, &mut out)?;
                run = 0;
                out.push(c);
            }
        }
        flush(run, &mut out)?;
        is_plain(&out).then_some(out)
    } else if let Some(hex) = name.strip_prefix("x_") {
        if hex.len() % 2 != 0 {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect();
        let s = String::from_utf8(bytes?).ok()?;
        (!is_plain(&s)).then_some(s)
    } else {
        None
    }
}

/// Whether Excel would read `name` as a cell reference in A1 (`AB12`, up to column XFD) or
/// R1C1 style (`R1C1`, `R`, `C`, `R12`, `C3`), which a defined name must not be.
pub fn looks_like_cell_reference(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let letters = upper
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let digits = &upper[letters..];
    let a1 = (1..=3).contains(&letters)
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && (letters < 3 || upper[..3] <= *"XFD");
    let r1c1 = {
        let mut s = upper.as_str();
        let mut ok = false;
        if let Some(r) = s.strip_prefix('R') {
            s = r.trim_start_matches(|c: char| c.is_ascii_digit());
            ok = true;
        }
        if let Some(c) = s.strip_prefix('C') {
            s = c.trim_start_matches(|c: char| c.is_ascii_digit());
            ok = true;
        }
        ok && s.is_empty()
    };
    a1 || r1c1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_read_back() {
        for q in [
            "part_time_factor",
            "buikpijnteam.reduction",
            "fit-for-surgery.stay_reduction",
            "metggz_platform.bggz_share",
            "nml.population_65plus",
        ] {
            assert_eq!(unmangle(&mangle(q)).as_deref(), Some(q));
        }
    }

    #[test]
    fn cell_references_are_recognised() {
        for r in ["A1", "ab12", "XFD1048576", "R1C1", "R", "C", "r2c", "C12"] {
            assert!(looks_like_cell_reference(r), "{r}");
        }
        for r in ["p_a1", "XFE1", "ABCD1", "A", "AB", "x_41", "RC_1"] {
            assert!(!looks_like_cell_reference(r), "{r}");
        }
    }
}
