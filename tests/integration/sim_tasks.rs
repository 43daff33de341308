//! The simulator's mass-dispatch tasks (endpoints 1-12) and their webhooks, driven over real
//! HTTP, with a local receiver recording the webhooks.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use chrono::FixedOffset;
use serde_json::{json, Value};

use crate::common;
use crate::common::{eventually, fixture_json as fixture};

const TASK: &str = "/group-dispatch-api/gsTask";
const STATUS_HOOK: &str = "/callback/gsTask/syncTaskStatus";
const DETAIL_HOOK: &str = "/callback/gsTask/syncGsTaskInfoStatus";
const REPLY_HOOK: &str = "/callback/gsTask/syncGsTaskInfoReplyMessage";
/// The platform zone the tests give the simulator.
const ZONE_HOURS: i32 = 8;

/// The simulator's HTTP API (`post`/`get` answer whole envelopes) and its webhook receiver.
type Sim = common::SimSession<Tasks>;

/// Marks the `Sim` helpers below as this module's.
enum Tasks {}

impl Sim {
    async fn start(seed: u64, speed: f64, failure_rate: f64, reply_rate: f64) -> Self {
        Self::start_with(speed, |args| {
            args.failure_rate = failure_rate;
            args.reply_rate = reply_rate;
            args.seed = seed;
            args.webhook_attempts = 3;
            args.utc_offset = FixedOffset::east_opt(ZONE_HOURS * 3600).unwrap();
        })
        .await
    }

    /// Creates a task; answers its id.
    async fn create(&self, mode: &str, body: Value) -> String {
        let answer = self.post(&format!("{TASK}/{mode}"), body).await;
        assert_eq!(answer["code"], 200, "{mode}: {answer}");
        let id = answer["data"]["taskId"].as_str().unwrap().to_owned();
        assert!(
            id.bytes().all(|b| b.is_ascii_digit()),
            "numeric task id: {id}"
        );
        id
    }

    async fn query_envelope(&self, task_id: &str) -> Value {
        self.get(
            &format!("{TASK}/queryExecuteStatus"),
            &[("taskId", task_id)],
        )
        .await
    }

    async fn query(&self, task_id: &str) -> Value {
        let answer = self.query_envelope(task_id).await;
        assert_eq!(answer["code"], 200, "{answer}");
        answer["data"].clone()
    }

    /// Polls until the task is stopped or completed and every recipient is final.
    async fn settled(&self, task_id: &str, group: bool) -> Value {
        eventually(&format!("task {task_id} to settle"), || async {
            let data = self.query(task_id).await;
            let task_final = matches!(data["status"].as_i64(), Some(4 | 5));
            (task_final && statuses(&data).iter().all(|s| is_final(*s, group))).then_some(data)
        })
        .await
    }

    /// Polls until the task's status is `status`.
    async fn wait_status(&self, task_id: &str, status: i64) -> Value {
        eventually(
            &format!("task {task_id} to reach status {status}"),
            || async { Some(self.query(task_id).await).filter(|data| data["status"] == status) },
        )
        .await
    }

    fn hooks(&self, path: &str) -> Vec<Value> {
        self.receiver.posts_to(path)
    }

    /// Polls the received webhooks until `done` holds.
    async fn wait_hooks(&self, what: &str, done: impl Fn(&Sim) -> bool) {
        eventually(&format!("webhooks showing {what}"), || async {
            done(self).then_some(())
        })
        .await
    }

    /// The task's status webhooks, in arrival order.
    fn status_hooks(&self, task_id: &str) -> Vec<Value> {
        self.hooks(STATUS_HOOK)
            .into_iter()
            .filter(|h| h["taskId"] == task_id)
            .map(|h| h["status"].clone())
            .collect()
    }

