//! The committed catalogue of bad inputs, `tests/bad_inputs.toml`: numbers and units, JSON
//! shapes, transport, batches, uncertainty, options, each model's parameters, weather files,
//! paths and methods, the units endpoints, the command line and `tanso data check`.
//!
//! Each case is sent the way a careless user or a hostile client would and must be answered
//! precisely: the status (or exit code), the problem's code, and a message that names the
//! field. Every problem must also carry, for each offending field, a `pointer`, what was
//! `expected` and what was `received`, and stay small whatever was sent. Adding a case is
//! adding a table to the file; this runner only knows the kinds of case.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::Value;

use crate::helpers::{spawn_app, spawn_tight_app};

/// Largest problem document accepted, whatever the request: echoes are bounded.
const MAX_PROBLEM_BYTES: usize = 16 << 10;

#[derive(Deserialize)]
struct Catalogue {
    case: Vec<Case>,
}

/// One bad input and how it must be answered. See the head of `tests/bad_inputs.toml`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    area: String,
    // --- HTTP
    #[serde(default)]
    server: Option<String>,
    method: Option<String>,
    path: Option<String>,
    content_type: Option<String>,
    body: Option<String>,
    /// `(text, n)`: the marker PAD in the path and the body becomes the text n times.
    pad: Option<(String, usize)>,
    /// Bytes of padding appended to the path as a query.
    uri_pad: Option<usize>,
    /// Extra header fields: `count` fields of `bytes` bytes each.
    header_pad: Option<(usize, usize)>,
    /// Announce this Content-Length, then send only the body and wait.
    announce: Option<usize>,
    /// Hourly weather built from the committed typical year, put into `options.weather`.
    weather: Option<Weather>,
    /// A batch item to check instead of the whole response (which must be 200).
    item: Option<usize>,
    // --- command line
    cli: Option<Vec<String>>,
    /// Edits to a copy of the catalog, then `tanso data check` on it.
    data: Option<Vec<Edit>>,
    // --- what must come back
    status: u16,
    code: Option<String>,
    pointer: Option<String>,
    /// Text the message must contain to name the field (default: the pointer's last part).
    names: Option<String>,
    /// Further text the message must contain.
    contains: Option<String>,
    /// For an accepted request: text one of its warnings must contain.
    warning: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Weather {
    /// Inline CSV text instead of the typical year.
    csv: Option<String>,
    /// Inline EPW text.
    epw: Option<String>,
    /// Move GHI this many hours later.
    shift_ghi: Option<i64>,
    /// `[period_end, column, value]`: set one cell.
    #[serde(default)]
    set: Vec<(String, String, String)>,
    /// `[column, value]`: set a column on every row.
    #[serde(default)]
    set_all: Vec<(String, String)>,
    /// Add DNI and DHI columns as these multiples of GHI.
    beam: Option<(f64, f64)>,
    /// Keep only the first rows.
    rows: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    /// Replace the file with this text ("" empties it).
    write: Option<String>,
    /// Append this text.
    append: Option<String>,
    /// Make the file this many bytes of TOML comment.
    size: Option<usize>,
    /// Append `(text, n)`: the text n times, `{i}` replaced by 0, 1, 2 ...
    repeat: Option<(String, usize)>,
}

fn catalogue() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs.toml");
    let text = std::fs::read_to_string(&path).expect("tests/bad_inputs.toml");
    let c: Catalogue = toml::from_str(&text).unwrap_or_else(|e| panic!("bad_inputs.toml: {e}"));
    c.case
}

/// A response as read off the socket.
struct Raw {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
    took: Duration,
}

