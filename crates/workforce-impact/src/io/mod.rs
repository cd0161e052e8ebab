//! Files in and out other than the model's own TOML: Excel workbooks (feature `xlsx`).

#[cfg(feature = "xlsx")]
pub mod xlsx;