    /// The detail infos of the task, in arrival order, and how many webhooks carried them.
    fn detail_infos(&self, task_id: &str) -> (Vec<Value>, usize) {
        let mut infos = Vec::new();
        let mut webhooks = 0;
        for hook in self.hooks(DETAIL_HOOK) {
            for entry in hook["groupSendInfoStatusList"].as_array().unwrap() {
                if entry["taskId"] == task_id {
                    webhooks += 1;
                    infos.extend(entry["info"].as_array().unwrap().iter().cloned());
                }
            }
        }
        (infos, webhooks)
    }

    fn replies(&self, task_id: &str) -> Vec<Value> {
        self.hooks(REPLY_HOOK)
            .into_iter()
            .filter(|h| h["taskId"] == task_id)
            .collect()
    }

    /// The accounts that are online.
    async fn online(&self) -> BTreeSet<String> {
        let answer = self
            .get("/group-dispatch-api/whatsapp/queryWhatsAppStatus", &[])
            .await;
        answer["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["onlineStatus"] == 2)
            .filter_map(|a| a["whatsApp"].as_str().map(str::to_owned))
            .collect()
    }

    /// Recycles every online account (a fresh simulator has some).
    async fn recycle_all(&self) {
        let online: Vec<String> = self.online().await.into_iter().collect();
        let answer = self
            .post(
                "/group-dispatch-api/whatsapp/batchRecycle",
                json!({"whatsAppList": online}),
            )
            .await;
        assert_eq!(answer["code"], 200, "{answer}");
        assert!(self.online().await.is_empty());
    }

    /// Imports and logs in accounts, and waits until they are online.
    async fn bring_online(&self, phones: &[&str]) {
        let list: Vec<Value> = phones
            .iter()
            .map(|p| {
                json!({"whatsApp": p, "whatsappType": 1, "override": false, "name": "sim", "avatar": "",
                    "publicKey": "", "privateKey": "", "msgPublicKey": "", "msgPrivateKey": "",
                    "accountId": "", "nextKeyId": "", "registrationId": "", "deviceParams": ""})
            })
            .collect();
        let answer = self
            .post(
                "/group-dispatch-api/whatsapp/batchOnline",
                json!({"whatsAppList": list}),
            )
            .await;
        assert_eq!(answer["code"], 200, "{answer}");
        eventually(&format!("accounts {phones:?} online"), || async {
            let online = self.online().await;
            phones.iter().all(|p| online.contains(*p)).then_some(())
        })
        .await;
    }
}

fn statuses(data: &Value) -> Vec<i64> {
    data["info"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_i64().unwrap())
        .collect()
}

fn is_final(status: i64, group: bool) -> bool {
    if group {
        matches!(status, 3 | -1)
    } else {
        matches!(status, 6 | 7 | -1)
    }
}

fn text(text: &str) -> Value {
    json!([{"type": 1, "text": text, "url": "", "sort": 0, "transId": "tr-1", "variableFields": []}])
}

fn phones(prefix: &str, count: usize) -> Vec<String> {
    (0..count).map(|i| format!("{prefix}{i:06}")).collect()
}

/// A local time in the simulator's zone, `seconds` from now.
fn local_in(seconds: i64) -> String {
    let zone = FixedOffset::east_opt(ZONE_HOURS * 3600).unwrap();
    (chrono::Utc::now() + chrono::Duration::seconds(seconds))
        .with_timezone(&zone)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn mm_body(senders: &[String], friends: &[String]) -> Value {
    json!({
        "name": "mm", "sendType": 1, "targetType": 1,
        "sendWhatsAppList": senders, "friendWhatsAppList": friends, "content": text("hello"),
    })
}

const PC_CODES: std::ops::RangeInclusive<i64> = 800..=822;
const MOBILE_CODES: std::ops::RangeInclusive<i64> = 700..=723;

#[tokio::test]
async fn every_documented_create_example_creates_a_task() {
    let sim = Sim::start(1, 5.0, 0.1, 0.3).await;
    sim.recycle_all().await;
    sim.bring_online(&["8613900000001", "8613900000002"]).await;
    let examples = [
        ("assign/soCreate", "01-assign-soCreate.request-1.json"),
        ("assign/soCreate", "01-assign-soCreate.request-2.json"),
        ("assign/soCreate", "01-assign-soCreate.request-3.json"),
        ("assign/moscCreate", "02-moscCreate.request-1.json"),
        ("assign/moscCreate", "02-moscCreate.request-2.json"),
        ("assign/moscCreate", "02-moscCreate.request-3.json"),
        ("assign/modcCreate", "03-modcCreate.request-1.json"),
        ("assign/modcCreate", "03-modcCreate.request-2.json"),
        ("assign/mmCreate", "04-mmCreate.request-1.json"),
        ("assign/mmCreate", "04-mmCreate.request-2.json"),
        ("noAssign/soCreate", "06-noAssign-soCreate.request-1.json"),
        ("noAssign/soCreate", "06-noAssign-soCreate.request-2.json"),
        ("noAssign/soCreate", "06-noAssign-soCreate.request-3.json"),
        ("noAssign/moCreate", "07-moCreate.request-1.json"),
        ("noAssign/moCreate", "07-moCreate.request-2.json"),
        ("noAssign/moCreate", "07-moCreate.request-3.json"),
        ("noAssign/comoCreate", "08-comoCreate.request-1.json"),
        ("noAssign/comoCreate", "08-comoCreate.request-2.json"),
    ];
    let mut ids = BTreeSet::new();
    for (mode, name) in examples {
        let id = sim.create(mode, fixture(name)).await;
        assert!(ids.insert(id), "{name}: task ids are unique");
    }
    // groupCreate: the example's group 68 does not exist here; use a real one. The example names
    // the targets `friendWhatsApp`, the table `friendWhatsAppList`: both work.
    let group = sim
        .post(
            "/group-dispatch-api/whatsapp-audience/addWhatsappAudience",
            json!({"name": "senders", "whatsIdList": ["8613900000001", "8613900000002"]}),
        )
        .await;
    let group_id = group["data"]["id"].clone();
    let mut example = fixture("05-groupCreate.request-1.json");
    example["whatsappGroupId"] = group_id.clone();
    let id = sim.create("assign/groupCreate", example.clone()).await;
    let data = sim.settled(&id, false).await;
    assert_eq!(data["status"], 5);
    assert!(data["info"][0]["whatsApp"]
        .as_str()
        .unwrap()
        .starts_with("86139000000"));
    let targets = example["friendWhatsApp"].take();
    example["friendWhatsAppList"] = targets;
    sim.create("assign/groupCreate", example.clone()).await;
    example["whatsappGroupId"] = json!(987654);
    let answer = sim
        .post(&format!("{TASK}/assign/groupCreate"), example)
        .await;
    assert_eq!(answer["code"], 404, "unknown audience group: {answer}");

    // Unassigned modes send from the online accounts.
    let data = sim.query(ids.iter().last().unwrap()).await;
    for info in data["info"].as_array().unwrap() {
        assert!(["8613900000001", "8613900000002"].contains(&info["whatsApp"].as_str().unwrap()));
    }
}

#[tokio::test]
async fn comocreate_resolves_the_same_audience_for_the_same_conditions() {
    let sim = Sim::start(2, 5.0, 0.1, 0.3).await;
    sim.bring_online(&["8613800000001"]).await;
    let body = json!({
        "targetType": 2, "sendType": 1, "content": [{"type": 1, "text": "hi group"}],
        "targetAudienceConditionOnGroup": {"groupName": "vip", "groupTabIds": [1]},
        "automatedBehaviorDTOS": [],
    });
    let first = sim.create("noAssign/comoCreate", body.clone()).await;
    let second = sim.create("noAssign/comoCreate", body).await;
    let first = sim.settled(&first, true).await;
    let second = sim.settled(&second, true).await;
    let friends = |data: &Value| -> Vec<String> {
        data["info"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["friendWhatsApp"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(friends(&first), friends(&second));
    assert!((10..=20).contains(&friends(&first).len()));
    assert!(friends(&first)
        .iter()
        .all(|g| g.starts_with("120363") && g.ends_with("@g.us")));
    assert!(statuses(&first).iter().all(|s| is_final(*s, true)));
}

#[tokio::test]
async fn invalid_requests_are_refused_naming_the_field() {
    let sim = Sim::start(3, 5.0, 0.0, 0.0).await;
    let base = json!({
        "targetType": 1, "sendWhatsApp": "8618217331213", "friendWhatsApp": "8618217331211",
        "content": text("hello"),
    });
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b.as_object_mut().unwrap().remove("targetType");
                b
            },
            "targetType",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["content"] = text(&"x".repeat(1025));
                b
            },
            "1024",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["sendWhatsApp"] = json!("+86 182 1733");
                b
            },
            "sendWhatsApp",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["friendWhatsApp"] = json!("12ab");
                b
            },
            "friendWhatsApp",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["content"] = json!([]);
                b
            },
            "content",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["content"] = json!([{"type": 7, "text": "x"}]);
                b
            },
            "type",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["content"] = json!([{"type": 2}]);
                b
            },
            "url",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["content"] = json!([{"type": 11, "text": "x", "routeType": 1}]);
                b
            },
            "routeList",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["content"] = json!([{"type": 10, "text": "x"}]);
                b
            },
            "adsTemplateId",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["endTaskTime"] = json!(local_in(-3600));
                b
            },
            "endTaskTime",
        ),
        (
            "assign/soCreate",
            {
                let mut b = base.clone();
                b["startTaskTime"] = json!("tomorrow");
                b
            },
            "startTaskTime",
        ),
        (
            "assign/moscCreate",
            json!({"targetType": 1, "sendType": 3, "content": text("x"),
            "sendInfos": [{"sendWhatsApp": "8618217331213", "friendWhatsApp": "8618217331211"}]}),
            "sendType",
        ),
        (
            "assign/moscCreate",
            json!({"targetType": 1, "content": text("x"),
            "sendInfos": [{"sendWhatsApp": "8618217331213", "friendWhatsApp": "bad"}]}),
            "sendInfos[0].friendWhatsApp",
        ),
        (
            "assign/mmCreate",
            mm_body(&phones("8613", 1), &phones("8618", 5001)),
            "5000",
        ),
        (
            "assign/mmCreate",
            mm_body(&[], &phones("8618", 2)),
            "sendWhatsAppList",
        ),
    ];
    for (mode, body, field) in cases {
        let answer = sim.post(&format!("{TASK}/{mode}"), body).await;
        assert_eq!(answer["code"], 400, "{mode} {field}: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(field), "{field} named in {message:?}");
    }
    // The limits themselves are fine.
    let mut b = base.clone();
    b["content"] = text(&"é".repeat(1024));
    sim.create("assign/soCreate", b).await;
    sim.create(
        "assign/mmCreate",
        mm_body(&phones("8613", 3), &phones("8618", 5000)),
    )
    .await;
    // Groups take group ids, not phones.
    let mut b = base.clone();
    b["targetType"] = json!(2);
    b["friendWhatsApp"] = json!("120363012345678901@g.us");
    sim.create("assign/soCreate", b).await;
}

