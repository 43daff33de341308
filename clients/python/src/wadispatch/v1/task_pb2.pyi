import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from wadispatch.v1 import common_pb2 as _common_pb2
from wadispatch.v1 import events_pb2 as _events_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TaskOptions(_message.Message):
    __slots__ = ("name", "start_time", "end_time", "send_type", "agent_account", "target_type")
    NAME_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SEND_TYPE_FIELD_NUMBER: _ClassVar[int]
    AGENT_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    TARGET_TYPE_FIELD_NUMBER: _ClassVar[int]
    name: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    send_type: _common_pb2.SendType
    agent_account: str
    target_type: _common_pb2.TargetType
    def __init__(self, name: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., send_type: _Optional[_Union[_common_pb2.SendType, str]] = ..., agent_account: _Optional[str] = ..., target_type: _Optional[_Union[_common_pb2.TargetType, str]] = ...) -> None: ...

class SendPair(_message.Message):
    __slots__ = ("sender_phone", "target")
    SENDER_PHONE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    sender_phone: str
    target: str
    def __init__(self, sender_phone: _Optional[str] = ..., target: _Optional[str] = ...) -> None: ...

class PairedContent(_message.Message):
    __slots__ = ("sender_phone", "target", "contents")
    SENDER_PHONE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    sender_phone: str
    target: str
    contents: _containers.RepeatedCompositeFieldContainer[_common_pb2.MessageContent]
    def __init__(self, sender_phone: _Optional[str] = ..., target: _Optional[str] = ..., contents: _Optional[_Iterable[_Union[_common_pb2.MessageContent, _Mapping]]] = ...) -> None: ...

