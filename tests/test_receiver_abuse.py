"""Abuse suite for the webhook receiver: over 100,000 deterministic hostile requests in-process, a varied sample of
them over uvicorn and wsgiref on 127.0.0.1, and a hypothesis sweep.

The contract (DESIGN.md, "Receiver"): never a 5xx for any input; every refusal is a 4xx with a JSON body
`{"error": code, "detail": ...}`; and never the catch-all `"unreadable"`, which means our own code raised.
Failures are collected (the first 20 with their inputs) rather than stopping at the first one; the count per
status code is printed (`-s`). Bugs it found are fixed and kept as regression tests at the end.
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import io
import itertools
import json
import random
import re
import socket
import threading
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any, NamedTuple
from wsgiref.simple_server import WSGIRequestHandler, make_server

import httpx
import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesman_events import EVENTS, Receiver
from salesman_events._runtime import phpquery, signing
from salesman_events._runtime.messages import Request

SECRET = signing.new_secret()
OTHER_SECRET = signing.new_secret()
TOKEN = "t0k3n"
LIMIT = 1024 * 1024  # the default max_body
SMALL = 1024
KINDS = ("plain", "signed", "token", "small")
MAX_BODY = {"plain": LIMIT, "signed": LIMIT, "token": LIMIT, "small": SMALL}
PER_CATEGORY = 8_000  # x 13 categories = 104,000 in-process requests
HTTP_PER_CATEGORY = 165  # x 13 = 2,145 over uvicorn
WSGI_PER_CATEGORY = 24  # x 13 = 312 over wsgiref
MAX_FAILURES_SHOWN = 20
JSON_CT = "application/json"
FORM_CT = "application/x-www-form-urlencoded"
EVENT_NAMES = tuple(str(name) for name in EVENTS)  # plain str, not the StrEnum
KNOWN_HEADERS = ("content-type", "webhook-id", "webhook-timestamp", "webhook-signature", "x-salesman-event")

STATS: dict[str, Counter[str]] = defaultdict(Counter)  # "core" / "uvicorn" / "wsgi" -> status -> count
RAN: set[str] = set()


def _noop(event: Any) -> None:
    return None


def make_receiver(kind: str) -> Receiver:
    if kind == "signed":
        receiver = Receiver(secrets=[SECRET])
    elif kind == "token":
        receiver = Receiver(token=TOKEN)
    elif kind == "small":
        receiver = Receiver(max_body=SMALL)
    else:
        receiver = Receiver()
    receiver.on_any(_noop)
    return receiver


@cache
def receivers() -> dict[str, Receiver]:
    return {kind: make_receiver(kind) for kind in KINDS}


# --------------------------------------------------------------------------------------------------------------------
# Cases


class Case(NamedTuple):  # a NamedTuple: 100,000 of them are built and _replace'd, dataclasses are slower
    """One request. `kind` picks the receiver; `expect` is a status the contract pins down, when there is one."""

    label: str
    method: str = "POST"
    path: str = "/"
    query: bytes = b""
    headers: Mapping[str, str] = MappingProxyType({})
    body: bytes = b""
    kind: str | None = None  # None: `finish` picks one and authenticates for it (or deliberately does not)
    expect: int | None = None

    def request(self) -> Request:
        return Request(self.method, self.path, self.query, dict(self.headers), self.body)

    def shown(self) -> str:
        parts = [f"{self.kind}", repr(self.method)[:40], repr(self.path)[:80], repr(self.query)[:160]]
        parts += [repr(dict(self.headers))[:300], f"body[{len(self.body)}]={self.body[:240]!r}"]
        return " ".join(parts)


def replace(case: Case, **changes: Any) -> Case:
    return case._replace(**changes)


def post(label: str, body: bytes, ctype: str | None = JSON_CT, **kw: Any) -> Case:
    headers = {} if ctype is None else {"content-type": ctype}
    headers.update(kw.pop("headers", {}))
    return Case(label, "POST", headers=headers, body=body, **kw)


def get(label: str, query: bytes, **kw: Any) -> Case:
    return Case(label, "GET", query=query, **kw)


def signed(case: Case, msg_id: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    content = case.body if case.method == "POST" else case.query
    return signing.signed_headers([secret], msg_id, content, timestamp=timestamp)


def finish(rng: random.Random, case: Case) -> Case:
    """Give a case without a receiver one, and authenticate it for it 80% of the time (else it must be a 401)."""
    if case.kind is not None:
        return case
    kind = rng.choices(KINDS, weights=(4, 3, 2, 2))[0]
    authorised = True
    if kind == "token":
        if rng.random() < 0.8:
            case = replace(case, query=case.query + (b"&" if case.query else b"") + f"token={TOKEN}".encode())
        else:
            authorised = False
    elif kind == "signed":
        if rng.random() < 0.8:
            case = replace(case, headers={**case.headers, **signed(case, f"msg_{rng.getrandbits(64):016x}")})
        else:
            authorised = False
    expect = case.expect
    if expect is not None and case.method in ("GET", "POST"):
        if len(case.body) > MAX_BODY[kind]:
            expect = 413
        elif not authorised:
            expect = 401
    return replace(case, kind=kind, expect=expect)


# --------------------------------------------------------------------------------------------------------------------
# Payloads


def _field_kind(annotation: Any) -> str:
    text = str(annotation)
    for marker, kind in (("Reassignment", "info"), ("list[", "ids"), ("ChangedFields", "changes"), ("date", "date"),
                         ("Money", "money"), ("EntryStatusCode", "status_code"), ("DealStep", "step"),
                         ("str", "text")):  # fmt: skip
        if marker in text:
            return "info_clid" if kind == "info" and "Client" in text else "info_did" if kind == "info" else kind
    return "id"


FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    name: {
        key: (_field_kind(info.annotation), info.is_required())
        for key, info in EVENTS[name].payload_type.model_fields.items()
        if key != "event"
    }
    for name in EVENT_NAMES
}
ALL_FIELD_NAMES = frozenset(key for fields in FIELDS.values() for key in fields) | {"event", "token"}


def rand_id(rng: random.Random) -> int | str:
    number = rng.choice((1, 2, 42, rng.randint(1, 10**6), 2**31 - 1, 2**53))
    return str(number) if rng.random() < 0.4 else number  # PHP sends strings


def valid_value(rng: random.Random, kind: str) -> Any:
    if kind == "ids":
        return [rand_id(rng) for _ in range(rng.randint(1, 4))]
    if kind in ("info_clid", "info_did"):
        key = "clid" if kind == "info_clid" else "did"
        return [
            {key: rand_id(rng), "title": "Рога и копыта", "olduser": rand_id(rng)} for _ in range(rng.randint(1, 3))
        ]
    if kind == "changes":
        return {"title": "Новое имя", "phone": "+7 999 000-00-00"}
    if kind == "date":
        return (datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(20_000))).isoformat()
    if kind == "money":
        return rng.choice(("10340.00", "0.5", "-3.10", 12, 12.75, "0"))
    if kind == "status_code":
        return rng.choice((0, 1, 2, "1"))
    if kind == "step":
        return rng.choice((0, 5, 100, "20"))
    if kind == "text":
        return rng.choice(("", "ok", "Сделка закрыта", "x" * 50, "a&b=c[d]%25"))
    return rand_id(rng)


def valid_payload(rng: random.Random, name: str | None = None) -> dict[str, Any]:
    name = name or rng.choice(EVENT_NAMES)
    payload: dict[str, Any] = {"event": name}
    full = rng.random() < 0.5
    for key, (kind, required) in FIELDS[name].items():
        if required or (full and rng.random() < 0.7):
            payload[key] = valid_value(rng, kind)
    return payload


def dumps(payload: Any, rng: random.Random | None = None) -> bytes:
    ascii_only = rng.random() < 0.5 if rng else True
    return json.dumps(payload, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def dumps_raw(payload: dict[str, Any], raw: Mapping[str, str]) -> bytes:
    """JSON with some values replaced by raw tokens (NaN, 1e999, ...): `raw` maps placeholders to the tokens."""
    text = json.dumps(payload)
    for placeholder, token in raw.items():
        text = text.replace(json.dumps(placeholder), token)
    return text.encode()


def deliver(rng: random.Random, payload: dict[str, Any], label: str = "", expect: int | None = None) -> Case:
    """A payload in one of the wire forms SalesMan uses: JSON, PHP form or GET, event in body/path/header."""
    style = rng.choice(("json", "json", "json-path", "json-header", "form", "form-path", "get", "get-header"))
    body_payload = dict(payload)
    path, headers = "/", {}
    if style.endswith("-path") and isinstance(payload.get("event"), str):
        name = body_payload.pop("event")
        path = rng.choice(("/", "/hooks/", "/webhooks/salesman/")) + name + rng.choice(("", "/", "//"))
    elif style.endswith("-header") and isinstance(payload.get("event"), str):
        headers["x-salesman-event"] = body_payload.pop("event")
    label = f"{style}:{label}" if label else style
    if style.startswith("json"):
        return post(label, dumps(body_payload, rng), path=path, headers=headers, expect=expect)
    encoded = phpquery.encode(body_payload).encode()
    if style.startswith("form"):
        return post(label, encoded, FORM_CT, path=path, headers=headers, expect=expect)
    return get(label, encoded, path=path, headers=headers, expect=expect)


# --------------------------------------------------------------------------------------------------------------------
# Random material

_POOL_SPECS = (
    (30, 0x20, 0x7E),  # printable ASCII
    (6, 0x00, 0x1F),  # controls
    (8, 0x80, 0xFF),  # latin-1
    (10, 0x100, 0xD7FF),  # BMP
    (6, 0xD800, 0xDFFF),  # lone surrogates
    (4, 0xE000, 0xFFFF),  # private use, specials, BOM, U+FFFE
    (6, 0x10000, 0x10FFFF),  # astral
)
_POOLS = tuple(pool for pool in _POOL_SPECS for _ in range(pool[0]))  # weighted by repetition
_POOLS_NO_SURROGATES = tuple(pool for pool in _POOLS if pool[1] != 0xD800)


def soup_text(rng: random.Random, size: int, *, surrogates: bool = True) -> str:
    pools = _POOLS if surrogates else _POOLS_NO_SURROGATES
    draw = rng.random
    return "".join(chr(low + int(draw() * (high - low + 1))) for _, low, high in rng.choices(pools, k=size))


def word(rng: random.Random, size: int | None = None) -> str:
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=size or rng.randint(1, 10)))


def mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:
            del buf[at : at + rng.randint(1, 8)]
        elif op == 2:
            buf[at:at] = rng.randbytes(rng.randint(1, 8))
        elif op == 3:
            buf[at:at] = rng.choice((b"{", b"}", b"[", b"]", b'"', b",", b":", b"\\", b"&", b"=", b"%", b"\x00"))
        else:
            buf[at:at] = bytes(buf[at : at + rng.randint(1, 16)]) * rng.randint(2, 5)
    return bytes(buf)


@cache
def deep_json(shape: str, depth: int) -> bytes:
    if shape == "open":
        return b"[" * depth
    if shape == "list":
        return b"[" * depth + b"1" + b"]" * depth
    if shape == "object":
        return b'{"a":' * depth + b"1" + b"}" * depth
    if shape == "in-payload":
        return b'{"event":"deal.close","did":1,"x":' + b"[" * depth + b"]" * depth + b"}"
    return b'{"event":"client.import","clids":' + b'{"1":' * depth + b"1" + b"}" * depth + b"}"  # in a list field


@cache
def filler(size: int, byte: bytes = b" ") -> bytes:
    return byte * size


@cache
def padded_valid(name: str, size: int) -> bytes:
    """A valid payload padded with whitespace to exactly `size` bytes."""
    body = dumps(valid_payload(random.Random(name), name))
    return body[:-1] + b" " * (size - len(body)) + b"}"


# --------------------------------------------------------------------------------------------------------------------
# Generators, by category: each returns one Case; `generated` draws them by weight

Gen = Callable[[random.Random], Case]
GENERATORS: dict[str, list[tuple[str, int, Gen]]] = defaultdict(list)


def gen(category: str, weight: int = 2) -> Callable[[Gen], Gen]:
    def register(function: Gen) -> Gen:
        GENERATORS[category].append((function.__name__, weight, function))
        return function

    return register


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


# ---- bad forms and queries (the same PHP codec)

FORM_NASTIES = (b"%", b"%zz", b"%FF%FE", b"a[", b"a]", b"a[b][", b"[]=1", b"&&&&", b"=", b"==", b"=&=", b"a=%",
                b"a=%2", b"%=1", b"a[]", b"a[=1", b"a]=1", b"a[b]c=1", b"a[b][c=1", b"[", b"]", b"[[]]", b"a[[]]=1",
                b"event[]=deal.close", b"event[a]=x", b"event=", b"event", b"event=%FF", b"event=%ED%A0%80",
                b"event=deal.close%00x", b"event%00junk=deal.close", b"\x00event=deal.close", b"event=deal.close\x00",
                b"event=deal.close&event[]=x", b"event[=deal.close", b"event.=deal.close", b" event=deal.close",
                b"__Host-x=1", b"a[__Secure-b]=1", b"__Host-a[b]=1", b"a[9223372036854775807]=1&a[]=2",
                b"a[-9223372036854775808]=1&a[]=2", b"a[-5]=1&a[]=2", b"a[99999999999999999999]=1&a[]=2",
                b"a[ ]=1&a[\t]=2", b"a[b]=1&a=2&a[c]=3", b"a=1&a[b]=2", b"+=+", b"a+b=c+d", b"%5B%5D=1",
                b"a%5B%5D%5B=1", b"%u0041=1", b"%C0%80=1", b"a=%C3%A9&b=\xc3\xa9", b"a=\xff", b"\xff=a",
                b"clids[1]=5&clids[x]=2", b"clids[]=a", b"clids[01]=1", b"info[0][clid]=x", b"info[][did]=-1",
                b"newparam=x", b"newparam[]=1", b"did[]=1", b"did[a][b]=1")  # fmt: skip
FORM_FRAGMENTS = ("a", "b", "event", "deal.close", "did", "clids", "token", "[", "]", "[]", "=", "&", "%", "%5B",
                  "%5d", "%00", "\x00", "+", ".", " ", "%FF", "%C3%A9", "é", "\xff", "1", "-1", "__Host-", "%2",
                  "%%", "#", "?", ";", "\r\n", "\t", "ж", "🚀", "0", "99999999999999999999")  # fmt: skip


@cache
def repeated(unit: bytes, count: int, prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    return prefix + unit * count + suffix


def form_garbage(rng: random.Random) -> tuple[str, bytes]:
    """A hostile PHP form/query string and a label for it."""
    choice = rng.choices(range(10), weights=(12, 12, 6, 1, 1, 4, 12, 12, 8, 8))[0]  # 3 and 4 are slow: rarer
    if choice < 2:
        nasty = rng.choice(FORM_NASTIES)
        return "nasty", nasty
    if choice == 2:
        depth = rng.choice((15, 16, 17, 100, 10_000, 100_000))
        unit, prefix = rng.choice(
            ((b"[]", b"a"), (b"[b]", b"a"), (b"[", b"a"), (b"]", b"a"), (b"[", b""), (b"[]", b""))
        )
        return f"deep-{unit.decode()}-{depth}", repeated(unit, depth, prefix, b"=1")
    if choice == 3:
        count = rng.choice((9_999, 10_000, 10_001, 100_000))
        unit = rng.choice((b"a=1&", b"a[]=1&", b"&", b"=&", b"%zz&"))
        return f"pairs-{unit.decode()}{count}", repeated(unit, count)
    if choice == 4:
        size = rng.choice((1000, 100_000, 300_000))
        if rng.random() < 0.5:
            return f"huge-key-{size}", repeated(b"k", size, b"", b"=v")
        return f"huge-value-{size}", repeated(b"v", size, b"event=deal.close&did=1&x=")
    if choice == 5:
        return "nul", rng.choice((b"a\x00b=1", b"a=1\x00&b=2", b"a%00b=1", b"a=1%00", b"a[b%00c]=1", b"a[\x00]=1"))
    if choice in (6, 7):
        text = "".join(rng.choices(FORM_FRAGMENTS, k=rng.randint(1, 60)))
        return "fragments", text.encode("utf-8", "surrogateescape")
    if choice == 8:
        escapes = "".join(
            "%" + "".join(rng.choices("0123456789abcdefABCDEFgz%", k=2)) for _ in range(rng.randint(1, 8))
        )
        return "escapes", rng.choice(("a=", "", "a[", "event=")).encode() + escapes.encode()
    encoded = phpquery.encode(valid_payload(rng)).encode()
    return "mutated", mutate(rng, encoded)


@gen("bad_form", 10)
def form_body(rng: random.Random) -> Case:
    label, body = form_garbage(rng)
    return post(label, body, rng.choice((FORM_CT, FORM_CT, "application/x-www-form-urlencoded; charset=utf-8")))


@gen("bad_form", 2)
def valid_form_with_garbage(rng: random.Random) -> Case:
    label, junk = form_garbage(rng)
    body = phpquery.encode(valid_payload(rng)).encode()
    return post(label, body + b"&" + junk if rng.random() < 0.5 else junk + b"&" + body, FORM_CT)


@gen("bad_query", 10)
def query_garbage(rng: random.Random) -> Case:
    label, query = form_garbage(rng)
    return get(label, query, path=rng.choice(("/", "/deal.close", "/hooks/")))


@gen("bad_query", 2)
def valid_query_with_garbage(rng: random.Random) -> Case:
    label, junk = form_garbage(rng)
    query = phpquery.encode(valid_payload(rng)).encode()
    return get(label, query + b"&" + junk if rng.random() < 0.5 else junk + b"&" + query)


@gen("bad_query", 2)
def query_odd_bytes(rng: random.Random) -> Case:
    query = phpquery.encode(valid_payload(rng)).encode()
    at = rng.randrange(len(query) + 1)
    odd = rng.choice((b"?", b"#", b" ", b"?&?", b"\xc3\xa9", b"\xff", b"\r\n", b"\t", b"%", b";", b"\\", b"'\"<>"))
    return get(repr(odd), query[:at] + odd + query[at:])


@gen("bad_query", 1)
def get_with_body(rng: random.Random) -> Case:
    query = phpquery.encode(valid_payload(rng)).encode() if rng.random() < 0.5 else b""
    body = rng.choice((dumps(valid_payload(rng)), b"", rng.randbytes(30), b"event=deal.close&did=1"))
    return Case(
        "get-with-body", "GET", query=query, headers={"content-type": rng.choice((JSON_CT, FORM_CT))}, body=body
    )


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


# ---- event names

LONG_NAMES = ("x" * 10_000, "deal.close" * 30_000, "д" * 200_000)
ODD_NAMES = ("сделка.закрыта", "🚀", "deal.close🚀", "\u202edeal.close", "deal.clos\u0065\u0301", "deal\u200b.close",
             "ｄｅａｌ.ｃｌｏｓｅ", "deal.close ", " deal.close", "Deal.Close", "DEAL.CLOSE", "deal_close", "deal.clos",
             "deal..close", "deal.close\x00", "deal.close\n", "\x00", "__proto__", "constructor", "../../etc/passwd",
             "deal.close/", "/deal.close", "%64eal.close", "deal%2Eclose", "null", "undefined", "0",
             "deal.close,deal.add")  # fmt: skip


@gen("event_name", 3)
def non_string_event(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    payload["event"] = rng.choice((1, 0, -1, 1.5, 10**40, True, False, [], ["deal.close"], {}, {"name": "deal.close"},
                                   "", [[[]]]))  # fmt: skip
    return post(repr(payload["event"])[:20], dumps(payload, rng), expect=400)


@gen("event_name", 3)
def unknown_event(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    payload["event"] = rng.choice(ODD_NAMES + LONG_NAMES if rng.random() < 0.1 else ODD_NAMES)
    return post(repr(payload["event"])[:24], dumps(payload, rng), expect=404)


@gen("event_name", 2)
def unicode_event(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    payload["event"] = soup_text(rng, rng.randint(1, 30), surrogates=False)
    return deliver(rng, payload, "soup")


@gen("event_name", 2)
def missing_event(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    del payload["event"]
    if rng.random() < 0.3:
        payload["event"] = None
    return post("missing", dumps(payload, rng), path=rng.choice(("/", "/hooks", "/hooks/", "")), expect=400)


@gen("event_name", 3)
def event_in_path(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    name = payload.pop("event")
    path = rng.choice((f"/{name}", f"/{name}/", f"/x/{name}//", f"/{name}/extra", name, f"//{name}", f"/{name}?x",
                       f"/%64{name[1:]}", f"/{name.upper()}", "/" + soup_text(rng, 20), "/" + "a/" * 5000 + name,
                       f"/{name}\x00", "", "/", "//", f"/{name}/.."))  # fmt: skip
    return deliver(rng, payload, "path") if rng.random() < 0.2 else post(repr(path)[:24], dumps(payload), path=path)


@gen("event_name", 3)
def event_in_header(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    name = payload.pop("event")
    header = rng.choice((name, "", " ", name.upper(), f"{name}, deal.add", f" {name}", "x" * 1000,
                         soup_text(rng, 20, surrogates=False), "\r\n", name + "\x00",
                         "deal.close\r\nx: y"))  # fmt: skip
    if rng.random() < 0.01:
        header = "x" * 100_000  # slow: difflib looks for a suggestion in it
    if rng.random() < 0.3:
        payload["event"] = rng.choice(EVENT_NAMES)  # the body wins
    method = rng.choice(("POST", "GET"))
    if method == "GET":
        return get("header", phpquery.encode(payload).encode(), headers={"x-salesman-event": header})
    return post("header", dumps(payload), headers={"x-salesman-event": header})


@gen("event_name", 2)
def form_event_abuse(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    del payload["event"]
    rest = phpquery.encode(payload).encode()
    event = rng.choice((b"event[]=deal.close", b"event[a]=x", b"event=", b"event=%FF", b"event[=x", b"event",
                        b"event=deal.close&event[]=x", b"event[0][1]=2", b"ev%65nt=deal.close",
                        b"event=%00"))  # fmt: skip
    query = event + b"&" + rest
    return get("get", query) if rng.random() < 0.5 else post("form", query, FORM_CT)


# ---- field types

BAD_VALUES: tuple[Any, ...] = (
    "abc", "", " ", "1.5", " 1", "1 ", "0x10", "1_000", "１２", "٣", "+1", "-1", "0", "-0", "00", "1e3", "1e309",
    "NaN", "nan", "Infinity", "-Infinity", "--1", "1,5", "1.2.3", "∞", "9" * 30, "9" * 5000, 0, -1, -(2**63), 2**63,
    2**64, 10**30, 1.5, 0.0, -0.0, 1e308, float("nan"), float("inf"), float("-inf"), True, False, None, [], [1], {},
    {"a": 1}, {"1": "x"}, {"1": "a", "2": "b"}, {"0": 1, "1": 2}, {"1": 1, "x": 2}, {"01": 1}, {"²": 1}, {"٣": 3},
    {"-1": 1}, {"": 1}, {"9" * 5000: 1}, {"1": {"1": "x"}}, [[1]], [None], ["x"], [{"clid": "x"}], [{"did": -1}], [{}],
    "0000-00-00", "2024-02-30", "2024-13-01", "9999-99-99", "2024-1-1", "20240101", 20240101, "2024-01-01T00:00:00Z",
    "0001-01-01", "10000-01-01", "-2024-01-01", "--1", "1e999999999", "0.1e-999999999", "-", ".", "Сделка",
    "x" * 100_000,
)  # fmt: skip
RAW_VALUES = ("1e309", "-1e309", "1e-400", "1" * 4300, "1" * 4301, "NaN", "-Infinity", "1.0", "1E2", "-0", "1e-7")
SURELY_BAD_IDS: tuple[Any, ...] = (0, -1, "0", "-5", "abc", "", [], {"a": 1}, None, 1.5, "1.5", "1e3")


@gen("field_types", 6)
def wrong_types(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    fields = FIELDS[payload["event"]]
    for key in rng.sample(sorted(fields), k=min(len(fields), rng.randint(1, 3))):
        payload[key] = rng.choice(BAD_VALUES)
    if rng.random() < 0.7:
        return post("json", dumps(payload, rng))
    try:
        return deliver(rng, payload, "php")
    except TypeError:  # phpquery.encode takes no floats as keys etc.; JSON it is
        return post("json", dumps(payload, rng))


@gen("field_types", 2)
def raw_number_values(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    key = rng.choice(sorted(FIELDS[payload["event"]]))
    token = rng.choice(RAW_VALUES)
    payload[key] = "@@raw@@"
    return post(f"{key}={token[:10]}", dumps_raw(payload, {"@@raw@@": token}))


@gen("field_types", 3)
def bad_required_id(rng: random.Random) -> Case:
    name = rng.choice([n for n in EVENT_NAMES if any(req for _, req in FIELDS[n].values())])
    payload = valid_payload(rng, name)
    key = rng.choice([k for k, (_, req) in FIELDS[name].items() if req])
    payload[key] = rng.choice(SURELY_BAD_IDS)
    if payload[key] is None and rng.random() < 0.5:
        del payload[key]
    return post(f"{key}={payload.get(key)!r}", dumps(payload, rng), expect=422)


@gen("field_types", 2)
def php_keyed_lists(rng: random.Random) -> Case:
    name = rng.choice(("client.import", "client.change.user", "deal.change.user"))
    payload = valid_payload(rng, name)
    key = "clids" if name == "client.import" else "info"
    item: Any = rand_id(rng) if key == "clids" else {"clid" if name == "client.change.user" else "did": rand_id(rng)}
    keyed = rng.choice(({"1": item, "2": item}, {"1": item, "a": item}, {"3": item, "1": "x"}, {"01": item},
                        {"1": item, "": item}, {"²": item}, {"1": None}, {"1": [item]}, {"٣": item, "1": item},
                        {"9" * 5000: item}, {"-1": item}, {str(2**64): item, "0": item}))  # fmt: skip
    payload[key] = keyed
    if rng.random() < 0.6:
        return post(key, dumps(payload, rng))
    return deliver(rng, payload, key)


@gen("field_types", 2)
def money_and_dates(rng: random.Random) -> Case:
    name = rng.choice(("deal.close", "invoice.add", "invoice.doit", "contract.add", "akt.edit"))
    payload = valid_payload(rng, name)
    if "summa" in FIELDS[name]:
        payload["summa"] = rng.choice(("1e309", "NaN", "--1", "1,5", "1 000", "Infinity", "-0", "0x1p3", "1e-999999",
                                       "1" * 5000, 1e308, float("inf"), "10340.00₽", "", " 5 ", "+5",
                                       "5."))  # fmt: skip
    else:
        payload["datum"] = rng.choice(("0000-00-00", "2024-02-30", "2024-13-01", "9999-12-31", "0001-01-01",
                                       "2024-01-01T25:00", "1700000000", 1700000000, "31.01.2024", "2024/01/31",
                                       "2024-W01-1", "2024-001", "+2024-01-01", "2024-01-01\x00"))  # fmt: skip
    return deliver(rng, payload, "money-date")


# ---- extra keys (accepted: 200)

EXTRA_NAMES = ("__proto__", "constructor", "model_dump", "__class__", "__dict__", "__pydantic_extra__", "_private",
               "model_config", "model_fields", "copy", "json", "dict", "schema", "_list_keys", "DID", "Event", "évent",
               "ключ", "键", "🚀", "0", "1", "x" * 10_000)  # fmt: skip
EXTRA_JSON_ONLY = ("", " ", "a.b", "a b", "a[b]", "a=b", "a&b", "\x00", "\u0000x", "%", "+", "token ")


def extra_value(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(12 if depth < 4 else 5)
    if choice == 0:
        return rng.randint(-(2**70), 2**70)
    if choice == 1:
        return rng.choice(("", "x", "Сделка", "🚀" * 10, "a&b=c", soup_text(rng, 10, surrogates=False)))
    if choice == 2:
        return rng.choice((1.5, -0.0, 1e300))
    if choice == 3:
        return rng.choice((True, False, None))
    if choice == 4:
        return rng.choice(("v", "v" * 1000, "v" * 50_000))
    if choice in (5, 6, 7, 8, 9):
        return rng.choice(("", "x", "Сделка", 7, None))
    if choice == 10:
        return [extra_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {word(rng): extra_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def extra_name(rng: random.Random, json_only: bool) -> str:
    pool = EXTRA_NAMES + EXTRA_JSON_ONLY if json_only else EXTRA_NAMES
    name = rng.choice(pool) if rng.random() < 0.4 else word(rng) + rng.choice(("", "_x", "-y", "2", "Ж"))
    return name if name not in ALL_FIELD_NAMES else name + "_extra"


@gen("extra_keys", 3)
def extra_keys_json(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    for _ in range(rng.randint(1, 12)):
        payload[extra_name(rng, json_only=True)] = extra_value(rng)
    if rng.random() < 0.1:
        payload["deep"] = json.loads(deep_json("list", rng.choice((50, 200, 400))))
    return post("json", dumps(payload, rng), expect=200)


@gen("extra_keys", 2)
def extra_keys_php(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    for _ in range(rng.randint(1, 12)):
        payload[extra_name(rng, json_only=False)] = extra_value(rng)
    return deliver(rng, payload, "php", expect=200)


@gen("extra_keys", 1)
def extra_keys_nested(rng: random.Random) -> Case:
    name = rng.choice(("client.edit", "deal.change.user", "client.change.user", "contract.edit"))
    payload = valid_payload(rng, name)
    if "newparam" in FIELDS[name]:
        payload["newparam"] = {extra_name(rng, json_only=True): extra_value(rng) for _ in range(rng.randint(1, 8))}
    else:
        key = "did" if name == "deal.change.user" else "clid"
        payload["info"] = [{key: rand_id(rng), extra_name(rng, json_only=True): extra_value(rng)}]
    return post(name, dumps(payload, rng), expect=200)


# ---- oversize bodies


@gen("oversize", 4)
def over_limit(rng: random.Random) -> Case:
    size = rng.choice((LIMIT + 1, LIMIT + 1000, 2 * LIMIT))
    byte = rng.choice((b" ", b"{", b"a"))
    ctype = rng.choice((JSON_CT, FORM_CT, "text/plain", None))
    return replace(
        post(f"{size}", filler(size, byte), ctype, expect=413), kind=rng.choice(("plain", "signed", "token"))
    )


@gen("oversize", 4)
def over_small_limit(rng: random.Random) -> Case:
    size = rng.choice((SMALL + 1, SMALL + 2, 2000, 5000, 65_536, 100_000))
    return replace(post(f"{size}", filler(size, b"["), rng.choice((JSON_CT, FORM_CT)), expect=413), kind="small")


@gen("oversize", 1)
def at_limit(rng: random.Random) -> Case:
    name = rng.choice(("deal.close", "client.add", "task.add"))
    size = rng.choice((LIMIT, LIMIT - 1, SMALL, SMALL - 1, SMALL + 1))
    return post(f"{name}-{size}", padded_valid(name, size), expect=200)  # finish: 413 if over its receiver's limit


@gen("oversize", 1)
def over_limit_get(rng: random.Random) -> Case:
    query = phpquery.encode(valid_payload(rng)).encode()
    case = Case("get-body", "GET", query=query, body=filler(LIMIT + 1, b"x"), expect=413)
    return replace(case, kind="plain")


@gen("oversize", 1)
def over_limit_bad_method(rng: random.Random) -> Case:
    case = post("put", filler(LIMIT + 1), expect=405)
    return replace(case, method=rng.choice(("PUT", "PATCH", "DELETE")), kind=rng.choice(KINDS))


# ---- methods

ODD_METHODS = ("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "CONNECT", "post", "get", "Post",
               "GET ", " POST", "POST\x00", "", "FOO", "M" * 10_000, "ПОСТ", "🚀", "P\u200bOST", "GET\r\n", "G3T",
               "POST/1.1", "*", "-", "PoSt", "OPTIONS *")  # fmt: skip


@gen("methods", 6)
def odd_method(rng: random.Random) -> Case:
    method = rng.choice(ODD_METHODS) if rng.random() < 0.8 else soup_text(rng, rng.randint(1, 12), surrogates=False)
    if method in ("GET", "POST"):
        method = "MERGE"
    case = deliver(rng, valid_payload(rng))
    return replace(case, label=repr(method)[:16], method=method, expect=405)


@gen("methods", 1)
def allowed_method(rng: random.Random) -> Case:
    return deliver(rng, valid_payload(rng), "control", expect=200)


# ---- signatures (receiver with a secret)


def signed_base(rng: random.Random) -> Case:
    return replace(deliver(rng, valid_payload(rng)), kind="signed")


def msg_id(rng: random.Random) -> str:
    return f"msg_{rng.getrandbits(64):016x}"


def only_signature(case: Case, msg: str, **kw: Any) -> str:
    return signed(case, msg, **kw)[signing.SIGNATURE_HEADER]


def with_headers(case: Case, label: str, headers: Mapping[str, str], expect: int | None) -> Case:
    return replace(case, label=label, headers={**case.headers, **headers}, expect=expect)


@gen("signatures", 2)
def missing_signature_headers(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    for name in rng.sample(sorted(headers), k=rng.randint(1, 3)):
        if rng.random() < 0.5:
            del headers[name]
        else:
            headers[name] = ""
    return with_headers(case, "missing", headers, 401)


@gen("signatures", 3)
def garbage_signature(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    junk = rng.choice(("v1,!!!!", "v1,", "v1", ",", "v1,AAAA", "v1,====", "v1," + "A" * 10_000, "v1,@@@", "v1,YWJj\x00",
                       "v1, ", " ", "v1,ж", "v1,🚀", "v1,YW=Jj", "v1,=", "v1,A",
                       "v1," + base64.b64encode(rng.randbytes(32)).decode(), "v1," + base64.b64encode(b"").decode(),
                       "v1," + base64.urlsafe_b64encode(rng.randbytes(32)).decode()))  # fmt: skip
    headers[signing.SIGNATURE_HEADER] = junk
    return with_headers(case, repr(junk)[:16], headers, 401)


@gen("signatures", 2)
def wrong_version(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    digest = headers[signing.SIGNATURE_HEADER].partition(",")[2]
    prefix = rng.choice(("v2,", "V1,", "v1a,", "v0,", ",", "v1 ,", "v1,,", "v1;", "v1:", "", "v1,v1,", "whsec_"))
    headers[signing.SIGNATURE_HEADER] = prefix + digest
    return with_headers(case, repr(prefix), headers, 401)


@gen("signatures", 2)
def one_valid_among_many(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    good = headers[signing.SIGNATURE_HEADER]
    others = rng.sample(["v2,xxx", "v1,garbage", "v1,AAAA", "v1,!!", "junk", "v1a,abc"], k=rng.randint(1, 4))
    separator = rng.choice((" ", "  ", "\t", " \t "))
    headers[signing.SIGNATURE_HEADER] = separator.join(rng.sample([good, *others], k=len(others) + 1))
    return with_headers(case, "one-valid", headers, 200)


@gen("signatures", 4)
def bad_timestamps(rng: random.Random) -> Case:
    case = signed_base(rng)
    now = int(time.time())
    choice = rng.randrange(3)
    if choice == 0:  # not an integer: signed with now, header replaced
        headers = signed(case, msg_id(rng))
        stamp = rng.choice(("abc", "", "1e9", "1.5", f"{now}.5", "-5", f"+{now}", f" {now}", f"{now} ", "9" * 100,
                            "١٧٠٠٠٠٠٠٠٠", "１７００００００００", f"{now}\x00", f"{now}\n", "0x10", "-0", "\u00b2",
                            str(now) * 2, "NaN", "inf"))  # fmt: skip
        headers[signing.TIMESTAMP_HEADER] = stamp
        return with_headers(case, repr(stamp)[:16], headers, 401)
    if choice == 1:  # a real integer, out of tolerance
        stamp_value = rng.choice((0, 1, now - 301, now + 3600, now - 10**6, 99_999_999_999, now - 3600))
        return with_headers(case, str(stamp_value), signed(case, msg_id(rng), timestamp=stamp_value), 401)
    stamp_value = rng.choice((now - 120, now + 120, now))  # within tolerance (even a minute later): accepted
    return with_headers(case, "fresh", signed(case, msg_id(rng), timestamp=stamp_value), 200)


@gen("signatures", 3)
def replayed_signature(rng: random.Random) -> Case:
    case = signed_base(rng)
    headers = signed(case, msg_id(rng))
    other = deliver(rng, valid_payload(rng))
    if case.method == "POST":
        body = rng.choice((mutate(rng, case.body), other.body, case.body + b" ", case.body[:-1]))
        if body == case.body:
            body += b"\n"
        return with_headers(replace(case, body=body), "other-body", headers, 401)
    query = case.query + b"&x=1" if rng.random() < 0.5 else other.query + b"&y=2"
    return with_headers(replace(case, query=query), "other-query", headers, 401)


@gen("signatures", 2)
def signature_mixups(rng: random.Random) -> Case:
    case = signed_base(rng)
    msg = msg_id(rng)
    headers = signed(case, msg)
    choice = rng.randrange(5)
    if choice == 0:
        headers[signing.ID_HEADER] = msg + "x"
        return with_headers(case, "other-id", headers, 401)
    if choice == 1:
        return with_headers(case, "other-secret", signed(case, msg, secret=OTHER_SECRET), 401)
    if choice == 2:  # GET signed over a body instead of the query, or POST over the query
        fake = replace(case, body=case.body + b" ", query=case.query + b"&x")  # signed over other content
        return with_headers(case, "wrong-content", signed(fake, msg), 401)
    if choice == 3:
        upper = {name.title(): value for name, value in headers.items()}  # core expects lower-case names
        return with_headers(case, "title-case-names", upper, 401)
    return with_headers(case, "valid", headers, 200)


@gen("signatures", 2)
def non_latin1_headers(rng: random.Random) -> Case:
    case = signed_base(rng)
    unusual = rng.choice(("привет-🚀", "ид", "é", "a" * 5000, "\u2028", "x\ty", "日本"))
    if rng.random() < 0.5:
        return with_headers(case, "unicode-id", signed(case, unusual), 200)  # any text id is fine when signed
    headers = signed(case, msg_id(rng))
    name = rng.choice((signing.TIMESTAMP_HEADER, signing.SIGNATURE_HEADER))
    headers[name] = unusual if name == signing.TIMESTAMP_HEADER else headers[name] + unusual
    return with_headers(case, f"unicode-{name}", headers, None if name == signing.SIGNATURE_HEADER else 401)


@gen("signatures", 1)
def unsigned_garbage(rng: random.Random) -> Case:
    label, query = form_garbage(rng)
    if rng.random() < 0.5:
        return replace(post(label, rng.randbytes(50)), kind="signed", expect=401)
    return replace(get(label, query), kind="signed")  # a malformed query is refused (400) before the signature


# ---- token


TOKEN_QUERIES: tuple[tuple[bytes, int], ...] = (
    (b"", 401), (b"token=", 401), (b"token=wrong", 401), (b"token=t0k3n+", 401), (b"token=t0k3n ", 401),
    (b"token=T0K3N", 401), (b"token=t0k3n%00", 401), (b"token=t0k3n\x00", 200), (b"token[]=t0k3n", 401),
    (b"token[a]=t0k3n", 401), (b"tok%65n=t0k3n", 200), (b"token=x&token=t0k3n", 200), (b"token=t0k3n&token=x", 401),
    (b"token=%74%30k3n", 200), (b"token=%FF", 400), (b"TOKEN=t0k3n", 401), (b"+token=t0k3n", 200),
    (b"token.=t0k3n", 401),
    (b"token=t0k3n&token[]=x", 401), (b"token", 401), (b"token=%C3%A9", 401), (b"token=\xd1\x82", 401),
    (b"token=t0k3n&%zz", 200), (b"&&token=t0k3n&&", 200), (b"token=t0k3n;", 401), (b"token=t0k3\n", 401),
    (b"token=t%30k3n", 200), (b"token%5B%5D=t0k3n", 401), (b"token%00=t0k3n", 200), (b"%00token=t0k3n", 401),
)  # fmt: skip


@gen("token", 6)
def token_variants(rng: random.Random) -> Case:
    token, expect = rng.choice(TOKEN_QUERIES)
    payload = valid_payload(rng)
    if rng.random() < 0.5:
        case = post(repr(token)[:20], dumps(payload, rng), query=token)
    else:  # GET: payload and token share the query (token last: a NUL in it must not hide the payload)
        encoded = phpquery.encode(payload).encode()
        case = get(repr(token)[:20], encoded + b"&" + token if token else encoded)
    return replace(case, kind="token", expect=expect)


@gen("token", 2)
def token_elsewhere(rng: random.Random) -> Case:
    payload = valid_payload(rng)
    where = rng.choice(("form-body", "json-body", "header", "path"))
    if where == "form-body":
        case = post(where, phpquery.encode({**payload, "token": TOKEN}).encode(), FORM_CT)
    elif where == "json-body":
        case = post(where, dumps({**payload, "token": TOKEN}))
    elif where == "header":
        case = post(where, dumps(payload), headers={"token": TOKEN, "authorization": f"Bearer {TOKEN}"})
    else:
        case = post(where, dumps(payload), path=f"/token={TOKEN}")
    return replace(case, kind="token", expect=401)


@gen("token", 2)
def token_huge_or_odd(rng: random.Random) -> Case:
    value = rng.choice((b"t" * 100_000, "токен".encode(), b"%ED%A0%80", b"t0k3n" * 1000, rng.randbytes(16), b"%"))
    case = post("odd", dumps(valid_payload(rng)), query=b"token=" + value)
    return replace(case, kind="token")


# ---- byte soup: everything random


def soup_headers(rng: random.Random) -> dict[str, str]:
    headers: dict[str, str] = {}
    for _ in range(rng.randint(0, 8)):
        name = soup_text(rng, rng.randint(0, 20)) if rng.random() < 0.5 else word(rng)
        headers[name.lower() if rng.random() < 0.8 else name] = soup_text(rng, rng.randint(0, 60))
    for name in rng.sample(KNOWN_HEADERS, k=rng.randint(0, len(KNOWN_HEADERS))):
        if name == "content-type" and rng.random() < 0.6:
            headers[name] = rng.choice((JSON_CT, FORM_CT))
        else:
            headers[name] = soup_text(rng, rng.randint(0, 40)) if rng.random() < 0.7 else rng.choice(EVENT_NAMES)
    return headers


def soup_body(rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return rng.randbytes(rng.choice((0, 1, 10, 200, 3000)))
    if choice == 1:
        return mutate(rng, dumps(valid_payload(rng)))
    if choice == 2:
        return soup_text(rng, rng.randint(0, 200)).encode("utf-8", "surrogatepass")
    return form_garbage(rng)[1]


@gen("byte_soup", 4)
def soup(rng: random.Random) -> Case:
    method = rng.choice(("POST", "GET", "POST", "GET", word(rng).upper(), soup_text(rng, rng.randint(0, 10))))
    path = rng.choice(("/", "/" + rng.choice(EVENT_NAMES), soup_text(rng, rng.randint(0, 40))))
    query = rng.randbytes(rng.randint(0, 60)) if rng.random() < 0.5 else form_garbage(rng)[1]
    return Case("soup", method, path, query if rng.random() < 0.7 else b"", soup_headers(rng), soup_body(rng))


@gen("byte_soup", 2)
def soup_valid_envelope(rng: random.Random) -> Case:
    """A valid request with one part swapped for soup, so the soup reaches deeper."""
    case = deliver(rng, valid_payload(rng))
    part = rng.choice(("method", "path", "query", "headers", "body", "header-value"))
    if part == "method":
        return replace(case, label=part, method=soup_text(rng, rng.randint(1, 8)))
    if part == "path":
        return replace(case, label=part, path=soup_text(rng, rng.randint(0, 40)))
    if part == "query":
        return replace(case, label=part, query=rng.randbytes(rng.randint(1, 40)))
    if part == "headers":
        return replace(case, label=part, headers={**case.headers, **soup_headers(rng)})
    if part == "body":
        return replace(case, label=part, body=soup_body(rng))
    name = rng.choice(KNOWN_HEADERS)
    return replace(case, label=f"{part}:{name}", headers={**case.headers, name: soup_text(rng, rng.randint(0, 30))})


# ---- valid deliveries (controls: the fuzzing must also reach acceptance)


@gen("valid", 1)
def valid(rng: random.Random) -> Case:
    return deliver(rng, valid_payload(rng), expect=200)


CATEGORIES = tuple(GENERATORS)


@cache
def generated(category: str) -> tuple[Case, ...]:
    rng = random.Random(zlib.crc32(category.encode()))
    entries = GENERATORS[category]
    weights = [weight for _, weight, _ in entries]
    cases: list[Case] = []
    for _ in range(PER_CATEGORY):
        if cases and rng.random() < 0.02:  # an exact replay: dedupe must answer it, never fail on it
            original = rng.choice(cases)
            cases.append(replace(original, label="replay:" + original.label))
            continue
        name, _, function = rng.choices(entries, weights)[0]
        case = function(rng)
        cases.append(finish(rng, replace(case, label=f"{name}:{case.label}" if case.label else name)))
    return tuple(cases)


# --------------------------------------------------------------------------------------------------------------------
# Checking


def contract_problems(status: int, body: bytes, ctype: str | None, *, head: bool = False) -> list[str]:
    problems = []
    if status >= 500:
        problems.append(f"status {status}")
    if ctype != "application/json":
        problems.append(f"content-type {ctype!r}")
    if head and not body:
        return problems  # HEAD responses carry no body over HTTP
    try:
        data = json.loads(body)
    except ValueError:
        return [*problems, f"body is not JSON: {body[:200]!r}"]
    if status >= 400:
        if not (isinstance(data, dict) and isinstance(data.get("error"), str) and "detail" in data):
            problems.append(f"refusal without error/detail: {body[:200]!r}")
        elif data["error"] == "unreadable":
            problems.append("error 'unreadable': our code raised on this input")
    elif not (isinstance(data, dict) and data.get("ok") is True):
        problems.append(f"success without ok: {body[:200]!r}")
    return problems


def run_core(case: Case, receiver: Receiver | None = None) -> tuple[int | None, list[str]]:
    receiver = receiver or receivers()[case.kind or "plain"]
    try:
        response = receiver.handle(case.request())
    except Exception as exc:
        return None, [f"handle() raised {type(exc).__name__}: {str(exc)[:200]}"]
    ctype = dict(response.headers).get("content-type")
    problems = contract_problems(response.status, response.body, ctype)
    if case.expect is not None and response.status != case.expect:
        problems.append(f"expected {case.expect}, got {response.status}: {response.body[:200]!r}")
    return response.status, problems


@dataclass
class Tally:
    where: str
    category: str
    statuses: Counter[str] = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    failed: int = 0

    def fail(self, case: Case, problems: list[str]) -> None:
        self.failed += 1
        if len(self.failures) < MAX_FAILURES_SHOWN:
            self.failures.append(f"[{case.label}] {'; '.join(problems)}\n      input: {case.shown()}")

    def report(self) -> str:
        STATS[self.where].update(self.statuses)
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        lines = [f"{self.where}/{self.category}: {sum(self.statuses.values())} requests ({counts})"]
        if self.refused:
            lines.append(f"  refused before the app: {len(self.refused)}: {self.refused[:5]}")
        if self.failed:
            lines.append(f"  {self.failed} FAILURES, first {len(self.failures)}:")
            lines += [f"    {failure}" for failure in self.failures]
        text = "\n".join(lines)
        print(text)
        return text


# --------------------------------------------------------------------------------------------------------------------
# In-process: every generated request


def test_plan_is_large_enough() -> None:
    assert len(CATEGORIES) * PER_CATEGORY >= 100_000
    assert len(CATEGORIES) * HTTP_PER_CATEGORY >= 2_000


@pytest.mark.parametrize("category", CATEGORIES)
def test_core(category: str) -> None:
    tally = Tally("core", category)
    for case in generated(category):
        status, problems = run_core(case)
        tally.statuses[str(status)] += 1
        if problems:
            tally.fail(case, problems)
    RAN.add(category)
    text = tally.report()
    assert not tally.failed, text


def test_generators_reach_acceptance() -> None:
    """The valid controls are accepted in every wire form, and by every receiver kind."""
    kinds = Counter(case.kind for case in generated("valid") if case.expect == 200)
    assert set(kinds) == set(KINDS), kinds
    for name in EVENT_NAMES:
        payload = valid_payload(random.Random(name), name)
        EVENTS[name].parse(payload)


# --------------------------------------------------------------------------------------------------------------------
# Hypothesis over the in-process core

METHODS = ("POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "post", "", "FOO")
CONTENT_TYPES = (JSON_CT, FORM_CT, "text/plain", "APPLICATION/JSON", "application/json; charset=latin-1",
                 "multipart/form-data; boundary=x", "application/vnd.x+json", "")  # fmt: skip
# Flat strategies: recursive ones cost hypothesis more time than the receiver takes to answer.
_leaves = st.one_of(st.integers(), st.text(max_size=8), st.none(), st.floats(), st.booleans())
_values = st.one_of(
    _leaves,
    st.lists(_leaves, max_size=3),
    st.dictionaries(st.sampled_from(("1", "2", "01", "a", "clid", "did")), _leaves, max_size=3),
)
_keys = st.one_of(st.sampled_from(sorted(ALL_FIELD_NAMES)), st.text(max_size=6))
payloads = st.builds(
    lambda name, fields: {"event": name, **fields},
    st.one_of(st.sampled_from(EVENT_NAMES), st.text(max_size=12)),
    st.dictionaries(_keys, _values, max_size=4),
)
forms = st.dictionaries(
    _keys, st.one_of(st.text(max_size=8), st.integers(), st.lists(st.text(max_size=4), max_size=3)), max_size=4
)


def _form(data: dict[str, Any]) -> bytes:
    return phpquery.encode(data).encode()


def _valid_body(seed: int) -> tuple[bytes, str]:
    payload = valid_payload(random.Random(seed))
    return (dumps(payload), JSON_CT) if seed % 2 else (_form(payload), FORM_CT)


NATURAL = "<the body's own content type>"
bodies = st.one_of(  # (body, its own content type)
    st.binary(max_size=2_000).map(lambda body: (body, JSON_CT)),
    payloads.map(lambda p: (json.dumps(p).encode(), JSON_CT)),
    forms.map(lambda data: (_form(data), FORM_CT)),
    st.integers(0, 2**32).map(_valid_body),  # so that acceptance is reached too
)
queries = st.one_of(st.binary(max_size=300), st.integers(0, 2**32).map(lambda seed: _valid_body(seed * 2)[0]))
_HYPOTHESIS_IDS = itertools.count()


@settings(max_examples=2_000, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    kind=st.sampled_from(KINDS),
    method=st.one_of(st.sampled_from(("POST", "GET")), st.sampled_from(METHODS)),
    path=st.one_of(st.sampled_from(("/", "/deal.close", "/hooks/client.add/")), st.text(max_size=30)),
    query=queries,
    body=bodies,
    content_type=st.one_of(st.just(NATURAL), st.none(), st.sampled_from(CONTENT_TYPES), st.text(max_size=30)),
    headers=st.dictionaries(
        st.one_of(st.sampled_from(KNOWN_HEADERS), st.text(max_size=12)), st.text(max_size=40), max_size=4
    ),
    authenticate=st.booleans(),
)
def test_hypothesis_core(
    kind: str,
    method: str,
    path: str,
    query: bytes,
    body: tuple[bytes, str],
    content_type: str | None,
    headers: dict[str, str],
    authenticate: bool,
) -> None:
    all_headers = {name.lower(): value for name, value in headers.items()}
    if content_type is not None:
        all_headers["content-type"] = body[1] if content_type == NATURAL else content_type
    case = Case("hypothesis", method, path, query, all_headers, body[0], kind)
    if authenticate and kind == "token":
        case = replace(case, query=query + b"&token=" + TOKEN.encode())
    elif authenticate and kind == "signed":
        case = replace(case, headers={**all_headers, **signed(case, f"hyp_{next(_HYPOTHESIS_IDS)}")})
    status, problems = run_core(case)
    STATS["hypothesis"][str(status)] += 1
    assert not problems, f"{problems}\n  input: {case.shown()}"


# --------------------------------------------------------------------------------------------------------------------
# Over HTTP: uvicorn (ASGI) and wsgiref (WSGI) on 127.0.0.1

_TOKEN_CHARS = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HOP_HEADERS = frozenset(("content-length", "transfer-encoding", "host", "connection", "expect", "upgrade", "te",
                          "trailer", "keep-alive", "proxy-connection"))  # fmt: skip
_UNSAFE_HEADER_BYTES = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
MAX_BIG_BODIES = 24
_HEAD_BUDGET = 8_000  # uvicorn/h11 refuse request heads over 16 KiB: such requests are left out of the sample


@dataclass(frozen=True)
class Wire:
    method: str
    target: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes
    transformed: bool  # the request on the wire differs from the in-process one, so `expect` may not hold


def _quote(raw: bytes, extra: bytes = b"") -> bytes:
    return re.sub(rb"[^\x21-\x7e]|[#" + extra + rb"]", lambda m: b"%%%02X" % m[0][0], raw)


def on_wire(case: Case, *, max_body: int) -> Wire | None:
    """The case as httpx can send it, or None when it cannot (the HTTP part skips those)."""
    if not _TOKEN_CHARS.fullmatch(case.method) or len(case.body) > max_body or case.method == "CONNECT":
        return None
    transformed = False
    headers = []
    for name, value in case.headers.items():
        if name in _HOP_HEADERS:
            transformed = True
            continue
        stripped = value.strip(" \t")
        try:
            raw = stripped.encode("latin-1")
        except UnicodeEncodeError:
            return None
        if not _TOKEN_CHARS.fullmatch(name) or _UNSAFE_HEADER_BYTES.search(raw):
            return None
        transformed |= stripped != value or name != name.lower()  # HTTP names are case-insensitive
        headers.append((name.encode(), raw))
    path = case.path if case.path.startswith("/") else "/" + case.path
    raw_path = _quote(path.encode("utf-8", "surrogatepass"), b"?")
    query = _quote(case.query)
    transformed |= raw_path != case.path.encode("utf-8", "surrogatepass") or query != case.query or "%" in case.path
    target = raw_path + (b"?" + query if query else b"")
    if len(target) + sum(len(n) + len(v) + 4 for n, v in headers) > _HEAD_BUDGET:
        return None
    return Wire(case.method, target, headers, case.body, transformed)


def sample(category: str, size: int, *, offset: int, max_body: int) -> list[tuple[Case, Wire]]:
    """The most varied `size` sendable cases of a category: round-robin over its generators' labels."""
    groups: dict[str, list[tuple[Case, Wire]]] = defaultdict(list)
    for case in generated(category):
        wire = on_wire(case, max_body=max_body)
        if wire is not None:
            groups[":".join(case.label.split(":")[:2])[:40]].append((case, wire))
    rng = random.Random(offset)
    queues = [rng.sample(group, k=len(group)) for _, group in sorted(groups.items())]
    chosen: list[tuple[Case, Wire]] = []
    big = 0  # bodies over 64 KiB are slow to send: at most MAX_BIG_BODIES of them
    while len(chosen) < size and any(queues):
        for queue in queues:
            while queue and len(chosen) < size:
                case, wire = queue.pop()
                if len(wire.body) > 64 * 1024:
                    if big >= MAX_BIG_BODIES:
                        continue
                    big += 1
                chosen.append((case, wire))
                break
    return chosen


