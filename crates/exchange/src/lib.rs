//! placeholder
pub mod encoding;
pub mod sheet;
pub mod values;
