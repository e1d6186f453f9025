//! Emission models, one module per project type.

pub mod compost;
