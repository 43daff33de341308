//! `wadispatch.v1.TaskService`.

use crate::proto::v1::task_service_server::TaskService;
use crate::proto::v1::*;
use crate::upstream::routes;

/// What WatchTask's caller needs (the stream is not in the unary table).
pub const WATCH_TASK_PERMISSION: crate::callers::Permission =
    crate::callers::Permission::TasksWatch;

super::unary_service! {
    TaskApi: TaskService {
        create_single_target_task(CreateSingleTargetTaskRequest) -> CreateSingleTargetTaskResponse => routes::CREATE_SINGLE_TARGET_TASK, TasksSend;
        create_paired_task(CreatePairedTaskRequest) -> CreatePairedTaskResponse => routes::CREATE_PAIRED_TASK, TasksSend;
        create_paired_content_task(CreatePairedContentTaskRequest) -> CreatePairedContentTaskResponse => routes::CREATE_PAIRED_CONTENT_TASK, TasksSend;
        create_pooled_task(CreatePooledTaskRequest) -> CreatePooledTaskResponse => routes::CREATE_POOLED_TASK, TasksSend;
        create_account_group_task(CreateAccountGroupTaskRequest) -> CreateAccountGroupTaskResponse => routes::CREATE_ACCOUNT_GROUP_TASK, TasksSend;
        create_unassigned_single_target_task(CreateUnassignedSingleTargetTaskRequest) -> CreateUnassignedSingleTargetTaskResponse => routes::CREATE_UNASSIGNED_SINGLE_TARGET_TASK, TasksSend;
        create_unassigned_task(CreateUnassignedTaskRequest) -> CreateUnassignedTaskResponse => routes::CREATE_UNASSIGNED_TASK, TasksSend;
        create_conditional_task(CreateConditionalTaskRequest) -> CreateConditionalTaskResponse => routes::CREATE_CONDITIONAL_TASK, TasksSend;
        get_task_execution_status(GetTaskExecutionStatusRequest) -> GetTaskExecutionStatusResponse => routes::GET_TASK_EXECUTION_STATUS, TasksRead;
        start_tasks(StartTasksRequest) -> StartTasksResponse => routes::START_TASKS, TasksSend;
        pause_tasks(PauseTasksRequest) -> PauseTasksResponse => routes::PAUSE_TASKS, TasksControl;
        stop_tasks(StopTasksRequest) -> StopTasksResponse => routes::STOP_TASKS, TasksControl;
    }

    type WatchTaskStream = super::watch::WatchStream<crate::proto::EncodedWatchTaskResponse>;

    async fn watch_task(
        &self,
        request: tonic::Request<WatchTaskRequest>,
    ) -> Result<tonic::Response<Self::WatchTaskStream>, tonic::Status> {
        crate::callers::caller_of(&request)?.require(WATCH_TASK_PERMISSION)?;
        super::watch::watch_task(self.gateway.clone(), request.into_inner()).await.map(tonic::Response::new)
    }
}
