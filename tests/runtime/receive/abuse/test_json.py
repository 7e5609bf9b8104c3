"""Receiver abuse, the body as JSON: broken JSON (truncated, special numbers, deep nesting, duplicate keys, lone
surrogates, BOMs and other encodings, junk) and content types (JSON-like, forms, unsupported, missing, crossed).

The contract they are held to, and how failures are reported: abuse_checks. Run with -s to see the count per status.
"""

from __future__ import annotations

import json
import random

import pytest

from salesman_events._runtime.wire import phpquery

from .cases import FORM_CT, JSON_CT, Case, categories_in, gen, post
from .checks import check_core
from .payloads import deep_json, dumps, dumps_raw, mutate, soup_text, valid_payload

# ---- bad JSON


def json_post(rng: random.Random, label: str, body: bytes) -> Case:
    ctype = rng.choice((JSON_CT, JSON_CT, "application/json; charset=utf-8", "application/vnd.salesman+json"))
    return post(label, body, ctype)


@gen("bad_json")
def truncated(rng: random.Random) -> Case:
    body = dumps(valid_payload(rng), rng)
    return json_post(rng, "", body[: rng.randrange(len(body))])


@gen("bad_json")
def trailing_garbage(rng: random.Random) -> Case:
    tail = rng.choice((b"x", b"}", b",", b"{}", b"\x00", b" garbage", b'\n{"a":1}', b"]", rng.randbytes(8)))
    return json_post(rng, "", dumps(valid_payload(rng), rng) + tail)


NUMBER_TOKENS = ("NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-999", "-0", "0e0", "1E400", "1" * 4300,
                 "1" * 4301, "1" * 5000, "9" * 100, "-" + "9" * 4300, "1." + "0" * 5000,
                 "0." + "0" * 4000 + "1")  # fmt: skip


