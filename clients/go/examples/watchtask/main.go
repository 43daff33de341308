// Command watchtask walks through the wadispatch gateway's task API: it says who the gateway
// takes it for (CallerService.GetCaller), creates a task with a request_id so that the create can
// be retried safely (and sends it twice to show it), follows its progress with WatchTask,
// drops the connection on purpose halfway and resumes from the last cursor on a new one, then
// checks the final progress against GetTaskExecutionStatus.
//
//	WADISPATCH_ADDR=127.0.0.1:50051 WADISPATCH_CA_CERT=ca.pem WADISPATCH_KEY=wdk_... \
//	  go run ./examples/watchtask
//
// Settings, from the environment:
//
//	WADISPATCH_ADDR         the gateway's gRPC address (default 127.0.0.1:50051)
//	WADISPATCH_KEY          the API key, sent as `authorization: Bearer <key>` on every call
//	WADISPATCH_CA_CERT      PEM file of the CA that signed the gateway's certificate: TLS.
//	                        Unset: plaintext, for a local gateway such as `demo` only
//	WADISPATCH_CLIENT_CERT  PEM client certificate and key, for a gateway that asks for one
//	WADISPATCH_CLIENT_KEY   (mutual TLS); both or neither
package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"strconv"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	wadispatchv1 "github.com/wadispatch/wadispatch-gateway/clients/go/wadispatch/v1"
)

// createTimeout bounds each CreateUnassignedTask attempt, so that a lost answer turns into a
// retry rather than a wait until the run's deadline.
const createTimeout = 10 * time.Second

// dropAfter is how many recipient_status updates the first stream delivers before we drop it.
const dropAfter = 5

// finalStatuses are the recipient statuses that never change again.
var finalStatuses = map[wadispatchv1.RecipientStatus]bool{
	wadispatchv1.RecipientStatus_RECIPIENT_STATUS_READ_REPLIED:  true,
	wadispatchv1.RecipientStatus_RECIPIENT_STATUS_READ_NO_REPLY: true,
	wadispatchv1.RecipientStatus_RECIPIENT_STATUS_SEND_FAILED:   true,
}

func main() {
	addr := env("WADISPATCH_ADDR")
	if addr == "" {
		addr = "127.0.0.1:50051"
	}
	opts, err := dialOptions()
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	// Bound the whole run: every call below derives its context from this one, so the
	// program can never hang, whatever the gateway does.
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	err = run(ctx, addr, opts)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// env is an environment variable's value, trimmed; empty when unset.
func env(name string) string { return strings.TrimSpace(os.Getenv(name)) }

// bearerKey sends the API key with every call, unary or stream.
type bearerKey struct {
	key       string
	plaintext bool // the channel has no TLS: a local gateway
}

func (k bearerKey) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + k.key}, nil
}

// RequireTransportSecurity makes gRPC refuse to send the key over a channel without TLS,
// unless plaintext was chosen on purpose (no WADISPATCH_CA_CERT).
func (k bearerKey) RequireTransportSecurity() bool { return !k.plaintext }

