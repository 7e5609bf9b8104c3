"""Benchmark: the PostgreSQL outbox against pgqueuer (a PostgreSQL job queue), side by side on the same server.

All on 127.0.0.1: PostgreSQL at ``POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``), a bare
asyncio HTTP/1.1 receiver in a subprocess (keep-alive, answers 200 ``ok`` at once). Each side gets a fresh schema of
its own (ours: the outbox with one subscription, ``*``, on the receiver; pgqueuer's: its tables, installed by
``Queries.install``, durable), dropped at the end. Every payload is the same ``deal.close`` JSON.

1. Enqueue, one event per transaction (N = 2,000): ours ``with conn.transaction(): emitter.deal_close(...,
   connection=conn)`` on the application's psycopg connection (typed keywords validated and serialised in the
   emit); pgqueuer ``async with conn.transaction(): await queries.enqueue("deal.close", payload)`` on asyncpg.
2. Enqueue, a batch (N = 10,000 in one transaction): ours ``with conn.transaction(), emitter.batch(connection=conn)``
   of typed emits; pgqueuer one ``queries.enqueue([...], [...], [...])`` of the ready payloads.
3. End to end (N = 5,000): the consumer starts idle; events are enqueued in transactions of 100 in the same asyncio
   loop (ours ``emitter.batch_async(connection=aconn)`` on a psycopg AsyncConnection, pgqueuer ``enqueue`` lists on
   asyncpg); the time runs from the first enqueue to the N-th delivery. Ours: ``Worker(concurrency=64, poll=0.05)``
   (NOTIFY wakes it); pgqueuer: a ``QueueManager`` (``batch_size=32, max_concurrent_tasks=64``) whose entrypoint
   POSTs the payload with the same HTTP client (httpx over aiohttp) and a ``webhook-id`` header.

Prints the median of each side over the rounds (``--rounds``, 3 by default: a shared machine's figures move a lot),
the ratio ours / pgqueuer in events (or deliveries) per second (above 1.0 we are faster), and each round's ratio. Run
from the repo root: ``.venv/bin/python bench/postgres.py [--quick] [--rounds N] [--json]``. It reports, it does not
judge.
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
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import httpx
import psycopg
from bench_args import positive
from httpx_aiohttp import AiohttpTransport
from loopback import start_receiver

from salesman_events import DealClose, Emitter
from salesman_events._runtime.deliver.client import AsyncWebhookClient
from salesman_events._runtime.deliver.worker import Worker

POSTGRES_URL = os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
RUN = uuid.uuid4().hex[:8]
OURS, THEIRS = f"bench_outbox_{RUN}", f"bench_pgqueuer_{RUN}"
os.environ["PGQUEUER_SCHEMA"], os.environ["PGQUEUER_PREFIX"] = THEIRS, f"b{RUN}_"  # read by pgqueuer's settings
ALLOW = ["127.0.0.0/8"]
CONCURRENCY = 64
E2E_BATCH = 100
PAYLOAD = DealClose(did=1042, summa="10340.00", status="Победа")


def payload(i: int) -> bytes:
    """The JSON of the i-th event, as our emitter writes it (so pgqueuer gets the very same bytes)."""
    return PAYLOAD.model_copy(update={"did": i + 1}).model_dump_json(exclude_unset=True).encode()


def emitter(hook: str) -> Emitter:
    """An emitter on a fresh outbox schema with one subscription; workers run separately."""
    made = Emitter(f"{POSTGRES_URL}?schema={OURS}", deliver=False)
    if not made.outbox.subscriptions():
        made.outbox.subscribe(hook, ["*"])
    return made


def reset() -> None:
    """Empty both sides' tables between measurements (the schemas stay)."""
    with psycopg.connect(POSTGRES_URL, autocommit=True) as db:
        db.execute(f"TRUNCATE {OURS}.events, {OURS}.deliveries, {OURS}.attempts")
        tables = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (THEIRS,)).fetchall()
        if tables:
            db.execute(f"TRUNCATE {', '.join(f'{THEIRS}.{t}' for (t,) in tables)}")


