//! The HTTP floor of webhook ingest: what the gateway's webhook listener costs without the
//! gateway's work. The same accept stage (`listen::serve` with the webhook listener's default
//! settings), the same axum and hyper stack, the same body limit and answer, on the same paths;
//! each body is read whole and answered, never parsed nor stored. It runs as a process of its own
//! (this binary re-executed with `--serve-http-floor`), as the gateway does, so the two are
//! measured alike side by side.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use clap::Parser;
use serde_json::json;
use wadispatch_gateway::config::ConnectionArgs;
use wadispatch_gateway::listen::{self, PlainTcp};
use wadispatch_gateway::webhook::DEFAULT_BODY_LIMIT;
use wadispatch_gateway::wire::webhook::WebhookKind;

use crate::procs::{self, Proc, WorkDir};

/// Serves the floor on `addr` until killed, on a runtime like the gateway's.
pub(crate) fn serve(addr: SocketAddr) -> std::process::ExitCode {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async {
        // The webhook listener's settings as `serve` derives them with no flags given.
        #[derive(Parser)]
        struct Flags {
            #[command(flatten)]
            connections: ConnectionArgs,
        }
        let flags = Flags::parse_from(["http-floor"]);
        let settings = flags
            .connections
            .connections(listen::raise_fd_limit().soft)
            .webhooks;
        let mut router = axum::Router::new();
        for kind in WebhookKind::ALL {
            router = router.route(kind.path(), axum::routing::post(answer));
        }
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .expect("the floor's port");
        listen::serve(
            listener,
            settings,
            PlainTcp,
            router,
            std::future::pending::<()>(),
            Duration::ZERO,
        )
        .await;
    });
    std::process::ExitCode::SUCCESS
}

/// Reads the body whole within the gateway's limit and answers as the gateway does.
async fn answer(body: Body) -> Response {
    match axum::body::to_bytes(body, DEFAULT_BODY_LIMIT).await {
        Ok(_) => (
            StatusCode::OK,
            axum::Json(json!({"code": 200, "message": "success", "data": ""})),
        )
            .into_response(),
        Err(_) => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    }
}

/// Starts the floor process on a fresh port.
pub(crate) async fn start(work: &WorkDir) -> (Proc, SocketAddr) {
    let addr = procs::free_addr();
    let binary = std::env::current_exe().expect("the path of this binary");
    let args = ["--serve-http-floor".to_owned(), addr.to_string()];
    let log = work.path().join("http-floor.log");
    let mut proc = procs::spawn(
        "http-floor",
        Path::new(&binary),
        &args,
        &procs::Launch::default(),
        &log,
    );
    procs::wait_listening(addr, &mut proc).await;
    (proc, addr)
}