class Servers:
    """One server thread per receiver kind on 127.0.0.1, stopped together."""

    def __init__(self) -> None:
        self.urls: dict[str, str] = {}
        self._stops: list[Callable[[], None]] = []
        self._threads: list[threading.Thread] = []

    def uvicorn(self, kind: str, app: Any) -> None:
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP; without it every
        # keep-alive response (start and body written separately) waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="on"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.started
        self.urls[kind] = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self._stops.append(lambda: setattr(server, "should_exit", True))
        self._threads.append(thread)

    def wsgiref(self, kind: str, app: Any) -> None:
        server = make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        self.urls[kind] = f"http://127.0.0.1:{server.server_port}"
        self._stops.append(server.shutdown)
        self._threads.append(thread)

    def stop(self) -> None:
        for stop in self._stops:
            stop()
        for thread in self._threads:
            thread.join(10)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def asgi_urls() -> Iterator[dict[str, str]]:
    servers = Servers()
    for kind in KINDS:
        servers.uvicorn(kind, make_receiver(kind))
    yield servers.urls
    servers.stop()


@pytest.fixture(scope="module")
def wsgi_urls() -> Iterator[dict[str, str]]:
    servers = Servers()
    for kind in KINDS:
        servers.wsgiref(kind, make_receiver(kind).wsgi)
    yield servers.urls
    servers.stop()


