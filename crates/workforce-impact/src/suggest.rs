//! "Did you mean" suggestions for misspelt names.

/// The closest candidate to `name`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    // A score of 0.6 needs an edit distance of at most 0.4 × the longer length, and the
    // distance is at least the difference in length: candidates too short or too long are
    // skipped before the quadratic comparison (a megabyte of name then costs nothing).
    let len = name.chars().count() as f64;
    candidates
        .into_iter()
        .filter(|c| {
            let other = c.chars().count() as f64;
            (len - other).abs() <= 0.4 * len.max(other)
        })
        .map(|c| (strsim::normalized_damerau_levenshtein(name, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let names = ["part_time_factor", "annual_hours", "reduction"];
        assert_eq!(
            did_you_mean("part_time_facter", names).as_deref(),
            Some("part_time_factor")
        );
        assert_eq!(did_you_mean("xyz", names), None);
    }
}
