from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AllocationRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALLOCATION_ROLE_UNSPECIFIED: _ClassVar[AllocationRole]
    ALLOCATION_ROLE_RANDOM: _ClassVar[AllocationRole]
    ALLOCATION_ROLE_SPECIFIED: _ClassVar[AllocationRole]
ALLOCATION_ROLE_UNSPECIFIED: AllocationRole
ALLOCATION_ROLE_RANDOM: AllocationRole
ALLOCATION_ROLE_SPECIFIED: AllocationRole

class CreateScanTaskRequest(_message.Message):
    __slots__ = ("agent_id", "allocation_role", "request_id")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    ALLOCATION_ROLE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    agent_id: int
    allocation_role: AllocationRole
    request_id: str
    def __init__(self, agent_id: _Optional[int] = ..., allocation_role: _Optional[_Union[AllocationRole, str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateScanTaskResponse(_message.Message):
    __slots__ = ("scan_task_id",)
    SCAN_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    scan_task_id: str
    def __init__(self, scan_task_id: _Optional[str] = ...) -> None: ...

class GetScanTaskQrCodeRequest(_message.Message):
    __slots__ = ("scan_task_id",)
    SCAN_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    scan_task_id: str
    def __init__(self, scan_task_id: _Optional[str] = ...) -> None: ...

class GetScanTaskQrCodeResponse(_message.Message):
    __slots__ = ("qr_code",)
    QR_CODE_FIELD_NUMBER: _ClassVar[int]
    qr_code: str
    def __init__(self, qr_code: _Optional[str] = ...) -> None: ...