def send_all(where: str, category: str, urls: dict[str, str], chosen: list[tuple[Case, Wire]]) -> Tally:
    tally = Tally(where, category)
    with httpx.Client(timeout=30) as client:
        for case, wire in chosen:
            url = httpx.URL(urls[case.kind or "plain"])
            request = client.build_request(
                wire.method, url.copy_with(raw_path=wire.target), content=wire.body, headers=wire.headers
            )
            # httpx upper-cases methods and normalises some escapes: then `expect` may not hold
            transformed = wire.transformed or request.url.raw_path != wire.target or request.method != wire.method
            try:
                response = client.send(request)
            except httpx.HTTPError as exc:
                tally.refused.append(f"[{case.label}] {type(exc).__name__}: {exc}"[:200])
                tally.statuses["refused"] += 1
                continue
            status, ctype = response.status_code, response.headers.get("content-type")
            tally.statuses[str(status)] += 1
            if 400 <= status < 500 and ctype != "application/json":  # the server's own HTTP-level refusal
                tally.refused.append(f"[{case.label}] {status} {ctype} {response.content[:80]!r}")
                continue
            problems = contract_problems(status, response.content, ctype, head=wire.method == "HEAD")
            expect = case.expect
            if expect is not None and len(wire.body) > MAX_BODY[case.kind or "plain"]:
                expect = 413  # the adapters refuse by Content-Length before the core sees the method
            if expect is not None and not transformed and status != expect:
                problems.append(f"expected {expect}, got {status}: {response.content[:200]!r}")
            if problems:
                tally.fail(case, problems)
    return tally


