//! CloudPortService requests and responses <-> QR code / cloud-port wire shapes.

use tonic::Status;

use super::validate::{self as check};
use super::{empty_responses, non_empty, platform_time, FromWire, ToWire, WireContext};
use crate::error::Violations;
use crate::proto::v1::*;
use crate::wire::cloud_port as wire;
use crate::wire::time::epoch_seconds;

/// A required login (QR window) id, trimmed.
fn login_id(v: &mut Violations, field: &str, raw: &str) -> String {
    check::required(v, field, raw);
    raw.trim().to_owned()
}

/// A count the schema holds as int32.
fn count(field: &str, value: Option<i64>) -> Result<i32, String> {
    let value = value.unwrap_or(0);
    i32::try_from(value).map_err(|_| format!("{field} {value} does not fit a 32-bit count"))
}

impl ToWire for ListPairTargetsRequest {
    type Wire = crate::wire::NoParams;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {} = self;
        Ok(crate::wire::NoParams {})
    }
}

impl FromWire for ListPairTargetsResponse {
    type Wire = crate::wire::List<wire::PairTarget>;
    fn from_wire(wire: Self::Wire, cx: &WireContext) -> Result<Self, String> {
        let targets = wire
            .0
            .into_iter()
            .map(
                |wire::PairTarget {
                     create_time,
                     target_tenant_name,
                     target_tenant_id,
                 }| {
                    Ok(PairTarget {
                        id: target_tenant_id.unwrap_or(0),
                        name: target_tenant_name,
                        create_time: platform_time(cx, "createTime", &create_time)?,
                    })
                },
            )
            .collect::<Result<_, String>>()?;
        Ok(Self { targets })
    }
}

impl ToWire for ReserveLoginPortRequest {
    type Wire = wire::PreGenerate;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            client_type,
            pairing_target_id,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let kind = check::required_code::<LoginClientType>(&mut v, "client_type", client_type);
        if pairing_target_id.is_some_and(|id| id <= 0) {
            v.add(
                "pairing_target_id",
                "must be a positive pairing target id from ListPairTargets",
            );
        }
        v.into_result(wire::PreGenerate {
            kind,
            target: pairing_target_id,
        })
    }
}

impl FromWire for ReserveLoginPortResponse {
    /// The example's `data` is the bare id string (no response table); a number is read as its
    /// digits.
    type Wire = crate::wire::Text;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let crate::wire::Text(login_id) = wire;
        // Every later call needs the id: a success without a usable one is not a usable answer.
        Ok(Self {
            login_id: super::platform_id("data (the QR window id)", login_id)?,
        })
    }
}

impl ToWire for GetLoginQrCodeRequest {
    type Wire = wire::QrCode;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            login_id,
            ip_config,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        // getQrCode's table marks `id` optional (getQrCodeV2 and onLine require it): follow the
        // table and omit it when empty.
        v.into_result(wire::QrCode {
            id: non_empty(login_id),
            ip_config: non_empty(ip_config),
        })
    }
}

impl FromWire for GetLoginQrCodeResponse {
    type Wire = crate::wire::Text;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let crate::wire::Text(qr_code) = wire;
        Ok(Self { qr_code })
    }
}

/// `isEasy` of getQrCodeV2; UNSPECIFIED omits it, leaving the platform's default (eight 8s).
fn pair_code_mode(v: &mut Violations, field: &str, raw: i32) -> Option<&'static str> {
    match PairCodeMode::try_from(raw) {
        Ok(PairCodeMode::Unspecified) => None,
        Ok(PairCodeMode::Native) => Some("n"),
        Ok(PairCodeMode::Easy) => Some("y"),
        Ok(PairCodeMode::FixedEights) => Some("b"),
        Err(_) => {
            v.add(field, format!("{raw} is not a known value"));
            None
        }
    }
}

