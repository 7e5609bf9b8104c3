"""Payload -> what goes on the wire: JSON, a PHP-style form, or exactly what a SalesMan server sends."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .decoding import EVENT_HEADER
from .phpquery import encode as encode_query

__all__ = ["FORMATS", "Delivery", "Format", "encode_delivery", "salesman_json", "stored_delivery"]

Format = Literal["json", "form", "salesman"]
FORMATS: tuple[Format, ...] = ("json", "form", "salesman")


@dataclass(frozen=True)
class Delivery:
    """One event, encoded: the body (empty for GET), the query string (GET), headers. `signed` is what to sign."""

    method: str
    body: bytes
    query: str
    headers: Mapping[str, str]

    @property
    def signed(self) -> bytes:
        return self.body if self.method == "POST" else self.query.encode()


def salesman_json(name: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as a SalesMan server sends it: every scalar a string, plus the `event` key."""
    strings: dict[str, Any] = {"event": name, **_stringify(dict(payload))}
    return strings


def _stringify(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _stringify(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_stringify(v) for v in value if v is not None]
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def stored_delivery(name: str, stored: bytes, *, fmt: str, method: str) -> Delivery:
    """An event whose JSON is already made (the outbox keeps each payload as the JSON the emitter wrote), encoded as a
    subscription wants it: a JSON POST sends that text as it is (the same data `encode_delivery(..., fmt="json")`
    writes, without decoding and encoding it again); any other form decodes it first."""
    if fmt == "json" and method == "POST":
        return Delivery("POST", stored, "", {EVENT_HEADER: name, "content-type": "application/json"})
    return encode_delivery(name, json.loads(stored), fmt=fmt, method=method)  # type: ignore[arg-type]


def encode_delivery(name: str, payload: Mapping[str, Any], *, fmt: Format = "json", method: str = "POST") -> Delivery:
    """Encode one event for sending by POST (a body) or GET (a query string)."""
    method = method.upper()
    if method not in ("POST", "GET"):
        raise ValueError(f"method must be POST or GET, not {method!r}")
    headers = {EVENT_HEADER: name}
    if fmt == "salesman":
        data: Mapping[str, Any] = salesman_json(name, payload)
    elif fmt in ("json", "form"):
        data = payload
    else:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if method == "GET":
        return Delivery(method, b"", encode_query(data), headers)
    if fmt == "form":
        body = encode_query(data).encode()
        return Delivery(method, body, "", {**headers, "content-type": "application/x-www-form-urlencoded"})
    text = json.dumps(data, ensure_ascii=fmt == "salesman", separators=(",", ":"))
    if fmt == "salesman":
        text = text.replace("/", "\\/")  # PHP's json_encode escapes slashes
    return Delivery(method, text.encode(), "", {**headers, "content-type": "application/json"})
