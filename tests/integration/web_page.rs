//! The what-if page over HTTP (no browser): every project and model is served, the page's
//! numbers and messages are the API's, the URL is canonical, downloads match the API.

use serde_json::json;
use tanso::catalog::Catalog;
use tanso::units::format_readable;

use crate::helpers::{Reply, TestApp, spawn_app};

/// GET, following the page's redirects to its canonical URL; returns the reply and the URL.
fn open(app: &TestApp, path: &str) -> (Reply, String) {
    let mut path = path.to_string();
    for _ in 0..3 {
        let r = app.call("GET", &path, None, None);
        if r.status == 303 {
            path = r.location.clone().expect("a redirect names its target");
            continue;
        }
        return (r, path);
    }
    panic!("more than three redirects from {path}");
}

/// The `value` of the `<data id="…">` element.
fn data_value(html: &str, id: &str) -> Option<f64> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let start = html[..at].rfind('<')?;
    let tag = &html[start..start + html[start..].find('>')?];
    let v = tag.split("value=\"").nth(1)?.split('"').next()?;
    v.parse().ok()
}

fn api_estimate(app: &TestApp, body: serde_json::Value) -> serde_json::Value {
    let r = app.post_json("/v1/estimates", &body);
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

fn catalog() -> Catalog {
    Catalog::embedded().unwrap()
}

#[test]
fn the_picker_lists_every_project_and_model() {
    let app = spawn_app();
    let r = app.call("GET", "/", None, None);
    assert_eq!(r.status, 200);
    assert!(
        r.content_type.starts_with("text/html"),
        "{}",
        r.content_type
    );
    let c = catalog();
    for s in &c.seeds {
        assert!(r.text.contains(&format!("/?project={}", s.id)), "{}", s.id);
    }
    for m in tanso::models::registry::ids() {
        assert!(r.text.contains(&format!("/?model={m}")), "{m}");
    }
    assert!(!r.text.contains("https://cdn"), "no CDN");
    assert!(r.text.contains("src=\"/assets/htmx.min.js\""));
}

#[test]
fn every_project_page_shows_the_api_figures() {
    let app = spawn_app();
    for s in &catalog().seeds {
        let (r, url) = open(app, &format!("/?project={}", s.id));
        assert_eq!(r.status, 200, "{}: {}", s.id, r.text);
        assert!(url.contains(&format!("v={}", catalog().version)), "{url}");
        let api = api_estimate(
            app,
            json!({"project": s.id, "options": {"uncertainty": {"draws": 1000, "seed": 42}}}),
        );
        let headline = &api["outcome"]["headline"];
        let main = headline
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["role"] == "emission_reduction")
            .unwrap_or(&headline[0]);
        let page = data_value(&r.text, "headline-value").expect("a headline value");
        let expected = main["value"]["value"].as_f64().unwrap();
        assert!(
            (page - expected).abs() <= 1e-9 * expected.abs(),
            "{}: page {page}, API {expected}",
            s.id
        );
        let shown = format!(
            "{} {}",
            format_readable(expected, 4),
            main["value"]["unit"].as_str().unwrap()
        );
        assert!(r.text.contains(&shown), "{}: {shown} not on the page", s.id);
        let mc = api["uncertainty"]["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["key"] == main["key"])
            .unwrap();
        // The same draws give the same percentiles (up to serde_json's float parsing, which
        // is not correctly rounded without its float_roundtrip feature).
        for p in ["p10", "p90"] {
            let (page, api) = (data_value(&r.text, p).unwrap(), mc[p].as_f64().unwrap());
            assert!(
                (page - api).abs() <= 1e-12 * api.abs(),
                "{} {p}: {page} vs {api}",
                s.id
            );
        }
    }
}

#[test]
fn a_wrong_dimension_gets_the_api_message_next_to_the_field() {
    let app = spawn_app();
    let (r, _) = open(app, "/?project=renca-solar&p.capacity=3%20MWh");
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.content_type.starts_with("text/html"),
        "{}",
        r.content_type
    );
    let api = app.post_json(
        "/v1/estimates",
        &json!({"project": "renca-solar", "parameters": {"capacity": "3 MWh"}}),
    );
    assert_eq!(api.status, 422);
    let e = &api.body["errors"][0];
    let at = r
        .text
        .find("id=\"e-f-p-capacity\"")
        .expect("a message by the field");
    let block = &r.text[at..at + r.text[at..].find("</div>").unwrap()];
    for part in ["message", "expected", "received"] {
        let text = e[part].as_str().unwrap().replace('"', "&quot;");
        assert!(block.contains(&text), "{part} {text:?} not in {block}");
    }
    assert!(r.text.contains("aria-invalid=\"true\""));
    // Out of range too.
    let (r, _) = open(app, "/?project=renca-solar&p.capacity=900%20MW");
    assert_eq!(r.status, 422);
    assert!(r.text.contains("is out of range"), "{}", r.text);
}

