#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (fuzz/seeds/<target>/) from the platform documents'
examples in tests/fixtures/platform/ and the values their tables describe. Run it again when the
fixtures change; the seeds are committed, so neither CI nor a fuzzing run needs this script.

    python3 fuzz/make_seeds.py
"""
import base64
import hashlib
import hmac
import json
import pathlib
import shutil
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "platform"
SEEDS = ROOT / "fuzz" / "seeds"

# WebhookKind::ALL's order: the webhook_parse target picks the kind from the low 3 bits.
KINDS = [
    "GS_V3_SYNC_TASK_STATUS",
    "GS_V3_SYNC_TASK_DETAIL_STATUS",
    "GS_V3_REPLY_MESSAGE",
    "CHANNEL_SYNC_STATUS",
    "CHANNEL_REGISTER_STATUS",
    "WA_SYNC_ON_OR_OFF_LINE_STATUS",
    "WA_SYNC_QR_LOGIN_STATUS",
    "SCAN_TASK_STATUS_SYNC",
]


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def write(target, content):
    folder = SEEDS / target
    folder.mkdir(parents=True, exist_ok=True)
    # Named by content, as libFuzzer names corpus files, so a rerun writes the same files.
    (folder / hashlib.sha1(content).hexdigest()).write_bytes(content)


def webhook_bodies():
    """(kind index, body) for every webhook example, as printed and compact, plus the shapes the
    documents' tables describe where the example shows another one."""
    for index, kind in enumerate(KINDS):
        raw = (FIXTURES / f"wh-{kind}.request.json").read_bytes()
        yield index, raw
        yield index, compact(json.loads(raw))
    online = json.loads((FIXTURES / "wh-WA_SYNC_ON_OR_OFF_LINE_STATUS.request.json").read_text())
    # The table's object form {"whatsAppList": [...]} and an empty list (0-50 records).
    yield KINDS.index("WA_SYNC_ON_OR_OFF_LINE_STATUS"), compact({"whatsAppList": online})
    yield KINDS.index("WA_SYNC_ON_OR_OFF_LINE_STATUS"), b"[]"
    reply = json.loads((FIXTURES / "wh-GS_V3_REPLY_MESSAGE.request.json").read_text())
    # The content table types `url` as a String.
    reply["content"][1]["url"] = reply["content"][1]["url"]["url"]
    yield KINDS.index("GS_V3_REPLY_MESSAGE"), compact(reply)
    account = json.loads((FIXTURES / "wh-CHANNEL_SYNC_STATUS.request.json").read_text())
    # A documented reason code (1001-1004).
    account["reason"] = "1004"
    yield KINDS.index("CHANNEL_SYNC_STATUS"), compact(account)


def webhook_parse():
    for index, body in webhook_bodies():
        write("webhook_parse", bytes([index]) + body)


def lenient():
    """Every field value of every example, request and response, as its JSON text."""
    values = set()

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                values.add(compact(item))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(FIXTURES.glob("*.json")):
        walk(json.loads(path.read_text()))
    # The spellings the readers document (lenient.rs), in the documents' own values.
    values.update(
        [b'"1"', b'""', b"null", b'"false"', b"true", b"0", b'"Contacted"', b'["a",2]',
         b'[{"n":1,"s":"x"},{"n":"2","s":3}]', b'{"n":"","s":null}']
    )
    for value in sorted(values):
        if len(value) <= 512:
            write("lenient", value)


def time_seeds():
    """The documents' local times and epoch times, at the default offset (+08:00 = 480 min)."""
    texts = [
        "1970-01-01 08:00:01", "2023-07-12 10:43:00", "2024-04-21 17:01:27",
        "2024-07-03 15:27:00", "2024-10-16 18:00:00", "2025-11-21 10:50:37",
        "2024-4-21 7:01:27", "2024-04-21T17:01:27",
    ]
    millis = [1721358108467, 1689129792000, 1710236000000, 0]
    for text, ms in zip(texts, millis * 2):
        write("time", struct.pack("<qih", ms, 0, 480) + text.encode())
    # A timestamp with sub-seconds, and one in another zone.
    write("time", struct.pack("<qih", 1713690087, 467000000, 480) + b"2024-04-21 17:01:27")
    write("time", struct.pack("<qih", 1713690087, 0, -300) + b"2024-04-21 04:01:27")


def signature():
    """The Standard Webhooks spec's example (secret, id, timestamp, body and signature), and the
    webhook examples signed with its secret."""
    key = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    msg_id = b"msg_p5jXN8AQM9LWM0D4loKWxJek"
    timestamp = 1614265330

    def sign(body):
        signed = msg_id + b"." + str(timestamp).encode() + b"." + body
        return b"v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())

    def field(value):
        return bytes([len(value)]) + value

    bodies = [b'{"test": 2432232314}'] + [body for _, body in webhook_bodies()][::2]
    for flags, body in enumerate(bodies):
        head = struct.pack("<BqhHB", flags % 4, timestamp, 0, 7, 1)
        fields = key, msg_id, str(timestamp).encode(), sign(body)
        write("signature", head + b"".join(field(f) for f in fields) + body)


def main():
    shutil.rmtree(SEEDS, ignore_errors=True)
    webhook_parse()
    lenient()
    time_seeds()
    signature()
    for folder in sorted(SEEDS.iterdir()):
        print(f"{folder.name}: {len(list(folder.iterdir()))} seeds")


if __name__ == "__main__":
    main()