impl ToWire for GetLoginCodeRequest {
    type Wire = wire::QrCodeV2;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            login_id: id,
            phone,
            ip_config,
            pair_code_mode: mode,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let body = wire::QrCodeV2 {
            id: login_id(&mut v, "login_id", &id),
            phone: check::phone(&mut v, "phone", &phone),
            ip_config: non_empty(ip_config),
            is_easy: pair_code_mode(&mut v, "pair_code_mode", mode),
        };
        v.into_result(body)
    }
}

impl FromWire for GetLoginCodeResponse {
    type Wire = wire::LoginCode;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let wire::LoginCode { qrcode, pair_code } = wire;
        Ok(Self {
            qr_code: qrcode,
            pair_code,
        })
    }
}

impl ToWire for GetLoginInfoRequest {
    type Wire = wire::QrCodeInfoQuery;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self { login_id, phone } = self;
        let mut v = Violations::default();
        // Both filters are optional; a phone given must still be a phone number.
        let whats_app = non_empty(phone).map(|phone| check::phone(&mut v, "phone", &phone));
        v.into_result(wire::QrCodeInfoQuery {
            id: non_empty(login_id),
            whats_app,
        })
    }
}

impl FromWire for GetLoginInfoResponse {
    /// The table does not say `data` is a list; the example's is, so a list is read.
    type Wire = crate::wire::List<wire::LoginInfo>;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let logins = wire
            .0
            .into_iter()
            .map(
                |wire::LoginInfo {
                     status,
                     whats_app,
                     user_name,
                 }| {
                    let logged_in = match status {
                        None | Some(0) => false,
                        Some(1) => true,
                        Some(other) => {
                            return Err(format!("getQrCodeInfo status {other} is not 0 or 1"))
                        }
                    };
                    Ok(LoginInfo {
                        logged_in,
                        phone: whats_app,
                        agent_name: user_name,
                    })
                },
            )
            .collect::<Result<_, String>>()?;
        Ok(Self { logins })
    }
}

impl ToWire for BringPortOnlineRequest {
    type Wire = wire::Online;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            login_id: id,
            ip_config,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let body = wire::Online {
            id: login_id(&mut v, "login_id", &id),
            ip_config: non_empty(ip_config),
        };
        v.into_result(body)
    }
}

/// offline and logOut: `{"id"}` only, required (the request id stays with the gateway).
macro_rules! login_id_requests {
    ($($request:ty),+) => {$(
        impl ToWire for $request {
            type Wire = wire::LoginId;
            fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
                let Self { login_id: id, request_id } = self;
                let mut v = Violations::default();
                check::request_id(&mut v, &request_id);
                let body = wire::LoginId { id: login_id(&mut v, "login_id", &id) };
                v.into_result(body)
            }
        }
    )+};
}
login_id_requests!(TakePortOfflineRequest, LogOutPortRequest);

/// info/profile: `{"id"}` only, required; a read, so without a request id.
impl ToWire for GetProfileRequest {
    type Wire = wire::LoginId;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self { login_id: id } = self;
        let mut v = Violations::default();
        let body = wire::LoginId {
            id: login_id(&mut v, "login_id", &id),
        };
        v.into_result(body)
    }
}

// onLine, offline and logOut answer `data: []`; no response table.
empty_responses!(
    BringPortOnlineResponse,
    TakePortOfflineResponse,
    LogOutPortResponse
);

impl ToWire for GetPortQuotaRequest {
    type Wire = crate::wire::NoParams;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {} = self;
        Ok(crate::wire::NoParams {})
    }
}

impl FromWire for GetPortQuotaResponse {
    type Wire = wire::PortQuota;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let wire::PortQuota {
            current_port,
            max_port,
        } = wire;
        Ok(Self {
            used_ports: count("currentPort", current_port)?,
            max_ports: count("maxPort", max_port)?,
        })
    }
}

impl ToWire for ListPortsRequest {
    type Wire = crate::wire::NoParams;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {} = self;
        Ok(crate::wire::NoParams {})
    }
}