@gen("bad_json")
def special_numbers(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    token = rng.choice(NUMBER_TOKENS)
    if rng.random() < 0.2:
        return json_post(rng, token[:12], token.encode())
    key = rng.choice([*payload, "extra"])
    if key == "event" and rng.random() < 0.5:
        key = "extra"
    payload[key] = "@@raw@@"
    return json_post(rng, f"{key}={token[:12]}", dumps_raw(payload, {"@@raw@@": token}))


@gen("bad_json")
def deep_nesting(rng: random.Random) -> Case:
    shape = rng.choice(("open", "list", "object", "in-payload", "in-list-field"))
    depth = rng.choice((10, 100, 500, 990, 999, 1000, 1001, 5000, 20_000, 100_000))
    return json_post(rng, f"{shape}-{depth}", deep_json(shape, depth))


@gen("bad_json")
def duplicate_keys(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    items = [json.dumps(k) + ":" + json.dumps(v) for k, v in payload.items()]
    for _ in range(rng.randint(1, 4)):
        key = rng.choice([*payload, "event"])
        junk = rng.choice(('"nope"', "null", "[]", "{}", '"deal.close"', "-1", '"x"', json.dumps(payload.get(key))))
        items.insert(rng.randrange(len(items) + 1), json.dumps(key) + ":" + junk)
    return json_post(rng, "", ("{" + ",".join(items) + "}").encode())


SURROGATE_ESCAPES = ("\\ud800", "\\udfff", "\\udbff\\udfff", "\\ud800\\u0041", "\\udc80", "\\u0000", "\\ud83d\\ude80")


@gen("bad_json")
def lone_surrogates(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    escape = rng.choice(SURROGATE_ESCAPES)
    where = rng.choice(("event", "text", "key", "value", "nested-key"))
    if where == "event":
        payload["event"] = "@@s@@"
        raw = {"@@s@@": '"' + rng.choice(("", "deal.close")) + escape + '"'}
    elif where == "text":
        payload["comment"] = "@@s@@"
        raw = {"@@s@@": '"a' + escape + 'b"'}
    elif where == "key":
        payload["@@k@@"] = 1
        raw = {"@@k@@": '"' + escape + '"'}
    elif where == "value":
        payload["extra"] = "@@s@@"
        raw = {"@@s@@": '"' + escape + '"'}
    else:
        payload["newparam"] = {"@@k@@": "v"}
        payload["clids"] = {"1": 5, "@@k@@": 6}
        raw = {"@@k@@": '"' + escape + '"'}
    return json_post(rng, f"{where}:{escape}", dumps_raw(payload, raw))


@gen("bad_json")
def boms_and_encodings(rng: random.Random) -> Case:
    text = json.dumps(valid_payload(rng), ensure_ascii=False)
    encoding = rng.choice(("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                           "latin-1", "cp1251", "utf-7", "double-bom", "bom-garbage", "odd-utf16"))  # fmt: skip
    if encoding == "double-bom":
        body = b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode()
    elif encoding == "bom-garbage":
        body = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00")) + rng.randbytes(9)
    elif encoding == "odd-utf16":
        body = text.encode("utf-16-le")[:-1]
    else:
        body = text.encode(encoding, "replace")
    return json_post(rng, encoding, body)


@gen("bad_json")
def non_utf8(rng: random.Random) -> Case:
    body = dumps(valid_payload(rng), rng)
    quote = body.find(b'"', 2)
    bad = rng.choice((b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80", b"\xc3", b"\xf4\x90\x80\x80", b"\xf8"))
    return json_post(rng, repr(bad), body[:quote] + bad + body[quote:])


@gen("bad_json", 1)
def empty_and_blank(rng: random.Random) -> Case:
    body = rng.choice((b"", b" ", b"\t\n\r ", b"\x0b", b"\xc2\xa0", b"\x00", "\u3000".encode(), b"\n" * 1000))
    return json_post(rng, repr(body[:8]), body)


@gen("bad_json", 1)
def top_level_not_object(rng: random.Random) -> Case:
    body = rng.choice((b"[]", b'["event","deal.close"]', b'"deal.close"', b"1", b"-1.5e3", b"null", b"true",
                       b"false", b'[{"event":"deal.close","did":1}]', b'""', b"NaN", b"[" * 3 + b"]" * 3))  # fmt: skip
    return json_post(rng, body[:16].decode(), body)


@gen("bad_json")
def syntax_junk(rng: random.Random) -> Case:
    body = rng.choice((b"{'event':'deal.close'}", b'{"event":"deal.close",}', b'{event:"deal.close"}',
                       b'{"event":"deal.close" /* c */}', b'{"did":0x10}', b'{"did":01}', b'{"did":+1}',
                       b'{"did":.5}', b'{"a":"line\nbreak"}', b'{"a":"tab\there"}', b'{"a":"\\x41"}', b'{"a":"\\u12"}',
                       b'{"a":"unterminated', b'{"a" "b"}', b'{"a":1 "b":2}', b'{,}', b"{" * 3, b"}" * 3,
                       b'{"event":"deal.close"}}', b'{"a":tru}', b'{"a":nul}', b'{"a":-}', b'{"a":1e}'))  # fmt: skip
    return json_post(rng, "", body)


@gen("bad_json", 3)
def json_mutated(rng: random.Random) -> Case:
    return json_post(rng, "", mutate(rng, dumps(valid_payload(rng), rng)))


# ---- content types

JSONISH_TYPES = ("application/json", "APPLICATION/JSON", "application/json; charset=latin-1", "Application/Json ; q=1",
                 "application/json;charset=UTF-8", " application/json ", "application/vnd.salesman+json",
                 "application/merge-patch+json", "application/json; boundary=x; charset=utf-16",
                 "\tapplication/json")  # fmt: skip
FORMISH_TYPES = ("application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED",
                 "application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded;")  # fmt: skip
UNSUPPORTED_TYPES = ("text/plain", "text/json", "multipart/form-data; boundary=xyz", "application/xml", "*/*",
                     "application/jsonx", "application/json-seq", "application", "", ";application/json", "json",
                     "application/x-www-form-urlencodedx", "text/html; charset=utf-8", "application/octet-stream",
                     "application/json\x00", "multipart/form-data", "application/ json")  # fmt: skip


@gen("content_type", 3)
def json_types(rng: random.Random) -> Case:
    ctype = rng.choice(JSONISH_TYPES)
    return post(ctype, dumps(valid_payload(rng), rng), ctype, expect=200)


@gen("content_type", 2)
def form_types(rng: random.Random) -> Case:
    ctype = rng.choice(FORMISH_TYPES)
    return post(ctype, phpquery.encode(valid_payload(rng)).encode(), ctype, expect=200)


@gen("content_type", 3)
def unsupported_types(rng: random.Random) -> Case:
    ctype = rng.choice(UNSUPPORTED_TYPES)
    payload = valid_payload(rng)
    body = dumps(payload) if rng.random() < 0.5 else phpquery.encode(payload).encode()
    return post(repr(ctype), body, ctype, expect=415)


@gen("content_type", 1)
def no_content_type(rng: random.Random) -> Case:
    return post("none", dumps(valid_payload(rng)), None, expect=415)


@gen("content_type", 2)
def crossed_types(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    if rng.random() < 0.5:
        return post("form-as-json", phpquery.encode(payload).encode(), JSON_CT)
    return post("json-as-form", dumps(payload), FORM_CT)


@gen("content_type", 2)
def multipart_garbage(rng: random.Random) -> Case:
    boundary = rng.choice(("xyz", "", "-" * 70, "\x00", "ж"))
    body = rng.choice((b"--xyz\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\ndeal.close\r\n--xyz--\r\n",
                       b"--xyz\r\n\r\n", rng.randbytes(40), b"", b"--" + boundary.encode() + b"--"))  # fmt: skip
    ctype = rng.choice((f"multipart/form-data; boundary={boundary}", JSON_CT, FORM_CT))
    return post(ctype[:24], body, ctype)


@gen("content_type", 2)
def odd_types(rng: random.Random) -> Case:
    ctype = rng.choice((soup_text(rng, rng.randint(0, 40), surrogates=False), "a" * 100_000, "application/json" * 50,
                        "application/json\r\nx-salesman-event: deal.close", ";" * 50, "application/jso\u0438",
                        "ＡＰＰＬＩＣＡＴＩＯＮ/ＪＳＯＮ", "application/JSON; charset=\u00ff"))  # fmt: skip
    payload = valid_payload(rng)
    return post("odd", dumps(payload) if rng.random() < 0.6 else phpquery.encode(payload).encode(), ctype)


CATEGORIES = categories_in(__name__)


@pytest.mark.parametrize("category", CATEGORIES)
def test_core(category: str) -> None:
    check_core(category)
