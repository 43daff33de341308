// The wadispatch.v1 API: every message (`…Schema`, made with `create` from @bufbuild/protobuf),
// every enum, and the service descriptors (`TaskService`, `AccountService`, …) that Connect's
// `createClient` takes, with any of its transports: gRPC or gRPC-Web from Node
// (@connectrpc/connect-node), gRPC-Web from a browser (@connectrpc/connect-web).
// Generated from proto/ into src/gen by .ci/codegen.sh; this file only gathers them.
export * from "./gen/wadispatch/v1/account_pb.js";
export * from "./gen/wadispatch/v1/audience_pb.js";
export * from "./gen/wadispatch/v1/caller_pb.js";
export * from "./gen/wadispatch/v1/cloud_port_pb.js";
export * from "./gen/wadispatch/v1/common_pb.js";
export * from "./gen/wadispatch/v1/conversation_pb.js";
export * from "./gen/wadispatch/v1/events_pb.js";
export * from "./gen/wadispatch/v1/scan_task_pb.js";
export * from "./gen/wadispatch/v1/task_pb.js";
