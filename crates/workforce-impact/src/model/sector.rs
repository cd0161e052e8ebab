//! The care sectors a component's staff saving (or cost) lands in.

use crate::suggest::did_you_mean;

/// Sector ids and names, in display order.
pub const SECTORS: &[(&str, &str)] = &[
    ("msz", "Medisch-specialistische zorg"),
    ("vvt", "Verpleeg- en verzorgingshuizen en thuiszorg"),
    ("grz", "Geriatrische revalidatiezorg"),
    ("ggz", "Geestelijke gezondheidszorg"),
    ("huisartsenzorg", "Huisartsenzorg"),
    ("sociaal-domein", "Sociaal domein"),
    ("zorg-en-welzijn", "Zorg en welzijn, sectoroverstijgend"),
];

/// A sector, as an index into [`SECTORS`] (sectors sort in display order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sector(pub usize);

/// A sector id that is not in [`SECTORS`]. The message names the closest id and lists them
/// all: `unknown sector 'mzs' (did you mean 'msz'?); sectors are msz, vvt, ...`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown sector '{id}'{}; sectors are {}", hint(.suggestion), sector_ids())]
#[non_exhaustive]
pub struct UnknownSector {
    /// The id as given.
    pub id: String,
    /// The closest sector id, when one is close enough to be a likely typo.
    pub suggestion: Option<String>,
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean '{s}'?)"))
        .unwrap_or_default()
}

fn sector_ids() -> String {
    SECTORS.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
}

impl Sector {
    /// Looks a sector up by id; the error names the closest id.
    ///
    /// ```
    /// use workforce_impact::model::Sector;
    ///
    /// assert_eq!(Sector::parse("vvt").unwrap().name(), "Verpleeg- en verzorgingshuizen en thuiszorg");
    /// let e = Sector::parse("mzs").unwrap_err();
    /// assert_eq!(e.suggestion.as_deref(), Some("msz"));
    /// assert!(e.to_string().starts_with("unknown sector 'mzs' (did you mean 'msz'?); sectors are msz, vvt,"));
    /// ```
    pub fn parse(id: &str) -> Result<Sector, UnknownSector> {
        SECTORS
            .iter()
            .position(|s| s.0 == id)
            .map(Sector)
            .ok_or_else(|| UnknownSector {
                id: id.to_string(),
                suggestion: did_you_mean(id, SECTORS.iter().map(|s| s.0)),
            })
    }

    /// The sector's id as written in model files (`msz`, `vvt`, ...).
    pub fn id(self) -> &'static str {
        SECTORS[self.0].0
    }

    /// The sector's Dutch name ("Medisch-specialistische zorg").
    pub fn name(self) -> &'static str {
        SECTORS[self.0].1
    }
}
