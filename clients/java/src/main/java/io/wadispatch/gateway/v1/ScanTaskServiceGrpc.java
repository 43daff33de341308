package io.wadispatch.gateway.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * PC QR scan tasks: log an account into an agent's PC client by QR code. Progress arrives as
 * ScanTaskStatusChanged events.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class ScanTaskServiceGrpc {

  private ScanTaskServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "wadispatch.v1.ScanTaskService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateScanTaskRequest,
      io.wadispatch.gateway.v1.CreateScanTaskResponse> getCreateScanTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateScanTask",
      requestType = io.wadispatch.gateway.v1.CreateScanTaskRequest.class,
      responseType = io.wadispatch.gateway.v1.CreateScanTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateScanTaskRequest,
      io.wadispatch.gateway.v1.CreateScanTaskResponse> getCreateScanTaskMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateScanTaskRequest, io.wadispatch.gateway.v1.CreateScanTaskResponse> getCreateScanTaskMethod;
    if ((getCreateScanTaskMethod = ScanTaskServiceGrpc.getCreateScanTaskMethod) == null) {
      synchronized (ScanTaskServiceGrpc.class) {
        if ((getCreateScanTaskMethod = ScanTaskServiceGrpc.getCreateScanTaskMethod) == null) {
          ScanTaskServiceGrpc.getCreateScanTaskMethod = getCreateScanTaskMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreateScanTaskRequest, io.wadispatch.gateway.v1.CreateScanTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateScanTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateScanTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateScanTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScanTaskServiceMethodDescriptorSupplier("CreateScanTask"))
              .build();
        }
      }
    }
    return getCreateScanTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest,
      io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse> getGetScanTaskQrCodeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetScanTaskQrCode",
      requestType = io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest.class,
      responseType = io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest,
      io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse> getGetScanTaskQrCodeMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest, io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse> getGetScanTaskQrCodeMethod;
    if ((getGetScanTaskQrCodeMethod = ScanTaskServiceGrpc.getGetScanTaskQrCodeMethod) == null) {
      synchronized (ScanTaskServiceGrpc.class) {
        if ((getGetScanTaskQrCodeMethod = ScanTaskServiceGrpc.getGetScanTaskQrCodeMethod) == null) {
          ScanTaskServiceGrpc.getGetScanTaskQrCodeMethod = getGetScanTaskQrCodeMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest, io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetScanTaskQrCode"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScanTaskServiceMethodDescriptorSupplier("GetScanTaskQrCode"))
              .build();
        }
      }
    }
    return getGetScanTaskQrCodeMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ScanTaskServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ScanTaskServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ScanTaskServiceStub>() {
        @java.lang.Override
        public ScanTaskServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ScanTaskServiceStub(channel, callOptions);
        }
      };
    return ScanTaskServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static ScanTaskServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ScanTaskServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ScanTaskServiceBlockingV2Stub>() {
        @java.lang.Override
        public ScanTaskServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ScanTaskServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return ScanTaskServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ScanTaskServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ScanTaskServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ScanTaskServiceBlockingStub>() {
        @java.lang.Override
        public ScanTaskServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ScanTaskServiceBlockingStub(channel, callOptions);
        }
      };
    return ScanTaskServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ScanTaskServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ScanTaskServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ScanTaskServiceFutureStub>() {
        @java.lang.Override
        public ScanTaskServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ScanTaskServiceFutureStub(channel, callOptions);
        }
      };
    return ScanTaskServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * PC QR scan tasks: log an account into an agent's PC client by QR code. Progress arrives as
   * ScanTaskStatusChanged events.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a scan task. Calls POST /wscrm-bus-api/qrCodeTask/create.
     * </pre>
     */
    default void createScanTask(io.wadispatch.gateway.v1.CreateScanTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateScanTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateScanTaskMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the scan task's QR code; may be called again until the scan succeeds.
     * Calls POST /wscrm-bus-api/qrCodeTask/getQrCode.
     * </pre>
     */
    default void getScanTaskQrCode(io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetScanTaskQrCodeMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service ScanTaskService.
   * <pre>
   * PC QR scan tasks: log an account into an agent's PC client by QR code. Progress arrives as
   * ScanTaskStatusChanged events.
   * </pre>
   */
  public static abstract class ScanTaskServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return ScanTaskServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service ScanTaskService.
   * <pre>
   * PC QR scan tasks: log an account into an agent's PC client by QR code. Progress arrives as
   * ScanTaskStatusChanged events.
   * </pre>
   */
  public static final class ScanTaskServiceStub
      extends io.grpc.stub.AbstractAsyncStub<ScanTaskServiceStub> {
    private ScanTaskServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ScanTaskServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ScanTaskServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a scan task. Calls POST /wscrm-bus-api/qrCodeTask/create.
     * </pre>
     */
    public void createScanTask(io.wadispatch.gateway.v1.CreateScanTaskRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateScanTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateScanTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the scan task's QR code; may be called again until the scan succeeds.
     * Calls POST /wscrm-bus-api/qrCodeTask/getQrCode.
     * </pre>
     */
    public void getScanTaskQrCode(io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetScanTaskQrCodeMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service ScanTaskService.
   * <pre>
   * PC QR scan tasks: log an account into an agent's PC client by QR code. Progress arrives as
   * ScanTaskStatusChanged events.
   * </pre>
   */
  public static final class ScanTaskServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<ScanTaskServiceBlockingV2Stub> {
    private ScanTaskServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ScanTaskServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ScanTaskServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a scan task. Calls POST /wscrm-bus-api/qrCodeTask/create.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateScanTaskResponse createScanTask(io.wadispatch.gateway.v1.CreateScanTaskRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateScanTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the scan task's QR code; may be called again until the scan succeeds.
     * Calls POST /wscrm-bus-api/qrCodeTask/getQrCode.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse getScanTaskQrCode(io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetScanTaskQrCodeMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service ScanTaskService.
   * <pre>
   * PC QR scan tasks: log an account into an agent's PC client by QR code. Progress arrives as
   * ScanTaskStatusChanged events.
   * </pre>
   */
  public static final class ScanTaskServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<ScanTaskServiceBlockingStub> {
    private ScanTaskServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ScanTaskServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ScanTaskServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a scan task. Calls POST /wscrm-bus-api/qrCodeTask/create.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateScanTaskResponse createScanTask(io.wadispatch.gateway.v1.CreateScanTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateScanTaskMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the scan task's QR code; may be called again until the scan succeeds.
     * Calls POST /wscrm-bus-api/qrCodeTask/getQrCode.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse getScanTaskQrCode(io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetScanTaskQrCodeMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service ScanTaskService.
   * <pre>
   * PC QR scan tasks: log an account into an agent's PC client by QR code. Progress arrives as
   * ScanTaskStatusChanged events.
   * </pre>
   */
  public static final class ScanTaskServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<ScanTaskServiceFutureStub> {
    private ScanTaskServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ScanTaskServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ScanTaskServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a scan task. Calls POST /wscrm-bus-api/qrCodeTask/create.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreateScanTaskResponse> createScanTask(
        io.wadispatch.gateway.v1.CreateScanTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateScanTaskMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns the scan task's QR code; may be called again until the scan succeeds.
     * Calls POST /wscrm-bus-api/qrCodeTask/getQrCode.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse> getScanTaskQrCode(
        io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetScanTaskQrCodeMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_SCAN_TASK = 0;
  private static final int METHODID_GET_SCAN_TASK_QR_CODE = 1;

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
        case METHODID_CREATE_SCAN_TASK:
          serviceImpl.createScanTask((io.wadispatch.gateway.v1.CreateScanTaskRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateScanTaskResponse>) responseObserver);
          break;
        case METHODID_GET_SCAN_TASK_QR_CODE:
          serviceImpl.getScanTaskQrCode((io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse>) responseObserver);
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
          getCreateScanTaskMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreateScanTaskRequest,
              io.wadispatch.gateway.v1.CreateScanTaskResponse>(
                service, METHODID_CREATE_SCAN_TASK)))
        .addMethod(
          getGetScanTaskQrCodeMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetScanTaskQrCodeRequest,
              io.wadispatch.gateway.v1.GetScanTaskQrCodeResponse>(
                service, METHODID_GET_SCAN_TASK_QR_CODE)))
        .build();
  }

  private static abstract class ScanTaskServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ScanTaskServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.wadispatch.gateway.v1.ScanTask.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ScanTaskService");
    }
  }

  private static final class ScanTaskServiceFileDescriptorSupplier
      extends ScanTaskServiceBaseDescriptorSupplier {
    ScanTaskServiceFileDescriptorSupplier() {}
  }

  private static final class ScanTaskServiceMethodDescriptorSupplier
      extends ScanTaskServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    ScanTaskServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (ScanTaskServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ScanTaskServiceFileDescriptorSupplier())
              .addMethod(getCreateScanTaskMethod())
              .addMethod(getGetScanTaskQrCodeMethod())
              .build();
        }
      }
    }
    return result;
  }
}