#[test]
fn the_url_is_canonical() {
    let app = spawn_app();
    let v = catalog().version;
    let r = app.call(
        "GET",
        "/?project=renca-solar&p.capacity=2000%20kW&p.tilt=20%20deg&gwp=ar5&draws=1000&grid=series",
        None,
        None,
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/?project=renca-solar&v={v}&p.tilt=20+deg").as_str())
    );
    // The canonical URL is served as it is.
    let r2 = app.call("GET", r.location.as_deref().unwrap(), None, None);
    assert_eq!(r2.status, 200);
    // A link made with another dataset says so and keeps its version.
    let (r3, url) = open(app, "/?project=badung-compost&v=data-0000");
    assert!(url.contains("v=data-0000"));
    assert!(r3.text.contains("This link was made with dataset"));
}

#[test]
fn kept_scenarios_are_compared_with_the_first() {
    let app = spawn_app();
    let r = app.call(
        "GET",
        "/?project=renca-solar&p.capacity=3%20MW&draws=0&do=keep",
        None,
        None,
    );
    assert_eq!(r.status, 303);
    let kept = r.location.unwrap();
    assert!(kept.contains("keep="), "{kept}");
    // Edit the current scenario: 4 MW, compared with the kept 3 MW.
    let edited = kept.replace("p.capacity=3+MW", "p.capacity=4+MW");
    let (r, _) = open(app, &edited);
    assert_eq!(r.status, 200, "{}", r.text);
    let table = &r.text[r
        .text
        .find("id=\"comparison-table\"")
        .expect("a comparison")..];
    assert!(table.contains("B − A"), "a difference column");
    assert!(
        table.contains("(+33.3 %)"),
        "4 MW is a third more than 3 MW"
    );
}

#[test]
fn downloads_are_the_api_estimate_and_its_crediting_years() {
    let app = spawn_app();
    let q = "project=badung-compost&p.utilisation=60%20%25&draws=0";
    let r = app.call("GET", &format!("/scenario.json?{q}"), None, None);
    assert_eq!(r.status, 200, "{}", r.text);
    let api = api_estimate(
        app,
        json!({"project": "badung-compost", "parameters": {"utilisation": "60 %"}}),
    );
    assert_eq!(r.body["outcome"], api["outcome"]);
    let csv = app.call("GET", &format!("/scenario.csv?{q}"), None, None);
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    let rows = csv.text.trim_end().lines().count();
    assert_eq!(
        rows,
        api["outcome"]["crediting"]["rows"]
            .as_array()
            .unwrap()
            .len()
            + 1
    );
    let bad = app.call("GET", "/scenario.json?project=nope", None, None);
    crate::helpers::assert_problem(&bad, 422, "unknown_project");
}

