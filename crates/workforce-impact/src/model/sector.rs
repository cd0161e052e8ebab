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

/// A sector, as an index into [`SECTORS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sector(pub usize);

impl Sector {
    /// Looks a sector up by id; the error names the closest id.
    pub fn parse(id: &str) -> Result<Sector, String> {
        SECTORS
            .iter()
            .position(|s| s.0 == id)
            .map(Sector)
            .ok_or_else(|| {
                let hint = did_you_mean(id, SECTORS.iter().map(|s| s.0))
                    .map(|s| format!(" (did you mean '{s}'?)"))
                    .unwrap_or_default();
                let all: Vec<&str> = SECTORS.iter().map(|s| s.0).collect();
                format!(
                    "unknown sector '{id}'{hint}; sectors are {}",
                    all.join(", ")
                )
            })
    }

    pub fn id(self) -> &'static str {
        SECTORS[self.0].0
    }

    pub fn name(self) -> &'static str {
        SECTORS[self.0].1
    }
}
