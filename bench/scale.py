"""Benchmark: how webhook delivery scales with worker processes on the Redis outbox, next to SQLite.

All on 127.0.0.1. The receiver is a bare asyncio HTTP/1.1 server in its own process (keep-alive, answers 200 ``ok``
at once); so that it is not mistaken for the bottleneck, its raw capacity is measured too: ``httpx.AsyncClient``
over ``httpx_aiohttp.AiohttpTransport``, 64 requests in flight, for a few seconds, no outbox.

1. Delivery: N ``deal.close`` events (4,000; ``--quick`` 800) pre-enqueued in batches into a fresh outbox with one
   subscription (``*``) on the receiver; then k worker processes (each ``Worker(concurrency=16, poll=0.05)``,
   started and imported beforehand, released together by a go-file) drain it; the time runs from the go until
   ``status().pending == 0``. Redis with k = 1, 2, 4 (a fresh key prefix each, deleted afterwards), and the SQLite
   backend with k = 1 (a fresh file in a temp dir under /tmp/scale-helper/). Also the CPU seconds each part used
   during the drain: the workers (/proc), the receiver (/proc), Redis (``INFO cpu``) and the rest of the machine
   (/proc/stat minus those: this script's polling and any other load, which skews a shared machine's figures).
2. Enqueue: k = 1, 2, 4 producer processes on Redis, each emitting N/k events in batches of 100 with
   ``emitter.deal_close`` after one warm-up event; rate = N / (last end - first start), the starts released together
   by a go-file.

It prints the table, the scaling curve 1 -> 2 -> 4 workers, and one line on where this machine caps it (workers,
receiver and Redis share its cores). Run from the repo root: ``.venv/bin/python bench/scale.py [--quick] [--json]``.
It reports, it does not judge: the exit status is 1 only if Redis or the receiver can't be reached.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generated"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
import redis
from httpx_aiohttp import AiohttpTransport
from loopback import start_receiver

from salesman_events import Emitter
from salesman_events._runtime.outbox.interface import Outbox
from salesman_events._runtime.outbox.redis.outbox import RedisOutbox
from salesman_events._runtime.outbox.sqlite.outbox import SQLiteOutbox

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/scale-helper")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
ENV = {**os.environ, "PYTHONPATH": f"{ROOT / 'generated'}{os.pathsep}{ROOT}"}
BATCH = 100


WORKER = r"""
import asyncio, os, signal, sys, time
from salesman_events._runtime.outbox.redis.outbox import RedisOutbox
from salesman_events._runtime.outbox.sqlite.outbox import SQLiteOutbox
from salesman_events._runtime.deliver.worker import Worker
where, prefix, go = sys.argv[1:4]
outbox = RedisOutbox(where, prefix=prefix) if where.startswith("redis://") else SQLiteOutbox(where)
worker = Worker(outbox, concurrency=16, lease=30.0, allow=["127.0.0.0/8"], poll=0.05)
async def main():
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    while not os.path.exists(go) and not stop.is_set():
        await asyncio.sleep(0.005)
    await worker.run(stop)
asyncio.run(main())
outbox.close()
"""

PRODUCER = r"""
import json, os, sys, time
from salesman_events import Emitter
from salesman_events._runtime.outbox.redis.outbox import RedisOutbox
url, prefix, n, base, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
emitter = Emitter(outbox=RedisOutbox(url, prefix=prefix), deliver=False)
with emitter.batch():  # warm-up (model, subscriptions cache, connection), not counted
    emitter.deal_close(did=1, summa="100.00")
while not os.path.exists(go):
    time.sleep(0.002)
started = time.time()
for start in range(0, n, 100):
    with emitter.batch():
        for i in range(start, min(start + 100, n)):
            emitter.deal_close(did=base + i + 1, summa="100.00")
