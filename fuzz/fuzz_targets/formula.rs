//! Formula parser + unit checker. Properties: a parse error points inside the text on
//! character boundaries; a parsed tree has consistent spans, prints and re-parses to the same
//! tree, resolves exactly when an independent unit check (unbounded exponents) accepts it,
//! with the same dimension, and its plan evaluates like the tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workforce_impact::formula::{self, FormulaErrorKind};
use workforce_impact_fuzz::*;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let expr = match formula::parse(text) {
        Ok(e) => e,
        Err(e) => {
            assert!(
                e.span.start <= e.span.end && text.get(e.span.start..e.span.end).is_some(),
                "error span {:?} ({}) is not a range of character boundaries in {text:?}",
                e.span,
                e.message
            );
            let _ = e.to_string();
            return;
        }
    };
    check_spans(&expr, text);
    let d = depth(&expr);
    if d > ORACLE_MAX_DEPTH {
        return;
    }
    let printed = print(&expr);
    let again = formula::parse(&printed)
        .unwrap_or_else(|e| panic!("{text:?} parses, its print {printed:?} does not: {e}"));
    assert!(
        same_tree(&expr, &again),
        "{text:?} parses to a different tree after printing as {printed:?}"
    );

    let scope = formula_scope();
    let want = ref_dim(&expr, scope);
    match (formula::resolve(&expr, scope), want) {
        (Ok((node, dim)), Ok(w)) => {
            assert_eq!(dim.0.map(i32::from), w, "{text:?}: resolve gives {dim}");
            let (a, b) = (node.eval(&scope.values), ref_eval(&expr, scope));
            assert!(
                same_f64(a, b),
                "{text:?}: plan evaluates to {a}, the tree to {b}"
            );
        }
        (Ok((_, dim)), Err(r)) => {
            panic!("{text:?}: resolve accepts it as {dim}, the reference check says {r:?}")
        }
        (Err(e), Ok(w)) => {
            // Only a nesting limit may refuse what the reference check accepts.
            assert!(
                matches!(e.kind, FormulaErrorKind::Syntax(_)) && d > 32,
                "{text:?}: resolve refuses it ({e}), the reference check gives {w:?}"
            );
        }
        (Err(e), Err(r)) => match r {
            RefError::Unknown(name) => assert!(
                matches!(&e.kind, FormulaErrorKind::UnknownParameter { name: n, .. } if *n == name),
                "{text:?}: expected unknown parameter '{name}', got {e}"
            ),
            RefError::Mismatch => assert!(
                matches!(e.kind, FormulaErrorKind::UnitMismatch(_)),
                "{text:?}: expected a unit mismatch, got {e}"
            ),
            RefError::OutOfRange => {}
        },
    }
});
