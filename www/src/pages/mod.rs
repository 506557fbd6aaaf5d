//! One folder per page, each behind its own feature (one WebAssembly build per page): its state, its reducer and
//! its components.

#[cfg(any(feature = "page-self", feature = "page-form"))]
pub mod self_assessment;
#[cfg(feature = "page-unit")]
pub mod unit;
#[cfg(feature = "page-variants")]
pub mod variants;