#[tokio::test]
async fn unassigned_modes_need_an_online_account() {
    let sim = Sim::start(4, 5.0, 0.0, 0.0).await;
    sim.recycle_all().await;
    let cases = [
        (
            "noAssign/soCreate",
            json!({"targetType": 1, "friendWhatsApp": "8618217331211", "content": text("x")}),
        ),
        (
            "noAssign/moCreate",
            json!({"targetType": 1, "friendWhatsApp": ["8618217331211"], "content": text("x")}),
        ),
        (
            "noAssign/comoCreate",
            fixture("08-comoCreate.request-1.json"),
        ),
    ];
    for (mode, body) in cases {
        let answer = sim.post(&format!("{TASK}/{mode}"), body).await;
        assert_ne!(answer["code"], 200, "{mode}: {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains("online"),
            "{answer}"
        );
    }
}

#[tokio::test]
async fn a_task_runs_to_completion_with_its_webhooks() {
    let sim = Sim::start(7, 5.0, 0.2, 0.5).await;
    let senders = phones("8613", 3);
    let friends = phones("8618", 60);
    let id = sim
        .create("assign/mmCreate", mm_body(&senders, &friends))
        .await;
    let data = sim.settled(&id, false).await;
    assert_eq!(data["status"], 5);
    assert_eq!(data["taskId"], id.as_str());
    let final_statuses = statuses(&data);
    assert_eq!(final_statuses.len(), 60);
    assert!(final_statuses.iter().all(|s| matches!(s, 6 | 7 | -1)));
    assert!(final_statuses.contains(&6) && final_statuses.contains(&-1));
    // Round-robin over the senders; times are local strings.
    for (i, info) in data["info"].as_array().unwrap().iter().enumerate() {
        assert_eq!(info["whatsApp"], senders[i % 3].as_str());
        assert_eq!(info["friendWhatsApp"], friends[i].as_str());
        assert_eq!(info["time"].as_str().unwrap().len(), 19);
    }

    sim.wait_hooks("the task completed", |s| {
        s.status_hooks(&id).contains(&json!("5"))
    })
    .await;
    let replied = final_statuses.iter().filter(|s| **s == 6).count();
    sim.wait_hooks("every reply", |s| s.replies(&id).len() == replied)
        .await;

    // Status webhooks: strings, in lifecycle order.
    let sequence = sim.status_hooks(&id);
    assert_eq!(
        sequence,
        vec![json!("1"), json!("2"), json!("3"), json!("5")]
    );

    // Detail webhooks: batched, documented fields, final states match the query.
    let (infos, webhooks) = sim.detail_infos(&id);
    assert!(
        webhooks < infos.len(),
        "{webhooks} webhooks for {} infos",
        infos.len()
    );
    let mut last: BTreeMap<String, Value> = BTreeMap::new();
    let mut info_ids: BTreeMap<String, i64> = BTreeMap::new();
    for info in &infos {
        for field in [
            "senderWhatsApp",
            "friendWhatsApp",
            "time",
            "status",
            "infoId",
            "failReasonCode",
            "transId",
        ] {
            assert!(info.get(field).is_some(), "{field} in {info}");
        }
        assert!(info["time"].as_i64().unwrap() > 1_600_000_000_000);
        assert_eq!(info["transId"], "tr-1");
        let friend = info["friendWhatsApp"].as_str().unwrap().to_owned();
        info_ids.insert(friend.clone(), info["infoId"].as_i64().unwrap());
        last.insert(friend, info.clone());
    }
    for info in data["info"].as_array().unwrap() {
        let friend = info["friendWhatsApp"].as_str().unwrap();
        let hook = &last[friend];
        assert_eq!(hook["status"], info["status"], "{friend}");
        if hook["status"] == -1 {
            let code = hook["failReasonCode"].as_i64().unwrap();
            assert!(
                PC_CODES.contains(&code) || code == 999,
                "PC failure code {code}"
            );
        } else {
            assert!(hook["failReasonCode"].is_null());
        }
    }
    // Every recipient went through every stage: 0 -> 1 -> 2 -> 3/-1 ...
    let sent_to: BTreeSet<i64> = infos
        .iter()
        .filter(|i| i["status"] == 2)
        .map(|i| i["infoId"].as_i64().unwrap())
        .collect();
    assert_eq!(sent_to.len(), 60);

    // Replies: one per read-replied recipient, addressed by its detail id.
    for reply in sim.replies(&id) {
        let friend = reply["friendWhatsApp"].as_str().unwrap();
        assert_eq!(last[friend]["status"], 6);
        assert_eq!(reply["taskInfoId"], info_ids[friend].to_string());
        assert_eq!(reply["whatsApp"], last[friend]["senderWhatsApp"]);
        assert!(reply["userId"].is_string());
        assert!(reply["serialNumber"] == "" || reply["serialNumber"].is_number());
        let content = reply["content"].as_array().unwrap();
        assert!(!content.is_empty());
        for item in content {
            assert!(item["messageId"].is_string() && item["time"].is_i64());
            match item["type"].as_i64().unwrap() {
                1 => assert!(item["text"].is_string()),
                2..=5 => {
                    assert!(item["url"]["url"].is_string() && item["url"]["mimeType"].is_string())
                }
                other => panic!("reply content type {other}"),
            }
        }
    }
}

