//! `wadispatch.v1.AudienceService`.

use crate::proto::v1::audience_service_server::AudienceService;
use crate::proto::v1::*;
use crate::upstream::routes;

super::unary_service! {
    AudienceApi: AudienceService {
        create_audience_group(CreateAudienceGroupRequest) -> CreateAudienceGroupResponse => routes::AUDIENCE_ADD, AudienceManage;
        list_audience_groups(ListAudienceGroupsRequest) -> ListAudienceGroupsResponse => routes::AUDIENCE_QUERY, AudienceRead;
        get_audience_group_members(GetAudienceGroupMembersRequest) -> GetAudienceGroupMembersResponse => routes::AUDIENCE_DETAIL, AudienceRead;
    }
}
