from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateAudienceGroupRequest(_message.Message):
    __slots__ = ("name", "phones", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONES_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    phones: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    def __init__(self, name: _Optional[str] = ..., phones: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateAudienceGroupResponse(_message.Message):
    __slots__ = ("group_id", "saved_count")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    SAVED_COUNT_FIELD_NUMBER: _ClassVar[int]
    group_id: int
    saved_count: int
    def __init__(self, group_id: _Optional[int] = ..., saved_count: _Optional[int] = ...) -> None: ...

class ListAudienceGroupsRequest(_message.Message):
    __slots__ = ("name", "group_id", "page", "page_size")
    NAME_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    name: str
    group_id: int
    page: int
    page_size: int
    def __init__(self, name: _Optional[str] = ..., group_id: _Optional[int] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ...) -> None: ...

class AudienceMember(_message.Message):
    __slots__ = ("phone", "region")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    phone: str
    region: str
    def __init__(self, phone: _Optional[str] = ..., region: _Optional[str] = ...) -> None: ...

class AudienceGroup(_message.Message):
    __slots__ = ("id", "name", "members")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    members: _containers.RepeatedCompositeFieldContainer[AudienceMember]
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., members: _Optional[_Iterable[_Union[AudienceMember, _Mapping]]] = ...) -> None: ...

class ListAudienceGroupsResponse(_message.Message):
    __slots__ = ("groups", "total")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[AudienceGroup]
    total: int
    def __init__(self, groups: _Optional[_Iterable[_Union[AudienceGroup, _Mapping]]] = ..., total: _Optional[int] = ...) -> None: ...

class GetAudienceGroupMembersRequest(_message.Message):
    __slots__ = ("group_id",)
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: int
    def __init__(self, group_id: _Optional[int] = ...) -> None: ...

class GetAudienceGroupMembersResponse(_message.Message):
    __slots__ = ("members",)
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[AudienceMember]
    def __init__(self, members: _Optional[_Iterable[_Union[AudienceMember, _Mapping]]] = ...) -> None: ...
