import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CallerSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CALLER_SOURCE_UNSPECIFIED: _ClassVar[CallerSource]
    CALLER_SOURCE_API_KEY: _ClassVar[CallerSource]
    CALLER_SOURCE_CERTIFICATE: _ClassVar[CallerSource]
    CALLER_SOURCE_UNAUTHENTICATED: _ClassVar[CallerSource]
CALLER_SOURCE_UNSPECIFIED: CallerSource
CALLER_SOURCE_API_KEY: CallerSource
CALLER_SOURCE_CERTIFICATE: CallerSource
CALLER_SOURCE_UNAUTHENTICATED: CallerSource

class GetCallerRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCallerResponse(_message.Message):
    __slots__ = ("name", "source", "permissions", "call_rate", "recipient_quotas")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    CALL_RATE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_QUOTAS_FIELD_NUMBER: _ClassVar[int]
    name: str
    source: CallerSource
    permissions: _containers.RepeatedScalarFieldContainer[str]
    call_rate: CallRate
    recipient_quotas: _containers.RepeatedCompositeFieldContainer[RecipientQuota]
    def __init__(self, name: _Optional[str] = ..., source: _Optional[_Union[CallerSource, str]] = ..., permissions: _Optional[_Iterable[str]] = ..., call_rate: _Optional[_Union[CallRate, _Mapping]] = ..., recipient_quotas: _Optional[_Iterable[_Union[RecipientQuota, _Mapping]]] = ...) -> None: ...

class CallRate(_message.Message):
    __slots__ = ("calls_per_second", "burst", "available")
    CALLS_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    BURST_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    calls_per_second: float
    burst: int
    available: float
    def __init__(self, calls_per_second: _Optional[float] = ..., burst: _Optional[int] = ..., available: _Optional[float] = ...) -> None: ...

class RecipientQuota(_message.Message):
    __slots__ = ("limit", "window_seconds", "ceiling", "used", "remaining")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    WINDOW_SECONDS_FIELD_NUMBER: _ClassVar[int]
    CEILING_FIELD_NUMBER: _ClassVar[int]
    USED_FIELD_NUMBER: _ClassVar[int]
    REMAINING_FIELD_NUMBER: _ClassVar[int]
    limit: str
    window_seconds: int
    ceiling: int
    used: int
    remaining: int
    def __init__(self, limit: _Optional[str] = ..., window_seconds: _Optional[int] = ..., ceiling: _Optional[int] = ..., used: _Optional[int] = ..., remaining: _Optional[int] = ...) -> None: ...

class ListAuditRecordsRequest(_message.Message):
    __slots__ = ("after_cursor", "since", "caller", "limit")
    AFTER_CURSOR_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    after_cursor: str
    since: _timestamp_pb2.Timestamp
    caller: str
    limit: int
    def __init__(self, after_cursor: _Optional[str] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., caller: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ListAuditRecordsResponse(_message.Message):
    __slots__ = ("records", "next_cursor")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[AuditRecord]
    next_cursor: str
    def __init__(self, records: _Optional[_Iterable[_Union[AuditRecord, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class AuditRecord(_message.Message):
    __slots__ = ("cursor", "time", "caller", "caller_source", "rpc", "platform_path", "subjects", "recipients", "request_bytes", "request_id", "completed", "grpc_code", "platform_code")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CALLER_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RPC_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_PATH_FIELD_NUMBER: _ClassVar[int]
    SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_BYTES_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    GRPC_CODE_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_CODE_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    time: _timestamp_pb2.Timestamp
    caller: str
    caller_source: CallerSource
    rpc: str
    platform_path: str
    subjects: _containers.RepeatedScalarFieldContainer[str]
    recipients: int
    request_bytes: int
    request_id: str
    completed: bool
    grpc_code: str
    platform_code: int
    def __init__(self, cursor: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., caller: _Optional[str] = ..., caller_source: _Optional[_Union[CallerSource, str]] = ..., rpc: _Optional[str] = ..., platform_path: _Optional[str] = ..., subjects: _Optional[_Iterable[str]] = ..., recipients: _Optional[int] = ..., request_bytes: _Optional[int] = ..., request_id: _Optional[str] = ..., completed: _Optional[bool] = ..., grpc_code: _Optional[str] = ..., platform_code: _Optional[int] = ...) -> None: ...
