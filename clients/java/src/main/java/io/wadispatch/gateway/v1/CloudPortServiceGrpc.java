package io.wadispatch.gateway.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Cloud ports: log accounts in by QR code or pair code, manage their ports, read contacts and
 * profiles. A login starts with ReserveLoginPort, whose login id the other calls take. Platform
 * error codes 1001-1004 (QrCodeError) come back in the ErrorInfo of a failed call.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class CloudPortServiceGrpc {

  private CloudPortServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "wadispatch.v1.CloudPortService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListPairTargetsRequest,
      io.wadispatch.gateway.v1.ListPairTargetsResponse> getListPairTargetsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListPairTargets",
      requestType = io.wadispatch.gateway.v1.ListPairTargetsRequest.class,
      responseType = io.wadispatch.gateway.v1.ListPairTargetsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListPairTargetsRequest,
      io.wadispatch.gateway.v1.ListPairTargetsResponse> getListPairTargetsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListPairTargetsRequest, io.wadispatch.gateway.v1.ListPairTargetsResponse> getListPairTargetsMethod;
    if ((getListPairTargetsMethod = CloudPortServiceGrpc.getListPairTargetsMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getListPairTargetsMethod = CloudPortServiceGrpc.getListPairTargetsMethod) == null) {
          CloudPortServiceGrpc.getListPairTargetsMethod = getListPairTargetsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.ListPairTargetsRequest, io.wadispatch.gateway.v1.ListPairTargetsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListPairTargets"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListPairTargetsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListPairTargetsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("ListPairTargets"))
              .build();
        }
      }
    }
    return getListPairTargetsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ReserveLoginPortRequest,
      io.wadispatch.gateway.v1.ReserveLoginPortResponse> getReserveLoginPortMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReserveLoginPort",
      requestType = io.wadispatch.gateway.v1.ReserveLoginPortRequest.class,
      responseType = io.wadispatch.gateway.v1.ReserveLoginPortResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ReserveLoginPortRequest,
      io.wadispatch.gateway.v1.ReserveLoginPortResponse> getReserveLoginPortMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ReserveLoginPortRequest, io.wadispatch.gateway.v1.ReserveLoginPortResponse> getReserveLoginPortMethod;
    if ((getReserveLoginPortMethod = CloudPortServiceGrpc.getReserveLoginPortMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getReserveLoginPortMethod = CloudPortServiceGrpc.getReserveLoginPortMethod) == null) {
          CloudPortServiceGrpc.getReserveLoginPortMethod = getReserveLoginPortMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.ReserveLoginPortRequest, io.wadispatch.gateway.v1.ReserveLoginPortResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReserveLoginPort"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ReserveLoginPortRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ReserveLoginPortResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("ReserveLoginPort"))
              .build();
        }
      }
    }
    return getReserveLoginPortMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetLoginQrCodeRequest,
      io.wadispatch.gateway.v1.GetLoginQrCodeResponse> getGetLoginQrCodeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetLoginQrCode",
      requestType = io.wadispatch.gateway.v1.GetLoginQrCodeRequest.class,
      responseType = io.wadispatch.gateway.v1.GetLoginQrCodeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetLoginQrCodeRequest,
      io.wadispatch.gateway.v1.GetLoginQrCodeResponse> getGetLoginQrCodeMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetLoginQrCodeRequest, io.wadispatch.gateway.v1.GetLoginQrCodeResponse> getGetLoginQrCodeMethod;
    if ((getGetLoginQrCodeMethod = CloudPortServiceGrpc.getGetLoginQrCodeMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getGetLoginQrCodeMethod = CloudPortServiceGrpc.getGetLoginQrCodeMethod) == null) {
          CloudPortServiceGrpc.getGetLoginQrCodeMethod = getGetLoginQrCodeMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetLoginQrCodeRequest, io.wadispatch.gateway.v1.GetLoginQrCodeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetLoginQrCode"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetLoginQrCodeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetLoginQrCodeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("GetLoginQrCode"))
              .build();
        }
      }
    }
    return getGetLoginQrCodeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetLoginCodeRequest,
      io.wadispatch.gateway.v1.GetLoginCodeResponse> getGetLoginCodeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetLoginCode",
      requestType = io.wadispatch.gateway.v1.GetLoginCodeRequest.class,
      responseType = io.wadispatch.gateway.v1.GetLoginCodeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetLoginCodeRequest,
      io.wadispatch.gateway.v1.GetLoginCodeResponse> getGetLoginCodeMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetLoginCodeRequest, io.wadispatch.gateway.v1.GetLoginCodeResponse> getGetLoginCodeMethod;
    if ((getGetLoginCodeMethod = CloudPortServiceGrpc.getGetLoginCodeMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getGetLoginCodeMethod = CloudPortServiceGrpc.getGetLoginCodeMethod) == null) {
          CloudPortServiceGrpc.getGetLoginCodeMethod = getGetLoginCodeMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetLoginCodeRequest, io.wadispatch.gateway.v1.GetLoginCodeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetLoginCode"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetLoginCodeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetLoginCodeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("GetLoginCode"))
              .build();
        }
      }
    }
    return getGetLoginCodeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetLoginInfoRequest,
      io.wadispatch.gateway.v1.GetLoginInfoResponse> getGetLoginInfoMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetLoginInfo",
      requestType = io.wadispatch.gateway.v1.GetLoginInfoRequest.class,
      responseType = io.wadispatch.gateway.v1.GetLoginInfoResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetLoginInfoRequest,
      io.wadispatch.gateway.v1.GetLoginInfoResponse> getGetLoginInfoMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetLoginInfoRequest, io.wadispatch.gateway.v1.GetLoginInfoResponse> getGetLoginInfoMethod;
    if ((getGetLoginInfoMethod = CloudPortServiceGrpc.getGetLoginInfoMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getGetLoginInfoMethod = CloudPortServiceGrpc.getGetLoginInfoMethod) == null) {
          CloudPortServiceGrpc.getGetLoginInfoMethod = getGetLoginInfoMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetLoginInfoRequest, io.wadispatch.gateway.v1.GetLoginInfoResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetLoginInfo"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetLoginInfoRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetLoginInfoResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("GetLoginInfo"))
              .build();
        }
      }
    }
    return getGetLoginInfoMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.BringPortOnlineRequest,
      io.wadispatch.gateway.v1.BringPortOnlineResponse> getBringPortOnlineMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BringPortOnline",
      requestType = io.wadispatch.gateway.v1.BringPortOnlineRequest.class,
      responseType = io.wadispatch.gateway.v1.BringPortOnlineResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.BringPortOnlineRequest,
      io.wadispatch.gateway.v1.BringPortOnlineResponse> getBringPortOnlineMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.BringPortOnlineRequest, io.wadispatch.gateway.v1.BringPortOnlineResponse> getBringPortOnlineMethod;
    if ((getBringPortOnlineMethod = CloudPortServiceGrpc.getBringPortOnlineMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getBringPortOnlineMethod = CloudPortServiceGrpc.getBringPortOnlineMethod) == null) {
          CloudPortServiceGrpc.getBringPortOnlineMethod = getBringPortOnlineMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.BringPortOnlineRequest, io.wadispatch.gateway.v1.BringPortOnlineResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BringPortOnline"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.BringPortOnlineRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.BringPortOnlineResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("BringPortOnline"))
              .build();
        }
      }
    }
    return getBringPortOnlineMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.TakePortOfflineRequest,
      io.wadispatch.gateway.v1.TakePortOfflineResponse> getTakePortOfflineMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "TakePortOffline",
      requestType = io.wadispatch.gateway.v1.TakePortOfflineRequest.class,
      responseType = io.wadispatch.gateway.v1.TakePortOfflineResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.TakePortOfflineRequest,
      io.wadispatch.gateway.v1.TakePortOfflineResponse> getTakePortOfflineMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.TakePortOfflineRequest, io.wadispatch.gateway.v1.TakePortOfflineResponse> getTakePortOfflineMethod;
    if ((getTakePortOfflineMethod = CloudPortServiceGrpc.getTakePortOfflineMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getTakePortOfflineMethod = CloudPortServiceGrpc.getTakePortOfflineMethod) == null) {
          CloudPortServiceGrpc.getTakePortOfflineMethod = getTakePortOfflineMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.TakePortOfflineRequest, io.wadispatch.gateway.v1.TakePortOfflineResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "TakePortOffline"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.TakePortOfflineRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.TakePortOfflineResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("TakePortOffline"))
              .build();
        }
      }
    }
    return getTakePortOfflineMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.LogOutPortRequest,
      io.wadispatch.gateway.v1.LogOutPortResponse> getLogOutPortMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "LogOutPort",
      requestType = io.wadispatch.gateway.v1.LogOutPortRequest.class,
      responseType = io.wadispatch.gateway.v1.LogOutPortResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.LogOutPortRequest,
      io.wadispatch.gateway.v1.LogOutPortResponse> getLogOutPortMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.LogOutPortRequest, io.wadispatch.gateway.v1.LogOutPortResponse> getLogOutPortMethod;
    if ((getLogOutPortMethod = CloudPortServiceGrpc.getLogOutPortMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getLogOutPortMethod = CloudPortServiceGrpc.getLogOutPortMethod) == null) {
          CloudPortServiceGrpc.getLogOutPortMethod = getLogOutPortMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.LogOutPortRequest, io.wadispatch.gateway.v1.LogOutPortResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "LogOutPort"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.LogOutPortRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.LogOutPortResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("LogOutPort"))
              .build();
        }
      }
    }
    return getLogOutPortMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetPortQuotaRequest,
      io.wadispatch.gateway.v1.GetPortQuotaResponse> getGetPortQuotaMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetPortQuota",
      requestType = io.wadispatch.gateway.v1.GetPortQuotaRequest.class,
      responseType = io.wadispatch.gateway.v1.GetPortQuotaResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetPortQuotaRequest,
      io.wadispatch.gateway.v1.GetPortQuotaResponse> getGetPortQuotaMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetPortQuotaRequest, io.wadispatch.gateway.v1.GetPortQuotaResponse> getGetPortQuotaMethod;
    if ((getGetPortQuotaMethod = CloudPortServiceGrpc.getGetPortQuotaMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getGetPortQuotaMethod = CloudPortServiceGrpc.getGetPortQuotaMethod) == null) {
          CloudPortServiceGrpc.getGetPortQuotaMethod = getGetPortQuotaMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetPortQuotaRequest, io.wadispatch.gateway.v1.GetPortQuotaResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetPortQuota"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetPortQuotaRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetPortQuotaResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("GetPortQuota"))
              .build();
        }
      }
    }
    return getGetPortQuotaMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListPortsRequest,
      io.wadispatch.gateway.v1.ListPortsResponse> getListPortsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListPorts",
      requestType = io.wadispatch.gateway.v1.ListPortsRequest.class,
      responseType = io.wadispatch.gateway.v1.ListPortsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListPortsRequest,
      io.wadispatch.gateway.v1.ListPortsResponse> getListPortsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListPortsRequest, io.wadispatch.gateway.v1.ListPortsResponse> getListPortsMethod;
    if ((getListPortsMethod = CloudPortServiceGrpc.getListPortsMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getListPortsMethod = CloudPortServiceGrpc.getListPortsMethod) == null) {
          CloudPortServiceGrpc.getListPortsMethod = getListPortsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.ListPortsRequest, io.wadispatch.gateway.v1.ListPortsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListPorts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListPortsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListPortsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("ListPorts"))
              .build();
        }
      }
    }
    return getListPortsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListContactsRequest,
      io.wadispatch.gateway.v1.ListContactsResponse> getListContactsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListContacts",
      requestType = io.wadispatch.gateway.v1.ListContactsRequest.class,
      responseType = io.wadispatch.gateway.v1.ListContactsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListContactsRequest,
      io.wadispatch.gateway.v1.ListContactsResponse> getListContactsMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.ListContactsRequest, io.wadispatch.gateway.v1.ListContactsResponse> getListContactsMethod;
    if ((getListContactsMethod = CloudPortServiceGrpc.getListContactsMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getListContactsMethod = CloudPortServiceGrpc.getListContactsMethod) == null) {
          CloudPortServiceGrpc.getListContactsMethod = getListContactsMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.ListContactsRequest, io.wadispatch.gateway.v1.ListContactsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListContacts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListContactsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.ListContactsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("ListContacts"))
              .build();
        }
      }
    }
    return getListContactsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetContactRequest,
      io.wadispatch.gateway.v1.GetContactResponse> getGetContactMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetContact",
      requestType = io.wadispatch.gateway.v1.GetContactRequest.class,
      responseType = io.wadispatch.gateway.v1.GetContactResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetContactRequest,
      io.wadispatch.gateway.v1.GetContactResponse> getGetContactMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetContactRequest, io.wadispatch.gateway.v1.GetContactResponse> getGetContactMethod;
    if ((getGetContactMethod = CloudPortServiceGrpc.getGetContactMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getGetContactMethod = CloudPortServiceGrpc.getGetContactMethod) == null) {
          CloudPortServiceGrpc.getGetContactMethod = getGetContactMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetContactRequest, io.wadispatch.gateway.v1.GetContactResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetContact"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetContactRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetContactResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("GetContact"))
              .build();
        }
      }
    }
    return getGetContactMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetProfileRequest,
      io.wadispatch.gateway.v1.GetProfileResponse> getGetProfileMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetProfile",
      requestType = io.wadispatch.gateway.v1.GetProfileRequest.class,
      responseType = io.wadispatch.gateway.v1.GetProfileResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetProfileRequest,
      io.wadispatch.gateway.v1.GetProfileResponse> getGetProfileMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.GetProfileRequest, io.wadispatch.gateway.v1.GetProfileResponse> getGetProfileMethod;
    if ((getGetProfileMethod = CloudPortServiceGrpc.getGetProfileMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getGetProfileMethod = CloudPortServiceGrpc.getGetProfileMethod) == null) {
          CloudPortServiceGrpc.getGetProfileMethod = getGetProfileMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.GetProfileRequest, io.wadispatch.gateway.v1.GetProfileResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetProfile"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetProfileRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.GetProfileResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("GetProfile"))
              .build();
        }
      }
    }
    return getGetProfileMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest,
      io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse> getUpdateAvatarOrNicknameMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateAvatarOrNickname",
      requestType = io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest.class,
      responseType = io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest,
      io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse> getUpdateAvatarOrNicknameMethod() {
    io.grpc.MethodDescriptor<io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest, io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse> getUpdateAvatarOrNicknameMethod;
    if ((getUpdateAvatarOrNicknameMethod = CloudPortServiceGrpc.getUpdateAvatarOrNicknameMethod) == null) {
      synchronized (CloudPortServiceGrpc.class) {
        if ((getUpdateAvatarOrNicknameMethod = CloudPortServiceGrpc.getUpdateAvatarOrNicknameMethod) == null) {
          CloudPortServiceGrpc.getUpdateAvatarOrNicknameMethod = getUpdateAvatarOrNicknameMethod =
              io.grpc.MethodDescriptor.<io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest, io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateAvatarOrNickname"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CloudPortServiceMethodDescriptorSupplier("UpdateAvatarOrNickname"))
              .build();
        }
      }
    }
    return getUpdateAvatarOrNicknameMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static CloudPortServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CloudPortServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CloudPortServiceStub>() {
        @java.lang.Override
        public CloudPortServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CloudPortServiceStub(channel, callOptions);
        }
      };
    return CloudPortServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static CloudPortServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CloudPortServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CloudPortServiceBlockingV2Stub>() {
        @java.lang.Override
        public CloudPortServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CloudPortServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return CloudPortServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static CloudPortServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CloudPortServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CloudPortServiceBlockingStub>() {
        @java.lang.Override
        public CloudPortServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CloudPortServiceBlockingStub(channel, callOptions);
        }
      };
    return CloudPortServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static CloudPortServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CloudPortServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CloudPortServiceFutureStub>() {
        @java.lang.Override
        public CloudPortServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CloudPortServiceFutureStub(channel, callOptions);
        }
      };
    return CloudPortServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Cloud ports: log accounts in by QR code or pair code, manage their ports, read contacts and
   * profiles. A login starts with ReserveLoginPort, whose login id the other calls take. Platform
   * error codes 1001-1004 (QrCodeError) come back in the ErrorInfo of a failed call.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Lists the pairing targets the user may log accounts in for.
     * Calls GET /group-dispatch-api/qrCode/selectPairTarget.
     * </pre>
     */
    default void listPairTargets(io.wadispatch.gateway.v1.ListPairTargetsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListPairTargetsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListPairTargetsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reserves a port for ten minutes and returns the login (QR window) id.
     * Calls POST /group-dispatch-api/qrCode/preGenerate.
     * </pre>
     */
    default void reserveLoginPort(io.wadispatch.gateway.v1.ReserveLoginPortRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ReserveLoginPortResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReserveLoginPortMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns a login QR code. Calls POST /group-dispatch-api/qrCode/getQrCode.
     * </pre>
     */
    default void getLoginQrCode(io.wadispatch.gateway.v1.GetLoginQrCodeRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetLoginQrCodeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetLoginQrCodeMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns a login QR code and a pair code for a phone number.
     * Calls POST /group-dispatch-api/qrCode/getQrCodeV2.
     * </pre>
     */
    default void getLoginCode(io.wadispatch.gateway.v1.GetLoginCodeRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetLoginCodeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetLoginCodeMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the login state of QR logins. Calls POST /group-dispatch-api/qrCode/getQrCodeInfo.
     * </pre>
     */
    default void getLoginInfo(io.wadispatch.gateway.v1.GetLoginInfoRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetLoginInfoResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetLoginInfoMethod(), responseObserver);
    }

    /**
     * <pre>
     * Brings a cloud-port account online. Calls POST /group-dispatch-api/qrCode/onLine.
     * </pre>
     */
    default void bringPortOnline(io.wadispatch.gateway.v1.BringPortOnlineRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.BringPortOnlineResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBringPortOnlineMethod(), responseObserver);
    }

    /**
     * <pre>
     * Takes a cloud-port account offline. Calls POST /group-dispatch-api/qrCode/offline.
     * </pre>
     */
    default void takePortOffline(io.wadispatch.gateway.v1.TakePortOfflineRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.TakePortOfflineResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getTakePortOfflineMethod(), responseObserver);
    }

    /**
     * <pre>
     * Logs a cloud-port account out. Calls POST /group-dispatch-api/qrCode/logOut.
     * </pre>
     */
    default void logOutPort(io.wadispatch.gateway.v1.LogOutPortRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.LogOutPortResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLogOutPortMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the port quota: used and maximum. Calls GET /group-dispatch-api/qrCode/selectCloudPort.
     * </pre>
     */
    default void getPortQuota(io.wadispatch.gateway.v1.GetPortQuotaRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetPortQuotaResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetPortQuotaMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists occupied ports. Calls GET /group-dispatch-api/qrCode/selectCloudPortDetail.
     * </pre>
     */
    default void listPorts(io.wadispatch.gateway.v1.ListPortsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListPortsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListPortsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists a cloud port's address book; may trigger WhatsApp's risk control.
     * Calls GET /group-dispatch-api/qrCode/selectContact?id=.
     * </pre>
     */
    default void listContacts(io.wadispatch.gateway.v1.ListContactsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListContactsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListContactsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns one contact's information; may trigger WhatsApp's risk control.
     * Calls POST /group-dispatch-api/qrCode/contact/info.
     * </pre>
     */
    default void getContact(io.wadispatch.gateway.v1.GetContactRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetContactResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetContactMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the logged-in account's WhatsApp profile.
     * Calls POST /group-dispatch-api/qrCode/info/profile.
     * </pre>
     */
    default void getProfile(io.wadispatch.gateway.v1.GetProfileRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetProfileResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetProfileMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sets the avatar and/or nickname of accounts.
     * Calls POST /group-dispatch-api/channelInfo/updateAvatarOrNickname.
     * </pre>
     */
    default void updateAvatarOrNickname(io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateAvatarOrNicknameMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service CloudPortService.
   * <pre>
   * Cloud ports: log accounts in by QR code or pair code, manage their ports, read contacts and
   * profiles. A login starts with ReserveLoginPort, whose login id the other calls take. Platform
   * error codes 1001-1004 (QrCodeError) come back in the ErrorInfo of a failed call.
   * </pre>
   */
  public static abstract class CloudPortServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return CloudPortServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service CloudPortService.
   * <pre>
   * Cloud ports: log accounts in by QR code or pair code, manage their ports, read contacts and
   * profiles. A login starts with ReserveLoginPort, whose login id the other calls take. Platform
   * error codes 1001-1004 (QrCodeError) come back in the ErrorInfo of a failed call.
   * </pre>
   */
  public static final class CloudPortServiceStub
      extends io.grpc.stub.AbstractAsyncStub<CloudPortServiceStub> {
    private CloudPortServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CloudPortServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CloudPortServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the pairing targets the user may log accounts in for.
     * Calls GET /group-dispatch-api/qrCode/selectPairTarget.
     * </pre>
     */
    public void listPairTargets(io.wadispatch.gateway.v1.ListPairTargetsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListPairTargetsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListPairTargetsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reserves a port for ten minutes and returns the login (QR window) id.
     * Calls POST /group-dispatch-api/qrCode/preGenerate.
     * </pre>
     */
    public void reserveLoginPort(io.wadispatch.gateway.v1.ReserveLoginPortRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ReserveLoginPortResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReserveLoginPortMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns a login QR code. Calls POST /group-dispatch-api/qrCode/getQrCode.
     * </pre>
     */
    public void getLoginQrCode(io.wadispatch.gateway.v1.GetLoginQrCodeRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetLoginQrCodeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetLoginQrCodeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns a login QR code and a pair code for a phone number.
     * Calls POST /group-dispatch-api/qrCode/getQrCodeV2.
     * </pre>
     */
    public void getLoginCode(io.wadispatch.gateway.v1.GetLoginCodeRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetLoginCodeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetLoginCodeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the login state of QR logins. Calls POST /group-dispatch-api/qrCode/getQrCodeInfo.
     * </pre>
     */
    public void getLoginInfo(io.wadispatch.gateway.v1.GetLoginInfoRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetLoginInfoResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetLoginInfoMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Brings a cloud-port account online. Calls POST /group-dispatch-api/qrCode/onLine.
     * </pre>
     */
    public void bringPortOnline(io.wadispatch.gateway.v1.BringPortOnlineRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.BringPortOnlineResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBringPortOnlineMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Takes a cloud-port account offline. Calls POST /group-dispatch-api/qrCode/offline.
     * </pre>
     */
    public void takePortOffline(io.wadispatch.gateway.v1.TakePortOfflineRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.TakePortOfflineResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getTakePortOfflineMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Logs a cloud-port account out. Calls POST /group-dispatch-api/qrCode/logOut.
     * </pre>
     */
    public void logOutPort(io.wadispatch.gateway.v1.LogOutPortRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.LogOutPortResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLogOutPortMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the port quota: used and maximum. Calls GET /group-dispatch-api/qrCode/selectCloudPort.
     * </pre>
     */
    public void getPortQuota(io.wadispatch.gateway.v1.GetPortQuotaRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetPortQuotaResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetPortQuotaMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists occupied ports. Calls GET /group-dispatch-api/qrCode/selectCloudPortDetail.
     * </pre>
     */
    public void listPorts(io.wadispatch.gateway.v1.ListPortsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListPortsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListPortsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists a cloud port's address book; may trigger WhatsApp's risk control.
     * Calls GET /group-dispatch-api/qrCode/selectContact?id=.
     * </pre>
     */
    public void listContacts(io.wadispatch.gateway.v1.ListContactsRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListContactsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListContactsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns one contact's information; may trigger WhatsApp's risk control.
     * Calls POST /group-dispatch-api/qrCode/contact/info.
     * </pre>
     */
    public void getContact(io.wadispatch.gateway.v1.GetContactRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetContactResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetContactMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the logged-in account's WhatsApp profile.
     * Calls POST /group-dispatch-api/qrCode/info/profile.
     * </pre>
     */
    public void getProfile(io.wadispatch.gateway.v1.GetProfileRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetProfileResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetProfileMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sets the avatar and/or nickname of accounts.
     * Calls POST /group-dispatch-api/channelInfo/updateAvatarOrNickname.
     * </pre>
     */
    public void updateAvatarOrNickname(io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest request,
        io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateAvatarOrNicknameMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service CloudPortService.
   * <pre>
   * Cloud ports: log accounts in by QR code or pair code, manage their ports, read contacts and
   * profiles. A login starts with ReserveLoginPort, whose login id the other calls take. Platform
   * error codes 1001-1004 (QrCodeError) come back in the ErrorInfo of a failed call.
   * </pre>
   */
  public static final class CloudPortServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<CloudPortServiceBlockingV2Stub> {
    private CloudPortServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CloudPortServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CloudPortServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the pairing targets the user may log accounts in for.
     * Calls GET /group-dispatch-api/qrCode/selectPairTarget.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListPairTargetsResponse listPairTargets(io.wadispatch.gateway.v1.ListPairTargetsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListPairTargetsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reserves a port for ten minutes and returns the login (QR window) id.
     * Calls POST /group-dispatch-api/qrCode/preGenerate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ReserveLoginPortResponse reserveLoginPort(io.wadispatch.gateway.v1.ReserveLoginPortRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getReserveLoginPortMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a login QR code. Calls POST /group-dispatch-api/qrCode/getQrCode.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetLoginQrCodeResponse getLoginQrCode(io.wadispatch.gateway.v1.GetLoginQrCodeRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetLoginQrCodeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a login QR code and a pair code for a phone number.
     * Calls POST /group-dispatch-api/qrCode/getQrCodeV2.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetLoginCodeResponse getLoginCode(io.wadispatch.gateway.v1.GetLoginCodeRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetLoginCodeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the login state of QR logins. Calls POST /group-dispatch-api/qrCode/getQrCodeInfo.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetLoginInfoResponse getLoginInfo(io.wadispatch.gateway.v1.GetLoginInfoRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetLoginInfoMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Brings a cloud-port account online. Calls POST /group-dispatch-api/qrCode/onLine.
     * </pre>
     */
    public io.wadispatch.gateway.v1.BringPortOnlineResponse bringPortOnline(io.wadispatch.gateway.v1.BringPortOnlineRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getBringPortOnlineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Takes a cloud-port account offline. Calls POST /group-dispatch-api/qrCode/offline.
     * </pre>
     */
    public io.wadispatch.gateway.v1.TakePortOfflineResponse takePortOffline(io.wadispatch.gateway.v1.TakePortOfflineRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getTakePortOfflineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Logs a cloud-port account out. Calls POST /group-dispatch-api/qrCode/logOut.
     * </pre>
     */
    public io.wadispatch.gateway.v1.LogOutPortResponse logOutPort(io.wadispatch.gateway.v1.LogOutPortRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getLogOutPortMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the port quota: used and maximum. Calls GET /group-dispatch-api/qrCode/selectCloudPort.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetPortQuotaResponse getPortQuota(io.wadispatch.gateway.v1.GetPortQuotaRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetPortQuotaMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists occupied ports. Calls GET /group-dispatch-api/qrCode/selectCloudPortDetail.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListPortsResponse listPorts(io.wadispatch.gateway.v1.ListPortsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListPortsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a cloud port's address book; may trigger WhatsApp's risk control.
     * Calls GET /group-dispatch-api/qrCode/selectContact?id=.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListContactsResponse listContacts(io.wadispatch.gateway.v1.ListContactsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListContactsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one contact's information; may trigger WhatsApp's risk control.
     * Calls POST /group-dispatch-api/qrCode/contact/info.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetContactResponse getContact(io.wadispatch.gateway.v1.GetContactRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetContactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the logged-in account's WhatsApp profile.
     * Calls POST /group-dispatch-api/qrCode/info/profile.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetProfileResponse getProfile(io.wadispatch.gateway.v1.GetProfileRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetProfileMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets the avatar and/or nickname of accounts.
     * Calls POST /group-dispatch-api/channelInfo/updateAvatarOrNickname.
     * </pre>
     */
    public io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse updateAvatarOrNickname(io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateAvatarOrNicknameMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service CloudPortService.
   * <pre>
   * Cloud ports: log accounts in by QR code or pair code, manage their ports, read contacts and
   * profiles. A login starts with ReserveLoginPort, whose login id the other calls take. Platform
   * error codes 1001-1004 (QrCodeError) come back in the ErrorInfo of a failed call.
   * </pre>
   */
  public static final class CloudPortServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<CloudPortServiceBlockingStub> {
    private CloudPortServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CloudPortServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CloudPortServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the pairing targets the user may log accounts in for.
     * Calls GET /group-dispatch-api/qrCode/selectPairTarget.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListPairTargetsResponse listPairTargets(io.wadispatch.gateway.v1.ListPairTargetsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListPairTargetsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reserves a port for ten minutes and returns the login (QR window) id.
     * Calls POST /group-dispatch-api/qrCode/preGenerate.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ReserveLoginPortResponse reserveLoginPort(io.wadispatch.gateway.v1.ReserveLoginPortRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReserveLoginPortMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a login QR code. Calls POST /group-dispatch-api/qrCode/getQrCode.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetLoginQrCodeResponse getLoginQrCode(io.wadispatch.gateway.v1.GetLoginQrCodeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetLoginQrCodeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a login QR code and a pair code for a phone number.
     * Calls POST /group-dispatch-api/qrCode/getQrCodeV2.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetLoginCodeResponse getLoginCode(io.wadispatch.gateway.v1.GetLoginCodeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetLoginCodeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the login state of QR logins. Calls POST /group-dispatch-api/qrCode/getQrCodeInfo.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetLoginInfoResponse getLoginInfo(io.wadispatch.gateway.v1.GetLoginInfoRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetLoginInfoMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Brings a cloud-port account online. Calls POST /group-dispatch-api/qrCode/onLine.
     * </pre>
     */
    public io.wadispatch.gateway.v1.BringPortOnlineResponse bringPortOnline(io.wadispatch.gateway.v1.BringPortOnlineRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBringPortOnlineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Takes a cloud-port account offline. Calls POST /group-dispatch-api/qrCode/offline.
     * </pre>
     */
    public io.wadispatch.gateway.v1.TakePortOfflineResponse takePortOffline(io.wadispatch.gateway.v1.TakePortOfflineRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getTakePortOfflineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Logs a cloud-port account out. Calls POST /group-dispatch-api/qrCode/logOut.
     * </pre>
     */
    public io.wadispatch.gateway.v1.LogOutPortResponse logOutPort(io.wadispatch.gateway.v1.LogOutPortRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLogOutPortMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the port quota: used and maximum. Calls GET /group-dispatch-api/qrCode/selectCloudPort.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetPortQuotaResponse getPortQuota(io.wadispatch.gateway.v1.GetPortQuotaRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetPortQuotaMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists occupied ports. Calls GET /group-dispatch-api/qrCode/selectCloudPortDetail.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListPortsResponse listPorts(io.wadispatch.gateway.v1.ListPortsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListPortsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a cloud port's address book; may trigger WhatsApp's risk control.
     * Calls GET /group-dispatch-api/qrCode/selectContact?id=.
     * </pre>
     */
    public io.wadispatch.gateway.v1.ListContactsResponse listContacts(io.wadispatch.gateway.v1.ListContactsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListContactsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one contact's information; may trigger WhatsApp's risk control.
     * Calls POST /group-dispatch-api/qrCode/contact/info.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetContactResponse getContact(io.wadispatch.gateway.v1.GetContactRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetContactMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the logged-in account's WhatsApp profile.
     * Calls POST /group-dispatch-api/qrCode/info/profile.
     * </pre>
     */
    public io.wadispatch.gateway.v1.GetProfileResponse getProfile(io.wadispatch.gateway.v1.GetProfileRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetProfileMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets the avatar and/or nickname of accounts.
     * Calls POST /group-dispatch-api/channelInfo/updateAvatarOrNickname.
     * </pre>
     */
    public io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse updateAvatarOrNickname(io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateAvatarOrNicknameMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service CloudPortService.
   * <pre>
   * Cloud ports: log accounts in by QR code or pair code, manage their ports, read contacts and
   * profiles. A login starts with ReserveLoginPort, whose login id the other calls take. Platform
   * error codes 1001-1004 (QrCodeError) come back in the ErrorInfo of a failed call.
   * </pre>
   */
  public static final class CloudPortServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<CloudPortServiceFutureStub> {
    private CloudPortServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CloudPortServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CloudPortServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Lists the pairing targets the user may log accounts in for.
     * Calls GET /group-dispatch-api/qrCode/selectPairTarget.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.ListPairTargetsResponse> listPairTargets(
        io.wadispatch.gateway.v1.ListPairTargetsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListPairTargetsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reserves a port for ten minutes and returns the login (QR window) id.
     * Calls POST /group-dispatch-api/qrCode/preGenerate.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.ReserveLoginPortResponse> reserveLoginPort(
        io.wadispatch.gateway.v1.ReserveLoginPortRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReserveLoginPortMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns a login QR code. Calls POST /group-dispatch-api/qrCode/getQrCode.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetLoginQrCodeResponse> getLoginQrCode(
        io.wadispatch.gateway.v1.GetLoginQrCodeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetLoginQrCodeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns a login QR code and a pair code for a phone number.
     * Calls POST /group-dispatch-api/qrCode/getQrCodeV2.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetLoginCodeResponse> getLoginCode(
        io.wadispatch.gateway.v1.GetLoginCodeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetLoginCodeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns the login state of QR logins. Calls POST /group-dispatch-api/qrCode/getQrCodeInfo.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetLoginInfoResponse> getLoginInfo(
        io.wadispatch.gateway.v1.GetLoginInfoRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetLoginInfoMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Brings a cloud-port account online. Calls POST /group-dispatch-api/qrCode/onLine.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.BringPortOnlineResponse> bringPortOnline(
        io.wadispatch.gateway.v1.BringPortOnlineRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBringPortOnlineMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Takes a cloud-port account offline. Calls POST /group-dispatch-api/qrCode/offline.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.TakePortOfflineResponse> takePortOffline(
        io.wadispatch.gateway.v1.TakePortOfflineRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getTakePortOfflineMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Logs a cloud-port account out. Calls POST /group-dispatch-api/qrCode/logOut.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.LogOutPortResponse> logOutPort(
        io.wadispatch.gateway.v1.LogOutPortRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLogOutPortMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns the port quota: used and maximum. Calls GET /group-dispatch-api/qrCode/selectCloudPort.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetPortQuotaResponse> getPortQuota(
        io.wadispatch.gateway.v1.GetPortQuotaRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetPortQuotaMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists occupied ports. Calls GET /group-dispatch-api/qrCode/selectCloudPortDetail.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.ListPortsResponse> listPorts(
        io.wadispatch.gateway.v1.ListPortsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListPortsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists a cloud port's address book; may trigger WhatsApp's risk control.
     * Calls GET /group-dispatch-api/qrCode/selectContact?id=.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.ListContactsResponse> listContacts(
        io.wadispatch.gateway.v1.ListContactsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListContactsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns one contact's information; may trigger WhatsApp's risk control.
     * Calls POST /group-dispatch-api/qrCode/contact/info.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetContactResponse> getContact(
        io.wadispatch.gateway.v1.GetContactRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetContactMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns the logged-in account's WhatsApp profile.
     * Calls POST /group-dispatch-api/qrCode/info/profile.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.GetProfileResponse> getProfile(
        io.wadispatch.gateway.v1.GetProfileRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetProfileMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sets the avatar and/or nickname of accounts.
     * Calls POST /group-dispatch-api/channelInfo/updateAvatarOrNickname.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse> updateAvatarOrNickname(
        io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateAvatarOrNicknameMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_PAIR_TARGETS = 0;
  private static final int METHODID_RESERVE_LOGIN_PORT = 1;
  private static final int METHODID_GET_LOGIN_QR_CODE = 2;
  private static final int METHODID_GET_LOGIN_CODE = 3;
  private static final int METHODID_GET_LOGIN_INFO = 4;
  private static final int METHODID_BRING_PORT_ONLINE = 5;
  private static final int METHODID_TAKE_PORT_OFFLINE = 6;
  private static final int METHODID_LOG_OUT_PORT = 7;
  private static final int METHODID_GET_PORT_QUOTA = 8;
  private static final int METHODID_LIST_PORTS = 9;
  private static final int METHODID_LIST_CONTACTS = 10;
  private static final int METHODID_GET_CONTACT = 11;
  private static final int METHODID_GET_PROFILE = 12;
  private static final int METHODID_UPDATE_AVATAR_OR_NICKNAME = 13;

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
        case METHODID_LIST_PAIR_TARGETS:
          serviceImpl.listPairTargets((io.wadispatch.gateway.v1.ListPairTargetsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListPairTargetsResponse>) responseObserver);
          break;
        case METHODID_RESERVE_LOGIN_PORT:
          serviceImpl.reserveLoginPort((io.wadispatch.gateway.v1.ReserveLoginPortRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ReserveLoginPortResponse>) responseObserver);
          break;
        case METHODID_GET_LOGIN_QR_CODE:
          serviceImpl.getLoginQrCode((io.wadispatch.gateway.v1.GetLoginQrCodeRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetLoginQrCodeResponse>) responseObserver);
          break;
        case METHODID_GET_LOGIN_CODE:
          serviceImpl.getLoginCode((io.wadispatch.gateway.v1.GetLoginCodeRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetLoginCodeResponse>) responseObserver);
          break;
        case METHODID_GET_LOGIN_INFO:
          serviceImpl.getLoginInfo((io.wadispatch.gateway.v1.GetLoginInfoRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetLoginInfoResponse>) responseObserver);
          break;
        case METHODID_BRING_PORT_ONLINE:
          serviceImpl.bringPortOnline((io.wadispatch.gateway.v1.BringPortOnlineRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.BringPortOnlineResponse>) responseObserver);
          break;
        case METHODID_TAKE_PORT_OFFLINE:
          serviceImpl.takePortOffline((io.wadispatch.gateway.v1.TakePortOfflineRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.TakePortOfflineResponse>) responseObserver);
          break;
        case METHODID_LOG_OUT_PORT:
          serviceImpl.logOutPort((io.wadispatch.gateway.v1.LogOutPortRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.LogOutPortResponse>) responseObserver);
          break;
        case METHODID_GET_PORT_QUOTA:
          serviceImpl.getPortQuota((io.wadispatch.gateway.v1.GetPortQuotaRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetPortQuotaResponse>) responseObserver);
          break;
        case METHODID_LIST_PORTS:
          serviceImpl.listPorts((io.wadispatch.gateway.v1.ListPortsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListPortsResponse>) responseObserver);
          break;
        case METHODID_LIST_CONTACTS:
          serviceImpl.listContacts((io.wadispatch.gateway.v1.ListContactsRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.ListContactsResponse>) responseObserver);
          break;
        case METHODID_GET_CONTACT:
          serviceImpl.getContact((io.wadispatch.gateway.v1.GetContactRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetContactResponse>) responseObserver);
          break;
        case METHODID_GET_PROFILE:
          serviceImpl.getProfile((io.wadispatch.gateway.v1.GetProfileRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.GetProfileResponse>) responseObserver);
          break;
        case METHODID_UPDATE_AVATAR_OR_NICKNAME:
          serviceImpl.updateAvatarOrNickname((io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest) request,
              (io.grpc.stub.StreamObserver<io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse>) responseObserver);
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
          getListPairTargetsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.ListPairTargetsRequest,
              io.wadispatch.gateway.v1.ListPairTargetsResponse>(
                service, METHODID_LIST_PAIR_TARGETS)))
        .addMethod(
          getReserveLoginPortMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.ReserveLoginPortRequest,
              io.wadispatch.gateway.v1.ReserveLoginPortResponse>(
                service, METHODID_RESERVE_LOGIN_PORT)))
        .addMethod(
          getGetLoginQrCodeMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetLoginQrCodeRequest,
              io.wadispatch.gateway.v1.GetLoginQrCodeResponse>(
                service, METHODID_GET_LOGIN_QR_CODE)))
        .addMethod(
          getGetLoginCodeMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetLoginCodeRequest,
              io.wadispatch.gateway.v1.GetLoginCodeResponse>(
                service, METHODID_GET_LOGIN_CODE)))
        .addMethod(
          getGetLoginInfoMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetLoginInfoRequest,
              io.wadispatch.gateway.v1.GetLoginInfoResponse>(
                service, METHODID_GET_LOGIN_INFO)))
        .addMethod(
          getBringPortOnlineMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.BringPortOnlineRequest,
              io.wadispatch.gateway.v1.BringPortOnlineResponse>(
                service, METHODID_BRING_PORT_ONLINE)))
        .addMethod(
          getTakePortOfflineMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.TakePortOfflineRequest,
              io.wadispatch.gateway.v1.TakePortOfflineResponse>(
                service, METHODID_TAKE_PORT_OFFLINE)))
        .addMethod(
          getLogOutPortMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.LogOutPortRequest,
              io.wadispatch.gateway.v1.LogOutPortResponse>(
                service, METHODID_LOG_OUT_PORT)))
        .addMethod(
          getGetPortQuotaMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetPortQuotaRequest,
              io.wadispatch.gateway.v1.GetPortQuotaResponse>(
                service, METHODID_GET_PORT_QUOTA)))
        .addMethod(
          getListPortsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.ListPortsRequest,
              io.wadispatch.gateway.v1.ListPortsResponse>(
                service, METHODID_LIST_PORTS)))
        .addMethod(
          getListContactsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.ListContactsRequest,
              io.wadispatch.gateway.v1.ListContactsResponse>(
                service, METHODID_LIST_CONTACTS)))
        .addMethod(
          getGetContactMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetContactRequest,
              io.wadispatch.gateway.v1.GetContactResponse>(
                service, METHODID_GET_CONTACT)))
        .addMethod(
          getGetProfileMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.GetProfileRequest,
              io.wadispatch.gateway.v1.GetProfileResponse>(
                service, METHODID_GET_PROFILE)))
        .addMethod(
          getUpdateAvatarOrNicknameMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.wadispatch.gateway.v1.UpdateAvatarOrNicknameRequest,
              io.wadispatch.gateway.v1.UpdateAvatarOrNicknameResponse>(
                service, METHODID_UPDATE_AVATAR_OR_NICKNAME)))
        .build();
  }

  private static abstract class CloudPortServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    CloudPortServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.wadispatch.gateway.v1.CloudPortOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("CloudPortService");
    }
  }

  private static final class CloudPortServiceFileDescriptorSupplier
      extends CloudPortServiceBaseDescriptorSupplier {
    CloudPortServiceFileDescriptorSupplier() {}
  }

  private static final class CloudPortServiceMethodDescriptorSupplier
      extends CloudPortServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    CloudPortServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (CloudPortServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new CloudPortServiceFileDescriptorSupplier())
              .addMethod(getListPairTargetsMethod())
              .addMethod(getReserveLoginPortMethod())
              .addMethod(getGetLoginQrCodeMethod())
              .addMethod(getGetLoginCodeMethod())
              .addMethod(getGetLoginInfoMethod())
              .addMethod(getBringPortOnlineMethod())
              .addMethod(getTakePortOfflineMethod())
              .addMethod(getLogOutPortMethod())
              .addMethod(getGetPortQuotaMethod())
              .addMethod(getListPortsMethod())
              .addMethod(getListContactsMethod())
              .addMethod(getGetContactMethod())
              .addMethod(getGetProfileMethod())
              .addMethod(getUpdateAvatarOrNicknameMethod())
              .build();
        }
      }
    }
    return result;
  }
}
