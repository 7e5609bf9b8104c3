"""Workers on the PostgreSQL outbox, as separate processes sharing one database, delivering to a loopback receiver:
woken by NOTIFY at commit rather than by their poll; SIGKILLed mid-stream without losing anything; through a
restart of the server (emits fail with a clear OutboxError while it is down; the workers carry on by themselves).
Every wait has a deadline; every process is stopped; the server is started again whatever happens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from salesman_events import Emitter
from salesman_events._runtime.deliver.worker import Worker, WorkerThread
from salesman_events._runtime.outbox import OutboxError
from tests.helpers import POSTGRES_URL, SDK_ENV, unavailable, wait_until

from .conftest import Recorder

WORKER = r"""
import asyncio, logging, os, signal, sys
from salesman_events._runtime.outbox.postgres import PostgresOutbox
from salesman_events._runtime.deliver.retry import RetryPolicy
from salesman_events._runtime.deliver.worker import Worker
logging.basicConfig(level=logging.WARNING, format="LOG %(levelname)s %(name)s %(message)s")
url, schema, concurrency, lease = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
async def main():
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    worker = Worker(PostgresOutbox(url, schema=schema), concurrency=concurrency, lease=lease, poll=0.05,
                    policy=RetryPolicy((0.0,) + (0.2,) * 30, jitter=0.0), allow=["127.0.0.0/8"])
    await worker.run(stop)
asyncio.run(main())
"""
CLUSTER = Path("/etc/postgresql")


@pytest.fixture
def spawn(tmp_path: Path, postgres_schema: str) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start worker processes on the test's schema (stderr to files); every one still running is killed at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def worker(concurrency: int = 8, lease: float = 2.0) -> subprocess.Popen[bytes]:
        with (tmp_path / f"worker-{len(started)}.err").open("wb") as err:
            command = [sys.executable, "-c", WORKER, POSTGRES_URL, postgres_schema, str(concurrency), str(lease)]
            started.append(subprocess.Popen(command, env=SDK_ENV, stdout=subprocess.DEVNULL, stderr=err))
        return started[-1]

    yield worker
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def logged_errors(tmp_path: Path) -> list[str]:
    return [line for p in tmp_path.glob("worker-*.err") for line in p.read_text().splitlines() if "LOG ERROR" in line]


def test_a_worker_is_woken_by_the_commit_not_by_its_poll(outbox_url: str, receiver: Recorder) -> None:
    emitter = Emitter(outbox_url, deliver=False)
    emitter.outbox.subscribe(receiver.url, ["*"])
    thread = WorkerThread(Worker(emitter.outbox, poll=30.0, allow=["127.0.0.0/8"]))
    try:
        time.sleep(0.5)  # the worker's first claim found nothing: it waits for 30 s now, or for a wake-up
        for n in range(3):
            started = time.monotonic()
            event_id = emitter.deal_close(did=n + 1)
            wait_until("the delivery", lambda: event_id in receiver.ids(), timeout=10)  # noqa: B023
            assert time.monotonic() - started < 2.0
    finally:
        thread.stop(10)
        emitter.close()


def test_sigkilled_workers_sharing_the_database_lose_nothing(
    outbox_url: str, spawn: Callable[..., subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    kills, concurrency, per_kill = 3, 8, 40
    receiver = Recorder(delay=0.02)
    from tests.helpers import uvicorn_server

    with uvicorn_server(receiver) as base:
        emitter = Emitter(outbox_url, deliver=False)
        emitter.outbox.subscribe(base + "/hook", ["*"])
        with emitter.batch():
            emitted = [emitter.deal_close(did=n) for n in range(1, 301)]
        survivor = spawn(concurrency)
        for _ in range(kills):
            before = sum(receiver.ids().values())
            victim = spawn(concurrency)
            wait_until("the worker mid-stream", lambda: sum(receiver.ids().values()) >= before + per_kill)  # noqa: B023
            victim.send_signal(signal.SIGKILL)
            assert victim.wait(10) == -signal.SIGKILL
        assert emitter.outbox.status().pending > 0, "the stream ended before the last kill"
        wait_until("all 300 delivered", lambda: emitter.outbox.status().pending == 0, timeout=60)
        survivor.send_signal(signal.SIGTERM)
        assert survivor.wait(15) == 0
        seen = receiver.ids()
        emitter.close()
    assert set(seen) == set(emitted), "every event reached the receiver, and nothing else did"
    assert sum(n - 1 for n in seen.values()) <= kills * concurrency  # repeats only of attempts in flight
    assert logged_errors(tmp_path) == []


def pg_ctl(action: str) -> None:
    """`pg_ctlcluster <version> main <action>` (fast shutdown), as this machine's PostgreSQL is run."""
    versions = sorted(CLUSTER.iterdir()) if CLUSTER.is_dir() else []
    if not versions:
        unavailable("no PostgreSQL cluster to restart (pg_ctlcluster)")
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", action]
    subprocess.run([*command, *(["-m", "fast"] if action == "stop" else [])], check=True, timeout=60)


def reachable() -> bool:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=1).close()
        return True
    except psycopg.Error:
        return False


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_server_restart_mid_run_fails_emits_clearly_and_the_workers_carry_on(
    outbox_url: str, receiver: Recorder, spawn: Callable[..., subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    emitter = Emitter(outbox_url, deliver=False)
    emitter.outbox.subscribe(receiver.url, ["*"])
    workers = [spawn(), spawn()]
    receiver.delay = 0.05  # 2 x 8 in flight: about 300 a second
    with emitter.batch():
        before = [emitter.deal_close(did=n) for n in range(1, 301)]
    wait_until("the stream under way", lambda: len(receiver.ids()) >= 50)
    cpu = [cpu_seconds(w.pid) for w in workers]
    started = time.monotonic()
    try:
        pg_ctl("stop")
        delivered_when_stopped = len(receiver.ids())
        with pytest.raises(OutboxError, match="unreachable"):
            emitter.deal_close(did=100)
        with pytest.raises(OutboxError, match="unreachable"):
            emitter.outbox.status()
        time.sleep(2.0)
    finally:
        pg_ctl("start")
        wait_until("PostgreSQL up again", reachable, timeout=30, interval=0.2)
    outage = time.monotonic() - started
    assert delivered_when_stopped < len(before), "the stream ended before the server stopped"
    assert all(w.poll() is None for w in workers)
    assert all(cpu_seconds(w.pid) - was < 0.25 * outage for w, was in zip(workers, cpu, strict=True))
    after = [emitter.deal_close(did=n) for n in range(200, 250)]  # the first emit after the restart succeeds too
    everything = set(before) | set(after)
    wait_until("all delivered by the same workers", lambda: set(receiver.ids()) >= everything, timeout=30)
    assert set(receiver.ids()) == everything
    assert all(w.poll() is None for w in workers) and len(logged_errors(tmp_path)) < 50
    emitter.close()