impl FromWire for ListPortsResponse {
    type Wire = crate::wire::List<wire::Port>;
    fn from_wire(wire: Self::Wire, cx: &WireContext) -> Result<Self, String> {
        let ports = wire
            .0
            .into_iter()
            .map(
                |wire::Port {
                     phone,
                     create_time,
                     id,
                     status,
                 }| {
                    Ok(CloudPort {
                        id,
                        phone,
                        create_time: platform_time(cx, "createTime", &create_time)?,
                        // null: no account on the port yet.
                        status: super::code::<PortStatus>("status", status)?,
                    })
                },
            )
            .collect::<Result<_, String>>()?;
        Ok(Self { ports })
    }
}

fn contact(wire: wire::Contact) -> Contact {
    let wire::Contact {
        whatsapp,
        push_name,
        is_friend,
        first_name,
        full_name,
    } = wire;
    // The table's remarks swap the names (firstName "last name", fullName "first name"); the
    // fields are mapped by their names.
    Contact {
        phone: whatsapp,
        push_name,
        is_friend: is_friend.unwrap_or(false),
        first_name,
        full_name,
    }
}

impl ToWire for ListContactsRequest {
    type Wire = wire::ContactsQuery;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self { login_id } = self;
        // `id` is optional per the table (`?id=` is only in the URI line): omitted when empty.
        Ok(wire::ContactsQuery {
            id: non_empty(login_id),
        })
    }
}

impl FromWire for ListContactsResponse {
    type Wire = crate::wire::List<wire::Contact>;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        Ok(Self {
            contacts: wire.0.into_iter().map(contact).collect(),
        })
    }
}

impl ToWire for GetContactRequest {
    type Wire = wire::ContactQuery;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            login_id: id,
            phone,
        } = self;
        let mut v = Violations::default();
        let body = wire::ContactQuery {
            id: login_id(&mut v, "login_id", &id),
            phone: check::phone(&mut v, "phone", &phone),
        };
        v.into_result(body)
    }
}

impl FromWire for GetContactResponse {
    /// One contact object here, while selectContact returns a list of the same records.
    type Wire = wire::Contact;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        Ok(Self {
            contact: Some(contact(wire)),
        })
    }
}

impl FromWire for GetProfileResponse {
    type Wire = wire::Profile;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let wire::Profile {
            whatsapp,
            is_business,
            business_name,
            avatar,
            push_name,
            status,
            chat_num,
            group_num,
            last_chat_time,
        } = wire;
        Ok(Self {
            profile: Some(Profile {
                phone: whatsapp,
                push_name,
                is_business: is_business.unwrap_or(false),
                business_name,
                avatar_url: avatar,
                about: status,
                chat_count: count("chatNum", chat_num)?,
                group_count: count("groupNum", group_num)?,
                last_chat_time: last_chat_time
                    .map(epoch_seconds)
                    .transpose()
                    .map_err(|e| format!("lastChatTime: {e}"))?,
            }),
        })
    }
}

impl ToWire for UpdateAvatarOrNicknameRequest {
    type Wire = wire::UpdateProfile;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            device_type,
            avatar_url,
            nickname,
            phones,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let kind = check::required_code::<ProfileDeviceType>(&mut v, "device_type", device_type);
        let avatar = non_empty(avatar_url);
        let nickname = non_empty(nickname);
        // Both are optional in the table, but a call setting neither changes nothing.
        if avatar.is_none() && nickname.is_none() {
            v.add("avatar_url", "avatar_url or nickname is required");
        }
        check::count(&mut v, "phones", phones.len(), 1, usize::MAX);
        let phone_list = phones
            .iter()
            .enumerate()
            .map(|(i, p)| check::phone(&mut v, &format!("phones[{i}]"), p))
            .collect();
        v.into_result(wire::UpdateProfile {
            kind,
            avatar,
            nickname,
            phone_list,
        })
    }
}

