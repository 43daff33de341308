// The example's calls, the same over whichever transport carries them (gRPC or gRPC-Web, from
// Node or from a web page): say who the gateway takes us for, create a task with a request_id
// so that the create can be retried safely (and send it twice to show it), watch its progress,
// drop the connection on purpose and resume from a cursor, then compare the final progress with
// the platform's. watch-task.ts runs it from Node, web/page.ts from a browser.

import { create } from "@bufbuild/protobuf";
import { BinaryReader } from "@bufbuild/protobuf/wire";
import { type Client, Code, ConnectError, createClient, type Interceptor, type Transport } from "@connectrpc/connect";

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

const FINAL = new Set([RecipientStatus.READ_REPLIED, RecipientStatus.READ_NO_REPLY, RecipientStatus.SEND_FAILED]);
// Bounds each CreateUnassignedTask attempt, so that a lost answer turns into a retry rather than
// a wait until the run's deadline.
const CREATE_TIMEOUT_MS = 10_000;
const DROP_AFTER_UPDATES = 5; // recipient-status messages to read before dropping the connection
const RUN_TIMEOUT_MS = 120_000;

/** A failure of the example itself, as opposed to a failed call. */
export class ExampleError extends Error {}

/** A transport on connections of its own, which `drop` tears down as a network failure would. */
export interface Connection {
  transport: Transport;
  drop(): void;
}

/** Where the example's lines go: the console, or a page. */
export type Print = (line: string) => void;

/** `authorization: Bearer <key>` on every call, unary or stream. */
export function bearer(key: string): Interceptor {
  return (next) => (request) => {
    request.header.set("authorization", `Bearer ${key}`);
    return next(request);
  };
}

/** One line about what went wrong. */
export function describe(err: unknown): string {
  if (err instanceof ExampleError) {
    return `error: ${err.message}`;
  }
  if (err instanceof ConnectError) {
    return `RPC failed: ${Code[err.code]}: ${err.rawMessage}`;
  }
  return `failed: ${err instanceof Error ? err.message : String(err)}`;
}

/** The google.rpc.ErrorInfo the gateway puts in every error it reports, if there is one. */
export function errorInfo(err: ConnectError): { reason: string; metadata: Record<string, string> } | undefined {
  for (const detail of err.details) {
    // Details arrive undecoded (type name and bytes): ErrorInfo is read off the wire here.
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
  print: Print,
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
      print(`CreateUnassignedTask: ${Code[code]}; sending the same request (request_id ${request.requestId}) once more`);
      // A moment for a restarting gateway or a flapping network.
      await new Promise((resolve) => setTimeout(resolve, 1000));
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

/**
 * Runs the example on connections from `connect` (a new one after the drop), printing with
 * `print`; `name` goes into the task's name. Throws on any failure.
 */
export async function watchTaskExample(name: string, connect: () => Connection, print: Print): Promise<void> {
  // One deadline bounds the whole run: every call gets the time that is left as its timeout (for
  // a stream, the timeout covers the whole stream, not each message).
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  const remaining = () => Math.max(deadline - Date.now(), 1);

  /** Prints a message's progress line; returns the latest progress known. */
  const printProgress = (msg: WatchTaskResponse, last: TaskProgress | undefined) => {
    const p = msg.progress;
    if (!p) {
      return last;
    }
    // A status newer than this code prints as its bare number.
    const status = TaskStatusSchema.value[p.status]?.name ?? String(p.status);
    print(`progress ${finalCount(p)}/${p.total} status=${status} cursor=${msg.cursor}`);
    return p;
  };

  let connection = connect();
  // Who the gateway takes us for: proves the key (or client certificate) reached it.
  const caller = await createClient(CallerService, connection.transport).getCaller({}, { timeoutMs: remaining() });
  print(`caller ${caller.name} (${CallerSourceSchema.value[caller.source]?.name ?? caller.source})`);

  let tasks = createClient(TaskService, connection.transport);
  // One request id for this create, made once and sent with every attempt: the gateway sends a
  // request id to the platform at most once, so retrying cannot create a second task.
  const request = create(CreateUnassignedTaskRequestSchema, {
    options: { name: `example-typescript-${name}`, targetType: TargetType.INDIVIDUAL },
    targets: Array.from({ length: 100 }, (_, i) => `86152${String(i + 1).padStart(8, "0")}`),
    contents: [{ kind: { case: "text", value: { text: `Hello from the TypeScript example (${name})` } } }],
    requestId: crypto.randomUUID(),
  });
  const taskId = await createTask(tasks, request, remaining, print);
  print(`created task ${taskId} (request_id ${request.requestId})`);

  // The guarantee at work: the same request again, as a retry whose answer was lost would send
  // it, is answered from the gateway's record of the first: no second task.
  const again = await createTask(tasks, request, remaining, print);
  if (again !== taskId) {
    throw new ExampleError(`the retry with request_id ${request.requestId} answered task ${again}, not ${taskId}`);
  }
  print(`retry with the same request id answered the same task ${again}`);

  // A new watch starts with a snapshot, then streams every later event. This stream is left
  // before its end: it is bounded by a signal, which leaving cancels, rather than by `timeoutMs`,
  // whose timer Connect only clears when a stream ends.
  let cursor = "";
  let progress: TaskProgress | undefined;
  let updates = 0;
  const abandon = new AbortController();
  const signal = AbortSignal.any([abandon.signal, AbortSignal.timeout(remaining())]);
  for await (const msg of tasks.watchTask({ taskId, endWhenFinal: true }, { signal })) {
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
  print(`dropped connection after cursor ${cursor}`);

  // A new connection; resuming after the last processed cursor continues with no gap and no
  // duplicate.
  connection = connect();
  tasks = createClient(TaskService, connection.transport);
  const stream = tasks.watchTask({ taskId, afterCursor: cursor, endWhenFinal: true }, { timeoutMs: remaining() });
  print(`resumed after cursor ${cursor}`);
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
  const same = streamed.size === platform.size && [...streamed].every(([s, count]) => platform.get(s) === count);
  if (!same || progress.total !== status.recipients.length) {
    throw new ExampleError(
      `mismatch: stream ${JSON.stringify([...streamed])} of ${progress.total}, ` +
        `platform ${JSON.stringify([...platform])} of ${status.recipients.length}`,
    );
  }
  print(`final progress matches the platform: ${finalCount(progress)}/${progress.total}`);
  print(`task ${taskId} completed`);
}
