//! xAPI 1.0.3: the statements Retki records, checked as the specification asks before they are
//! stored.

pub mod fuzz;
pub mod signature;
pub mod validate;

pub use validate::{Invalid, statement as validate_statement};

/// The xAPI version this store speaks, as it answers in `X-Experience-API-Version`.
pub const XAPI_VERSION: &str = "1.0.3";
