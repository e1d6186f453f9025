//! Estimates of documented projects as documented: answered from the memo with a strong
//! `ETag` and `Cache-Control`, identical to a fresh computation; anything changed is computed
//! and carries neither.

use crate::helpers::spawn_app;

/// POSTs a JSON body; returns status, ETag, Cache-Control and the body.
fn post(body: &str) -> (u16, Option<String>, Option<String>, serde_json::Value) {
    let app = spawn_app();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut resp = agent
        .post(format!("{}/v1/estimates", app.base))
        .header("content-type", "application/json")
        .send(body)
        .expect("request");
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, cache) = (header("etag"), header("cache-control"));
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    (status, etag, cache, serde_json::from_str(&text).unwrap())
}

#[test]
fn documented_projects_as_documented_are_memoised_with_an_etag() {
    let (s1, e1, c1, b1) = post(r#"{"project": "badung-compost", "options": {"gwp": "ar6"}}"#);
    // The same request written differently (spacing, field order) is the same request.
    let (s2, e2, c2, b2) = post(r#"{"options":{"gwp":"ar6"},"project":"badung-compost"}"#);
    assert_eq!((s1, s2), (200, 200));
    let etag = e1.expect("an ETag");
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() == 34,
        "{etag}"
    );
    assert_eq!(Some(etag), e2);
    assert_eq!(c1.as_deref(), Some("public, max-age=3600"));
    assert_eq!(c1, c2);
    assert_eq!(b1, b2);
    // Another option is another entry, with another tag.
    let (_, e3, _, b3) = post(r#"{"project": "badung-compost", "options": {"gwp": "ar5"}}"#);
    assert_ne!(e3, e2);
    assert_ne!(b3["outcome"], b1["outcome"]);
}

#[test]
fn changed_projects_are_computed_and_not_tagged() {
    let (status, etag, cache, body) =
        post(r#"{"project": "badung-compost", "parameters": {"utilisation": "61 %"}}"#);
    assert_eq!(status, 200);
    assert_eq!((etag, cache), (None, None));
    assert_eq!(body["project"]["id"], "badung-compost");
}