@pytest.mark.parametrize("category", CATEGORIES)
def test_uvicorn(category: str, asgi_urls: dict[str, str]) -> None:
    chosen = sample(category, HTTP_PER_CATEGORY, offset=1, max_body=3 * LIMIT)
    tally = send_all("uvicorn", category, asgi_urls, chosen)
    text = tally.report()
    assert len(chosen) == HTTP_PER_CATEGORY, text
    assert not tally.failed, text
    assert len(tally.refused) * 100 < len(chosen), text  # < 1% refused before the app, and none of them a 5xx


@pytest.mark.parametrize("category", CATEGORIES)
def test_wsgiref(category: str, wsgi_urls: dict[str, str]) -> None:
    chosen = sample(category, WSGI_PER_CATEGORY, offset=2, max_body=64 * 1024)
    tally = send_all("wsgi", category, wsgi_urls, chosen)
    text = tally.report()
    assert len(chosen) == WSGI_PER_CATEGORY, text
    assert not tally.failed, text
    assert len(tally.refused) * 100 < len(chosen), text


# --------------------------------------------------------------------------------------------------------------------
# Bugs this suite found, fixed; kept as regression tests

# Any str is a valid method or header value for handle() (aiohttp, for one, decodes headers with surrogateescape).
# A method or content-type with a lone surrogate is echoed in the 405/415 detail; json_response's .encode() then
# raised UnicodeEncodeError inside _prepare's `except RequestError` handler, so handle() itself raises (a 500 under any
# server). A webhook-id with one raises in _claim's duplicate response (plain receiver: the redelivery gets 400
# "unreadable") and in signing._digest's .encode() (signed receiver: 400 "unreadable").
JSON_ACCEPTED = b'{"event":"deal.close","did":1}'


