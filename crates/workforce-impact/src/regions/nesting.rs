//! Nesting checks of a region table: parents known and acyclic, no child above its parent,
//! a `complete` parent equal to the sum of its children.

use super::table::RegionRow;
use crate::error::Error;

/// How far a complete parent may be from the sum of its children, relative to the larger of
/// the two: sums of decimal figures are not exact in binary.
pub const COMPLETE_TOLERANCE: f64 = 1e-9;

/// Every nesting problem of `rows`, each at the row (and column) it is found in.
pub(super) fn check(rows: &[RegionRow]) -> Vec<Error> {
    let mut errors = Vec::new();
    let find = |id: &str| rows.iter().position(|r| r.id == id);
    let mut parent_of: Vec<Option<usize>> = vec![None; rows.len()];
    for (n, r) in rows.iter().enumerate() {
        if let Some(first) = rows[..n].iter().find(|x| x.id == r.id) {
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
        match find(p) {
            Some(i) => parent_of[n] = Some(i),
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
    for (p, parent) in rows.iter().enumerate() {
        if !parent.complete || in_cycle[p] {
            continue;
        }
        let children: Vec<&RegionRow> = (rows.iter().enumerate())
            .filter(|(n, _)| parent_of[*n] == Some(p))
            .map(|(_, r)| r)
            .collect();
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
            for c in &children {
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
