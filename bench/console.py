"""Benchmark: the web console over a big SQLite outbox, and what an open console costs a delivering worker.

All on 127.0.0.1, every server a uvicorn subprocess with the setup the console's command uses (uvicorn's defaults:
httptools and uvloop).

1. Pages: an outbox of 1,000,000 deliveries (500,000 events of every kind, created evenly over the last 7 days, to
   two subscriptions of every event) made through the outbox's own API: ``add`` in batches of 50,000, then a
   worker's life replayed with ``claim`` and ``record_all`` in steps of simulated time (``claim(now=T)``), each
   attempt timed as it would have been (its ``started_at`` right after the event's creation or at its scheduled
   retry), with headers as the worker logs them, the retry schedule applied by ``retry.decide``: the second endpoint
   answers 422 to every ``client.delete`` (8 attempts over ~28 h, then a dead letter), the first was down for 25
   minutes three hours ago and for 10 minutes four days ago (retried, then delivered), 0.2 % of attempts time out
   and 0.3 % get a 503; the last 5 minutes are not attempted yet (pending). So the activity rows (the overview's
   charts) cover the whole week, the last failures and the audit log (500 entries) are filled. Only then are the
   deliveries' ``updated_at`` set, with one SQL statement, to their last attempt's end (``record_all`` stamps the
   wall clock). Built once and cached under .cache/bench/ (keyed by ``VERSION`` and the schema version); a rerun
   shifts every time in the file by the whole minutes since it was built, so "the last hour" holds data again.
   The console (``ConsoleApp`` over ``Console(outbox, EVENTS, audit, quarantine=…)`` as its command builds it, with
   its queue sampler thread) is loaded with every page, REQUESTS times each in interleaved rounds after a warm-up
   round, by one logged-in ``httpx.Client``; the floor is the same requests to a bare ASGI app answering a fixed
   page as big as the console's median page, under the same uvicorn setup. Goal: p95 < 200 ms for every page.
2. Worker: a fresh outbox of 20,000 pending deliveries (one subscription, every kind of event) drained by a
   ``Worker(concurrency=64, poll=0.05)`` in this process to a bare ASGI receiver (uvicorn subprocess, 200 at once),
   deliveries/s until the last is recorded; alone, then with the console open on the same file in its own process
   and a client process playing TABS browser tabs, each fetching the overview's live partial and the deliveries
   list's every second (the console's script polls every 5 s, one element per page: this is 5x faster, and several
   tabs, to be conservative). Rounds alternate (which comes first too); medians and their ratio (goal >= 0.90).

Run from the repo root: ``.venv/bin/python bench/console.py [--quick] [--json] [--requests N] [--rounds R]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generated"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import base64
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

import httpx
from bench_args import positive
from receiver import BARE_APP, start_server

from generator.runtime.console.audit import AuditEntry, SQLiteAudit
from generator.runtime.deliver.retry import RetryPolicy, decide
from generator.runtime.deliver.worker import Worker
from generator.runtime.outbox.browsing import DeliveryQuery
from generator.runtime.outbox.interface import Attempt, Due, EventRecord
from generator.runtime.outbox.sqlite.outbox import SQLiteOutbox
from generator.runtime.outbox.sqlite.schema import SCHEMA_VERSION
from generator.runtime.wire.ids import new_event_id
from salesman_events.events import EVENTS

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"
SCRATCH = Path("/tmp/console-bench")
VERSION = "1"  # raise it when the outbox built changes
EVENTS_N, SUBSCRIPTIONS, DAYS = 500_000, 2, 7
ADD_BATCH, CLAIM_BATCH, STEP = 50_000, 5_000, 600.0  # events per add; deliveries per claim; simulated seconds per step
UNTRIED = 300.0  # the last seconds of events not attempted yet
REJECTED = "client.delete"  # the second endpoint answers 422 to it, always
OUTAGES = ((3 * 3600.0, 25 * 60.0), (4 * 86400.0, 10 * 60.0))  # the first endpoint down: (seconds ago, how long)
AUDIT_ENTRIES = 500
SETUP = "httptools+uvloop"  # uvicorn's default when both are installed: what the console's command runs
TOKEN = "bench-console-token"
GOAL_MS, GOAL_RATIO = 200.0, 0.90
ALLOW = ["127.0.0.0/8"]
CONCURRENCY = 64
TABS, POLL_SECONDS = 3, 1.0
POLLED = ("/?window=hour&partial=1", "/deliveries?partial=1")
URLS = ("https://crm-sync.example.com/hooks/salesman", "https://analytics.example.net/ingest/salesman")
CONSOLE_APP = """
import threading
from generator.runtime.cli.relay import beside
from generator.runtime.console.app import ConsoleApp
from generator.runtime.console.audit import open_audit
from generator.runtime.console.auth import Logins
from generator.runtime.console.state import Console
from generator.runtime.outbox import open_outbox
from generator.runtime.receive.quarantine.urls import open_quarantine
from salesman_events.events import EVENTS
url = {url!r}
console = Console(open_outbox(url), EVENTS, open_audit(url), quarantine=open_quarantine(beside(url, "quarantine")))
threading.Thread(target=console.sample_queue, args=(threading.Event(),), daemon=True).start()
app = ConsoleApp(console, Logins(token={token!r}))
"""
FLOOR_APP = """
PAGE = b"<!doctype html><title>floor</title>" + b"x" * ({size} - 35)
HEADERS = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(PAGE)).encode())]
async def app(scope, receive, send):
    while (await receive()).get("more_body"):
        pass
    await send({{"type": "http.response.start", "status": 200, "headers": HEADERS}})
    await send({{"type": "http.response.body", "body": PAGE}})
