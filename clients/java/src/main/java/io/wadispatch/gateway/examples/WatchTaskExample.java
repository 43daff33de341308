package io.wadispatch.gateway.examples;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.protobuf.StatusProto;
import io.wadispatch.gateway.v1.CallerServiceGrpc;
import io.wadispatch.gateway.v1.CreateUnassignedTaskRequest;
import io.wadispatch.gateway.v1.GetCallerRequest;
import io.wadispatch.gateway.v1.GetCallerResponse;
import io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest;
import io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse;
import io.wadispatch.gateway.v1.MessageContent;
import io.wadispatch.gateway.v1.RecipientCount;
import io.wadispatch.gateway.v1.RecipientState;
import io.wadispatch.gateway.v1.RecipientStatus;
import io.wadispatch.gateway.v1.TargetType;
import io.wadispatch.gateway.v1.TaskOptions;
import io.wadispatch.gateway.v1.TaskProgress;
import io.wadispatch.gateway.v1.TaskServiceGrpc;
import io.wadispatch.gateway.v1.TaskServiceGrpc.TaskServiceBlockingStub;
import io.wadispatch.gateway.v1.TextContent;
import io.wadispatch.gateway.v1.WatchTaskRequest;
import io.wadispatch.gateway.v1.WatchTaskResponse;
import java.io.File;
import java.io.IOException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Says who the gateway takes it for (CallerService.GetCaller), creates a task with a request_id
 * so that the create can be retried safely (and sends it twice to show it), watches its
 * progress with WatchTask, drops the connection on purpose halfway, resumes from the last cursor
 * on a new channel, and checks the final progress against GetTaskExecutionStatus.
 *
 * <p>Settings, from the environment: {@code WADISPATCH_ADDR} (host:port, default
 * 127.0.0.1:50051); {@code WADISPATCH_KEY}, the API key sent as {@code authorization: Bearer
 * <key>} on every call; {@code WADISPATCH_CA_CERT}, the PEM file of the CA that signed the
 * gateway's certificate (TLS; unset: plaintext, for a local gateway such as {@code demo} only);
 * {@code WADISPATCH_CLIENT_CERT} and {@code WADISPATCH_CLIENT_KEY}, a PEM client certificate and
 * its PKCS#8 key for a gateway that asks for one (mutual TLS).
 */
public final class WatchTaskExample {

  /** Recipient statuses that never change again. */
  private static final Set<RecipientStatus> FINAL =
      EnumSet.of(
          RecipientStatus.RECIPIENT_STATUS_READ_REPLIED,
          RecipientStatus.RECIPIENT_STATUS_READ_NO_REPLY,
          RecipientStatus.RECIPIENT_STATUS_SEND_FAILED);

  /**
   * Bounds each CreateUnassignedTask attempt, so that a lost answer turns into a retry rather than
   * a wait until the run's deadline.
   */
  private static final long CREATE_TIMEOUT_SECONDS = 10;

  /** Drop the connection after this many recipient-status messages. */
  private static final int DROP_AFTER_RECIPIENT_UPDATES = 5;

  /** Thrown when the example's own checks fail. */
  private static final class CheckFailed extends Exception {
    CheckFailed(String message) {
      super(message);
    }
  }

  /** Sends the API key as {@code authorization: Bearer <key>} with every call. */
  private static final class BearerKey extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String value;
    private final boolean plaintext;

    /** {@code plaintext}: the channel has no TLS on purpose (a local gateway). */
    BearerKey(String key, boolean plaintext) {
      this.value = "Bearer " + key;
      this.plaintext = plaintext;
    }

