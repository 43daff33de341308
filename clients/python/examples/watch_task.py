"""Say who the gateway takes us for, create a task with a request_id so that the create can be
retried safely (and send it twice to show it), watch its progress, drop the stream on purpose and
resume it from a cursor.

    WADISPATCH_ADDR=127.0.0.1:50051 WADISPATCH_CA_CERT=ca.pem WADISPATCH_KEY=wdk_... \
        python examples/watch_task.py

Needs the package (`pip install ./clients/python`) and a gateway, e.g. `wadispatch-gateway demo`.
Settings, from the environment:

    WADISPATCH_ADDR         the gateway's gRPC address (default 127.0.0.1:50051)
    WADISPATCH_KEY          the API key, sent as `authorization: Bearer <key>` on every call
    WADISPATCH_CA_CERT      PEM file of the CA that signed the gateway's certificate: TLS.
                            Unset: plaintext, to a loopback address only (e.g. `demo`)
    WADISPATCH_CLIENT_CERT  PEM client certificate and key, for a gateway that asks for one
    WADISPATCH_CLIENT_KEY   (mutual TLS); both or neither
"""

import os
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from wadispatch.v1 import caller_pb2, caller_pb2_grpc, common_pb2, task_pb2, task_pb2_grpc

FINAL = {
    common_pb2.RECIPIENT_STATUS_READ_REPLIED,
    common_pb2.RECIPIENT_STATUS_READ_NO_REPLY,
    common_pb2.RECIPIENT_STATUS_SEND_FAILED,
}
# Bounds each CreateUnassignedTask attempt (seconds), so that a lost answer turns into a retry
# rather than a wait until the run's deadline.
CREATE_TIMEOUT = 10
DROP_AFTER_UPDATES = 5  # recipient-status messages to read before dropping the stream


class ExampleError(Exception):
    pass


def env(name: str) -> str:
    """An environment variable's value, trimmed; empty when unset."""
    return os.environ.get(name, "").strip()


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def channel_credentials() -> grpc.ChannelCredentials:
    """TLS (or plaintext to loopback only) with the API key on every call, per the environment."""
    ca, key = env("WADISPATCH_CA_CERT"), env("WADISPATCH_KEY")
    cert, cert_key = env("WADISPATCH_CLIENT_CERT"), env("WADISPATCH_CLIENT_KEY")
    if bool(cert) != bool(cert_key):
        raise ExampleError("set both WADISPATCH_CLIENT_CERT and WADISPATCH_CLIENT_KEY, or neither")
    if ca:
        # The server name checked against the certificate is the address's host.
        transport = grpc.ssl_channel_credentials(
            root_certificates=read(ca),
            private_key=read(cert_key) if cert_key else None,
            certificate_chain=read(cert) if cert else None,
        )
    elif cert:
        raise ExampleError("a client certificate needs TLS: set WADISPATCH_CA_CERT")
    else:
        print("WADISPATCH_CA_CERT is not set: plaintext, for a local gateway only", file=sys.stderr)
        # Plaintext that gRPC opens to loopback addresses only, and that may carry the key.
        transport = grpc.local_channel_credentials(grpc.LocalConnectionType.LOCAL_TCP)
    if not key:
        print("WADISPATCH_KEY is not set: calls carry no API key", file=sys.stderr)
        return transport
    # `authorization: Bearer <key>` on every call, unary or stream.
    return grpc.composite_channel_credentials(transport, grpc.access_token_call_credentials(key))


