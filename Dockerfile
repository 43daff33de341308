# The gateway's image: a release build on the Rust image, run on distroless (glibc and libgcc,
# no shell, no package manager) as an unprivileged user.
#
#   docker build -t wadispatch-gateway .
#   docker run -p 50051:50051 -p 8080:8080 -v "$PWD/keys:/etc/wadispatch/keys:ro" \
#     -e WADISPATCH_UPSTREAM_URL=https://platform.example \
#     -e WADISPATCH_API_KEYS=/etc/wadispatch/keys/keys.toml wadispatch-gateway
#
# The entry point is `serve`; the other subcommands run with `--entrypoint wadispatch-gateway`
# (`keys new NAME --permissions ...`, `dead-letters`, `audit`).
#
# Health: liveness (the process serves) and readiness (the platform answers and the event store
# takes writes) are apart, so an outage of either makes the gateway unready, never restarted:
#   - HEALTHCHECK below: the binary asks its own /healthz on the webhook port (no shell needed).
#     With --webhook-tls-cert, point it at the metrics port: WADISPATCH_HEALTHCHECK_URL.
#   - gRPC: grpc.health.v1.Health/Check on port 50051, service "liveness" or "readiness" ("" and
#     each wadispatch.v1 service are readiness): Kubernetes' native `grpc:` probes
#     (deploy/kubernetes/gateway.yaml).
#   - HTTP: /healthz and /readyz on the webhook port, and on the metrics port when
#     WADISPATCH_METRICS_ADDR is set (e.g. 0.0.0.0:9464, with /metrics for Prometheus).

FROM rust:1.95.0-bookworm AS build
WORKDIR /src
# Only what the build reads: build.rs compiles proto/ (protox, no protoc needed).
COPY Cargo.toml Cargo.lock build.rs ./
COPY proto proto
COPY src src
# The registry and target caches survive between builds; the binary is copied out of them.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin wadispatch-gateway \
    && cp target/release/wadispatch-gateway /wadispatch-gateway \
    && mkdir /data

# Distroless publishes no version tags: for reproducible images, pin this by digest
# (gcr.io/distroless/cc-debian12:nonroot@sha256:...). Debian 12, as the build stage: same glibc.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /wadispatch-gateway /usr/local/bin/wadispatch-gateway
# The event log's folder, owned by the user the gateway runs as (a new volume takes it over).
COPY --from=build --chown=65532:65532 /data /data
VOLUME ["/data"]
# distroless's "nonroot", by number so that Kubernetes' runAsNonRoot can verify it.
USER 65532:65532
# A container's listeners must be reachable from outside it (the defaults are loopback).
ENV WADISPATCH_GRPC_ADDR=0.0.0.0:50051 \
    WADISPATCH_WEBHOOK_ADDR=0.0.0.0:8080 \
    WADISPATCH_DATA_DIR=/data
# gRPC, webhooks, and the metrics endpoint when WADISPATCH_METRICS_ADDR turns it on.
EXPOSE 50051 8080 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/wadispatch-gateway", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/wadispatch-gateway", "serve"]
