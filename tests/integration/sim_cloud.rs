//! The simulator's cloud ports, QR code login and PC scan tasks (endpoints 24-39) over real
//! HTTP, with a webhook receiver recording what the simulator pushes.

use serde_json::{json, Value};

use crate::common;
use crate::common::eventually;

const QR_LOGIN_PATH: &str = "/wscrm-bus-api/open/qrCode/syncLoginStatus";
const ACCOUNT_STATUS_PATH: &str = "/callback/gsTask/syncWhatsAppStatus";
const SCAN_TASK_PATH: &str = "/callback/qrCodeTask/syncStatus";

/// The simulator's HTTP API and its webhook receiver; `post`/`get` here answer `data`.
type Sim = common::SimSession<Cloud>;

/// Marks the `Sim` helpers below as this module's.
enum Cloud {}

impl Sim {
    async fn start(speed: f64) -> Self {
        Self::start_with(speed, |args| {
            args.failure_rate = 0.0;
            args.reply_rate = 0.0;
            args.webhook_attempts = 3;
        })
        .await
    }

    async fn get_text(&self, path: &str) -> String {
        self.client.get_text(path, &[]).await
    }

    async fn get_raw(&self, path: &str) -> Value {
        self.client.get(path, &[]).await
    }

    /// POST expecting success; returns `data`.
    async fn post(&self, path: &str, body: Value) -> Value {
        let answer = self.client.post(path, body).await;
        assert_eq!(answer["code"], 200, "{path}: {answer}");
        answer["data"].clone()
    }

    async fn get(&self, path: &str) -> Value {
        let answer = self.get_raw(path).await;
        assert_eq!(answer["code"], 200, "{path}: {answer}");
        answer["data"].clone()
    }

    /// POST expecting the envelope error `code`; returns the message.
    async fn post_err(&self, path: &str, body: Value, code: i64) -> String {
        let answer = self.client.post(path, body).await;
        assert_eq!(answer["code"], code, "{path}: {answer}");
        assert!(answer["data"].is_null(), "{answer}");
        answer["message"].as_str().unwrap().to_owned()
    }

    async fn pre_generate(&self) -> String {
        let id = self
            .post(PRE_GENERATE, json!({"type": 1, "target": 10085}))
            .await;
        id.as_str().unwrap().to_owned()
    }

    /// Waits (bounded) for a webhook on `path` whose body satisfies `matches`.
    async fn webhook(&self, path: &str, matches: impl Fn(&Value) -> bool) -> Value {
        eventually(&format!("a webhook on {path}"), || async {
            self.webhooks(path).into_iter().find(|b| matches(b))
        })
        .await
    }

    fn webhooks(&self, path: &str) -> Vec<Value> {
        self.receiver.posts_to(path)
    }

    /// Polls (bounded) until `check` accepts the GET answer's data.
    async fn poll_get(&self, path: &str, check: impl Fn(&Value) -> bool) -> Value {
        eventually(&format!("{path} to reach the expected state"), || async {
            Some(self.get(path).await).filter(|data| check(data))
        })
        .await
    }

    /// Waits until the window's QR login succeeded and returns the phone.
    async fn logged_in(&self, id: &str) -> String {
        let hook = self.webhook(QR_LOGIN_PATH, |b| b["id"] == id).await;
        assert_eq!(hook["status"], 1, "{hook}");
        hook["whatsapp"].as_str().unwrap().to_owned()
    }
}

