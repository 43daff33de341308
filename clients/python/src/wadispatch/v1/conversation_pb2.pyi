import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from wadispatch.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WakeUpActionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WAKE_UP_ACTION_TYPE_UNSPECIFIED: _ClassVar[WakeUpActionType]
    WAKE_UP_ACTION_TYPE_OPEN_CONVERSATION: _ClassVar[WakeUpActionType]

class WakeUpExecuteStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WAKE_UP_EXECUTE_STATUS_UNSPECIFIED: _ClassVar[WakeUpExecuteStatus]
    WAKE_UP_EXECUTE_STATUS_SUCCEEDED: _ClassVar[WakeUpExecuteStatus]
    WAKE_UP_EXECUTE_STATUS_FAILED: _ClassVar[WakeUpExecuteStatus]
    WAKE_UP_EXECUTE_STATUS_NOT_EXECUTED: _ClassVar[WakeUpExecuteStatus]
WAKE_UP_ACTION_TYPE_UNSPECIFIED: WakeUpActionType
WAKE_UP_ACTION_TYPE_OPEN_CONVERSATION: WakeUpActionType
WAKE_UP_EXECUTE_STATUS_UNSPECIFIED: WakeUpExecuteStatus
WAKE_UP_EXECUTE_STATUS_SUCCEEDED: WakeUpExecuteStatus
WAKE_UP_EXECUTE_STATUS_FAILED: WakeUpExecuteStatus
WAKE_UP_EXECUTE_STATUS_NOT_EXECUTED: WakeUpExecuteStatus

class WakeUpAction(_message.Message):
    __slots__ = ("agent_account", "account_phone", "friend_phone", "platform_type", "message", "type")
    AGENT_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_PHONE_FIELD_NUMBER: _ClassVar[int]
    FRIEND_PHONE_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_TYPE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    agent_account: str
    account_phone: str
    friend_phone: str
    platform_type: _common_pb2.PlatformType
    message: str
    type: WakeUpActionType
    def __init__(self, agent_account: _Optional[str] = ..., account_phone: _Optional[str] = ..., friend_phone: _Optional[str] = ..., platform_type: _Optional[_Union[_common_pb2.PlatformType, str]] = ..., message: _Optional[str] = ..., type: _Optional[_Union[WakeUpActionType, str]] = ...) -> None: ...

class WakeUpConversationsRequest(_message.Message):
    __slots__ = ("actions", "request_id")
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    actions: _containers.RepeatedCompositeFieldContainer[WakeUpAction]
    request_id: str
    def __init__(self, actions: _Optional[_Iterable[_Union[WakeUpAction, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class WakeUpConversationsResponse(_message.Message):
    __slots__ = ("action_ids",)
    ACTION_IDS_FIELD_NUMBER: _ClassVar[int]
    action_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, action_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetWakeUpResultsRequest(_message.Message):
    __slots__ = ("action_ids",)
    ACTION_IDS_FIELD_NUMBER: _ClassVar[int]
    action_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, action_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class WakeUpResult(_message.Message):
    __slots__ = ("action_id", "tenant_id", "agent_account", "account_phone", "friend_phone", "type", "execute_status", "execute_time")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_PHONE_FIELD_NUMBER: _ClassVar[int]
    FRIEND_PHONE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    EXECUTE_STATUS_FIELD_NUMBER: _ClassVar[int]
    EXECUTE_TIME_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    tenant_id: int
    agent_account: str
    account_phone: str
    friend_phone: str
    type: WakeUpActionType
    execute_status: WakeUpExecuteStatus
    execute_time: _timestamp_pb2.Timestamp
    def __init__(self, action_id: _Optional[str] = ..., tenant_id: _Optional[int] = ..., agent_account: _Optional[str] = ..., account_phone: _Optional[str] = ..., friend_phone: _Optional[str] = ..., type: _Optional[_Union[WakeUpActionType, str]] = ..., execute_status: _Optional[_Union[WakeUpExecuteStatus, str]] = ..., execute_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetWakeUpResultsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[WakeUpResult]
    def __init__(self, results: _Optional[_Iterable[_Union[WakeUpResult, _Mapping]]] = ...) -> None: ...
