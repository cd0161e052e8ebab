//! The argument parsers of the `workforce-impact` command line, as a library so that the
//! binary and the fuzz targets (`fuzz/`) run the same code.

pub mod dist_arg;

use workforce_impact::Overrides;

/// `NAME=VALUE` items as overrides; `flag` names the option in error messages.
pub fn parse_overrides<'a>(
    items: impl IntoIterator<Item = &'a str>,
    flag: &str,
) -> Result<Overrides, String> {
    let mut o = Overrides::new();
    for item in items {
        let (name, value) = item
            .split_once('=')
            .ok_or_else(|| format!("{flag} expects NAME=VALUE, got '{item}'"))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("{flag} {name}: '{value}' is not a number"))?;
        o = o.set(name.trim(), value);
    }
    Ok(o)
}