const PRE_GENERATE: &str = "/group-dispatch-api/qrCode/preGenerate";
const GET_QR: &str = "/group-dispatch-api/qrCode/getQrCode";
const GET_QR_V2: &str = "/group-dispatch-api/qrCode/getQrCodeV2";
const QR_INFO: &str = "/group-dispatch-api/qrCode/getQrCodeInfo";
const ON_LINE: &str = "/group-dispatch-api/qrCode/onLine";
const OFFLINE: &str = "/group-dispatch-api/qrCode/offline";
const LOG_OUT: &str = "/group-dispatch-api/qrCode/logOut";
const PORTS: &str = "/group-dispatch-api/qrCode/selectCloudPort";
const PORT_DETAIL: &str = "/group-dispatch-api/qrCode/selectCloudPortDetail";
const CONTACTS: &str = "/group-dispatch-api/qrCode/selectContact";
const CONTACT_INFO: &str = "/group-dispatch-api/qrCode/contact/info";
const PROFILE: &str = "/group-dispatch-api/qrCode/info/profile";
const AVATAR: &str = "/group-dispatch-api/channelInfo/updateAvatarOrNickname";
const TASK_CREATE: &str = "/wscrm-bus-api/qrCodeTask/create";
const TASK_QR: &str = "/wscrm-bus-api/qrCodeTask/getQrCode";
const ACCOUNTS: &str = "/group-dispatch-api/whatsapp/queryWhatsAppStatus";

fn is_hex_id(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A WhatsApp QR payload: "2@ref,key,key,key,1".
fn is_qr_payload(value: &Value) -> bool {
    let text = value.as_str().unwrap_or("");
    text.starts_with("2@") && text.ends_with(",1") && text.split(',').count() == 5
}

/// The port detail row of `phone`, if any.
fn port_of<'a>(detail: &'a Value, phone: &str) -> Option<&'a Value> {
    detail
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["phone"] == phone)
}

/// The account's onlineStatus as queryWhatsAppStatus answers it, when it lists the account.
async fn account_online_status(sim: &Sim, phone: &str) -> Option<i64> {
    let answer = sim.get_raw(ACCOUNTS).await;
    let rows = answer["data"].as_array()?;
    rows.iter()
        .find(|row| row["whatsApp"] == phone)
        .and_then(|row| row["onlineStatus"].as_i64())
}

#[tokio::test]
async fn pairing_targets_and_empty_quota() {
    let sim = Sim::start(10.0).await;
    let targets = sim.get("/group-dispatch-api/qrCode/selectPairTarget").await;
    let targets = targets.as_array().unwrap();
    assert_eq!(targets.len(), 2);
    assert_eq!(targets[0]["targetTenantId"], 10085);
    assert_eq!(targets[0]["targetTenantName"], "xxxx");
    assert_eq!(targets[1]["targetTenantId"], 10086);
    assert_eq!(targets[1]["targetTenantName"], "yyyy");
    assert!(targets[0]["createTime"].as_str().unwrap().len() == 19);
    assert_eq!(
        sim.get(PORTS).await,
        json!({"currentPort": 0, "maxPort": 5})
    );
    assert_eq!(sim.get(PORT_DETAIL).await, json!([]));
}

#[tokio::test]
async fn pre_generate_error_codes() {
    let sim = Sim::start(10.0).await;
    // 1003: a type that is neither PC nor cloud PC.
    assert_eq!(
        sim.post_err(PRE_GENERATE, json!({"type": 3}), 1003).await,
        "Unsupported type"
    );
    // 400 for malformed input, naming the field.
    assert!(sim
        .post_err(PRE_GENERATE, json!({}), 400)
        .await
        .contains("type"));
    assert!(sim
        .post_err(PRE_GENERATE, json!({"type": "pc"}), 400)
        .await
        .contains("type"));
    assert!(sim
        .post_err(PRE_GENERATE, json!({"type": 1, "target": "x"}), 400)
        .await
        .contains("target"));
    // 1004: an unknown pairing target, or a cloud PC without one.
    assert_eq!(
        sim.post_err(PRE_GENERATE, json!({"type": 1, "target": 999}), 1004)
            .await,
        "Pairing target not set"
    );
    sim.post_err(PRE_GENERATE, json!({"type": 2}), 1004).await;
    assert_eq!(sim.get(PORTS).await["currentPort"], 0);
    // Numbers as strings are accepted, like the documents' examples send them.
    assert!(is_hex_id(
        &sim.post(PRE_GENERATE, json!({"type": "2", "target": "10086"}))
            .await
    ));
    assert!(is_hex_id(&sim.post(PRE_GENERATE, json!({"type": 1})).await));
    for _ in 0..3 {
        sim.pre_generate().await;
    }
    // 1001 once the 5 ports are all reserved; scan task creation fails the same way.
    assert_eq!(
        sim.get(PORTS).await,
        json!({"currentPort": 5, "maxPort": 5})
    );
    assert_eq!(
        sim.post_err(PRE_GENERATE, json!({"type": 1}), 1001).await,
        "Current user cloud port quota is insufficient"
    );
    sim.post_err(
        TASK_CREATE,
        json!({"userId": 10001, "allocationRole": 3}),
        1001,
    )
    .await;
    // Reserved ports are listed without phone and status.
    let detail = sim.get(PORT_DETAIL).await;
    assert_eq!(detail.as_array().unwrap().len(), 5);
    assert!(detail
        .as_array()
        .unwrap()
        .iter()
        .all(|row| row["phone"].is_null() && row["status"].is_null()));
}

