//! `wadispatch.v1.AudienceService`.

use crate::proto::v1::audience_service_server::AudienceService;
use crate::proto::v1::*;
use crate::upstream::routes;

super::unary_service! {
    AudienceApi: AudienceService {
        create_audience_group(CreateAudienceGroupRequest) -> CreateAudienceGroupResponse => routes::CREATE_AUDIENCE_GROUP, AudienceManage;
        list_audience_groups(ListAudienceGroupsRequest) -> ListAudienceGroupsResponse => routes::LIST_AUDIENCE_GROUPS, AudienceRead;
        get_audience_group_members(GetAudienceGroupMembersRequest) -> GetAudienceGroupMembersResponse => routes::GET_AUDIENCE_GROUP_MEMBERS, AudienceRead;
    }
}
