//! Nesting checks of a region table: parents known and acyclic, no child above its parent,
//! a `complete` parent equal to the sum of its children.

use std::collections::HashMap;

use super::table::RegionRow;
use crate::error::Error;

/// How far a complete parent may be from the sum of its children, relative to the larger of
/// the two: sums of decimal figures are not exact in binary.
pub const COMPLETE_TOLERANCE: f64 = 1e-9;

/// Every nesting problem of `rows`, each at the row (and column) it is found in.
pub(super) fn check(rows: &[RegionRow]) -> Vec<Error> {
    let mut errors = Vec::new();
    // Each id's first row: a table may have up to MAX_REGIONS rows, so no linear searches.
    let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    for (n, r) in rows.iter().enumerate() {
        first_of.entry(r.id.as_str()).or_insert(n);
    }
    let mut parent_of: Vec<Option<usize>> = vec![None; rows.len()];
    for (n, r) in rows.iter().enumerate() {
        let first = first_of[r.id.as_str()];
        if first != n {
            let first = &rows[first];
            errors.push(Error::Model {
                loc: r.loc.clone(),
                message: format!(
                    "duplicate region id '{}'{}",
                    r.id,
                    first
                        .loc
                        .line
                        .map(|l| format!(" (first on line {l})"))
                        .unwrap_or_default()
                ),
            });
        }
        let Some(p) = &r.parent else { continue };
        match first_of.get(p.as_str()) {
            Some(&i) => parent_of[n] = Some(i),
            None => {
                let hint = crate::suggest::did_you_mean(p, rows.iter().map(|r| r.id.as_str()))
                    .map(|s| format!(" (did you mean '{s}'?)"))
                    .unwrap_or_default();
                errors.push(Error::Model {
                    loc: r.parent_loc.clone(),
                    message: format!("region '{}' names unknown parent '{p}'{hint}", r.id),
                });
            }
        }
    }
    // Cycles: walk up from each region; a walk longer than the table has met itself.
    let mut in_cycle = vec![false; rows.len()];
    for start in 0..rows.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(p) = parent_of[at] {
            if p == start {
                if !path.iter().any(|&i| in_cycle[i]) {
                    let names: Vec<&str> = (path.iter().chain([&start]))
                        .map(|&i| rows[i].id.as_str())
                        .collect();
                    errors.push(Error::Model {
                        loc: rows[start].parent_loc.clone(),
                        message: format!(
                            "region '{}' is its own ancestor: {}",
                            rows[start].id,
                            names.join(" -> ")
                        ),
                    });
                }
                for &i in &path {
                    in_cycle[i] = true;
                }
                break;
            }
            if path.contains(&p) || path.len() > rows.len() {
                break; // a cycle above `start`, reported from one of its members
            }
            path.push(p);
            at = p;
        }
    }
    // A child above its parent, on any base both have.
    for (n, r) in rows.iter().enumerate() {
        let Some(p) = parent_of[n] else { continue };
        if in_cycle[n] {
            continue;
        }
        let parent = &rows[p];
        for (base, &v) in &r.bases {
            if let Some(pv) = parent.base(base) {
                if v > pv {
                    errors.push(Error::InvalidValue {
                        loc: r.base_loc(base),
                        message: format!(
                            "region '{}' has {base} {v}, more than its parent '{}' ({pv})",
                            r.id, parent.id
                        ),
                    });
                }
            }
        }
    }
    // A complete parent equals the sum of its children, base by base.
    let mut children_of: Vec<Vec<&RegionRow>> = vec![Vec::new(); rows.len()];
    for (n, p) in parent_of.iter().enumerate() {
        if let Some(p) = *p {
            children_of[p].push(&rows[n]);
        }
    }
    for (p, parent) in rows.iter().enumerate() {
        if !parent.complete || in_cycle[p] {
            continue;
        }
        let children = &children_of[p];
        if children.is_empty() {
            errors.push(Error::Model {
                loc: parent.loc.clone(),
                message: format!(
                    "region '{}' is marked complete but no region names it as parent",
                    parent.id
                ),
            });
            continue;
        }
        for (base, &pv) in &parent.bases {
            let mut sum = 0.0;
            let mut missing = Vec::new();
            for c in children {
                match c.base(base) {
                    Some(v) => sum += v,
                    None => missing.push(c.id.as_str()),
                }
            }
            if !missing.is_empty() {
                errors.push(Error::Model {
                    loc: parent.base_loc(base),
                    message: format!(
                        "region '{}' is marked complete, but its children {} have no {base}, so it cannot be checked",
                        parent.id,
                        missing.join(", ")
                    ),
                });
                continue;
            }
            if (sum - pv).abs() > COMPLETE_TOLERANCE * sum.abs().max(pv.abs()) {
                errors.push(Error::InvalidValue {
                    loc: parent.base_loc(base),
                    message: format!(
                        "region '{}' is marked complete, but its {base} {pv} is not the sum of its {} children ({sum}): off by {}",
                        parent.id,
                        children.len(),
                        pv - sum
                    ),
                });
            }
        }
    }
    errors
}
