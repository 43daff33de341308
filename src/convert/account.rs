//! AccountService requests and responses <-> account and registration wire shapes.

use tonic::Status;

use super::validate::{self as check};
use super::{empty_responses, FromWire, ToWire, WireContext};
use crate::error::Violations;
use crate::proto::v1::*;
use crate::wire::account as wire;

/// One account's credentials. Strings other than the phone go out as given (keys must not be
/// altered), empty ones included.
fn credentials(
    v: &mut Violations,
    field: &str,
    credentials: AccountCredentials,
) -> wire::Credentials {
    let AccountCredentials {
        phone,
        avatar,
        name,
        public_key,
        private_key,
        msg_public_key,
        msg_private_key,
        account_id,
        next_key_id,
        registration_id,
        device_params,
        account_type,
    } = credentials;
    wire::Credentials {
        whats_app: check::phone(v, &format!("{field}.phone"), &phone),
        whatsapp_type: check::optional_enum::<AccountType>(
            v,
            &format!("{field}.account_type"),
            account_type,
        ),
        name,
        avatar,
        public_key,
        private_key,
        msg_public_key,
        msg_private_key,
        account_id,
        next_key_id,
        registration_id,
        device_params,
    }
}

impl ToWire for ImportAccountsRequest {
    type Wire = wire::ImportAccounts;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            accounts,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        check::count(&mut v, "accounts", accounts.len(), 1, usize::MAX);
        let whats_app_list = accounts
            .into_iter()
            .enumerate()
            .map(|(i, account)| credentials(&mut v, &format!("accounts[{i}]"), account))
            .collect();
        v.into_result(wire::ImportAccounts { whats_app_list })
    }
}

empty_responses!(
    ImportAccountsResponse,
    BringAccountsOnlineResponse,
    RecycleAccountsResponse,
    SubmitRegistrationCodeResponse
);

impl ToWire for ListAccountsRequest {
    type Wire = crate::wire::NoParams;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {} = self;
        Ok(crate::wire::NoParams {})
    }
}

impl FromWire for ListAccountsResponse {
    type Wire = crate::wire::List<wire::AccountState>;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let accounts = wire
            .0
            .into_iter()
            .map(
                |wire::AccountState {
                     whats_app,
                     status,
                     online_status,
                 }| {
                    Ok(AccountState {
                        phone: whats_app,
                        status: super::code::<AccountStatus>("status", status)?,
                        online_status: super::code::<OnlineStatus>("onlineStatus", online_status)?,
                    })
                },
            )
            .collect::<Result<_, String>>()?;
        Ok(Self { accounts })
    }
}

impl ToWire for BringAccountsOnlineRequest {
    type Wire = wire::BringOnline;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            accounts,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        check::count(&mut v, "accounts", accounts.len(), 1, usize::MAX);
        let whats_app_list = accounts
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    OnlineAccount {
                        credentials: creds,
                        r#override,
                    },
                )| {
                    let at = format!("accounts[{i}].credentials");
                    if creds.is_none() {
                        v.add(&at, "required");
                    }
                    wire::OnlineAccount {
                        r#override,
                        credentials: credentials(&mut v, &at, creds.unwrap_or_default()),
                    }
                },
            )
            .collect();
        v.into_result(wire::BringOnline { whats_app_list })
    }
}

impl ToWire for RecycleAccountsRequest {
    type Wire = wire::Recycle;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self { phones, request_id } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        // The table marks `whatsAppList` optional, but recycling nothing is a caller mistake.
        check::count(&mut v, "phones", phones.len(), 1, usize::MAX);
        let whats_app_list = phones
            .iter()
            .enumerate()
            .map(|(i, p)| check::phone(&mut v, &format!("phones[{i}]"), p))
            .collect();
        v.into_result(wire::Recycle { whats_app_list })
    }
}

/// An international dialling code. The example sends "+86": "86" is accepted too, and the "+"
/// form is always sent.
fn area_code(v: &mut Violations, field: &str, raw: &str) -> String {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        v.add(
            field,
            "required: an international dialling code such as \"+86\"",
        );
        return String::new();
    }
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if !(1..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        v.add(
            field,
            format!(
                "{raw:?} is not an international dialling code: expected '+' and 1 to 4 digits"
            ),
        );
    }
    format!("+{digits}")
}

/// An ISO 3166 alpha-2 country, sent uppercase as in the example ("CN").
fn country_code(v: &mut Violations, field: &str, raw: &str) -> String {
    let code = raw.trim();
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        v.add(
            field,
            format!("{raw:?} is not a two-letter country code such as \"CN\""),
        );
    }
    code.to_ascii_uppercase()
}

