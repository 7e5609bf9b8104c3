"""Reliability of durable webhook delivery, with real worker processes and real loopback sockets.

A small recording HTTP receiver answers each request by a per-test script (fail k times, Retry-After, sleep,
redirect, 410) and can go down and come back on the same port. Workers run in-process or as separate
processes (the `worker` CLI, or a tiny script when a short lease is needed) that get SIGKILLed mid-stream.
Every wait polls with a deadline; every process and server is stopped in teardown. Nothing leaves loopback.
"""

from __future__ import annotations

import asyncio
import functools
import json
import signal
import socket
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest

from salesman_events import Emitter
from salesman_events._runtime.deliver.client import AsyncWebhookClient
from salesman_events._runtime.deliver.retry import RetryPolicy
from salesman_events._runtime.deliver.worker import Worker
from salesman_events._runtime.outbox.interface import Attempt, OutboxError
from salesman_events._runtime.outbox.sqlite.outbox import SQLiteOutbox
from salesman_events._runtime.wire.signing import Verifier, new_secret
from tests.helpers import SDK_ENV
from tests.helpers import wait_until as wait_until_default

LOOPBACK = ("127.0.0.0/8",)
T = TypeVar("T")
wait_until = functools.partial(wait_until_default, timeout=20.0, interval=0.02)


# --- waiting -------------------------------------------------------------------------------------------------


# --- the recording receiver ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    at: float  # time.time() when the request had been read
    mono: float  # time.monotonic() at the same moment


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b"ok"
    delay: float = 0.0  # seconds to sleep before answering


Script = Callable[[Received, int], Reply]  # (request, its 1-based number on that path) -> the answer


def always_ok(request: Received, n: int) -> Reply:
    return Reply()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], receiver: Receiver) -> None:
        self.receiver = receiver
        super().__init__(address, _Handler)

    def server_bind(self) -> None:  # no reverse DNS lookup of the host (HTTPServer's getfqdn)
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        self.receiver._track(request, add=True)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        self.receiver._track(request, add=False)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a killed or timed-out sender resets its connection: expected here


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as webhook senders pool connections
    server: _Server

    def do_POST(self) -> None:
        self.server.receiver._serve(self)

    do_GET = do_POST
    do_PUT = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Receiver:
    """A recording HTTP server on one loopback address and port, that can stop and start again on that port."""

    def __init__(self, script: Script = always_ok, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.script = script
        self.host = host
        self.port = port
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        self._per_path: Counter[str] = Counter()
        self._connections: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._halt = threading.Event()

    def url(self, path: str = "/") -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def start(self) -> Receiver:
        assert self._server is None, "already listening"
        self._halt = threading.Event()
        server_class = _Server6 if ":" in self.host else _Server
        self._server = server_class((self.host, self.port), self)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close the listening socket (connections are then refused) and every open connection."""
        server, self._server = self._server, None
        if server is None:
            return
        self._halt.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
            self._connections.clear()
        for connection in connections:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(5)

    def received(self, path: str | None = None) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if path is None or urlsplit(r.path).path == path]

    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def ids(self, path: str | None = None) -> list[str]:
        return [r.headers.get("webhook-id", "") for r in self.received(path)]

    def _track(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def _serve(self, handler: _Handler) -> None:
        length = int(handler.headers.get("content-length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in handler.headers.items()}
        request = Received(handler.command, handler.path, headers, body, time.time(), time.monotonic())
        with self._lock:
            self.requests.append(request)
            path = urlsplit(handler.path).path
            self._per_path[path] += 1
            n = self._per_path[path]
        reply = self.script(request, n)
        if reply.delay and self._halt.wait(reply.delay):
            handler.close_connection = True  # stopping: drop the connection unanswered
            return
        handler.send_response(reply.status)
        for name, value in reply.headers:
            handler.send_header(name, value)
        handler.send_header("content-length", str(len(reply.body)))
        handler.end_headers()
        handler.wfile.write(reply.body)


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- fixtures --------------------------------------------------------------------------------------------------


@pytest.fixture
def make_receiver() -> Iterator[Callable[..., Receiver]]:
    made: list[Receiver] = []

    def make(script: Script = always_ok, *, host: str = "127.0.0.1", port: int = 0, start: bool = True) -> Receiver:
        receiver = Receiver(script, host=host, port=port)
        made.append(receiver)
        return receiver.start() if start else receiver

    yield make
    for receiver in made:
        receiver.stop()


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start a Python subprocess (output to files in tmp_path); every one still running is killed at teardown."""
    started: list[subprocess.Popen[bytes]] = []

    def run(*args: str, name: str = "proc") -> subprocess.Popen[bytes]:
        log = tmp_path / f"{name}-{len(started)}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, *args], cwd=tmp_path, env=SDK_ENV, stdout=out, stderr=subprocess.STDOUT
            )
        proc.log = log  # type: ignore[attr-defined]
        started.append(proc)
        return proc

    yield run
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        with suppress(subprocess.TimeoutExpired):
            proc.wait(10)