#[test]
fn sheets_of_the_scenario_and_of_the_comparison() {
    let app = spawn_app();
    let (page, _) = open(app, "/?project=renca-solar&p.capacity=3%20MW&draws=0");
    assert!(
        page.text
            .contains("href=\"/sheet/html?project=renca-solar&amp;p.capacity=3+MW")
    );
    let html = app.call(
        "GET",
        "/sheet/html?project=renca-solar&p.capacity=3%20MW&draws=0",
        None,
        None,
    );
    assert_eq!(html.status, 200, "{}", html.text);
    assert!(html.content_type.starts_with("text/html"));
    let api = api_estimate(
        app,
        json!({"project": "renca-solar", "parameters": {"capacity": "3 MW"}}),
    );
    let er = api["outcome"]["headline"][0]["value"]["value"]
        .as_f64()
        .unwrap();
    assert!(
        html.text.contains(&format_readable(er, 3)),
        "the sheet shows {er}"
    );
    // With a kept scenario: the comparison sheet of both.
    let md = app.call(
        "GET",
        "/sheet/md?project=renca-solar&p.capacity=4%20MW&draws=0\
         &keep=project%3Drenca-solar%26p.capacity%3D3%2BMW%26draws%3D0",
        None,
        None,
    );
    assert_eq!(md.status, 200, "{}", md.text);
    assert!(
        md.text.contains("DC nameplate capacity 3 MW")
            && md.text.contains("DC nameplate capacity 4 MW")
    );
    let bad = app.call("GET", "/sheet/docx?project=renca-solar", None, None);
    crate::helpers::assert_problem(&bad, 404, "not_found");
}

#[test]
fn a_new_project_starts_from_any_model() {
    let app = spawn_app();
    for m in tanso::models::registry::ids() {
        let (r, _) = open(app, &format!("/?model={m}"));
        assert_eq!(r.status, 200, "{m}: {}", r.text);
        assert!(r.text.contains("Fill in the site"), "{m}");
    }
    // Given, its values are checked like an inline project of the API.
    let (r, _) = open(
        app,
        "/?model=solar-pv&start=2025-01-01&end=2034-12-31&site.latitude=-33.4%20deg",
    );
    assert_eq!(r.status, 422);
    assert!(r.text.contains("id=\"e-f-site-longitude\""), "{}", r.text);
}

#[test]
fn assets_are_embedded_and_other_methods_refused() {
    let app = spawn_app();
    let css = app.call("GET", "/assets/style.css", None, None);
    assert_eq!(css.status, 200);
    assert!(css.content_type.starts_with("text/css"));
    let js = app.call("GET", "/assets/htmx.min.js", None, None);
    assert!(js.text.starts_with("var htmx="));
    let licences = app.call("GET", "/assets/licences", None, None);
    assert!(licences.text.contains("0BSD"));
    let missing = app.call("GET", "/assets/nope.js", None, None);
    crate::helpers::assert_problem(&missing, 404, "not_found");
    let post = app.call("POST", "/", None, None);
    crate::helpers::assert_problem(&post, 405, "method_not_allowed");
    assert_eq!(post.allow.as_deref(), Some("GET, HEAD"));
}

/// The `value` attribute of the element with this id, unescaped.
fn attr_value(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let start = html[..at].rfind('<')?;
    let tag = &html[start..start + html[start..].find('>')?];
    let v = tag.split(" value=\"").nth(1)?.split('"').next()?;
    Some(unescape(v))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Submits the page's "Save this scenario" form as a browser would (without JavaScript).
fn submit_save(app: &TestApp, page: &str) -> Reply {
    assert!(
        page.contains("<form class=\"save\" method=\"post\" action=\"/save\""),
        "a save form"
    );
    let at = page
        .find("name=\"scenario\" value=\"")
        .expect("the scenario field");
    let value = unescape(page[at..].split('"').nth(3).unwrap());
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("scenario", &value)
        .finish();
    app.call(
        "POST",
        "/save",
        Some("application/x-www-form-urlencoded"),
        Some(body.into_bytes()),
    )
}

/// The receipt cookie of a save's redirect, as the `Cookie` header sends it back.
fn receipt_cookie(r: &Reply) -> String {
    let c = r
        .set_cookie
        .iter()
        .find(|c| c.starts_with("tanso-saved="))
        .unwrap_or_else(|| panic!("no receipt cookie in {:?}", r.set_cookie));
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(c.contains(attr), "{attr} missing: {c}");
    }
    c.split(';').next().unwrap().to_string()
}