    @Override
    public void applyRequestMetadata(
        RequestInfo info, Executor executor, MetadataApplier applier) {
      // Never let the key travel in clear unless plaintext was chosen.
      if (!plaintext && info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY) {
        applier.fail(
            Status.UNAUTHENTICATED.withDescription(
                "refusing to send the API key over a connection without TLS"));
        return;
      }
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, value);
      applier.apply(headers);
    }
  }

  private WatchTaskExample() {}

  /** The channel credentials the environment asks for: TLS or plaintext, with the key. */
  private static ChannelCredentials credentials() throws IOException, CheckFailed {
    String ca = env("WADISPATCH_CA_CERT", "");
    String cert = env("WADISPATCH_CLIENT_CERT", "");
    String certKey = env("WADISPATCH_CLIENT_KEY", "");
    String key = env("WADISPATCH_KEY", "");
    if (cert.isEmpty() != certKey.isEmpty()) {
      throw new CheckFailed(
          "set both WADISPATCH_CLIENT_CERT and WADISPATCH_CLIENT_KEY, or neither");
    }
    ChannelCredentials transport;
    if (ca.isEmpty()) {
      if (!cert.isEmpty()) {
        throw new CheckFailed("a client certificate needs TLS: set WADISPATCH_CA_CERT");
      }
      System.err.println("WADISPATCH_CA_CERT is not set: plaintext, for a local gateway only");
      transport = InsecureChannelCredentials.create();
    } else {
      // The server name checked against the certificate is the target's host.
      TlsChannelCredentials.Builder tls =
          TlsChannelCredentials.newBuilder().trustManager(new File(ca));
      if (!cert.isEmpty()) {
        tls.keyManager(new File(cert), new File(certKey)); // the key in PKCS#8 PEM
      }
      transport = tls.build();
    }
    if (key.isEmpty()) {
      System.err.println("WADISPATCH_KEY is not set: calls carry no API key");
      return transport;
    }
    return CompositeChannelCredentials.create(transport, new BearerKey(key, ca.isEmpty()));
  }

  /** An environment variable's value, trimmed; {@code otherwise} when it is unset or empty. */
  private static String env(String name, String otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : value.trim();
  }

  public static void main(String[] args) throws InterruptedException {
    String target = env("WADISPATCH_ADDR", "127.0.0.1:50051");
    // One absolute deadline for the whole run, shared by every call (the resumed stream too),
    // so the example can never hang. A Deadline is a point in time, unlike a per-call timeout.
    Deadline deadline = Deadline.after(120, TimeUnit.SECONDS);
    try {
      run(target, credentials(), deadline);
    } catch (IOException e) {
      System.err.println("cannot read the TLS files: " + e.getMessage());
      System.exit(1);
    } catch (StatusRuntimeException e) {
      // The status code and description; e.getStatus().getCause() holds any transport error.
      System.err.println(
          "RPC failed: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      System.exit(1);
    } catch (CheckFailed e) {
      System.err.println("check failed: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void run(String target, ChannelCredentials credentials, Deadline deadline)
      throws CheckFailed, InterruptedException {
    // 1. Create a task to 100 individuals; the platform picks the sender accounts.
    CreateUnassignedTaskRequest.Builder create =
        CreateUnassignedTaskRequest.newBuilder()
            .setOptions(
                TaskOptions.newBuilder()
                    .setName("example-java")
                    .setTargetType(TargetType.TARGET_TYPE_INDIVIDUAL))
            .addContents(
                MessageContent.newBuilder()
                    .setText(TextContent.newBuilder().setText("Hello from the java example")));
    for (int i = 1; i <= 100; i++) {
      create.addTargets(String.format("86152%08d", i));
    }
    // One request id for this create, made once and sent with every attempt: the gateway sends a
    // request id to the platform at most once, so retrying cannot create a second task.
    CreateUnassignedTaskRequest request =
        create.setRequestId(UUID.randomUUID().toString()).build();

    String taskId;
    String lastCursor = "";
    TaskProgress lastProgress = null;
    int recipientUpdates = 0;
    boolean dropped = false;
    ManagedChannel channel = Grpc.newChannelBuilder(target, credentials).build();
    Context.CancellableContext watch = Context.current().withCancellation();
    try {
      // 0. Who the gateway takes us for: proves the key (or client certificate) reached it.
      GetCallerResponse caller =
          CallerServiceGrpc.newBlockingStub(channel)
              .withDeadline(deadline)
              .getCaller(GetCallerRequest.getDefaultInstance());
      System.out.println("caller " + caller.getName() + " (" + caller.getSource() + ")");

      TaskServiceBlockingStub tasks =
          TaskServiceGrpc.newBlockingStub(channel).withDeadline(deadline);
      taskId = createTask(tasks, request, deadline);
      System.out.println(
          "created task " + taskId + " (request_id " + request.getRequestId() + ")");

      // The guarantee at work: the same request again, as a retry whose answer was lost would
      // send it, is answered from the gateway's record of the first, with no second task.
      String again = createTask(tasks, request, deadline);
      if (!again.equals(taskId)) {
        throw new CheckFailed(
            "the retry with request_id " + request.getRequestId() + " answered task " + again
                + ", not " + taskId);
      }
      System.out.println("retry with the same request id answered the same task " + again);

      // 2. Watch it. A blocking server stream is an Iterator. Starting the call while a
      // CancellableContext is attached ties the call to it: cancelling the context is how a
      // blocking caller stops a stream early.
      Iterator<WatchTaskResponse> stream;
      Context previous = watch.attach();
      try {
        stream =
            tasks.watchTask(
                WatchTaskRequest.newBuilder()
                    .setTaskId(taskId)
                    .setEndWhenFinal(true) // the stream ends once the task is final
                    .build());
      } finally {
        watch.detach(previous);
      }
      while (stream.hasNext()) {
        WatchTaskResponse msg = stream.next();
        // Keep the cursor of the last message processed: it is where a resume starts from.
        lastCursor = msg.getCursor();
        lastProgress = printProgress(msg, lastProgress);
        if (msg.hasRecipientStatus() && ++recipientUpdates == DROP_AFTER_RECIPIENT_UPDATES) {
          dropped = true;
          break;
        }
      }
    } finally {
      // 3. Drop the connection as a network failure would: cancel the call, then close the
      // channel without waiting for anything in flight.
      watch.cancel(null);
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    ManagedChannel resumed = Grpc.newChannelBuilder(target, credentials).build();
    try {
      TaskServiceBlockingStub resumedTasks =
          TaskServiceGrpc.newBlockingStub(resumed).withDeadline(deadline);
      if (dropped) {
        System.out.println("dropped connection after cursor " + lastCursor);
        // Resuming with after_cursor continues right after the last message processed: no gap,
        // no duplicate. Cursors from this gateway are decimal sequence numbers that only grow.
        Iterator<WatchTaskResponse> stream =
            resumedTasks.watchTask(
                WatchTaskRequest.newBuilder()
                    .setTaskId(taskId)
                    .setAfterCursor(lastCursor)
                    .setEndWhenFinal(true)
                    .build());
        System.out.println("resumed after cursor " + lastCursor);
        long previous = Long.parseUnsignedLong(lastCursor);
        // Runs until the server ends the stream (end_when_final) or the deadline expires.
        while (stream.hasNext()) {
          WatchTaskResponse msg = stream.next();
          // Events must come strictly after the previous one. Heartbeats (which repeat the
          // latest cursor) and snapshots (a state, not an event) are left out of the check.
          if (!msg.hasHeartbeat() && !msg.hasSnapshot()) {
            long cursor = Long.parseUnsignedLong(msg.getCursor());
            if (Long.compareUnsigned(cursor, previous) <= 0) {
              throw new CheckFailed(
                  "cursor " + msg.getCursor() + " is not after the previous cursor "
                      + Long.toUnsignedString(previous));
            }
            previous = cursor;
          }
          lastCursor = msg.getCursor();
          lastProgress = printProgress(msg, lastProgress);
        }
      }
      if (lastProgress == null) {
        throw new CheckFailed("the stream carried no progress");
      }

      // 4. The stream ended because the task is final: its last progress must match what the
      // platform reports for every recipient.
      GetTaskExecutionStatusResponse status =
          resumedTasks.getTaskExecutionStatus(
              GetTaskExecutionStatusRequest.newBuilder().setTaskId(taskId).build());
      Map<RecipientStatus, Integer> platform = new EnumMap<>(RecipientStatus.class);
      for (RecipientState r : status.getRecipientsList()) {
        platform.merge(r.getStatus(), 1, Integer::sum);
      }
      Map<RecipientStatus, Integer> watched = new EnumMap<>(RecipientStatus.class);
      for (RecipientCount c : lastProgress.getCountsList()) {
        if (c.getCount() > 0) {
          watched.merge(c.getStatus(), c.getCount(), Integer::sum);
        }
      }
      if (!platform.equals(watched)) {
        throw new CheckFailed(
            "final progress does not match the platform: watched " + watched + ", platform "
                + platform);
      }
      System.out.println(
          "final progress matches the platform: " + completed(lastProgress) + "/"
              + lastProgress.getTotal());
      System.out.println("task " + taskId + " completed");
    } finally {
      // An orderly close: let anything in flight finish.
      resumed.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Sends the create with a deadline of its own and, if that attempt timed out or found no gateway
   * (DEADLINE_EXCEEDED, UNAVAILABLE), sends the very same request (the same request_id) once
   * more: the gateway answers the retry from its record of the first attempt, or sends it if the
   * first never reached the platform. Returns the task id.
   */
  private static String createTask(
      TaskServiceBlockingStub tasks, CreateUnassignedTaskRequest request, Deadline deadline)
      throws CheckFailed, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        // A stub holds one deadline: this attempt's, or the run's if that comes first.
        return tasks
            .withDeadline(
                Deadline.after(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS).minimum(deadline))
            .createUnassignedTask(request)
            .getTaskId();
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (attempt == 1
            && (code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.UNAVAILABLE)) {
          System.out.println(
              "CreateUnassignedTask: " + code + "; sending the same request (request_id "
                  + request.getRequestId() + ") once more");
          Thread.sleep(1000); // a moment for a restarting gateway or a flapping network
          continue;
        }
        ErrorInfo info = errorInfo(e);
        if (code == Status.Code.ABORTED && info != null
            && info.getReason().equals("OUTCOME_UNKNOWN")) {
          // An earlier attempt was sent and its answer lost (a timeout, a broken connection, a
          // gateway restart): the gateway will not send this request again, and only the
          // platform knows whether the task exists. The metadata say where to look:
          // first_attempt_cursor (WatchTask after it) and evidence_task_ids, tasks seen since
          // then that send to these recipients.
          throw new CheckFailed(
              "CreateUnassignedTask (request_id " + request.getRequestId() + "): "
                  + e.getStatus().getDescription() + " " + info.getMetadataMap()
                  + ". Stopping: this request id is never sent again, and a new one could create"
                  + " a second task; check the platform for it first");
        }
        throw e;
      }
    }
  }

  /** The google.rpc.ErrorInfo the gateway puts in every error it reports, if there is one. */
  private static ErrorInfo errorInfo(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return null;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException malformed) {
          return null;
        }
      }
    }
    return null;
  }

  /** Prints the message's progress line; returns the progress to remember. */
  private static TaskProgress printProgress(WatchTaskResponse msg, TaskProgress previous) {
    if (!msg.hasProgress()) {
      return previous;
    }
    TaskProgress p = msg.getProgress();
    System.out.println(
        "progress " + completed(p) + "/" + p.getTotal() + " status=" + p.getStatus().name()
            + " cursor=" + msg.getCursor());
    return p;
  }

  /** Recipients in a final status. */
  private static int completed(TaskProgress p) {
    return p.getCountsList().stream()
        .filter(c -> FINAL.contains(c.getStatus()))
        .mapToInt(RecipientCount::getCount)
        .sum();
  }
}
