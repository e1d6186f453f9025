//! Integration tests: one binary (one link step), one module per area.

mod cli;
mod helpers;
mod http;
mod scenarios;
