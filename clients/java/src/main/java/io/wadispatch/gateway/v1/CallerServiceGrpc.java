package io.wadispatch.gateway.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * The gateway's own view of its callers: who the caller is, what it may do, what its limits
 * leave, and the audit trail of state-changing calls. Served by the gateway itself; no call
 * reaches the platform.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class CallerServiceGrpc {

  private CallerServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "wadispatch.v1.CallerService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetCallerRequest,
      io.wadispatch.gateway.v1.GetCallerResponse> getGetCallerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetCaller",
      requestType = io.wadispatch.gateway.v1.GetCallerRequest.class,
      responseType = io.wadispatch.gateway.v1.GetCallerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetCallerRequest,
      io.wadispatch.gateway.v1.GetCallerResponse> getGetCallerMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetCallerRequest, io.wadispatch.gateway.v1.GetCallerResponse> getGetCallerMethod;
    if ((getGetCallerMethod = CallerServiceGrpc.getGetCallerMethod) == null) {
      synchronized (CallerServiceGrpc.class) {
        if ((getGetCallerMethod = CallerServiceGrpc.getGetCallerMethod) == null) {
          CallerServiceGrpc.getGetCallerMethod = getGetCallerMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetCallerRequest, io.wadispatch.gateway.v1.GetCallerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetCaller"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetCallerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetCallerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CallerServiceMethodDescriptorSupplier("GetCaller"))
              .build();
        }
      }
    }
    return getGetCallerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListAuditRecordsRequest,
      io.wadispatch.gateway.v1.ListAuditRecordsResponse> getListAuditRecordsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListAuditRecords",
      requestType = io.wadispatch.gateway.v1.ListAuditRecordsRequest.class,
      responseType = io.wadispatch.gateway.v1.ListAuditRecordsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListAuditRecordsRequest,
      io.wadispatch.gateway.v1.ListAuditRecordsResponse> getListAuditRecordsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListAuditRecordsRequest, io.wadispatch.gateway.v1.ListAuditRecordsResponse> getListAuditRecordsMethod;
    if ((getListAuditRecordsMethod = CallerServiceGrpc.getListAuditRecordsMethod) == null) {
      synchronized (CallerServiceGrpc.class) {
        if ((getListAuditRecordsMethod = CallerServiceGrpc.getListAuditRecordsMethod) == null) {
          CallerServiceGrpc.getListAuditRecordsMethod = getListAuditRecordsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.ListAuditRecordsRequest, io.wadispatch.gateway.v1.ListAuditRecordsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListAuditRecords"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListAuditRecordsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListAuditRecordsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CallerServiceMethodDescriptorSupplier("ListAuditRecords"))
              .build();
        }
      }
    }
    return getListAuditRecordsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static CallerServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CallerServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CallerServiceStub>() {
        @java.lang.Override
        public CallerServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CallerServiceStub(channel, callOptions);
        }
      };
    return CallerServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static CallerServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CallerServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CallerServiceBlockingV2Stub>() {
        @java.lang.Override
        public CallerServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CallerServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return CallerServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static CallerServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CallerServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CallerServiceBlockingStub>() {
        @java.lang.Override
        public CallerServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CallerServiceBlockingStub(channel, callOptions);
        }
      };
    return CallerServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static CallerServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CallerServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CallerServiceFutureStub>() {
        @java.lang.Override
        public CallerServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CallerServiceFutureStub(channel, callOptions);
        }
      };
    return CallerServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * The gateway's own view of its callers: who the caller is, what it may do, what its limits
   * leave, and the audit trail of state-changing calls. Served by the gateway itself; no call
   * reaches the platform.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Returns the calling key's (or certificate's) name, permissions and what its limits leave.
     * Needs only a valid key.
     * </pre>
     */
    default void getCaller(io.wadispatch.gateway.v1.GetCallerRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetCallerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetCallerMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns audit records of state-changing calls, oldest first, from a cursor. Needs the
     * `audit.read` permission.
     * </pre>
     */
    default void listAuditRecords(io.wadispatch.gateway.v1.ListAuditRecordsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListAuditRecordsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListAuditRecordsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service CallerService.
   * <pre>
   * The gateway's own view of its callers: who the caller is, what it may do, what its limits
   * leave, and the audit trail of state-changing calls. Served by the gateway itself; no call
   * reaches the platform.
   * </pre>
   */
  public static abstract class CallerServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return CallerServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service CallerService.
   * <pre>
   * The gateway's own view of its callers: who the caller is, what it may do, what its limits
   * leave, and the audit trail of state-changing calls. Served by the gateway itself; no call
   * reaches the platform.
   * </pre>
   */
  public static final class CallerServiceStub
      extends io.grpc.stub.AbstractAsyncStub<CallerServiceStub> {
    private CallerServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CallerServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CallerServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns the calling key's (or certificate's) name, permissions and what its limits leave.
     * Needs only a valid key.
     * </pre>
     */
    public void getCaller(io.wadispatch.gateway.v1.GetCallerRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetCallerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetCallerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns audit records of state-changing calls, oldest first, from a cursor. Needs the
     * `audit.read` permission.
     * </pre>
     */
    public void listAuditRecords(io.wadispatch.gateway.v1.ListAuditRecordsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListAuditRecordsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListAuditRecordsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service CallerService.
   * <pre>
   * The gateway's own view of its callers: who the caller is, what it may do, what its limits
   * leave, and the audit trail of state-changing calls. Served by the gateway itself; no call
   * reaches the platform.
   * </pre>
   */
  public static final class CallerServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<CallerServiceBlockingV2Stub> {
    private CallerServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CallerServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CallerServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns the calling key's (or certificate's) name, permissions and what its limits leave.
     * Needs only a valid key.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetCallerResponse getCaller(io.wadispatch.gateway.v1.GetCallerRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetCallerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns audit records of state-changing calls, oldest first, from a cursor. Needs the
     * `audit.read` permission.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListAuditRecordsResponse listAuditRecords(io.wadispatch.gateway.v1.ListAuditRecordsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListAuditRecordsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service CallerService.
   * <pre>
   * The gateway's own view of its callers: who the caller is, what it may do, what its limits
   * leave, and the audit trail of state-changing calls. Served by the gateway itself; no call
   * reaches the platform.
   * </pre>
   */
  public static final class CallerServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<CallerServiceBlockingStub> {
    private CallerServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CallerServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CallerServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns the calling key's (or certificate's) name, permissions and what its limits leave.
     * Needs only a valid key.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetCallerResponse getCaller(io.wadispatch.gateway.v1.GetCallerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetCallerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns audit records of state-changing calls, oldest first, from a cursor. Needs the
     * `audit.read` permission.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListAuditRecordsResponse listAuditRecords(io.wadispatch.gateway.v1.ListAuditRecordsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListAuditRecordsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service CallerService.
   * <pre>
   * The gateway's own view of its callers: who the caller is, what it may do, what its limits
   * leave, and the audit trail of state-changing calls. Served by the gateway itself; no call
   * reaches the platform.
   * </pre>
   */
  public static final class CallerServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<CallerServiceFutureStub> {
    private CallerServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CallerServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CallerServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns the calling key's (or certificate's) name, permissions and what its limits leave.
     * Needs only a valid key.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetCallerResponse> getCaller(
        io.wadispatch.gateway.v1.GetCallerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetCallerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns audit records of state-changing calls, oldest first, from a cursor. Needs the
     * `audit.read` permission.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.ListAuditRecordsResponse> listAuditRecords(
        io.wadispatch.gateway.v1.ListAuditRecordsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListAuditRecordsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET_CALLER = 0;
  private static final int METHODID_LIST_AUDIT_RECORDS = 1;

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
        case METHODID_GET_CALLER:
          serviceImpl.getCaller((io.wadispatch.gateway.v1.GetCallerRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetCallerResponse>) responseObserver);
          break;
        case METHODID_LIST_AUDIT_RECORDS:
          serviceImpl.listAuditRecords((io.wadispatch.gateway.v1.ListAuditRecordsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListAuditRecordsResponse>) responseObserver);
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
          getGetCallerMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetCallerRequest,
              io.wadispatch.gateway.v1.GetCallerResponse>(
                service, METHODID_GET_CALLER)))
        .addMethod(
          getListAuditRecordsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.ListAuditRecordsRequest,
              io.wadispatch.gateway.v1.ListAuditRecordsResponse>(
                service, METHODID_LIST_AUDIT_RECORDS)))
        .build();
  }

  private static abstract class CallerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    CallerServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.wadispatch.gateway.v1.Caller.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("CallerService");
    }
  }

  private static final class CallerServiceFileDescriptorSupplier
      extends CallerServiceBaseDescriptorSupplier {
    CallerServiceFileDescriptorSupplier() {}
  }

  private static final class CallerServiceMethodDescriptorSupplier
      extends CallerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    CallerServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (CallerServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new CallerServiceFileDescriptorSupplier())
              .addMethod(getGetCallerMethod())
              .addMethod(getListAuditRecordsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