// The response table after this endpoint's example is a copy of the profile table, but the
// example's `data` is "": nothing is read.
empty_responses!(UpdateAvatarOrNicknameResponse);

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use tonic::Code;

    use super::*;
    use crate::convert::test_support::*;

    const LOGIN_ID: &str = "ad518a4271fa43c8937612c5f60396f8";

    macro_rules! fixture {
        ($name:literal) => {
            serde_json::from_str::<Value>(
                &std::fs::read_to_string(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/platform/",
                    $name
                ))
                .expect(concat!("fixture ", $name)),
            )
            .expect(concat!("fixture ", $name, " is JSON"))
        };
    }

    fn body<R: ToWire>(request: R) -> Value {
        let wire = request
            .to_wire(&cx())
            .unwrap_or_else(|status| panic!("rejected: {}", status.message()));
        serde_json::to_value(wire).unwrap()
    }

    /// The envelope's `data`, read as the upstream client does, then converted.
    fn decoded<T: FromWire>(envelope: Value) -> T {
        assert_eq!(envelope["code"], json!(200));
        let data = envelope.get("data").expect("envelope has data").clone();
        let wire: T::Wire =
            serde_json::from_value(data).unwrap_or_else(|e| panic!("data does not decode: {e}"));
        T::from_wire(wire, &cx()).unwrap()
    }

    fn rejected<R: ToWire>(request: R, field: &str) {
        let Err(status) = request.to_wire(&cx()) else {
            panic!("{field}: accepted")
        };
        assert_eq!(status.code(), Code::InvalidArgument);
        assert!(
            status.message().contains(&format!("{field}:")),
            "{field} missing from {}",
            status.message()
        );
    }

    fn ts(seconds: i64) -> Option<prost_types::Timestamp> {
        Some(prost_types::Timestamp { seconds, nanos: 0 })
    }

    // (a) Request variants the documented examples do not show (the examples themselves are
    // reproduced through the gateway in tests/integration/cloud_port_api.rs).

    #[test]
    fn optional_fields_are_omitted_and_modes_mapped() {
        assert_eq!(
            body(ReserveLoginPortRequest {
                client_type: LoginClientType::CloudPc as i32,
                pairing_target_id: None,
                ..Default::default()
            }),
            json!({ "type": 2 })
        );
        assert_eq!(
            body(GetLoginQrCodeRequest {
                login_id: String::new(),
                ip_config: String::new(),
                ..Default::default()
            }),
            json!({})
        );
        assert_eq!(
            body(ListContactsRequest {
                login_id: " ".into()
            }),
            json!({})
        );
        assert_eq!(
            body(BringPortOnlineRequest {
                login_id: LOGIN_ID.into(),
                ip_config: String::new(),
                ..Default::default()
            }),
            json!({ "id": LOGIN_ID })
        );
        assert_eq!(
            body(GetLoginInfoRequest {
                login_id: String::new(),
                phone: "+81 2282828221".into()
            }),
            json!({ "whatsApp": "812282828221" })
        );
        for (mode, code) in [
            (PairCodeMode::Native, "n"),
            (PairCodeMode::Easy, "y"),
            (PairCodeMode::FixedEights, "b"),
        ] {
            let request = GetLoginCodeRequest {
                login_id: LOGIN_ID.into(),
                phone: "8618733334444".into(),
                ip_config: String::new(),
                pair_code_mode: mode as i32,
                ..Default::default()
            };
            assert_eq!(
                body(request),
                json!({ "id": LOGIN_ID, "phone": "8618733334444", "isEasy": code })
            );
        }
        let request = UpdateAvatarOrNicknameRequest {
            device_type: ProfileDeviceType::PhysicalDevice as i32,
            avatar_url: String::new(),
            nickname: "nick".into(),
            phones: vec!["8618730312345".into()],
            ..Default::default()
        };
        assert_eq!(
            body(request),
            json!({ "type": 0, "nickname": "nick", "phoneList": ["8618730312345"] })
        );
    }

    // (b) Response fixtures.

    #[test]
    fn select_pair_target_response() {
        let response: ListPairTargetsResponse =
            decoded(fixture!("24-selectPairTarget.response.json"));
        assert_eq!(
            response.targets,
            vec![
                PairTarget {
                    id: 10085,
                    name: "xxxx".into(),
                    create_time: ts(1_762_330_927)
                },
                PairTarget {
                    id: 10086,
                    name: "yyyy".into(),
                    create_time: ts(1_763_693_437)
                },
            ]
        );
    }

    #[test]
    fn pre_generate_response() {
        let response: ReserveLoginPortResponse = decoded(fixture!("25-preGenerate.response.json"));
        assert_eq!(response.login_id, LOGIN_ID);
    }

    #[test]
    fn get_qr_code_response() {
        let envelope = fixture!("26-getQrCode.response.json");
        let expected = envelope["data"].as_str().unwrap().to_owned();
        let response: GetLoginQrCodeResponse = decoded(envelope);
        assert!(expected.starts_with("2@BBisWIG5D2RkAqYI5NhFXG+") && expected.ends_with("=,1"));
        assert_eq!(response.qr_code, expected);
    }

    #[test]
    fn get_qr_code_v2_response() {
        let response: GetLoginCodeResponse = decoded(fixture!("27-getQrCodeV2.response.json"));
        assert_eq!(
            response.qr_code,
            "2@BBisWIG5D2RkAqYI5NhFXG+Mrw/EZGU70YTyammI/3Q/nx4O3e6QNIn4PXYMWfgoO/Hb4CIi7y9G2JXeRAiVloK/QgEM9unZVX8=,1b1JxI522MIxZxMLjhOuE/A5ys2I/hvj7iMWK7ZPSm0=,iSMi+z=,1"
        );
        assert_eq!(response.pair_code, "IVEA_IPON");
    }

    #[test]
    fn get_qr_code_info_response() {
        let response: GetLoginInfoResponse = decoded(fixture!("28-getQrCodeInfo.response.json"));
        assert_eq!(
            response.logins,
            vec![LoginInfo {
                logged_in: true,
                phone: "812282828221".into(),
                agent_name: "test".into()
            }]
        );
        // The lowercase spelling used by the other QR code payloads is read too.
        let response: GetLoginInfoResponse = decoded(
            json!({ "code": 200, "data": [{ "status": "0", "whatsapp": "812282828221", "userName": "" }] }),
        );
        assert_eq!(
            response.logins,
            vec![LoginInfo {
                logged_in: false,
                phone: "812282828221".into(),
                agent_name: String::new()
            }]
        );
        let wire = serde_json::from_value(json!([{ "status": 2 }])).unwrap();
        assert!(GetLoginInfoResponse::from_wire(wire, &cx()).is_err());
    }

    #[test]
    fn empty_responses_accept_their_fixtures() {
        let _: BringPortOnlineResponse = decoded(fixture!("29-onLine.response.json"));
        let _: TakePortOfflineResponse = decoded(fixture!("30-offline.response.json"));
        let _: LogOutPortResponse = decoded(fixture!("31-logOut.response.json"));
        let _: UpdateAvatarOrNicknameResponse =
            decoded(fixture!("37-updateAvatarOrNickname.response.json"));
    }

    #[test]
    fn select_cloud_port_response() {
        let response: GetPortQuotaResponse = decoded(fixture!("32-selectCloudPort.response.json"));
        assert_eq!(
            response,
            GetPortQuotaResponse {
                used_ports: 3,
                max_ports: 2
            }
        );
    }

    #[test]
    fn select_cloud_port_detail_response() {
        let response: ListPortsResponse =
            decoded(fixture!("33-selectCloudPortDetail.response.json"));
        assert_eq!(
            response.ports,
            vec![
                CloudPort {
                    id: "8639164839053938688".into(),
                    phone: "8618730334344".into(),
                    create_time: ts(1_753_947_619),
                    status: PortStatus::Online as i32,
                },
                CloudPort {
                    id: "8654029561952415744".into(),
                    phone: "8618730334345".into(),
                    create_time: ts(1_757_491_645),
                    status: PortStatus::Disconnected as i32,
                },
                CloudPort {
                    id: "8654029632861319168".into(),
                    phone: String::new(),
                    create_time: ts(1_757_491_662),
                    status: PortStatus::Unspecified as i32,
                },
            ]
        );
    }

    #[test]
    fn port_ids_above_2_pow_53_stay_exact_from_raw_text() {
        // As the upstream client reads it: `data` straight from the response text.
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/platform/33-selectCloudPortDetail.response.json"
        ))
        .unwrap();
        #[derive(serde::Deserialize)]
        struct Envelope<'a> {
            #[serde(borrow)]
            data: &'a serde_json::value::RawValue,
        }
        let envelope: Envelope = serde_json::from_str(&text).unwrap();
        let wire: <ListPortsResponse as FromWire>::Wire =
            serde_json::from_str(envelope.data.get()).unwrap();
        let ids: Vec<String> = ListPortsResponse::from_wire(wire, &cx())
            .unwrap()
            .ports
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(
            ids,
            [
                "8639164839053938688",
                "8654029561952415744",
                "8654029632861319168"
            ]
        );
        // The document's ids are multiples of 2048, so even an f64 holds them; these neighbours
        // are not, and an f64 in between would round them (and print them as 8.6e18).
        let text = r#"[{"id": 8639164839053938689}, {"id": 18446744073709551615}, {"id": "8654029632861319169"}]"#;
        let wire: <ListPortsResponse as FromWire>::Wire = serde_json::from_str(text).unwrap();
        let ids: Vec<String> = ListPortsResponse::from_wire(wire, &cx())
            .unwrap()
            .ports
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(
            ids,
            [
                "8639164839053938689",
                "18446744073709551615",
                "8654029632861319169"
            ]
        );
    }

    #[test]
    fn select_contact_response() {
        let response: ListContactsResponse = decoded(fixture!("34-selectContact.response.json"));
        let ryan = Contact {
            phone: "8618733334444".into(),
            push_name: "Ryan yu".into(),
            is_friend: false,
            first_name: String::new(),
            full_name: String::new(),
        };
        assert_eq!(response.contacts, vec![ryan.clone(), ryan]);
        // The table types isFriend as String: "true" is read as well as the example's boolean.
        let wire =
            serde_json::from_value(json!([{ "whatsApp": "1", "isFriend": "true" }])).unwrap();
        let contacts = ListContactsResponse::from_wire(wire, &cx())
            .unwrap()
            .contacts;
        assert!(contacts[0].is_friend);
        assert_eq!(contacts[0].phone, "1");
        // Empty results may come as "" or null.
        for data in [json!(""), json!(null), json!([])] {
            let wire = serde_json::from_value(data).unwrap();
            assert!(ListContactsResponse::from_wire(wire, &cx())
                .unwrap()
                .contacts
                .is_empty());
        }
    }

    #[test]
    fn contact_info_response() {
        let response: GetContactResponse = decoded(fixture!("35-info.response.json"));
        assert_eq!(
            response.contact,
            Some(Contact {
                phone: "8618733334444".into(),
                push_name: "Ryan yu".into(),
                is_friend: false,
                first_name: String::new(),
                full_name: String::new(),
            })
        );
    }

    #[test]
    fn profile_response() {
        let response: GetProfileResponse = decoded(fixture!("36-profile.response.json"));
        assert_eq!(
            response.profile,
            Some(Profile {
                phone: "447962xxxxx".into(),
                push_name: "ygfhvd".into(),
                is_business: true,
                business_name: "ygfhvd".into(),
                avatar_url: "https://pps.whatsapp.net/v/t61.24694-24/534427959_3710828145715675_6315457185020903046_n.jpg?ccb=11-4&oh=01_Q5Aa3wGpxN6bwVlgwn8gUeTao7xlcLxzdrV2pNGhUV-MND4ZOw&oe=69ACF821&_nc_sid=5e03e0&_nc_cat=106".into(),
                about: "Nihao".into(),
                chat_count: 11,
                group_count: 3,
                last_chat_time: ts(1_774_339_558),
            })
        );
        let wire = serde_json::from_value(json!({ "whatsapp": "1" })).unwrap();
        let profile = GetProfileResponse::from_wire(wire, &cx())
            .unwrap()
            .profile
            .unwrap();
        assert_eq!(
            (
                profile.last_chat_time,
                profile.chat_count,
                profile.is_business
            ),
            (None, 0, false)
        );
    }

    // (c) Rejections.

    #[test]
    fn reserve_login_port_rejections() {
        rejected(
            ReserveLoginPortRequest {
                client_type: 0,
                pairing_target_id: None,
                ..Default::default()
            },
            "client_type",
        );
        rejected(
            ReserveLoginPortRequest {
                client_type: 9,
                pairing_target_id: None,
                ..Default::default()
            },
            "client_type",
        );
        rejected(
            ReserveLoginPortRequest {
                client_type: 1,
                pairing_target_id: Some(0),
                ..Default::default()
            },
            "pairing_target_id",
        );
    }

    #[test]
    fn get_login_code_rejections() {
        let valid = || GetLoginCodeRequest {
            login_id: LOGIN_ID.into(),
            phone: "8618733334444".into(),
            ip_config: String::new(),
            pair_code_mode: 0,
            ..Default::default()
        };
        rejected(
            GetLoginCodeRequest {
                login_id: " ".into(),
                ..valid()
            },
            "login_id",
        );
        rejected(
            GetLoginCodeRequest {
                phone: String::new(),
                ..valid()
            },
            "phone",
        );
        rejected(
            GetLoginCodeRequest {
                phone: "86187303****".into(),
                ..valid()
            },
            "phone",
        );
        rejected(
            GetLoginCodeRequest {
                pair_code_mode: 7,
                ..valid()
            },
            "pair_code_mode",
        );
    }

    #[test]
    fn get_login_info_rejects_a_bad_phone() {
        rejected(
            GetLoginInfoRequest {
                login_id: String::new(),
                phone: "abc".into(),
            },
            "phone",
        );
    }

    #[test]
    fn login_id_rejections() {
        rejected(
            BringPortOnlineRequest {
                login_id: String::new(),
                ip_config: "ip:port:user:pass".into(),
                ..Default::default()
            },
            "login_id",
        );
        rejected(
            TakePortOfflineRequest {
                login_id: String::new(),
                ..Default::default()
            },
            "login_id",
        );
        rejected(
            LogOutPortRequest {
                login_id: String::new(),
                ..Default::default()
            },
            "login_id",
        );
        rejected(
            GetProfileRequest {
                login_id: String::new(),
            },
            "login_id",
        );
        rejected(
            GetContactRequest {
                login_id: String::new(),
                phone: "8618733334444".into(),
            },
            "login_id",
        );
        rejected(
            GetContactRequest {
                login_id: LOGIN_ID.into(),
                phone: String::new(),
            },
            "phone",
        );
    }

    #[test]
    fn update_avatar_or_nickname_rejections() {
        let valid = || UpdateAvatarOrNicknameRequest {
            device_type: ProfileDeviceType::CloudPort as i32,
            avatar_url: String::new(),
            nickname: "nick".into(),
            phones: vec!["8618730312345".into()],
            ..Default::default()
        };
        rejected(
            UpdateAvatarOrNicknameRequest {
                device_type: 0,
                ..valid()
            },
            "device_type",
        );
        rejected(
            UpdateAvatarOrNicknameRequest {
                nickname: " ".into(),
                ..valid()
            },
            "avatar_url",
        );
        rejected(
            UpdateAvatarOrNicknameRequest {
                phones: vec![],
                ..valid()
            },
            "phones",
        );
        rejected(
            UpdateAvatarOrNicknameRequest {
                phones: vec!["86187303****".into()],
                ..valid()
            },
            "phones[0]",
        );
    }
}