#[test]
fn saving_from_the_page_gives_its_links_and_the_delete_token_once() {
    let app = spawn_app();
    // A scenario no other test saves (it is deleted at the end).
    let (page, _) = open(
        app,
        "/?project=renca-solar&p.capacity=3.3%20MW&grid=constant&grid_constant=0.21%20tCO2e%2FMWh&seed=11",
    );
    assert_eq!(page.status, 200, "{}", page.text);
    let r = submit_save(app, &page.text);
    assert_eq!(r.status, 303, "{}", r.text);
    let location = r.location.clone().unwrap();
    let id = location
        .strip_prefix("/?saved=")
        .expect("/?saved=ID")
        .to_string();
    assert!(id.starts_with("sc-") && id.len() == 35, "{id}");
    let cookie = receipt_cookie(&r);
    let token = cookie.split_once(':').map(|(_, t)| t.to_string()).unwrap();
    assert!(token.starts_with("dt-"), "{cookie}");
    assert!(!location.contains("dt-"), "the token never sits in a URL");

    // Following the redirect with the cookie: the notice, its links and the token.
    let saved = app.call_with("GET", &location, &[("cookie", &cookie)], None, None);
    assert_eq!(saved.status, 200, "{}", saved.text);
    assert!(saved.text.contains("Scenario saved"));
    for link in [
        format!("href=\"/v1/scenarios/{id}\""),
        format!("href=\"/v1/scenarios/{id}/estimate\""),
        format!("href=\"/?saved={id}\""),
    ] {
        assert!(saved.text.contains(&link), "{link} missing");
    }
    assert_eq!(
        attr_value(&saved.text, "delete-token").as_deref(),
        Some(token.as_str())
    );
    assert!(saved.text.contains("not the token in readable form"));
    assert!(
        saved
            .set_cookie
            .iter()
            .any(|c| c.starts_with("tanso-saved=;") && c.contains("Max-Age=0")),
        "the receipt is cleared: {:?}",
        saved.set_cookie
    );
    // The changed parameter and option came back into their fields.
    assert_eq!(
        attr_value(&saved.text, "f-p-capacity").as_deref(),
        Some("3.3 MW")
    );
    assert_eq!(
        attr_value(&saved.text, "f-grid-constant").as_deref(),
        Some("0.21 tCO2e/MWh")
    );
    // The page's numbers are the saved scenario's estimate, as the API computes it.
    let api = app.call("GET", &format!("/v1/scenarios/{id}/estimate"), None, None);
    assert_eq!(api.status, 200, "{}", api.text);
    let headline = &api.body["estimate"]["outcome"]["headline"];
    let main = headline
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["role"] == "emission_reduction")
        .unwrap();
    assert_eq!(
        data_value(&saved.text, "headline-value"),
        main["value"]["value"].as_f64()
    );
    let stored = app.get(&format!("/v1/scenarios/{id}")).1;
    assert_eq!(stored["scenario"]["parameters"]["capacity"], "3.3 MW");
    assert_eq!(stored["scenario"]["options"]["uncertainty"]["seed"], 11);

    // Opened again, as a colleague would: the same scenario, no token.
    let again = app.call("GET", &location, None, None);
    assert_eq!(again.status, 200);
    assert!(!again.text.contains(&token) && !again.text.contains("id=\"delete-token\""));
    assert_eq!(
        attr_value(&again.text, "f-p-capacity").as_deref(),
        Some("3.3 MW")
    );
    // A receipt for another id shows nothing.
    let other = app.call_with(
        "GET",
        &location,
        &[(
            "cookie",
            &format!("tanso-saved=sc-00000000000000000000000000000000:{token}"),
        )],
        None,
        None,
    );
    assert!(!other.text.contains(&token));

    // The token is the real one: it deletes the scenario, after which the link is a 404.
    let mut req = ureq::http::Request::builder()
        .method("DELETE")
        .uri(format!("{}/v1/scenarios/{id}", app.base));
    req = req.header("Tanso-Delete-Token", &token);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let deleted = agent.run(req.body(()).unwrap()).unwrap();
    assert_eq!(deleted.status().as_u16(), 204);
    let gone = app.call("GET", &location, None, None);
    assert_eq!(gone.status, 404);
}