async def pgqueuer_queries() -> tuple[Any, asyncpg.Connection]:
    from pgqueuer import Queries

    connection = await asyncpg.connect(POSTGRES_URL)
    return Queries.from_asyncpg_connection(connection), connection


def enqueue_singles(hook: str, n: int) -> dict[str, float]:
    reset()
    ours = emitter(hook)
    with psycopg.connect(POSTGRES_URL) as conn:
        with conn.transaction():
            ours.deal_close(did=1, summa="1.00", connection=conn)  # warm-up: connection, caches, prepared statements
        started = time.perf_counter()
        for i in range(n):
            with conn.transaction():
                ours.deal_close(did=i + 1, summa="10340.00", status="Победа", connection=conn)
        mine = time.perf_counter() - started
    ours.close()

    async def theirs() -> float:
        queries, connection = await pgqueuer_queries()
        bodies = [payload(i) for i in range(n)]
        await queries.enqueue("deal.close", bodies[0])
        started = time.perf_counter()
        for body in bodies:
            async with connection.transaction():
                await queries.enqueue("deal.close", body)
        took = time.perf_counter() - started
        await connection.close()
        return took

    return {"n": n, "ours_per_s": n / mine, "pgqueuer_per_s": n / asyncio.run(theirs())}


def enqueue_batch(hook: str, n: int) -> dict[str, float]:
    reset()
    ours = emitter(hook)
    with psycopg.connect(POSTGRES_URL) as conn:
        with conn.transaction(), ours.batch(connection=conn):
            ours.deal_close(did=1, summa="1.00")  # warm-up
        started = time.perf_counter()
        with conn.transaction(), ours.batch(connection=conn):
            for i in range(n):
                ours.deal_close(did=i + 1, summa="10340.00", status="Победа")
        mine = time.perf_counter() - started
    ours.close()

    async def theirs() -> float:
        queries, connection = await pgqueuer_queries()
        await queries.enqueue("deal.close", payload(0))
        started = time.perf_counter()
        bodies = [payload(i) for i in range(n)]  # counted: ours serialises inside the timed loop too
        async with connection.transaction():
            await queries.enqueue(["deal.close"] * n, bodies, [0] * n)
        took = time.perf_counter() - started
        await connection.close()
        return took

    return {"n": n, "ours_per_s": n / mine, "pgqueuer_per_s": n / asyncio.run(theirs())}


async def race(enqueue: Callable[[int, int], Awaitable[None]], done: Callable[[], int], n: int) -> float:
    """Seconds from the first enqueue (batches of E2E_BATCH) until `done()` reaches n (or 120 s pass)."""
    started = time.perf_counter()
    for start in range(0, n, E2E_BATCH):
        await enqueue(start, min(n, start + E2E_BATCH))
    while done() < n and time.perf_counter() - started < 120:
        await asyncio.sleep(0.005)
    return time.perf_counter() - started


async def end_to_end_ours(hook: str, n: int) -> float:
    ours = emitter(hook)
    client = AsyncWebhookClient(transport=AiohttpTransport(), allow=ALLOW)
    worker = Worker(ours.outbox, concurrency=CONCURRENCY, poll=0.05, allow=ALLOW, client=client)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    async with await psycopg.AsyncConnection.connect(POSTGRES_URL, autocommit=True) as conn:

        async def enqueue(start: int, end: int) -> None:
            async with ours.batch_async(connection=conn):
                for i in range(start, end):
                    ours.deal_close(did=i + 1, summa="10340.00", status="Победа")

        took = await race(enqueue, lambda: worker.stats.delivered, n)
    stop.set()
    await running
    await client.aclose()
    ours.close()
    return n / took