#[tokio::test]
async fn group_targets_end_at_sent_and_mobile_failures_use_mobile_codes() {
    let sim = Sim::start(8, 5.0, 0.4, 0.9).await;
    let groups: Vec<String> = (0..20).map(|i| format!("120363{i:012}@g.us")).collect();
    let body = json!({
        "targetType": 2, "sendType": 2, "sendWhatsAppList": ["8613800000001"],
        "friendWhatsAppList": groups, "content": [{"type": 2, "url": "https://example.com/a.jpg"}],
    });
    let id = sim.create("assign/mmCreate", body).await;
    let data = sim.settled(&id, true).await;
    assert_eq!(data["status"], 5);
    assert!(statuses(&data).iter().all(|s| matches!(s, 3 | -1)));
    sim.wait_hooks("the task completed", |s| {
        s.status_hooks(&id).contains(&json!("5"))
    })
    .await;
    let (infos, _) = sim.detail_infos(&id);
    assert!(infos.iter().all(|i| i["status"].as_i64().unwrap() <= 3));
    let codes: Vec<i64> = infos
        .iter()
        .filter_map(|i| i["failReasonCode"].as_i64())
        .collect();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|c| MOBILE_CODES.contains(c) || *c == 999));
    assert!(sim.replies(&id).is_empty());
}