impl ToWire for SubmitRegistrationPhoneRequest {
    type Wire = wire::SubmitPhone;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            phone,
            verify_type,
            account_type,
            area_code: area,
            country_code: country,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        let body = wire::SubmitPhone {
            phone: check::national_phone(&mut v, "phone", &phone),
            verify_type: check::required_code::<VerifyType>(&mut v, "verify_type", verify_type),
            account_type: check::required_code::<AccountType>(&mut v, "account_type", account_type),
            area_code: area_code(&mut v, "area_code", &area),
            country_code: country_code(&mut v, "country_code", &country),
        };
        v.into_result(body)
    }
}

impl FromWire for SubmitRegistrationPhoneResponse {
    type Wire = wire::RegistrationId;
    fn from_wire(wire: Self::Wire, _: &WireContext) -> Result<Self, String> {
        let registration_id = wire.0.ok_or("data: no registration task id")?;
        Ok(Self { registration_id })
    }
}

impl ToWire for SubmitRegistrationCodeRequest {
    type Wire = wire::SubmitVerifyCode;
    fn to_wire(self, _: &WireContext) -> Result<Self::Wire, Status> {
        let Self {
            phone,
            area_code: area,
            verify_code,
            request_id,
        } = self;
        let mut v = Violations::default();
        check::request_id(&mut v, &request_id);
        check::required(&mut v, "verify_code", &verify_code);
        let body = wire::SubmitVerifyCode {
            phone: check::national_phone(&mut v, "phone", &phone),
            verify_code: verify_code.trim().to_owned(),
            area_code: area_code(&mut v, "area_code", &area),
        };
        v.into_result(body)
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::convert::test_support::*;

    /// The account of the 16 and 18 examples.
    fn example_credentials() -> AccountCredentials {
        AccountCredentials {
            phone: "861821726232".into(),
            avatar: "wwww.baiux.com/1.img".into(),
            name: "lee".into(),
            account_type: AccountType::Personal as i32,
            ..Default::default()
        }
    }

    #[test]
    fn import_rejects_bad_phone_and_empty_list() {
        rejected(
            ImportAccountsRequest {
                accounts: vec![],
                ..Default::default()
            }
            .to_wire(&cx()),
            "accounts",
        );
        let bad = AccountCredentials {
            phone: "86-abc".into(),
            ..example_credentials()
        };
        rejected(
            ImportAccountsRequest {
                accounts: vec![bad],
                ..Default::default()
            }
            .to_wire(&cx()),
            "accounts[0].phone",
        );
        let bad = AccountCredentials {
            account_type: 7,
            ..example_credentials()
        };
        rejected(
            ImportAccountsRequest {
                accounts: vec![bad],
                ..Default::default()
            }
            .to_wire(&cx()),
            "accounts[0].account_type",
        );
    }

    #[test]
    fn unset_account_type_is_omitted() {
        let creds = AccountCredentials {
            account_type: AccountType::Unspecified as i32,
            ..example_credentials()
        };
        let wire = ImportAccountsRequest {
            accounts: vec![creds],
            ..Default::default()
        }
        .to_wire(&cx())
        .unwrap();
        let json = serde_json::to_value(&wire).unwrap();
        assert!(json["whatsAppList"][0].get("whatsappType").is_none());
        assert_eq!(json["whatsAppList"][0]["publicKey"], "");
    }

    #[test]
    fn import_response_is_empty() {
        let wire = serde_json::from_value(data("16-batchInsert.response.json")).unwrap();
        assert_eq!(
            ImportAccountsResponse::from_wire(wire, &cx()).unwrap(),
            ImportAccountsResponse {}
        );
    }

    #[test]
    fn list_response_matches_example() {
        let wire = serde_json::from_value(data("17-queryWhatsAppStatus.response.json")).unwrap();
        let response = ListAccountsResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response,
            ListAccountsResponse {
                accounts: vec![AccountState {
                    phone: "861821371272".into(),
                    status: AccountStatus::Normal as i32,
                    online_status: OnlineStatus::LoggingIn as i32,
                }],
            }
        );
        // Numbers as strings and an empty `data` are read too.
        let wire = serde_json::from_value(
            serde_json::json!([{"whatsApp": "1", "status": "2", "onlineStatus": "4"}]),
        )
        .unwrap();
        let response = ListAccountsResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(response.accounts[0].status, AccountStatus::Banned as i32);
        assert_eq!(
            response.accounts[0].online_status,
            OnlineStatus::Offline as i32
        );
        let wire = serde_json::from_value(serde_json::json!("")).unwrap();
        assert!(ListAccountsResponse::from_wire(wire, &cx())
            .unwrap()
            .accounts
            .is_empty());
    }

