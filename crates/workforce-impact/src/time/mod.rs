//! Years: the Monte Carlo over years and regions (the rest of the room arrives with the years capability).

pub mod monte_carlo;
