//! Physical models of the projects tanso quantifies.

pub mod solar;
