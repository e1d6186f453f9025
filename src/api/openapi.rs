//! The OpenAPI 3.1 document: collected from the registered services by utoipa-actix-web,
//! then completed with the error responses every operation can give, so that each status
//! the service sends is documented.

use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{
    Components, ContentBuilder, OpenApi as Spec, Ref, RefOr, Response, ResponseBuilder,
};
use utoipa_actix_web::AppExt;

use super::problem::{ErrorCode, PROBLEM_JSON, Problem};
use super::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tanso",
        description = "What decarbonisation projects really avoid, and how sure we can be: energy produced, waste treated and emissions avoided over a crediting period, every number traceable to its source.

Start from a documented project (`GET /v1/projects`), look at its model's parameters (`GET /v1/models/{id}`), and ask what-if questions with `POST /v1/estimates`: override parameters with units (`\"capacity\": \"3 MW\"`), pick a grid factor series or give your own, change the crediting period or the GWP set.

**Errors.** Every 4xx and 5xx response is an RFC 9457 problem document (`application/problem+json`) with a stable `code` and, per offending field, `errors[]` with a JSON `pointer`, what was `expected` and what was `received`. Malformed JSON is 400; JSON of the wrong shape and values that cannot be used are 422; an unknown id in the URL path is 404.

**Limits.** Bodies up to 8 MiB (413 beyond), batches of 1 to 100 scenarios, inline weather text up to 6,291,456 characters, Monte Carlo draws from 1 to 100,000 (422 `limit_exceeded` beyond), and a time budget per request (30 s by default; 503 `timeout` beyond).",
        license(name = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "projects", description = "Documented projects: facts, values and sources"),
        (name = "models", description = "Models and their parameters"),
        (name = "estimates", description = "What-if scenarios"),
        (name = "sheets", description = "Impact sheets: one readable, cited page in HTML, Markdown or PDF"),
        (name = "units", description = "Accepted units, conversions and the units playground"),
        (name = "datasets", description = "Reference datasets: grid emission factors, GWP sets"),
        (name = "service", description = "Health, readiness and metrics"),
    ),
    components(schemas(Problem, ErrorCode, crate::scenario::request::UncertaintyInput)),
)]
struct ApiDoc;

/// The document of the service, as served at `/openapi.json` and committed in
/// `openapi/openapi.json`.
pub fn spec() -> Spec {
    let (_, mut spec) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    add_error_responses(&mut spec);
    spec
}

/// The document as pretty JSON with a final newline (the committed file's form).
pub fn spec_json() -> String {
    let mut text = spec()
        .to_pretty_json()
        .expect("the OpenAPI document serializes");
    text.push('\n');
    text
}

/// Shared error responses: (status, component name, description).
const COMMON: [(&str, &str, &str); 5] = [
    (
        "400",
        "BadRequest",
        "The body is not valid JSON (`malformed_json`) or the request cannot be read (`bad_request`)",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The body exceeds the 8 MiB limit (`payload_too_large`)",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not sent as `application/json` (`unsupported_media_type`)",
    ),
    (
        "422",
        "UnprocessableContent",
        "The JSON does not match the schema: a wrong type, an unknown or a missing field (`invalid_body`)",
    ),
    (
        "500",
        "InternalError",
        "A bug in the service (`internal_error`); the detail reveals nothing of its internals",
    ),
];

fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

/// Adds 500 to every operation, and 400, 413, 415 and 422 to those with a request body,
/// where the operation does not document them itself.
fn add_error_responses(spec: &mut Spec) {
    let components = spec.components.get_or_insert_with(Components::new);
    for (_, name, description) in COMMON {
        components
            .responses
            .insert(name.to_string(), RefOr::T(problem_response(description)));
    }
    for item in spec.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            add_to(op);
        }
    }
}

fn add_to(op: &mut Operation) {
    let has_body = op.request_body.is_some();
    for (status, name, _) in COMMON {
        let applies = status == "500" || has_body;
        if applies && !op.responses.responses.contains_key(status) {
            op.responses.responses.insert(
                status.to_string(),
                RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_documents_its_error_statuses() {
        let spec = spec();
        let mut seen = 0;
        for (path, item) in spec.paths.paths.iter() {
            for op in [&item.get, &item.post].into_iter().flatten() {
                seen += 1;
                let statuses: Vec<&String> = op.responses.responses.keys().collect();
                assert!(statuses.iter().any(|s| *s == "200"), "{path}: {statuses:?}");
                assert!(statuses.iter().any(|s| *s == "500"), "{path}: {statuses:?}");
                if op.request_body.is_some() {
                    for s in ["400", "413", "415", "422"] {
                        assert!(statuses.iter().any(|x| *x == s), "{path}: {statuses:?}");
                    }
                }
                if path.contains('{') {
                    assert!(statuses.iter().any(|s| *s == "404"), "{path}: {statuses:?}");
                }
            }
        }
        assert_eq!(seen, 17);
    }

    #[test]
    fn the_document_is_openapi_3_1() {
        let v: serde_json::Value = serde_json::from_str(&spec_json()).unwrap();
        assert_eq!(v["openapi"], "3.1.0");
    }
}
