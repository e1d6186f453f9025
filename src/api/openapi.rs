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

**Saved scenarios.** `POST /v1/scenarios` saves a scenario and answers its id (a content hash: the same scenario always gets the same id), its path in `Location` and, once, a token that deletes it. `GET /v1/scenarios/{id}` reads it back with its creation time and the dataset version it was saved under; `GET` or `POST /v1/scenarios/{id}/estimate` evaluates it, with a notice whenever the dataset version used differs from the saved or the current one.

**Errors.** Every 4xx and 5xx response is an RFC 9457 problem document (`application/problem+json`) with a stable `code` and, per offending field, `errors[]` with a JSON `pointer`, what was `expected` and what was `received`. Malformed JSON is 400; JSON of the wrong shape and values that cannot be used are 422; an unknown id in the URL path is 404.

**Limits.** Bodies up to 8 MiB (413 beyond), batches of 1 to 100 scenarios, inline weather text up to 6,291,456 characters, Monte Carlo draws from 1 to 100,000 (422 `limit_exceeded` beyond), and a time budget per request (30 s by default; 503 `timeout` beyond).",
        license(name = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "projects", description = "Documented projects: facts, values and sources"),
        (name = "models", description = "Models and their parameters"),
        (name = "estimates", description = "What-if scenarios"),
        (name = "sheets", description = "Impact sheets: one readable, cited page in HTML, Markdown or PDF"),
        (name = "scenarios", description = "Saved scenarios: save a scenario, link to it, evaluate it later under the dataset version it was saved under"),
        (name = "units", description = "Accepted units, conversions and the units playground"),
        (name = "datasets", description = "Reference datasets: grid emission factors, GWP sets"),
        (name = "service", description = "Health, readiness and metrics"),
    ),
    components(schemas(
        Problem,
        ErrorCode,
        crate::scenario::request::UncertaintyInput,
        crate::sheets::Format
    )),
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
    add_scenario_links(&mut spec);
    spec
}

/// OpenAPI links from a save to what can be done with the saved scenario, so that clients
/// (and schemathesis' stateful tests) can follow the id and the token.
fn add_scenario_links(spec: &mut Spec) {
    use utoipa::openapi::link::LinkBuilder;
    let Some(op) = spec
        .paths
        .paths
        .get_mut(routes::scenarios::SCENARIOS_PATH)
        .and_then(|item| item.post.as_mut())
    else {
        return;
    };
    for status in ["201", "200"] {
        let Some(RefOr::T(response)) = op.responses.responses.get_mut(status) else {
            continue;
        };
        for (name, operation) in [
            ("get", "get_scenario"),
            ("estimate", "estimate_scenario"),
            ("get_estimate", "get_scenario_estimate"),
        ] {
            response.links.insert(
                name.to_string(),
                RefOr::T(
                    LinkBuilder::new()
                        .operation_id(operation)
                        .parameter("id", "$response.body#/id")
                        .build(),
                ),
            );
        }
        if status == "201" {
            response.links.insert(
                "delete".to_string(),
                RefOr::T(
                    LinkBuilder::new()
                        .operation_id("delete_scenario")
                        .parameter("id", "$response.body#/id")
                        .parameter(
                            format!("header.{}", routes::scenarios::TOKEN_HEADER),
                            "$response.body#/token",
                        )
                        .build(),
                ),
            );
        }
    }
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
            for op in [&item.get, &item.post, &item.delete].into_iter().flatten() {
                seen += 1;
                let statuses: Vec<&String> = op.responses.responses.keys().collect();
                assert!(
                    statuses
                        .iter()
                        .any(|s| ["200", "201", "204"].contains(&s.as_str())),
                    "{path}: {statuses:?}"
                );
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
        assert_eq!(seen, 22);
    }

    #[test]
    fn operation_ids_are_unique_and_saves_link_to_the_saved_scenario() {
        let v: serde_json::Value = serde_json::from_str(&spec_json()).unwrap();
        let mut ids = Vec::new();
        for item in v["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                ids.push(op["operationId"].as_str().unwrap().to_string());
            }
        }
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{ids:?}");
        let links = &v["paths"]["/v1/scenarios"]["post"]["responses"]["201"]["links"];
        for (name, op) in [
            ("get", "get_scenario"),
            ("estimate", "estimate_scenario"),
            ("get_estimate", "get_scenario_estimate"),
            ("delete", "delete_scenario"),
        ] {
            assert_eq!(links[name]["operationId"], op, "{links}");
            assert!(ids.contains(&op.to_string()), "{op}");
        }
        assert_eq!(
            links["delete"]["parameters"]["header.Tanso-Delete-Token"],
            "$response.body#/token"
        );
    }

    /// utoipa names a component after its Rust type and keeps only one of two types with the
    /// same name, so the document would describe one with the other's schema.
    #[test]
    fn schema_names_are_unique() {
        fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    files(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut paths = Vec::new();
        files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut paths,
        );
        let mut names: Vec<(String, String)> = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                    continue;
                }
                let mut renamed = None;
                for next in lines.iter().skip(i + 1).take(6) {
                    let t = next.trim();
                    if let Some(rest) = t.strip_prefix("#[schema(as = ") {
                        renamed = rest.split([')', ',']).next().map(str::to_string);
                    }
                    let decl = t
                        .strip_prefix("pub struct ")
                        .or_else(|| t.strip_prefix("pub enum "));
                    if let Some(decl) = decl {
                        let name: String = decl
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        names.push((renamed.take().unwrap_or(name), path.display().to_string()));
                        break;
                    }
                }
            }
        }
        names.sort();
        for pair in names.windows(2) {
            assert_ne!(
                pair[0].0, pair[1].0,
                "two schemas named {} ({} and {}); rename one with #[schema(as = …)]",
                pair[0].0, pair[0].1, pair[1].1
            );
        }
        assert!(names.len() > 40, "found only {} schemas", names.len());
    }

    #[test]
    fn the_document_is_openapi_3_1() {
        let v: serde_json::Value = serde_json::from_str(&spec_json()).unwrap();
        assert_eq!(v["openapi"], "3.1.0");
    }
}