/// Sends `head` + `body` over a fresh connection and reads the whole response. With
/// `hold`, the connection stays open for writing (a client that promised more bytes).
fn exchange(base: &str, head: &[u8], body: &[u8], hold: bool) -> Raw {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let start = Instant::now();
    s.write_all(head).unwrap();
    // The server may answer (and close) before reading all of a large body.
    let _ = s.write_all(body);
    if !hold {
        let _ = s.shutdown(std::net::Shutdown::Write);
    }
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let took = start.elapsed();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(&buf)));
    let head_text = String::from_utf8_lossy(&buf[..split]).to_string();
    let mut lines = head_text.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = buf[split + 4..].to_vec();
    if headers
        .get("transfer-encoding")
        .is_some_and(|t| t.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Raw {
        status,
        headers,
        body,
        took,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&b[start..(start + size).min(b.len())]);
        b = &b[(start + size + 2).min(b.len())..];
    }
    out
}

/// The committed typical year, edited as the case says, as CSV text.
fn weather_text(w: &Weather) -> (String, &'static str) {
    if let Some(t) = &w.epw {
        return (t.replace("\\n", "\n"), "epw");
    }
    if let Some(t) = &w.csv {
        return (t.replace("\\n", "\n"), "csv");
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/santiago_climatology.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut meta = Vec::new();
    let mut header: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            meta.push(line.to_string());
        } else if header.is_empty() {
            header = line.split(',').map(str::to_string).collect();
        } else {
            rows.push(line.split(',').map(str::to_string).collect());
        }
    }
    let col = |name: &str, header: &[String]| {
        header
            .iter()
            .position(|h| h.starts_with(name))
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    if let Some(n) = w.shift_ghi {
        let g = col("ghi", &header);
        let ghi: Vec<String> = rows.iter().map(|r| r[g].clone()).collect();
        let len = rows.len() as i64;
        for (i, r) in rows.iter_mut().enumerate() {
            r[g] = ghi[(i as i64 - n).rem_euclid(len) as usize].clone();
        }
    }
    if let Some((dni, dhi)) = w.beam {
        let g = col("ghi", &header);
        header.insert(g + 1, "dni [W/m²]".into());
        header.insert(g + 2, "dhi [W/m²]".into());
        for r in &mut rows {
            let ghi: f64 = r[g].parse().unwrap();
            r.insert(g + 1, format!("{:.4}", (ghi * dni).min(1300.0)));
            r.insert(g + 2, format!("{:.4}", ghi * dhi));
        }
    }
    for (c, v) in &w.set_all {
        let j = col(c, &header);
        for r in &mut rows {
            r[j] = v.clone();
        }
    }
    for (at, c, v) in &w.set {
        let j = col(c, &header);
        let r = rows
            .iter_mut()
            .find(|r| &r[0] == at)
            .unwrap_or_else(|| panic!("no row {at}"));
        r[j] = v.clone();
    }
    if let Some(n) = w.rows {
        rows.truncate(n);
    }
    let mut out = meta.join("\n");
    out.push('\n');
    out.push_str(&header.join(","));
    out.push('\n');
    for r in rows {
        out.push_str(&r.join(","));
        out.push('\n');
    }
    (out, "csv")
}

/// The request a case describes: head and body bytes.
fn request(case: &Case) -> (Vec<u8>, Vec<u8>) {
    let method = case.method.as_deref().unwrap_or("POST");
    let mut path = case.path.clone().unwrap_or_else(|| "/v1/estimates".into());
    if let Some((text, times)) = &case.pad {
        path = path.replacen("PAD", &text.repeat(*times), 1);
    }
    if let Some(n) = case.uri_pad {
        path.push_str("?pad=");
        path.push_str(&"a".repeat(n));
    }
    let mut body = case.body.clone().unwrap_or_default().into_bytes();
    if let Some(w) = &case.weather {
        let mut v: Value = serde_json::from_slice(&body).expect("a weather case has a JSON body");
        let (data, format) = weather_text(w);
        v["options"]["weather"] = serde_json::json!({"format": format, "data": data});
        body = v.to_string().into_bytes();
    }
    if let Some((text, times)) = &case.pad {
        let pad = text.repeat(*times);
        let s = String::from_utf8(body).unwrap().replacen("PAD", &pad, 1);
        body = s.into_bytes();
    }
    let content_type = match &case.content_type {
        Some(ct) if ct.is_empty() => None,
        Some(ct) => Some(ct.clone()),
        None if method == "POST" || !body.is_empty() => Some("application/json".into()),
        None => None,
    };
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    let length = case.announce.unwrap_or(body.len());
    if method != "GET" && method != "HEAD" || !body.is_empty() {
        head.push_str(&format!("Content-Length: {length}\r\n"));
    }
    if let Some((count, bytes)) = case.header_pad {
        for i in 0..count {
            head.push_str(&format!("X-Pad-{i}: {}\r\n", "p".repeat(bytes)));
        }
    }
    head.push_str("\r\n");
    (head.into_bytes(), body)
}