#[test]
fn saving_twice_gives_the_same_id_as_the_api_and_says_already_saved() {
    let app = spawn_app();
    let (page, _) = open(app, "/?project=renca-solar&p.capacity=2.7%20MW&draws=0");
    let first = submit_save(app, &page.text);
    let second = submit_save(app, &page.text);
    assert_eq!((first.status, second.status), (303, 303));
    assert_eq!(
        first.location, second.location,
        "the same content, the same id"
    );
    let cookie = receipt_cookie(&second);
    assert!(cookie.ends_with(":existing"), "{cookie}");
    let r = app.call_with(
        "GET",
        second.location.as_deref().unwrap(),
        &[("cookie", &cookie)],
        None,
        None,
    );
    assert_eq!(r.status, 200);
    assert!(r.text.contains("Already saved"), "{}", r.text);
    assert!(!r.text.contains("id=\"delete-token\""));
    // Saved exactly as POST /v1/scenarios saves the same scenario.
    let api = app.post_json(
        "/v1/scenarios",
        &json!({"project": "renca-solar", "parameters": {"capacity": "2.7 MW"}}),
    );
    assert_eq!(api.status, 200, "already saved: {}", api.text);
    assert_eq!(
        first.location.unwrap(),
        format!("/?saved={}", api.body["id"].as_str().unwrap())
    );
}

#[test]
fn an_unknown_saved_id_is_a_readable_404_page() {
    let app = spawn_app();
    for id in ["sc-0123456789abcdef0123456789abcdef", "not-an-id"] {
        let r = app.call("GET", &format!("/?saved={id}"), None, None);
        assert_eq!(r.status, 404, "{id}: {}", r.text);
        assert!(
            r.content_type.starts_with("text/html"),
            "{}",
            r.content_type
        );
        assert!(
            r.text.contains("This saved scenario cannot be opened"),
            "{id}"
        );
        assert!(
            r.text
                .contains(&format!("no saved scenario has the id &quot;{id}&quot;")),
            "{id}: {}",
            r.text
        );
        // The sheet of it is the API's problem.
        let sheet = app.call("GET", &format!("/sheet/html?saved={id}"), None, None);
        crate::helpers::assert_problem(&sheet, 404, "unknown_scenario");
    }
    // Other keys beside `saved` are dropped: the saved scenario is the whole view.
    let r = app.call(
        "GET",
        "/?saved=sc-0123456789abcdef0123456789abcdef&project=renca-solar",
        None,
        None,
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location.as_deref(),
        Some("/?saved=sc-0123456789abcdef0123456789abcdef")
    );
}

#[test]
fn the_sheet_of_a_saved_scenario_names_it_and_links_to_it() {
    let app = spawn_app();
    let (page, _) = open(
        app,
        "/?project=badung-compost&p.utilisation=70%20%25&draws=0",
    );
    let r = submit_save(app, &page.text);
    let location = r.location.unwrap();
    let id = location.strip_prefix("/?saved=").unwrap();
    let saved = app.call("GET", &location, None, None);
    assert!(
        saved
            .text
            .contains(&format!("href=\"/sheet/html?saved={id}\"")),
        "the page links to the saved scenario's sheet"
    );
    let permanent = format!("{}/v1/scenarios/{id}", app.base);
    let v = catalog().version;
    let html = app.call("GET", &format!("/sheet/html?saved={id}"), None, None);
    assert_eq!(html.status, 200, "{}", html.text);
    assert!(
        html.text.contains("<dt>Saved scenario</dt>"),
        "{}",
        html.text
    );
    assert!(html.text.contains(&format!("<strong>{id}</strong>")));
    assert!(
        html.text
            .contains(&format!("<a href=\"{permanent}\">{permanent}</a>"))
    );
    assert!(
        html.text
            .contains(&format!("saved under dataset version {v}"))
    );
    let md = app.call("GET", &format!("/sheet/md?saved={id}"), None, None);
    assert_eq!(md.status, 200);
    assert!(
        md.text.contains(&format!("[{permanent}](<{permanent}>)")),
        "{}",
        md.text
    );
    // A sheet of the same numbers that is not asked for by its id does not claim to be saved.
    let plain = app.call(
        "GET",
        "/sheet/html?project=badung-compost&p.utilisation=70%20%25&draws=0",
        None,
        None,
    );
    assert!(!plain.text.contains("Saved scenario"));
}

