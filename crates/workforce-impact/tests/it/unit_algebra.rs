//! Algebraic invariants of the unit system.

use proptest::prelude::*;
use workforce_impact::{Dimension, Quantity, Unit};

const UNITS: &[&str] = &[
    "min",
    "h",
    "day",
    "week",
    "month",
    "yr",
    "FTE",
    "person",
    "EUR",
    "%",
    "1/yr",
    "min/day",
    "h/(FTE*yr)",
    "FTE/person",
    "h/week",
    "week/yr",
    "person/yr",
    "EUR/h",
];

fn unit() -> impl Strategy<Value = Unit> {
    prop::sample::select(UNITS).prop_map(|u| Unit::parse(u).expect("unit parses"))
}

fn dimension() -> impl Strategy<Value = Dimension> {
    prop::array::uniform5(-3i8..=3).prop_map(Dimension)
}

proptest! {
    #[test]
    fn conversion_round_trips(value in -1e9f64..1e9, u in unit()) {
        let q = Quantity::new(value, &u);
        let back = q.value_in(&u).expect("same dimension");
        prop_assert!((back - value).abs() <= 1e-12 * value.abs().max(1.0));
    }

    #[test]
    fn converting_between_units_of_one_dimension_round_trips(value in 0.0f64..1e9) {
        for (a, b) in [("min", "h"), ("day", "yr"), ("week", "month"), ("min/day", "h/yr"), ("h/week", "min/yr")] {
            let (ua, ub) = (Unit::parse(a).expect("unit"), Unit::parse(b).expect("unit"));
            let q = Quantity::new(value, &ua);
            let in_b = q.value_in(&ub).expect("same dimension");
            let again = Quantity::new(in_b, &ub).value_in(&ua).expect("same dimension");
            prop_assert!((again - value).abs() <= 1e-9 * value.abs().max(1.0));
        }
    }

    #[test]
    fn dimensions_form_a_group(a in dimension(), b in dimension(), c in dimension()) {
        prop_assert_eq!(a * b, b * a);
        prop_assert_eq!((a * b) * c, a * (b * c));
        prop_assert_eq!(a * Dimension::NONE, a);
        prop_assert_eq!((a / b) * b, a);
        prop_assert_eq!(a / a, Dimension::NONE);
    }

    #[test]
    fn parsed_products_multiply_scales_and_dimensions(x in unit(), y in unit()) {
        let product = Unit::parse(&format!("({})*({})", x.text, y.text)).expect("product parses");
        prop_assert_eq!(product.dim, x.dim * y.dim);
        prop_assert!((product.scale - x.scale * y.scale).abs() <= 1e-12 * product.scale.abs());
        let quotient = Unit::parse(&format!("({})/({})", x.text, y.text)).expect("quotient parses");
        prop_assert_eq!(quotient.dim, x.dim / y.dim);
        prop_assert!((quotient.scale - x.scale / y.scale).abs() <= 1e-12 * quotient.scale.abs());
    }

    #[test]
    fn persons_never_equal_fte(value in 0.0f64..1e6) {
        let persons = Quantity::new(value, &Unit::parse("person").expect("unit"));
        let fte = Quantity::new(value, &Unit::parse("FTE").expect("unit"));
        prop_assert!(!persons.same_as(&fte));
        prop_assert_eq!(fte.value_in(&Unit::parse("person").expect("unit")), None);
    }

    #[test]
    fn unit_parsing_never_panics(text in "\\PC{0,20}") {
        let _ = Unit::parse(&text);
    }
}

#[test]
fn calendar_conversions_are_the_stated_ones() {
    let yr = Unit::parse("yr").expect("unit");
    assert_eq!(
        Quantity::new(1.0, &yr).value_in(&Unit::parse("day").expect("unit")),
        Some(365.0)
    );
    assert_eq!(
        Quantity::new(3.0, &Unit::parse("month").expect("unit")).value_in(&yr),
        Some(0.25)
    );
    assert_eq!(
        Quantity::new(90.0, &Unit::parse("min").expect("unit"))
            .value_in(&Unit::parse("h").expect("unit")),
        Some(1.5)
    );
    // 5 h a week for 52 weeks a year is 260 h a year.
    let q = Quantity::new(5.0, &Unit::parse("h/week").expect("unit"));
    let weeks = Quantity::new(52.0, &Unit::parse("week/yr").expect("unit"));
    let per_year = Quantity {
        base: q.base * weeks.base,
        dim: q.dim * weeks.dim,
    };
    let h_per_yr = per_year
        .value_in(&Unit::parse("h/yr").expect("unit"))
        .expect("h/yr");
    assert!((h_per_yr - 260.0).abs() < 1e-9);
    assert_eq!(
        Quantity::new(2.0, &Unit::parse("%").expect("unit")).base,
        0.02
    );
}