// dialOptions reads the TLS files and the key named by the environment. The same options serve
// every channel the example opens.
func dialOptions() ([]grpc.DialOption, error) {
	caFile := env("WADISPATCH_CA_CERT")
	certFile, keyFile := env("WADISPATCH_CLIENT_CERT"), env("WADISPATCH_CLIENT_KEY")
	if (certFile == "") != (keyFile == "") {
		return nil, errors.New("set both WADISPATCH_CLIENT_CERT and WADISPATCH_CLIENT_KEY, or neither")
	}
	var opts []grpc.DialOption
	if caFile == "" {
		if certFile != "" {
			return nil, errors.New("a client certificate needs TLS: set WADISPATCH_CA_CERT")
		}
		fmt.Fprintln(os.Stderr, "WADISPATCH_CA_CERT is not set: plaintext, for a local gateway only")
		opts = append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	} else {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("WADISPATCH_CA_CERT: %w", err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("WADISPATCH_CA_CERT: no PEM certificate in %s", caFile)
		}
		// The server name checked against the certificate is the address's host.
		config := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
		if certFile != "" {
			pair, err := tls.LoadX509KeyPair(certFile, keyFile)
			if err != nil {
				return nil, fmt.Errorf("WADISPATCH_CLIENT_CERT/WADISPATCH_CLIENT_KEY: %w", err)
			}
			config.Certificates = []tls.Certificate{pair}
		}
		opts = append(opts, grpc.WithTransportCredentials(credentials.NewTLS(config)))
	}
	if key := env("WADISPATCH_KEY"); key != "" {
		opts = append(opts, grpc.WithPerRPCCredentials(bearerKey{key: key, plaintext: caFile == ""}))
	} else {
		fmt.Fprintln(os.Stderr, "WADISPATCH_KEY is not set: calls carry no API key")
	}
	return opts, nil
}

// connect opens a channel to the gateway. grpc.NewClient connects lazily, on the first call.
func connect(addr string, opts []grpc.DialOption) (*grpc.ClientConn, wadispatchv1.TaskServiceClient, error) {
	conn, err := grpc.NewClient(addr, opts...)
	if err != nil {
		return nil, nil, err
	}
	return conn, wadispatchv1.NewTaskServiceClient(conn), nil
}

