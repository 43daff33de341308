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

class LoginClientType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LOGIN_CLIENT_TYPE_UNSPECIFIED: _ClassVar[LoginClientType]
    LOGIN_CLIENT_TYPE_PC: _ClassVar[LoginClientType]
    LOGIN_CLIENT_TYPE_CLOUD_PC: _ClassVar[LoginClientType]

class PairCodeMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAIR_CODE_MODE_UNSPECIFIED: _ClassVar[PairCodeMode]
    PAIR_CODE_MODE_NATIVE: _ClassVar[PairCodeMode]
    PAIR_CODE_MODE_EASY: _ClassVar[PairCodeMode]
    PAIR_CODE_MODE_FIXED_EIGHTS: _ClassVar[PairCodeMode]

class ProfileDeviceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROFILE_DEVICE_TYPE_UNSPECIFIED: _ClassVar[ProfileDeviceType]
    PROFILE_DEVICE_TYPE_CLOUD_PORT: _ClassVar[ProfileDeviceType]
    PROFILE_DEVICE_TYPE_PHYSICAL_DEVICE: _ClassVar[ProfileDeviceType]
LOGIN_CLIENT_TYPE_UNSPECIFIED: LoginClientType
LOGIN_CLIENT_TYPE_PC: LoginClientType
LOGIN_CLIENT_TYPE_CLOUD_PC: LoginClientType
PAIR_CODE_MODE_UNSPECIFIED: PairCodeMode
PAIR_CODE_MODE_NATIVE: PairCodeMode
PAIR_CODE_MODE_EASY: PairCodeMode
PAIR_CODE_MODE_FIXED_EIGHTS: PairCodeMode
PROFILE_DEVICE_TYPE_UNSPECIFIED: ProfileDeviceType
PROFILE_DEVICE_TYPE_CLOUD_PORT: ProfileDeviceType
PROFILE_DEVICE_TYPE_PHYSICAL_DEVICE: ProfileDeviceType

class ListPairTargetsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PairTarget(_message.Message):
    __slots__ = ("id", "name", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListPairTargetsResponse(_message.Message):
    __slots__ = ("targets",)
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    targets: _containers.RepeatedCompositeFieldContainer[PairTarget]
    def __init__(self, targets: _Optional[_Iterable[_Union[PairTarget, _Mapping]]] = ...) -> None: ...

class ReserveLoginPortRequest(_message.Message):
    __slots__ = ("client_type", "pairing_target_id", "request_id")
    CLIENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PAIRING_TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    client_type: LoginClientType
    pairing_target_id: int
    request_id: str
    def __init__(self, client_type: _Optional[_Union[LoginClientType, str]] = ..., pairing_target_id: _Optional[int] = ..., request_id: _Optional[str] = ...) -> None: ...

class ReserveLoginPortResponse(_message.Message):
    __slots__ = ("login_id",)
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    def __init__(self, login_id: _Optional[str] = ...) -> None: ...

class GetLoginQrCodeRequest(_message.Message):
    __slots__ = ("login_id", "ip_config", "request_id")
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    IP_CONFIG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    ip_config: str
    request_id: str
    def __init__(self, login_id: _Optional[str] = ..., ip_config: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetLoginQrCodeResponse(_message.Message):
    __slots__ = ("qr_code",)
    QR_CODE_FIELD_NUMBER: _ClassVar[int]
    qr_code: str
    def __init__(self, qr_code: _Optional[str] = ...) -> None: ...

class GetLoginCodeRequest(_message.Message):
    __slots__ = ("login_id", "phone", "ip_config", "pair_code_mode", "request_id")
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    IP_CONFIG_FIELD_NUMBER: _ClassVar[int]
    PAIR_CODE_MODE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    phone: str
    ip_config: str
    pair_code_mode: PairCodeMode
    request_id: str
    def __init__(self, login_id: _Optional[str] = ..., phone: _Optional[str] = ..., ip_config: _Optional[str] = ..., pair_code_mode: _Optional[_Union[PairCodeMode, str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetLoginCodeResponse(_message.Message):
    __slots__ = ("qr_code", "pair_code")
    QR_CODE_FIELD_NUMBER: _ClassVar[int]
    PAIR_CODE_FIELD_NUMBER: _ClassVar[int]
    qr_code: str
    pair_code: str
    def __init__(self, qr_code: _Optional[str] = ..., pair_code: _Optional[str] = ...) -> None: ...

class GetLoginInfoRequest(_message.Message):
    __slots__ = ("login_id", "phone")
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    phone: str
    def __init__(self, login_id: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class LoginInfo(_message.Message):
    __slots__ = ("logged_in", "phone", "agent_name")
    LOGGED_IN_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    AGENT_NAME_FIELD_NUMBER: _ClassVar[int]
    logged_in: bool
    phone: str
    agent_name: str
    def __init__(self, logged_in: _Optional[bool] = ..., phone: _Optional[str] = ..., agent_name: _Optional[str] = ...) -> None: ...

class GetLoginInfoResponse(_message.Message):
    __slots__ = ("logins",)
    LOGINS_FIELD_NUMBER: _ClassVar[int]
    logins: _containers.RepeatedCompositeFieldContainer[LoginInfo]
    def __init__(self, logins: _Optional[_Iterable[_Union[LoginInfo, _Mapping]]] = ...) -> None: ...

class BringPortOnlineRequest(_message.Message):
    __slots__ = ("login_id", "ip_config", "request_id")
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    IP_CONFIG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    ip_config: str
    request_id: str
    def __init__(self, login_id: _Optional[str] = ..., ip_config: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class BringPortOnlineResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TakePortOfflineRequest(_message.Message):
    __slots__ = ("login_id", "request_id")
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    request_id: str
    def __init__(self, login_id: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class TakePortOfflineResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LogOutPortRequest(_message.Message):
    __slots__ = ("login_id", "request_id")
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    request_id: str
    def __init__(self, login_id: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class LogOutPortResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPortQuotaRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPortQuotaResponse(_message.Message):
    __slots__ = ("used_ports", "max_ports")
    USED_PORTS_FIELD_NUMBER: _ClassVar[int]
    MAX_PORTS_FIELD_NUMBER: _ClassVar[int]
    used_ports: int
    max_ports: int
    def __init__(self, used_ports: _Optional[int] = ..., max_ports: _Optional[int] = ...) -> None: ...

class ListPortsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CloudPort(_message.Message):
    __slots__ = ("id", "phone", "create_time", "status")
    ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    id: str
    phone: str
    create_time: _timestamp_pb2.Timestamp
    status: _common_pb2.PortStatus
    def __init__(self, id: _Optional[str] = ..., phone: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[_Union[_common_pb2.PortStatus, str]] = ...) -> None: ...

class ListPortsResponse(_message.Message):
    __slots__ = ("ports",)
    PORTS_FIELD_NUMBER: _ClassVar[int]
    ports: _containers.RepeatedCompositeFieldContainer[CloudPort]
    def __init__(self, ports: _Optional[_Iterable[_Union[CloudPort, _Mapping]]] = ...) -> None: ...

class Contact(_message.Message):
    __slots__ = ("phone", "push_name", "is_friend", "first_name", "full_name")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PUSH_NAME_FIELD_NUMBER: _ClassVar[int]
    IS_FRIEND_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    phone: str
    push_name: str
    is_friend: bool
    first_name: str
    full_name: str
    def __init__(self, phone: _Optional[str] = ..., push_name: _Optional[str] = ..., is_friend: _Optional[bool] = ..., first_name: _Optional[str] = ..., full_name: _Optional[str] = ...) -> None: ...

class ListContactsRequest(_message.Message):
    __slots__ = ("login_id",)
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    def __init__(self, login_id: _Optional[str] = ...) -> None: ...

class ListContactsResponse(_message.Message):
    __slots__ = ("contacts",)
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    contacts: _containers.RepeatedCompositeFieldContainer[Contact]
    def __init__(self, contacts: _Optional[_Iterable[_Union[Contact, _Mapping]]] = ...) -> None: ...

class GetContactRequest(_message.Message):
    __slots__ = ("login_id", "phone")
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    phone: str
    def __init__(self, login_id: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class GetContactResponse(_message.Message):
    __slots__ = ("contact",)
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    contact: Contact
    def __init__(self, contact: _Optional[_Union[Contact, _Mapping]] = ...) -> None: ...

class GetProfileRequest(_message.Message):
    __slots__ = ("login_id",)
    LOGIN_ID_FIELD_NUMBER: _ClassVar[int]
    login_id: str
    def __init__(self, login_id: _Optional[str] = ...) -> None: ...

class Profile(_message.Message):
    __slots__ = ("phone", "push_name", "is_business", "business_name", "avatar_url", "about", "chat_count", "group_count", "last_chat_time")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PUSH_NAME_FIELD_NUMBER: _ClassVar[int]
    IS_BUSINESS_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NAME_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    ABOUT_FIELD_NUMBER: _ClassVar[int]
    CHAT_COUNT_FIELD_NUMBER: _ClassVar[int]
    GROUP_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_CHAT_TIME_FIELD_NUMBER: _ClassVar[int]
    phone: str
    push_name: str
    is_business: bool
    business_name: str
    avatar_url: str
    about: str
    chat_count: int
    group_count: int
    last_chat_time: _timestamp_pb2.Timestamp
    def __init__(self, phone: _Optional[str] = ..., push_name: _Optional[str] = ..., is_business: _Optional[bool] = ..., business_name: _Optional[str] = ..., avatar_url: _Optional[str] = ..., about: _Optional[str] = ..., chat_count: _Optional[int] = ..., group_count: _Optional[int] = ..., last_chat_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetProfileResponse(_message.Message):
    __slots__ = ("profile",)
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    profile: Profile
    def __init__(self, profile: _Optional[_Union[Profile, _Mapping]] = ...) -> None: ...

class UpdateAvatarOrNicknameRequest(_message.Message):
    __slots__ = ("device_type", "avatar_url", "nickname", "phones", "request_id")
    DEVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    NICKNAME_FIELD_NUMBER: _ClassVar[int]
    PHONES_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    device_type: ProfileDeviceType
    avatar_url: str
    nickname: str
    phones: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    def __init__(self, device_type: _Optional[_Union[ProfileDeviceType, str]] = ..., avatar_url: _Optional[str] = ..., nickname: _Optional[str] = ..., phones: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateAvatarOrNicknameResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
