//! Unit parser. Properties: an error's column lies within the text; a parsed unit has every
//! exponent within ±MAX_EXPONENT and a finite, positive scale; its text parses back to the
//! same unit; the unit its dimension is displayed in parses back to that dimension and scale.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workforce_impact::units::MAX_EXPONENT;
use workforce_impact::Unit;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let unit = match Unit::parse(text) {
        Ok(u) => u,
        Err(e) => {
            assert!(
                e.column >= 1 && e.column <= text.chars().count() + 1,
                "column {} of {text:?} is outside the text ({e})",
                e.column
            );
            let _ = e.to_string();
            return;
        }
    };
    assert!(
        unit.dim.0.iter().all(|e| e.abs() <= MAX_EXPONENT),
        "{text:?} parses to {:?}, beyond ±{MAX_EXPONENT}",
        unit.dim
    );
    assert!(
        unit.scale.is_finite() && unit.scale > 0.0,
        "{text:?} parses to a unit of scale {} (base units per unit)",
        unit.scale
    );
    let again = Unit::parse(&unit.text)
        .unwrap_or_else(|e| panic!("{text:?} parses, its text {:?} does not: {e}", unit.text));
    assert_eq!(again.dim, unit.dim, "{text:?} vs its text {:?}", unit.text);
    assert_eq!(
        again.scale.to_bits(),
        unit.scale.to_bits(),
        "{text:?} vs {:?}",
        unit.text
    );

    let _ = unit.dim.to_string();
    let shown = unit.dim.display_unit();
    let read = Unit::parse(&shown.text).unwrap_or_else(|e| {
        panic!(
            "{:?} is displayed as {:?}, which does not parse: {e}",
            unit.dim, shown.text
        )
    });
    assert_eq!(
        read.dim, unit.dim,
        "{:?} is displayed as {:?}",
        unit.dim, shown.text
    );
    let rel = (read.scale - shown.scale).abs() / shown.scale.abs().max(f64::MIN_POSITIVE);
    assert!(
        rel <= 1e-12,
        "{:?} is displayed as {:?} of scale {}, which parses to scale {}",
        unit.dim,
        shown.text,
        shown.scale,
        read.scale
    );
});