/// Checks a problem document against the case; `at` labels failures.
fn check_problem(case: &Case, p: &Value, text_len: usize, at: &str) {
    assert!(
        text_len <= MAX_PROBLEM_BYTES,
        "{at}: a problem of {text_len} bytes"
    );
    if let Some(code) = &case.code {
        assert_eq!(p["code"], code.as_str(), "{at}: {p}");
        assert_eq!(p["type"], format!("urn:tanso:problem:{code}"), "{at}");
    }
    assert_eq!(p["status"], case.status, "{at}: {p}");
    let errors = p["errors"].as_array().cloned().unwrap_or_default();
    if case.status < 500 {
        assert!(!errors.is_empty(), "{at}: a 4xx without errors: {p}");
    }
    for e in &errors {
        for member in ["pointer", "expected", "received"] {
            assert!(
                e[member].is_string(),
                "{at}: an error without {member}: {p}"
            );
        }
    }
    let detail = p["detail"].as_str().unwrap_or("");
    let field = match &case.pointer {
        Some(ptr) => {
            let e = errors
                .iter()
                .find(|e| e["pointer"] == ptr.as_str())
                .unwrap_or_else(|| panic!("{at}: no error at {ptr}: {p}"));
            Some(e)
        }
        None => errors.first(),
    };
    let message = field
        .and_then(|e| e["message"].as_str())
        .unwrap_or("")
        .to_string();
    let names = case.names.clone().or_else(|| {
        case.pointer
            .as_deref()
            .and_then(|p| p.rsplit('/').next())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    });
    if let Some(needle) = names {
        assert!(
            detail.contains(&needle) || message.contains(&needle),
            "{at}: the message does not name \"{needle}\": {p}"
        );
    }
    if let Some(needle) = &case.contains {
        let expected = field.and_then(|e| e["expected"].as_str()).unwrap_or("");
        assert!(
            detail.contains(needle) || message.contains(needle) || expected.contains(needle),
            "{at}: neither message nor expected say \"{needle}\": {p}"
        );
    }
}