def _fresh_signature(msg: str) -> dict[str, str]:
    return {"webhook-id": msg, "webhook-timestamp": str(int(time.time())), "webhook-signature": "v1,AAAA"}


_REDELIVERED = Request("POST", "/", b"", {"content-type": JSON_CT, "webhook-id": "\udcff"}, JSON_ACCEPTED)


@pytest.mark.parametrize(
    ("kind", "requests"),
    [
        pytest.param("plain", [Request("\ud800", "/", b"", {}, b"")], id="method"),
        pytest.param("plain", [Request("POST", "/", b"", {"content-type": "\udcff"}, b"{}")], id="content-type"),
        pytest.param("plain", [_REDELIVERED, _REDELIVERED], id="webhook-id-plain-redelivered"),
        pytest.param(
            "signed",
            [Request("POST", "/", b"", {"content-type": JSON_CT, **_fresh_signature("\udcff")}, JSON_ACCEPTED)],
            id="webhook-id-signed",
        ),
    ],
)
def test_lone_surrogates_in_echoed_text_get_json_errors(kind: str, requests: list[Request]) -> None:
    receiver = make_receiver(kind)
    problems = []
    for request in requests:
        case = Case("regression", request.method, request.path, request.query, dict(request.headers), request.body)
        problems += run_core(case, receiver)[1]
    assert not problems, problems


