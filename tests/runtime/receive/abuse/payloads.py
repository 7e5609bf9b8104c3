"""Material for the receiver abuse suite's generators: valid payloads of every event and the wire forms SalesMan
sends them in (`deliver`), random text and bytes, mutations, deep JSON, and hostile PHP form/query strings."""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Mapping
from functools import cache
from typing import Any

from salesman_events import EVENTS
from salesman_events._runtime.wire import phpquery

from .cases import EVENT_NAMES, FORM_CT, Case, get, post

# --------------------------------------------------------------------------------------------------------------------
# Payloads


def _field_kind(annotation: Any) -> str:
    text = str(annotation)
    for marker, kind in (("Reassignment", "info"), ("list[", "ids"), ("ChangedFields", "changes"),
                         ("DateTime", "datetime"), ("date", "date"),
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
    if kind == "datetime":  # the CRM's local time, as SalesMan writes it
        return (datetime.datetime(2000, 1, 1) + datetime.timedelta(seconds=rng.randrange(10**9))).isoformat(" ")
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


# --------------------------------------------------------------------------------------------------------------------
# Hostile PHP form and query strings (forms and queries share the codec)

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
