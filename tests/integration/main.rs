//! Integration tests: one binary (one link step), one module per area.

mod api_catalog;
mod api_errors;
mod api_estimates;
mod api_service;
mod browser;
mod cli;
mod electricity;
mod helpers;
mod http;
mod scenarios;
mod serve;
mod transport;
mod web_page;