    #[test]
    fn bring_online_rejects_missing_credentials() {
        let request = BringAccountsOnlineRequest {
            accounts: vec![OnlineAccount {
                credentials: None,
                r#override: true,
            }],
            ..Default::default()
        };
        rejected(request.to_wire(&cx()), "accounts[0].credentials");
        rejected(
            BringAccountsOnlineRequest {
                accounts: vec![],
                ..Default::default()
            }
            .to_wire(&cx()),
            "accounts",
        );
    }

    #[test]
    fn bring_online_response_is_empty() {
        let wire = serde_json::from_value(data("18-batchOnline.response.json")).unwrap();
        assert_eq!(
            BringAccountsOnlineResponse::from_wire(wire, &cx()).unwrap(),
            BringAccountsOnlineResponse {}
        );
    }

    #[test]
    fn recycle_rejects_bad_phone() {
        rejected(
            RecycleAccountsRequest {
                phones: vec!["861821726232".into(), "x".into()],
                ..Default::default()
            }
            .to_wire(&cx()),
            "phones[1]",
        );
        rejected(
            RecycleAccountsRequest {
                phones: vec![],
                ..Default::default()
            }
            .to_wire(&cx()),
            "phones",
        );
    }

    #[test]
    fn recycle_response_is_empty() {
        let wire = serde_json::from_value(data("19-batchRecycle.response.json")).unwrap();
        assert_eq!(
            RecycleAccountsResponse::from_wire(wire, &cx()).unwrap(),
            RecycleAccountsResponse {}
        );
    }

    fn example_phone_request() -> SubmitRegistrationPhoneRequest {
        SubmitRegistrationPhoneRequest {
            phone: "182172623211".into(),
            verify_type: VerifyType::Voice as i32,
            account_type: AccountType::Business as i32,
            area_code: "+86".into(),
            country_code: "CN".into(),
            ..Default::default()
        }
    }

    #[test]
    fn submit_phone_sends_sms_as_the_platform_zero() {
        let request = SubmitRegistrationPhoneRequest {
            verify_type: VerifyType::Sms as i32,
            ..example_phone_request()
        };
        assert_eq!(request.to_wire(&cx()).unwrap().verify_type, 0);
    }

    #[test]
    fn submit_phone_rejects_bad_fields() {
        let request = SubmitRegistrationPhoneRequest {
            verify_type: 0,
            ..example_phone_request()
        };
        rejected(request.to_wire(&cx()), "verify_type");
        let request = SubmitRegistrationPhoneRequest {
            account_type: 0,
            ..example_phone_request()
        };
        rejected(request.to_wire(&cx()), "account_type");
        let request = SubmitRegistrationPhoneRequest {
            area_code: "+86123".into(),
            ..example_phone_request()
        };
        rejected(request.to_wire(&cx()), "area_code");
        let request = SubmitRegistrationPhoneRequest {
            area_code: "".into(),
            ..example_phone_request()
        };
        rejected(request.to_wire(&cx()), "area_code");
        let request = SubmitRegistrationPhoneRequest {
            country_code: "CHN".into(),
            ..example_phone_request()
        };
        rejected(request.to_wire(&cx()), "country_code");
        let request = SubmitRegistrationPhoneRequest {
            phone: "12a".into(),
            ..example_phone_request()
        };
        rejected(request.to_wire(&cx()), "phone");
    }

    #[test]
    fn submit_phone_response_matches_example() {
        let wire = serde_json::from_value(data("20-submitPhone.response.json")).unwrap();
        let response = SubmitRegistrationPhoneResponse::from_wire(wire, &cx()).unwrap();
        assert_eq!(
            response,
            SubmitRegistrationPhoneResponse {
                registration_id: 12
            }
        );
        let wire = serde_json::from_value(serde_json::json!("12")).unwrap();
        assert_eq!(
            SubmitRegistrationPhoneResponse::from_wire(wire, &cx())
                .unwrap()
                .registration_id,
            12
        );
        let wire = serde_json::from_value(serde_json::json!("")).unwrap();
        assert!(SubmitRegistrationPhoneResponse::from_wire(wire, &cx()).is_err());
    }

    #[test]
    fn submit_code_rejects_missing_code() {
        let request = SubmitRegistrationCodeRequest {
            phone: "1821726232".into(),
            area_code: "86".into(),
            verify_code: " ".into(),
            ..Default::default()
        };
        rejected(request.to_wire(&cx()), "verify_code");
        let request = SubmitRegistrationCodeRequest {
            phone: "1821726232".into(),
            area_code: "+x".into(),
            verify_code: "1".into(),
            ..Default::default()
        };
        rejected(request.to_wire(&cx()), "area_code");
    }

    #[test]
    fn submit_code_response_is_empty() {
        let wire = serde_json::from_value(data("21-submitVerifyCode.response.json")).unwrap();
        assert_eq!(
            SubmitRegistrationCodeResponse::from_wire(wire, &cx()).unwrap(),
            SubmitRegistrationCodeResponse {}
        );
    }
}