"""
# Browser tabs with the console open: each logs in, opens the overview and the deliveries, then fetches both live
# parts every `every` seconds until SIGTERM; then prints its counts and latencies as JSON.
TABS_CLIENT = r"""
import asyncio, json, signal, sys, time
import httpx
base, token, tabs, every = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
polled = json.loads(sys.argv[5])
took, errors, ready = [], [0], [0]
async def tab(stop):
    async with httpx.AsyncClient(base_url=base, timeout=30, headers={"accept": "text/html"}) as client:
        assert (await client.post("/login", data={"user": "bench", "password": token})).status_code == 303
        for path in ("/", "/deliveries"):
            (await client.get(path)).raise_for_status()
        ready[0] += 1
        if ready[0] == tabs:
            print("ready", flush=True)
        while not stop.is_set():
            started = time.perf_counter()
            for path in polled:
                at = time.perf_counter()
                response = await client.get(path)
                took.append(time.perf_counter() - at)
                errors[0] += response.status_code != 200
            try:
                await asyncio.wait_for(stop.wait(), max(0.0, every - (time.perf_counter() - started)))
            except TimeoutError:
                pass
async def main():
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await asyncio.gather(*(tab(stop) for _ in range(tabs)))
    print(json.dumps({"requests": len(took), "errors": errors[0], "took": took}), flush=True)
asyncio.run(main())
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(app: str, log: Path) -> Iterator[tuple[str, int]]:
    """`app` (Python code defining `app`) under uvicorn in a subprocess: (base URL, pid); killed on the way out."""
    proc, port = start_server(app, SETUP, log)
    try:
        yield f"http://127.0.0.1:{port}", proc.pid
    finally:
        proc.kill()
        proc.wait()


# --- 1. the big outbox -------------------------------------------------------------------------------------------


def payloads() -> list[tuple[str, bytes]]:
    """Every event's name and its example payload (compact JSON)."""
    found = []
    for name, info in EVENTS.items():
        if info.example:
            found.append((str(name), json.dumps(json.loads(info.example), ensure_ascii=False).encode()))
    return found


def fill_events(outbox: SQLiteOutbox, n: int, start: float, end: float, rng: random.Random) -> None:
    """n events of every kind, created evenly from `start` to `end` (in order), added ADD_BATCH at a time."""
    kinds, span = payloads(), end - start
    for first in range(0, n, ADD_BATCH):
        batch = []
        for i in range(first, min(n, first + ADD_BATCH)):
            name, payload = kinds[rng.randrange(len(kinds))]
            batch.append(EventRecord(new_event_id(), name, payload, start + (i + rng.random()) * span / n))
        outbox.add(batch)


