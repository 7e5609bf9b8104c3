# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The console's HTTP plumbing on the ASGI contract: a request read whole (query, form, cookies), and responses."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import SimpleCookie
from typing import Any, Final
from urllib.parse import parse_qs

from ..receive.asgi import ASGIReceive, ASGIScope, ASGISend

__all__ = [
    "MAX_FORM_BYTES",
    "MAX_ID",
    "HTTPError",
    "Page",
    "WebRequest",
    "parse_id",
    "parse_moment",
    "read_request",
    "send_page",
]

MAX_FORM_BYTES: Final = 1_000_000
MAX_ID: Final = 2**63 - 1  # the largest integer every engine keeps (SQLite's INTEGER, PostgreSQL's BIGINT)
# Every page: no framing by other sites, no sniffing, nothing loaded from elsewhere, no referrer (URLs carry ids).
SECURITY_HEADERS: Final = (
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    (
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'",
    ),
    ("cache-control", "no-store"),
)


class HTTPError(Exception):
    """A request the console refuses: its status and a reason shown to the user (and as JSON to scripts)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def parse_moment(text: str, name: str) -> float:
    """The unix time of a form's date and time (`YYYY-MM-DDTHH:MM`, local time); HTTPError 400 naming `name`."""
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        raise HTTPError(400, f"{name} is a date and time, YYYY-MM-DDTHH:MM") from None


def parse_id(text: str, name: str) -> int:
    """A number of a form or query (an id, a tenant): ASCII digits up to MAX_ID; HTTPError 400 naming `name`."""
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise HTTPError(400, f"{name} is a number (0 to {MAX_ID})")
    return int(text)


@dataclass(frozen=True)
class WebRequest:
    method: str
    path: str
    query: Mapping[str, str]
    form: Mapping[str, list[str]]
    cookies: Mapping[str, str]
    headers: Mapping[str, str]

    def arg(self, name: str, default: str = "") -> str:
        """A query or form value (the form's first), stripped; `default` when absent."""
        values = self.form.get(name)
        value = values[0] if values else self.query.get(name, default)
        return value.strip()

    def args(self, name: str) -> list[str]:
        """Every form value of `name` (checkboxes)."""
        return [v.strip() for v in self.form.get(name, []) if v.strip()]


@dataclass
class Page:
    """A response: an HTML page by default."""

    body: bytes | str
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def redirect(cls, location: str, *headers: tuple[str, str]) -> Page:
        return cls(b"", 303, headers=[("location", location), *headers])

    @classmethod
    def json(cls, data: Any, status: int = 200) -> Page:
        return cls(json.dumps(data, ensure_ascii=False), status, "application/json")


async def read_request(scope: ASGIScope, receive: ASGIReceive) -> WebRequest:
    """The request of `scope`, its body read whole (HTTPError 413 past MAX_FORM_BYTES, 415 for a body that is not
    a URL-encoded form)."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise HTTPError(413, f"a form of at most {MAX_FORM_BYTES} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    form: dict[str, list[str]] = {}
    if body:
        if not headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            raise HTTPError(415, "the console takes URL-encoded forms only")
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    query = {k: v[0] for k, v in parse_qs(scope.get("query_string", b"").decode("latin-1")).items()}
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is the same as none
        cookies = SimpleCookie()
    return WebRequest(scope["method"], scope["path"], query, form, {k: m.value for k, m in cookies.items()}, headers)


async def send_page(send: ASGISend, page: Page) -> None:
    body = page.body.encode() if isinstance(page.body, str) else page.body
    headers = [("content-type", page.content_type), ("content-length", str(len(body))), *SECURITY_HEADERS]
    headers += page.headers
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    await send({"type": "http.response.start", "status": page.status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
