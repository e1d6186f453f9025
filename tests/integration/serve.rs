//! `tanso serve` as a user runs it: binds, logs one line per request, stops gracefully on
//! SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

#[cfg(unix)]
#[test]
fn serve_logs_each_request_and_stops_gracefully_on_sigterm() {
    // No store flag: the default SQLite file, here in a temporary data directory.
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tanso"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("TANSO_DATA_DIR", data.path())
        .env_remove("TANSO_DATABASE_URL")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tanso serve");
    let (tx, rx) = mpsc::channel::<String>();
    for out in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let mut log = Vec::new();
    let next_line = |log: &mut Vec<String>| {
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no log line; so far: {log:#?}"));
        log.push(line.clone());
        line
    };
    // "tanso listening address=127.0.0.1:PORT ..."
    let port = loop {
        let line = next_line(&mut log);
        if let Some(rest) = line.split("127.0.0.1:").nth(1) {
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            break digits.parse::<u16>().unwrap();
        }
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let resp = agent
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .call()
        .unwrap();
    assert_eq!(resp.status(), 200);
    let line = loop {
        let line = next_line(&mut log);
        if line.contains("/healthz") {
            break line;
        }
    };
    for part in ["GET", "/healthz", "200", "latency_ms"] {
        assert!(line.contains(part), "{part} missing in {line}");
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done_tx.send(child.wait());
    });
    let exit = done_rx
        .recv_timeout(Duration::from_secs(20))
        .expect("tanso stops within 20 s of SIGTERM")
        .unwrap();
    assert!(exit.success(), "{exit:?}");
    let rest: Vec<String> = rx.try_iter().collect();
    log.extend(rest);
    assert!(
        log.iter().any(|l| l.contains("stop signal received")),
        "{log:#?}"
    );
    assert!(
        data.path().join("scenarios.sqlite3").is_file(),
        "the default store was not created in TANSO_DATA_DIR"
    );
}
