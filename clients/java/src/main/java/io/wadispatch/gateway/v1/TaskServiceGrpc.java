package io.wadispatch.gateway.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Mass-dispatch tasks: the eight create modes, execution status and batch control.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class TaskServiceGrpc {

  private TaskServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "wadispatch.v1.TaskService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest,
      io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse> getCreateSingleTargetTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateSingleTargetTask",
      requestType = io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest,
      io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse> getCreateSingleTargetTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest, io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse> getCreateSingleTargetTaskMethod;
    if ((getCreateSingleTargetTaskMethod = TaskServiceGrpc.getCreateSingleTargetTaskMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getCreateSingleTargetTaskMethod = TaskServiceGrpc.getCreateSingleTargetTaskMethod) == null) {
          TaskServiceGrpc.getCreateSingleTargetTaskMethod = getCreateSingleTargetTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest, io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateSingleTargetTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("CreateSingleTargetTask"))
              .build();
        }
      }
    }
    return getCreateSingleTargetTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreatePairedTaskRequest,
      io.wadispatch.gateway.v1.CreatePairedTaskResponse> getCreatePairedTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreatePairedTask",
      requestType = io.wadispatch.gateway.v1.CreatePairedTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.CreatePairedTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreatePairedTaskRequest,
      io.wadispatch.gateway.v1.CreatePairedTaskResponse> getCreatePairedTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreatePairedTaskRequest, io.wadispatch.gateway.v1.CreatePairedTaskResponse> getCreatePairedTaskMethod;
    if ((getCreatePairedTaskMethod = TaskServiceGrpc.getCreatePairedTaskMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getCreatePairedTaskMethod = TaskServiceGrpc.getCreatePairedTaskMethod) == null) {
          TaskServiceGrpc.getCreatePairedTaskMethod = getCreatePairedTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreatePairedTaskRequest, io.wadispatch.gateway.v1.CreatePairedTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreatePairedTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreatePairedTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreatePairedTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("CreatePairedTask"))
              .build();
        }
      }
    }
    return getCreatePairedTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreatePairedContentTaskRequest,
      io.wadispatch.gateway.v1.CreatePairedContentTaskResponse> getCreatePairedContentTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreatePairedContentTask",
      requestType = io.wadispatch.gateway.v1.CreatePairedContentTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.CreatePairedContentTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreatePairedContentTaskRequest,
      io.wadispatch.gateway.v1.CreatePairedContentTaskResponse> getCreatePairedContentTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreatePairedContentTaskRequest, io.wadispatch.gateway.v1.CreatePairedContentTaskResponse> getCreatePairedContentTaskMethod;
    if ((getCreatePairedContentTaskMethod = TaskServiceGrpc.getCreatePairedContentTaskMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getCreatePairedContentTaskMethod = TaskServiceGrpc.getCreatePairedContentTaskMethod) == null) {
          TaskServiceGrpc.getCreatePairedContentTaskMethod = getCreatePairedContentTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreatePairedContentTaskRequest, io.wadispatch.gateway.v1.CreatePairedContentTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreatePairedContentTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreatePairedContentTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreatePairedContentTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("CreatePairedContentTask"))
              .build();
        }
      }
    }
    return getCreatePairedContentTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreatePooledTaskRequest,
      io.wadispatch.gateway.v1.CreatePooledTaskResponse> getCreatePooledTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreatePooledTask",
      requestType = io.wadispatch.gateway.v1.CreatePooledTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.CreatePooledTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreatePooledTaskRequest,
      io.wadispatch.gateway.v1.CreatePooledTaskResponse> getCreatePooledTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreatePooledTaskRequest, io.wadispatch.gateway.v1.CreatePooledTaskResponse> getCreatePooledTaskMethod;
    if ((getCreatePooledTaskMethod = TaskServiceGrpc.getCreatePooledTaskMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getCreatePooledTaskMethod = TaskServiceGrpc.getCreatePooledTaskMethod) == null) {
          TaskServiceGrpc.getCreatePooledTaskMethod = getCreatePooledTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreatePooledTaskRequest, io.wadispatch.gateway.v1.CreatePooledTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreatePooledTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreatePooledTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreatePooledTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("CreatePooledTask"))
              .build();
        }
      }
    }
    return getCreatePooledTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest,
      io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse> getCreateAccountGroupTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateAccountGroupTask",
      requestType = io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest,
      io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse> getCreateAccountGroupTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest, io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse> getCreateAccountGroupTaskMethod;
    if ((getCreateAccountGroupTaskMethod = TaskServiceGrpc.getCreateAccountGroupTaskMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getCreateAccountGroupTaskMethod = TaskServiceGrpc.getCreateAccountGroupTaskMethod) == null) {
          TaskServiceGrpc.getCreateAccountGroupTaskMethod = getCreateAccountGroupTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest, io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateAccountGroupTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("CreateAccountGroupTask"))
              .build();
        }
      }
    }
    return getCreateAccountGroupTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest,
      io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse> getCreateUnassignedSingleTargetTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateUnassignedSingleTargetTask",
      requestType = io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest,
      io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse> getCreateUnassignedSingleTargetTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest, io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse> getCreateUnassignedSingleTargetTaskMethod;
    if ((getCreateUnassignedSingleTargetTaskMethod = TaskServiceGrpc.getCreateUnassignedSingleTargetTaskMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getCreateUnassignedSingleTargetTaskMethod = TaskServiceGrpc.getCreateUnassignedSingleTargetTaskMethod) == null) {
          TaskServiceGrpc.getCreateUnassignedSingleTargetTaskMethod = getCreateUnassignedSingleTargetTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest, io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateUnassignedSingleTargetTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("CreateUnassignedSingleTargetTask"))
              .build();
        }
      }
    }
    return getCreateUnassignedSingleTargetTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateUnassignedTaskRequest,
      io.wadispatch.gateway.v1.CreateUnassignedTaskResponse> getCreateUnassignedTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateUnassignedTask",
      requestType = io.wadispatch.gateway.v1.CreateUnassignedTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.CreateUnassignedTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateUnassignedTaskRequest,
      io.wadispatch.gateway.v1.CreateUnassignedTaskResponse> getCreateUnassignedTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateUnassignedTaskRequest, io.wadispatch.gateway.v1.CreateUnassignedTaskResponse> getCreateUnassignedTaskMethod;
    if ((getCreateUnassignedTaskMethod = TaskServiceGrpc.getCreateUnassignedTaskMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getCreateUnassignedTaskMethod = TaskServiceGrpc.getCreateUnassignedTaskMethod) == null) {
          TaskServiceGrpc.getCreateUnassignedTaskMethod = getCreateUnassignedTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreateUnassignedTaskRequest, io.wadispatch.gateway.v1.CreateUnassignedTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateUnassignedTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateUnassignedTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateUnassignedTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("CreateUnassignedTask"))
              .build();
        }
      }
    }
    return getCreateUnassignedTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateConditionalTaskRequest,
      io.wadispatch.gateway.v1.CreateConditionalTaskResponse> getCreateConditionalTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateConditionalTask",
      requestType = io.wadispatch.gateway.v1.CreateConditionalTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.CreateConditionalTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateConditionalTaskRequest,
      io.wadispatch.gateway.v1.CreateConditionalTaskResponse> getCreateConditionalTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateConditionalTaskRequest, io.wadispatch.gateway.v1.CreateConditionalTaskResponse> getCreateConditionalTaskMethod;
    if ((getCreateConditionalTaskMethod = TaskServiceGrpc.getCreateConditionalTaskMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getCreateConditionalTaskMethod = TaskServiceGrpc.getCreateConditionalTaskMethod) == null) {
          TaskServiceGrpc.getCreateConditionalTaskMethod = getCreateConditionalTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreateConditionalTaskRequest, io.wadispatch.gateway.v1.CreateConditionalTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateConditionalTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateConditionalTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateConditionalTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("CreateConditionalTask"))
              .build();
        }
      }
    }
    return getCreateConditionalTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest,
      io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse> getGetTaskExecutionStatusMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetTaskExecutionStatus",
      requestType = io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest.class,
      responseType = io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest,
      io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse> getGetTaskExecutionStatusMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest, io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse> getGetTaskExecutionStatusMethod;
    if ((getGetTaskExecutionStatusMethod = TaskServiceGrpc.getGetTaskExecutionStatusMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getGetTaskExecutionStatusMethod = TaskServiceGrpc.getGetTaskExecutionStatusMethod) == null) {
          TaskServiceGrpc.getGetTaskExecutionStatusMethod = getGetTaskExecutionStatusMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest, io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetTaskExecutionStatus"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("GetTaskExecutionStatus"))
              .build();
        }
      }
    }
    return getGetTaskExecutionStatusMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.StartTasksRequest,
      io.wadispatch.gateway.v1.StartTasksResponse> getStartTasksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "StartTasks",
      requestType = io.wadispatch.gateway.v1.StartTasksRequest.class,
      responseType = io.wadispatch.gateway.v1.StartTasksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.StartTasksRequest,
      io.wadispatch.gateway.v1.StartTasksResponse> getStartTasksMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.StartTasksRequest, io.wadispatch.gateway.v1.StartTasksResponse> getStartTasksMethod;
    if ((getStartTasksMethod = TaskServiceGrpc.getStartTasksMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getStartTasksMethod = TaskServiceGrpc.getStartTasksMethod) == null) {
          TaskServiceGrpc.getStartTasksMethod = getStartTasksMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.StartTasksRequest, io.wadispatch.gateway.v1.StartTasksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "StartTasks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.StartTasksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.StartTasksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("StartTasks"))
              .build();
        }
      }
    }
    return getStartTasksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.PauseTasksRequest,
      io.wadispatch.gateway.v1.PauseTasksResponse> getPauseTasksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PauseTasks",
      requestType = io.wadispatch.gateway.v1.PauseTasksRequest.class,
      responseType = io.wadispatch.gateway.v1.PauseTasksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.PauseTasksRequest,
      io.wadispatch.gateway.v1.PauseTasksResponse> getPauseTasksMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.PauseTasksRequest, io.wadispatch.gateway.v1.PauseTasksResponse> getPauseTasksMethod;
    if ((getPauseTasksMethod = TaskServiceGrpc.getPauseTasksMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getPauseTasksMethod = TaskServiceGrpc.getPauseTasksMethod) == null) {
          TaskServiceGrpc.getPauseTasksMethod = getPauseTasksMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.PauseTasksRequest, io.wadispatch.gateway.v1.PauseTasksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PauseTasks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.PauseTasksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.PauseTasksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("PauseTasks"))
              .build();
        }
      }
    }
    return getPauseTasksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.StopTasksRequest,
      io.wadispatch.gateway.v1.StopTasksResponse> getStopTasksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "StopTasks",
      requestType = io.wadispatch.gateway.v1.StopTasksRequest.class,
      responseType = io.wadispatch.gateway.v1.StopTasksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.StopTasksRequest,
      io.wadispatch.gateway.v1.StopTasksResponse> getStopTasksMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.StopTasksRequest, io.wadispatch.gateway.v1.StopTasksResponse> getStopTasksMethod;
    if ((getStopTasksMethod = TaskServiceGrpc.getStopTasksMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getStopTasksMethod = TaskServiceGrpc.getStopTasksMethod) == null) {
          TaskServiceGrpc.getStopTasksMethod = getStopTasksMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.StopTasksRequest, io.wadispatch.gateway.v1.StopTasksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "StopTasks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.StopTasksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.StopTasksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("StopTasks"))
              .build();
        }
      }
    }
    return getStopTasksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.WatchTaskRequest,
      io.wadispatch.gateway.v1.WatchTaskResponse> getWatchTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchTask",
      requestType = io.wadispatch.gateway.v1.WatchTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.WatchTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.WatchTaskRequest,
      io.wadispatch.gateway.v1.WatchTaskResponse> getWatchTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.WatchTaskRequest, io.wadispatch.gateway.v1.WatchTaskResponse> getWatchTaskMethod;
    if ((getWatchTaskMethod = TaskServiceGrpc.getWatchTaskMethod) == null) {
      synchronized (TaskServiceGrpc.class) {
        if ((getWatchTaskMethod = TaskServiceGrpc.getWatchTaskMethod) == null) {
          TaskServiceGrpc.getWatchTaskMethod = getWatchTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.WatchTaskRequest, io.wadispatch.gateway.v1.WatchTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.WatchTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.WatchTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TaskServiceMethodDescriptorSupplier("WatchTask"))
              .build();
        }
      }
    }
    return getWatchTaskMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static TaskServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TaskServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TaskServiceStub>() {
        @java.lang.Override
        public TaskServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TaskServiceStub(channel, callOptions);
        }
      };
    return TaskServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static TaskServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TaskServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TaskServiceBlockingV2Stub>() {
        @java.lang.Override
        public TaskServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TaskServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return TaskServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static TaskServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TaskServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TaskServiceBlockingStub>() {
        @java.lang.Override
        public TaskServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TaskServiceBlockingStub(channel, callOptions);
        }
      };
    return TaskServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static TaskServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TaskServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TaskServiceFutureStub>() {
        @java.lang.Override
        public TaskServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TaskServiceFutureStub(channel, callOptions);
        }
      };
    return TaskServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Mass-dispatch tasks: the eight create modes, execution status and batch control.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a task from a specified account to one target.
     * Calls POST /group-dispatch-api/gsTask/assign/soCreate.
     * </pre>
     */
    default void createSingleTargetTask(io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateSingleTargetTaskMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs that all receive the same content.
     * Calls POST /group-dispatch-api/gsTask/assign/moscCreate.
     * </pre>
     */
    default void createPairedTask(io.wadispatch.gateway.v1.CreatePairedTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreatePairedTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreatePairedTaskMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs, each pair with its own content.
     * Calls POST /group-dispatch-api/gsTask/assign/modcCreate.
     * </pre>
     */
    default void createPairedContentTask(io.wadispatch.gateway.v1.CreatePairedContentTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreatePairedContentTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreatePairedContentTaskMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a task whose recipients are assigned freely to a pool of sender accounts.
     * Calls POST /group-dispatch-api/gsTask/assign/mmCreate.
     * </pre>
     */
    default void createPooledTask(io.wadispatch.gateway.v1.CreatePooledTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreatePooledTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreatePooledTaskMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a task sent by the accounts of an account (audience) group.
     * Calls POST /group-dispatch-api/gsTask/assign/groupCreate.
     * </pre>
     */
    default void createAccountGroupTask(io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateAccountGroupTaskMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a task to one target, the platform choosing the sender account.
     * Calls POST /group-dispatch-api/gsTask/noAssign/soCreate.
     * </pre>
     */
    default void createUnassignedSingleTargetTask(io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateUnassignedSingleTargetTaskMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a task to many targets, the platform choosing the sender accounts.
     * Calls POST /group-dispatch-api/gsTask/noAssign/moCreate.
     * </pre>
     */
    default void createUnassignedTask(io.wadispatch.gateway.v1.CreateUnassignedTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateUnassignedTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateUnassignedTaskMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a task whose targets the platform resolves from audience conditions, with optional
     * automated behaviours. Calls POST /group-dispatch-api/gsTask/noAssign/comoCreate.
     * </pre>
     */
    default void createConditionalTask(io.wadispatch.gateway.v1.CreateConditionalTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateConditionalTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateConditionalTaskMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns a task's status and every recipient's delivery status.
     * Calls GET /group-dispatch-api/gsTask/queryExecuteStatus?taskId=.
     * </pre>
     */
    default void getTaskExecutionStatus(io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetTaskExecutionStatusMethod(), responseObserver);
    }

    /**
     * <pre>
     * Starts (or resumes) tasks. Calls POST /group-dispatch-api/gsTask/batchStart.
     * </pre>
     */
    default void startTasks(io.wadispatch.gateway.v1.StartTasksRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.StartTasksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getStartTasksMethod(), responseObserver);
    }

    /**
     * <pre>
     * Pauses tasks. Calls POST /group-dispatch-api/gsTask/batchPause.
     * </pre>
     */
    default void pauseTasks(io.wadispatch.gateway.v1.PauseTasksRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.PauseTasksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPauseTasksMethod(), responseObserver);
    }

    /**
     * <pre>
     * Stops tasks for good. Calls POST /group-dispatch-api/gsTask/batchStop.
     * </pre>
     */
    default void stopTasks(io.wadispatch.gateway.v1.StopTasksRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.StopTasksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getStopTasksMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams a task's progress: first a snapshot (from GET
     * /group-dispatch-api/gsTask/queryExecuteStatus), then every task-status, recipient-status and
     * reply event the platform's webhooks deliver, from the gateway's durable log. Every message
     * has a cursor; a stream resumed with after_cursor continues with no gap and no duplicate.
     * </pre>
     */
    default void watchTask(io.wadispatch.gateway.v1.WatchTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.WatchTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchTaskMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service TaskService.
   * <pre>
   * Mass-dispatch tasks: the eight create modes, execution status and batch control.
   * </pre>
   */
  public static abstract class TaskServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return TaskServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service TaskService.
   * <pre>
   * Mass-dispatch tasks: the eight create modes, execution status and batch control.
   * </pre>
   */
  public static final class TaskServiceStub
      extends io.grpc.stub.AbstractAsyncStub<TaskServiceStub> {
    private TaskServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TaskServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TaskServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a task from a specified account to one target.
     * Calls POST /group-dispatch-api/gsTask/assign/soCreate.
     * </pre>
     */
    public void createSingleTargetTask(io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateSingleTargetTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs that all receive the same content.
     * Calls POST /group-dispatch-api/gsTask/assign/moscCreate.
     * </pre>
     */
    public void createPairedTask(io.wadispatch.gateway.v1.CreatePairedTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreatePairedTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreatePairedTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs, each pair with its own content.
     * Calls POST /group-dispatch-api/gsTask/assign/modcCreate.
     * </pre>
     */
    public void createPairedContentTask(io.wadispatch.gateway.v1.CreatePairedContentTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreatePairedContentTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreatePairedContentTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a task whose recipients are assigned freely to a pool of sender accounts.
     * Calls POST /group-dispatch-api/gsTask/assign/mmCreate.
     * </pre>
     */
    public void createPooledTask(io.wadispatch.gateway.v1.CreatePooledTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreatePooledTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreatePooledTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a task sent by the accounts of an account (audience) group.
     * Calls POST /group-dispatch-api/gsTask/assign/groupCreate.
     * </pre>
     */
    public void createAccountGroupTask(io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateAccountGroupTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a task to one target, the platform choosing the sender account.
     * Calls POST /group-dispatch-api/gsTask/noAssign/soCreate.
     * </pre>
     */
    public void createUnassignedSingleTargetTask(io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateUnassignedSingleTargetTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a task to many targets, the platform choosing the sender accounts.
     * Calls POST /group-dispatch-api/gsTask/noAssign/moCreate.
     * </pre>
     */
    public void createUnassignedTask(io.wadispatch.gateway.v1.CreateUnassignedTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateUnassignedTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateUnassignedTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a task whose targets the platform resolves from audience conditions, with optional
     * automated behaviours. Calls POST /group-dispatch-api/gsTask/noAssign/comoCreate.
     * </pre>
     */
    public void createConditionalTask(io.wadispatch.gateway.v1.CreateConditionalTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateConditionalTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateConditionalTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns a task's status and every recipient's delivery status.
     * Calls GET /group-dispatch-api/gsTask/queryExecuteStatus?taskId=.
     * </pre>
     */
    public void getTaskExecutionStatus(io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetTaskExecutionStatusMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Starts (or resumes) tasks. Calls POST /group-dispatch-api/gsTask/batchStart.
     * </pre>
     */
    public void startTasks(io.wadispatch.gateway.v1.StartTasksRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.StartTasksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getStartTasksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Pauses tasks. Calls POST /group-dispatch-api/gsTask/batchPause.
     * </pre>
     */
    public void pauseTasks(io.wadispatch.gateway.v1.PauseTasksRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.PauseTasksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPauseTasksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Stops tasks for good. Calls POST /group-dispatch-api/gsTask/batchStop.
     * </pre>
     */
    public void stopTasks(io.wadispatch.gateway.v1.StopTasksRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.StopTasksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getStopTasksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams a task's progress: first a snapshot (from GET
     * /group-dispatch-api/gsTask/queryExecuteStatus), then every task-status, recipient-status and
     * reply event the platform's webhooks deliver, from the gateway's durable log. Every message
     * has a cursor; a stream resumed with after_cursor continues with no gap and no duplicate.
     * </pre>
     */
    public void watchTask(io.wadispatch.gateway.v1.WatchTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.WatchTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchTaskMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service TaskService.
   * <pre>
   * Mass-dispatch tasks: the eight create modes, execution status and batch control.
   * </pre>
   */
  public static final class TaskServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<TaskServiceBlockingV2Stub> {
    private TaskServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TaskServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TaskServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a task from a specified account to one target.
     * Calls POST /group-dispatch-api/gsTask/assign/soCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse createSingleTargetTask(io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateSingleTargetTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs that all receive the same content.
     * Calls POST /group-dispatch-api/gsTask/assign/moscCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreatePairedTaskResponse createPairedTask(io.wadispatch.gateway.v1.CreatePairedTaskRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreatePairedTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs, each pair with its own content.
     * Calls POST /group-dispatch-api/gsTask/assign/modcCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreatePairedContentTaskResponse createPairedContentTask(io.wadispatch.gateway.v1.CreatePairedContentTaskRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreatePairedContentTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task whose recipients are assigned freely to a pool of sender accounts.
     * Calls POST /group-dispatch-api/gsTask/assign/mmCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreatePooledTaskResponse createPooledTask(io.wadispatch.gateway.v1.CreatePooledTaskRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreatePooledTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task sent by the accounts of an account (audience) group.
     * Calls POST /group-dispatch-api/gsTask/assign/groupCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse createAccountGroupTask(io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateAccountGroupTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task to one target, the platform choosing the sender account.
     * Calls POST /group-dispatch-api/gsTask/noAssign/soCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse createUnassignedSingleTargetTask(io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateUnassignedSingleTargetTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task to many targets, the platform choosing the sender accounts.
     * Calls POST /group-dispatch-api/gsTask/noAssign/moCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateUnassignedTaskResponse createUnassignedTask(io.wadispatch.gateway.v1.CreateUnassignedTaskRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateUnassignedTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task whose targets the platform resolves from audience conditions, with optional
     * automated behaviours. Calls POST /group-dispatch-api/gsTask/noAssign/comoCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateConditionalTaskResponse createConditionalTask(io.wadispatch.gateway.v1.CreateConditionalTaskRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateConditionalTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a task's status and every recipient's delivery status.
     * Calls GET /group-dispatch-api/gsTask/queryExecuteStatus?taskId=.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse getTaskExecutionStatus(io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetTaskExecutionStatusMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Starts (or resumes) tasks. Calls POST /group-dispatch-api/gsTask/batchStart.
     * </pre>
     */
    public io.wadispatch.gateway.v1.StartTasksResponse startTasks(io.wadispatch.gateway.v1.StartTasksRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getStartTasksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Pauses tasks. Calls POST /group-dispatch-api/gsTask/batchPause.
     * </pre>
     */
    public io.wadispatch.gateway.v1.PauseTasksResponse pauseTasks(io.wadispatch.gateway.v1.PauseTasksRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getPauseTasksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Stops tasks for good. Calls POST /group-dispatch-api/gsTask/batchStop.
     * </pre>
     */
    public io.wadispatch.gateway.v1.StopTasksResponse stopTasks(io.wadispatch.gateway.v1.StopTasksRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getStopTasksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams a task's progress: first a snapshot (from GET
     * /group-dispatch-api/gsTask/queryExecuteStatus), then every task-status, recipient-status and
     * reply event the platform's webhooks deliver, from the gateway's durable log. Every message
     * has a cursor; a stream resumed with after_cursor continues with no gap and no duplicate.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, io.wadispatch.gateway.v1.WatchTaskResponse>
        watchTask(io.wadispatch.gateway.v1.WatchTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getWatchTaskMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service TaskService.
   * <pre>
   * Mass-dispatch tasks: the eight create modes, execution status and batch control.
   * </pre>
   */
  public static final class TaskServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<TaskServiceBlockingStub> {
    private TaskServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TaskServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TaskServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a task from a specified account to one target.
     * Calls POST /group-dispatch-api/gsTask/assign/soCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse createSingleTargetTask(io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateSingleTargetTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs that all receive the same content.
     * Calls POST /group-dispatch-api/gsTask/assign/moscCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreatePairedTaskResponse createPairedTask(io.wadispatch.gateway.v1.CreatePairedTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreatePairedTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs, each pair with its own content.
     * Calls POST /group-dispatch-api/gsTask/assign/modcCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreatePairedContentTaskResponse createPairedContentTask(io.wadispatch.gateway.v1.CreatePairedContentTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreatePairedContentTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task whose recipients are assigned freely to a pool of sender accounts.
     * Calls POST /group-dispatch-api/gsTask/assign/mmCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreatePooledTaskResponse createPooledTask(io.wadispatch.gateway.v1.CreatePooledTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreatePooledTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task sent by the accounts of an account (audience) group.
     * Calls POST /group-dispatch-api/gsTask/assign/groupCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse createAccountGroupTask(io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateAccountGroupTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task to one target, the platform choosing the sender account.
     * Calls POST /group-dispatch-api/gsTask/noAssign/soCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse createUnassignedSingleTargetTask(io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateUnassignedSingleTargetTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task to many targets, the platform choosing the sender accounts.
     * Calls POST /group-dispatch-api/gsTask/noAssign/moCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateUnassignedTaskResponse createUnassignedTask(io.wadispatch.gateway.v1.CreateUnassignedTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateUnassignedTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a task whose targets the platform resolves from audience conditions, with optional
     * automated behaviours. Calls POST /group-dispatch-api/gsTask/noAssign/comoCreate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateConditionalTaskResponse createConditionalTask(io.wadispatch.gateway.v1.CreateConditionalTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateConditionalTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a task's status and every recipient's delivery status.
     * Calls GET /group-dispatch-api/gsTask/queryExecuteStatus?taskId=.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse getTaskExecutionStatus(io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetTaskExecutionStatusMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Starts (or resumes) tasks. Calls POST /group-dispatch-api/gsTask/batchStart.
     * </pre>
     */
    public io.wadispatch.gateway.v1.StartTasksResponse startTasks(io.wadispatch.gateway.v1.StartTasksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getStartTasksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Pauses tasks. Calls POST /group-dispatch-api/gsTask/batchPause.
     * </pre>
     */
    public io.wadispatch.gateway.v1.PauseTasksResponse pauseTasks(io.wadispatch.gateway.v1.PauseTasksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPauseTasksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Stops tasks for good. Calls POST /group-dispatch-api/gsTask/batchStop.
     * </pre>
     */
    public io.wadispatch.gateway.v1.StopTasksResponse stopTasks(io.wadispatch.gateway.v1.StopTasksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getStopTasksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams a task's progress: first a snapshot (from GET
     * /group-dispatch-api/gsTask/queryExecuteStatus), then every task-status, recipient-status and
     * reply event the platform's webhooks deliver, from the gateway's durable log. Every message
     * has a cursor; a stream resumed with after_cursor continues with no gap and no duplicate.
     * </pre>
     */
    public java.util.Iterator<io.wadispatch.gateway.v1.WatchTaskResponse> watchTask(
        io.wadispatch.gateway.v1.WatchTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchTaskMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service TaskService.
   * <pre>
   * Mass-dispatch tasks: the eight create modes, execution status and batch control.
   * </pre>
   */
  public static final class TaskServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<TaskServiceFutureStub> {
    private TaskServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TaskServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TaskServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a task from a specified account to one target.
     * Calls POST /group-dispatch-api/gsTask/assign/soCreate.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse> createSingleTargetTask(
        io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateSingleTargetTaskMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs that all receive the same content.
     * Calls POST /group-dispatch-api/gsTask/assign/moscCreate.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreatePairedTaskResponse> createPairedTask(
        io.wadispatch.gateway.v1.CreatePairedTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreatePairedTaskMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a task over bound sender/recipient pairs, each pair with its own content.
     * Calls POST /group-dispatch-api/gsTask/assign/modcCreate.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreatePairedContentTaskResponse> createPairedContentTask(
        io.wadispatch.gateway.v1.CreatePairedContentTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreatePairedContentTaskMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a task whose recipients are assigned freely to a pool of sender accounts.
     * Calls POST /group-dispatch-api/gsTask/assign/mmCreate.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreatePooledTaskResponse> createPooledTask(
        io.wadispatch.gateway.v1.CreatePooledTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreatePooledTaskMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a task sent by the accounts of an account (audience) group.
     * Calls POST /group-dispatch-api/gsTask/assign/groupCreate.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse> createAccountGroupTask(
        io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateAccountGroupTaskMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a task to one target, the platform choosing the sender account.
     * Calls POST /group-dispatch-api/gsTask/noAssign/soCreate.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse> createUnassignedSingleTargetTask(
        io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateUnassignedSingleTargetTaskMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a task to many targets, the platform choosing the sender accounts.
     * Calls POST /group-dispatch-api/gsTask/noAssign/moCreate.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreateUnassignedTaskResponse> createUnassignedTask(
        io.wadispatch.gateway.v1.CreateUnassignedTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateUnassignedTaskMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a task whose targets the platform resolves from audience conditions, with optional
     * automated behaviours. Calls POST /group-dispatch-api/gsTask/noAssign/comoCreate.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreateConditionalTaskResponse> createConditionalTask(
        io.wadispatch.gateway.v1.CreateConditionalTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateConditionalTaskMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns a task's status and every recipient's delivery status.
     * Calls GET /group-dispatch-api/gsTask/queryExecuteStatus?taskId=.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse> getTaskExecutionStatus(
        io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetTaskExecutionStatusMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Starts (or resumes) tasks. Calls POST /group-dispatch-api/gsTask/batchStart.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.StartTasksResponse> startTasks(
        io.wadispatch.gateway.v1.StartTasksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getStartTasksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Pauses tasks. Calls POST /group-dispatch-api/gsTask/batchPause.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.PauseTasksResponse> pauseTasks(
        io.wadispatch.gateway.v1.PauseTasksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPauseTasksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Stops tasks for good. Calls POST /group-dispatch-api/gsTask/batchStop.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.StopTasksResponse> stopTasks(
        io.wadispatch.gateway.v1.StopTasksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getStopTasksMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_SINGLE_TARGET_TASK = 0;
  private static final int METHODID_CREATE_PAIRED_TASK = 1;
  private static final int METHODID_CREATE_PAIRED_CONTENT_TASK = 2;
  private static final int METHODID_CREATE_POOLED_TASK = 3;
  private static final int METHODID_CREATE_ACCOUNT_GROUP_TASK = 4;
  private static final int METHODID_CREATE_UNASSIGNED_SINGLE_TARGET_TASK = 5;
  private static final int METHODID_CREATE_UNASSIGNED_TASK = 6;
  private static final int METHODID_CREATE_CONDITIONAL_TASK = 7;
  private static final int METHODID_GET_TASK_EXECUTION_STATUS = 8;
  private static final int METHODID_START_TASKS = 9;
  private static final int METHODID_PAUSE_TASKS = 10;
  private static final int METHODID_STOP_TASKS = 11;
  private static final int METHODID_WATCH_TASK = 12;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_SINGLE_TARGET_TASK:
          serviceImpl.createSingleTargetTask((io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse>) responseObserver);
          break;
        case METHODID_CREATE_PAIRED_TASK:
          serviceImpl.createPairedTask((io.wadispatch.gateway.v1.CreatePairedTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreatePairedTaskResponse>) responseObserver);
          break;
        case METHODID_CREATE_PAIRED_CONTENT_TASK:
          serviceImpl.createPairedContentTask((io.wadispatch.gateway.v1.CreatePairedContentTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreatePairedContentTaskResponse>) responseObserver);
          break;
        case METHODID_CREATE_POOLED_TASK:
          serviceImpl.createPooledTask((io.wadispatch.gateway.v1.CreatePooledTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreatePooledTaskResponse>) responseObserver);
          break;
        case METHODID_CREATE_ACCOUNT_GROUP_TASK:
          serviceImpl.createAccountGroupTask((io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse>) responseObserver);
          break;
        case METHODID_CREATE_UNASSIGNED_SINGLE_TARGET_TASK:
          serviceImpl.createUnassignedSingleTargetTask((io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse>) responseObserver);
          break;
        case METHODID_CREATE_UNASSIGNED_TASK:
          serviceImpl.createUnassignedTask((io.wadispatch.gateway.v1.CreateUnassignedTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateUnassignedTaskResponse>) responseObserver);
          break;
        case METHODID_CREATE_CONDITIONAL_TASK:
          serviceImpl.createConditionalTask((io.wadispatch.gateway.v1.CreateConditionalTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateConditionalTaskResponse>) responseObserver);
          break;
        case METHODID_GET_TASK_EXECUTION_STATUS:
          serviceImpl.getTaskExecutionStatus((io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse>) responseObserver);
          break;
        case METHODID_START_TASKS:
          serviceImpl.startTasks((io.wadispatch.gateway.v1.StartTasksRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.StartTasksResponse>) responseObserver);
          break;
        case METHODID_PAUSE_TASKS:
          serviceImpl.pauseTasks((io.wadispatch.gateway.v1.PauseTasksRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.PauseTasksResponse>) responseObserver);
          break;
        case METHODID_STOP_TASKS:
          serviceImpl.stopTasks((io.wadispatch.gateway.v1.StopTasksRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.StopTasksResponse>) responseObserver);
          break;
        case METHODID_WATCH_TASK:
          serviceImpl.watchTask((io.wadispatch.gateway.v1.WatchTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.WatchTaskResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getCreateSingleTargetTaskMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreateSingleTargetTaskRequest,
              io.wadispatch.gateway.v1.CreateSingleTargetTaskResponse>(
                service, METHODID_CREATE_SINGLE_TARGET_TASK)))
        .addMethod(
          getCreatePairedTaskMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreatePairedTaskRequest,
              io.wadispatch.gateway.v1.CreatePairedTaskResponse>(
                service, METHODID_CREATE_PAIRED_TASK)))
        .addMethod(
          getCreatePairedContentTaskMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreatePairedContentTaskRequest,
              io.wadispatch.gateway.v1.CreatePairedContentTaskResponse>(
                service, METHODID_CREATE_PAIRED_CONTENT_TASK)))
        .addMethod(
          getCreatePooledTaskMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreatePooledTaskRequest,
              io.wadispatch.gateway.v1.CreatePooledTaskResponse>(
                service, METHODID_CREATE_POOLED_TASK)))
        .addMethod(
          getCreateAccountGroupTaskMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreateAccountGroupTaskRequest,
              io.wadispatch.gateway.v1.CreateAccountGroupTaskResponse>(
                service, METHODID_CREATE_ACCOUNT_GROUP_TASK)))
        .addMethod(
          getCreateUnassignedSingleTargetTaskMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskRequest,
              io.wadispatch.gateway.v1.CreateUnassignedSingleTargetTaskResponse>(
                service, METHODID_CREATE_UNASSIGNED_SINGLE_TARGET_TASK)))
        .addMethod(
          getCreateUnassignedTaskMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreateUnassignedTaskRequest,
              io.wadispatch.gateway.v1.CreateUnassignedTaskResponse>(
                service, METHODID_CREATE_UNASSIGNED_TASK)))
        .addMethod(
          getCreateConditionalTaskMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreateConditionalTaskRequest,
              io.wadispatch.gateway.v1.CreateConditionalTaskResponse>(
                service, METHODID_CREATE_CONDITIONAL_TASK)))
        .addMethod(
          getGetTaskExecutionStatusMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetTaskExecutionStatusRequest,
              io.wadispatch.gateway.v1.GetTaskExecutionStatusResponse>(
                service, METHODID_GET_TASK_EXECUTION_STATUS)))
        .addMethod(
          getStartTasksMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.StartTasksRequest,
              io.wadispatch.gateway.v1.StartTasksResponse>(
                service, METHODID_START_TASKS)))
        .addMethod(
          getPauseTasksMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.PauseTasksRequest,
              io.wadispatch.gateway.v1.PauseTasksResponse>(
                service, METHODID_PAUSE_TASKS)))
        .addMethod(
          getStopTasksMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.StopTasksRequest,
              io.wadispatch.gateway.v1.StopTasksResponse>(
                service, METHODID_STOP_TASKS)))
        .addMethod(
          getWatchTaskMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.WatchTaskRequest,
              io.wadispatch.gateway.v1.WatchTaskResponse>(
                service, METHODID_WATCH_TASK)))
        .build();
  }

  private static abstract class TaskServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    TaskServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.wadispatch.gateway.v1.Task.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("TaskService");
    }
  }

  private static final class TaskServiceFileDescriptorSupplier
      extends TaskServiceBaseDescriptorSupplier {
    TaskServiceFileDescriptorSupplier() {}
  }

  private static final class TaskServiceMethodDescriptorSupplier
      extends TaskServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    TaskServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (TaskServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new TaskServiceFileDescriptorSupplier())
              .addMethod(getCreateSingleTargetTaskMethod())
              .addMethod(getCreatePairedTaskMethod())
              .addMethod(getCreatePairedContentTaskMethod())
              .addMethod(getCreatePooledTaskMethod())
              .addMethod(getCreateAccountGroupTaskMethod())
              .addMethod(getCreateUnassignedSingleTargetTaskMethod())
              .addMethod(getCreateUnassignedTaskMethod())
              .addMethod(getCreateConditionalTaskMethod())
              .addMethod(getGetTaskExecutionStatusMethod())
              .addMethod(getStartTasksMethod())
              .addMethod(getPauseTasksMethod())
              .addMethod(getStopTasksMethod())
              .addMethod(getWatchTaskMethod())
              .build();
        }
      }
    }
    return result;
  }
}
