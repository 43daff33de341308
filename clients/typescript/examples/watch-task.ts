// The example (flow.ts) from a Node service: gRPC over HTTP/2, or gRPC-Web over HTTP/1.1.
//
//     npx tsx examples/watch-task.ts grpc       # gRPC (the default)
//     npx tsx examples/watch-task.ts grpc-web   # gRPC-Web, as a web page calls
//
// Settings, from the environment:
//
//     WADISPATCH_ADDR         the gateway's gRPC address (default 127.0.0.1:50051)
//     WADISPATCH_KEY          the API key, sent as `authorization: Bearer <key>` on every call
//     WADISPATCH_CA_CERT      PEM file of the CA that signed the gateway's certificate: TLS.
//                             Unset: plaintext, to a loopback address only (e.g. `demo`)
//     WADISPATCH_CLIENT_CERT  PEM client certificate and key, for a gateway that asks for one
//     WADISPATCH_CLIENT_KEY   (mutual TLS); both or neither

import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { isIP } from "node:net";

import type { Interceptor } from "@connectrpc/connect";
import { createGrpcTransport, createGrpcWebTransport, Http2SessionManager } from "@connectrpc/connect-node";

import { bearer, type Connection, describe, ExampleError, watchTaskExample } from "./flow.js";

type Protocol = "grpc" | "grpc-web";

/** An environment variable's value, trimmed; empty when unset. */
function env(name: string): string {
  return (process.env[name] ?? "").trim();
}

/** A TLS file's contents. */
function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ExampleError(`cannot read the TLS file ${path}: ${err instanceof Error ? err.message : err}`);
  }
}

/** What the transports need to reach the gateway, from the environment. */
interface Settings {
  baseUrl: string;
  /** The CA, and the client certificate and key, as Node's TLS options take them. */
  tls: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  interceptors: Interceptor[];
}

function settings(): Settings {
  const addr = env("WADISPATCH_ADDR") || "127.0.0.1:50051";
  const ca = env("WADISPATCH_CA_CERT");
  const cert = env("WADISPATCH_CLIENT_CERT");
  const certKey = env("WADISPATCH_CLIENT_KEY");
  const key = env("WADISPATCH_KEY");
  if (Boolean(cert) !== Boolean(certKey)) {
    throw new ExampleError("set both WADISPATCH_CLIENT_CERT and WADISPATCH_CLIENT_KEY, or neither");
  }
  if (cert && !ca) {
    throw new ExampleError("a client certificate needs TLS: set WADISPATCH_CA_CERT");
  }
  if (!ca) {
    // The key would cross the network in clear: plaintext only to this machine.
    const host = new URL(`http://${addr}`).hostname.replace(/^\[|\]$/g, "");
    const loopback = host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
    if (!loopback) {
      throw new ExampleError(`WADISPATCH_CA_CERT is not set: plaintext to ${addr} is for a loopback address only`);
    }
    console.error("WADISPATCH_CA_CERT is not set: plaintext, for a local gateway only");
  }
  if (!key) {
    console.error("WADISPATCH_KEY is not set: calls carry no API key");
  }
  return {
    // The host name in the URL is the one checked against the gateway's certificate.
    baseUrl: `${ca ? "https" : "http"}://${addr}`,
    tls: {
      ...(ca && { ca: read(ca) }),
      ...(cert && { cert: read(cert), key: read(certKey) }),
    },
    interceptors: key ? [bearer(key)] : [],
  };
}

/** A new connection to the gateway in `protocol`. */
function connect(protocol: Protocol, { baseUrl, tls, interceptors }: Settings): Connection {
  if (protocol === "grpc") {
    // gRPC over one HTTP/2 connection (h2c without TLS), held by this session manager.
    const session = new Http2SessionManager(baseUrl, {}, tls);
    return {
      transport: createGrpcTransport({ baseUrl, interceptors, sessionManager: session }),
      drop: () => session.abort(),
    };
  }
  // gRPC-Web over HTTP/1.1 keep-alive connections of this agent, as a browser would hold them.
  const agent = baseUrl.startsWith("https:")
    ? new https.Agent({ keepAlive: true, ...tls })
    : new http.Agent({ keepAlive: true });
  return {
    transport: createGrpcWebTransport({ baseUrl, httpVersion: "1.1", interceptors, nodeOptions: { agent } }),
    drop: () => agent.destroy(),
  };
}

const protocol = process.argv[2] ?? "grpc";
if (protocol !== "grpc" && protocol !== "grpc-web") {
  console.error(`usage: watch-task.ts [grpc|grpc-web], not ${JSON.stringify(protocol)}`);
  process.exit(2);
}
try {
  const config = settings();
  await watchTaskExample(protocol, () => connect(protocol, config), console.log);
} catch (err) {
  console.error(describe(err));
  process.exitCode = 1;
}
