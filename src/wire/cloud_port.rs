//! QR code login and cloud-port shapes (whatsapp-accounts-qrcode.txt, endpoints 24-37).

use serde::{Deserialize, Serialize};

use super::lenient;

/// selectPairTarget item.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairTarget {
    /// When the pairing was made, platform-local `YYYY-MM-DD HH:MM:SS`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub create_time: String,
    /// The pairing target's account name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub target_tenant_name: String,
    /// The pairing target's id: what preGenerate takes as `target`.
    #[serde(default, deserialize_with = "lenient::int")]
    pub target_tenant_id: Option<i64>,
}

/// Body of preGenerate.
#[derive(Debug, Serialize)]
pub struct PreGenerate {
    /// `type`: the login client, 1 PC, 2 cloud PC.
    #[serde(rename = "type")]
    pub kind: i64,
    /// Pairing target id (from selectPairTarget); error 1004 when one is needed and not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<i64>,
}

/// Body of getQrCode: its table marks both fields optional (unlike getQrCodeV2 and onLine,
/// which require `id`), so both are omitted when empty.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QrCode {
    /// The login window id from preGenerate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `ipConfig`: the SOCKS5 proxy the port logs in through, `ip:port:user:pass`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_config: Option<String>,
}

/// Body of getQrCodeV2.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QrCodeV2 {
    /// The login window id from preGenerate.
    pub id: String,
    /// The mobile WhatsApp number that will enter the pair code.
    pub phone: String,
    /// `ipConfig`: SOCKS5 proxy `ip:port:user:pass`; absent: the platform picks an available IP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_config: Option<String>,
    /// "n" native, "y" easy, "b" fixed eight 8s; absent: the platform's default (eight 8s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_easy: Option<&'static str>,
}

/// `data` of getQrCodeV2.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginCode {
    /// The QR code payload to render (`qrcode`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub qrcode: String,
    /// `pairCode`: the code to type on the phone instead of scanning, e.g. "IVEA_IPON".
    #[serde(default, deserialize_with = "lenient::string")]
    pub pair_code: String,
}

/// Body of getQrCodeInfo; both filters optional.
#[derive(Debug, Serialize)]
pub struct QrCodeInfoQuery {
    /// The login window id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The table's phone row lost its name in translation; this endpoint's response example
    /// names the same value `whatsApp`, so that is the name sent.
    #[serde(rename = "whatsApp", skip_serializing_if = "Option::is_none")]
    pub whats_app: Option<String>,
}

/// getQrCodeInfo item.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginInfo {
    /// 0 not logged in, 1 logged in.
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: Option<i64>,
    /// The example says `whatsApp`; QR code payloads elsewhere (webhook, contacts, profile) say
    /// `whatsapp`, so that spelling is read too.
    #[serde(
        rename = "whatsApp",
        alias = "whatsapp",
        default,
        deserialize_with = "lenient::string"
    )]
    pub whats_app: String,
    /// `userName`: the agent's name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub user_name: String,
}

/// Body of onLine: `id` required, `ipConfig` optional.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Online {
    /// The login window id of the port.
    pub id: String,
    /// `ipConfig`: SOCKS5 proxy `ip:port:user:pass`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_config: Option<String>,
}

/// Body of offline, logOut and info/profile: just the login (window) id.
#[derive(Debug, Serialize)]
pub struct LoginId {
    /// The login window id from preGenerate.
    pub id: String,
}

/// `data` of selectCloudPort.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortQuota {
    /// `currentPort`: ports occupied now.
    #[serde(default, deserialize_with = "lenient::int")]
    pub current_port: Option<i64>,
    /// `maxPort`: the quota. When it is below `currentPort`, the accounts on the most recently
    /// requested ports are taken offline.
    #[serde(default, deserialize_with = "lenient::int")]
    pub max_port: Option<i64>,
}

/// selectCloudPortDetail item.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Port {
    /// The WhatsApp number on the port; empty while none is logged in.
    #[serde(default, deserialize_with = "lenient::string")]
    pub phone: String,
    /// `createTime`: when the port was requested, platform-local `YYYY-MM-DD HH:MM:SS`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub create_time: String,
    /// The table says String, the example sends a JSON number above 2^53: read as text, so the
    /// digits stay exact (serde_json keeps integers up to u64 exact; no f64 in between).
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    /// 10 online, 20 disconnected; null while no account uses the port.
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: Option<i64>,
}

/// Query of selectContact: `id` is optional per its table.
#[derive(Debug, Serialize)]
pub struct ContactsQuery {
    /// The login window id whose address book is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Body of contact/info.
#[derive(Debug, Serialize)]
pub struct ContactQuery {
    /// The login window id of the port asking.
    pub id: String,
    /// The contact's phone number.
    pub phone: String,
}

/// selectContact item and `data` of contact/info.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// The table's phone row lost its name; the examples say `whatsapp`, other endpoints say
    /// `whatsApp`: both are read.
    #[serde(alias = "whatsApp", default, deserialize_with = "lenient::string")]
    pub whatsapp: String,
    /// `pushName`: the contact's WhatsApp nickname.
    #[serde(default, deserialize_with = "lenient::string")]
    pub push_name: String,
    /// The table types it String, the examples send a boolean: both read through lenient::bool.
    #[serde(default, deserialize_with = "lenient::bool")]
    pub is_friend: Option<bool>,
    /// `firstName`; the table's remark says "last name", translated loosely.
    #[serde(default, deserialize_with = "lenient::string")]
    pub first_name: String,
    /// `fullName`; the table's remark says "first name", translated loosely.
    #[serde(default, deserialize_with = "lenient::string")]
    pub full_name: String,
}

/// `data` of info/profile.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// Nameless table row; the example says `whatsapp`, `whatsApp` is read too.
    #[serde(alias = "whatsApp", default, deserialize_with = "lenient::string")]
    pub whatsapp: String,
    /// `isBusiness`: a WhatsApp Business account.
    #[serde(default, deserialize_with = "lenient::bool")]
    pub is_business: Option<bool>,
    /// `businessName`: the business account's name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub business_name: String,
    /// Avatar URL; valid for a while after login, until WhatsApp expires it.
    #[serde(default, deserialize_with = "lenient::string")]
    pub avatar: String,
    /// `pushName`: the account's WhatsApp nickname.
    #[serde(default, deserialize_with = "lenient::string")]
    pub push_name: String,
    /// The account's about text.
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: String,
    /// `chatNum`: conversations with contacts.
    #[serde(default, deserialize_with = "lenient::int")]
    pub chat_num: Option<i64>,
    /// `groupNum`: groups the account is in.
    #[serde(default, deserialize_with = "lenient::int")]
    pub group_num: Option<i64>,
    /// Epoch seconds.
    #[serde(default, deserialize_with = "lenient::int")]
    pub last_chat_time: Option<i64>,
}

/// Body of channelInfo/updateAvatarOrNickname.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateProfile {
    /// 0 physical device, 1 cloud port.
    #[serde(rename = "type")]
    pub kind: i64,
    /// New avatar URL: reachable, and 16x16, 32x32, 64x64 or 128x128 as WhatsApp requires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// New nickname.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// `phoneList`: the accounts to change (a cloud port must be online).
    pub phone_list: Vec<String>,
}