#[tokio::test]
async fn pause_resume_and_stop_through_the_batch_endpoints() {
    let sim = Sim::start(9, 1.0, 0.1, 0.3).await;
    let id = sim
        .create(
            "assign/mmCreate",
            mm_body(&phones("8613", 2), &phones("8618", 300)),
        )
        .await;
    let numeric: i64 = id.parse().unwrap();

    let answer = sim
        .post(&format!("{TASK}/batchPause"), json!([numeric]))
        .await;
    assert_eq!(
        answer,
        json!({"code": 200, "message": "success", "data": ""})
    );
    let paused = sim.query(&id).await;
    assert_eq!(paused["status"], 6);
    let waiting = |data: &Value| statuses(data).iter().filter(|s| **s == 0).count();
    let held = waiting(&paused);
    assert!(held > 200, "{held} recipients held");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let still = sim.query(&id).await;
    assert_eq!(still["status"], 6);
    assert_eq!(waiting(&still), held, "nothing is dispatched while paused");

    sim.post(&format!("{TASK}/batchStart"), json!([numeric]))
        .await;
    let resumed = sim.query(&id).await;
    assert!(
        matches!(resumed["status"].as_i64(), Some(2 | 3)),
        "{}",
        resumed["status"]
    );
    tokio::time::sleep(Duration::from_millis(150)).await;

    // Ids as strings work too.
    let answer = sim.post(&format!("{TASK}/batchStop"), json!([id])).await;
    assert_eq!(answer["code"], 200);
    let data = sim.settled(&id, false).await;
    assert_eq!(data["status"], 4);
    sim.wait_hooks("the stop", |s| s.status_hooks(&id).contains(&json!("4")))
        .await;
    // 1, 2, (3), 6, then back to 2 or 3 on resume, then 4: the pause may land before or after
    // dispatching began.
    let sequence = sim.status_hooks(&id);
    let pause = sequence.iter().position(|s| s == "6").expect("paused");
    assert_eq!(sequence[..2], [json!("1"), json!("2")]);
    assert!(
        matches!(sequence[pause + 1].as_str(), Some("2" | "3")),
        "{sequence:?}"
    );
    assert_eq!(sequence.last(), Some(&json!("4")));
    let count_707 = |s: &Sim| {
        s.detail_infos(&id)
            .0
            .iter()
            .filter(|i| i["failReasonCode"] == 707)
            .count()
    };
    sim.wait_hooks("the 707 failures", |s| count_707(s) > 0)
        .await;
    let stopped = sim
        .detail_infos(&id)
        .0
        .iter()
        .filter(|i| i["failReasonCode"] == 707)
        .count();
    assert!(stopped > 100, "{stopped} recipients failed with 707");

    // Stopping is final: a start does nothing.
    sim.post(&format!("{TASK}/batchStart"), json!([numeric]))
        .await;
    assert_eq!(sim.query(&id).await["status"], 4);

    // Unknown ids are named.
    let answer = sim
        .post(&format!("{TASK}/batchPause"), json!([numeric, 12]))
        .await;
    assert_eq!(answer["code"], 404);
    assert!(answer["message"].as_str().unwrap().contains("12"));
    let answer = sim.query_envelope("12").await;
    assert_eq!(answer["code"], 404);
}