# adapters._declared_length accepts a Content-Length by str.isdigit(), true for non-ASCII digits ("\u00b2" is latin-1
# byte 0xB2) and for any length; int() then raises ValueError ("invalid literal", or "Exceeds the limit (4300 digits)")
# outside any handler. uvicorn's h11 refuses such heads itself (see the test below); wsgiref passes them on.
BAD_LENGTHS = [pytest.param("\u00b2", id="superscript-two"), pytest.param("9" * 5000, id="5000-digits")]


@pytest.mark.parametrize("length", BAD_LENGTHS)
def test_wsgi_bad_content_length_is_a_400(length: str) -> None:
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "QUERY_STRING": "", "CONTENT_TYPE": JSON_CT,
               "CONTENT_LENGTH": length, "wsgi.input": io.BytesIO(JSON_ACCEPTED)}  # fmt: skip
    started: list[str] = []
    try:
        body = b"".join(make_receiver("plain").wsgi(environ, lambda status, headers, *_: started.append(status)))
    except Exception as exc:
        pytest.fail(f"the WSGI app raised {type(exc).__name__}: {exc}")
    assert started and int(started[0].split()[0]) < 500
    assert json.loads(body)["error"] == "bad_content_length"


@pytest.mark.parametrize("length", BAD_LENGTHS)
def test_asgi_bad_content_length_is_a_400(length: str) -> None:
    scope = {"type": "http", "method": "POST", "path": "/", "query_string": b"",
             "headers": [(b"content-type", JSON_CT.encode()),
                         (b"content-length", length.encode("latin-1"))]}  # fmt: skip
    sent: list[Mapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": JSON_ACCEPTED, "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    try:
        asyncio.run(make_receiver("plain")(scope, receive, send))
    except Exception as exc:
        pytest.fail(f"the ASGI app raised {type(exc).__name__}: {exc}")
    assert sent and sent[0]["status"] == 400


def test_wsgiref_bad_content_length_over_http_is_not_a_5xx(wsgi_urls: dict[str, str]) -> None:
    port = httpx.URL(wsgi_urls["plain"]).port
    assert port is not None
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \xb2\r\n\r\n{}")
        head = b"".join(iter(lambda: sock.recv(4096), b""))  # to the end: wsgiref closes after answering
    status = int(head.split(b" ", 2)[1])
    assert status < 500, head[:200]


def test_uvicorn_refuses_bad_content_length_before_the_app(asgi_urls: dict[str, str]) -> None:
    """Under uvicorn (h11) the same header never reaches the app: refused with a 400, not a 5xx."""
    port = httpx.URL(asgi_urls["plain"]).port
    assert port is not None
    for length in (b"\xb2", b"9" * 5000, b"-1", b"1 1"):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + length)
            sock.sendall(b"\r\n\r\n{}")
            head = sock.recv(4096)
        assert 400 <= int(head.split(b" ", 2)[1]) < 500, head[:200]


# --------------------------------------------------------------------------------------------------------------------


def test_summary() -> None:
    """Per-status counts of everything sent above (run with -s to see them)."""
    lines = [
        f"{where}: {sum(counts.values())} requests: {dict(sorted(counts.items()))}" for where, counts in STATS.items()
    ]
    print("\n".join(["", "abuse suite totals:", *lines]))
    if set(CATEGORIES) <= RAN:
        assert sum(STATS["core"].values()) >= 100_000, lines
