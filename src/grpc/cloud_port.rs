//! `wadispatch.v1.CloudPortService`.

use crate::proto::v1::cloud_port_service_server::CloudPortService;
use crate::proto::v1::*;
use crate::upstream::routes;

super::unary_service! {
    CloudPortApi: CloudPortService {
        list_pair_targets(ListPairTargetsRequest) -> ListPairTargetsResponse => routes::LIST_PAIR_TARGETS, AccountsRead;
        reserve_login_port(ReserveLoginPortRequest) -> ReserveLoginPortResponse => routes::RESERVE_LOGIN_PORT, AccountsManage;
        get_login_qr_code(GetLoginQrCodeRequest) -> GetLoginQrCodeResponse => routes::GET_LOGIN_QR_CODE, AccountsManage;
        get_login_code(GetLoginCodeRequest) -> GetLoginCodeResponse => routes::GET_LOGIN_CODE, AccountsManage;
        get_login_info(GetLoginInfoRequest) -> GetLoginInfoResponse => routes::GET_LOGIN_INFO, AccountsRead;
        bring_port_online(BringPortOnlineRequest) -> BringPortOnlineResponse => routes::BRING_PORT_ONLINE, AccountsManage;
        take_port_offline(TakePortOfflineRequest) -> TakePortOfflineResponse => routes::TAKE_PORT_OFFLINE, AccountsManage;
        log_out_port(LogOutPortRequest) -> LogOutPortResponse => routes::LOG_OUT_PORT, AccountsManage;
        get_port_quota(GetPortQuotaRequest) -> GetPortQuotaResponse => routes::GET_PORT_QUOTA, AccountsRead;
        list_ports(ListPortsRequest) -> ListPortsResponse => routes::LIST_PORTS, AccountsRead;
        list_contacts(ListContactsRequest) -> ListContactsResponse => routes::LIST_CONTACTS, AccountsRead;
        get_contact(GetContactRequest) -> GetContactResponse => routes::GET_CONTACT, AccountsRead;
        get_profile(GetProfileRequest) -> GetProfileResponse => routes::GET_PROFILE, AccountsRead;
        update_avatar_or_nickname(UpdateAvatarOrNicknameRequest) -> UpdateAvatarOrNicknameResponse => routes::UPDATE_AVATAR_OR_NICKNAME, AccountsManage;
    }
}