class Endpoints:
    """How the two endpoints answered at a moment, and the headers the worker logs of an attempt."""

    def __init__(self, anchor: float, rng: random.Random) -> None:
        self.rng, self.policy = rng, RetryPolicy()
        self.down = [(anchor - ago, anchor - ago + length) for ago, length in OUTAGES]
        self.retry_at: dict[int, float] = {}  # delivery id -> when its next attempt is due

    def attempt(self, due: Due, first: int) -> Attempt:
        rng = self.rng
        due_at = due.event.created_at if due.attempt == 1 else self.retry_at.pop(due.delivery_id)
        started = due_at + rng.uniform(0.002, 0.05)  # the worker's claim and dispatch
        status: int | None = 200
        body = '{"ok":true}'
        latency = rng.lognormvariate(-3.2 if due.subscription.id == first else -2.2, 0.5)
        roll = rng.random()
        if due.subscription.id != first and due.event.name == REJECTED:
            status, body = 422, '{"error":"unknown event client.delete"}'
        elif due.subscription.id == first and any(a <= started < b for a, b in self.down):
            status, body, latency = None, "ConnectError: [Errno 111] Connection refused", rng.uniform(0.0005, 0.002)
        elif roll < 0.002:
            status, body, latency = None, "ReadTimeout: no answer within 15 s", 15.0
        elif roll < 0.005:
            status, body = 503, "<html><body><h1>503 Service Unavailable</h1></body></html>"
        decision = decide(status, None, due.attempt, self.policy, started + latency, rng)
        if decision.outcome == "retry" and decision.next_attempt_at is not None:
            self.retry_at[due.delivery_id] = decision.next_attempt_at
        digest = base64.b64encode(hashlib.sha256(b"%d" % due.delivery_id).digest()).decode()
        sent = (
            ("content-type", "application/json"),
            ("webhook-id", due.event.id),
            ("webhook-timestamp", str(int(started))),
            ("webhook-signature", "v1," + digest),
            ("user-agent", "salesman-events/1.0"),
            ("host", due.subscription.url.split("/")[2]),
        )
        answer: tuple[tuple[str, str], ...] = ()
        if status is not None:
            answer = (("server", "nginx"), ("content-type", "application/json"), ("content-length", str(len(body))))
        outcome, retry = decision.outcome, decision.next_attempt_at
        return Attempt(started, latency, status, body, outcome, retry, sent, answer)


def replay_history(outbox: SQLiteOutbox, start: float, end: float, endpoints: Endpoints, first: int) -> int:
    """A worker's attempts from `start` to `end`, claimed and recorded through the outbox; returns how many."""
    made, moment = 0, start
    while moment < end:
        moment = min(end, moment + STEP)
        while True:
            dues = outbox.claim("bench-history", limit=CLAIM_BATCH, lease=60.0, now=moment)
            if dues:
                outbox.record_all([(due, endpoints.attempt(due, first)) for due in dues], "bench-history")
                made += len(dues)
            if len(dues) < CLAIM_BATCH:
                break
    return made


def build(path: Path) -> dict[str, Any]:
    """The outbox of part 1 at `path`; what it holds and how long each part took."""
    rng = random.Random(20240501)
    anchor = time.time()
    start, cut = anchor - DAYS * 86400, anchor - UNTRIED
    outbox = SQLiteOutbox(path)
    took: dict[str, float] = {}
    try:
        subs = [outbox.subscribe(url, ["*"], secrets=[f"whsec_{'a' * 32}"]) for url in URLS[:SUBSCRIPTIONS]]
        started = time.perf_counter()
        fill_events(outbox, EVENTS_N, start, anchor, rng)
        took["add"] = time.perf_counter() - started
        started = time.perf_counter()
        attempts = replay_history(outbox, start, cut, Endpoints(anchor, rng), subs[0].id)
        took["claim+record"] = time.perf_counter() - started
    finally:
        outbox.close()
    started = time.perf_counter()
    with closing(sqlite3.connect(path)) as db, db:  # record_all stamps the wall clock: the last attempt's end
        db.execute("""UPDATE deliveries SET updated_at = (SELECT max(started_at + latency) FROM attempts
            WHERE delivery_id = deliveries.id) WHERE attempts > 0""")
    audit = SQLiteAudit(str(path))
    actions = ("login", "delivery.replay", "subscription.edit", "dead.replay", "subscription.test")
    for i in range(AUDIT_ENTRIES):
        at = start + (i + 0.5) * (anchor - start) / AUDIT_ENTRIES
        audit.add(AuditEntry(at, rng.choice(("anna", "boris", "token")), actions[i % 5], {"delivery_id": i + 1}))
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = dict(db.execute("SELECT state, count(*) FROM deliveries GROUP BY state").fetchall())
        activity = db.execute("SELECT count(*) FROM activity").fetchone()[0]
    took["finish"] = time.perf_counter() - started
    return {"anchor": anchor, "took": took, "attempts": attempts, "states": counts, "activity_rows": activity}


