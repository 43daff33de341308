//! AudienceService requests and responses <-> audience group wire shapes.

use tonic::Status;

use super::validate::{self as check};
use super::{FromWire, ToWire, WireContext};
use crate::error::Violations;
use crate::proto::v1::*;
use crate::wire::audience as wire;

fn member(
    wire::AudienceItem {
        phone,
        country_code,
    }: wire::AudienceItem,
) -> AudienceMember {
    AudienceMember {
        phone,
        region: country_code,
    }
}

impl ToWire for CreateAudienceGroupRequest {
    type Wire = wire::AddAudience;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            name,
            phones,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        check::required(&mut v, "name", &name);
        check::count(&mut v, "phones", phones.len(), 1, usize::MAX);
        let whats_id_list = phones
            .iter()
            .enumerate()
            .map(|(i, p)| check::phone(&mut v, &format!("phones[{i}]"), p))
            .collect();
        v.into_result(wire::AddAudience {
            name: name.trim().to_owned(),
            whats_id_list,
        })
    }
}

impl FromWire for CreateAudienceGroupResponse {
    type Wire = wire::AudienceAdded;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let wire::AudienceAdded { id, count } = wire;
        // Without the id the group cannot be used, so that is an error; a missing count only
        // loses information and reads as 0.
        let group_id = id.ok_or("data.id: no audience group id")?;
        let saved_count = i32::try_from(count.unwrap_or(0))
            .map_err(|_| format!("data.count {count:?} is out of range"))?;
        Ok(Self {
            group_id,
            saved_count,
        })
    }
}

impl ToWire for ListAudienceGroupsRequest {
    type Wire = wire::AudienceQuery;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            name,
            group_id,
            page,
            page_size,
        } = self;
        let mut v = Violations::default();
        // 0 means "not given" for each number; a negative one is a caller mistake.
        for (field, value) in [
            ("group_id", group_id),
            ("page", page.into()),
            ("page_size", page_size.into()),
        ] {
            if value < 0 {
                v.add(field, "must not be negative (0 = not given)");
            }
        }
        let name = name.trim();
        let query = wire::AudienceQuery {
            name: (!name.is_empty()).then(|| name.to_owned()),
            id: (group_id > 0).then_some(group_id),
            current: (page > 0).then_some(page),
            size: (page_size > 0).then_some(page_size),
        };
        v.into_result(query)
    }
}

impl FromWire for ListAudienceGroupsResponse {
    type Wire = wire::AudiencePage;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let wire::AudiencePage { records, total } = wire;
        let groups = records
            .into_iter()
            .map(|wire::AudienceRecord { id, name, items }| AudienceGroup {
                id: id.unwrap_or(0),
                name,
                members: items.into_iter().map(member).collect(),
            })
            .collect();
        Ok(Self {
            groups,
            total: total.unwrap_or(0),
        })
    }
}

impl ToWire for GetAudienceGroupMembersRequest {
    type Wire = wire::AudienceDetailQuery;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self { group_id } = self;
        let mut v = Violations::default();
        if group_id <= 0 {
            v.add("group_id", "required: a positive audience group id");
        }
        v.into_result(wire::AudienceDetailQuery { id: group_id })
    }
}

impl FromWire for GetAudienceGroupMembersResponse {
    type Wire = wire::AudienceMembers;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        Ok(Self {
            members: wire.0.into_iter().map(member).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::convert::test_support::*;

    /// The query string of a GET route, as the upstream client sends it (none when empty).
    fn query_string<T: serde::Serialize>(wire: &T) -> Option<String> {
        let query = crate::upstream::query_string(wire).unwrap();
        (!query.is_empty()).then_some(query)
    }

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

    #[test]
    fn create_rejects_missing_name_and_bad_phones() {
        let request = CreateAudienceGroupRequest {
            name: " ".into(),
            phones: vec!["99123456".into()],
            ..Default::default()
        };
        rejected(request.to_wire(&cx()), "name");
        let request = CreateAudienceGroupRequest {
            name: "n".into(),
            phones: vec![],
            ..Default::default()
        };
        rejected(request.to_wire(&cx()), "phones");
        let request = CreateAudienceGroupRequest {
            name: "n".into(),
            phones: vec!["99123456".into(), "abc".into()],
            ..Default::default()
        };
        rejected(request.to_wire(&cx()), "phones[1]");
    }

    #[test]
    fn create_response_matches_example() {
        let wire = serde_json::from_value(data("13-addWhatsappAudience.response.json")).unwrap();
        let response = CreateAudienceGroupResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response,
            CreateAudienceGroupResponse {
                group_id: 73,
                saved_count: 2
            }
        );
        let wire = serde_json::from_value(json!({"id": "", "count": 2})).unwrap();
        assert!(CreateAudienceGroupResponse::from_wire(wire, &cx()).is_err());
    }

    #[test]
    fn list_query_sends_only_given_filters() {
        let request = ListAudienceGroupsRequest {
            name: "this name".into(),
            group_id: 0,
            page: 2,
            page_size: 20,
        };
        let wire = request.to_wire(&cx()).unwrap();
        assert_eq!(
            query_string(&wire).unwrap(),
            "name=this+name&current=2&size=20"
        );
        assert_eq!(
            query_string(&ListAudienceGroupsRequest::default().to_wire(&cx()).unwrap()),
            None
        );
    }

    #[test]
    fn list_rejects_negative_numbers() {
        rejected(
            ListAudienceGroupsRequest {
                page: -1,
                ..Default::default()
            }
            .to_wire(&cx()),
            "page",
        );
        rejected(
            ListAudienceGroupsRequest {
                page_size: -1,
                ..Default::default()
            }
            .to_wire(&cx()),
            "page_size",
        );
        rejected(
            ListAudienceGroupsRequest {
                group_id: -1,
                ..Default::default()
            }
            .to_wire(&cx()),
            "group_id",
        );
    }

    #[test]
    fn list_response_matches_example() {
        let wire = serde_json::from_value(data("14-query.response.json")).unwrap();
        let response = ListAudienceGroupsResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response,
            ListAudienceGroupsResponse {
                groups: vec![AudienceGroup {
                    id: 73,
                    name: "this name".into(),
                    members: example_members()
                }],
                total: 1,
            }
        );
    }

    #[test]
    fn members_reject_missing_id() {
        rejected(
            GetAudienceGroupMembersRequest { group_id: 0 }.to_wire(&cx()),
            "group_id",
        );
    }

    #[test]
    fn members_response_matches_example_and_table() {
        // The example: an array of members.
        let wire = serde_json::from_value(data("15-queryDetail.response.json")).unwrap();
        let response = GetAudienceGroupMembersResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response,
            GetAudienceGroupMembersResponse {
                members: example_members()
            }
        );
        // The table: one object.
        let wire =
            serde_json::from_value(json!({"phone": "98123456", "countryCode": "Iran"})).unwrap();
        let response = GetAudienceGroupMembersResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(response.members, example_members()[1..]);
        let wire = serde_json::from_value(Value::Null).unwrap();
        assert!(GetAudienceGroupMembersResponse::from_wire(wire, &cx())
            .unwrap()
            .members
            .is_empty());
    }
}
