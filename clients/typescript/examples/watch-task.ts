// Say who the gateway takes us for, create a task with a request_id so that the create can be
// retried safely (and send it twice to show it), watch its progress, drop the connection on
// purpose and resume from a cursor, then compare the final progress with the platform's.
//
//     npx tsx examples/watch-task.ts grpc       # gRPC over HTTP/2
//     npx tsx examples/watch-task.ts grpc-web   # gRPC-Web over HTTP/1.1, as a web page calls
//
// Settings, from the environment:
//
//     WADISPATCH_ADDR         the gateway's gRPC address (default 127.0.0.1:50051)
//     WADISPATCH_KEY          the API key, sent as `authorization: Bearer <key>` on every call
//     WADISPATCH_CA_CERT      PEM file of the CA that signed the gateway's certificate: TLS.
//                             Unset: plaintext, to a loopback address only (e.g. `demo`)
//     WADISPATCH_CLIENT_CERT  PEM client certificate and key, for a gateway that asks for one
//     WADISPATCH_CLIENT_KEY   (mutual TLS); both or neither

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { isIP } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

import { create } from "@bufbuild/protobuf";
import { BinaryReader } from "@bufbuild/protobuf/wire";
import { type Client, Code, ConnectError, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import {
  createGrpcTransport,
  createGrpcWebTransport,
  Http2SessionManager,
} from "@connectrpc/connect-node";

import {
  CallerService,
  CallerSourceSchema,
  CreateUnassignedTaskRequestSchema,
  RecipientStatus,
  TargetType,
  TaskService,
  TaskStatusSchema,
  type CreateUnassignedTaskRequest,
  type TaskProgress,
  type WatchTaskResponse,
} from "../src/index.js";

const FINAL = new Set([
  RecipientStatus.READ_REPLIED,
  RecipientStatus.READ_NO_REPLY,
  RecipientStatus.SEND_FAILED,
]);
// Bounds each CreateUnassignedTask attempt, so that a lost answer turns into a retry rather than
// a wait until the run's deadline.
const CREATE_TIMEOUT_MS = 10_000;
const DROP_AFTER_UPDATES = 5; // recipient-status messages to read before dropping the connection
const RUN_TIMEOUT_MS = 120_000;

type Protocol = "grpc" | "grpc-web";

class ExampleError extends Error {}

/** An environment variable's value, trimmed; empty when unset. */
function env(name: string): string {
  return (process.env[name] ?? "").trim();
}

/** `authorization: Bearer <key>` on every call, unary or stream. */
function bearer(key: string): Interceptor {
  return (next) => (request) => {
    request.header.set("authorization", `Bearer ${key}`);
    return next(request);
  };
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

/** A transport of its own connection(s), which `drop` tears down as a network failure would. */
interface Connection {
  transport: Transport;
  drop(): void;
}

function connect(protocol: Protocol, { baseUrl, tls, interceptors }: Settings): Connection {
  if (protocol === "grpc") {
    // gRPC over one HTTP/2 connection (h2c without TLS), held by this session manager.
    const session = new Http2SessionManager(baseUrl, {}, tls);
    return {
      transport: createGrpcTransport({ baseUrl, interceptors, sessionManager: session }),
      drop: () => session.abort(),
    };
  }
  // gRPC-Web over HTTP/1.1 keep-alive connections, as a browser's fetch would make them.
  const agent = baseUrl.startsWith("https:")
    ? new https.Agent({ keepAlive: true, ...tls })
    : new http.Agent({ keepAlive: true });
  return {
    transport: createGrpcWebTransport({ baseUrl, httpVersion: "1.1", interceptors, nodeOptions: { agent } }),
    drop: () => agent.destroy(),
  };
}

/** The google.rpc.ErrorInfo the gateway puts in every error it reports, if there is one. */
function errorInfo(err: ConnectError): { reason: string; metadata: Record<string, string> } | undefined {
  for (const detail of err.details) {
    if (!("type" in detail) || detail.type !== "google.rpc.ErrorInfo") {
      continue;
    }
    // ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
    const info = { reason: "", metadata: {} as Record<string, string> };
    const reader = new BinaryReader(detail.value);
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag();
      if (field === 1) {
        info.reason = reader.string();
      } else if (field === 3) {
        // A map entry: { string key = 1; string value = 2; }
        const entry = new BinaryReader(reader.bytes());
        let [name, value] = ["", ""];
        while (entry.pos < entry.len) {
          const [entryField, entryWireType] = entry.tag();
          if (entryField === 1) name = entry.string();
          else if (entryField === 2) value = entry.string();
          else entry.skip(entryWireType);
        }
        info.metadata[name] = value;
      } else {
        reader.skip(wireType);
      }
    }
    return info;
  }
  return undefined;
}

function finalCount(progress: TaskProgress): number {
  return progress.counts.filter((c) => FINAL.has(c.status)).reduce((sum, c) => sum + c.count, 0);
}

/** Prints a message's progress line; returns the latest progress known. */
function printProgress(msg: WatchTaskResponse, last: TaskProgress | undefined): TaskProgress | undefined {
  const p = msg.progress;
  if (!p) {
    return last;
  }
  // A status newer than this code prints as its bare number.
  const status = TaskStatusSchema.value[p.status]?.name ?? String(p.status);
  console.log(`progress ${finalCount(p)}/${p.total} status=${status} cursor=${msg.cursor}`);
  return p;
}

/**
 * Sends the create with a deadline of its own and, if that attempt timed out or found no gateway
 * (DEADLINE_EXCEEDED, UNAVAILABLE), sends the very same request (the same request_id) once more:
 * the gateway answers the retry from its record of the first attempt, or sends it if the first
 * never reached the platform. Returns the task id.
 */
async function createTask(
  tasks: Client<typeof TaskService>,
  request: CreateUnassignedTaskRequest,
  remaining: () => number,
): Promise<string> {
  const send = async () =>
    (await tasks.createUnassignedTask(request, { timeoutMs: Math.min(CREATE_TIMEOUT_MS, remaining()) })).taskId;
  try {
    try {
      return await send();
    } catch (err) {
      const code = ConnectError.from(err).code;
      if (code !== Code.DeadlineExceeded && code !== Code.Unavailable) {
        throw err;
      }
      console.log(
        `CreateUnassignedTask: ${Code[code]}; sending the same request (request_id ${request.requestId}) once more`,
      );
      await sleep(1000); // a moment for a restarting gateway or a flapping network
    }
    return await send();
  } catch (err) {
    const error = ConnectError.from(err);
    const info = errorInfo(error);
    if (error.code === Code.Aborted && info?.reason === "OUTCOME_UNKNOWN") {
      // An earlier attempt was sent and its answer lost (a timeout, a broken connection, a
      // gateway restart): the gateway will not send this request again, and only the platform
      // knows whether the task exists. The metadata say where to look: first_attempt_cursor
      // (WatchTask after it) and evidence_task_ids, tasks seen since then that send to these
      // recipients.
      throw new ExampleError(
        `CreateUnassignedTask (request_id ${request.requestId}): ${error.rawMessage} ` +
          `${JSON.stringify(info.metadata)}. Stopping: this request id is never sent again, and a new ` +
          "one could create a second task; check the platform for it first",
      );
    }
    throw err;
  }
}

async function main(protocol: Protocol): Promise<void> {
  // One deadline bounds the whole run: every call gets the time that is left as its timeout (for
  // a stream, the timeout covers the whole stream, not each message).
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  const remaining = () => Math.max(deadline - Date.now(), 1);
  const config = settings();

  let connection = connect(protocol, config);
  // Who the gateway takes us for: proves the key (or client certificate) reached it.
  const caller = await createClient(CallerService, connection.transport).getCaller({}, { timeoutMs: remaining() });
  console.log(`caller ${caller.name} (${CallerSourceSchema.value[caller.source]?.name ?? caller.source})`);

  let tasks = createClient(TaskService, connection.transport);
  // One request id for this create, made once and sent with every attempt: the gateway sends a
  // request id to the platform at most once, so retrying cannot create a second task.
  const request = create(CreateUnassignedTaskRequestSchema, {
    options: { name: `example-typescript-${protocol}`, targetType: TargetType.INDIVIDUAL },
    targets: Array.from({ length: 100 }, (_, i) => `86152${String(i + 1).padStart(8, "0")}`),
    contents: [{ kind: { case: "text", value: { text: `Hello from the TypeScript example (${protocol})` } } }],
    requestId: randomUUID(),
  });
  const taskId = await createTask(tasks, request, remaining);
  console.log(`created task ${taskId} (request_id ${request.requestId})`);

  // The guarantee at work: the same request again, as a retry whose answer was lost would send
  // it, is answered from the gateway's record of the first: no second task.
  const again = await createTask(tasks, request, remaining);
  if (again !== taskId) {
    throw new ExampleError(`the retry with request_id ${request.requestId} answered task ${again}, not ${taskId}`);
  }
  console.log(`retry with the same request id answered the same task ${again}`);

  // A new watch starts with a snapshot, then streams every later event.
  let cursor = "";
  let progress: TaskProgress | undefined;
  let updates = 0;
  // This stream is left before its end: it is bounded by a signal, which leaving cancels, rather
  // than by `timeoutMs`, whose timer Connect only clears when a stream ends.
  const abandon = new AbortController();
  const signal = AbortSignal.any([abandon.signal, AbortSignal.timeout(remaining())]);
  const watch = tasks.watchTask({ taskId, endWhenFinal: true }, { signal });
  for await (const msg of watch) {
    cursor = msg.cursor; // keep the cursor of every message we have processed
    progress = printProgress(msg, progress);
    if (msg.update.case === "recipientStatus" && ++updates === DROP_AFTER_UPDATES) {
      break;
    }
  }
  if (updates < DROP_AFTER_UPDATES) {
    throw new ExampleError("the stream ended before the connection was dropped");
  }
  abandon.abort(); // cancels the stream, then the connection goes
  connection.drop();
  console.log(`dropped connection after cursor ${cursor}`);

  // A new connection; resuming after the last processed cursor continues with no gap and no
  // duplicate.
  connection = connect(protocol, config);
  tasks = createClient(TaskService, connection.transport);
  const stream = tasks.watchTask({ taskId, afterCursor: cursor, endWhenFinal: true }, { timeoutMs: remaining() });
  console.log(`resumed after cursor ${cursor}`);
  let previous = BigInt(cursor);
  for await (const msg of stream) {
    progress = printProgress(msg, progress);
    if (msg.update.case !== "heartbeat" && msg.update.case !== "snapshot") {
      // This gateway's cursors are log positions in decimal: events only go forward.
      if (BigInt(msg.cursor) <= previous) {
        throw new ExampleError(`cursor ${msg.cursor} after resuming is not after ${previous}`);
      }
      previous = BigInt(msg.cursor);
    }
  }
  // The loop ended without an error: end_when_final closed the stream (final task).

  const status = await tasks.getTaskExecutionStatus({ taskId }, { timeoutMs: remaining() });
  connection.drop();
  if (!progress) {
    throw new ExampleError("the stream carried no progress");
  }
  const streamed = new Map(progress.counts.filter((c) => c.count).map((c) => [c.status, c.count]));
  const platform = new Map<RecipientStatus, number>();
  for (const recipient of status.recipients) {
    platform.set(recipient.status, (platform.get(recipient.status) ?? 0) + 1);
  }
  const same =
    streamed.size === platform.size && [...streamed].every(([s, count]) => platform.get(s) === count);
  if (!same || progress.total !== status.recipients.length) {
    throw new ExampleError(
      `mismatch: stream ${JSON.stringify([...streamed])} of ${progress.total}, ` +
        `platform ${JSON.stringify([...platform])} of ${status.recipients.length}`,
    );
  }
  console.log(`final progress matches the platform: ${finalCount(progress)}/${progress.total}`);
  console.log(`task ${taskId} completed`);
}

const protocol = process.argv[2] ?? "grpc";
if (protocol !== "grpc" && protocol !== "grpc-web") {
  console.error(`usage: watch-task.ts [grpc|grpc-web], not ${JSON.stringify(protocol)}`);
  process.exit(2);
}
main(protocol).catch((err: unknown) => {
  if (err instanceof ExampleError) {
    console.error(`error: ${err.message}`);
  } else if (err instanceof ConnectError) {
    console.error(`RPC failed: ${Code[err.code]}: ${err.rawMessage}`);
  } else {
    console.error(err);
  }
  process.exitCode = 1;
});
