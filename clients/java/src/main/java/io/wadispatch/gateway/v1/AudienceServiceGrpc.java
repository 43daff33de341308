package io.wadispatch.gateway.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Audience groups: named groups of customer-service accounts, used by CreateAccountGroupTask.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AudienceServiceGrpc {

  private AudienceServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "wadispatch.v1.AudienceService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateAudienceGroupRequest,
      io.wadispatch.gateway.v1.CreateAudienceGroupResponse> getCreateAudienceGroupMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateAudienceGroup",
      requestType = io.wadispatch.gateway.v1.CreateAudienceGroupRequest.class,
      responseType = io.wadispatch.gateway.v1.CreateAudienceGroupResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateAudienceGroupRequest,
      io.wadispatch.gateway.v1.CreateAudienceGroupResponse> getCreateAudienceGroupMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.CreateAudienceGroupRequest, io.wadispatch.gateway.v1.CreateAudienceGroupResponse> getCreateAudienceGroupMethod;
    if ((getCreateAudienceGroupMethod = AudienceServiceGrpc.getCreateAudienceGroupMethod) == null) {
      synchronized (AudienceServiceGrpc.class) {
        if ((getCreateAudienceGroupMethod = AudienceServiceGrpc.getCreateAudienceGroupMethod) == null) {
          AudienceServiceGrpc.getCreateAudienceGroupMethod = getCreateAudienceGroupMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.CreateAudienceGroupRequest, io.wadispatch.gateway.v1.CreateAudienceGroupResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateAudienceGroup"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateAudienceGroupRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.CreateAudienceGroupResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AudienceServiceMethodDescriptorSupplier("CreateAudienceGroup"))
              .build();
        }
      }
    }
    return getCreateAudienceGroupMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListAudienceGroupsRequest,
      io.wadispatch.gateway.v1.ListAudienceGroupsResponse> getListAudienceGroupsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListAudienceGroups",
      requestType = io.wadispatch.gateway.v1.ListAudienceGroupsRequest.class,
      responseType = io.wadispatch.gateway.v1.ListAudienceGroupsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListAudienceGroupsRequest,
      io.wadispatch.gateway.v1.ListAudienceGroupsResponse> getListAudienceGroupsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListAudienceGroupsRequest, io.wadispatch.gateway.v1.ListAudienceGroupsResponse> getListAudienceGroupsMethod;
    if ((getListAudienceGroupsMethod = AudienceServiceGrpc.getListAudienceGroupsMethod) == null) {
      synchronized (AudienceServiceGrpc.class) {
        if ((getListAudienceGroupsMethod = AudienceServiceGrpc.getListAudienceGroupsMethod) == null) {
          AudienceServiceGrpc.getListAudienceGroupsMethod = getListAudienceGroupsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.ListAudienceGroupsRequest, io.wadispatch.gateway.v1.ListAudienceGroupsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListAudienceGroups"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListAudienceGroupsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListAudienceGroupsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AudienceServiceMethodDescriptorSupplier("ListAudienceGroups"))
              .build();
        }
      }
    }
    return getListAudienceGroupsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest,
      io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse> getGetAudienceGroupMembersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetAudienceGroupMembers",
      requestType = io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest.class,
      responseType = io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest,
      io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse> getGetAudienceGroupMembersMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest, io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse> getGetAudienceGroupMembersMethod;
    if ((getGetAudienceGroupMembersMethod = AudienceServiceGrpc.getGetAudienceGroupMembersMethod) == null) {
      synchronized (AudienceServiceGrpc.class) {
        if ((getGetAudienceGroupMembersMethod = AudienceServiceGrpc.getGetAudienceGroupMembersMethod) == null) {
          AudienceServiceGrpc.getGetAudienceGroupMembersMethod = getGetAudienceGroupMembersMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest, io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetAudienceGroupMembers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AudienceServiceMethodDescriptorSupplier("GetAudienceGroupMembers"))
              .build();
        }
      }
    }
    return getGetAudienceGroupMembersMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AudienceServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AudienceServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AudienceServiceStub>() {
        @java.lang.Override
        public AudienceServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AudienceServiceStub(channel, callOptions);
        }
      };
    return AudienceServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AudienceServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AudienceServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AudienceServiceBlockingV2Stub>() {
        @java.lang.Override
        public AudienceServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AudienceServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return AudienceServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AudienceServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AudienceServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AudienceServiceBlockingStub>() {
        @java.lang.Override
        public AudienceServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AudienceServiceBlockingStub(channel, callOptions);
        }
      };
    return AudienceServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AudienceServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AudienceServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AudienceServiceFutureStub>() {
        @java.lang.Override
        public AudienceServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AudienceServiceFutureStub(channel, callOptions);
        }
      };
    return AudienceServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Audience groups: named groups of customer-service accounts, used by CreateAccountGroupTask.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates an audience group. Calls POST /group-dispatch-api/whatsapp-audience/addWhatsappAudience.
     * </pre>
     */
    default void createAudienceGroup(io.wadispatch.gateway.v1.CreateAudienceGroupRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateAudienceGroupResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateAudienceGroupMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists audience groups, paged. Calls GET /group-dispatch-api/whatsapp-audience/query.
     * </pre>
     */
    default void listAudienceGroups(io.wadispatch.gateway.v1.ListAudienceGroupsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListAudienceGroupsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListAudienceGroupsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the members of one audience group.
     * Calls GET /group-dispatch-api/whatsapp-audience/queryDetail?id=.
     * </pre>
     */
    default void getAudienceGroupMembers(io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetAudienceGroupMembersMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service AudienceService.
   * <pre>
   * Audience groups: named groups of customer-service accounts, used by CreateAccountGroupTask.
   * </pre>
   */
  public static abstract class AudienceServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AudienceServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service AudienceService.
   * <pre>
   * Audience groups: named groups of customer-service accounts, used by CreateAccountGroupTask.
   * </pre>
   */
  public static final class AudienceServiceStub
      extends io.grpc.stub.AbstractAsyncStub<AudienceServiceStub> {
    private AudienceServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AudienceServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AudienceServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an audience group. Calls POST /group-dispatch-api/whatsapp-audience/addWhatsappAudience.
     * </pre>
     */
    public void createAudienceGroup(io.wadispatch.gateway.v1.CreateAudienceGroupRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateAudienceGroupResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateAudienceGroupMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists audience groups, paged. Calls GET /group-dispatch-api/whatsapp-audience/query.
     * </pre>
     */
    public void listAudienceGroups(io.wadispatch.gateway.v1.ListAudienceGroupsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListAudienceGroupsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListAudienceGroupsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the members of one audience group.
     * Calls GET /group-dispatch-api/whatsapp-audience/queryDetail?id=.
     * </pre>
     */
    public void getAudienceGroupMembers(io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetAudienceGroupMembersMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service AudienceService.
   * <pre>
   * Audience groups: named groups of customer-service accounts, used by CreateAccountGroupTask.
   * </pre>
   */
  public static final class AudienceServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AudienceServiceBlockingV2Stub> {
    private AudienceServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AudienceServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AudienceServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an audience group. Calls POST /group-dispatch-api/whatsapp-audience/addWhatsappAudience.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateAudienceGroupResponse createAudienceGroup(io.wadispatch.gateway.v1.CreateAudienceGroupRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateAudienceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists audience groups, paged. Calls GET /group-dispatch-api/whatsapp-audience/query.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListAudienceGroupsResponse listAudienceGroups(io.wadispatch.gateway.v1.ListAudienceGroupsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListAudienceGroupsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the members of one audience group.
     * Calls GET /group-dispatch-api/whatsapp-audience/queryDetail?id=.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse getAudienceGroupMembers(io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetAudienceGroupMembersMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service AudienceService.
   * <pre>
   * Audience groups: named groups of customer-service accounts, used by CreateAccountGroupTask.
   * </pre>
   */
  public static final class AudienceServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AudienceServiceBlockingStub> {
    private AudienceServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AudienceServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AudienceServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an audience group. Calls POST /group-dispatch-api/whatsapp-audience/addWhatsappAudience.
     * </pre>
     */
    public io.wadispatch.gateway.v1.CreateAudienceGroupResponse createAudienceGroup(io.wadispatch.gateway.v1.CreateAudienceGroupRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateAudienceGroupMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists audience groups, paged. Calls GET /group-dispatch-api/whatsapp-audience/query.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListAudienceGroupsResponse listAudienceGroups(io.wadispatch.gateway.v1.ListAudienceGroupsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListAudienceGroupsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the members of one audience group.
     * Calls GET /group-dispatch-api/whatsapp-audience/queryDetail?id=.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse getAudienceGroupMembers(io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetAudienceGroupMembersMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service AudienceService.
   * <pre>
   * Audience groups: named groups of customer-service accounts, used by CreateAccountGroupTask.
   * </pre>
   */
  public static final class AudienceServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<AudienceServiceFutureStub> {
    private AudienceServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AudienceServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AudienceServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an audience group. Calls POST /group-dispatch-api/whatsapp-audience/addWhatsappAudience.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.CreateAudienceGroupResponse> createAudienceGroup(
        io.wadispatch.gateway.v1.CreateAudienceGroupRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateAudienceGroupMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists audience groups, paged. Calls GET /group-dispatch-api/whatsapp-audience/query.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.ListAudienceGroupsResponse> listAudienceGroups(
        io.wadispatch.gateway.v1.ListAudienceGroupsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListAudienceGroupsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the members of one audience group.
     * Calls GET /group-dispatch-api/whatsapp-audience/queryDetail?id=.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse> getAudienceGroupMembers(
        io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetAudienceGroupMembersMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_AUDIENCE_GROUP = 0;
  private static final int METHODID_LIST_AUDIENCE_GROUPS = 1;
  private static final int METHODID_GET_AUDIENCE_GROUP_MEMBERS = 2;

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
        case METHODID_CREATE_AUDIENCE_GROUP:
          serviceImpl.createAudienceGroup((io.wadispatch.gateway.v1.CreateAudienceGroupRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.CreateAudienceGroupResponse>) responseObserver);
          break;
        case METHODID_LIST_AUDIENCE_GROUPS:
          serviceImpl.listAudienceGroups((io.wadispatch.gateway.v1.ListAudienceGroupsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListAudienceGroupsResponse>) responseObserver);
          break;
        case METHODID_GET_AUDIENCE_GROUP_MEMBERS:
          serviceImpl.getAudienceGroupMembers((io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse>) responseObserver);
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
          getCreateAudienceGroupMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.CreateAudienceGroupRequest,
              io.wadispatch.gateway.v1.CreateAudienceGroupResponse>(
                service, METHODID_CREATE_AUDIENCE_GROUP)))
        .addMethod(
          getListAudienceGroupsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.ListAudienceGroupsRequest,
              io.wadispatch.gateway.v1.ListAudienceGroupsResponse>(
                service, METHODID_LIST_AUDIENCE_GROUPS)))
        .addMethod(
          getGetAudienceGroupMembersMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetAudienceGroupMembersRequest,
              io.wadispatch.gateway.v1.GetAudienceGroupMembersResponse>(
                service, METHODID_GET_AUDIENCE_GROUP_MEMBERS)))
        .build();
  }

  private static abstract class AudienceServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AudienceServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.wadispatch.gateway.v1.Audience.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AudienceService");
    }
  }

  private static final class AudienceServiceFileDescriptorSupplier
      extends AudienceServiceBaseDescriptorSupplier {
    AudienceServiceFileDescriptorSupplier() {}
  }

  private static final class AudienceServiceMethodDescriptorSupplier
      extends AudienceServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AudienceServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (AudienceServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AudienceServiceFileDescriptorSupplier())
              .addMethod(getCreateAudienceGroupMethod())
              .addMethod(getListAudienceGroupsMethod())
              .addMethod(getGetAudienceGroupMembersMethod())
              .build();
        }
      }
    }
    return result;
  }
}