@pytest.fixture
def outbox_path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.db"


@pytest.fixture
def emitter(outbox_path: Path) -> Iterator[Emitter]:
    emitter = Emitter(outbox=f"sqlite:///{outbox_path}", deliver=False)
    yield emitter
    emitter.close()


# --- helpers -------------------------------------------------------------------------------------------------


def query(path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """Read the outbox file directly (what another process sees)."""
    with closing(sqlite3.connect(path, timeout=10)) as db:
        return db.execute(sql, params).fetchall()


def delivery_id(path: Path, event_id: str, subscription_id: int) -> int:
    rows = query(
        path,
        "SELECT d.id FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE e.id = ? AND d.subscription_id = ?",
        event_id,
        subscription_id,
    )
    assert len(rows) == 1, rows
    return int(rows[0][0])


def counts(outbox: Any) -> tuple[int, int, int]:
    status = outbox.status()
    return status.pending, status.delivered, status.dead


def log_of(outbox: Any, path: Path, event_id: str, subscription_id: int) -> list[Attempt]:
    return list(outbox.attempts(delivery_id(path, event_id, subscription_id)))


def stop_gracefully(proc: subprocess.Popen[bytes], timeout: float = 15.0) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout)


class _ClientWorkerThread:
    """Run a worker with its own client on a private event loop; the client is closed on that same loop."""

    def __init__(self, worker: Worker, client: AsyncWebhookClient) -> None:
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        self.error: BaseException | None = None

        async def run() -> None:
            try:
                await worker.run(self._stop)
            finally:
                await client.aclose()

        def main() -> None:
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(run())
            except BaseException as error:
                self.error = error
            finally:
                self._loop.close()

        self._thread = threading.Thread(target=main, name="test-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            with suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(timeout)


@contextmanager
def running(worker: Worker, client: AsyncWebhookClient | None = None) -> Iterator[Worker]:
    """An in-process worker for the duration of the block; stopped gracefully (in-flight attempts finish)."""
    thread: Any = worker.start_thread() if client is None else _ClientWorkerThread(worker, client)
    try:
        yield worker
    finally:
        thread.stop(15)


def worker(outbox: Any, schedule: tuple[float, ...], **options: Any) -> Worker:
    """A worker with a compressed, jitter-free schedule that polls often, allowed to deliver to loopback."""
    policy = options.pop("policy", None) or RetryPolicy(schedule, jitter=0.0)
    options.setdefault("allow", LOOPBACK)
    return Worker(outbox, policy=policy, poll=0.05, **options)


# --- 1. receiver down, then back -------------------------------------------------------------------------------


def test_receiver_down_then_back_on_the_same_port_gets_every_event(
    emitter: Emitter, outbox_path: Path, make_receiver: Callable[..., Receiver], spawn: Callable[..., Any]
) -> None:
    receiver = make_receiver(port=free_port(), start=False)  # nothing listens: connection refused
    sub = emitter.outbox.subscribe(receiver.url("/hook"), ["*"], secrets=[new_secret()])
    with emitter.batch():
        emitted = [emitter.deal_close(did=i, summa="10.00") for i in range(1, 51)]
    url = f"sqlite:///{outbox_path}"
    schedule = ",".join(["0"] + ["0.3"] * 40)  # ~12 s of retries: far beyond the ~1 s outage
    proc = spawn(
        "-m", "salesman_events", "worker", "--outbox", url, "--retry-schedule", schedule,
        "--allow-private", "127.0.0.0/8", name="worker",
    )  # fmt: skip
    refused = "SELECT count(DISTINCT delivery_id) FROM attempts WHERE status IS NULL"
    wait_until(
        "every delivery to fail once while the receiver is down", lambda: query(outbox_path, refused)[0][0] == 50
    )
    down_since = time.monotonic()
    wait_until("a second of outage", lambda: time.monotonic() - down_since >= 1.0)
    assert receiver.count() == 0
    receiver.start()
    wait_until("all 50 delivered", lambda: counts(emitter.outbox) == (0, 50, 0), timeout=30)

    assert set(receiver.ids("/hook")) == set(emitted)
    first = log_of(emitter.outbox, outbox_path, emitted[0], sub.id)
    assert first[0].status is None and first[0].outcome == "retry"
    assert first[-1].status == 200 and first[-1].outcome == "delivered"
    done = subprocess.run(
        [sys.executable, "-m", "salesman_events", "status", "--json", "--outbox", url],
        env=SDK_ENV,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert (status["pending"], status["delivered"], status["dead"]) == (0, 50, 0)
    assert stop_gracefully(proc) == 0
    assert "worker stopped" in proc.log.read_text()


# --- 2. kill -9 of worker processes mid-stream ------------------------------------------------------------------

WORKER_SCRIPT = """
import asyncio, signal, sys
from salesman_events._runtime.deliver.retry import RetryPolicy
from salesman_events._runtime.outbox.sqlite.outbox import SQLiteOutbox
from salesman_events._runtime.deliver.worker import Worker

path, concurrency, lease = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
worker = Worker(SQLiteOutbox(path), concurrency=concurrency, lease=lease, poll=0.05,
                policy=RetryPolicy((0.0,) + (0.2,) * 30), allow=["127.0.0.0/8"])

async def main() -> None:
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    await worker.run(stop)

asyncio.run(main())
print("stopped", worker.stats, flush=True)
"""


def test_sigkilled_workers_lose_nothing_and_duplicate_only_in_flight_attempts(
    emitter: Emitter, outbox_path: Path, make_receiver: Callable[..., Receiver], spawn: Callable[..., Any]
) -> None:
    kills, concurrency, lease, per_kill = 3, 8, 2.0, 40
    receiver = make_receiver(lambda request, n: Reply(delay=0.02))
    emitter.outbox.subscribe(receiver.url("/hook"), ["*"])
    with emitter.batch():
        emitted = [emitter.deal_close(did=i, summa="10.00") for i in range(1, 301)]
    args = ("-c", WORKER_SCRIPT, str(outbox_path), str(concurrency), str(lease))

    for _ in range(kills):
        before = receiver.count()
        proc = spawn(*args, name="killed-worker")
        wait_until("the worker to be mid-stream", lambda: receiver.count() >= before + per_kill, timeout=30)  # noqa: B023
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(10) == -signal.SIGKILL
    assert counts(emitter.outbox)[0] > 0, "the stream ended before the last kill"

    final = spawn(*args, name="final-worker")
    wait_until("all 300 delivered", lambda: counts(emitter.outbox) == (0, 300, 0), timeout=40)
    assert stop_gracefully(final) == 0

    seen = Counter(receiver.ids())
    assert set(seen) == set(emitted), "every event reached the receiver, and nothing else did"
    duplicated = {webhook_id: n for webhook_id, n in seen.items() if n > 1}
    assert len(duplicated) <= kills * concurrency, duplicated
    assert max(seen.values()) <= 1 + kills, duplicated


# --- 3. 500 three times, then 200 -----------------------------------------------------------------------------


def test_retries_keep_the_webhook_id_with_fresh_signed_timestamps(
    emitter: Emitter, outbox_path: Path, make_receiver: Callable[..., Receiver]
) -> None:
    k = 3
    receiver = make_receiver(lambda request, n: Reply(500, body=b"boom") if n <= k else Reply())
    secret = new_secret()
    sub = emitter.outbox.subscribe(receiver.url("/hook"), ["*"], secrets=[secret])
    # Retries just over a second apart, so each attempt's (whole-second) timestamp is a new one.
    with running(worker(emitter.outbox, (0.0, 1.05, 1.05, 1.05, 1.05))):
        event_id = emitter.deal_close(did=7, summa="10.00")
        wait_until("the delivery to succeed", lambda: counts(emitter.outbox) == (0, 1, 0), timeout=30)

    got = receiver.received()
    assert len(got) == k + 1
    assert {r.headers["webhook-id"] for r in got} == {event_id}
    assert len({r.body for r in got}) == 1
    stamps = [int(r.headers["webhook-timestamp"]) for r in got]
    assert stamps == sorted(stamps) and len(set(stamps)) == k + 1, stamps
    assert all(abs(r.at - stamp) <= 2 for r, stamp in zip(got, stamps, strict=True)), "stale timestamps"
    assert len({r.headers["webhook-signature"] for r in got}) == k + 1
    verifier = Verifier([secret])
    for r in got:
        assert verifier.verify(r.headers, r.body, now=r.at) == event_id

    log = log_of(emitter.outbox, outbox_path, event_id, sub.id)
    assert [(a.status, a.outcome) for a in log] == [(500, "retry")] * k + [(200, "delivered")]
    assert log[0].response == "boom"


# --- 4. Retry-After --------------------------------------------------------------------------------------------


def _retry_after_script(values: dict[str, Callable[[], str]]) -> Script:
    """On /<status>-<name>: that status with Retry-After values[name]() the first time, then 200."""

    def script(request: Received, n: int) -> Reply:
        status, _, name = urlsplit(request.path).path.strip("/").partition("-")
        if n > 1:
            return Reply()
        return Reply(int(status), headers=(("Retry-After", values[name]()),), body=b"later")

    return script


def _gaps(receiver: Receiver, paths: list[str]) -> dict[str, float]:
    gaps = {}
    for path in paths:
        got = receiver.received(path)
        assert len(got) == 2, (path, got)
        assert got[0].headers["webhook-id"] == got[1].headers["webhook-id"]
        gaps[path] = got[1].mono - got[0].mono
    return gaps


def test_retry_after_seconds_and_http_date_delay_the_next_attempt(
    emitter: Emitter, make_receiver: Callable[..., Receiver]
) -> None:
    values = {"seconds": lambda: "1", "date": lambda: formatdate(int(time.time()) + 2, usegmt=True)}
    receiver = make_receiver(_retry_after_script(values))
    paths = ["/429-seconds", "/503-seconds", "/429-date", "/503-date"]
    for path in paths:
        emitter.outbox.subscribe(receiver.url(path), ["*"])
    with running(worker(emitter.outbox, (0.0, 0.2, 0.2, 0.2))):  # the schedule alone would retry after 0.2 s
        emitter.deal_close(did=1, summa="10.00")
        wait_until("every delivery to succeed", lambda: counts(emitter.outbox) == (0, 4, 0), timeout=30)

    for path, gap in _gaps(receiver, paths).items():
        assert 0.8 <= gap <= 10, f"{path}: retried after {gap:.2f} s"


def test_huge_retry_after_is_capped(emitter: Emitter, make_receiver: Callable[..., Receiver]) -> None:
    receiver = make_receiver(_retry_after_script({"huge": lambda: "999999"}))
    paths = ["/429-huge", "/503-huge"]
    for path in paths:
        emitter.outbox.subscribe(receiver.url(path), ["*"])
    policy = RetryPolicy((0.0, 0.2, 0.2, 0.2), jitter=0.0, retry_after_cap=1.0)
    with running(worker(emitter.outbox, (), policy=policy)):
        emitter.deal_close(did=1, summa="10.00")
        wait_until("every delivery to succeed", lambda: counts(emitter.outbox) == (0, 2, 0), timeout=30)

    for path, gap in _gaps(receiver, paths).items():
        assert 0.8 <= gap <= 10, f"{path}: retried after {gap:.2f} s"


# --- 5. redirects are never followed --------------------------------------------------------------------------


def test_redirect_is_a_failure_and_never_followed(
    emitter: Emitter, outbox_path: Path, make_receiver: Callable[..., Receiver]
) -> None:
    target = make_receiver()
    receiver = make_receiver(lambda request, n: Reply(302, headers=(("Location", target.url("/")),)))
    sub = emitter.outbox.subscribe(receiver.url("/hook"), ["*"])
    with running(worker(emitter.outbox, (0.0, 0.2, 0.2))):
        event_id = emitter.deal_close(did=1, summa="10.00")
        wait_until("the delivery to die", lambda: counts(emitter.outbox) == (0, 0, 1), timeout=30)

    assert target.received() == []
    assert receiver.ids() == [event_id] * 3
    log = log_of(emitter.outbox, outbox_path, event_id, sub.id)
    assert [(a.status, a.outcome) for a in log] == [(302, "retry"), (302, "retry"), (302, "dead")]


# --- 6. 410 disables the subscription --------------------------------------------------------------------------


def test_gone_disables_the_subscription(
    emitter: Emitter, outbox_path: Path, make_receiver: Callable[..., Receiver]
) -> None:
    receiver = make_receiver(lambda request, n: Reply(410) if request.path == "/gone" else Reply())
    gone = emitter.outbox.subscribe(receiver.url("/gone"), ["*"])
    ok = emitter.outbox.subscribe(receiver.url("/ok"), ["*"])
    with running(worker(emitter.outbox, (0.0, 0.2, 0.2))):
        first = emitter.deal_close(did=1, summa="10.00")

        def disabled() -> Any:
            return next((s for s in emitter.outbox.subscriptions() if s.id == gone.id and not s.enabled), None)

        subscription = wait_until("the subscription to be disabled", disabled)
        assert "410" in subscription.disabled_reason and "/gone" in subscription.disabled_reason
        later = [emitter.deal_close(did=i, summa="10.00") for i in range(2, 5)]
        wait_until("the other subscription to get every event", lambda: len(receiver.received("/ok")) == 4)
        time.sleep(0.5)  # a chance for any (wrong) further attempt to /gone to arrive

    assert receiver.ids("/gone") == [first]
    assert set(receiver.ids("/ok")) == {first, *later}
    by_subscription = (
        "SELECT e.id, d.state FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE subscription_id = ?"
    )
    assert query(outbox_path, by_subscription, gone.id) == [(first, "cancelled")]
    assert [(a.status, a.outcome) for a in log_of(emitter.outbox, outbox_path, first, gone.id)] == [(410, "disable")]
    assert counts(emitter.outbox) == (0, 4, 0)
    assert {s.id: s.enabled for s in emitter.outbox.subscriptions()} == {gone.id: False, ok.id: True}


# --- 7. a slow receiver times out and is retried ---------------------------------------------------------------


def test_slow_receiver_times_out_and_the_retry_succeeds(
    emitter: Emitter, outbox_path: Path, make_receiver: Callable[..., Receiver]
) -> None:
    receiver = make_receiver(lambda request, n: Reply(delay=3.0) if n == 1 else Reply())
    sub = emitter.outbox.subscribe(receiver.url("/hook"), ["*"])
    client = AsyncWebhookClient(timeout=1.0, connect_timeout=1.0, allow=LOOPBACK)
    with running(worker(emitter.outbox, (0.0, 0.2, 0.2), client=client), client):
        event_id = emitter.deal_close(did=1, summa="10.00")
        wait_until("the retry to succeed", lambda: counts(emitter.outbox) == (0, 1, 0), timeout=30)

    log = log_of(emitter.outbox, outbox_path, event_id, sub.id)
    assert [(a.status, a.outcome) for a in log] == [(None, "retry"), (200, "delivered")]
    assert "timeout" in log[0].response.lower(), log[0].response
    assert 0.9 <= log[0].latency < 2.9, log[0].latency
    assert receiver.ids() == [event_id, event_id]


# --- 8. SSRF: internal targets are refused before any connect ----------------------------------------------------

LOOPBACK_PEERS = frozenset({"127.0.0.1", "::1"})


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every connect in this process that is not to 127.0.0.1 or ::1 fail before a packet is sent.

    Returns the list of refused targets. Covers plain sockets and asyncio (which httpx/anyio use).
    """
    attempts: list[str] = []

    def check(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in LOOPBACK_PEERS:
            attempts.append(repr(address))
            raise ConnectionRefusedError(f"test guard: no connect outside loopback ({address!r})")

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_create = asyncio.BaseEventLoop.create_connection
    real_sock_connect = asyncio.selector_events.BaseSelectorEventLoop.sock_connect

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    async def create_connection(self: Any, protocol_factory: Any, host: Any = None, port: Any = None, **kw: Any) -> Any:
        if host is not None:
            check((host, port))
        return await real_create(self, protocol_factory, host, port, **kw)

    async def sock_connect(self: Any, sock: socket.socket, address: Any) -> None:
        check(address)
        return await real_sock_connect(self, sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(asyncio.BaseEventLoop, "create_connection", create_connection)
    monkeypatch.setattr(asyncio.selector_events.BaseSelectorEventLoop, "sock_connect", sock_connect)

    # The guard itself works (checked against a harmless loopback address outside the allowed pair).
    with closing(socket.socket()) as s, pytest.raises(ConnectionRefusedError, match="test guard"):
        s.connect(("127.0.0.2", 9))
    with pytest.raises(ConnectionRefusedError, match="test guard"):
        asyncio.run(asyncio.open_connection("127.0.0.2", 9))
    attempts.clear()
    return attempts


def _ssrf_receivers(make_receiver: Callable[..., Receiver]) -> tuple[int, list[Receiver]]:
    receivers = [make_receiver()]
    with suppress(OSError):  # a second recorder on ::1, same port, where IPv6 loopback is available
        receivers.append(make_receiver(host="::1", port=receivers[0].port))
    return receivers[0].port, receivers


def test_ssrf_internal_targets_are_refused_before_connecting(
    emitter: Emitter,
    outbox_path: Path,
    make_receiver: Callable[..., Receiver],
    loopback_only: list[str],
) -> None:
    port, receivers = _ssrf_receivers(make_receiver)
    targets = {
        f"http://127.0.0.1:{port}/": "loopback",
        f"http://localhost:{port}/": "loopback",
        f"http://[::1]:{port}/": "loopback",
        "http://169.254.169.254/": "cloud metadata",
        "http://10.0.0.1/": "private",
        f"http://[::ffff:127.0.0.1]:{port}/": "loopback",
        f"http://2130706433:{port}/": "loopback",
    }
    subs = {url: emitter.outbox.subscribe(url, ["*"]) for url in targets}
    with running(worker(emitter.outbox, (0.0,), allow=())):  # no allow-list
        event_id = emitter.deal_close(did=1, summa="10.00")
        wait_until("every delivery to be refused", lambda: counts(emitter.outbox) == (0, 0, len(targets)))

    for url, reason in targets.items():
        log = log_of(emitter.outbox, outbox_path, event_id, subs[url].id)
        assert [(a.status, a.outcome) for a in log] == [(None, "dead")], url
        assert "refusing to connect" in log[0].response and f"({reason})" in log[0].response, (url, log[0].response)
    assert loopback_only == [], "a connect outside loopback was attempted"
    for receiver in receivers:
        assert receiver.received() == []


def test_ssrf_cli_worker_refuses_loopback_without_allow_list(
    emitter: Emitter, outbox_path: Path, make_receiver: Callable[..., Receiver], spawn: Callable[..., Any]
) -> None:
    port, receivers = _ssrf_receivers(make_receiver)
    urls = [
        f"http://{host}:{port}/" for host in ("127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "2130706433")
    ]
    subs = [emitter.outbox.subscribe(url, ["*"]) for url in urls]  # loopback only: safe even if the guard failed
    event_id = emitter.deal_close(did=1, summa="10.00")
    proc = spawn("-m", "salesman_events", "worker", "--outbox", f"sqlite:///{outbox_path}", "--retry-schedule", "0")
    wait_until("every delivery to be refused", lambda: counts(emitter.outbox) == (0, 0, len(urls)), timeout=30)
    assert stop_gracefully(proc) == 0

    for sub in subs:
        log = log_of(emitter.outbox, outbox_path, event_id, sub.id)
        assert [a.status for a in log] == [None] and "refusing to connect" in log[0].response, (sub.url, log)
    for receiver in receivers:
        assert receiver.received() == []


# --- 9. a locked or full outbox -------------------------------------------------------------------------------


def test_locked_outbox_refuses_emit_clearly_and_loses_nothing(
    outbox_path: Path, make_receiver: Callable[..., Receiver]
) -> None:
    receiver = make_receiver()
    outbox = SQLiteOutbox(outbox_path, timeout=0.2)
    emitter = Emitter(outbox=outbox, deliver=False)
    try:
        outbox.subscribe(receiver.url("/hook"), ["*"])
        before = [emitter.deal_close(did=i, summa="10.00") for i in range(1, 6)]
        holder = sqlite3.connect(outbox_path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            started = time.monotonic()
            with pytest.raises(OutboxError, match="locked") as raised:
                emitter.deal_close(did=99, summa="10.00")
            assert time.monotonic() - started < 5
            assert str(outbox_path) in str(raised.value)
            assert counts(outbox) == (5, 0, 0), "readers still see what was committed"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        after = emitter.deal_close(did=6, summa="10.00")
        assert query(outbox_path, "SELECT count(*) FROM events") == [(6,)]
        with running(worker(outbox, (0.0, 0.2, 0.2))):
            wait_until("everything delivered", lambda: counts(outbox) == (0, 6, 0))
        assert sorted(receiver.ids()) == sorted([*before, after])
    finally:
        emitter.close()


def test_full_outbox_refuses_emit_clearly_and_loses_nothing(
    outbox_path: Path, make_receiver: Callable[..., Receiver]
) -> None:
    receiver = make_receiver()
    capped = SQLiteOutbox(outbox_path, max_bytes=256 * 1024)  # PRAGMA max_page_count on each connection
    emitter = Emitter(outbox=capped, deliver=False)
    committed: list[str] = []
    try:
        capped.subscribe(receiver.url("/hook"), ["*"])
        with pytest.raises(OutboxError, match="full") as raised:
            for i in range(1, 200):
                committed.append(emitter.deal_close(did=i, summa="10.00", note="x" * 20_000))
        assert str(outbox_path) in str(raised.value)
        assert len(committed) >= 3
        assert counts(capped) == (len(committed), 0, 0)
    finally:
        emitter.close()
    assert query(outbox_path, "SELECT count(*) FROM events") == [(len(committed),)]

    outbox = SQLiteOutbox(outbox_path)  # room again (the operator freed space / raised the cap)
    try:
        with running(worker(outbox, (0.0, 0.2, 0.2))):
            wait_until("everything delivered", lambda: counts(outbox) == (0, len(committed), 0))
    finally:
        outbox.close()
    assert sorted(receiver.ids()) == sorted(committed)