#[tokio::test]
async fn unknown_ids_answer_1002() {
    let sim = Sim::start(10.0).await;
    let unknown = "00000000000000000000000000000000";
    let message = sim.post_err(GET_QR, json!({"id": unknown}), 1002).await;
    assert_eq!(message, "Current port does not exist or has been released");
    sim.post_err(
        GET_QR_V2,
        json!({"id": unknown, "phone": "8618733334444"}),
        1002,
    )
    .await;
    sim.post_err(ON_LINE, json!({"id": unknown}), 1002).await;
    sim.post_err(OFFLINE, json!({"id": unknown}), 1002).await;
    sim.post_err(LOG_OUT, json!({"id": unknown}), 1002).await;
    sim.post_err(
        CONTACT_INFO,
        json!({"id": unknown, "phone": "8618733334444"}),
        1002,
    )
    .await;
    sim.post_err(PROFILE, json!({"id": unknown}), 1002).await;
    assert_eq!(
        sim.get_raw(&format!("{CONTACTS}?id={unknown}")).await["code"],
        1002
    );
    assert_eq!(sim.post(QR_INFO, json!({"id": unknown})).await, json!([]));
    // Missing or malformed fields: 400 naming the field.
    assert!(sim
        .post_err(GET_QR_V2, json!({"id": unknown}), 400)
        .await
        .contains("phone"));
    assert!(sim
        .post_err(GET_QR_V2, json!({"phone": "8618733334444"}), 400)
        .await
        .contains("id"));
    assert!(sim
        .post_err(GET_QR_V2, json!({"id": unknown, "phone": "+86 187"}), 400)
        .await
        .contains("phone"));
    assert!(sim.post_err(ON_LINE, json!({}), 400).await.contains("id"));
    // A window that is not logged in yet cannot be brought online.
    let id = sim.pre_generate().await;
    assert!(sim
        .post_err(ON_LINE, json!({"id": id}), 400)
        .await
        .contains("not logged in"));
    sim.post_err(
        GET_QR_V2,
        json!({"id": id, "phone": "8618733334444", "isEasy": "z"}),
        400,
    )
    .await;
}

