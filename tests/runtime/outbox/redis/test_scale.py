"""Scale and recovery of the Redis outbox with real processes: producers, workers and a loopback receiver.

Producers and workers are small ``python -c`` scripts (their own processes), all on one Redis key prefix unique to
the test (deleted at the end). A threaded recording receiver on 127.0.0.1 records (path, webhook-id) per request.
Covers: many producers and workers with two subscriptions (all events, ``deal.*``); SIGKILL of workers mid-run
(duplicates only for attempts in flight); a real Redis restart (no persistence: the data is lost, but workers keep
running without a hot error loop, emits fail with OutboxError, and new events are delivered by the same workers);
``XGROUP DESTROY`` mid-run; the outbox's keys lost (as a restart loses them) and the subscriptions made anew.
Redis missing: skipped locally, a failure when CI=true. Every wait has a deadline; every process is stopped.
"""

from __future__ import annotations

import json
import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest
import redis

from salesman_events import Emitter
from salesman_events._runtime.outbox.interface import OutboxError
from salesman_events._runtime.outbox.redis.outbox import RedisOutbox
from tests.helpers import REDIS_URL, SDK_ENV, delete_prefix, redis_client, wait_until

CONCURRENCY = 16
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
    "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip  # exactly how this machine starts it
T = TypeVar("T")

WORKER = r"""
import asyncio, logging, signal, sys, time
from salesman_events._runtime.outbox.redis.outbox import RedisOutbox
from salesman_events._runtime.deliver.retry import RetryPolicy
from salesman_events._runtime.deliver.worker import Worker
logging.basicConfig(level=logging.WARNING, format="LOG %(levelname)s %(name)s %(message)s")
url, prefix, count_file = sys.argv[1:4]
async def main():
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    worker = Worker(RedisOutbox(url, prefix=prefix), concurrency=16,
                    policy=RetryPolicy((0, 0.2, 0.2, 0.5, 1, 1, 1, 1, 1, 1)), lease=2.0, allow=["127.0.0.0/8"],
                    poll=0.05)
    async def report():
        while True:
            with open(count_file + ".tmp", "w") as f:
                f.write(str(worker.stats.delivered))
            import os; os.replace(count_file + ".tmp", count_file)
            await asyncio.sleep(0.1)
    reporter = asyncio.ensure_future(report())
    await worker.run(stop)
    reporter.cancel()
asyncio.run(main())
"""

PRODUCER = r"""
import json, sys
from salesman_events import Emitter
from salesman_events._runtime.outbox.redis.outbox import RedisOutbox
url, prefix, n, base = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
emitter = Emitter(outbox=RedisOutbox(url, prefix=prefix), deliver=False)
deals, others = [], []
def one(i):
    if i % 2:
        deals.append(emitter.deal_close(did=base + i + 1))
    else:
        others.append(emitter.task_add(id=base + i + 1))
i = 0
while i < n:  # singles and batches of 50, alternately
    if (i // 50) % 2:
        with emitter.batch():
            for j in range(i, min(i + 50, n)):
                one(j)
    else:
        for j in range(i, min(i + 50, n)):
            one(j)
    i += 50
emitter.close()
print(json.dumps({"deals": deals, "others": others}))
"""


# --- helpers --------------------------------------------------------------------------------------------------


@pytest.fixture
def prefix() -> Iterator[str]:
    client = redis_client()
    name = f"test-{uuid.uuid4().hex}:"
    yield name
    with_redis(lambda c: delete_prefix(c, name))
    client.close()


def with_redis(action: Callable[[redis.Redis], T]) -> T:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        return action(client)
    finally:
        client.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256
    allow_reuse_address = True

    def server_bind(self) -> None:  # no reverse DNS lookup (HTTPServer's getfqdn)
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a killed sender resets its connection: expected


