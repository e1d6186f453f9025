//! The container image and the example manifests agree with the binary: every variable they
//! set is one tanso reads, the probes ask for paths the service answers, the image's health
//! check works, and the grace period covers the drain and the request budget. (Docker cannot
//! run where these tests run; what the image runs can.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Dockerfile and every file under deploy/.
fn deploy_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("Dockerfile")];
    let mut dirs = vec![root().join("deploy")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files
}

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tanso"))
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_variable_the_image_and_manifests_set_is_one_tanso_reads() {
    let mut known = help(&["serve", "--help"]);
    known.push_str(&help(&["probe", "--help"]));
    // Read by the code itself rather than through a flag.
    for direct in [
        tanso::store::DATA_DIR_ENV,
        tanso::api::limits::TIMEOUT_ENV,
        tanso::api::DRAIN_ENV,
    ] {
        known.push_str(&format!(" [env: {direct}] "));
    }
    let mut seen = 0;
    for file in deploy_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices("TANSO_") {
            let name: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                .collect();
            seen += 1;
            assert!(
                known.contains(&format!("[env: {name}")),
                "{}: {name} is not read by tanso",
                file.display()
            );
        }
    }
    assert!(seen > 10, "only {seen} variables found");
}

#[test]
fn probes_ask_for_documented_paths_and_the_image_runs_serve_and_probe() {
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("openapi/openapi.json")).unwrap(),
    )
    .unwrap();
    for file in deploy_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for path in ["/healthz", "/readyz"] {
            if text.contains(path) {
                assert!(spec["paths"][path]["get"].is_object(), "{path}");
            }
        }
    }
    let docker = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    assert!(docker.contains(r#"CMD ["/usr/local/bin/tanso", "probe", "/readyz"]"#));
    assert!(docker.contains(r#"CMD ["serve"]"#));
    // The build image is the toolchain the crate declares.
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let rust_version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .unwrap()
        .trim_end_matches('"');
    assert!(
        docker.contains(&format!("FROM rust:{rust_version}-slim-bookworm")),
        "the Dockerfile's build image is not rust:{rust_version}"
    );
}

#[test]
fn the_grace_period_covers_the_drain_and_the_request_budget() {
    let k8s = std::fs::read_to_string(root().join("deploy/kubernetes/tanso.yaml")).unwrap();
    let number = |key: &str| -> f64 {
        let line = k8s
            .lines()
            .find(|l| l.contains(key))
            .unwrap_or_else(|| panic!("{key} not in tanso.yaml"));
        line.split(|c: char| !c.is_ascii_digit() && c != '.')
            .rfind(|s| !s.is_empty())
            .unwrap()
            .parse()
            .unwrap()
    };
    let grace = number("terminationGracePeriodSeconds:");
    let drain = number("name: TANSO_DRAIN_SECONDS");
    let budget = number("name: TANSO_REQUEST_TIMEOUT");
    // After SIGTERM: the drain, then in-flight requests get the budget plus 5 s.
    assert!(
        grace > drain + budget + 5.0,
        "grace {grace} s <= drain {drain} + budget {budget} + 5"
    );
}

#[test]
fn the_image_configuration_by_environment_serves_and_probes() {
    // What the image does: `tanso serve` configured only by environment, checked by
    // `tanso probe /readyz` with the same environment.
    let data = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let bind = format!("127.0.0.1:{port}");
    let dir = data.path().to_str().unwrap();
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tanso"))
            .arg("serve")
            .env("TANSO_BIND", &bind)
            .env("TANSO_DATA_DIR", dir)
            .env("TANSO_DRAIN_SECONDS", "0")
            .env_remove("TANSO_DATABASE_URL")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let probe = |path: &str| {
            Command::new(env!("CARGO_BIN_EXE_tanso"))
                .args(["probe", path])
                .env("TANSO_BIND", &bind)
                .output()
                .unwrap()
        };
        let start = std::time::Instant::now();
        while !probe("/readyz").status.success() {
            assert!(
                start.elapsed().as_secs() < 60,
                "not ready within 60 s: {}",
                String::from_utf8_lossy(&probe("/readyz").stderr)
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let ok = probe("/readyz");
        assert!(String::from_utf8_lossy(&ok.stdout).contains("200"));
        let missing = probe("/nowhere");
        assert!(!missing.status.success());
        assert!(
            String::from_utf8_lossy(&missing.stderr).contains("404"),
            "{}",
            String::from_utf8_lossy(&missing.stderr)
        );
        let bad = probe("readyz");
        assert!(!bad.status.success());
        assert!(data.path().join("scenarios.sqlite3").is_file());
        let _ = child.kill();
        let _ = child.wait();
    }
    // A probe of nothing fails rather than hangs.
    let closed = Command::new(env!("CARGO_BIN_EXE_tanso"))
        .args(["probe", "/healthz", "--bind", &bind, "--timeout", "2"])
        .output()
        .unwrap();
    assert!(!closed.status.success());
}
