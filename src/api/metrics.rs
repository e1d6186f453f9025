//! A small Prometheus registry: request counts, a latency histogram and errors by status and
//! problem code, rendered in the text exposition format (0.0.4) at `GET /metrics`.
//!
//! Hand-written rather than `actix-web-prom`/`prometheus`: the service needs four metric
//! families, labelled by the *route pattern* (bounded cardinality, `/v1/projects/{id}` rather
//! than each id) and by our problem `code`, which a generic middleware cannot see. A mutex
//! around a few small maps costs nothing next to an estimate, and no dependency is added.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

/// Upper bounds of the latency histogram buckets, in seconds.
pub const BUCKETS: [f64; 13] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Per bucket (not cumulative); the last slot counts values above every bound.
    counts: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

#[derive(Debug, Default)]
struct Families {
    /// (method, route, status) → count
    requests: BTreeMap<(String, String, u16), u64>,
    /// (method, route) → latency
    latency: BTreeMap<(String, String), Histogram>,
    /// (route, status, code) → count of 4xx/5xx
    errors: BTreeMap<(String, u16, String), u64>,
}

/// The registry shared by all workers.
#[derive(Debug, Default)]
pub struct Metrics {
    families: Mutex<Families>,
    in_flight: AtomicI64,
}

/// Marks a request in flight until dropped.
pub struct InFlight<'a>(&'a Metrics);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    /// Counts a request as in flight until the guard is dropped.
    pub fn start(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self)
    }

    /// Records a finished request. `route` is the matched pattern (or `unmatched`); `code`
    /// the problem code of an error response.
    pub fn record(&self, method: &str, route: &str, status: u16, seconds: f64, code: Option<&str>) {
        let mut f = match self.families.lock() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        *f.requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        let h = f
            .latency
            .entry((method.to_string(), route.to_string()))
            .or_default();
        let slot = BUCKETS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(BUCKETS.len());
        h.counts[slot] += 1;
        h.sum += seconds;
        h.count += 1;
        if status >= 400 {
            *f.errors
                .entry((
                    route.to_string(),
                    status,
                    code.unwrap_or("none").to_string(),
                ))
                .or_default() += 1;
        }
    }

    /// The text exposition of every metric.
    pub fn render(&self, version: &str, dataset: &str) -> String {
        let f = match self.families.lock() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP tanso_build_info Version of tanso and of its data catalog."
        );
        let _ = writeln!(out, "# TYPE tanso_build_info gauge");
        let _ = writeln!(
            out,
            "tanso_build_info{{version=\"{}\",dataset=\"{}\"}} 1",
            esc(version),
            esc(dataset)
        );
        let _ = writeln!(
            out,
            "# HELP tanso_http_requests_in_flight Requests being served."
        );
        let _ = writeln!(out, "# TYPE tanso_http_requests_in_flight gauge");
        let _ = writeln!(
            out,
            "tanso_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP tanso_http_requests_total HTTP requests by method, route pattern and status."
        );
        let _ = writeln!(out, "# TYPE tanso_http_requests_total counter");
        for ((method, route, status), n) in &f.requests {
            let _ = writeln!(
                out,
                "tanso_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                esc(method),
                esc(route)
            );
        }
        let _ = writeln!(
            out,
            "# HELP tanso_http_request_duration_seconds Time from request head to response, by method and route pattern."
        );
        let _ = writeln!(out, "# TYPE tanso_http_request_duration_seconds histogram");
        for ((method, route), h) in &f.latency {
            let labels = format!("method=\"{}\",route=\"{}\"", esc(method), esc(route));
            let mut cumulative = 0;
            for (i, bound) in BUCKETS.iter().enumerate() {
                cumulative += h.counts[i];
                let _ = writeln!(
                    out,
                    "tanso_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "tanso_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "tanso_http_request_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "tanso_http_request_duration_seconds_count{{{labels}}} {}",
                h.count
            );
        }
        let _ = writeln!(
            out,
            "# HELP tanso_http_errors_total Error responses by route pattern, status and problem code."
        );
        let _ = writeln!(out, "# TYPE tanso_http_errors_total counter");
        for ((route, status, code), n) in &f.errors {
            let _ = writeln!(
                out,
                "tanso_http_errors_total{{route=\"{}\",status=\"{status}\",code=\"{}\"}} {n}",
                esc(route),
                esc(code)
            );
        }
        out
    }
}

/// Escapes a label value.
fn esc(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_histogram_and_errors() {
        let m = Metrics::default();
        m.record("GET", "/healthz", 200, 0.002, None);
        m.record("GET", "/healthz", 200, 0.2, None);
        m.record("POST", "/v1/estimates", 422, 0.004, Some("unknown_project"));
        let text = m.render("0.1.0", "data-x");
        assert!(text.contains(
            "tanso_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"
        ));
        assert!(text.contains("tanso_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"0.005\"} 1"));
        assert!(text.contains("tanso_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"0.25\"} 2"));
        assert!(text.contains(
            "tanso_http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\"} 2"
        ));
        assert!(text.contains("tanso_http_errors_total{route=\"/v1/estimates\",status=\"422\",code=\"unknown_project\"} 1"));
        assert!(text.contains("tanso_build_info{version=\"0.1.0\",dataset=\"data-x\"} 1"));
    }
}