class Receiver:
    """Records (path, webhook-id) of every request on 127.0.0.1 and answers 200 after `delay` seconds."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.got: list[tuple[str, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.got.append((self.path, self.headers.get("webhook-id") or ""))
                self.send_response(200)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def ids(self, path: str) -> set[str]:
        with self.lock:
            return {i for p, i in self.got if p == path}

    def repeats(self) -> int:
        """How many requests repeated a (path, webhook-id) already received."""
        with self.lock:
            return sum(n - 1 for n in Counter(self.got).values())

    def count(self) -> int:
        with self.lock:
            return len(self.got)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


class Procs:
    """Worker and producer processes of one test, stderr to files, all stopped at teardown."""

    def __init__(self, tmp: Path, prefix: str) -> None:
        self.tmp, self.prefix = tmp, prefix
        self.workers: list[subprocess.Popen[bytes]] = []
        self.others: list[subprocess.Popen[bytes]] = []

    def worker(self) -> subprocess.Popen[bytes]:
        n = len(self.workers)
        with open(self.tmp / f"worker{n}.err", "wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-c", WORKER, REDIS_URL, self.prefix, str(self.tmp / f"worker{n}.count")],
                env=SDK_ENV, stdout=subprocess.DEVNULL, stderr=err,
            )  # fmt: skip
        self.workers.append(proc)
        return proc

    def delivered(self, n: int) -> int:
        try:
            return int((self.tmp / f"worker{n}.count").read_text() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def errors(self, n: int) -> list[str]:
        text = (self.tmp / f"worker{n}.err").read_text(errors="replace")
        return [line for line in text.splitlines() if line.startswith("LOG ERROR")]

    def stderr(self, n: int) -> str:
        return (self.tmp / f"worker{n}.err").read_text(errors="replace")[-3000:]

    def producer(self, n: int, base: int) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [sys.executable, "-c", PRODUCER, REDIS_URL, self.prefix, str(n), str(base)],
            env=SDK_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.others.append(proc)
        return proc

    def stop(self) -> None:
        for proc in self.workers + self.others:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.workers + self.others:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


@pytest.fixture
def procs(tmp_path: Path, prefix: str) -> Iterator[Procs]:
    p = Procs(tmp_path, prefix)
    yield p
    p.stop()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def emit_some(outbox: RedisOutbox, n: int, base: int) -> tuple[set[str], set[str]]:
    """n events in-process (half deal.close), in one batch; returns (deal ids, other ids)."""
    emitter = Emitter(outbox=outbox, deliver=False)
    deals, others = set(), set()
    with emitter.batch():
        for i in range(n):
            if i % 2:
                deals.add(emitter.deal_close(did=base + i + 1))
            else:
                others.add(emitter.task_add(id=base + i + 1))
    return deals, others


def all_delivered(receiver: Receiver, deals: set[str], others: set[str], all_path: str, deal_path: str) -> bool:
    return receiver.ids(all_path) >= deals | others and receiver.ids(deal_path) >= deals


def check_exact(receiver: Receiver, deals: set[str], others: set[str], all_path: str, deal_path: str) -> None:
    assert receiver.ids(all_path) == deals | others
    assert receiver.ids(deal_path) == deals


def setup_subscriptions(outbox: RedisOutbox, receiver: Receiver, tag: str = "") -> tuple[str, str]:
    outbox.subscribe(f"{receiver.url}/all{tag}", ["*"])
    outbox.subscribe(f"{receiver.url}/deals{tag}", ["deal.*"])
    return f"/all{tag}", f"/deals{tag}"


def redis_ping() -> bool:
    try:
        return bool(with_redis(lambda c: c.ping()))
    except redis.RedisError:
        return False


# --- the tests ------------------------------------------------------------------------------------------------


def test_many_producers_and_workers_deliver_everything_to_every_matching_subscription(
    prefix: str, receiver: Receiver, procs: Procs
) -> None:
    outbox = RedisOutbox(REDIS_URL, prefix=prefix)
    all_path, deal_path = setup_subscriptions(outbox, receiver)
    for _ in range(3):
        procs.worker()
    producers = [procs.producer(500, k * 10_000) for k in range(4)]
    deals: set[str] = set()
    others: set[str] = set()
    for proc in producers:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
        ids = json.loads(out)
        deals |= set(ids["deals"])
        others |= set(ids["others"])
    assert len(deals) == len(others) == 1000
    wait_until("every delivery", lambda: all_delivered(receiver, deals, others, all_path, deal_path), timeout=45)
    wait_until("pending 0", lambda: outbox.status().pending == 0, timeout=10)
    check_exact(receiver, deals, others, all_path, deal_path)
    status = outbox.status()
    assert status.delivered == 3000 and status.dead == 0
    assert receiver.repeats() == 0, "a clean run (no worker lost, no lease expired) repeats no delivery"
    assert all(w.poll() is None for w in procs.workers), "a worker exited"
    outbox.close()


def test_workers_killed_mid_run_the_rest_deliver_everything(prefix: str, procs: Procs) -> None:
    receiver = Receiver(delay=0.004)  # slow enough that the run lasts a few seconds
    try:
        outbox = RedisOutbox(REDIS_URL, prefix=prefix)
        all_path, deal_path = setup_subscriptions(outbox, receiver)
        deals: set[str] = set()
        others: set[str] = set()
        for k in range(3):
            d, o = emit_some(outbox, 500, k * 1000)
            deals |= d
            others |= o
        workers = [procs.worker() for _ in range(3)]
        wait_until("two workers delivered some", lambda: procs.delivered(0) >= 20 and procs.delivered(1) >= 20)
        assert receiver.count() < 2000, "the run finished before the kill: make the receiver slower"
        for w in workers[:2]:
            os.kill(w.pid, signal.SIGKILL)
            w.wait(5)
        wait_until("every delivery", lambda: all_delivered(receiver, deals, others, all_path, deal_path), timeout=45)
        wait_until("pending 0", lambda: outbox.status().pending == 0, timeout=10)
        check_exact(receiver, deals, others, all_path, deal_path)
        assert workers[2].poll() is None
        assert receiver.repeats() <= 2 * CONCURRENCY, f"{receiver.repeats()} repeated deliveries"
        outbox.close()
    finally:
        receiver.close()


def test_redis_restart_workers_and_emitters_recover(prefix: str, receiver: Receiver, procs: Procs) -> None:
    outbox = RedisOutbox(REDIS_URL, prefix=prefix)
    all_path, deal_path = setup_subscriptions(outbox, receiver)
    workers = [procs.worker() for _ in range(2)]
    deals, others = emit_some(outbox, 100, 0)
    wait_until("the first events delivered", lambda: all_delivered(receiver, deals, others, all_path, deal_path))
    wait_until("pending 0", lambda: outbox.status().pending == 0)
    errors_before = [len(procs.errors(n)) for n in range(2)]
    cpu_before = [cpu_seconds(w.pid) for w in workers]
    started = time.monotonic()
    try:
        subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], timeout=10, capture_output=True)
        wait_until("Redis down", lambda: not redis_ping(), timeout=10)
        time.sleep(1.0)
        with pytest.raises(OutboxError, match="unreachable"):
            emit_some(outbox, 4, 5000)
        with pytest.raises(OutboxError, match="unreachable"):
            outbox.status()
        time.sleep(2.0)
    finally:
        subprocess.run(REDIS_START, timeout=15, check=False, capture_output=True)
        wait_until("Redis up again", redis_ping, timeout=20, interval=0.1)
    outage = time.monotonic() - started
    cpu = [cpu_seconds(w.pid) - before for w, before in zip(workers, cpu_before, strict=True)]
    assert all(w.poll() is None for w in workers), [procs.stderr(n) for n in range(2)]
    errors = [len(procs.errors(n)) - before for n, before in enumerate(errors_before)]
    assert all(e < 50 for e in errors), (errors, procs.stderr(0))
    assert all(c < 0.25 * outage for c in cpu), f"worker CPU {cpu} s over an outage of {outage:.1f} s"
    # Nothing was kept (no persistence): the subscriptions are made again, the same ones, and new events flow.
    assert outbox.status().pending == 0 and not outbox.subscriptions()
    setup_subscriptions(outbox, receiver)
    deals, others = emit_some(outbox, 200, 10_000)
    wait_until("events after the restart delivered by the same workers",
               lambda: all_delivered(receiver, deals, others, all_path, deal_path))  # fmt: skip
    wait_until("pending 0", lambda: outbox.status().pending == 0)
    assert all(w.poll() is None for w in workers)
    groups = with_redis(lambda c: c.xinfo_groups(prefix + "due"))
    assert [g["name"] for g in groups] == [b"workers"]
    outbox.close()


def test_group_destroyed_mid_run_everything_still_delivered(prefix: str, procs: Procs) -> None:
    receiver = Receiver(delay=0.003)
    try:
        outbox = RedisOutbox(REDIS_URL, prefix=prefix)
        all_path, deal_path = setup_subscriptions(outbox, receiver)
        deals, others = emit_some(outbox, 1000, 0)
        workers = [procs.worker() for _ in range(2)]
        wait_until("some delivered", lambda: receiver.count() >= 200)
        assert with_redis(lambda c: c.xgroup_destroy(prefix + "due", "workers")) == 1
        d, o = emit_some(outbox, 200, 5000)
        deals |= d
        others |= o
        wait_until("every delivery", lambda: all_delivered(receiver, deals, others, all_path, deal_path), timeout=45)
        wait_until("pending 0", lambda: outbox.status().pending == 0, timeout=10)
        check_exact(receiver, deals, others, all_path, deal_path)
        assert all(w.poll() is None for w in workers)
        assert all(len(procs.errors(n)) == 0 for n in range(2)), procs.stderr(0)
        outbox.close()
    finally:
        receiver.close()


def test_outbox_keys_lost_and_subscriptions_made_anew_workers_follow_the_new_ones(
    prefix: str, receiver: Receiver, procs: Procs
) -> None:
    """What a Redis restart without persistence does to one prefix, then new subscriptions (other URLs)."""
    outbox = RedisOutbox(REDIS_URL, prefix=prefix)
    all_path, deal_path = setup_subscriptions(outbox, receiver)
    procs.worker()
    deals, others = emit_some(outbox, 50, 0)
    wait_until("first events delivered", lambda: all_delivered(receiver, deals, others, all_path, deal_path))
    with_redis(lambda c: delete_prefix(c, prefix))
    new_all, new_deals = setup_subscriptions(outbox, receiver, tag="-new")
    fresh = RedisOutbox(REDIS_URL, prefix=prefix)  # a new emitter process, say
    deals, others = emit_some(fresh, 50, 1000)
    wait_until("pending 0", lambda: fresh.status().pending == 0, timeout=15)
    assert not receiver.ids(all_path) & (deals | others), "new events were posted to a deleted subscription's URL"
    assert receiver.ids(new_all) == deals | others
    assert receiver.ids(new_deals) == deals
    fresh.close()
    outbox.close()
