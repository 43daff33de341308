//! `wadispatch.v1.TaskService`.

use crate::proto::v1::task_service_server::TaskService;
use crate::proto::v1::*;
use crate::upstream::routes;

/// What WatchTask's caller needs (the stream is not in the unary table).
pub const WATCH_TASK_PERMISSION: crate::callers::Permission =
    crate::callers::Permission::TasksWatch;

super::unary_service! {
    TaskApi: TaskService {
        create_single_target_task(CreateSingleTargetTaskRequest) -> CreateSingleTargetTaskResponse => routes::TASK_ASSIGN_SINGLE, TasksSend;
        create_paired_task(CreatePairedTaskRequest) -> CreatePairedTaskResponse => routes::TASK_ASSIGN_PAIRED, TasksSend;
        create_paired_content_task(CreatePairedContentTaskRequest) -> CreatePairedContentTaskResponse => routes::TASK_ASSIGN_PAIRED_CONTENT, TasksSend;
        create_pooled_task(CreatePooledTaskRequest) -> CreatePooledTaskResponse => routes::TASK_ASSIGN_POOLED, TasksSend;
        create_account_group_task(CreateAccountGroupTaskRequest) -> CreateAccountGroupTaskResponse => routes::TASK_ASSIGN_GROUP, TasksSend;
        create_unassigned_single_target_task(CreateUnassignedSingleTargetTaskRequest) -> CreateUnassignedSingleTargetTaskResponse => routes::TASK_UNASSIGNED_SINGLE, TasksSend;
        create_unassigned_task(CreateUnassignedTaskRequest) -> CreateUnassignedTaskResponse => routes::TASK_UNASSIGNED_MULTI, TasksSend;
        create_conditional_task(CreateConditionalTaskRequest) -> CreateConditionalTaskResponse => routes::TASK_UNASSIGNED_CONDITIONAL, TasksSend;
        get_task_execution_status(GetTaskExecutionStatusRequest) -> GetTaskExecutionStatusResponse => routes::TASK_EXECUTION_STATUS, TasksRead;
        start_tasks(StartTasksRequest) -> StartTasksResponse => routes::TASK_BATCH_START, TasksSend;
        pause_tasks(PauseTasksRequest) -> PauseTasksResponse => routes::TASK_BATCH_PAUSE, TasksControl;
        stop_tasks(StopTasksRequest) -> StopTasksResponse => routes::TASK_BATCH_STOP, TasksControl;
    }

    type WatchTaskStream = super::watch::WatchStream<WatchTaskResponse>;

    async fn watch_task(
        &self,
        request: tonic::Request<WatchTaskRequest>,
    ) -> Result<tonic::Response<Self::WatchTaskStream>, tonic::Status> {
        crate::callers::caller_of(&request)?.require(WATCH_TASK_PERMISSION)?;
        super::watch::watch_task(self.gateway.clone(), request.into_inner()).await.map(tonic::Response::new)
    }
}
