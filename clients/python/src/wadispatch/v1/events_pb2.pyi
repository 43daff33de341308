import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from wadispatch.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TaskStatusChanged(_message.Message):
    __slots__ = ("task_id", "status")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    status: _common_pb2.TaskStatus
    def __init__(self, task_id: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.TaskStatus, str]] = ...) -> None: ...

class RecipientStatusChanged(_message.Message):
    __slots__ = ("task_id", "info_id", "sender_phone", "target", "status", "time", "failure_reason", "trans_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    INFO_ID_FIELD_NUMBER: _ClassVar[int]
    SENDER_PHONE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    TRANS_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    info_id: int
    sender_phone: str
    target: str
    status: _common_pb2.RecipientStatus
    time: _timestamp_pb2.Timestamp
    failure_reason: _common_pb2.FailureReason
    trans_id: str
    def __init__(self, task_id: _Optional[str] = ..., info_id: _Optional[int] = ..., sender_phone: _Optional[str] = ..., target: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.RecipientStatus, str]] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failure_reason: _Optional[_Union[_common_pb2.FailureReason, str]] = ..., trans_id: _Optional[str] = ...) -> None: ...

class ReplyMedia(_message.Message):
    __slots__ = ("file_name", "url", "mime_type", "caption")
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAPTION_FIELD_NUMBER: _ClassVar[int]
    file_name: str
    url: str
    mime_type: str
    caption: str
    def __init__(self, file_name: _Optional[str] = ..., url: _Optional[str] = ..., mime_type: _Optional[str] = ..., caption: _Optional[str] = ...) -> None: ...

class ReplyContent(_message.Message):
    __slots__ = ("type", "text", "media", "message_id", "time")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    type: _common_pb2.ContentType
    text: str
    media: ReplyMedia
    message_id: str
    time: _timestamp_pb2.Timestamp
    def __init__(self, type: _Optional[_Union[_common_pb2.ContentType, str]] = ..., text: _Optional[str] = ..., media: _Optional[_Union[ReplyMedia, _Mapping]] = ..., message_id: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReplyReceived(_message.Message):
    __slots__ = ("user_id", "serial_number", "account_phone", "target", "task_id", "task_info_id", "contents")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SERIAL_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_PHONE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_INFO_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    serial_number: int
    account_phone: str
    target: str
    task_id: str
    task_info_id: str
    contents: _containers.RepeatedCompositeFieldContainer[ReplyContent]
    def __init__(self, user_id: _Optional[str] = ..., serial_number: _Optional[int] = ..., account_phone: _Optional[str] = ..., target: _Optional[str] = ..., task_id: _Optional[str] = ..., task_info_id: _Optional[str] = ..., contents: _Optional[_Iterable[_Union[ReplyContent, _Mapping]]] = ...) -> None: ...

class AccountStatusChanged(_message.Message):
    __slots__ = ("phone", "status", "online_status", "reason", "reason_text", "instance_code")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ONLINE_STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REASON_TEXT_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_CODE_FIELD_NUMBER: _ClassVar[int]
    phone: str
    status: _common_pb2.AccountStatus
    online_status: _common_pb2.OnlineStatus
    reason: _common_pb2.AccountStatusReason
    reason_text: str
    instance_code: str
    def __init__(self, phone: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.AccountStatus, str]] = ..., online_status: _Optional[_Union[_common_pb2.OnlineStatus, str]] = ..., reason: _Optional[_Union[_common_pb2.AccountStatusReason, str]] = ..., reason_text: _Optional[str] = ..., instance_code: _Optional[str] = ...) -> None: ...

class RegistrationFinished(_message.Message):
    __slots__ = ("phone", "succeeded")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    phone: str
    succeeded: bool
    def __init__(self, phone: _Optional[str] = ..., succeeded: _Optional[bool] = ...) -> None: ...

class ConnectionStatusChanged(_message.Message):
    __slots__ = ("phone", "status", "detail_status", "agent_account", "platform_type", "time")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DETAIL_STATUS_FIELD_NUMBER: _ClassVar[int]
    AGENT_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_TYPE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    phone: str
    status: _common_pb2.ConnectionStatus
    detail_status: _common_pb2.DetailStatus
    agent_account: str
    platform_type: _common_pb2.PlatformType
    time: _timestamp_pb2.Timestamp
    def __init__(self, phone: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.ConnectionStatus, str]] = ..., detail_status: _Optional[_Union[_common_pb2.DetailStatus, str]] = ..., agent_account: _Optional[str] = ..., platform_type: _Optional[_Union[_common_pb2.PlatformType, str]] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QrLoginFinished(_message.Message):
    __slots__ = ("login_id", "phone", "succeeded")
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    phone: str
    succeeded: bool
    def __init__(self, login_id: _Optional[str] = ..., phone: _Optional[str] = ..., succeeded: _Optional[bool] = ...) -> None: ...

class ScanTaskStatusChanged(_message.Message):
    __slots__ = ("scan_task_id", "agent_id", "phone", "status", "update_time")
    SCAN_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    scan_task_id: str
    agent_id: int
    phone: str
    status: _common_pb2.ScanTaskStatus
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, scan_task_id: _Optional[str] = ..., agent_id: _Optional[int] = ..., phone: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.ScanTaskStatus, str]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("task_status", "recipient_status", "reply", "account_status", "registration", "connection_status", "qr_login", "scan_task_status", "received_time")
    TASK_STATUS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_STATUS_FIELD_NUMBER: _ClassVar[int]
    REPLY_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_STATUS_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_STATUS_FIELD_NUMBER: _ClassVar[int]
    QR_LOGIN_FIELD_NUMBER: _ClassVar[int]
    SCAN_TASK_STATUS_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TIME_FIELD_NUMBER: _ClassVar[int]
    task_status: TaskStatusChanged
    recipient_status: RecipientStatusChanged
    reply: ReplyReceived
    account_status: AccountStatusChanged
    registration: RegistrationFinished
    connection_status: ConnectionStatusChanged
    qr_login: QrLoginFinished
    scan_task_status: ScanTaskStatusChanged
    received_time: _timestamp_pb2.Timestamp
    def __init__(self, task_status: _Optional[_Union[TaskStatusChanged, _Mapping]] = ..., recipient_status: _Optional[_Union[RecipientStatusChanged, _Mapping]] = ..., reply: _Optional[_Union[ReplyReceived, _Mapping]] = ..., account_status: _Optional[_Union[AccountStatusChanged, _Mapping]] = ..., registration: _Optional[_Union[RegistrationFinished, _Mapping]] = ..., connection_status: _Optional[_Union[ConnectionStatusChanged, _Mapping]] = ..., qr_login: _Optional[_Union[QrLoginFinished, _Mapping]] = ..., scan_task_status: _Optional[_Union[ScanTaskStatusChanged, _Mapping]] = ..., received_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
