import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from wadispatch.v1 import common_pb2 as _common_pb2
from wadispatch.v1 import events_pb2 as _events_pb2
from wadispatch.v1 import task_pb2 as _task_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AccountCredentials(_message.Message):
    __slots__ = ("phone", "avatar", "name", "public_key", "private_key", "msg_public_key", "msg_private_key", "account_id", "next_key_id", "registration_id", "device_params", "account_type")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    AVATAR_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_KEY_FIELD_NUMBER: _ClassVar[int]
    MSG_PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    MSG_PRIVATE_KEY_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    NEXT_KEY_ID_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_PARAMS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_TYPE_FIELD_NUMBER: _ClassVar[int]
    phone: str
    avatar: str
    name: str
    public_key: str
    private_key: str
    msg_public_key: str
    msg_private_key: str
    account_id: str
    next_key_id: str
    registration_id: str
    device_params: str
    account_type: _common_pb2.AccountType
    def __init__(self, phone: _Optional[str] = ..., avatar: _Optional[str] = ..., name: _Optional[str] = ..., public_key: _Optional[str] = ..., private_key: _Optional[str] = ..., msg_public_key: _Optional[str] = ..., msg_private_key: _Optional[str] = ..., account_id: _Optional[str] = ..., next_key_id: _Optional[str] = ..., registration_id: _Optional[str] = ..., device_params: _Optional[str] = ..., account_type: _Optional[_Union[_common_pb2.AccountType, str]] = ...) -> None: ...

class ImportAccountsRequest(_message.Message):
    __slots__ = ("accounts", "request_id")
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[AccountCredentials]
    request_id: str
    def __init__(self, accounts: _Optional[_Iterable[_Union[AccountCredentials, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class ImportAccountsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListAccountsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AccountState(_message.Message):
    __slots__ = ("phone", "status", "online_status")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ONLINE_STATUS_FIELD_NUMBER: _ClassVar[int]
    phone: str
    status: _common_pb2.AccountStatus
    online_status: _common_pb2.OnlineStatus
    def __init__(self, phone: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.AccountStatus, str]] = ..., online_status: _Optional[_Union[_common_pb2.OnlineStatus, str]] = ...) -> None: ...

class ListAccountsResponse(_message.Message):
    __slots__ = ("accounts",)
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[AccountState]
    def __init__(self, accounts: _Optional[_Iterable[_Union[AccountState, _Mapping]]] = ...) -> None: ...

class OnlineAccount(_message.Message):
    __slots__ = ("credentials", "override")
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    credentials: AccountCredentials
    override: bool
    def __init__(self, credentials: _Optional[_Union[AccountCredentials, _Mapping]] = ..., override: _Optional[bool] = ...) -> None: ...

class BringAccountsOnlineRequest(_message.Message):
    __slots__ = ("accounts", "request_id")
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[OnlineAccount]
    request_id: str
    def __init__(self, accounts: _Optional[_Iterable[_Union[OnlineAccount, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class BringAccountsOnlineResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RecycleAccountsRequest(_message.Message):
    __slots__ = ("phones", "request_id")
    PHONES_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    phones: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    def __init__(self, phones: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class RecycleAccountsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SubmitRegistrationPhoneRequest(_message.Message):
    __slots__ = ("phone", "verify_type", "account_type", "area_code", "country_code", "request_id")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    VERIFY_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_TYPE_FIELD_NUMBER: _ClassVar[int]
    AREA_CODE_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    phone: str
    verify_type: _common_pb2.VerifyType
    account_type: _common_pb2.AccountType
    area_code: str
    country_code: str
    request_id: str
    def __init__(self, phone: _Optional[str] = ..., verify_type: _Optional[_Union[_common_pb2.VerifyType, str]] = ..., account_type: _Optional[_Union[_common_pb2.AccountType, str]] = ..., area_code: _Optional[str] = ..., country_code: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class SubmitRegistrationPhoneResponse(_message.Message):
    __slots__ = ("registration_id",)
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    registration_id: int
    def __init__(self, registration_id: _Optional[int] = ...) -> None: ...

class SubmitRegistrationCodeRequest(_message.Message):
    __slots__ = ("phone", "area_code", "verify_code", "request_id")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    AREA_CODE_FIELD_NUMBER: _ClassVar[int]
    VERIFY_CODE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    phone: str
    area_code: str
    verify_code: str
    request_id: str
    def __init__(self, phone: _Optional[str] = ..., area_code: _Optional[str] = ..., verify_code: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class SubmitRegistrationCodeResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WatchAccountsRequest(_message.Message):
    __slots__ = ("phones", "after_cursor")
    PHONES_FIELD_NUMBER: _ClassVar[int]
    AFTER_CURSOR_FIELD_NUMBER: _ClassVar[int]
    phones: _containers.RepeatedScalarFieldContainer[str]
    after_cursor: str
    def __init__(self, phones: _Optional[_Iterable[str]] = ..., after_cursor: _Optional[str] = ...) -> None: ...

class AccountsSnapshot(_message.Message):
    __slots__ = ("accounts",)
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[AccountState]
    def __init__(self, accounts: _Optional[_Iterable[_Union[AccountState, _Mapping]]] = ...) -> None: ...

class WatchAccountsResponse(_message.Message):
    __slots__ = ("cursor", "snapshot", "account_status", "registration", "connection_status", "qr_login", "scan_task_status", "heartbeat", "received_time")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_STATUS_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_STATUS_FIELD_NUMBER: _ClassVar[int]
    QR_LOGIN_FIELD_NUMBER: _ClassVar[int]
    SCAN_TASK_STATUS_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TIME_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    snapshot: AccountsSnapshot
    account_status: _events_pb2.AccountStatusChanged
    registration: _events_pb2.RegistrationFinished
    connection_status: _events_pb2.ConnectionStatusChanged
    qr_login: _events_pb2.QrLoginFinished
    scan_task_status: _events_pb2.ScanTaskStatusChanged
    heartbeat: _task_pb2.Heartbeat
    received_time: _timestamp_pb2.Timestamp
    def __init__(self, cursor: _Optional[str] = ..., snapshot: _Optional[_Union[AccountsSnapshot, _Mapping]] = ..., account_status: _Optional[_Union[_events_pb2.AccountStatusChanged, _Mapping]] = ..., registration: _Optional[_Union[_events_pb2.RegistrationFinished, _Mapping]] = ..., connection_status: _Optional[_Union[_events_pb2.ConnectionStatusChanged, _Mapping]] = ..., qr_login: _Optional[_Union[_events_pb2.QrLoginFinished, _Mapping]] = ..., scan_task_status: _Optional[_Union[_events_pb2.ScanTaskStatusChanged, _Mapping]] = ..., heartbeat: _Optional[_Union[_task_pb2.Heartbeat, _Mapping]] = ..., received_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