/// A store that is down: every call fails as an unreachable database does.
struct DownStore;

impl tanso::store::Store for DownStore {
    fn backend(&self) -> tanso::store::Backend {
        tanso::store::Backend::Sqlite
    }
    fn location(&self) -> &str {
        "nowhere"
    }
    fn save(
        &self,
        _: &tanso::store::NewScenario,
    ) -> Result<tanso::store::Saved, tanso::store::StoreError> {
        Err(tanso::store::StoreError::unavailable(
            "test: the database is down",
        ))
    }
    fn get(
        &self,
        _: &tanso::store::ScenarioId,
    ) -> Result<Option<tanso::store::Record>, tanso::store::StoreError> {
        Err(tanso::store::StoreError::unavailable(
            "test: the database is down",
        ))
    }
    fn delete(
        &self,
        _: &tanso::store::ScenarioId,
        _: &tanso::store::TokenHash,
    ) -> Result<tanso::store::Deleted, tanso::store::StoreError> {
        Err(tanso::store::StoreError::unavailable(
            "test: the database is down",
        ))
    }
    fn ping(&self) -> Result<(), tanso::store::StoreError> {
        Err(tanso::store::StoreError::unavailable(
            "test: the database is down",
        ))
    }
}

#[test]
fn a_save_that_fails_says_why_on_the_page() {
    let app = spawn_app();
    // Invalid input: the API's message, status 422, nothing saved.
    let body = "scenario=project%3Drenca-solar%26p.capacity%3D3%2BMWh";
    let r = app.call(
        "POST",
        "/save",
        Some("application/x-www-form-urlencoded"),
        Some(body.into()),
    );
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(r.content_type.starts_with("text/html"));
    assert!(r.text.contains("This scenario was not saved"));
    assert!(r.text.contains("expected a power"), "{}", r.text);
    // No scenario in the form: 400, in words.
    let r = app.call(
        "POST",
        "/save",
        Some("application/x-www-form-urlencoded"),
        Some(b"nothing=here".to_vec()),
    );
    assert_eq!(r.status, 400);
    assert!(r.text.contains("the save form carried no scenario"));
    // The form is POST only.
    let r = app.call("GET", "/save", None, None);
    crate::helpers::assert_problem(&r, 405, "method_not_allowed");
    assert_eq!(r.allow.as_deref(), Some("POST"));
    // The store down: 503, in words, the page still showing the scenario.
    let down = crate::helpers::start_with_store(std::sync::Arc::new(DownStore), catalog(), vec![]);
    let r = down.call(
        "POST",
        "/save",
        Some("application/x-www-form-urlencoded"),
        Some(b"scenario=project%3Drenca-solar%26draws%3D0".to_vec()),
    );
    assert_eq!(r.status, 503, "{}", r.text);
    assert!(
        r.text.contains("the scenario store cannot be reached"),
        "{}",
        r.text
    );
    assert!(
        r.text.contains("id=\"headline-value\""),
        "the scenario is still shown"
    );
    let r = down.call(
        "GET",
        "/?saved=sc-0123456789abcdef0123456789abcdef",
        None,
        None,
    );
    assert_eq!(r.status, 503);
    assert!(r.text.contains("the scenario store cannot be reached"));
}
