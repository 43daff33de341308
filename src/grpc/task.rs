//! `wadispatch.v1.TaskService`.

use crate::proto::v1::task_service_server::TaskService;
use crate::proto::v1::*;
use crate::upstream::routes;

super::unary_service! {
    TaskApi: TaskService {
        create_single_target_task(CreateSingleTargetTaskRequest) -> CreateSingleTargetTaskResponse => routes::TASK_ASSIGN_SINGLE;
        create_paired_task(CreatePairedTaskRequest) -> CreatePairedTaskResponse => routes::TASK_ASSIGN_PAIRED;
        create_paired_content_task(CreatePairedContentTaskRequest) -> CreatePairedContentTaskResponse => routes::TASK_ASSIGN_PAIRED_CONTENT;
        create_pooled_task(CreatePooledTaskRequest) -> CreatePooledTaskResponse => routes::TASK_ASSIGN_POOLED;
        create_account_group_task(CreateAccountGroupTaskRequest) -> CreateAccountGroupTaskResponse => routes::TASK_ASSIGN_GROUP;
        create_unassigned_single_target_task(CreateUnassignedSingleTargetTaskRequest) -> CreateUnassignedSingleTargetTaskResponse => routes::TASK_UNASSIGNED_SINGLE;
        create_unassigned_task(CreateUnassignedTaskRequest) -> CreateUnassignedTaskResponse => routes::TASK_UNASSIGNED_MULTI;
        create_conditional_task(CreateConditionalTaskRequest) -> CreateConditionalTaskResponse => routes::TASK_UNASSIGNED_CONDITIONAL;
        get_task_execution_status(GetTaskExecutionStatusRequest) -> GetTaskExecutionStatusResponse => routes::TASK_EXECUTION_STATUS;
        start_tasks(StartTasksRequest) -> StartTasksResponse => routes::TASK_BATCH_START;
        pause_tasks(PauseTasksRequest) -> PauseTasksResponse => routes::TASK_BATCH_PAUSE;
        stop_tasks(StopTasksRequest) -> StopTasksResponse => routes::TASK_BATCH_STOP;
    }

    type WatchTaskStream = super::watch::WatchStream<WatchTaskResponse>;

    async fn watch_task(
        &self,
        request: tonic::Request<WatchTaskRequest>,
    ) -> Result<tonic::Response<Self::WatchTaskStream>, tonic::Status> {
        super::watch::watch_task(self.gateway.clone(), request.into_inner()).await.map(tonic::Response::new)
    }
}
