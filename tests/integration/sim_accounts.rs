//! The simulator's accounts area (endpoints 13-23 and the account webhooks) over real HTTP, with
//! a webhook receiver that records what the simulator pushes. Waits are bounded polls; no test
//! asserts a duration.

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::common;
use crate::common::{eventually, fixture_json as fixture, TENANT_ID as TENANT};

const CHANNEL_SYNC_STATUS: &str = "/callback/gsTask/syncWhatsAppStatus";
const CHANNEL_REGISTER_STATUS: &str = "/group-dispatch-api/register/syncStatus";
const ONLINE_STATUS: &str = "/api/callback/whatsapp/onlineStatus";
const PLACEHOLDER_TIME: &str = "1970-01-01 08:00:01";

/// The simulator's HTTP API (`post`/`get` answer whole envelopes) and its webhook receiver.
type Sim = common::SimSession<Accounts>;

/// Marks the `Sim` helpers below as this module's.
enum Accounts {}

impl Sim {
    async fn start() -> Self {
        Self::start_with(10.0, |args| {
            args.failure_rate = 0.0;
            args.reply_rate = 0.0;
            args.webhook_attempts = 3;
        })
        .await
    }

    /// Bodies of the webhooks received on `path`, in arrival order.
    fn hooks(&self, path: &str) -> Vec<Value> {
        self.receiver.posts_to(path)
    }

    /// CHANNEL_SYNC_STATUS bodies about `phone`.
    fn sync_status(&self, phone: &str) -> Vec<Value> {
        self.hooks(CHANNEL_SYNC_STATUS)
            .into_iter()
            .filter(|b| b["whatsApp"] == phone)
            .collect()
    }

    /// WA_SYNC_ON_OR_OFF_LINE_STATUS records about `phone`, whichever body shape carried them.
    fn online_records(&self, phone: &str) -> Vec<Value> {
        self.hooks(ONLINE_STATUS)
            .iter()
            .flat_map(records_of)
            .filter(|r| r["whatsId"] == phone)
            .collect()
    }

    async fn accounts(&self) -> Vec<Value> {
        let data = ok(self
            .get("/group-dispatch-api/whatsapp/queryWhatsAppStatus", &[])
            .await);
        data.as_array().unwrap().clone()
    }

    async fn account(&self, phone: &str) -> Option<Value> {
        self.accounts()
            .await
            .into_iter()
            .find(|a| a["whatsApp"] == phone)
    }

    async fn action_results(&self, ids: &[Value]) -> Vec<Value> {
        let answer = self
            .post(
                "/wscrm-bus-api/open/action/callbackResult",
                json!({"tenantId": TENANT, "data": ids}),
            )
            .await;
        ok(answer).as_array().unwrap().clone()
    }
}

/// The records of one WA_SYNC_ON_OR_OFF_LINE_STATUS body, in either documented shape.
fn records_of(body: &Value) -> Vec<Value> {
    match body {
        Value::Array(items) => items.clone(),
        other => other["whatsAppList"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("unexpected body {other}")),
    }
}

/// The envelope's data, after checking it is a success.
fn ok(envelope: Value) -> Value {
    assert_eq!(envelope["code"], 200, "expected success, got {envelope}");
    assert_eq!(envelope["message"], "success");
    envelope["data"].clone()
}

/// Checks an error envelope's code and that its message names `field`.
fn assert_error(envelope: &Value, code: i64, field: &str) {
    assert_eq!(
        envelope["code"], code,
        "expected error {code}, got {envelope}"
    );
    assert!(envelope["data"].is_null(), "{envelope}");
    let message = envelope["message"].as_str().unwrap();
    assert!(
        message.contains(field),
        "message {message:?} does not name {field:?}"
    );
}

