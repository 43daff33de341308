from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ContentType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_TYPE_UNSPECIFIED: _ClassVar[ContentType]
    CONTENT_TYPE_TEXT: _ClassVar[ContentType]
    CONTENT_TYPE_IMAGE: _ClassVar[ContentType]
    CONTENT_TYPE_AUDIO: _ClassVar[ContentType]
    CONTENT_TYPE_FILE: _ClassVar[ContentType]
    CONTENT_TYPE_VIDEO: _ClassVar[ContentType]
    CONTENT_TYPE_CONTACT_CARD: _ClassVar[ContentType]
    CONTENT_TYPE_CONTACT_CARD_LINK: _ClassVar[ContentType]
    CONTENT_TYPE_ROUTING_LINK: _ClassVar[ContentType]

class TargetType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TARGET_TYPE_UNSPECIFIED: _ClassVar[TargetType]
    TARGET_TYPE_INDIVIDUAL: _ClassVar[TargetType]
    TARGET_TYPE_GROUP: _ClassVar[TargetType]

class SendType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEND_TYPE_UNSPECIFIED: _ClassVar[SendType]
    SEND_TYPE_PC: _ClassVar[SendType]
    SEND_TYPE_MOBILE: _ClassVar[SendType]
    SEND_TYPE_CLOUD_PC: _ClassVar[SendType]

class TaskStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_STATUS_UNSPECIFIED: _ClassVar[TaskStatus]
    TASK_STATUS_PENDING_START: _ClassVar[TaskStatus]
    TASK_STATUS_PENDING_SEND: _ClassVar[TaskStatus]
    TASK_STATUS_DISPATCHING: _ClassVar[TaskStatus]
    TASK_STATUS_STOPPED: _ClassVar[TaskStatus]
    TASK_STATUS_COMPLETED: _ClassVar[TaskStatus]
    TASK_STATUS_PAUSED: _ClassVar[TaskStatus]

class RecipientStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECIPIENT_STATUS_UNSPECIFIED: _ClassVar[RecipientStatus]
    RECIPIENT_STATUS_PENDING_SEND: _ClassVar[RecipientStatus]
    RECIPIENT_STATUS_SENDING: _ClassVar[RecipientStatus]
    RECIPIENT_STATUS_SENT: _ClassVar[RecipientStatus]
    RECIPIENT_STATUS_DELIVERED: _ClassVar[RecipientStatus]
    RECIPIENT_STATUS_READ: _ClassVar[RecipientStatus]
    RECIPIENT_STATUS_READ_REPLIED: _ClassVar[RecipientStatus]
    RECIPIENT_STATUS_READ_NO_REPLY: _ClassVar[RecipientStatus]
    RECIPIENT_STATUS_PENDING_DISPATCH: _ClassVar[RecipientStatus]
    RECIPIENT_STATUS_SEND_FAILED: _ClassVar[RecipientStatus]

class FailureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FAILURE_REASON_UNSPECIFIED: _ClassVar[FailureReason]
    FAILURE_REASON_ACCOUNT_NO_LONGER_EXISTS: _ClassVar[FailureReason]
    FAILURE_REASON_DISPATCH_LIMIT_REACHED: _ClassVar[FailureReason]
    FAILURE_REASON_TASK_RECYCLED: _ClassVar[FailureReason]
    FAILURE_REASON_TIMEOUT: _ClassVar[FailureReason]
    FAILURE_REASON_LOGIN_POPUP: _ClassVar[FailureReason]
    FAILURE_REASON_ACCOUNT_BANNED: _ClassVar[FailureReason]
    FAILURE_REASON_LOGIN_NOT_DETECTED: _ClassVar[FailureReason]
    FAILURE_REASON_STOPPED_MANUALLY: _ClassVar[FailureReason]
    FAILURE_REASON_HOUR_CLOCK_TIMEOUT: _ClassVar[FailureReason]
    FAILURE_REASON_IMAGE_DOWNLOAD_FAILED: _ClassVar[FailureReason]
    FAILURE_REASON_ACCOUNT_UNAVAILABLE: _ClassVar[FailureReason]
    FAILURE_REASON_NUMBER_ABNORMAL: _ClassVar[FailureReason]
    FAILURE_REASON_TASK_SEND_FAILED: _ClassVar[FailureReason]
    FAILURE_REASON_APPLE_ACCOUNT: _ClassVar[FailureReason]
    FAILURE_REASON_MESSAGE_RESPONSE_TIMEOUT: _ClassVar[FailureReason]
    FAILURE_REASON_SEND_TIMEOUT: _ClassVar[FailureReason]
    FAILURE_REASON_ACCOUNT_SEND_RESTRICTED: _ClassVar[FailureReason]
    FAILURE_REASON_LOGIN_ELSEWHERE: _ClassVar[FailureReason]
    FAILURE_REASON_QR_SCAN_TIMEOUT: _ClassVar[FailureReason]
    FAILURE_REASON_INVALID_NUMBER: _ClassVar[FailureReason]
    FAILURE_REASON_CHANNEL_DATA_ERROR: _ClassVar[FailureReason]
    FAILURE_REASON_SIEVE_FAILED: _ClassVar[FailureReason]
    FAILURE_REASON_CLIENT_EXITED: _ClassVar[FailureReason]
    FAILURE_REASON_PORT_NOT_FOUND: _ClassVar[FailureReason]
    FAILURE_REASON_CLIENT_SEND_ERROR: _ClassVar[FailureReason]
    FAILURE_REASON_CHINESE_TEXT_RESTRICTED: _ClassVar[FailureReason]
    FAILURE_REASON_RESOURCE_DOWNLOAD_FAILED: _ClassVar[FailureReason]
    FAILURE_REASON_TEXT_SEND_ERROR: _ClassVar[FailureReason]
    FAILURE_REASON_MEDIA_SEND_ERROR: _ClassVar[FailureReason]
    FAILURE_REASON_VCARD_SEND_ERROR: _ClassVar[FailureReason]
    FAILURE_REASON_GROUP_NOT_FOUND: _ClassVar[FailureReason]
    FAILURE_REASON_FRIEND_BLOCKED: _ClassVar[FailureReason]
    FAILURE_REASON_FRIEND_VCARD_NOT_FOUND: _ClassVar[FailureReason]
    FAILURE_REASON_ACCOUNT_LOGGED_OUT: _ClassVar[FailureReason]
    FAILURE_REASON_ACCOUNT_REFRESH: _ClassVar[FailureReason]
    FAILURE_REASON_CANNOT_SEND_TO_FRIEND: _ClassVar[FailureReason]
    FAILURE_REASON_CANNOT_SEND_TO_GROUP: _ClassVar[FailureReason]
    FAILURE_REASON_INVALID_GROUP: _ClassVar[FailureReason]
    FAILURE_REASON_ADMINS_ONLY: _ClassVar[FailureReason]
    FAILURE_REASON_MESSAGE_URL_NOT_FOUND: _ClassVar[FailureReason]
    FAILURE_REASON_MESSAGE_TYPE_NOT_FOUND: _ClassVar[FailureReason]
    FAILURE_REASON_OWN_ACCOUNT_NOT_FOUND: _ClassVar[FailureReason]
    FAILURE_REASON_NUMBER_SIEVE_ERROR: _ClassVar[FailureReason]
    FAILURE_REASON_STRANGER_CHAT_ERROR: _ClassVar[FailureReason]
    FAILURE_REASON_GROUP_INFO_UPDATE_ERROR: _ClassVar[FailureReason]
    FAILURE_REASON_PENDING_SEND_TIMEOUT: _ClassVar[FailureReason]
    FAILURE_REASON_UNKNOWN_ERROR: _ClassVar[FailureReason]

class AccountStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCOUNT_STATUS_UNSPECIFIED: _ClassVar[AccountStatus]
    ACCOUNT_STATUS_NORMAL: _ClassVar[AccountStatus]
    ACCOUNT_STATUS_BANNED: _ClassVar[AccountStatus]

class OnlineStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ONLINE_STATUS_UNSPECIFIED: _ClassVar[OnlineStatus]
    ONLINE_STATUS_LOGGING_IN: _ClassVar[OnlineStatus]
    ONLINE_STATUS_ONLINE: _ClassVar[OnlineStatus]
    ONLINE_STATUS_LOGGING_OUT: _ClassVar[OnlineStatus]
    ONLINE_STATUS_OFFLINE: _ClassVar[OnlineStatus]

class ConnectionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONNECTION_STATUS_UNSPECIFIED: _ClassVar[ConnectionStatus]
    CONNECTION_STATUS_ONLINE: _ClassVar[ConnectionStatus]
    CONNECTION_STATUS_DISCONNECTED: _ClassVar[ConnectionStatus]
    CONNECTION_STATUS_OFFLINE: _ClassVar[ConnectionStatus]
    CONNECTION_STATUS_BANNED: _ClassVar[ConnectionStatus]

class DetailStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DETAIL_STATUS_UNSPECIFIED: _ClassVar[DetailStatus]
    DETAIL_STATUS_PC_QR_LOGIN: _ClassVar[DetailStatus]
    DETAIL_STATUS_PC_ONLINE: _ClassVar[DetailStatus]
    DETAIL_STATUS_PC_DISCONNECTED: _ClassVar[DetailStatus]
    DETAIL_STATUS_PC_ACCOUNT_CLOSED: _ClassVar[DetailStatus]
    DETAIL_STATUS_PC_CLIENT_CLOSED: _ClassVar[DetailStatus]
    DETAIL_STATUS_PC_MONITOR_OFFLINE: _ClassVar[DetailStatus]
    DETAIL_STATUS_BANNED: _ClassVar[DetailStatus]

class PlatformType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PLATFORM_TYPE_UNSPECIFIED: _ClassVar[PlatformType]
    PLATFORM_TYPE_PC: _ClassVar[PlatformType]
    PLATFORM_TYPE_ANDROID: _ClassVar[PlatformType]

class AccountType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCOUNT_TYPE_UNSPECIFIED: _ClassVar[AccountType]
    ACCOUNT_TYPE_PERSONAL: _ClassVar[AccountType]
    ACCOUNT_TYPE_BUSINESS: _ClassVar[AccountType]

class VerifyType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERIFY_TYPE_UNSPECIFIED: _ClassVar[VerifyType]
    VERIFY_TYPE_VOICE: _ClassVar[VerifyType]
    VERIFY_TYPE_MISSED_CALL: _ClassVar[VerifyType]
    VERIFY_TYPE_INTERNAL: _ClassVar[VerifyType]
    VERIFY_TYPE_SMS: _ClassVar[VerifyType]

