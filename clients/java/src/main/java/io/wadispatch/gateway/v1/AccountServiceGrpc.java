package io.wadispatch.gateway.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Customer-service accounts: import, status, online, recycle, and registration of new numbers.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AccountServiceGrpc {

  private AccountServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "wadispatch.v1.AccountService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ImportAccountsRequest,
      io.wadispatch.gateway.v1.ImportAccountsResponse> getImportAccountsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ImportAccounts",
      requestType = io.wadispatch.gateway.v1.ImportAccountsRequest.class,
      responseType = io.wadispatch.gateway.v1.ImportAccountsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ImportAccountsRequest,
      io.wadispatch.gateway.v1.ImportAccountsResponse> getImportAccountsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ImportAccountsRequest, io.wadispatch.gateway.v1.ImportAccountsResponse> getImportAccountsMethod;
    if ((getImportAccountsMethod = AccountServiceGrpc.getImportAccountsMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getImportAccountsMethod = AccountServiceGrpc.getImportAccountsMethod) == null) {
          AccountServiceGrpc.getImportAccountsMethod = getImportAccountsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.ImportAccountsRequest, io.wadispatch.gateway.v1.ImportAccountsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ImportAccounts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ImportAccountsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ImportAccountsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("ImportAccounts"))
              .build();
        }
      }
    }
    return getImportAccountsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListAccountsRequest,
      io.wadispatch.gateway.v1.ListAccountsResponse> getListAccountsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListAccounts",
      requestType = io.wadispatch.gateway.v1.ListAccountsRequest.class,
      responseType = io.wadispatch.gateway.v1.ListAccountsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListAccountsRequest,
      io.wadispatch.gateway.v1.ListAccountsResponse> getListAccountsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListAccountsRequest, io.wadispatch.gateway.v1.ListAccountsResponse> getListAccountsMethod;
    if ((getListAccountsMethod = AccountServiceGrpc.getListAccountsMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getListAccountsMethod = AccountServiceGrpc.getListAccountsMethod) == null) {
          AccountServiceGrpc.getListAccountsMethod = getListAccountsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.ListAccountsRequest, io.wadispatch.gateway.v1.ListAccountsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListAccounts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListAccountsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListAccountsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("ListAccounts"))
              .build();
        }
      }
    }
    return getListAccountsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.BringAccountsOnlineRequest,
      io.wadispatch.gateway.v1.BringAccountsOnlineResponse> getBringAccountsOnlineMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BringAccountsOnline",
      requestType = io.wadispatch.gateway.v1.BringAccountsOnlineRequest.class,
      responseType = io.wadispatch.gateway.v1.BringAccountsOnlineResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.BringAccountsOnlineRequest,
      io.wadispatch.gateway.v1.BringAccountsOnlineResponse> getBringAccountsOnlineMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.BringAccountsOnlineRequest, io.wadispatch.gateway.v1.BringAccountsOnlineResponse> getBringAccountsOnlineMethod;
    if ((getBringAccountsOnlineMethod = AccountServiceGrpc.getBringAccountsOnlineMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getBringAccountsOnlineMethod = AccountServiceGrpc.getBringAccountsOnlineMethod) == null) {
          AccountServiceGrpc.getBringAccountsOnlineMethod = getBringAccountsOnlineMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.BringAccountsOnlineRequest, io.wadispatch.gateway.v1.BringAccountsOnlineResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BringAccountsOnline"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.BringAccountsOnlineRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.BringAccountsOnlineResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("BringAccountsOnline"))
              .build();
        }
      }
    }
    return getBringAccountsOnlineMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.RecycleAccountsRequest,
      io.wadispatch.gateway.v1.RecycleAccountsResponse> getRecycleAccountsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecycleAccounts",
      requestType = io.wadispatch.gateway.v1.RecycleAccountsRequest.class,
      responseType = io.wadispatch.gateway.v1.RecycleAccountsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.RecycleAccountsRequest,
      io.wadispatch.gateway.v1.RecycleAccountsResponse> getRecycleAccountsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.RecycleAccountsRequest, io.wadispatch.gateway.v1.RecycleAccountsResponse> getRecycleAccountsMethod;
    if ((getRecycleAccountsMethod = AccountServiceGrpc.getRecycleAccountsMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getRecycleAccountsMethod = AccountServiceGrpc.getRecycleAccountsMethod) == null) {
          AccountServiceGrpc.getRecycleAccountsMethod = getRecycleAccountsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.RecycleAccountsRequest, io.wadispatch.gateway.v1.RecycleAccountsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecycleAccounts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.RecycleAccountsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.RecycleAccountsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("RecycleAccounts"))
              .build();
        }
      }
    }
    return getRecycleAccountsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest,
      io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse> getSubmitRegistrationPhoneMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubmitRegistrationPhone",
      requestType = io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest.class,
      responseType = io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest,
      io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse> getSubmitRegistrationPhoneMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest, io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse> getSubmitRegistrationPhoneMethod;
    if ((getSubmitRegistrationPhoneMethod = AccountServiceGrpc.getSubmitRegistrationPhoneMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getSubmitRegistrationPhoneMethod = AccountServiceGrpc.getSubmitRegistrationPhoneMethod) == null) {
          AccountServiceGrpc.getSubmitRegistrationPhoneMethod = getSubmitRegistrationPhoneMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest, io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubmitRegistrationPhone"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("SubmitRegistrationPhone"))
              .build();
        }
      }
    }
    return getSubmitRegistrationPhoneMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest,
      io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse> getSubmitRegistrationCodeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubmitRegistrationCode",
      requestType = io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest.class,
      responseType = io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest,
      io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse> getSubmitRegistrationCodeMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest, io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse> getSubmitRegistrationCodeMethod;
    if ((getSubmitRegistrationCodeMethod = AccountServiceGrpc.getSubmitRegistrationCodeMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getSubmitRegistrationCodeMethod = AccountServiceGrpc.getSubmitRegistrationCodeMethod) == null) {
          AccountServiceGrpc.getSubmitRegistrationCodeMethod = getSubmitRegistrationCodeMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest, io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubmitRegistrationCode"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("SubmitRegistrationCode"))
              .build();
        }
      }
    }
    return getSubmitRegistrationCodeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.WatchAccountsRequest,
      io.wadispatch.gateway.v1.WatchAccountsResponse> getWatchAccountsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchAccounts",
      requestType = io.wadispatch.gateway.v1.WatchAccountsRequest.class,
      responseType = io.wadispatch.gateway.v1.WatchAccountsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.WatchAccountsRequest,
      io.wadispatch.gateway.v1.WatchAccountsResponse> getWatchAccountsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.WatchAccountsRequest, io.wadispatch.gateway.v1.WatchAccountsResponse> getWatchAccountsMethod;
    if ((getWatchAccountsMethod = AccountServiceGrpc.getWatchAccountsMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getWatchAccountsMethod = AccountServiceGrpc.getWatchAccountsMethod) == null) {
          AccountServiceGrpc.getWatchAccountsMethod = getWatchAccountsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.WatchAccountsRequest, io.wadispatch.gateway.v1.WatchAccountsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchAccounts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.WatchAccountsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.WatchAccountsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("WatchAccounts"))
              .build();
        }
      }
    }
    return getWatchAccountsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AccountServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccountServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccountServiceStub>() {
        @java.lang.Override
        public AccountServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccountServiceStub(channel, callOptions);
        }
      };
    return AccountServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AccountServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccountServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccountServiceBlockingV2Stub>() {
        @java.lang.Override
        public AccountServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccountServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return AccountServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AccountServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccountServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccountServiceBlockingStub>() {
        @java.lang.Override
        public AccountServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccountServiceBlockingStub(channel, callOptions);
        }
      };
    return AccountServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AccountServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccountServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccountServiceFutureStub>() {
        @java.lang.Override
        public AccountServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccountServiceFutureStub(channel, callOptions);
        }
      };
    return AccountServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Customer-service accounts: import, status, online, recycle, and registration of new numbers.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Imports accounts with their keys. Calls POST /group-dispatch-api/whatsapp/batchInsert.
     * </pre>
     */
    default void importAccounts(io.wadispatch.gateway.v1.ImportAccountsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ImportAccountsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getImportAccountsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists every account with its status. Calls GET /group-dispatch-api/whatsapp/queryWhatsAppStatus.
     * </pre>
     */
    default void listAccounts(io.wadispatch.gateway.v1.ListAccountsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListAccountsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListAccountsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Brings accounts online. Calls POST /group-dispatch-api/whatsapp/batchOnline.
     * </pre>
     */
    default void bringAccountsOnline(io.wadispatch.gateway.v1.BringAccountsOnlineRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.BringAccountsOnlineResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBringAccountsOnlineMethod(), responseObserver);
    }

    /**
     * <pre>
     * Recycles accounts. Calls POST /group-dispatch-api/whatsapp/batchRecycle.
     * </pre>
     */
    default void recycleAccounts(io.wadispatch.gateway.v1.RecycleAccountsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.RecycleAccountsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecycleAccountsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Starts registering a phone number; a verification code is sent to it.
     * Calls POST /group-dispatch-api/register/submitPhone.
     * </pre>
     */
    default void submitRegistrationPhone(io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubmitRegistrationPhoneMethod(), responseObserver);
    }

    /**
     * <pre>
     * Completes a registration with the verification code; the outcome arrives as a
     * RegistrationFinished event. Calls POST /group-dispatch-api/register/submitVerifyCode.
     * </pre>
     */
    default void submitRegistrationCode(io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubmitRegistrationCodeMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams account events: first a snapshot (from GET
     * /group-dispatch-api/whatsapp/queryWhatsAppStatus), then every account-status, registration,
     * online/offline, QR-login and scan-task event the platform's webhooks deliver, from the
     * gateway's durable log, resumable from a cursor like WatchTask.
     * </pre>
     */
    default void watchAccounts(io.wadispatch.gateway.v1.WatchAccountsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.WatchAccountsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchAccountsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service AccountService.
   * <pre>
   * Customer-service accounts: import, status, online, recycle, and registration of new numbers.
   * </pre>
   */
  public static abstract class AccountServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AccountServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service AccountService.
   * <pre>
   * Customer-service accounts: import, status, online, recycle, and registration of new numbers.
   * </pre>
   */
  public static final class AccountServiceStub
      extends io.grpc.stub.AbstractAsyncStub<AccountServiceStub> {
    private AccountServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccountServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccountServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Imports accounts with their keys. Calls POST /group-dispatch-api/whatsapp/batchInsert.
     * </pre>
     */
    public void importAccounts(io.wadispatch.gateway.v1.ImportAccountsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ImportAccountsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getImportAccountsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists every account with its status. Calls GET /group-dispatch-api/whatsapp/queryWhatsAppStatus.
     * </pre>
     */
    public void listAccounts(io.wadispatch.gateway.v1.ListAccountsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListAccountsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListAccountsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Brings accounts online. Calls POST /group-dispatch-api/whatsapp/batchOnline.
     * </pre>
     */
    public void bringAccountsOnline(io.wadispatch.gateway.v1.BringAccountsOnlineRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.BringAccountsOnlineResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBringAccountsOnlineMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Recycles accounts. Calls POST /group-dispatch-api/whatsapp/batchRecycle.
     * </pre>
     */
    public void recycleAccounts(io.wadispatch.gateway.v1.RecycleAccountsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.RecycleAccountsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecycleAccountsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Starts registering a phone number; a verification code is sent to it.
     * Calls POST /group-dispatch-api/register/submitPhone.
     * </pre>
     */
    public void submitRegistrationPhone(io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSubmitRegistrationPhoneMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Completes a registration with the verification code; the outcome arrives as a
     * RegistrationFinished event. Calls POST /group-dispatch-api/register/submitVerifyCode.
     * </pre>
     */
    public void submitRegistrationCode(io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSubmitRegistrationCodeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams account events: first a snapshot (from GET
     * /group-dispatch-api/whatsapp/queryWhatsAppStatus), then every account-status, registration,
     * online/offline, QR-login and scan-task event the platform's webhooks deliver, from the
     * gateway's durable log, resumable from a cursor like WatchTask.
     * </pre>
     */
    public void watchAccounts(io.wadispatch.gateway.v1.WatchAccountsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.WatchAccountsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchAccountsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service AccountService.
   * <pre>
   * Customer-service accounts: import, status, online, recycle, and registration of new numbers.
   * </pre>
   */
  public static final class AccountServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AccountServiceBlockingV2Stub> {
    private AccountServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccountServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccountServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Imports accounts with their keys. Calls POST /group-dispatch-api/whatsapp/batchInsert.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ImportAccountsResponse importAccounts(io.wadispatch.gateway.v1.ImportAccountsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getImportAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists every account with its status. Calls GET /group-dispatch-api/whatsapp/queryWhatsAppStatus.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListAccountsResponse listAccounts(io.wadispatch.gateway.v1.ListAccountsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Brings accounts online. Calls POST /group-dispatch-api/whatsapp/batchOnline.
     * </pre>
     */
    public io.wadispatch.gateway.v1.BringAccountsOnlineResponse bringAccountsOnline(io.wadispatch.gateway.v1.BringAccountsOnlineRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getBringAccountsOnlineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Recycles accounts. Calls POST /group-dispatch-api/whatsapp/batchRecycle.
     * </pre>
     */
    public io.wadispatch.gateway.v1.RecycleAccountsResponse recycleAccounts(io.wadispatch.gateway.v1.RecycleAccountsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRecycleAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Starts registering a phone number; a verification code is sent to it.
     * Calls POST /group-dispatch-api/register/submitPhone.
     * </pre>
     */
    public io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse submitRegistrationPhone(io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSubmitRegistrationPhoneMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Completes a registration with the verification code; the outcome arrives as a
     * RegistrationFinished event. Calls POST /group-dispatch-api/register/submitVerifyCode.
     * </pre>
     */
    public io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse submitRegistrationCode(io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSubmitRegistrationCodeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams account events: first a snapshot (from GET
     * /group-dispatch-api/whatsapp/queryWhatsAppStatus), then every account-status, registration,
     * online/offline, QR-login and scan-task event the platform's webhooks deliver, from the
     * gateway's durable log, resumable from a cursor like WatchTask.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, io.wadispatch.gateway.v1.WatchAccountsResponse>
        watchAccounts(io.wadispatch.gateway.v1.WatchAccountsRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getWatchAccountsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service AccountService.
   * <pre>
   * Customer-service accounts: import, status, online, recycle, and registration of new numbers.
   * </pre>
   */
  public static final class AccountServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AccountServiceBlockingStub> {
    private AccountServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccountServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccountServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Imports accounts with their keys. Calls POST /group-dispatch-api/whatsapp/batchInsert.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ImportAccountsResponse importAccounts(io.wadispatch.gateway.v1.ImportAccountsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getImportAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists every account with its status. Calls GET /group-dispatch-api/whatsapp/queryWhatsAppStatus.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListAccountsResponse listAccounts(io.wadispatch.gateway.v1.ListAccountsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Brings accounts online. Calls POST /group-dispatch-api/whatsapp/batchOnline.
     * </pre>
     */
    public io.wadispatch.gateway.v1.BringAccountsOnlineResponse bringAccountsOnline(io.wadispatch.gateway.v1.BringAccountsOnlineRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBringAccountsOnlineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Recycles accounts. Calls POST /group-dispatch-api/whatsapp/batchRecycle.
     * </pre>
     */
    public io.wadispatch.gateway.v1.RecycleAccountsResponse recycleAccounts(io.wadispatch.gateway.v1.RecycleAccountsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecycleAccountsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Starts registering a phone number; a verification code is sent to it.
     * Calls POST /group-dispatch-api/register/submitPhone.
     * </pre>
     */
    public io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse submitRegistrationPhone(io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSubmitRegistrationPhoneMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Completes a registration with the verification code; the outcome arrives as a
     * RegistrationFinished event. Calls POST /group-dispatch-api/register/submitVerifyCode.
     * </pre>
     */
    public io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse submitRegistrationCode(io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSubmitRegistrationCodeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams account events: first a snapshot (from GET
     * /group-dispatch-api/whatsapp/queryWhatsAppStatus), then every account-status, registration,
     * online/offline, QR-login and scan-task event the platform's webhooks deliver, from the
     * gateway's durable log, resumable from a cursor like WatchTask.
     * </pre>
     */
    public java.util.Iterator<io.wadispatch.gateway.v1.WatchAccountsResponse> watchAccounts(
        io.wadispatch.gateway.v1.WatchAccountsRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchAccountsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service AccountService.
   * <pre>
   * Customer-service accounts: import, status, online, recycle, and registration of new numbers.
   * </pre>
   */
  public static final class AccountServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<AccountServiceFutureStub> {
    private AccountServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccountServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccountServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Imports accounts with their keys. Calls POST /group-dispatch-api/whatsapp/batchInsert.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.ImportAccountsResponse> importAccounts(
        io.wadispatch.gateway.v1.ImportAccountsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getImportAccountsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists every account with its status. Calls GET /group-dispatch-api/whatsapp/queryWhatsAppStatus.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.ListAccountsResponse> listAccounts(
        io.wadispatch.gateway.v1.ListAccountsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListAccountsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Brings accounts online. Calls POST /group-dispatch-api/whatsapp/batchOnline.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.BringAccountsOnlineResponse> bringAccountsOnline(
        io.wadispatch.gateway.v1.BringAccountsOnlineRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBringAccountsOnlineMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Recycles accounts. Calls POST /group-dispatch-api/whatsapp/batchRecycle.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.RecycleAccountsResponse> recycleAccounts(
        io.wadispatch.gateway.v1.RecycleAccountsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecycleAccountsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Starts registering a phone number; a verification code is sent to it.
     * Calls POST /group-dispatch-api/register/submitPhone.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse> submitRegistrationPhone(
        io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSubmitRegistrationPhoneMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Completes a registration with the verification code; the outcome arrives as a
     * RegistrationFinished event. Calls POST /group-dispatch-api/register/submitVerifyCode.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse> submitRegistrationCode(
        io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSubmitRegistrationCodeMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_IMPORT_ACCOUNTS = 0;
  private static final int METHODID_LIST_ACCOUNTS = 1;
  private static final int METHODID_BRING_ACCOUNTS_ONLINE = 2;
  private static final int METHODID_RECYCLE_ACCOUNTS = 3;
  private static final int METHODID_SUBMIT_REGISTRATION_PHONE = 4;
  private static final int METHODID_SUBMIT_REGISTRATION_CODE = 5;
  private static final int METHODID_WATCH_ACCOUNTS = 6;

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
        case METHODID_IMPORT_ACCOUNTS:
          serviceImpl.importAccounts((io.wadispatch.gateway.v1.ImportAccountsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ImportAccountsResponse>) responseObserver);
          break;
        case METHODID_LIST_ACCOUNTS:
          serviceImpl.listAccounts((io.wadispatch.gateway.v1.ListAccountsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListAccountsResponse>) responseObserver);
          break;
        case METHODID_BRING_ACCOUNTS_ONLINE:
          serviceImpl.bringAccountsOnline((io.wadispatch.gateway.v1.BringAccountsOnlineRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.BringAccountsOnlineResponse>) responseObserver);
          break;
        case METHODID_RECYCLE_ACCOUNTS:
          serviceImpl.recycleAccounts((io.wadispatch.gateway.v1.RecycleAccountsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.RecycleAccountsResponse>) responseObserver);
          break;
        case METHODID_SUBMIT_REGISTRATION_PHONE:
          serviceImpl.submitRegistrationPhone((io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse>) responseObserver);
          break;
        case METHODID_SUBMIT_REGISTRATION_CODE:
          serviceImpl.submitRegistrationCode((io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse>) responseObserver);
          break;
        case METHODID_WATCH_ACCOUNTS:
          serviceImpl.watchAccounts((io.wadispatch.gateway.v1.WatchAccountsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.WatchAccountsResponse>) responseObserver);
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
          getImportAccountsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.ImportAccountsRequest,
              io.wadispatch.gateway.v1.ImportAccountsResponse>(
                service, METHODID_IMPORT_ACCOUNTS)))
        .addMethod(
          getListAccountsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.ListAccountsRequest,
              io.wadispatch.gateway.v1.ListAccountsResponse>(
                service, METHODID_LIST_ACCOUNTS)))
        .addMethod(
          getBringAccountsOnlineMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.BringAccountsOnlineRequest,
              io.wadispatch.gateway.v1.BringAccountsOnlineResponse>(
                service, METHODID_BRING_ACCOUNTS_ONLINE)))
        .addMethod(
          getRecycleAccountsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.RecycleAccountsRequest,
              io.wadispatch.gateway.v1.RecycleAccountsResponse>(
                service, METHODID_RECYCLE_ACCOUNTS)))
        .addMethod(
          getSubmitRegistrationPhoneMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.SubmitRegistrationPhoneRequest,
              io.wadispatch.gateway.v1.SubmitRegistrationPhoneResponse>(
                service, METHODID_SUBMIT_REGISTRATION_PHONE)))
        .addMethod(
          getSubmitRegistrationCodeMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.SubmitRegistrationCodeRequest,
              io.wadispatch.gateway.v1.SubmitRegistrationCodeResponse>(
                service, METHODID_SUBMIT_REGISTRATION_CODE)))
        .addMethod(
          getWatchAccountsMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.WatchAccountsRequest,
              io.wadispatch.gateway.v1.WatchAccountsResponse>(
                service, METHODID_WATCH_ACCOUNTS)))
        .build();
  }

  private static abstract class AccountServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AccountServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.wadispatch.gateway.v1.Account.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AccountService");
    }
  }

  private static final class AccountServiceFileDescriptorSupplier
      extends AccountServiceBaseDescriptorSupplier {
    AccountServiceFileDescriptorSupplier() {}
  }

  private static final class AccountServiceMethodDescriptorSupplier
      extends AccountServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AccountServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (AccountServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AccountServiceFileDescriptorSupplier())
              .addMethod(getImportAccountsMethod())
              .addMethod(getListAccountsMethod())
              .addMethod(getBringAccountsOnlineMethod())
              .addMethod(getRecycleAccountsMethod())
              .addMethod(getSubmitRegistrationPhoneMethod())
              .addMethod(getSubmitRegistrationCodeMethod())
              .addMethod(getWatchAccountsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
