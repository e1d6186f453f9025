//! The handlers, one module per resource. Each maps HTTP to a catalog or scenario call and
//! back; none computes anything itself.

pub mod datasets;
pub mod estimates;
pub mod health;
pub mod models;
pub mod projects;
pub mod scenarios;
pub mod sheets;
pub mod units;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented operation (collected into the OpenAPI document).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(health::metrics)
        .service(projects::list)
        .service(projects::get)
        .service(sheets::project_sheet)
        .service(sheets::create_sheet)
        .service(sheets::programme_sheet)
        .service(models::list)
        .service(models::get)
        .service(estimates::estimate)
        .service(estimates::batch)
        .service(scenarios::save)
        .service(scenarios::get)
        .service(scenarios::delete)
        .service(scenarios::estimate)
        .service(scenarios::get_estimate)
        .service(units::list)
        .service(units::convert)
        .service(units::eval)
        .service(datasets::grid_factors)
        .service(datasets::gwp_sets);
}