func run(ctx context.Context, addr string, opts []grpc.DialOption) error {
	conn, client, err := connect(addr, opts)
	if err != nil {
		return err
	}
	// Close whichever channel is open at the end (the first one is replaced halfway).
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()

	// 0. Who the gateway takes us for: proves the key (or client certificate) reached it.
	caller, err := wadispatchv1.NewCallerServiceClient(conn).GetCaller(ctx, &wadispatchv1.GetCallerRequest{})
	if err != nil {
		return fmt.Errorf("GetCaller: %w", err)
	}
	fmt.Printf("caller %s (%s)\n", caller.GetName(), caller.GetSource())

	// 1. A task to 100 individuals; the platform picks the sender accounts.
	targets := make([]string, 100)
	for i := range targets {
		targets[i] = fmt.Sprintf("86152%08d", i+1)
	}
	// One request id for this create, made once and sent with every attempt: the gateway sends
	// a request id to the platform at most once, so retrying cannot create a second task.
	create := &wadispatchv1.CreateUnassignedTaskRequest{
		Options: &wadispatchv1.TaskOptions{
			Name:       "example-go",
			TargetType: wadispatchv1.TargetType_TARGET_TYPE_INDIVIDUAL,
		},
		Targets: targets,
		Contents: []*wadispatchv1.MessageContent{{
			Kind: &wadispatchv1.MessageContent_Text{
				Text: &wadispatchv1.TextContent{Text: "Hello from the go example"},
			},
		}},
		RequestId: newRequestID(),
	}
	created, err := createTask(ctx, client, create)
	if err != nil {
		return err
	}
	taskID := created.GetTaskId()
	fmt.Printf("created task %s (request_id %s)\n", taskID, create.GetRequestId())

	// The guarantee at work: the same request again, as a retry whose answer was lost would
	// send it, is answered from the gateway's record of the first, with no second task.
	again, err := createTask(ctx, client, create)
	if err != nil {
		return err
	}
	if again.GetTaskId() != taskID {
		return fmt.Errorf("the retry with request_id %s answered task %s, not %s", create.GetRequestId(), again.GetTaskId(), taskID)
	}
	fmt.Printf("retry with the same request id answered the same task %s\n", again.GetTaskId())

	// 2. Watch it. Without after_cursor the stream starts now: a snapshot, then live events.
	// end_when_final makes the gateway end the stream once the task is completed or stopped.
	var w watcher
	streamCtx, cancelStream := context.WithCancel(ctx)
	stream, err := client.WatchTask(streamCtx, &wadispatchv1.WatchTaskRequest{
		TaskId:       taskID,
		EndWhenFinal: true,
	})
	if err == nil {
		err = w.follow(stream, dropAfter)
	}
	// 3. Drop the connection the way a network failure would: cancel the call, close the channel.
	cancelStream()
	conn.Close()
	if err != nil {
		return err
	}
	fmt.Printf("dropped connection after cursor %s\n", w.cursor)

	// Resume on a brand-new channel. after_cursor = the last cursor we processed: the gateway
	// replays from its durable log everything after it, with no gap and no duplicate, then
	// carries on live. (It opens with a fresh snapshot too, whose cursor is the one we sent.)
	conn, client, err = connect(addr, opts)
	if err != nil {
		return err
	}
	stream, err = client.WatchTask(ctx, &wadispatchv1.WatchTaskRequest{
		TaskId:       taskID,
		AfterCursor:  w.cursor,
		EndWhenFinal: true,
	})
	if err != nil {
		return fmt.Errorf("WatchTask: %w", err)
	}
	fmt.Printf("resumed after cursor %s\n", w.cursor)
	w.resumedAt = w.cursor
	if err := w.follow(stream, 0); err != nil {
		return err
	}

	// 4. The stream has ended: the task is final. Compare what the stream counted with what the
	// platform reports.
	execution, err := client.GetTaskExecutionStatus(ctx, &wadispatchv1.GetTaskExecutionStatusRequest{TaskId: taskID})
	if err != nil {
		return fmt.Errorf("GetTaskExecutionStatus: %w", err)
	}
	platform := map[wadispatchv1.RecipientStatus]int32{}
	for _, r := range execution.GetRecipients() {
		platform[r.GetStatus()]++
	}
	watched := map[wadispatchv1.RecipientStatus]int32{}
	for _, c := range w.progress.GetCounts() {
		if c.GetCount() != 0 {
			watched[c.GetStatus()] = c.GetCount()
		}
	}
	if !maps.Equal(watched, platform) {
		return fmt.Errorf("final progress mismatch: the stream counted %v, the platform reports %v", watched, platform)
	}
	fmt.Printf("final progress matches the platform: %d/%d\n", completed(w.progress), w.progress.GetTotal())
	if s := execution.GetStatus(); s != wadispatchv1.TaskStatus_TASK_STATUS_COMPLETED {
		return fmt.Errorf("task %s ended %s", taskID, s)
	}
	fmt.Printf("task %s completed\n", taskID)
	return nil
}

// createTask sends req with a deadline of its own and, if that attempt timed out or found no
// gateway (DEADLINE_EXCEEDED, UNAVAILABLE), sends the very same request (the same request_id)
// once more: the gateway answers the retry from its record of the first attempt, or sends it if
// the first never reached the platform.
func createTask(ctx context.Context, client wadispatchv1.TaskServiceClient, req *wadispatchv1.CreateUnassignedTaskRequest) (*wadispatchv1.CreateUnassignedTaskResponse, error) {
	var created *wadispatchv1.CreateUnassignedTaskResponse
	var err error
	for attempt := 1; attempt <= 2; attempt++ {
		callCtx, cancel := context.WithTimeout(ctx, createTimeout)
		created, err = client.CreateUnassignedTask(callCtx, req)
		cancel()
		code := status.Code(err)
		if attempt == 2 || (code != codes.DeadlineExceeded && code != codes.Unavailable) {
			break
		}
		fmt.Printf("CreateUnassignedTask: %s; sending the same request (request_id %s) once more\n", code, req.GetRequestId())
		time.Sleep(time.Second) // a moment for a restarting gateway or a flapping network
	}
	if err == nil {
		return created, nil
	}
	if st := status.Convert(err); st.Code() == codes.Aborted {
		for _, detail := range st.Details() {
			if info, ok := detail.(*errdetails.ErrorInfo); ok && info.GetReason() == "OUTCOME_UNKNOWN" {
				// An earlier attempt was sent and its answer lost (a timeout, a broken connection, a
				// gateway restart): the gateway will not send this request again, and only the
				// platform knows whether the task exists. The metadata say where to look:
				// first_attempt_cursor (WatchTask after it) and evidence_task_ids, tasks seen since
				// then that send to these recipients.
				return nil, fmt.Errorf("CreateUnassignedTask (request_id %s): %s %v. Stopping: this request id "+
					"is never sent again, and a new one could create a second task; check the platform for it first",
					req.GetRequestId(), st.Message(), info.GetMetadata())
			}
		}
	}
	return nil, fmt.Errorf("CreateUnassignedTask: %w", err)
}

