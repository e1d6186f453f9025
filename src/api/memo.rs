//! A memo of the estimates of documented projects as documented.
//!
//! An estimate is a pure function of the dataset and the request, so a request that names a
//! documented project and changes none of its parameters nor brings weather (the options may
//! differ: crediting dates, GWP set, grid factor, a seeded Monte Carlo) is answered from its
//! serialised response, keyed by the dataset version and the request in canonical form (its
//! typed value serialised again, so spacing and field order do not matter). The response
//! carries a strong `ETag` (a hash of the body) and `Cache-Control`, so clients can cache it
//! too. The memo is bounded: when full it starts again empty. The service stays stateless in
//! every way a client can see.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::Bytes;
use sha2::{Digest, Sha256};

use crate::catalog::Catalog;
use crate::scenario::request::ProjectRef;
use crate::scenario::{Estimate, ScenarioRequest};

/// Responses kept at most, and the largest response kept.
const ENTRIES: usize = 256;
const MAX_BODY: usize = 1 << 20;
/// How long clients may reuse a response without asking again.
pub const CACHE_CONTROL: &str = "public, max-age=3600";

/// A serialised estimate and its entity tag.
pub struct Memo {
    body: Bytes,
    etag: String,
}

static MEMO: LazyLock<Mutex<HashMap<String, Arc<Memo>>>> = LazyLock::new(Default::default);

fn memo() -> std::sync::MutexGuard<'static, HashMap<String, Arc<Memo>>> {
    MEMO.lock().unwrap_or_else(|p| p.into_inner())
}

/// The memo key of a request about a documented project as documented, or `None`.
pub fn key(catalog: &Catalog, req: &ScenarioRequest) -> Option<String> {
    let documented = matches!(req.project, ProjectRef::Id(_))
        && req.parameters.is_empty()
        && req.options.weather.is_none();
    if !documented {
        return None;
    }
    let canonical = serde_json::to_string(req).ok()?;
    Some(format!("{}\n{canonical}", catalog.version))
}

/// The memoised response under `key`, if any.
pub fn get(key: &str) -> Option<Arc<Memo>> {
    memo().get(key).cloned()
}

/// Serialises `estimate`, keeps it under `key` (unless it is very large) and returns it.
pub fn put(key: String, estimate: &Estimate) -> Result<Arc<Memo>, serde_json::Error> {
    let body = serde_json::to_vec(estimate)?;
    let digest = Sha256::digest(&body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    let m = Arc::new(Memo {
        body: Bytes::from(body),
        etag: format!("\"{hex}\""),
    });
    if m.body.len() <= MAX_BODY {
        let mut memo = memo();
        if memo.len() >= ENTRIES {
            memo.clear();
        }
        memo.insert(key, m.clone());
    }
    Ok(m)
}

/// The 200 response of a memoised estimate.
pub fn respond(m: &Memo) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(mime_json())
        .insert_header((header::ETAG, m.etag.as_str()))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
        .body(m.body.clone())
}

fn mime_json() -> actix_web::http::header::ContentType {
    actix_web::http::header::ContentType::json()
}
