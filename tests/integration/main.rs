//! Integration tests: one binary (one link step), one module per area.

mod api_catalog;
mod api_errors;
mod api_estimates;
mod api_memo;
mod api_service;
mod api_sheets;
mod browser;
mod catalogue;
mod cli;
mod deploy;
mod electricity;
mod helpers;
mod http;
mod learn;
mod properties;
mod ranges;
mod saved;
mod scenarios;
mod serve;
mod store;
mod transport;
mod waste;
mod web_page;
