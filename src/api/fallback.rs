//! Requests no handler took: 405 with `Allow` when the path exists with other methods, 404
//! otherwise, both as problem documents.
//!
//! actix-web routes `#[get]`/`#[post]` services by method guard, so a wrong method falls
//! through to the default service like an unknown path. The table of paths and methods is
//! taken from the OpenAPI document, which lists exactly the registered operations.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, web};
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::{Operation, PathItem};

use super::AppState;
use super::problem::{ApiError, ErrorCode};

/// Path templates and their methods.
#[derive(Debug, Default, Clone)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<&'static str>)>,
}

impl RouteTable {
    /// Every operation of `spec`, plus the routes served outside it (the spec itself, the
    /// Swagger UI and the what-if page).
    pub fn from_openapi(spec: &OpenApi) -> Self {
        let mut table = RouteTable::default();
        for (path, item) in spec.paths.paths.iter() {
            table.add(path, methods(item));
        }
        table.add("/openapi.json", vec!["GET", "HEAD"]);
        table.add("/docs", vec!["GET", "HEAD"]);
        table.add("/learn", vec!["GET", "HEAD"]);
        table.add("/learn/{page}", vec!["GET", "HEAD"]);
        for route in crate::web::ROUTES {
            table.add(route, vec!["GET", "HEAD"]);
        }
        for route in crate::web::POST_ROUTES {
            table.add(route, vec!["POST"]);
        }
        table
    }

    fn add(&mut self, template: &str, methods: Vec<&'static str>) {
        let segments = template.split('/').map(str::to_string).collect();
        self.routes.push((segments, methods));
    }

    /// The methods allowed on `path`, if it matches a route.
    pub fn allowed(&self, path: &str) -> Option<Vec<&'static str>> {
        if path == "/docs" || path.starts_with("/docs/") {
            return Some(vec!["GET", "HEAD"]);
        }
        let given: Vec<&str> = path.split('/').collect();
        let mut found: Option<Vec<&'static str>> = None;
        for (template, methods) in &self.routes {
            let matches = template.len() == given.len()
                && template.iter().zip(&given).all(|(t, g)| {
                    (t.starts_with('{') && t.ends_with('}') && !g.is_empty()) || t == g
                });
            if matches {
                let list = found.get_or_insert_with(Vec::new);
                for m in methods {
                    if !list.contains(m) {
                        list.push(m);
                    }
                }
            }
        }
        found
    }
}

fn methods(item: &PathItem) -> Vec<&'static str> {
    let ops: [(&'static str, &Option<Operation>); 8] = [
        ("GET", &item.get),
        ("PUT", &item.put),
        ("POST", &item.post),
        ("DELETE", &item.delete),
        ("OPTIONS", &item.options),
        ("HEAD", &item.head),
        ("PATCH", &item.patch),
        ("TRACE", &item.trace),
    ];
    let mut list: Vec<&'static str> = ops
        .iter()
        .filter(|(_, op)| op.is_some())
        .map(|(m, _)| *m)
        .collect();
    // HEAD is answered wherever GET is (see `edges`).
    if list.contains(&"GET") && !list.contains(&"HEAD") {
        list.push("HEAD");
    }
    list
}

/// The default service.
pub async fn fallback(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<actix_web::HttpResponse, ApiError> {
    let path = req.path();
    match state.routes.allowed(path) {
        Some(methods) => {
            let allow = methods.join(", ");
            Err(ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                format!(
                    "{} is not allowed on {path}; allowed: {allow}",
                    req.method()
                ),
            )
            .field(
                "",
                format!("{} is not a method of {path}", req.method()),
                Some(format!("one of {allow}")),
                Some(req.method().to_string()),
            )
            .header(header::ALLOW, &allow)
            .at(path))
        }
        None => Err(ApiError::not_found(path).at(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_one_segment_per_parameter() {
        let mut t = RouteTable::default();
        t.add("/v1/projects", vec!["GET"]);
        t.add("/v1/projects/{id}", vec!["GET"]);
        t.add("/v1/estimates", vec!["POST"]);
        assert_eq!(t.allowed("/v1/projects/renca-solar"), Some(vec!["GET"]));
        assert_eq!(t.allowed("/v1/estimates"), Some(vec!["POST"]));
        assert_eq!(t.allowed("/v1/projects/a/b"), None);
        assert_eq!(t.allowed("/v1/projects/"), None);
        assert_eq!(t.allowed("/v2/projects"), None);
    }
}