class QrCodeError(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    QR_CODE_ERROR_UNSPECIFIED: _ClassVar[QrCodeError]
    QR_CODE_ERROR_PORT_QUOTA_INSUFFICIENT: _ClassVar[QrCodeError]
    QR_CODE_ERROR_PORT_NOT_FOUND: _ClassVar[QrCodeError]
    QR_CODE_ERROR_UNSUPPORTED_TYPE: _ClassVar[QrCodeError]
    QR_CODE_ERROR_PAIRING_TARGET_NOT_SET: _ClassVar[QrCodeError]

class AccountStatusReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCOUNT_STATUS_REASON_UNSPECIFIED: _ClassVar[AccountStatusReason]
    ACCOUNT_STATUS_REASON_PAIRING_FAILED: _ClassVar[AccountStatusReason]
    ACCOUNT_STATUS_REASON_NETWORK_ERROR: _ClassVar[AccountStatusReason]
    ACCOUNT_STATUS_REASON_PAIR_CODE_TOO_FREQUENT: _ClassVar[AccountStatusReason]
    ACCOUNT_STATUS_REASON_LOGGED_OUT: _ClassVar[AccountStatusReason]

class ScanTaskStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCAN_TASK_STATUS_UNSPECIFIED: _ClassVar[ScanTaskStatus]
    SCAN_TASK_STATUS_SCANNED: _ClassVar[ScanTaskStatus]
    SCAN_TASK_STATUS_SCAN_TIMEOUT: _ClassVar[ScanTaskStatus]
    SCAN_TASK_STATUS_LOGGED_IN: _ClassVar[ScanTaskStatus]
    SCAN_TASK_STATUS_QR_CODE_TIMEOUT: _ClassVar[ScanTaskStatus]
    SCAN_TASK_STATUS_LOGIN_TIMEOUT: _ClassVar[ScanTaskStatus]
    SCAN_TASK_STATUS_NO_PORT: _ClassVar[ScanTaskStatus]
    SCAN_TASK_STATUS_BANNED: _ClassVar[ScanTaskStatus]

class PortStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PORT_STATUS_UNSPECIFIED: _ClassVar[PortStatus]
    PORT_STATUS_ONLINE: _ClassVar[PortStatus]
    PORT_STATUS_DISCONNECTED: _ClassVar[PortStatus]

class RouteType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROUTE_TYPE_UNSPECIFIED: _ClassVar[RouteType]
    ROUTE_TYPE_AGENT: _ClassVar[RouteType]
    ROUTE_TYPE_WHATSAPP_GROUP: _ClassVar[RouteType]
    ROUTE_TYPE_CUSTOM_INBOUND: _ClassVar[RouteType]

class AttributeType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ATTRIBUTE_TYPE_UNSPECIFIED: _ClassVar[AttributeType]
    ATTRIBUTE_TYPE_BASIC: _ClassVar[AttributeType]
    ATTRIBUTE_TYPE_EXTENDED: _ClassVar[AttributeType]

class ConditionOperator(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONDITION_OPERATOR_UNSPECIFIED: _ClassVar[ConditionOperator]
    CONDITION_OPERATOR_LESS_THAN: _ClassVar[ConditionOperator]
    CONDITION_OPERATOR_EQUAL: _ClassVar[ConditionOperator]
    CONDITION_OPERATOR_GREATER_THAN: _ClassVar[ConditionOperator]
    CONDITION_OPERATOR_BETWEEN: _ClassVar[ConditionOperator]

class BehaviorEvent(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BEHAVIOR_EVENT_UNSPECIFIED: _ClassVar[BehaviorEvent]
    BEHAVIOR_EVENT_MESSAGE_SENT: _ClassVar[BehaviorEvent]
    BEHAVIOR_EVENT_MESSAGE_FAILED: _ClassVar[BehaviorEvent]

class BehaviorAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BEHAVIOR_ACTION_UNSPECIFIED: _ClassVar[BehaviorAction]
    BEHAVIOR_ACTION_CHANGE_STAGE: _ClassVar[BehaviorAction]
    BEHAVIOR_ACTION_CHANGE_TAGS: _ClassVar[BehaviorAction]

class BehaviorOperation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BEHAVIOR_OPERATION_UNSPECIFIED: _ClassVar[BehaviorOperation]
    BEHAVIOR_OPERATION_ADD: _ClassVar[BehaviorOperation]
    BEHAVIOR_OPERATION_REMOVE: _ClassVar[BehaviorOperation]
    BEHAVIOR_OPERATION_MODIFY: _ClassVar[BehaviorOperation]
CONTENT_TYPE_UNSPECIFIED: ContentType
CONTENT_TYPE_TEXT: ContentType
CONTENT_TYPE_IMAGE: ContentType
CONTENT_TYPE_AUDIO: ContentType
CONTENT_TYPE_FILE: ContentType
CONTENT_TYPE_VIDEO: ContentType
CONTENT_TYPE_CONTACT_CARD: ContentType
CONTENT_TYPE_CONTACT_CARD_LINK: ContentType
CONTENT_TYPE_ROUTING_LINK: ContentType
TARGET_TYPE_UNSPECIFIED: TargetType
TARGET_TYPE_INDIVIDUAL: TargetType
TARGET_TYPE_GROUP: TargetType
SEND_TYPE_UNSPECIFIED: SendType
SEND_TYPE_PC: SendType
SEND_TYPE_MOBILE: SendType
SEND_TYPE_CLOUD_PC: SendType
TASK_STATUS_UNSPECIFIED: TaskStatus
TASK_STATUS_PENDING_START: TaskStatus
TASK_STATUS_PENDING_SEND: TaskStatus
TASK_STATUS_DISPATCHING: TaskStatus
TASK_STATUS_STOPPED: TaskStatus
TASK_STATUS_COMPLETED: TaskStatus
TASK_STATUS_PAUSED: TaskStatus
RECIPIENT_STATUS_UNSPECIFIED: RecipientStatus
RECIPIENT_STATUS_PENDING_SEND: RecipientStatus
RECIPIENT_STATUS_SENDING: RecipientStatus
RECIPIENT_STATUS_SENT: RecipientStatus
RECIPIENT_STATUS_DELIVERED: RecipientStatus
RECIPIENT_STATUS_READ: RecipientStatus
RECIPIENT_STATUS_READ_REPLIED: RecipientStatus
RECIPIENT_STATUS_READ_NO_REPLY: RecipientStatus
RECIPIENT_STATUS_PENDING_DISPATCH: RecipientStatus
RECIPIENT_STATUS_SEND_FAILED: RecipientStatus
FAILURE_REASON_UNSPECIFIED: FailureReason
FAILURE_REASON_ACCOUNT_NO_LONGER_EXISTS: FailureReason
FAILURE_REASON_DISPATCH_LIMIT_REACHED: FailureReason
FAILURE_REASON_TASK_RECYCLED: FailureReason
FAILURE_REASON_TIMEOUT: FailureReason
FAILURE_REASON_LOGIN_POPUP: FailureReason
FAILURE_REASON_ACCOUNT_BANNED: FailureReason
FAILURE_REASON_LOGIN_NOT_DETECTED: FailureReason
FAILURE_REASON_STOPPED_MANUALLY: FailureReason
FAILURE_REASON_HOUR_CLOCK_TIMEOUT: FailureReason
FAILURE_REASON_IMAGE_DOWNLOAD_FAILED: FailureReason
FAILURE_REASON_ACCOUNT_UNAVAILABLE: FailureReason
FAILURE_REASON_NUMBER_ABNORMAL: FailureReason
FAILURE_REASON_TASK_SEND_FAILED: FailureReason
FAILURE_REASON_APPLE_ACCOUNT: FailureReason
FAILURE_REASON_MESSAGE_RESPONSE_TIMEOUT: FailureReason
FAILURE_REASON_SEND_TIMEOUT: FailureReason
FAILURE_REASON_ACCOUNT_SEND_RESTRICTED: FailureReason
FAILURE_REASON_LOGIN_ELSEWHERE: FailureReason
FAILURE_REASON_QR_SCAN_TIMEOUT: FailureReason
FAILURE_REASON_INVALID_NUMBER: FailureReason
FAILURE_REASON_CHANNEL_DATA_ERROR: FailureReason
FAILURE_REASON_SIEVE_FAILED: FailureReason
FAILURE_REASON_CLIENT_EXITED: FailureReason
FAILURE_REASON_PORT_NOT_FOUND: FailureReason
FAILURE_REASON_CLIENT_SEND_ERROR: FailureReason
FAILURE_REASON_CHINESE_TEXT_RESTRICTED: FailureReason
FAILURE_REASON_RESOURCE_DOWNLOAD_FAILED: FailureReason
FAILURE_REASON_TEXT_SEND_ERROR: FailureReason
FAILURE_REASON_MEDIA_SEND_ERROR: FailureReason
FAILURE_REASON_VCARD_SEND_ERROR: FailureReason
FAILURE_REASON_GROUP_NOT_FOUND: FailureReason
FAILURE_REASON_FRIEND_BLOCKED: FailureReason
FAILURE_REASON_FRIEND_VCARD_NOT_FOUND: FailureReason
FAILURE_REASON_ACCOUNT_LOGGED_OUT: FailureReason
FAILURE_REASON_ACCOUNT_REFRESH: FailureReason
FAILURE_REASON_CANNOT_SEND_TO_FRIEND: FailureReason
FAILURE_REASON_CANNOT_SEND_TO_GROUP: FailureReason
FAILURE_REASON_INVALID_GROUP: FailureReason
FAILURE_REASON_ADMINS_ONLY: FailureReason
FAILURE_REASON_MESSAGE_URL_NOT_FOUND: FailureReason
FAILURE_REASON_MESSAGE_TYPE_NOT_FOUND: FailureReason
FAILURE_REASON_OWN_ACCOUNT_NOT_FOUND: FailureReason
FAILURE_REASON_NUMBER_SIEVE_ERROR: FailureReason
FAILURE_REASON_STRANGER_CHAT_ERROR: FailureReason
FAILURE_REASON_GROUP_INFO_UPDATE_ERROR: FailureReason
FAILURE_REASON_PENDING_SEND_TIMEOUT: FailureReason
FAILURE_REASON_UNKNOWN_ERROR: FailureReason
ACCOUNT_STATUS_UNSPECIFIED: AccountStatus
ACCOUNT_STATUS_NORMAL: AccountStatus
ACCOUNT_STATUS_BANNED: AccountStatus
ONLINE_STATUS_UNSPECIFIED: OnlineStatus
ONLINE_STATUS_LOGGING_IN: OnlineStatus
ONLINE_STATUS_ONLINE: OnlineStatus
ONLINE_STATUS_LOGGING_OUT: OnlineStatus
ONLINE_STATUS_OFFLINE: OnlineStatus
CONNECTION_STATUS_UNSPECIFIED: ConnectionStatus
CONNECTION_STATUS_ONLINE: ConnectionStatus
CONNECTION_STATUS_DISCONNECTED: ConnectionStatus
CONNECTION_STATUS_OFFLINE: ConnectionStatus
CONNECTION_STATUS_BANNED: ConnectionStatus
DETAIL_STATUS_UNSPECIFIED: DetailStatus
DETAIL_STATUS_PC_QR_LOGIN: DetailStatus
DETAIL_STATUS_PC_ONLINE: DetailStatus
DETAIL_STATUS_PC_DISCONNECTED: DetailStatus
DETAIL_STATUS_PC_ACCOUNT_CLOSED: DetailStatus
DETAIL_STATUS_PC_CLIENT_CLOSED: DetailStatus
DETAIL_STATUS_PC_MONITOR_OFFLINE: DetailStatus
DETAIL_STATUS_BANNED: DetailStatus
PLATFORM_TYPE_UNSPECIFIED: PlatformType
PLATFORM_TYPE_PC: PlatformType
PLATFORM_TYPE_ANDROID: PlatformType
ACCOUNT_TYPE_UNSPECIFIED: AccountType
ACCOUNT_TYPE_PERSONAL: AccountType
ACCOUNT_TYPE_BUSINESS: AccountType
VERIFY_TYPE_UNSPECIFIED: VerifyType
VERIFY_TYPE_VOICE: VerifyType
VERIFY_TYPE_MISSED_CALL: VerifyType
VERIFY_TYPE_INTERNAL: VerifyType
VERIFY_TYPE_SMS: VerifyType
QR_CODE_ERROR_UNSPECIFIED: QrCodeError
QR_CODE_ERROR_PORT_QUOTA_INSUFFICIENT: QrCodeError
QR_CODE_ERROR_PORT_NOT_FOUND: QrCodeError
QR_CODE_ERROR_UNSUPPORTED_TYPE: QrCodeError
QR_CODE_ERROR_PAIRING_TARGET_NOT_SET: QrCodeError
ACCOUNT_STATUS_REASON_UNSPECIFIED: AccountStatusReason
ACCOUNT_STATUS_REASON_PAIRING_FAILED: AccountStatusReason
ACCOUNT_STATUS_REASON_NETWORK_ERROR: AccountStatusReason
ACCOUNT_STATUS_REASON_PAIR_CODE_TOO_FREQUENT: AccountStatusReason
ACCOUNT_STATUS_REASON_LOGGED_OUT: AccountStatusReason
SCAN_TASK_STATUS_UNSPECIFIED: ScanTaskStatus
SCAN_TASK_STATUS_SCANNED: ScanTaskStatus
SCAN_TASK_STATUS_SCAN_TIMEOUT: ScanTaskStatus
SCAN_TASK_STATUS_LOGGED_IN: ScanTaskStatus
SCAN_TASK_STATUS_QR_CODE_TIMEOUT: ScanTaskStatus
SCAN_TASK_STATUS_LOGIN_TIMEOUT: ScanTaskStatus
SCAN_TASK_STATUS_NO_PORT: ScanTaskStatus
SCAN_TASK_STATUS_BANNED: ScanTaskStatus
PORT_STATUS_UNSPECIFIED: PortStatus
PORT_STATUS_ONLINE: PortStatus
PORT_STATUS_DISCONNECTED: PortStatus
ROUTE_TYPE_UNSPECIFIED: RouteType
ROUTE_TYPE_AGENT: RouteType
ROUTE_TYPE_WHATSAPP_GROUP: RouteType
ROUTE_TYPE_CUSTOM_INBOUND: RouteType
ATTRIBUTE_TYPE_UNSPECIFIED: AttributeType
ATTRIBUTE_TYPE_BASIC: AttributeType
ATTRIBUTE_TYPE_EXTENDED: AttributeType
CONDITION_OPERATOR_UNSPECIFIED: ConditionOperator
CONDITION_OPERATOR_LESS_THAN: ConditionOperator
CONDITION_OPERATOR_EQUAL: ConditionOperator
CONDITION_OPERATOR_GREATER_THAN: ConditionOperator
CONDITION_OPERATOR_BETWEEN: ConditionOperator
BEHAVIOR_EVENT_UNSPECIFIED: BehaviorEvent
BEHAVIOR_EVENT_MESSAGE_SENT: BehaviorEvent
BEHAVIOR_EVENT_MESSAGE_FAILED: BehaviorEvent
BEHAVIOR_ACTION_UNSPECIFIED: BehaviorAction
BEHAVIOR_ACTION_CHANGE_STAGE: BehaviorAction
BEHAVIOR_ACTION_CHANGE_TAGS: BehaviorAction
BEHAVIOR_OPERATION_UNSPECIFIED: BehaviorOperation
BEHAVIOR_OPERATION_ADD: BehaviorOperation
BEHAVIOR_OPERATION_REMOVE: BehaviorOperation
BEHAVIOR_OPERATION_MODIFY: BehaviorOperation

class VariableField(_message.Message):
    __slots__ = ("type", "name")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    type: AttributeType
    name: str
    def __init__(self, type: _Optional[_Union[AttributeType, str]] = ..., name: _Optional[str] = ...) -> None: ...

class TextContent(_message.Message):
    __slots__ = ("text",)
    TEXT_FIELD_NUMBER: _ClassVar[int]
    text: str
    def __init__(self, text: _Optional[str] = ...) -> None: ...

class MediaContent(_message.Message):
    __slots__ = ("url", "caption", "file_name")
    URL_FIELD_NUMBER: _ClassVar[int]
    CAPTION_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    url: str
    caption: str
    file_name: str
    def __init__(self, url: _Optional[str] = ..., caption: _Optional[str] = ..., file_name: _Optional[str] = ...) -> None: ...

class ContactCardContent(_message.Message):
    __slots__ = ("text", "url")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    text: str
    url: str
    def __init__(self, text: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class ContactCardLinkContent(_message.Message):
    __slots__ = ("text", "image_url", "title", "description", "link", "ads_template_id")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    ADS_TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    text: str
    image_url: str
    title: str
    description: str
    link: str
    ads_template_id: int
    def __init__(self, text: _Optional[str] = ..., image_url: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., link: _Optional[str] = ..., ads_template_id: _Optional[int] = ...) -> None: ...

class RoutingLinkContent(_message.Message):
    __slots__ = ("text", "route_type", "route_targets")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ROUTE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ROUTE_TARGETS_FIELD_NUMBER: _ClassVar[int]
    text: str
    route_type: RouteType
    route_targets: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, text: _Optional[str] = ..., route_type: _Optional[_Union[RouteType, str]] = ..., route_targets: _Optional[_Iterable[str]] = ...) -> None: ...

class MessageContent(_message.Message):
    __slots__ = ("text", "image", "audio", "file", "video", "contact_card", "contact_card_link", "routing_link", "sort", "trans_id", "variables")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    AUDIO_FIELD_NUMBER: _ClassVar[int]
    FILE_FIELD_NUMBER: _ClassVar[int]
    VIDEO_FIELD_NUMBER: _ClassVar[int]
    CONTACT_CARD_FIELD_NUMBER: _ClassVar[int]
    CONTACT_CARD_LINK_FIELD_NUMBER: _ClassVar[int]
    ROUTING_LINK_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    TRANS_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    text: TextContent
    image: MediaContent
    audio: MediaContent
    file: MediaContent
    video: MediaContent
    contact_card: ContactCardContent
    contact_card_link: ContactCardLinkContent
    routing_link: RoutingLinkContent
    sort: int
    trans_id: str
    variables: _containers.RepeatedCompositeFieldContainer[VariableField]
    def __init__(self, text: _Optional[_Union[TextContent, _Mapping]] = ..., image: _Optional[_Union[MediaContent, _Mapping]] = ..., audio: _Optional[_Union[MediaContent, _Mapping]] = ..., file: _Optional[_Union[MediaContent, _Mapping]] = ..., video: _Optional[_Union[MediaContent, _Mapping]] = ..., contact_card: _Optional[_Union[ContactCardContent, _Mapping]] = ..., contact_card_link: _Optional[_Union[ContactCardLinkContent, _Mapping]] = ..., routing_link: _Optional[_Union[RoutingLinkContent, _Mapping]] = ..., sort: _Optional[int] = ..., trans_id: _Optional[str] = ..., variables: _Optional[_Iterable[_Union[VariableField, _Mapping]]] = ...) -> None: ...
