//! `wadispatch.v1.AccountService`.

use crate::proto::v1::account_service_server::AccountService;
use crate::proto::v1::*;
use crate::upstream::routes;

/// What WatchAccounts' caller needs (the stream is not in the unary table).
pub const WATCH_ACCOUNTS_PERMISSION: crate::callers::Permission =
    crate::callers::Permission::AccountsWatch;

super::unary_service! {
    AccountApi: AccountService {
        import_accounts(ImportAccountsRequest) -> ImportAccountsResponse => routes::IMPORT_ACCOUNTS, AccountsManage;
        list_accounts(ListAccountsRequest) -> ListAccountsResponse => routes::LIST_ACCOUNTS, AccountsRead;
        bring_accounts_online(BringAccountsOnlineRequest) -> BringAccountsOnlineResponse => routes::BRING_ACCOUNTS_ONLINE, AccountsManage;
        recycle_accounts(RecycleAccountsRequest) -> RecycleAccountsResponse => routes::RECYCLE_ACCOUNTS, AccountsManage;
        submit_registration_phone(SubmitRegistrationPhoneRequest) -> SubmitRegistrationPhoneResponse => routes::SUBMIT_REGISTRATION_PHONE, AccountsManage;
        submit_registration_code(SubmitRegistrationCodeRequest) -> SubmitRegistrationCodeResponse => routes::SUBMIT_REGISTRATION_CODE, AccountsManage;
    }

    type WatchAccountsStream = super::watch::WatchStream<WatchAccountsResponse>;

    async fn watch_accounts(
        &self,
        request: tonic::Request<WatchAccountsRequest>,
    ) -> Result<tonic::Response<Self::WatchAccountsStream>, tonic::Status> {
        crate::callers::caller_of(&request)?.require(WATCH_ACCOUNTS_PERMISSION)?;
        super::watch::watch_accounts(self.gateway.clone(), request.into_inner()).await.map(tonic::Response::new)
    }
}