// newRequestID makes a random (version 4) UUID, the form request_id takes. crypto/rand.Read
// cannot fail (it crashes the program rather than return weak bytes).
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // the RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// watcher follows WatchTask streams and remembers where to resume.
type watcher struct {
	cursor    string                     // cursor of the last message processed
	progress  *wadispatchv1.TaskProgress // the latest progress
	updates   int                        // recipient_status updates seen
	resumedAt string                     // after a resume: the cursor resumed after
	lastEvent uint64                     // after a resume: cursor of the last event checked
}

// follow prints every message of stream until the stream ends, or until the updates-th
// recipient_status update when updates > 0 (it is an error if the stream ends first).
func (w *watcher) follow(stream grpc.ServerStreamingClient[wadispatchv1.WatchTaskResponse], updates int) error {
	if w.resumedAt != "" {
		n, err := parseCursor(w.resumedAt)
		if err != nil {
			return err
		}
		w.lastEvent = n
	}
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if updates > 0 {
				return fmt.Errorf("the stream ended after %d recipient updates, before the planned drop", w.updates)
			}
			return nil // end_when_final: the task is completed or stopped
		}
		if err != nil {
			return fmt.Errorf("WatchTask: %w", err)
		}
		if err := w.check(msg); err != nil {
			return err
		}
		// Process the message, then remember its cursor: resuming after it never skips
		// anything we have not handled.
		if p := msg.GetProgress(); p != nil {
			w.progress = p
			fmt.Printf("progress %d/%d status=%s cursor=%s\n", completed(p), p.GetTotal(), p.GetStatus(), msg.GetCursor())
		}
		w.cursor = msg.GetCursor()
		if msg.GetRecipientStatus() != nil {
			w.updates++
			if w.updates == updates {
				return nil
			}
		}
	}
}

// check verifies, after a resume, that events arrive in log order with nothing replayed: each
// cursor strictly greater than the one before. Snapshots and heartbeats are exempt: they
// carry the cursor the stream is at, not a new event's.
func (w *watcher) check(msg *wadispatchv1.WatchTaskResponse) error {
	if w.resumedAt == "" || msg.GetSnapshot() != nil || msg.GetHeartbeat() != nil {
		return nil
	}
	n, err := parseCursor(msg.GetCursor())
	if err != nil {
		return err
	}
	if n <= w.lastEvent {
		return fmt.Errorf("cursor %s after resuming is not after the previous cursor %d", msg.GetCursor(), w.lastEvent)
	}
	w.lastEvent = n
	return nil
}

// parseCursor reads a cursor of this gateway, a log sequence number in decimal. To resume,
// clients need not look inside cursors; this example does only to check their order.
func parseCursor(cursor string) (uint64, error) {
	n, err := strconv.ParseUint(cursor, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("cursor %q is not a decimal sequence number", cursor)
	}
	return n, nil
}

// completed sums the recipients in a final status.
func completed(p *wadispatchv1.TaskProgress) int32 {
	var n int32
	for _, c := range p.GetCounts() {
		if finalStatuses[c.GetStatus()] {
			n += c.GetCount()
		}
	}
	return n
}
