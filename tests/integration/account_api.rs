//! AccountService against a recording platform: every documented request example of the account
//! and registration endpoints (16-21) is reproduced by an RPC call, and every response example
//! decodes.

use wadispatch_gateway::proto::v1::account_service_client::AccountServiceClient;
use wadispatch_gateway::proto::v1::*;
use wadispatch_gateway::upstream::routes;

use crate::common::{assert_get, assert_post, exchange, fixture_json};

/// The account of the 16 and 18 examples. Its key fields are left empty: the examples send them
/// as `""` although the tables mark them required, and the gateway sends them as given.
fn example_credentials() -> AccountCredentials {
    AccountCredentials {
        phone: "861821726232".into(),
        avatar: "wwww.baiux.com/1.img".into(),
        name: "lee".into(),
        account_type: AccountType::Personal as i32,
        ..Default::default()
    }
}

#[tokio::test]
async fn import_example() {
    let (recorded, response) = exchange(
        routes::IMPORT_ACCOUNTS.path,
        "16-batchInsert.response.json",
        |channel| async move {
            AccountServiceClient::new(channel)
                .import_accounts(ImportAccountsRequest {
                    accounts: vec![example_credentials()],
                    ..Default::default()
                })
                .await
        },
    )
    .await;
    // Compared as documented, empty key strings included.
    assert_post(
        &recorded,
        routes::IMPORT_ACCOUNTS.path,
        &fixture_json("16-batchInsert.request.json"),
    );
    assert_eq!(
        recorded.headers.get("x-api-key").map(String::as_str),
        Some("test-key")
    );
    assert_eq!(response, ImportAccountsResponse {});
}

#[tokio::test]
async fn list_example() {
    // The document has no request example ("No parameters"): a GET without a query.
    let (recorded, response) = exchange(
        routes::LIST_ACCOUNTS.path,
        "17-queryWhatsAppStatus.response.json",
        |channel| async move {
            AccountServiceClient::new(channel)
                .list_accounts(ListAccountsRequest {})
                .await
        },
    )
    .await;
    assert_get(&recorded, routes::LIST_ACCOUNTS.path, &[]);
    assert_eq!(recorded.query, "", "no query string at all");
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
}

#[tokio::test]
async fn bring_online_example() {
    let (recorded, response) = exchange(
        routes::BRING_ACCOUNTS_ONLINE.path,
        "18-batchOnline.response.json",
        |channel| async move {
            AccountServiceClient::new(channel)
                .bring_accounts_online(BringAccountsOnlineRequest {
                    accounts: vec![OnlineAccount {
                        credentials: Some(example_credentials()),
                        r#override: false,
                    }],
                    ..Default::default()
                })
                .await
        },
    )
    .await;
    // Compared as documented, `override: false` and the empty key strings included.
    assert_post(
        &recorded,
        routes::BRING_ACCOUNTS_ONLINE.path,
        &fixture_json("18-batchOnline.request.json"),
    );
    assert_eq!(response, BringAccountsOnlineResponse {});
}

#[tokio::test]
async fn recycle_example() {
    let (recorded, response) = exchange(
        routes::RECYCLE_ACCOUNTS.path,
        "19-batchRecycle.response.json",
        |channel| async move {
            AccountServiceClient::new(channel)
                .recycle_accounts(RecycleAccountsRequest {
                    // A formatted number is normalised to the example's digits.
                    phones: vec!["+86 182-1726-232".into(), "861821726231".into()],
                    ..Default::default()
                })
                .await
        },
    )
    .await;
    assert_post(
        &recorded,
        routes::RECYCLE_ACCOUNTS.path,
        &fixture_json("19-batchRecycle.request.json"),
    );
    assert_eq!(response, RecycleAccountsResponse {});
}

#[tokio::test]
async fn submit_phone_example() {
    let example = SubmitRegistrationPhoneRequest {
        phone: "182172623211".into(),
        verify_type: VerifyType::Voice as i32,
        account_type: AccountType::Business as i32,
        area_code: "+86".into(),
        country_code: "CN".into(),
        ..Default::default()
    };
    // "86" and a lowercase country are sent in the example's forms ("+86", "CN").
    let relaxed = SubmitRegistrationPhoneRequest {
        area_code: "86".into(),
        country_code: "cn".into(),
        ..example.clone()
    };
    for request in [example, relaxed] {
        let (recorded, response) = exchange(
            routes::SUBMIT_REGISTRATION_PHONE.path,
            "20-submitPhone.response.json",
            |channel| async move {
                AccountServiceClient::new(channel)
                    .submit_registration_phone(request)
                    .await
            },
        )
        .await;
        assert_post(
            &recorded,
            routes::SUBMIT_REGISTRATION_PHONE.path,
            &fixture_json("20-submitPhone.request.json"),
        );
        assert_eq!(
            response,
            SubmitRegistrationPhoneResponse {
                registration_id: 12
            }
        );
    }
}

#[tokio::test]
async fn submit_code_example() {
    let (recorded, response) = exchange(
        routes::SUBMIT_REGISTRATION_CODE.path,
        "21-submitVerifyCode.response.json",
        |channel| async move {
            AccountServiceClient::new(channel)
                .submit_registration_code(SubmitRegistrationCodeRequest {
                    phone: "1821726232".into(),
                    area_code: "+86".into(),
                    verify_code: "123456".into(),
                    ..Default::default()
                })
                .await
        },
    )
    .await;
    assert_post(
        &recorded,
        routes::SUBMIT_REGISTRATION_CODE.path,
        &fixture_json("21-submitVerifyCode.request.json"),
    );
    assert_eq!(response, SubmitRegistrationCodeResponse {});
}