fn is_local_time(text: &Value) -> bool {
    text.as_str()
        .is_some_and(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").is_ok())
}

/// A batchOnline item like the example's, for `phone`.
fn online_item(phone: &str, force: bool) -> Value {
    let mut item = fixture("18-batchOnline.request.json")["whatsAppList"][0].clone();
    item["whatsApp"] = json!(phone);
    item["override"] = json!(force);
    item
}

#[tokio::test]
async fn fresh_simulator_lists_the_seeded_accounts() {
    let sim = Sim::start().await;
    let accounts = sim.accounts().await;
    let expected: Vec<Value> = ["8613800000001", "8613800000002", "8613800000003"]
        .iter()
        .map(|p| json!({"whatsApp": p, "status": 1, "onlineStatus": 2}))
        .collect();
    assert_eq!(accounts, expected);
}

#[tokio::test]
async fn audience_groups_are_saved_queried_and_paged() {
    let sim = Sim::start().await;
    let add = "/group-dispatch-api/whatsapp-audience/addWhatsappAudience";
    let query = "/group-dispatch-api/whatsapp-audience/query";
    let detail = "/group-dispatch-api/whatsapp-audience/queryDetail";

    let created = ok(sim
        .post(add, fixture("13-addWhatsappAudience.request.json"))
        .await);
    assert_eq!(created["count"], 2);
    let id = created["id"].as_i64().unwrap().to_string();
    let expected_items = json!([
        {"phone": "99123456", "countryCode": "UNKNOWN"},
        {"phone": "98123456", "countryCode": "Iran"},
    ]);
    let page = ok(sim.get(query, &[("id", &id)]).await);
    assert_eq!(
        page,
        json!({"records": [{"id": created["id"], "name": "this name", "items": expected_items}], "total": 1})
    );
    assert_eq!(ok(sim.get(detail, &[("id", &id)]).await), expected_items);

    // Repeats and malformed numbers are not saved; count says what was.
    let members = json!([
        "8613800000001",
        "8613800000001",
        "not a number",
        "447911123456"
    ]);
    let created = ok(sim
        .post(add, json!({"name": "mixed", "whatsIdList": members}))
        .await);
    assert_eq!(created["count"], 2);
    let id = created["id"].as_i64().unwrap().to_string();
    let items = ok(sim.get(detail, &[("id", &id)]).await);
    assert_eq!(
        items,
        json!([{"phone": "8613800000001", "countryCode": "China"}, {"phone": "447911123456", "countryCode": "United Kingdom"}])
    );

    // Paging: 12 groups named page-N, pages of 5.
    for n in 0..12 {
        ok(sim
            .post(
                add,
                json!({"name": format!("page-{n}"), "whatsIdList": ["8613800000009"]}),
            )
            .await);
    }
    let third = ok(sim
        .get(query, &[("name", "page-"), ("current", "3"), ("size", "5")])
        .await);
    assert_eq!(third["total"], 12);
    let names: Vec<&str> = third["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["page-10", "page-11"]);
    let default_page = ok(sim.get(query, &[]).await);
    assert_eq!(default_page["total"], 14);
    assert_eq!(
        default_page["records"].as_array().unwrap().len(),
        10,
        "default page size is 10"
    );
    let beyond = ok(sim.get(query, &[("current", "9")]).await);
    assert_eq!(beyond, json!({"records": [], "total": 14}));

    assert_error(
        &sim.post(add, json!({"whatsIdList": ["8613800000001"]}))
            .await,
        400,
        "name",
    );
    assert_error(
        &sim.post(add, json!({"name": "empty", "whatsIdList": []}))
            .await,
        400,
        "whatsIdList",
    );
    assert_error(
        &sim.post(add, json!({"name": "bad", "whatsIdList": ["12"]}))
            .await,
        400,
        "whatsIdList",
    );
    assert_error(&sim.get(detail, &[("id", "9999")]).await, 404, "9999");
    assert_error(&sim.get(detail, &[]).await, 400, "id");
    assert_error(&sim.get(query, &[("size", "0")]).await, 400, "size");
    assert_error(
        &sim.get(query, &[("current", "first")]).await,
        400,
        "current",
    );
}

#[tokio::test]
async fn account_lifecycle_sends_status_and_online_webhooks() {
    let sim = Sim::start().await;
    let phone = "861821726232";

    assert_eq!(
        ok(sim
            .post(
                "/group-dispatch-api/whatsapp/batchInsert",
                fixture("16-batchInsert.request.json")
            )
            .await),
        ""
    );
    assert_eq!(
        sim.account(phone).await,
        Some(json!({"whatsApp": phone, "status": 1, "onlineStatus": 4}))
    );

    // Three rounds of online -> recycle; after the first, batchOnline imports on the fly.
    for round in 1..=3 {
        let body = json!({"whatsAppList": [online_item(phone, false)]});
        assert_eq!(
            ok(sim
                .post("/group-dispatch-api/whatsapp/batchOnline", body)
                .await),
            ""
        );
        eventually("the account online", || async {
            let account = sim.account(phone).await?;
            (account["onlineStatus"] == 2).then_some(())
        })
        .await;
        eventually("the online record", || async {
            (sim.online_records(phone).len() == 2 * round - 1).then_some(())
        })
        .await;
        let recycle = json!({"whatsAppList": [phone, "861821726231"]});
        assert_eq!(
            ok(sim
                .post("/group-dispatch-api/whatsapp/batchRecycle", recycle)
                .await),
            ""
        );
        assert_eq!(
            sim.account(phone).await,
            None,
            "recycled accounts are removed"
        );
        eventually("the offline record", || async {
            (sim.online_records(phone).len() == 2 * round).then_some(())
        })
        .await;
    }

    // CHANNEL_SYNC_STATUS: logging in, online, logging out, offline; three times.
    let online_statuses: Vec<Value> = sim
        .sync_status(phone)
        .iter()
        .map(|b| b["onlineStatus"].clone())
        .collect();
    assert_eq!(
        online_statuses,
        [1, 2, 3, 4]
            .repeat(3)
            .into_iter()
            .map(Value::from)
            .collect::<Vec<_>>()
    );
    for body in sim.sync_status(phone) {
        assert_eq!(body["status"], 1);
        assert_eq!(body["reason"], "");
        assert_eq!(body["instanceCode"], "");
    }

    // Online (10/12) and offline (30/31) records, alternating.
    let records = sim.online_records(phone);
    let details: Vec<(i64, i64)> = records
        .iter()
        .map(|r| {
            (
                r["status"].as_i64().unwrap(),
                r["detailStatus"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(details, [(10, 12), (30, 31)].repeat(3));
    for record in &records {
        assert_eq!(record["account"], "", "no agent logged the account in");
        assert_eq!(record["platformType"], 1);
        assert!(is_local_time(&record["time"]), "{record}");
    }
    // Both documented body shapes were sent.
    let bodies = sim.hooks(ONLINE_STATUS);
    assert!(
        bodies.iter().any(Value::is_array),
        "no bare-array body in {bodies:?}"
    );
    assert!(
        bodies.iter().any(|b| b["whatsAppList"].is_array()),
        "no whatsAppList body in {bodies:?}"
    );
    assert!(bodies
        .iter()
        .all(|b| (1..=50).contains(&records_of(b).len())));
}

#[tokio::test]
async fn account_requests_are_validated() {
    let sim = Sim::start().await;
    let insert = "/group-dispatch-api/whatsapp/batchInsert";
    let example = fixture("16-batchInsert.request.json")["whatsAppList"][0].clone();
    let with = |field: &str, value: Value| {
        let mut item = example.clone();
        if value.is_null() {
            item.as_object_mut().unwrap().remove(field);
        } else {
            item[field] = value;
        }
        json!({"whatsAppList": [example.clone(), item]})
    };

    assert_error(
        &sim.post(insert, with("publicKey", Value::Null)).await,
        400,
        "whatsAppList[1].publicKey",
    );
    let mut null_key = with("accountId", json!(""));
    null_key["whatsAppList"][1]["accountId"] = Value::Null;
    assert_error(&sim.post(insert, null_key).await, 400, "accountId");
    assert_error(
        &sim.post(insert, with("whatsApp", json!("+86 182"))).await,
        400,
        "whatsApp",
    );
    assert_error(
        &sim.post(insert, with("whatsApp", Value::Null)).await,
        400,
        "whatsApp",
    );
    assert_error(
        &sim.post(insert, with("whatsappType", json!(3))).await,
        400,
        "whatsappType",
    );
    assert_error(
        &sim.post(insert, json!({"whatsAppList": []})).await,
        400,
        "whatsAppList",
    );
    assert_error(&sim.post(insert, json!({})).await, 400, "whatsAppList");

    let mut no_override = online_item("861821726232", false);
    no_override.as_object_mut().unwrap().remove("override");
    let online = "/group-dispatch-api/whatsapp/batchOnline";
    assert_error(
        &sim.post(online, json!({"whatsAppList": [no_override]}))
            .await,
        400,
        "override",
    );
    let mut no_key = online_item("861821726232", false);
    no_key.as_object_mut().unwrap().remove("msgPrivateKey");
    assert_error(
        &sim.post(online, json!({"whatsAppList": [no_key]})).await,
        400,
        "msgPrivateKey",
    );
    // accountId is optional for batchOnline.
    let mut no_account_id = online_item("861821726232", false);
    no_account_id.as_object_mut().unwrap().remove("accountId");
    assert_eq!(
        ok(sim
            .post(online, json!({"whatsAppList": [no_account_id]}))
            .await),
        ""
    );

    let recycle = "/group-dispatch-api/whatsapp/batchRecycle";
    assert_error(
        &sim.post(recycle, json!({"whatsAppList": ["86abc"]})).await,
        400,
        "whatsAppList[0]",
    );
    assert_eq!(
        ok(sim.post(recycle, json!({})).await),
        "",
        "the list is optional"
    );

    // Rejected batches changed nothing: the seeded accounts and the one accepted online request.
    let phones: Vec<Value> = sim
        .accounts()
        .await
        .iter()
        .map(|a| a["whatsApp"].clone())
        .collect();
    assert_eq!(
        phones,
        [
            "8613800000001",
            "8613800000002",
            "8613800000003",
            "861821726232"
        ]
    );
}

#[tokio::test]
async fn override_logs_in_again_and_4444_numbers_are_banned() {
    let sim = Sim::start().await;
    let online = "/group-dispatch-api/whatsapp/batchOnline";
    let seeded = "8613800000001";

    // Already online, no override: left alone.
    ok(sim
        .post(
            online,
            json!({"whatsAppList": [online_item(seeded, false)]}),
        )
        .await);
    assert_eq!(sim.account(seeded).await.unwrap()["onlineStatus"], 2);
    // With override: logged in again.
    ok(sim
        .post(online, json!({"whatsAppList": [online_item(seeded, true)]}))
        .await);
    eventually("the second login", || async {
        (sim.sync_status(seeded).len() == 2).then_some(())
    })
    .await;
    let statuses: Vec<Value> = sim
        .sync_status(seeded)
        .iter()
        .map(|b| b["onlineStatus"].clone())
        .collect();
    assert_eq!(statuses, [1, 2]);
    assert_eq!(sim.account(seeded).await.unwrap()["onlineStatus"], 2);

    let doomed = "8613800004444";
    ok(sim
        .post(
            online,
            json!({"whatsAppList": [online_item(doomed, false)]}),
        )
        .await);
    let ban = eventually("the ban record", || async {
        sim.online_records(doomed).into_iter().next()
    })
    .await;
    assert_eq!(
        (ban["status"].clone(), ban["detailStatus"].clone()),
        (json!(40), json!(41))
    );
    let sync: Vec<(Value, Value)> = sim
        .sync_status(doomed)
        .iter()
        .map(|b| (b["status"].clone(), b["onlineStatus"].clone()))
        .collect();
    assert_eq!(sync, [(json!(1), json!(1)), (json!(2), json!(4))]);
    assert_eq!(
        sim.account(doomed).await,
        Some(json!({"whatsApp": doomed, "status": 2, "onlineStatus": 4}))
    );
    // A banned account stays banned.
    ok(sim
        .post(online, json!({"whatsAppList": [online_item(doomed, true)]}))
        .await);
    assert_eq!(sim.account(doomed).await.unwrap()["status"], 2);
}

#[tokio::test]
async fn registration_reports_success_and_failure_with_string_status() {
    let sim = Sim::start().await;
    let submit = "/group-dispatch-api/register/submitPhone";
    let verify = "/group-dispatch-api/register/submitVerifyCode";

    let task_id = ok(sim
        .post(submit, fixture("20-submitPhone.request.json"))
        .await);
    assert!(task_id.is_i64(), "task id {task_id}");
    // The 21 example's phone is not the one of the 20 example: no such registration.
    assert_error(
        &sim.post(verify, fixture("21-submitVerifyCode.request.json"))
            .await,
        404,
        "861821726232",
    );

    let code = json!({"phone": "182172623211", "verifyCode": "123456", "areaCode": "+86"});
    assert_eq!(ok(sim.post(verify, code.clone()).await), "");
    assert_error(&sim.post(verify, code).await, 400, "already");
    let result = eventually("the registration result", || async {
        sim.hooks(CHANNEL_REGISTER_STATUS).into_iter().next()
    })
    .await;
    assert_eq!(result, json!({"phone": "86182172623211", "status": "1"}));
    assert_eq!(
        sim.account("86182172623211").await,
        Some(json!({"whatsApp": "86182172623211", "status": 1, "onlineStatus": 4}))
    );

    // A wrong code fails; a new code may then be tried.
    let second = json!({"phone": "13900000000", "verifyType": 0, "accountType": 1, "areaCode": "86", "countryCode": "CN"});
    let second_id = ok(sim.post(submit, second).await);
    assert_ne!(second_id, task_id);
    ok(sim
        .post(
            verify,
            json!({"phone": "13900000000", "verifyCode": "12ab", "areaCode": "+86"}),
        )
        .await);
    let failed = eventually("the failure", || async {
        sim.hooks(CHANNEL_REGISTER_STATUS).get(1).cloned()
    })
    .await;
    assert_eq!(failed, json!({"phone": "8613900000000", "status": "0"}));
    assert_eq!(sim.account("8613900000000").await, None);
    ok(sim
        .post(
            verify,
            json!({"phone": "13900000000", "verifyCode": 654321, "areaCode": "+86"}),
        )
        .await);
    let retried = eventually("the retry", || async {
        sim.hooks(CHANNEL_REGISTER_STATUS).get(2).cloned()
    })
    .await;
    assert_eq!(retried, json!({"phone": "8613900000000", "status": "1"}));

    let mut bad = fixture("20-submitPhone.request.json");
    bad["verifyType"] = json!(4);
    assert_error(&sim.post(submit, bad).await, 400, "verifyType");
    let mut bad = fixture("20-submitPhone.request.json");
    bad["accountType"] = json!("3");
    assert_error(&sim.post(submit, bad).await, 400, "accountType");
    let mut bad = fixture("20-submitPhone.request.json");
    bad.as_object_mut().unwrap().remove("countryCode");
    assert_error(&sim.post(submit, bad).await, 400, "countryCode");
    let mut bad = fixture("20-submitPhone.request.json");
    bad["areaCode"] = json!("86x");
    assert_error(&sim.post(submit, bad).await, 400, "areaCode");
    let mut bad = fixture("20-submitPhone.request.json");
    bad["phone"] = json!("182-1726");
    assert_error(&sim.post(submit, bad).await, 400, "phone");
    assert_error(
        &sim.post(verify, json!({"phone": "182172623211", "areaCode": "+86"}))
            .await,
        400,
        "verifyCode",
    );
}

#[tokio::test]
async fn wake_up_actions_run_for_online_accounts_and_fail_for_offline_ones() {
    let sim = Sim::start().await;
    ok(sim
        .post(
            "/group-dispatch-api/whatsapp/batchInsert",
            fixture("16-batchInsert.request.json"),
        )
        .await);
    let item = |whats_id: Option<&str>, friend: &str| {
        let mut item = json!({"agentAccount": "demo-agent", "friendWhatsId": friend, "platformType": 1, "content": "hello", "type": "1"});
        if let Some(whats_id) = whats_id {
            item["whatsId"] = json!(whats_id);
        }
        item
    };
    let body = json!({"tenantId": TENANT, "data": [
        item(Some("8613800000001"), "8613633800088"),
        item(Some("8613800000001"), "8613633800089"),
        item(Some("861821726232"), "8613633800090"),
        item(None, "8613633800091"),
    ]});
    let ids = ok(sim.post("/wscrm-bus-api/open/action/batchAdd", body).await);
    let ids = ids.as_array().unwrap().clone();
    assert_eq!(ids.len(), 4);
    for id in &ids {
        let id = id.as_str().unwrap();
        assert!(
            id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "id {id}"
        );
    }

    // The second action on the same agent and account waits its 10 s (scaled) turn.
    let waiting = sim.action_results(&ids[1..2]).await;
    assert_eq!(
        waiting,
        [
            json!({"id": ids[1], "tenantId": TENANT, "agentAccount": "demo-agent", "whatsId": "8613800000001",
            "friendWhatsId": "8613633800089", "type": 1, "executeStatus": 0, "executeTime": PLACEHOLDER_TIME})
        ]
    );

    let results = eventually("every action executed", || async {
        let results = sim.action_results(&ids).await;
        results
            .iter()
            .all(|r| r["executeStatus"] != 0)
            .then_some(results)
    })
    .await;
    let statuses: Vec<Value> = results.iter().map(|r| r["executeStatus"].clone()).collect();
    assert_eq!(statuses, [1, 1, 2, 1], "{results:?}");
    let friends: Vec<Value> = results.iter().map(|r| r["friendWhatsId"].clone()).collect();
    assert_eq!(
        friends,
        [
            "8613633800088",
            "8613633800089",
            "8613633800090",
            "8613633800091"
        ],
        "results in the order asked"
    );
    assert_eq!(results[2]["whatsId"], "861821726232");
    assert_eq!(
        results[3]["whatsId"], "8613800000001",
        "an online account of the agent was chosen"
    );
    for result in &results {
        assert!(
            is_local_time(&result["executeTime"]) && result["executeTime"] != PLACEHOLDER_TIME,
            "{result}"
        );
    }

    // The documented example: its account is not known, so it fails.
    let example = ok(sim
        .post(
            "/wscrm-bus-api/open/action/batchAdd",
            fixture("22-action-batchAdd.request.json"),
        )
        .await);
    let failed = eventually("the example's failure", || async {
        let result = sim
            .action_results(example.as_array().unwrap())
            .await
            .remove(0);
        (result["executeStatus"] != 0).then_some(result)
    })
    .await;
    assert_eq!(failed["executeStatus"], 2);
    assert_eq!(failed["agentAccount"], "test");

    let callback = "/wscrm-bus-api/open/action/callbackResult";
    assert_error(
        &sim.post(callback, json!({"tenantId": 1, "data": [ids[0]]}))
            .await,
        404,
        ids[0].as_str().unwrap(),
    );
    assert_error(
        &sim.post(callback, json!({"tenantId": TENANT, "data": ["ffff"]}))
            .await,
        404,
        "ffff",
    );
    assert_error(
        &sim.post(callback, json!({"data": [ids[0]]})).await,
        400,
        "tenantId",
    );
    assert_error(
        &sim.post(callback, json!({"tenantId": TENANT})).await,
        400,
        "data",
    );

    let add = "/wscrm-bus-api/open/action/batchAdd";
    let with = |field: &str, value: Value| {
        let mut bad = item(None, "8613633800088");
        bad[field] = value;
        json!({"tenantId": TENANT, "data": [item(None, "8613633800088"), bad]})
    };
    assert_error(
        &sim.post(add, with("type", json!(2))).await,
        400,
        "data[1].type",
    );
    assert_error(
        &sim.post(add, with("platformType", json!(3))).await,
        400,
        "platformType",
    );
    assert_error(
        &sim.post(add, with("content", json!("x".repeat(1025))))
            .await,
        400,
        "content",
    );
    assert_error(
        &sim.post(add, with("friendWhatsId", Value::Null)).await,
        400,
        "friendWhatsId",
    );
    assert_error(
        &sim.post(add, with("agentAccount", json!(""))).await,
        400,
        "agentAccount",
    );
    assert_error(
        &sim.post(add, with("whatsId", json!("abc"))).await,
        400,
        "whatsId",
    );
    assert_error(
        &sim.post(add, json!({"data": [item(None, "8613633800088")]}))
            .await,
        400,
        "tenantId",
    );
    assert_error(
        &sim.post(add, json!({"tenantId": TENANT, "data": []})).await,
        400,
        "data",
    );
}
