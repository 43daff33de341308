//! `wadispatch.v1.CloudPortService`.

use crate::proto::v1::cloud_port_service_server::CloudPortService;
use crate::proto::v1::*;
use crate::upstream::routes;

super::unary_service! {
    CloudPortApi: CloudPortService {
        list_pair_targets(ListPairTargetsRequest) -> ListPairTargetsResponse => routes::QR_PAIR_TARGETS, AccountsRead;
        reserve_login_port(ReserveLoginPortRequest) -> ReserveLoginPortResponse => routes::QR_PRE_GENERATE, AccountsManage;
        get_login_qr_code(GetLoginQrCodeRequest) -> GetLoginQrCodeResponse => routes::QR_GET_CODE, AccountsManage;
        get_login_code(GetLoginCodeRequest) -> GetLoginCodeResponse => routes::QR_GET_CODE_V2, AccountsManage;
        get_login_info(GetLoginInfoRequest) -> GetLoginInfoResponse => routes::QR_LOGIN_INFO, AccountsRead;
        bring_port_online(BringPortOnlineRequest) -> BringPortOnlineResponse => routes::QR_ONLINE, AccountsManage;
        take_port_offline(TakePortOfflineRequest) -> TakePortOfflineResponse => routes::QR_OFFLINE, AccountsManage;
        log_out_port(LogOutPortRequest) -> LogOutPortResponse => routes::QR_LOG_OUT, AccountsManage;
        get_port_quota(GetPortQuotaRequest) -> GetPortQuotaResponse => routes::QR_PORT_QUOTA, AccountsRead;
        list_ports(ListPortsRequest) -> ListPortsResponse => routes::QR_PORT_DETAIL, AccountsRead;
        list_contacts(ListContactsRequest) -> ListContactsResponse => routes::QR_CONTACTS, AccountsRead;
        get_contact(GetContactRequest) -> GetContactResponse => routes::QR_CONTACT_INFO, AccountsRead;
        get_profile(GetProfileRequest) -> GetProfileResponse => routes::QR_PROFILE, AccountsRead;
        update_avatar_or_nickname(UpdateAvatarOrNicknameRequest) -> UpdateAvatarOrNicknameResponse => routes::PROFILE_UPDATE, AccountsManage;
    }
}