class CreateSingleTargetTaskRequest(_message.Message):
    __slots__ = ("options", "sender_phone", "target", "contents", "request_id")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    SENDER_PHONE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    options: TaskOptions
    sender_phone: str
    target: str
    contents: _containers.RepeatedCompositeFieldContainer[_common_pb2.MessageContent]
    request_id: str
    def __init__(self, options: _Optional[_Union[TaskOptions, _Mapping]] = ..., sender_phone: _Optional[str] = ..., target: _Optional[str] = ..., contents: _Optional[_Iterable[_Union[_common_pb2.MessageContent, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateSingleTargetTaskResponse(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class CreatePairedTaskRequest(_message.Message):
    __slots__ = ("options", "pairs", "contents", "request_id")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    PAIRS_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    options: TaskOptions
    pairs: _containers.RepeatedCompositeFieldContainer[SendPair]
    contents: _containers.RepeatedCompositeFieldContainer[_common_pb2.MessageContent]
    request_id: str
    def __init__(self, options: _Optional[_Union[TaskOptions, _Mapping]] = ..., pairs: _Optional[_Iterable[_Union[SendPair, _Mapping]]] = ..., contents: _Optional[_Iterable[_Union[_common_pb2.MessageContent, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreatePairedTaskResponse(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class CreatePairedContentTaskRequest(_message.Message):
    __slots__ = ("options", "pairs", "request_id")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    PAIRS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    options: TaskOptions
    pairs: _containers.RepeatedCompositeFieldContainer[PairedContent]
    request_id: str
    def __init__(self, options: _Optional[_Union[TaskOptions, _Mapping]] = ..., pairs: _Optional[_Iterable[_Union[PairedContent, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreatePairedContentTaskResponse(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class CreatePooledTaskRequest(_message.Message):
    __slots__ = ("options", "sender_phones", "targets", "contents", "request_id")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    SENDER_PHONES_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    options: TaskOptions
    sender_phones: _containers.RepeatedScalarFieldContainer[str]
    targets: _containers.RepeatedScalarFieldContainer[str]
    contents: _containers.RepeatedCompositeFieldContainer[_common_pb2.MessageContent]
    request_id: str
    def __init__(self, options: _Optional[_Union[TaskOptions, _Mapping]] = ..., sender_phones: _Optional[_Iterable[str]] = ..., targets: _Optional[_Iterable[str]] = ..., contents: _Optional[_Iterable[_Union[_common_pb2.MessageContent, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreatePooledTaskResponse(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class CreateAccountGroupTaskRequest(_message.Message):
    __slots__ = ("options", "audience_group_id", "targets", "contents", "request_id")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    options: TaskOptions
    audience_group_id: int
    targets: _containers.RepeatedScalarFieldContainer[str]
    contents: _containers.RepeatedCompositeFieldContainer[_common_pb2.MessageContent]
    request_id: str
    def __init__(self, options: _Optional[_Union[TaskOptions, _Mapping]] = ..., audience_group_id: _Optional[int] = ..., targets: _Optional[_Iterable[str]] = ..., contents: _Optional[_Iterable[_Union[_common_pb2.MessageContent, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateAccountGroupTaskResponse(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class CreateUnassignedSingleTargetTaskRequest(_message.Message):
    __slots__ = ("options", "target", "contents", "request_id")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    options: TaskOptions
    target: str
    contents: _containers.RepeatedCompositeFieldContainer[_common_pb2.MessageContent]
    request_id: str
    def __init__(self, options: _Optional[_Union[TaskOptions, _Mapping]] = ..., target: _Optional[str] = ..., contents: _Optional[_Iterable[_Union[_common_pb2.MessageContent, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateUnassignedSingleTargetTaskResponse(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class CreateUnassignedTaskRequest(_message.Message):
    __slots__ = ("options", "targets", "contents", "request_id")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    options: TaskOptions
    targets: _containers.RepeatedScalarFieldContainer[str]
    contents: _containers.RepeatedCompositeFieldContainer[_common_pb2.MessageContent]
    request_id: str
    def __init__(self, options: _Optional[_Union[TaskOptions, _Mapping]] = ..., targets: _Optional[_Iterable[str]] = ..., contents: _Optional[_Iterable[_Union[_common_pb2.MessageContent, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateUnassignedTaskResponse(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class AudienceCondition(_message.Message):
    __slots__ = ("type", "name", "operator", "value", "range_start", "range_end")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    RANGE_START_FIELD_NUMBER: _ClassVar[int]
    RANGE_END_FIELD_NUMBER: _ClassVar[int]
    type: _common_pb2.AttributeType
    name: str
    operator: _common_pb2.ConditionOperator
    value: str
    range_start: str
    range_end: str
    def __init__(self, type: _Optional[_Union[_common_pb2.AttributeType, str]] = ..., name: _Optional[str] = ..., operator: _Optional[_Union[_common_pb2.ConditionOperator, str]] = ..., value: _Optional[str] = ..., range_start: _Optional[str] = ..., range_end: _Optional[str] = ...) -> None: ...

class GroupAudienceCondition(_message.Message):
    __slots__ = ("account_phones", "group_tag_ids", "owner_ids", "group_name")
    ACCOUNT_PHONES_FIELD_NUMBER: _ClassVar[int]
    GROUP_TAG_IDS_FIELD_NUMBER: _ClassVar[int]
    OWNER_IDS_FIELD_NUMBER: _ClassVar[int]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    account_phones: _containers.RepeatedScalarFieldContainer[str]
    group_tag_ids: _containers.RepeatedScalarFieldContainer[int]
    owner_ids: _containers.RepeatedScalarFieldContainer[int]
    group_name: str
    def __init__(self, account_phones: _Optional[_Iterable[str]] = ..., group_tag_ids: _Optional[_Iterable[int]] = ..., owner_ids: _Optional[_Iterable[int]] = ..., group_name: _Optional[str] = ...) -> None: ...

class AutomatedBehavior(_message.Message):
    __slots__ = ("event", "action", "operation", "tag_values", "stage_value")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    OPERATION_FIELD_NUMBER: _ClassVar[int]
    TAG_VALUES_FIELD_NUMBER: _ClassVar[int]
    STAGE_VALUE_FIELD_NUMBER: _ClassVar[int]
    event: _common_pb2.BehaviorEvent
    action: _common_pb2.BehaviorAction
    operation: _common_pb2.BehaviorOperation
    tag_values: _containers.RepeatedScalarFieldContainer[str]
    stage_value: int
    def __init__(self, event: _Optional[_Union[_common_pb2.BehaviorEvent, str]] = ..., action: _Optional[_Union[_common_pb2.BehaviorAction, str]] = ..., operation: _Optional[_Union[_common_pb2.BehaviorOperation, str]] = ..., tag_values: _Optional[_Iterable[str]] = ..., stage_value: _Optional[int] = ...) -> None: ...

class CreateConditionalTaskRequest(_message.Message):
    __slots__ = ("options", "conditions", "group_condition", "automated_behaviors", "contents", "request_id")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    GROUP_CONDITION_FIELD_NUMBER: _ClassVar[int]
    AUTOMATED_BEHAVIORS_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    options: TaskOptions
    conditions: _containers.RepeatedCompositeFieldContainer[AudienceCondition]
    group_condition: GroupAudienceCondition
    automated_behaviors: _containers.RepeatedCompositeFieldContainer[AutomatedBehavior]
    contents: _containers.RepeatedCompositeFieldContainer[_common_pb2.MessageContent]
    request_id: str
    def __init__(self, options: _Optional[_Union[TaskOptions, _Mapping]] = ..., conditions: _Optional[_Iterable[_Union[AudienceCondition, _Mapping]]] = ..., group_condition: _Optional[_Union[GroupAudienceCondition, _Mapping]] = ..., automated_behaviors: _Optional[_Iterable[_Union[AutomatedBehavior, _Mapping]]] = ..., contents: _Optional[_Iterable[_Union[_common_pb2.MessageContent, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateConditionalTaskResponse(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class GetTaskExecutionStatusRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class RecipientState(_message.Message):
    __slots__ = ("sender_phone", "target", "status", "time")
    SENDER_PHONE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    sender_phone: str
    target: str
    status: _common_pb2.RecipientStatus
    time: _timestamp_pb2.Timestamp
    def __init__(self, sender_phone: _Optional[str] = ..., target: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.RecipientStatus, str]] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetTaskExecutionStatusResponse(_message.Message):
    __slots__ = ("task_id", "status", "recipients")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    status: _common_pb2.TaskStatus
    recipients: _containers.RepeatedCompositeFieldContainer[RecipientState]
    def __init__(self, task_id: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.TaskStatus, str]] = ..., recipients: _Optional[_Iterable[_Union[RecipientState, _Mapping]]] = ...) -> None: ...

class StartTasksRequest(_message.Message):
    __slots__ = ("task_ids", "request_id")
    TASK_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    task_ids: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    def __init__(self, task_ids: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class StartTasksResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PauseTasksRequest(_message.Message):
    __slots__ = ("task_ids", "request_id")
    TASK_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    task_ids: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    def __init__(self, task_ids: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class PauseTasksResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StopTasksRequest(_message.Message):
    __slots__ = ("task_ids", "request_id")
    TASK_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    task_ids: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    def __init__(self, task_ids: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class StopTasksResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WatchTaskRequest(_message.Message):
    __slots__ = ("task_id", "after_cursor", "end_when_final")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_CURSOR_FIELD_NUMBER: _ClassVar[int]
    END_WHEN_FINAL_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    after_cursor: str
    end_when_final: bool
    def __init__(self, task_id: _Optional[str] = ..., after_cursor: _Optional[str] = ..., end_when_final: _Optional[bool] = ...) -> None: ...

class TaskSnapshot(_message.Message):
    __slots__ = ("task_id", "status", "recipients")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    status: _common_pb2.TaskStatus
    recipients: _containers.RepeatedCompositeFieldContainer[RecipientState]
    def __init__(self, task_id: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.TaskStatus, str]] = ..., recipients: _Optional[_Iterable[_Union[RecipientState, _Mapping]]] = ...) -> None: ...

class RecipientCount(_message.Message):
    __slots__ = ("status", "count")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    status: _common_pb2.RecipientStatus
    count: int
    def __init__(self, status: _Optional[_Union[_common_pb2.RecipientStatus, str]] = ..., count: _Optional[int] = ...) -> None: ...

class FailureCount(_message.Message):
    __slots__ = ("reason", "count")
    REASON_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    reason: _common_pb2.FailureReason
    count: int
    def __init__(self, reason: _Optional[_Union[_common_pb2.FailureReason, str]] = ..., count: _Optional[int] = ...) -> None: ...

class TaskProgress(_message.Message):
    __slots__ = ("task_id", "status", "total", "counts", "failures", "replies")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    FAILURES_FIELD_NUMBER: _ClassVar[int]
    REPLIES_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    status: _common_pb2.TaskStatus
    total: int
    counts: _containers.RepeatedCompositeFieldContainer[RecipientCount]
    failures: _containers.RepeatedCompositeFieldContainer[FailureCount]
    replies: int
    def __init__(self, task_id: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.TaskStatus, str]] = ..., total: _Optional[int] = ..., counts: _Optional[_Iterable[_Union[RecipientCount, _Mapping]]] = ..., failures: _Optional[_Iterable[_Union[FailureCount, _Mapping]]] = ..., replies: _Optional[int] = ...) -> None: ...

class Heartbeat(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WatchTaskResponse(_message.Message):
    __slots__ = ("cursor", "snapshot", "task_status", "recipient_status", "reply", "heartbeat", "progress", "recipient_status_merged", "received_time")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    TASK_STATUS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_STATUS_FIELD_NUMBER: _ClassVar[int]
    REPLY_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_STATUS_MERGED_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TIME_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    snapshot: TaskSnapshot
    task_status: _events_pb2.TaskStatusChanged
    recipient_status: _events_pb2.RecipientStatusChanged
    reply: _events_pb2.ReplyReceived
    heartbeat: Heartbeat
    progress: TaskProgress
    recipient_status_merged: _common_pb2.RecipientStatus
    received_time: _timestamp_pb2.Timestamp
    def __init__(self, cursor: _Optional[str] = ..., snapshot: _Optional[_Union[TaskSnapshot, _Mapping]] = ..., task_status: _Optional[_Union[_events_pb2.TaskStatusChanged, _Mapping]] = ..., recipient_status: _Optional[_Union[_events_pb2.RecipientStatusChanged, _Mapping]] = ..., reply: _Optional[_Union[_events_pb2.ReplyReceived, _Mapping]] = ..., heartbeat: _Optional[_Union[Heartbeat, _Mapping]] = ..., progress: _Optional[_Union[TaskProgress, _Mapping]] = ..., recipient_status_merged: _Optional[_Union[_common_pb2.RecipientStatus, str]] = ..., received_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
