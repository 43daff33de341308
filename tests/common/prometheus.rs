//! A real Prometheus server for the metrics tests: Debian's `prometheus` package, scraping the
//! gateway every second, asked through its HTTP API.
//!
//! The binary is `$WADISPATCH_PROMETHEUS`, or `prometheus` on the PATH (`.ci/tools.sh` installs
//! Debian's package), or, on a fresh machine, Debian's package installed with apt-get under a
//! lock on first use, so a plain `cargo test` works where Debian's packages are reachable.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use super::eventually;
use super::process::free_port;

/// Names a prometheus binary to use instead of the one on the PATH.
pub(crate) const PROMETHEUS_ENV: &str = "WADISPATCH_PROMETHEUS";

/// The Prometheus binary: see the module's documentation.
pub(crate) fn prometheus_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        super::debian_binary(
            PROMETHEUS_ENV,
            "prometheus",
            &["prometheus"],
            "the metrics tests scrape with Prometheus",
        )
    })
    .clone()
}

/// A Prometheus server scraping some targets every second; killed when dropped.
pub(crate) struct Prometheus {
    child: Child,
    pub addr: SocketAddr,
    client: reqwest::Client,
}

impl Prometheus {
    /// Starts one in `dir` scraping `targets` (their `/metrics`) every second, and waits until its
    /// API answers.
    pub(crate) async fn start(dir: &Path, targets: &[SocketAddr]) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let targets: Vec<String> = targets.iter().map(|t| format!("'{t}'")).collect();
        let config = format!(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n\
             scrape_configs:\n  - job_name: wadispatch\n    static_configs:\n      - targets: [{}]\n",
            targets.join(", ")
        );
        let config_path = dir.join("prometheus.yml");
        std::fs::write(&config_path, config).unwrap();
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let log = std::fs::File::create(dir.join("prometheus.log")).unwrap();
        let child = Command::new(prometheus_bin())
            .arg(format!("--config.file={}", config_path.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.join("data").display()
            ))
            .arg(format!("--web.listen-address={addr}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("prometheus starts");
        let prometheus = Self {
            child,
            addr,
            client: reqwest::Client::new(),
        };
        eventually("Prometheus answering", || async {
            let ready = prometheus
                .client
                .get(format!("http://{addr}/-/ready"))
                .send()
                .await;
            ready.is_ok_and(|r| r.status().is_success()).then_some(())
        })
        .await;
        prometheus
    }

    /// The instant vector `promql` evaluates to now: each series' labels and value.
    pub(crate) async fn query(&self, promql: &str) -> Vec<(Value, f64)> {
        let answer: Value = self
            .client
            .get(format!("http://{}/api/v1/query", self.addr))
            .query(&[("query", promql)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(answer["status"], "success", "{promql}: {answer}");
        answer["data"]["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{promql}: {answer}"))
            .iter()
            .map(|series| {
                let value = series["value"][1].as_str().unwrap().parse().unwrap();
                (series["metric"].clone(), value)
            })
            .collect()
    }

    /// Waits until `promql` evaluates to exactly one series of value `expected` (scrapes come
    /// every second), failing with what Prometheus last said.
    pub(crate) async fn wait_for_value(&self, promql: &str, expected: f64) {
        let mut last = Vec::new();
        for _ in 0..600 {
            last = self.query(promql).await;
            if last.len() == 1 && last[0].1 == expected {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("{promql}: expected {expected}, Prometheus says {last:?}");
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
