//! placeholder
pub mod areas;
pub mod encoding;
pub mod headers;
pub mod sheet;
pub mod values;