ended = time.time()
emitter.close()
print(json.dumps([started, ended]))
"""


@dataclass
class DeliveryRun:
    backend: str
    workers: int
    events: int
    delivered: int
    seconds: float
    rate: float  # deliveries/s
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds during the drain: workers, receiver, redis


@dataclass
class EnqueueRun:
    producers: int
    events: int
    seconds: float
    rate: float  # events/s


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process, from /proc/<pid>/stat (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds all processes of the machine used so far (non-idle jiffies, /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")  # minus idle and iowait


def redis_cpu(client: redis.Redis) -> float:
    info: dict[str, Any] = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def delete_prefix(client: redis.Redis, prefix: str) -> None:
    keys = list(client.scan_iter(match=prefix + "*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


async def raw_post_rate(url: str, seconds: float, in_flight: int = 64) -> tuple[float, int]:
    """Requests/s posting straight to the receiver (httpx over aiohttp), no outbox; and how many were posted."""
    body = json.dumps({"did": "1", "summa": "100.00"}).encode()
    done = 0
    async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
        for _ in range(in_flight):  # warm the pool
            await client.post(url, content=body)
        deadline = time.monotonic() + seconds

        async def loop() -> None:
            nonlocal done
            while time.monotonic() < deadline:
                response = await client.post(url, content=body, headers={"content-type": "application/json"})
                if response.status_code == 200:
                    done += 1

        started = time.monotonic()
        await asyncio.gather(*(loop() for _ in range(in_flight)))
        return done / (time.monotonic() - started), done


def enqueue(outbox: Outbox, n: int) -> None:
    emitter = Emitter(outbox=outbox, deliver=False)
    for start in range(0, n, 1000):
        with emitter.batch():
            for i in range(start, min(start + 1000, n)):
                emitter.deal_close(did=i + 1, summa="100.00")


def drain(
    backend: str, where: str, workers: int, n: int, url: str, receiver: int, client: redis.Redis, timeout: float
) -> DeliveryRun:
    """Pre-enqueue n events, start `workers` processes, time from the go until nothing is pending."""
    work = Path(tempfile.mkdtemp(dir=SCRATCH))
    prefix = f"bench-scale-{uuid.uuid4().hex}:"
    outbox: Outbox = RedisOutbox(where, prefix=prefix) if backend == "redis" else SQLiteOutbox(where)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        outbox.subscribe(url, ["*"])
        enqueue(outbox, n)
        go = work / "go"
        processes = [
            subprocess.Popen([sys.executable, "-c", WORKER, where, prefix, str(go)], env=ENV) for _ in range(workers)
        ]
        time.sleep(1.5)  # imported and connected, waiting for the go
        before = {"receiver": cpu_seconds(receiver), "redis": redis_cpu(client), "machine": machine_busy()}
        workers_before = sum(cpu_seconds(p.pid) for p in processes)
        started = time.monotonic()
        go.touch()
        deadline = started + timeout
        while outbox.status().pending > 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        seconds = time.monotonic() - started
        cpu = {
            "workers": sum(cpu_seconds(p.pid) for p in processes) - workers_before,
            "receiver": cpu_seconds(receiver) - before["receiver"],
            "redis": redis_cpu(client) - before["redis"],
        }
        cpu["others"] = max(0.0, machine_busy() - before["machine"] - sum(cpu.values()))  # this script, other load
        delivered = outbox.status().delivered
        return DeliveryRun(backend, workers, n, delivered, seconds, delivered / seconds, cpu)
    finally:
        stop_all(processes)
        outbox.close()
        if backend == "redis":
            delete_prefix(client, prefix)
        shutil.rmtree(work, ignore_errors=True)


def produce(producers: int, n: int, url: str, client: redis.Redis) -> EnqueueRun:
    work = Path(tempfile.mkdtemp(dir=SCRATCH))
    prefix = f"bench-scale-{uuid.uuid4().hex}:"
    outbox = RedisOutbox(REDIS_URL, prefix=prefix)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        outbox.subscribe(url, ["*"])
        go = work / "go"
        share = n // producers
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", PRODUCER, REDIS_URL, prefix, str(share), str(k * share), str(go)],
                env=ENV,
                stdout=subprocess.PIPE,
            )
            for k in range(producers)
        ]
        time.sleep(1.5)  # imported and connected
        go.touch()
        spans = [json.loads(p.communicate(timeout=60)[0]) for p in processes]
        seconds = max(end for _, end in spans) - min(start for start, _ in spans)
        return EnqueueRun(producers, share * producers, seconds, share * producers / seconds)
    finally:
        stop_all(processes)
        outbox.close()
        delete_prefix(client, prefix)
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="800 events, shorter runs (< 25 s)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    n = 800 if args.quick else 4000
    timeout = 15.0 if args.quick else 40.0
    SCRATCH.mkdir(parents=True, exist_ok=True)
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=10)
    try:
        client.ping()
    except redis.RedisError as error:
        print(f"Redis not reachable at {REDIS_URL}: {error}", file=sys.stderr)
        return 1
    receiver, url = start_receiver(ENV)
    try:
        load = os.getloadavg()[0]
        receiver_cpu = cpu_seconds(receiver.pid)
        rate, posted = asyncio.run(raw_post_rate(url, 1.0 if args.quick else 2.0))
        receiver_cpu = cpu_seconds(receiver.pid) - receiver_cpu
        raw = {"rate": rate, "receiver_capacity": posted / max(receiver_cpu, 0.01), "load": load}
        runs = [drain("redis", REDIS_URL, k, n, url, receiver.pid, client, timeout) for k in (1, 2, 4)]
        sqlite_dir = Path(tempfile.mkdtemp(dir=SCRATCH))
        try:
            runs.append(drain("sqlite", str(sqlite_dir / "outbox.db"), 1, n, url, receiver.pid, client, timeout))
        finally:
            shutil.rmtree(sqlite_dir, ignore_errors=True)
        enqueues = [produce(k, n, url, client) for k in ((1, 2) if args.quick else (1, 2, 4))]
    finally:
        stop_all([receiver])
        client.close()
    report(raw, runs, enqueues, args.json)
    return 0


def report(raw: dict[str, float], runs: list[DeliveryRun], enqueues: list[EnqueueRun], as_json: bool) -> None:
    cores = os.cpu_count() or 1
    redis_runs = [r for r in runs if r.backend == "redis"]
    base = redis_runs[0].rate or 1.0
    curve = " -> ".join(f"{r.workers}: {r.rate:,.0f}/s (x{r.rate / base:.2f})" for r in redis_runs)
    best = max(redis_runs, key=lambda r: r.rate)
    per = {k: 1000 * v / max(best.delivered, 1) for k, v in best.cpu.items() if k != "others"}  # CPU ms per delivery
    ceiling = 1000 * cores / max(sum(per.values()), 1e-9)
    worker_ms = " -> ".join(f"{1000 * r.cpu['workers'] / max(r.delivered, 1):.2f}" for r in redis_runs)
    cap = (
        f"cap: {cores} cores shared by workers + receiver + Redis; at the best ({best.workers} worker process(es), "
        f"{best.rate:,.0f}/s) one delivery costs {per['workers']:.2f} ms CPU in the workers, {per['receiver']:.2f} "
        f"in the receiver, {per['redis']:.2f} in Redis, so {cores} cores allow ~{ceiling:,.0f}/s: the workers' CPU is "
        f"the limit (their ms per delivery with 1, 2, 4 processes: {worker_ms}), not the receiver (it serves "
        f"~{raw['receiver_capacity']:,.0f} req/s per core) nor Redis; the rest of the machine (this script, other "
        f"load) used {best.cpu['others']:.1f} s CPU in that run, load average {raw['load']:.2f} at the start"
    )
    if as_json:
        out = {
            "raw_post_rate": raw["rate"],
            "receiver_capacity_per_core": raw["receiver_capacity"],
            "load_average": raw["load"],
            "delivery": [asdict(r) for r in runs],
            "enqueue": [asdict(e) for e in enqueues],
            "scaling": {str(r.workers): r.rate / base for r in redis_runs},
            "cores": cores,
            "cap": cap,
        }
        print(json.dumps(out, indent=2))
        return
    print(
        f"raw posting to the receiver (httpx+aiohttp, 64 in flight, no outbox): {raw['rate']:,.0f} req/s (client-bound;"
        f" the receiver's own CPU allows ~{raw['receiver_capacity']:,.0f} req/s per core)"
    )
    print()
    head = f"{'backend':<8} {'workers':>7} {'events':>7} {'delivered':>9} {'s':>6} {'deliv/s':>9}"
    print(f"{head}  CPU s (workers/receiver/redis/rest of machine)")
    for r in runs:
        c = r.cpu
        print(
            f"{r.backend:<8} {r.workers:>7} {r.events:>7} {r.delivered:>9} {r.seconds:>6.2f} {r.rate:>9,.0f}  "
            f"{c['workers']:.1f}/{c['receiver']:.1f}/{c['redis']:.1f}/{c['others']:.1f}"
        )
    print()
    print(f"{'producers':>9} {'events':>7} {'s':>6} {'events/s':>9}   (Redis, batches of {BATCH})")
    for e in enqueues:
        print(f"{e.producers:>9} {e.events:>7} {e.seconds:>6.2f} {e.rate:>9,.0f}")
    print()
    print(f"scaling (Redis, worker processes): {curve}")
    print(cap)


if __name__ == "__main__":
    raise SystemExit(main())