#[tokio::test]
async fn pair_code_login_lifecycle() {
    let sim = Sim::start(10.0).await;
    let id = sim.pre_generate().await;
    let phone = "8618733334444";
    let data = sim
        .post(
            GET_QR_V2,
            json!({"id": id, "phone": phone, "ipConfig": "ip:port:user:pass"}),
        )
        .await;
    assert!(is_qr_payload(&data["qrcode"]), "{data}");
    assert_eq!(data["pairCode"], "88888888");

    // The simulated handset logs in: QR login webhook, account webhook, port occupied.
    assert_eq!(sim.logged_in(&id).await, phone);
    let account = sim
        .webhook(ACCOUNT_STATUS_PATH, |b| {
            b["whatsApp"] == phone && b["onlineStatus"] == 2
        })
        .await;
    assert_eq!(account["status"], 1);
    if let Some(online) = account_online_status(&sim, phone).await {
        assert_eq!(online, 2);
    }
    let detail = sim.get(PORT_DETAIL).await;
    assert_eq!(port_of(&detail, phone).unwrap()["status"], 10);
    assert_eq!(sim.get(PORTS).await["currentPort"], 1);
    // Port ids are JSON numbers above 2^53, written exactly.
    let raw = sim.get_text(PORT_DETAIL).await;
    let id_text = raw
        .split("\"id\":")
        .nth(1)
        .unwrap()
        .split([',', '}'])
        .next()
        .unwrap()
        .trim();
    let port_id: u64 = id_text.parse().expect("the port id is a bare JSON number");
    assert!(port_id > 1 << 53, "{raw}");
    assert_eq!(
        port_of(&detail, phone).unwrap()["id"].as_u64(),
        Some(port_id)
    );

    // Login information, by id and by phone (both spellings of the nameless field).
    let expected = json!([{"status": 1, "userName": "test", "whatsApp": phone}]);
    assert_eq!(sim.post(QR_INFO, json!({"id": id})).await, expected);
    assert_eq!(
        sim.post(QR_INFO, json!({"whatsApp": phone})).await,
        expected
    );
    assert_eq!(
        sim.post(QR_INFO, json!({"whatsapp": phone})).await,
        expected
    );
    assert_eq!(
        sim.post(QR_INFO, json!({"whatsapp": "8611111111111"}))
            .await,
        json!([])
    );
    // A logged-in window does not issue codes again.
    sim.post_err(GET_QR_V2, json!({"id": id, "phone": phone}), 400)
        .await;

    // Contacts: a stable book; one contact; a stranger.
    let book = sim.get(&format!("{CONTACTS}?id={id}")).await;
    let book = book.as_array().unwrap().clone();
    assert!(!book.is_empty());
    assert_eq!(
        sim.get(&format!("{CONTACTS}?id={id}")).await,
        Value::Array(book.clone())
    );
    for contact in &book {
        assert!(
            contact["isFriend"].is_boolean() && contact["whatsapp"].is_string(),
            "{contact}"
        );
        for key in ["pushName", "firstName", "fullName"] {
            assert!(contact[key].is_string(), "{contact}");
        }
    }
    let first = &book[0];
    let info = sim
        .post(CONTACT_INFO, json!({"id": id, "phone": first["whatsapp"]}))
        .await;
    assert_eq!(&info, first);
    let stranger = sim
        .post(CONTACT_INFO, json!({"id": id, "phone": "4915112345678"}))
        .await;
    assert_eq!(
        stranger,
        json!({"whatsapp": "4915112345678", "pushName": "", "isFriend": false, "firstName": "", "fullName": ""})
    );
    assert!(sim
        .post_err(CONTACT_INFO, json!({"id": id}), 400)
        .await
        .contains("phone"));

    // Profile.
    let profile = sim.post(PROFILE, json!({"id": id})).await;
    assert_eq!(profile["whatsapp"], phone);
    assert!(profile["isBusiness"].is_boolean());
    assert!(profile["pushName"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(profile["avatar"].as_str().unwrap().starts_with("https://"));
    assert!(profile["chatNum"].is_u64() && profile["groupNum"].is_u64());
    let last_chat = profile["lastChatTime"].as_i64().unwrap();
    let now_s = chrono::Utc::now().timestamp();
    assert!(
        last_chat <= now_s && last_chat > now_s - 4 * 86_400,
        "lastChatTime is epoch seconds: {last_chat}"
    );

    // Avatar and nickname on the online cloud port.
    let avatar = "https://oss/3021b973ced1b3300664bb3f7a47ee8b.jpeg";
    let update =
        json!({"type": 1, "avatar": avatar, "nickname": "mimanchin", "phoneList": [phone]});
    assert_eq!(sim.post(AVATAR, update.clone()).await, json!(""));
    let profile = sim.post(PROFILE, json!({"id": id})).await;
    assert_eq!(profile["pushName"], "mimanchin");
    assert_eq!(profile["avatar"], avatar);
    assert!(sim
        .post_err(AVATAR, json!({"type": 1, "nickname": "x"}), 400)
        .await
        .contains("phoneList"));
    assert!(sim
        .post_err(AVATAR, json!({"nickname": "x", "phoneList": [phone]}), 400)
        .await
        .contains("type"));
    sim.post_err(
        AVATAR,
        json!({"type": 5, "nickname": "x", "phoneList": [phone]}),
        400,
    )
    .await;
    sim.post_err(
        AVATAR,
        json!({"type": 0, "nickname": "x", "phoneList": ["8612345678901"]}),
        404,
    )
    .await;
    assert!(sim
        .post_err(
            AVATAR,
            json!({"type": 0, "nickname": "x", "phoneList": ["86187303****"]}),
            400
        )
        .await
        .contains("phoneList[0]"));

    // Offline: port disconnected, account offline; the cloud-port update is refused, the
    // physical-device one is not; WhatsApp reads need the port online.
    assert_eq!(sim.post(OFFLINE, json!({"id": id})).await, json!([]));
    sim.webhook(ACCOUNT_STATUS_PATH, |b| {
        b["whatsApp"] == phone && b["onlineStatus"] == 4
    })
    .await;
    assert_eq!(
        port_of(&sim.get(PORT_DETAIL).await, phone).unwrap()["status"],
        20
    );
    if let Some(online) = account_online_status(&sim, phone).await {
        assert_eq!(online, 4);
    }
    assert!(sim.post_err(AVATAR, update, 400).await.contains("online"));
    sim.post(
        AVATAR,
        json!({"type": 0, "nickname": "device", "phoneList": [phone]}),
    )
    .await;
    sim.post_err(PROFILE, json!({"id": id}), 400).await;

    // Online again.
    assert_eq!(
        sim.post(ON_LINE, json!({"id": id, "ipConfig": "1.2.3.4:1080:u:p"}))
            .await,
        json!([])
    );
    assert_eq!(
        port_of(&sim.get(PORT_DETAIL).await, phone).unwrap()["status"],
        10
    );
    assert_eq!(
        sim.post(PROFILE, json!({"id": id})).await["pushName"],
        "device"
    );

    // Logout releases the port; the id is gone afterwards.
    assert_eq!(sim.post(LOG_OUT, json!({"id": id})).await, json!([]));
    let logout = sim
        .webhook(ACCOUNT_STATUS_PATH, |b| {
            b["whatsApp"] == phone && b["onlineStatus"] == 4 && b["reason"] == "1004"
        })
        .await;
    assert_eq!(logout["status"], 1);
    assert_eq!(sim.get(PORTS).await["currentPort"], 0);
    assert_eq!(sim.get(PORT_DETAIL).await, json!([]));
    sim.post_err(ON_LINE, json!({"id": id}), 1002).await;
    sim.post_err(LOG_OUT, json!({"id": id}), 1002).await;
    sim.post_err(GET_QR_V2, json!({"id": id, "phone": phone}), 1002)
        .await;
    assert_eq!(sim.post(QR_INFO, json!({"id": id})).await[0]["status"], 0);
}

#[tokio::test]
async fn qr_code_login_invents_a_phone_and_pair_code_modes() {
    let sim = Sim::start(10.0).await;
    let id = sim.pre_generate().await;
    let qr = sim
        .post(GET_QR, json!({"id": id, "ipConfig": "ip:port:user:pass"}))
        .await;
    assert!(is_qr_payload(&qr), "{qr}");
    let phone = sim.logged_in(&id).await;
    assert!(
        phone.len() >= 11 && phone.bytes().all(|b| b.is_ascii_digit()),
        "{phone}"
    );
    assert_eq!(
        port_of(&sim.get(PORT_DETAIL).await, &phone).unwrap()["status"],
        10
    );

    // getQrCode without an id reserves a window implicitly; the webhook names it.
    assert!(is_qr_payload(&sim.post(GET_QR, json!({})).await));
    assert_eq!(sim.get(PORTS).await["currentPort"], 2);
    sim.webhook(QR_LOGIN_PATH, |b| b["id"] != id && b["status"] == 1)
        .await;

    // Pair code modes.
    let easy = sim.pre_generate().await;
    let data = sim
        .post(
            GET_QR_V2,
            json!({"id": easy, "phone": "8613800138001", "isEasy": "y"}),
        )
        .await;
    let code = data["pairCode"].as_str().unwrap().to_owned();
    let (letters, digits) = code.split_once('-').unwrap();
    assert!(
        letters.len() == 4
            && letters
                .bytes()
                .all(|b| b == letters.as_bytes()[0] && b.is_ascii_uppercase()),
        "{code}"
    );
    assert!(
        digits.len() == 4
            && digits
                .bytes()
                .all(|b| b == digits.as_bytes()[0] && b.is_ascii_digit()),
        "{code}"
    );
    let native = sim.pre_generate().await;
    let data = sim
        .post(
            GET_QR_V2,
            json!({"id": native, "phone": "8613800138002", "isEasy": "n"}),
        )
        .await;
    assert_eq!(data["pairCode"].as_str().unwrap().len(), 9, "{data}");
    let fixed = sim.pre_generate().await;
    let data = sim
        .post(
            GET_QR_V2,
            json!({"id": fixed, "phone": "8613800138003", "isEasy": "b"}),
        )
        .await;
    assert_eq!(data["pairCode"], "88888888");
}

#[tokio::test]
async fn failed_qr_login_releases_the_port() {
    let sim = Sim::start(10.0).await;
    let id = sim.pre_generate().await;
    // A phone ending in 0000 fails to log in (the simulator's documented rule).
    sim.post(GET_QR_V2, json!({"id": id, "phone": "8618733330000"}))
        .await;
    let hook = sim.webhook(QR_LOGIN_PATH, |b| b["id"] == id).await;
    assert_eq!(
        hook,
        json!({"id": id, "whatsapp": "8618733330000", "status": 0})
    );
    assert_eq!(sim.get(PORTS).await["currentPort"], 0);
    sim.post_err(GET_QR_V2, json!({"id": id, "phone": "8618733331111"}), 1002)
        .await;
    let info = sim.post(QR_INFO, json!({"id": id})).await;
    assert_eq!(
        info,
        json!([{"status": 0, "userName": "test", "whatsApp": "8618733330000"}])
    );
}

#[tokio::test]
async fn reservation_expires_and_scan_task_times_out() {
    // At speed 2000 the 10-minute reservation lasts 0.3 s and the scan task's timeout 0.09 s.
    let sim = Sim::start(2000.0).await;
    let id = sim.pre_generate().await;
    let task = sim.post(TASK_CREATE, json!({"allocationRole": 1})).await;
    sim.poll_get(PORTS, |data| data["currentPort"] == 0).await;
    sim.post_err(GET_QR, json!({"id": id}), 1002).await;
    sim.post_err(ON_LINE, json!({"id": id}), 1002).await;
    // The scan task's QR was never fetched: 83.
    let hook = sim.webhook(SCAN_TASK_PATH, |b| b["taskId"] == task).await;
    assert_eq!(hook["taskStatus"], 83, "{hook}");
    assert_eq!(hook["whatsapp"], "");
    assert!([10001, 10002, 10003].contains(&hook["userId"].as_i64().unwrap()));
    sim.post_err(TASK_QR, json!({"taskId": task}), 400).await;
}

#[tokio::test]
async fn scan_task_logs_in() {
    let sim = Sim::start(10.0).await;
    let task = sim
        .post(TASK_CREATE, json!({"userId": 10001, "allocationRole": 3}))
        .await;
    assert!(is_hex_id(&task), "{task}");
    // Callable repeatedly before the scan.
    assert!(is_qr_payload(
        &sim.post(TASK_QR, json!({"taskId": task})).await
    ));
    assert!(is_qr_payload(
        &sim.post(TASK_QR, json!({"taskId": task})).await
    ));
    let done = sim
        .webhook(SCAN_TASK_PATH, |b| {
            b["taskId"] == task && b["taskStatus"] == 80
        })
        .await;
    let statuses: Vec<Value> = sim
        .webhooks(SCAN_TASK_PATH)
        .iter()
        .map(|b| b["taskStatus"].clone())
        .collect();
    assert_eq!(statuses, vec![json!(70), json!(80)]);
    let phone = done["whatsapp"].as_str().unwrap().to_owned();
    assert_eq!(phone, "8610000010001");
    assert_eq!(done["userId"], 10001);
    assert!(
        done["updateTime"].as_i64().unwrap() > 1_700_000_000_000,
        "epoch ms"
    );
    sim.webhook(ACCOUNT_STATUS_PATH, |b| {
        b["whatsApp"] == phone.as_str() && b["onlineStatus"] == 2
    })
    .await;
    assert_eq!(
        port_of(&sim.get(PORT_DETAIL).await, &phone).unwrap()["status"],
        10
    );
    // The port is held under the task id.
    assert_eq!(
        sim.post(QR_INFO, json!({"id": task})).await[0]["userName"],
        "10001"
    );
    assert_eq!(
        sim.post(PROFILE, json!({"id": task})).await["whatsapp"],
        phone.as_str()
    );
    sim.post_err(TASK_QR, json!({"taskId": task}), 400).await;
    // Validation.
    assert!(sim
        .post_err(TASK_CREATE, json!({"allocationRole": 3}), 400)
        .await
        .contains("userId"));
    assert!(sim
        .post_err(TASK_CREATE, json!({"userId": 1}), 400)
        .await
        .contains("allocationRole"));
    sim.post_err(TASK_CREATE, json!({"allocationRole": 2}), 400)
        .await;
    assert!(sim
        .post_err(TASK_QR, json!({}), 400)
        .await
        .contains("taskId"));
    sim.post_err(TASK_QR, json!({"taskId": "nope"}), 404).await;
}

#[tokio::test]
async fn scan_task_failures() {
    let sim = Sim::start(10.0).await;
    // Agent 14444's handset (8610000014444) is banned: 70, then 90.
    let banned = sim
        .post(TASK_CREATE, json!({"userId": 14444, "allocationRole": 3}))
        .await;
    sim.post(TASK_QR, json!({"taskId": banned})).await;
    let hook = sim
        .webhook(SCAN_TASK_PATH, |b| {
            b["taskId"] == banned && b["taskStatus"] == 90
        })
        .await;
    assert_eq!(hook["whatsapp"], "8610000014444");
    let statuses: Vec<Value> = sim
        .webhooks(SCAN_TASK_PATH)
        .iter()
        .filter(|b| b["taskId"] == banned)
        .map(|b| b["taskStatus"].clone())
        .collect();
    assert_eq!(statuses, vec![json!(70), json!(90)]);
    sim.webhook(ACCOUNT_STATUS_PATH, |b| {
        b["whatsApp"] == "8610000014444" && b["status"] == 2
    })
    .await;
    assert_eq!(sim.get(PORTS).await["currentPort"], 0);

    // The quota fills up between create and scan: no port, 85.
    let starved = sim
        .post(TASK_CREATE, json!({"userId": 10002, "allocationRole": 3}))
        .await;
    for _ in 0..5 {
        sim.pre_generate().await;
    }
    sim.post(TASK_QR, json!({"taskId": starved})).await;
    let hook = sim
        .webhook(SCAN_TASK_PATH, |b| {
            b["taskId"] == starved && b["taskStatus"] == 85
        })
        .await;
    assert_eq!(hook["userId"], 10002);
}
