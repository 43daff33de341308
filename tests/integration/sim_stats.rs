//! The simulator's call counters (`GET /_sim/stats`), which the soak reads to count the platform
//! calls a gateway makes: one per request to an endpoint, faults included, and nothing for paths
//! that are not endpoints.

use wadispatch_gateway::sim::http::STATS_PATH;

use crate::common::{sim_args, start_simulator, SimClient};

const STATUS_PATH: &str = "/group-dispatch-api/gsTask/queryExecuteStatus";
const LIST_ACCOUNTS_PATH: &str = "/group-dispatch-api/whatsapp/queryWhatsAppStatus";

#[tokio::test]
async fn every_endpoint_call_is_counted_per_path() {
    let mut args = sim_args(50.0, None);
    // Every call answered with an injected 503: counted all the same, it reached the platform.
    args.http_error_rate = 1.0;
    let sim = start_simulator(args).await;
    let client = SimClient::new(&sim);

    let before = client.get(STATS_PATH, &[]).await;
    assert_eq!(before["calls"][STATUS_PATH], 0, "{before}");
    assert!(
        before["calls"].as_object().unwrap().len() >= 39,
        "a counter for every endpoint: {before}"
    );

    for _ in 0..3 {
        let answer = client
            .http
            .get(format!("{}{STATUS_PATH}", client.base))
            .query(&[("taskId", "nope")])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 503);
    }
    // Not an endpoint: 404, and no counter appears for it.
    let unknown = client
        .http
        .get(format!("{}/not/an/endpoint", client.base))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    let after = client.get(STATS_PATH, &[]).await;
    assert_eq!(after["calls"][STATUS_PATH], 3, "{after}");
    assert_eq!(after["calls"][LIST_ACCOUNTS_PATH], 0, "{after}");
    assert!(after["calls"].get("/not/an/endpoint").is_none(), "{after}");
    assert_eq!(
        after["calls"].as_object().unwrap().len(),
        before["calls"].as_object().unwrap().len(),
        "the set of counters is fixed"
    );
    assert_eq!(sim.shared.calls.get(STATUS_PATH), 3);
}