def main() -> int:
    addr = env("WADISPATCH_ADDR") or "127.0.0.1:50051"
    # One deadline bounds the whole run: every call gets the time that is left as its `timeout=`
    # (for a stream, the deadline covers the whole stream, not each message).
    deadline = time.monotonic() + 120

    def remaining() -> float:
        return max(deadline - time.monotonic(), 0.0)

    try:
        credentials = channel_credentials()
        # Closing the channel (end of `with`) tears the connection down, as a network drop would.
        with grpc.secure_channel(addr, credentials) as channel:
            # Who the gateway takes us for: proves the key (or client certificate) reached it.
            caller = caller_pb2_grpc.CallerServiceStub(channel).GetCaller(
                caller_pb2.GetCallerRequest(), timeout=remaining()
            )
            source = caller_pb2.CallerSource.Name(caller.source)
            print(f"caller {caller.name} ({source})")

            stub = task_pb2_grpc.TaskServiceStub(channel)
            # One request id for this create, made once and sent with every attempt: the gateway
            # sends a request id to the platform at most once, so retrying cannot create a
            # second task.
            request = task_pb2.CreateUnassignedTaskRequest(
                options=task_pb2.TaskOptions(
                    name="example-python",
                    target_type=common_pb2.TARGET_TYPE_INDIVIDUAL,
                ),
                targets=[f"86152{i:08d}" for i in range(1, 101)],
                contents=[
                    common_pb2.MessageContent(
                        text=common_pb2.TextContent(text="Hello from the python example")
                    )
                ],
                request_id=str(uuid.uuid4()),
            )
            task_id = create_task(stub, request, remaining)
            print(f"created task {task_id} (request_id {request.request_id})")

            # The guarantee at work: the same request again, as a retry whose answer was lost
            # would send it, is answered from the gateway's record of the first: no second task.
            again = create_task(stub, request, remaining)
            if again != task_id:
                raise ExampleError(
                    f"the retry with request_id {request.request_id} answered task {again}, "
                    f"not {task_id}"
                )
            print(f"retry with the same request id answered the same task {again}")

            # A new watch starts with a snapshot, then streams every later event.
            call = stub.WatchTask(
                task_pb2.WatchTaskRequest(task_id=task_id, end_when_final=True),
                timeout=remaining(),
            )
            cursor, progress, updates = "", None, 0
            for msg in call:
                cursor = msg.cursor  # keep the cursor of every message we have processed
                progress = print_progress(msg, progress)
                if msg.WhichOneof("update") == "recipient_status":
                    updates += 1
                    if updates == DROP_AFTER_UPDATES:
                        break
            else:
                raise ExampleError("the stream ended before the connection was dropped")
            call.cancel()  # abandon the stream; the channel closes as the `with` block ends

        print(f"dropped connection after cursor {cursor}")

        with grpc.secure_channel(addr, credentials) as channel:
            stub = task_pb2_grpc.TaskServiceStub(channel)
            # Resuming after the last processed cursor continues with no gap and no duplicate.
            call = stub.WatchTask(
                task_pb2.WatchTaskRequest(
                    task_id=task_id, after_cursor=cursor, end_when_final=True
                ),
                timeout=remaining(),
            )
            print(f"resumed after cursor {cursor}")
            previous = cursor
            for msg in call:
                progress = print_progress(msg, progress)
                if msg.WhichOneof("update") not in ("heartbeat", "snapshot"):
                    # This gateway's cursors are log positions in decimal: events only go forward.
                    if int(msg.cursor) <= int(previous):
                        raise ExampleError(
                            f"cursor {msg.cursor} after resuming is not after {previous}"
                        )
                    previous = msg.cursor
                cursor = msg.cursor
            # The loop ended without an error: end_when_final closed the stream (final task).

            status = stub.GetTaskExecutionStatus(
                task_pb2.GetTaskExecutionStatusRequest(task_id=task_id), timeout=remaining()
            )
    except grpc.RpcError as err:
        print(f"RPC failed: {err.code().name}: {err.details()}", file=sys.stderr)
        return 1
    except ExampleError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"cannot read the TLS files: {err}", file=sys.stderr)
        return 1

    if progress is None:
        print("error: the stream carried no progress", file=sys.stderr)
        return 1
    streamed = {c.status: c.count for c in progress.counts if c.count}
    platform = dict(Counter(r.status for r in status.recipients))
    completed, total = final_count(progress), progress.total
    if streamed != platform or total != len(status.recipients):
        print(
            f"mismatch: stream {streamed} of {total}, "
            f"platform {platform} of {len(status.recipients)}",
            file=sys.stderr,
        )
        return 1
    print(f"final progress matches the platform: {completed}/{total}")
    print(f"task {task_id} completed")
    return 0


def create_task(
    stub: task_pb2_grpc.TaskServiceStub,
    request: task_pb2.CreateUnassignedTaskRequest,
    remaining: Callable[[], float],
) -> str:
    """Sends the create with a deadline of its own and, if that attempt timed out or found no
    gateway (DEADLINE_EXCEEDED, UNAVAILABLE), sends the very same request (the same request_id)
    once more: the gateway answers the retry from its record of the first attempt, or sends it if
    the first never reached the platform. Returns the task id."""

    def send() -> str:
        return stub.CreateUnassignedTask(request, timeout=min(CREATE_TIMEOUT, remaining())).task_id

    try:
        try:
            return send()
        except grpc.RpcError as err:
            if err.code() not in (grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNAVAILABLE):
                raise
            print(
                f"CreateUnassignedTask: {err.code().name}; sending the same request "
                f"(request_id {request.request_id}) once more"
            )
            time.sleep(1)  # a moment for a restarting gateway or a flapping network
        return send()
    except grpc.RpcError as err:
        info = error_info(err)
        if err.code() == grpc.StatusCode.ABORTED and info and info.reason == "OUTCOME_UNKNOWN":
            # An earlier attempt was sent and its answer lost (a timeout, a broken connection, a
            # gateway restart): the gateway will not send this request again, and only the
            # platform knows whether the task exists. The metadata say where to look:
            # first_attempt_cursor (WatchTask after it) and evidence_task_ids, tasks seen since
            # then that send to these recipients.
            raise ExampleError(
                f"CreateUnassignedTask (request_id {request.request_id}): {err.details()} "
                f"{dict(info.metadata)}. Stopping: this request id is never sent again, and a new "
                "one could create a second task; check the platform for it first"
            ) from err
        raise


def error_info(err: grpc.RpcError) -> error_details_pb2.ErrorInfo | None:
    """The google.rpc.ErrorInfo the gateway puts in every error it reports, if there is one."""
    status = rpc_status.from_call(err)  # the grpc-status-details-bin trailer, decoded
    for detail in status.details if status else ():
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info
    return None


def final_count(progress: task_pb2.TaskProgress) -> int:
    return sum(c.count for c in progress.counts if c.status in FINAL)


def print_progress(
    msg: task_pb2.WatchTaskResponse, last: task_pb2.TaskProgress | None
) -> task_pb2.TaskProgress | None:
    """Prints a message's progress line; returns the latest progress known."""
    if not msg.HasField("progress"):
        return last
    p = msg.progress
    try:
        status = common_pb2.TaskStatus.Name(p.status)
    except ValueError:  # a status newer than these stubs arrives as its bare number
        status = str(p.status)
    print(f"progress {final_count(p)}/{p.total} status={status} cursor={msg.cursor}", flush=True)
    return p


if __name__ == "__main__":
    sys.exit(main())
