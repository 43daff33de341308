//! AudienceService against a recording platform: every documented request example of the
//! audience endpoints (13-15) is reproduced by an RPC call, and every response example decodes.

use wadispatch_gateway::proto::v1::audience_service_client::AudienceServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common::{assert_get, assert_post, exchange, fixture_json, fixture_query};

/// The two members of group 73 in the 14 and 15 response examples.
fn example_members() -> Vec<AudienceMember> {
    vec![
        AudienceMember {
            phone: "99123456".into(),
            region: "UNKNOWN".into(),
        },
        AudienceMember {
            phone: "98123456".into(),
            region: "Iran".into(),
        },
    ]
}

/// The parameters of a `.query` example, whose path must be `route_path`.
fn example_params(name: &str, route_path: &str) -> Vec<(String, String)> {
    let (path, params) = fixture_query(name);
    assert_eq!(path, route_path, "{name}");
    let mut params: Vec<_> = params.into_iter().collect();
    params.sort();
    params
}

fn as_pairs(params: &[(String, String)]) -> Vec<(&str, &str)> {
    params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[tokio::test]
async fn create_example() {
    let (recorded, response) = exchange(
        routes::CREATE_AUDIENCE_GROUP.path,
        "13-addWhatsappAudience.response.json",
        |channel| async move {
            AudienceServiceClient::new(channel)
                .create_audience_group(CreateAudienceGroupRequest {
                    name: "this name".into(),
                    phones: vec!["99123456".into(), "98123456".into()],
                    ..Default::default()
                })
                .await
        },
    )
    .await;
    assert_post(
        &recorded,
        routes::CREATE_AUDIENCE_GROUP.path,
        &fixture_json("13-addWhatsappAudience.request.json"),
    );
    assert_eq!(
        recorded.headers.get("x-api-key").map(String::as_str),
        Some("test-key")
    );
    assert_eq!(
        response,
        CreateAudienceGroupResponse {
            group_id: 73,
            saved_count: 2,
        }
    );
}

#[tokio::test]
async fn list_example() {
    let params = example_params("14-query.request.query", routes::LIST_AUDIENCE_GROUPS.path);
    assert_eq!(as_pairs(&params), [("id", "73")]);
    let (recorded, response) = exchange(
        routes::LIST_AUDIENCE_GROUPS.path,
        "14-query.response.json",
        |channel| async move {
            AudienceServiceClient::new(channel)
                .list_audience_groups(ListAudienceGroupsRequest {
                    group_id: 73,
                    ..Default::default()
                })
                .await
        },
    )
    .await;
    assert_get(
        &recorded,
        routes::LIST_AUDIENCE_GROUPS.path,
        &as_pairs(&params),
    );
    assert_eq!(
        response,
        ListAudienceGroupsResponse {
            groups: vec![AudienceGroup {
                id: 73,
                name: "this name".into(),
                members: example_members(),
            }],
            total: 1,
        }
    );
}

#[tokio::test]
async fn members_example() {
    let params = example_params(
        "15-queryDetail.request.query",
        routes::GET_AUDIENCE_GROUP_MEMBERS.path,
    );
    assert_eq!(as_pairs(&params), [("id", "73")]);
    // The response's `data` is an array of members, where the table types it as one Object:
    // both are read.
    let (recorded, response) = exchange(
        routes::GET_AUDIENCE_GROUP_MEMBERS.path,
        "15-queryDetail.response.json",
        |channel| async move {
            AudienceServiceClient::new(channel)
                .get_audience_group_members(GetAudienceGroupMembersRequest { group_id: 73 })
                .await
        },
    )
    .await;
    assert_get(
        &recorded,
        routes::GET_AUDIENCE_GROUP_MEMBERS.path,
        &as_pairs(&params),
    );
    assert_eq!(
        response,
        GetAudienceGroupMembersResponse {
            members: example_members(),
        }
    );
}
