//! Physics and crediting methods: small pure functions on typed quantities.

pub mod compost;
pub mod grid;
pub mod solar;