def shift(path: Path, seconds: int) -> None:
    """Move every time in the file `seconds` later (whole minutes: activity rows stay on their minutes)."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TEMP TABLE moved AS SELECT * FROM activity")
        for statement in (
            "UPDATE events SET created_at = created_at + :d",
            "UPDATE commits SET at = at + :d",
            "UPDATE subscriptions SET created_at = created_at + :d",
            """UPDATE deliveries SET next_attempt_at = next_attempt_at + :d, updated_at = updated_at + :d,
                lease_expires_at = lease_expires_at + :d""",
            "UPDATE attempts SET started_at = started_at + :d, next_attempt_at = next_attempt_at + :d",
            "DELETE FROM activity",  # its key is the minute: moved through a copy, no row meets another
            "INSERT INTO activity SELECT minute + :d, subscription_id, bucket, delivered, failed FROM moved",
            "UPDATE last_failures SET started_at = started_at + :d",
            "UPDATE console_audit SET at = at + :d",
        ):
            db.execute(statement, {"d": seconds})
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def big_outbox() -> tuple[Path, dict[str, Any]]:
    """The cached outbox of part 1 (built if missing, else moved to now) and its description."""
    key = f"console-outbox-v{VERSION}-schema{SCHEMA_VERSION}-{EVENTS_N}x{SUBSCRIPTIONS}"
    path, meta_path = CACHE / f"{key}.db", CACHE / f"{key}.json"
    if path.exists() and meta_path.exists():
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        seconds = int((time.time() - meta["anchor"]) // 60) * 60
        started = time.perf_counter()
        if seconds:
            shift(path, seconds)
            meta["anchor"] += seconds
            meta_path.write_text(json.dumps(meta))
        meta["cached"], meta["shift_s"] = True, time.perf_counter() - started
        return path, meta
    CACHE.mkdir(parents=True, exist_ok=True)
    for stale in CACHE.glob("console-outbox-*"):
        stale.unlink()
    building = CACHE / f"{key}.building.db"
    for leftover in CACHE.glob(f"{building.name}*"):
        leftover.unlink()
    print(f"building the 1,000,000-delivery outbox (once; cached as {path.relative_to(ROOT)}) ...", flush=True)
    started = time.perf_counter()
    meta = build(building)
    meta["build_s"] = time.perf_counter() - started
    building.rename(path)
    meta_path.write_text(json.dumps(meta))
    return path, meta | {"cached": False}


def pages(outbox: SQLiteOutbox, anchor: float) -> list[tuple[str, str]]:
    """(label, path) of every page measured."""
    dead = outbox.deliveries(DeliveryQuery(state="dead", limit=1)).rows[0]
    newest = outbox.deliveries(DeliveryQuery(limit=1)).rows[0].id

    def moment(ago: float) -> str:
        return time.strftime("%Y-%m-%dT%H:%M", time.localtime(anchor - ago))

    return [
        ("overview, hour", "/"),
        ("overview, day", "/?window=day"),
        ("overview live partial", "/?window=hour&partial=1"),
        ("subscriptions", "/subscriptions"),
        ("one subscription", "/subscriptions/2"),
        ("deliveries", "/deliveries"),
        ("deliveries live partial", "/deliveries?partial=1"),
        ("deliveries, event", "/deliveries?event=deal.close"),
        ("deliveries, event pattern", "/deliveries?event=invoice.*"),
        ("deliveries, state=dead", "/deliveries?state=dead"),
        ("deliveries, state=pending", "/deliveries?state=pending"),
        ("deliveries, state=delivered", "/deliveries?state=delivered"),
        ("deliveries, subscription", "/deliveries?subscription=2"),
        ("deliveries, dead of an event", f"/deliveries?state=dead&event={REJECTED}&subscription=1"),
        ("deliveries, event id", f"/deliveries?event_id={dead.event_id}"),
        ("deliveries, 1 h, 2 h ago", f"/deliveries?since={moment(7200)}&until={moment(3600)}"),
        ("deliveries, 1 h, 3 days ago", f"/deliveries?since={moment(3 * 86400)}&until={moment(3 * 86400 - 3600)}"),
        ("deliveries, page further", f"/deliveries?before={newest // 2}"),
        ("one delivery (8 attempts)", f"/deliveries/{dead.id}"),
        ("dead letters", "/dead"),
        ("catalog en", "/catalog?lang=en"),
        ("catalog ru", "/catalog?lang=ru"),
        ("audit", "/audit"),
    ]


def login(client: httpx.Client) -> None:
    response = client.post("/login", data={"user": "bench", "password": TOKEN})
    if response.status_code != 303 or not client.cookies.get("salesman_console"):
        raise SystemExit(f"error: the console refused the login: {response.status_code} {response.text[:200]}")


def load(base: str, paths: list[str], rounds: int, *, logged_in: bool) -> tuple[list[list[float]], list[int]]:
    """Each path requested once per round (rounds interleaved) after one warm-up round: seconds per path, and the
    body sizes of the warm-up round. Anything but 200 stops the run."""
    took: list[list[float]] = [[] for _ in paths]
    sizes: list[int] = []
    with httpx.Client(base_url=base, timeout=60, headers={"accept": "text/html"}) as client:
        if logged_in:
            login(client)
        for n in range(rounds + 1):
            for i, path in enumerate(paths):
                started = time.perf_counter()
                response = client.get(path)
                seconds = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"error: {path} answered {response.status_code}: {response.text[:300]}")
                if n == 0:
                    sizes.append(len(response.content))
                else:
                    took[i].append(seconds)
    return took, sizes


def page_times(requests: int) -> dict[str, Any]:
    path, meta = big_outbox()
    outbox = SQLiteOutbox(path)
    try:
        measured = pages(outbox, meta["anchor"])
    finally:
        outbox.close()
    paths = [p for _, p in measured]
    SCRATCH.mkdir(parents=True, exist_ok=True)
    logs = Path(tempfile.mkdtemp(prefix="pages-", dir=SCRATCH))
    try:
        with serving(CONSOLE_APP.format(url=f"sqlite:///{path}", token=TOKEN), logs / "console.log") as (base, _):
            ours, sizes = load(base, paths, requests, logged_in=True)
        size = int(statistics.median(sizes))
        with serving(FLOOR_APP.format(size=size), logs / "floor.log") as (base, _):
            floor, _ = load(base, paths, requests, logged_in=False)
    finally:
        shutil.rmtree(logs, ignore_errors=True)
    rows = []
    for (label, page), mine, theirs, bytes_ in zip(measured, ours, floor, sizes, strict=True):
        p50, p95 = statistics.median(mine) * 1e3, percentile(mine, 0.95) * 1e3
        floor50, floor95 = statistics.median(theirs) * 1e3, percentile(theirs, 0.95) * 1e3
        rows.append({"page": label, "path": page, "bytes": bytes_, "p50_ms": p50, "p95_ms": p95,
                     "floor_p50_ms": floor50, "floor_p95_ms": floor95, "max_ms": max(mine) * 1e3})  # fmt: skip
    size_mb = sum(f.stat().st_size for f in path.parent.glob(path.name + "*")) / 1e6
    return {"outbox": meta | {"file_mb": size_mb}, "requests": requests, "floor_bytes": size, "pages": rows}


# --- 2. a worker with the console open ---------------------------------------------------------------------------


def fresh_outbox(target: str, n: int) -> Path:
    """A new outbox file holding n pending deliveries (one subscription, every event) to `target`."""
    path = Path(tempfile.mkdtemp(prefix="worker-", dir=SCRATCH)) / "outbox.db"
    outbox = SQLiteOutbox(path)
    try:
        outbox.subscribe(target, ["*"])
        now = time.time()
        fill_events(outbox, n, now - 60, now, random.Random(n))
    finally:
        outbox.close()
    return path


async def drain(path: Path, n: int, budget: float) -> tuple[float, int]:
    """A Worker on the file until its n deliveries are recorded (or `budget` seconds): (seconds, delivered)."""
    outbox = SQLiteOutbox(path)
    worker = Worker(outbox, concurrency=CONCURRENCY, allow=ALLOW, poll=0.05)
    stop = asyncio.Event()
    started = time.perf_counter()
    task = asyncio.create_task(worker.run(stop))
    while worker.stats.delivered < n and time.perf_counter() - started < budget and not task.done():
        await asyncio.sleep(0.01)
    elapsed, delivered = time.perf_counter() - started, worker.stats.delivered
    stop.set()
    await task
    outbox.close()
    return elapsed, delivered


def worker_round(target: str, n: int, budget: float, with_console: bool) -> dict[str, Any]:
    path = fresh_outbox(target, n)
    result: dict[str, Any] = {"console": with_console}
    try:
        if not with_console:
            elapsed, delivered = asyncio.run(drain(path, n, budget))
            return result | {"per_s": delivered / elapsed, "delivered": delivered, "seconds": elapsed}
        app = CONSOLE_APP.format(url=f"sqlite:///{path}", token=TOKEN)
        with serving(app, path.parent / "console.log") as (base, pid):
            argv = [sys.executable, "-c", TABS_CLIENT, base, TOKEN, str(TABS), str(POLL_SECONDS), json.dumps(POLLED)]
            tabs = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
            try:
                assert tabs.stdout is not None
                if tabs.stdout.readline().strip() != "ready":
                    raise SystemExit("error: the browser tabs could not open the console")
                time.sleep(POLL_SECONDS)  # a round of polls in, before the clock starts
                cpu = cpu_seconds(pid), cpu_seconds(tabs.pid)
                elapsed, delivered = asyncio.run(drain(path, n, budget))
                used = cpu_seconds(pid) - cpu[0], cpu_seconds(tabs.pid) - cpu[1]
                tabs.send_signal(signal.SIGTERM)
                polls = json.loads(tabs.communicate(timeout=30)[0].strip().splitlines()[-1])
            finally:
                if tabs.poll() is None:
                    tabs.kill()
                    tabs.wait()
        took = polls["took"]
        result |= {"per_s": delivered / elapsed, "delivered": delivered, "seconds": elapsed}
        result |= {"console_cpu_s": used[0], "tabs_cpu_s": used[1], "polls": polls["requests"]}
        return result | {"poll_errors": polls["errors"], "poll_p50_ms": statistics.median(took) * 1e3,
                         "poll_p95_ms": percentile(took, 0.95) * 1e3}  # fmt: skip
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def worker_rates(n: int, rounds: int, budget: float) -> dict[str, Any]:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    logs = Path(tempfile.mkdtemp(prefix="receiver-", dir=SCRATCH))
    runs: list[dict[str, Any]] = []
    try:
        with serving(BARE_APP, logs / "receiver.log") as (base, _):
            warm = fresh_outbox(f"{base}/hook", 500)
            asyncio.run(drain(warm, 500, 30))  # warm-up: imports, connections
            shutil.rmtree(warm.parent, ignore_errors=True)
            for r in range(rounds):
                for with_console in (False, True) if r % 2 == 0 else (True, False):
                    runs.append(worker_round(f"{base}/hook", n, budget, with_console) | {"round": r + 1})
    finally:
        shutil.rmtree(logs, ignore_errors=True)
    alone = statistics.median(x["per_s"] for x in runs if not x["console"])
    opened = statistics.median(x["per_s"] for x in runs if x["console"])
    return {"n": n, "rounds": rounds, "tabs": TABS, "poll_s": POLL_SECONDS, "alone_per_s": alone,
            "console_per_s": opened, "ratio": opened / alone, "runs": runs}  # fmt: skip


# --- report ------------------------------------------------------------------------------------------------------


def report(part1: dict[str, Any], part2: dict[str, Any]) -> None:
    meta = part1["outbox"]
    states = ", ".join(f"{k} {v:,}" for k, v in sorted(meta["states"].items()))
    total, rows = sum(meta["states"].values()), meta["activity_rows"]
    print(f"1. pages over a SQLite outbox of {total:,} deliveries ({states}), {meta['attempts']:,} attempts,"
          f" {rows:,} activity rows, {meta['file_mb']:,.0f} MB")  # fmt: skip
    if meta["cached"]:
        print(f"   cached (built in {meta['build_s']:.0f} s); moved to now in {meta['shift_s']:.1f} s")
    else:
        parts = ", ".join(f"{k} {v:.0f} s" for k, v in meta["took"].items())
        print(f"   built in {meta['build_s']:.0f} s ({parts})")
    print(f"   {part1['requests']} requests per page after a warm-up; floor: a bare ASGI app, {part1['floor_bytes']:,}"
          " bytes")  # fmt: skip
    print(f"   {'page':<30} {'bytes':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'floor p50':>9} {'p95':>5}"
          f" {'p50 / floor':>11}")  # fmt: skip
    for row in part1["pages"]:
        verdict = "PASS" if row["p95_ms"] < GOAL_MS else "FAIL"
        print(f"   {row['page']:<30} {row['bytes']:>7,} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} {row['max_ms']:7.1f}"
              f" {row['floor_p50_ms']:9.1f} {row['floor_p95_ms']:5.1f} {row['p50_ms'] / row['floor_p50_ms']:10.0f}x"
              f"  {verdict}")  # fmt: skip
    print(f"2. worker, {part2['n']:,} deliveries, concurrency {CONCURRENCY}; console open = {part2['tabs']} tabs each"
          f" fetching {' and '.join(POLLED)} every {part2['poll_s']:g} s")  # fmt: skip
    for run in part2["runs"]:
        line = f"   round {run['round']} {'console open' if run['console'] else 'alone':<12} {run['per_s']:7,.0f}/s"
        if run["console"]:
            share = (run["console_cpu_s"] + run["tabs_cpu_s"]) / run["seconds"]
            line += (f"  ({run['polls']} polls, p50 {run['poll_p50_ms']:.0f} ms, p95 {run['poll_p95_ms']:.0f} ms,"
                     f" {run['poll_errors']} errors; CPU of the console {run['console_cpu_s']:.1f} s and the tabs"
                     f" {run['tabs_cpu_s']:.1f} s in {run['seconds']:.1f} s: {share:.0%} of a core)")  # fmt: skip
        print(line)
    ratio = part2["ratio"]
    print(f"   median: alone {part2['alone_per_s']:,.0f}/s, console open {part2['console_per_s']:,.0f}/s:"
          f" {ratio:.0%}")  # fmt: skip
    worst = max(part1["pages"], key=lambda row: float(row["p95_ms"]))
    print("summary:")
    print(f"   pages: slowest p95 {worst['p95_ms']:.0f} ms ({worst['page']}) with 1,000,000 deliveries"
          f" [goal < {GOAL_MS:.0f} ms: {'PASS' if worst['p95_ms'] < GOAL_MS else 'FAIL'}]")  # fmt: skip
    print(f"   worker with the console open: {ratio:.0%} of its rate alone"
          f" [goal >= {GOAL_RATIO:.0%}: {'PASS' if ratio >= GOAL_RATIO else 'FAIL'}]")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the console's pages and its cost to a worker.")
    parser.add_argument("--quick", action="store_true", help="fewer requests and deliveries, one round")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--requests", type=positive, help="requests per page (default 30; --quick 10)")
    parser.add_argument("--rounds", type=positive, help="worker rounds of each kind (default 3; --quick 1)")
    args = parser.parse_args()
    requests = args.requests or (10 if args.quick else 30)
    rounds = args.rounds or (1 if args.quick else 3)
    n = 5_000 if args.quick else 20_000
    part1 = page_times(requests)
    part2 = worker_rates(n, rounds, budget=120.0)
    if args.json:
        print(json.dumps({"pages": part1, "worker": part2}, indent=2))
    else:
        report(part1, part2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