fn run_http(case: &Case) {
    let app = match case.server.as_deref() {
        Some("tight") => spawn_tight_app(),
        _ => spawn_app(),
    };
    let (head, body) = request(case);
    let r = exchange(&app.base, &head, &body, case.announce.is_some());
    let at = format!("[{}] {}", case.area, case.name);
    if case.announce.is_some() {
        assert!(
            r.took < Duration::from_secs(10),
            "{at}: answered after {:?}",
            r.took
        );
    }
    let text = String::from_utf8_lossy(&r.body).to_string();
    if case.method.as_deref() == Some("HEAD") {
        assert_eq!(r.status, case.status, "{at}");
        assert!(r.body.is_empty(), "{at}: HEAD answered with a body");
        assert!(r.headers.contains_key("content-length"), "{at}");
        return;
    }
    if let Some(i) = case.item {
        assert_eq!(r.status, 200, "{at}: {text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        let item = &v["results"][i];
        assert_eq!(item["status"], case.status, "{at}: {item}");
        check_problem(
            case,
            &item["problem"],
            item["problem"].to_string().len(),
            &at,
        );
        return;
    }
    assert_eq!(r.status, case.status, "{at}: {text}");
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if case.status == 200 {
        if let Some(w) = &case.warning {
            let warnings = v["warnings"].as_array().cloned().unwrap_or_default();
            assert!(
                warnings
                    .iter()
                    .any(|x| x.as_str().is_some_and(|s| s.contains(w.as_str()))),
                "{at}: no warning with \"{w}\": {:?}",
                warnings
            );
        }
        return;
    }
    let ct = r.headers.get("content-type").cloned().unwrap_or_default();
    assert!(
        ct.starts_with("application/problem+json"),
        "{at}: content type {ct:?}: {text}"
    );
    check_problem(case, &v, text.len(), &at);
}

fn tanso(args: &[String], at: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tanso"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{at}: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run_cli(case: &Case, args: &[String]) {
    let at = format!("[{}] {}", case.area, case.name);
    let (status, err) = tanso(args, &at);
    check_text(case, status, &err, &at);
}

/// Exit status, code and names in a command's error text. The code is the problem code the
/// CLI prints as `error (code): …`, or `usage` for an argument clap refuses.
fn check_text(case: &Case, status: i32, err: &str, at: &str) {
    assert_eq!(status, i32::from(case.status), "{at}: {err}");
    assert!(
        err.len() <= MAX_PROBLEM_BYTES,
        "{at}: {} bytes of error",
        err.len()
    );
    match case.code.as_deref() {
        Some("usage") => assert!(
            err.contains("error: invalid value") || err.contains("error:"),
            "{at}: {err}"
        ),
        Some("data") => assert!(err.contains("problem(s)"), "{at}: {err}"),
        Some(code) => assert!(err.contains(&format!("error ({code})")), "{at}: {err}"),
        None => {}
    }
    for needle in [case.names.clone(), case.contains.clone()]
        .into_iter()
        .flatten()
    {
        assert!(
            err.contains(&needle),
            "{at}: stderr does not name \"{needle}\": {err}"
        );
    }
}

/// A copy of the repository's models/ and seeds/ in a temporary directory.
fn copy_of_the_catalog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["models", "seeds"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let p = entry.unwrap().path();
            std::fs::copy(&p, dir.path().join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn run_data(case: &Case, edits: &[Edit]) {
    let at = format!("[{}] {}", case.area, case.name);
    let dir = copy_of_the_catalog();
    for e in edits {
        let p = dir.path().join(&e.file);
        if let Some(t) = &e.write {
            std::fs::write(&p, t).unwrap();
        }
        if let Some(t) = &e.append {
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&p)
                .unwrap();
            f.write_all(t.as_bytes()).unwrap();
        }
        if let Some(n) = e.size {
            let line = "# padding\n";
            std::fs::write(&p, line.repeat(n / line.len() + 1)).unwrap();
        }
        if let Some((text, n)) = &e.repeat {
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&p)
                .unwrap();
            for i in 0..*n {
                f.write_all(text.replace("{i}", &i.to_string()).as_bytes())
                    .unwrap();
            }
        }
    }
    let args = vec![
        "data".to_string(),
        "check".to_string(),
        dir.path().display().to_string(),
    ];
    let start = Instant::now();
    let (status, err) = tanso(&args, &at);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{at}: took {:?}",
        start.elapsed()
    );
    check_text(case, status, &err, &at);
}

fn run(case: &Case) {
    if let Some(args) = &case.cli {
        run_cli(case, args);
    } else if let Some(edits) = &case.data {
        run_data(case, edits);
    } else {
        run_http(case);
    }
}

#[test]
fn every_case_of_the_catalogue_is_refused_precisely() {
    let cases = catalogue();
    let mut areas: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        *areas.entry(case.area.as_str()).or_default() += 1;
    }
    // Four at a time; every failure is collected, then all are reported.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let outcome =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(case)));
                    if let Err(e) = outcome {
                        let why = e
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        failures.lock().unwrap().push(why);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    assert!(cases.len() >= 150, "{} cases", cases.len());
    for area in [
        "numbers-units",
        "json-shape",
        "transport",
        "batch",
        "uncertainty",
        "options",
        "solar-pv",
        "composting",
        "weather",
        "paths-methods",
        "units-endpoints",
        "cli",
        "data-check",
    ] {
        assert!(
            areas.get(area).is_some_and(|n| *n >= 3),
            "area {area}: {areas:?}"
        );
    }
}