async def end_to_end_pgqueuer(hook: str, n: int) -> float:
    from pgqueuer import QueueManager
    from pgqueuer.models import Job

    queries, connection = await pgqueuer_queries()
    consumer, consumer_connection = await pgqueuer_queries()
    manager = QueueManager(consumer)
    delivered = 0
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(transport=AiohttpTransport(), limits=limits, timeout=15) as client:

        @manager.entrypoint("deal.close")
        async def deliver(job: Job) -> None:
            nonlocal delivered
            headers = {"content-type": "application/json", "webhook-id": f"msg_{job.id}"}
            (await client.post(hook, content=job.payload, headers=headers)).raise_for_status()
            delivered += 1

        running = asyncio.create_task(manager.run(batch_size=32, max_concurrent_tasks=CONCURRENCY))
        await asyncio.sleep(0.5)  # listening, idle

        async def enqueue(start: int, end: int) -> None:
            async with connection.transaction():
                await queries.enqueue(["deal.close"] * (end - start), [payload(i) for i in range(start, end)],
                                      [0] * (end - start))  # fmt: skip

        took = await race(enqueue, lambda: delivered, n)
        manager.shutdown.set()
        await running
    await connection.close()
    await consumer_connection.close()
    return n / took


def end_to_end(hook: str, n: int) -> dict[str, float]:
    reset()
    mine = asyncio.run(end_to_end_ours(hook, n))
    reset()
    return {"n": n, "ours_per_s": mine, "pgqueuer_per_s": asyncio.run(end_to_end_pgqueuer(hook, n))}


def setup() -> None:
    async def install() -> None:
        queries, connection = await pgqueuer_queries()
        await queries.install()
        await connection.close()

    asyncio.run(install())


def teardown() -> None:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as db:
        for schema in (OURS, THEIRS):
            db.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the PostgreSQL outbox against pgqueuer.")
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--rounds", type=positive, default=3, help="rounds of each measurement (median reported)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    singles, batch, e2e = (300, 2_000, 1_000) if args.quick else (2_000, 10_000, 5_000)
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.Error as error:
        print(f"error: PostgreSQL not reachable at {POSTGRES_URL}: {error}", file=sys.stderr)
        return 1
    receiver, hook = start_receiver()
    results: dict[str, list[dict[str, float]]] = {"enqueue_single": [], "enqueue_batch": [], "end_to_end": []}
    try:
        emitter(hook).close()  # our schema
        setup()
        for _ in range(args.rounds):
            results["enqueue_single"].append(enqueue_singles(hook, singles))
            results["enqueue_batch"].append(enqueue_batch(hook, batch))
            results["end_to_end"].append(end_to_end(hook, e2e))
    finally:
        receiver.kill()
        receiver.wait()
        teardown()
    medians = {name: _median(rounds) for name, rounds in results.items()}
    if args.json:
        print(json.dumps({"median": medians, "rounds": results}, indent=2))
        return 0
    titles = {
        "enqueue_single": "enqueue, one event per transaction",
        "enqueue_batch": "enqueue, one batch in a transaction",
        "end_to_end": "end to end: enqueued in 100s, delivered to a loopback receiver",
    }
    print(f"medians of {args.rounds} rounds, each side run in turn within a round")
    print(f"{'':<64} {'ours/s':>9} {'pgqueuer/s':>11} {'ratio':>7}   ratios of the rounds")
    for name, row in medians.items():
        ratio = row["ours_per_s"] / row["pgqueuer_per_s"]
        title = f"{titles[name]} (N={row['n']:,.0f})"
        each = ", ".join(f"{r['ours_per_s'] / r['pgqueuer_per_s']:.2f}" for r in results[name])
        print(f"{title:<64} {row['ours_per_s']:9,.0f} {row['pgqueuer_per_s']:11,.0f} {ratio:6.2f}x   {each}")
    return 0


def _median(rounds: list[dict[str, float]]) -> dict[str, float]:
    """Each side's median rate over the rounds."""
    return {
        "n": rounds[0]["n"],
        **{k: statistics.median(r[k] for r in rounds) for k in ("ours_per_s", "pgqueuer_per_s")},
    }


if __name__ == "__main__":
    sys.exit(main())
