"""Create a task, watch its progress, drop the stream on purpose and resume it from a cursor.

    WADISPATCH_ADDR=127.0.0.1:50051 python examples/watch_task.py

Needs the package (`pip install ./clients/python`) and a gateway, e.g. `wadispatch-gateway demo`.
"""

import os
import sys
import time
from collections import Counter

import grpc

from wadispatch.v1 import common_pb2, task_pb2, task_pb2_grpc

FINAL = {
    common_pb2.RECIPIENT_STATUS_READ_REPLIED,
    common_pb2.RECIPIENT_STATUS_READ_NO_REPLY,
    common_pb2.RECIPIENT_STATUS_SEND_FAILED,
}
DROP_AFTER_UPDATES = 5  # recipient-status messages to read before dropping the stream


class ExampleError(Exception):
    pass


def main() -> int:
    addr = os.environ.get("WADISPATCH_ADDR", "127.0.0.1:50051")
    # One deadline bounds the whole run: every call gets the time that is left as its `timeout=`
    # (for a stream, the deadline covers the whole stream, not each message).
    deadline = time.monotonic() + 120

    def remaining() -> float:
        return max(deadline - time.monotonic(), 0.0)

    try:
        # Closing the channel (end of `with`) tears the connection down, as a network drop would.
        with grpc.insecure_channel(addr) as channel:
            stub = task_pb2_grpc.TaskServiceStub(channel)
            created = stub.CreateUnassignedTask(
                task_pb2.CreateUnassignedTaskRequest(
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
                ),
                timeout=remaining(),
            )
            task_id = created.task_id
            print(f"created task {task_id}")

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

        with grpc.insecure_channel(addr) as channel:
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
