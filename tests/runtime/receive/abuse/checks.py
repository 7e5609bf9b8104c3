"""Running the receiver abuse suite's requests and checking the receiver's contract, in-process and over HTTP.

The contract (DESIGN.md, "Receiver"): never a 5xx for any input; every refusal is a 4xx with a JSON body
`{"error": code, "detail": ...}`; and never the catch-all `"unreadable"`, which means our own code raised. An
unsigned request that can't be typed is kept in the quarantine: a 202 `{"ok": true, "quarantined": true, "id",
"reason", "detail"}`, whose reason is the refusal it replaced (`effective_status` compares it with `expect`).
Failures are collected (the first 20 with their inputs) rather than stopping at the first one; the count per
status code is printed (`-s`).
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections import Counter, defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import httpx

from salesman_events import Receiver
from tests.helpers import uvicorn_server

from .cases import KINDS, MAX_BODY, SECRET, SMALL, TOKEN, Case, generated

MAX_FAILURES_SHOWN = 20
STATS: dict[str, Counter[str]] = defaultdict(Counter)  # "core" / "uvicorn" / "wsgi" -> status -> count
RAN: set[str] = set()

# --------------------------------------------------------------------------------------------------------------------
# The receivers, one per kind


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
# Checking


# The status each quarantine reason stands for: what a receiver with on_invalid="refuse" answers
REFUSAL_OF_REASON = {
    "malformed_event": 400, "malformed_form": 400, "malformed_json": 400, "missing_event": 400,
    "unknown_event": 404, "unsupported_media_type": 415, "validation_failed": 422,
}  # fmt: skip


def effective_status(status: int, data: Any) -> int:
    """The status, or for a quarantined request the refusal its quarantine stands in for."""
    if status == 202 and isinstance(data, dict) and data.get("quarantined") is True:
        return REFUSAL_OF_REASON.get(data.get("reason"), status)
    return status


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
    elif data.get("quarantined") is True and not (
        data.get("reason") in REFUSAL_OF_REASON and str(data.get("id", "")).startswith("q_")
    ):
        problems.append(f"quarantined without a known reason and an id: {body[:200]!r}")
    return problems


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def run_core(case: Case, receiver: Receiver | None = None) -> tuple[int | None, list[str]]:
    receiver = receiver or receivers()[case.kind or "plain"]
    try:
        response = receiver.handle(case.request())
    except Exception as exc:
        return None, [f"handle() raised {type(exc).__name__}: {str(exc)[:200]}"]
    ctype = dict(response.headers).get("content-type")
    problems = contract_problems(response.status, response.body, ctype)
    status = effective_status(response.status, _json_or_none(response.body))
    if case.expect is not None and status != case.expect:
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


def check_core(category: str) -> None:
    """Every generated request of the category, in-process: none may break the contract."""
    tally = Tally("core", category)
    for case in generated(category):
        status, problems = run_core(case)
        tally.statuses[str(status)] += 1
        if problems:
            tally.fail(case, problems)
    RAN.add(category)
    text = tally.report()
    assert not tally.failed, text


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
        self._running = ExitStack()

    def uvicorn(self, kind: str, app: Any) -> None:
        self.urls[kind] = self._running.enter_context(uvicorn_server(app, log_level="error"))

    def wsgiref(self, kind: str, app: Any) -> None:
        server = make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        self.urls[kind] = f"http://127.0.0.1:{server.server_port}"
        self._running.callback(thread.join, 10)
        self._running.callback(server.shutdown)

    def stop(self) -> None:
        self._running.close()


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


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
            status = effective_status(status, _json_or_none(response.content))
            if expect is not None and not transformed and status != expect:
                problems.append(f"expected {expect}, got {status}: {response.content[:200]!r}")
            if problems:
                tally.fail(case, problems)
    return tally