#[tokio::test]
async fn a_future_start_keeps_the_task_pending_until_started() {
    let sim = Sim::start(10, 5.0, 0.1, 0.3).await;
    let body = json!({
        "targetType": 1, "startTaskTime": local_in(3600), "endTaskTime": null,
        "sendInfos": [{"sendWhatsApp": "8618217331213", "friendWhatsApp": "8618217331211"},
                      {"sendWhatsApp": "8618217331214", "friendWhatsApp": "8618217331212"}],
        "content": text("later"),
    });
    let id = sim.create("assign/moscCreate", body).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let data = sim.query(&id).await;
    assert_eq!(data["status"], 1);
    assert_eq!(statuses(&data), vec![0, 0]);
    assert_eq!(sim.status_hooks(&id), vec![json!("1")]);

    sim.post(&format!("{TASK}/batchStart"), json!([id.clone()]))
        .await;
    let data = sim.settled(&id, false).await;
    assert_eq!(data["status"], 5);
}

#[tokio::test]
async fn an_end_time_reached_first_stops_the_task() {
    // Slow enough that nothing is dispatched before the end time.
    let sim = Sim::start(11, 0.02, 0.0, 0.0).await;
    let mut body = mm_body(&phones("8613", 1), &phones("8618", 5));
    body["endTaskTime"] = json!(local_in(2));
    let id = sim.create("assign/mmCreate", body).await;
    let data = sim.wait_status(&id, 4).await;
    assert!(statuses(&data).iter().all(|s| *s == -1));
    sim.wait_hooks("the timeouts", |s| s.detail_infos(&id).0.len() == 5)
        .await;
    let (infos, _) = sim.detail_infos(&id);
    assert!(infos.iter().all(|i| i["failReasonCode"] == 900));
}

#[tokio::test]
async fn the_same_seed_gives_the_same_outcomes() {
    async fn run(seed: u64) -> Vec<(String, Vec<i64>)> {
        let sim = Sim::start(seed, 5.0, 0.3, 0.5).await;
        let mut outcomes = Vec::new();
        let first = sim
            .create(
                "assign/mmCreate",
                mm_body(&phones("8613", 2), &phones("8618", 40)),
            )
            .await;
        let second = sim
            .create(
                "assign/modcCreate",
                json!({"targetType": 1, "sendType": 2, "sendInfos": [
                    {"sendWhatsApp": "8613800000001", "friendWhatsApp": "8618217331211", "content": text("a")},
                    {"sendWhatsApp": "8613800000002", "friendWhatsApp": "8618217331212", "content": text("b")}]}),
            )
            .await;
        for id in [first, second] {
            let data = sim.settled(&id, false).await;
            outcomes.push((id, statuses(&data)));
        }
        outcomes
    }
    let (a, b, c) = tokio::join!(run(42), run(42), run(43));
    assert_eq!(a, b);
    assert_ne!(a, c);
}
