package io.wadispatch.gateway.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Wake-up actions: have an agent's client open a friend conversation. The company (tenant) id
 * the platform requires is the gateway's --tenant-id setting.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class ConversationServiceGrpc {

  private ConversationServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "wadispatch.v1.ConversationService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.WakeUpConversationsRequest,
      io.wadispatch.gateway.v1.WakeUpConversationsResponse> getWakeUpConversationsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WakeUpConversations",
      requestType = io.wadispatch.gateway.v1.WakeUpConversationsRequest.class,
      responseType = io.wadispatch.gateway.v1.WakeUpConversationsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.WakeUpConversationsRequest,
      io.wadispatch.gateway.v1.WakeUpConversationsResponse> getWakeUpConversationsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.WakeUpConversationsRequest, io.wadispatch.gateway.v1.WakeUpConversationsResponse> getWakeUpConversationsMethod;
    if ((getWakeUpConversationsMethod = ConversationServiceGrpc.getWakeUpConversationsMethod) == null) {
      synchronized (ConversationServiceGrpc.class) {
        if ((getWakeUpConversationsMethod = ConversationServiceGrpc.getWakeUpConversationsMethod) == null) {
          ConversationServiceGrpc.getWakeUpConversationsMethod = getWakeUpConversationsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.WakeUpConversationsRequest, io.wadispatch.gateway.v1.WakeUpConversationsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WakeUpConversations"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.WakeUpConversationsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.WakeUpConversationsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ConversationServiceMethodDescriptorSupplier("WakeUpConversations"))
              .build();
        }
      }
    }
    return getWakeUpConversationsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetWakeUpResultsRequest,
      io.wadispatch.gateway.v1.GetWakeUpResultsResponse> getGetWakeUpResultsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetWakeUpResults",
      requestType = io.wadispatch.gateway.v1.GetWakeUpResultsRequest.class,
      responseType = io.wadispatch.gateway.v1.GetWakeUpResultsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetWakeUpResultsRequest,
      io.wadispatch.gateway.v1.GetWakeUpResultsResponse> getGetWakeUpResultsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetWakeUpResultsRequest, io.wadispatch.gateway.v1.GetWakeUpResultsResponse> getGetWakeUpResultsMethod;
    if ((getGetWakeUpResultsMethod = ConversationServiceGrpc.getGetWakeUpResultsMethod) == null) {
      synchronized (ConversationServiceGrpc.class) {
        if ((getGetWakeUpResultsMethod = ConversationServiceGrpc.getGetWakeUpResultsMethod) == null) {
          ConversationServiceGrpc.getGetWakeUpResultsMethod = getGetWakeUpResultsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetWakeUpResultsRequest, io.wadispatch.gateway.v1.GetWakeUpResultsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetWakeUpResults"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetWakeUpResultsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetWakeUpResultsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ConversationServiceMethodDescriptorSupplier("GetWakeUpResults"))
              .build();
        }
      }
    }
    return getGetWakeUpResultsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ConversationServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ConversationServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ConversationServiceStub>() {
        @java.lang.Override
        public ConversationServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ConversationServiceStub(channel, callOptions);
        }
      };
    return ConversationServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static ConversationServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ConversationServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ConversationServiceBlockingV2Stub>() {
        @java.lang.Override
        public ConversationServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ConversationServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return ConversationServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ConversationServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ConversationServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ConversationServiceBlockingStub>() {
        @java.lang.Override
        public ConversationServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ConversationServiceBlockingStub(channel, callOptions);
        }
      };
    return ConversationServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ConversationServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ConversationServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ConversationServiceFutureStub>() {
        @java.lang.Override
        public ConversationServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ConversationServiceFutureStub(channel, callOptions);
        }
      };
    return ConversationServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Wake-up actions: have an agent's client open a friend conversation. The company (tenant) id
   * the platform requires is the gateway's --tenant-id setting.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Queues wake-up actions; both the agent and the account must be logged in within a minute.
     * Calls POST /wscrm-bus-api/open/action/batchAdd.
     * </pre>
     */
    default void wakeUpConversations(io.wadispatch.gateway.v1.WakeUpConversationsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.WakeUpConversationsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWakeUpConversationsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the execution results of wake-up actions.
     * Calls POST /wscrm-bus-api/open/action/callbackResult.
     * </pre>
     */
    default void getWakeUpResults(io.wadispatch.gateway.v1.GetWakeUpResultsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetWakeUpResultsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetWakeUpResultsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service ConversationService.
   * <pre>
   * Wake-up actions: have an agent's client open a friend conversation. The company (tenant) id
   * the platform requires is the gateway's --tenant-id setting.
   * </pre>
   */
  public static abstract class ConversationServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return ConversationServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service ConversationService.
   * <pre>
   * Wake-up actions: have an agent's client open a friend conversation. The company (tenant) id
   * the platform requires is the gateway's --tenant-id setting.
   * </pre>
   */
  public static final class ConversationServiceStub
      extends io.grpc.stub.AbstractAsyncStub<ConversationServiceStub> {
    private ConversationServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ConversationServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ConversationServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Queues wake-up actions; both the agent and the account must be logged in within a minute.
     * Calls POST /wscrm-bus-api/open/action/batchAdd.
     * </pre>
     */
    public void wakeUpConversations(io.wadispatch.gateway.v1.WakeUpConversationsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.WakeUpConversationsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getWakeUpConversationsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the execution results of wake-up actions.
     * Calls POST /wscrm-bus-api/open/action/callbackResult.
     * </pre>
     */
    public void getWakeUpResults(io.wadispatch.gateway.v1.GetWakeUpResultsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetWakeUpResultsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetWakeUpResultsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service ConversationService.
   * <pre>
   * Wake-up actions: have an agent's client open a friend conversation. The company (tenant) id
   * the platform requires is the gateway's --tenant-id setting.
   * </pre>
   */
  public static final class ConversationServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<ConversationServiceBlockingV2Stub> {
    private ConversationServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ConversationServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ConversationServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Queues wake-up actions; both the agent and the account must be logged in within a minute.
     * Calls POST /wscrm-bus-api/open/action/batchAdd.
     * </pre>
     */
    public io.wadispatch.gateway.v1.WakeUpConversationsResponse wakeUpConversations(io.wadispatch.gateway.v1.WakeUpConversationsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getWakeUpConversationsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the execution results of wake-up actions.
     * Calls POST /wscrm-bus-api/open/action/callbackResult.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetWakeUpResultsResponse getWakeUpResults(io.wadispatch.gateway.v1.GetWakeUpResultsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetWakeUpResultsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service ConversationService.
   * <pre>
   * Wake-up actions: have an agent's client open a friend conversation. The company (tenant) id
   * the platform requires is the gateway's --tenant-id setting.
   * </pre>
   */
  public static final class ConversationServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<ConversationServiceBlockingStub> {
    private ConversationServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ConversationServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ConversationServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Queues wake-up actions; both the agent and the account must be logged in within a minute.
     * Calls POST /wscrm-bus-api/open/action/batchAdd.
     * </pre>
     */
    public io.wadispatch.gateway.v1.WakeUpConversationsResponse wakeUpConversations(io.wadispatch.gateway.v1.WakeUpConversationsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getWakeUpConversationsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the execution results of wake-up actions.
     * Calls POST /wscrm-bus-api/open/action/callbackResult.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetWakeUpResultsResponse getWakeUpResults(io.wadispatch.gateway.v1.GetWakeUpResultsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetWakeUpResultsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service ConversationService.
   * <pre>
   * Wake-up actions: have an agent's client open a friend conversation. The company (tenant) id
   * the platform requires is the gateway's --tenant-id setting.
   * </pre>
   */
  public static final class ConversationServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<ConversationServiceFutureStub> {
    private ConversationServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ConversationServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ConversationServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Queues wake-up actions; both the agent and the account must be logged in within a minute.
     * Calls POST /wscrm-bus-api/open/action/batchAdd.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.WakeUpConversationsResponse> wakeUpConversations(
        io.wadispatch.gateway.v1.WakeUpConversationsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getWakeUpConversationsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns the execution results of wake-up actions.
     * Calls POST /wscrm-bus-api/open/action/callbackResult.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetWakeUpResultsResponse> getWakeUpResults(
        io.wadispatch.gateway.v1.GetWakeUpResultsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetWakeUpResultsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_WAKE_UP_CONVERSATIONS = 0;
  private static final int METHODID_GET_WAKE_UP_RESULTS = 1;

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
        case METHODID_WAKE_UP_CONVERSATIONS:
          serviceImpl.wakeUpConversations((io.wadispatch.gateway.v1.WakeUpConversationsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.WakeUpConversationsResponse>) responseObserver);
          break;
        case METHODID_GET_WAKE_UP_RESULTS:
          serviceImpl.getWakeUpResults((io.wadispatch.gateway.v1.GetWakeUpResultsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetWakeUpResultsResponse>) responseObserver);
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
          getWakeUpConversationsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.WakeUpConversationsRequest,
              io.wadispatch.gateway.v1.WakeUpConversationsResponse>(
                service, METHODID_WAKE_UP_CONVERSATIONS)))
        .addMethod(
          getGetWakeUpResultsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetWakeUpResultsRequest,
              io.wadispatch.gateway.v1.GetWakeUpResultsResponse>(
                service, METHODID_GET_WAKE_UP_RESULTS)))
        .build();
  }

  private static abstract class ConversationServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ConversationServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.wadispatch.gateway.v1.Conversation.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ConversationService");
    }
  }

  private static final class ConversationServiceFileDescriptorSupplier
      extends ConversationServiceBaseDescriptorSupplier {
    ConversationServiceFileDescriptorSupplier() {}
  }

  private static final class ConversationServiceMethodDescriptorSupplier
      extends ConversationServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    ConversationServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (ConversationServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ConversationServiceFileDescriptorSupplier())
              .addMethod(getWakeUpConversationsMethod())
              .addMethod(getGetWakeUpResultsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
