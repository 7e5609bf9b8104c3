"""What the outbox suites share: the engines, one place to open each, and records and attempts to feed them."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from contextlib import closing
from typing import Literal

import psycopg
import redis

from generator.runtime.outbox import Attempt, Due, EventRecord, Outbox, Status
from generator.runtime.outbox.postgres import PostgresOutbox
from generator.runtime.outbox.redis import RedisOutbox
from generator.runtime.outbox.sqlite import SQLiteOutbox
from tests.helpers import POSTGRES_URL, REDIS_URL

ENGINES = ("sqlite", "redis", "postgres")  # every engine the backend-neutral suite (test_contract.py) runs on
HOOK = "https://hooks.example.com/"
EVERYTHING = 10_000  # a claim limit above any test's backlog
LEASE = 10.0
ROW_TABLES = ("events", "deliveries", "attempts")

Outcome = Literal["delivered", "retry", "dead", "disable"]


def open_engine(engine: str, location: str) -> Outbox:
    """A new handle on the outbox at `location` (a file, a Redis key prefix, a PostgreSQL schema); child processes
    open theirs too."""
    if engine == "sqlite":
        return SQLiteOutbox(location)
    if engine == "redis":
        return RedisOutbox(REDIS_URL, prefix=location)
    if engine == "postgres":
        return PostgresOutbox(POSTGRES_URL, schema=location)
    raise ValueError(f"unknown outbox engine {engine!r}")


def footprint(engine: str, location: str) -> int:
    """How much the outbox holds: its rows (SQLite, PostgreSQL), or its keys and index entries (Redis)."""
    if engine == "sqlite":
        with closing(sqlite3.connect(location)) as db:
            return sum(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in (*ROW_TABLES, "commits"))
    if engine == "redis":
        client = redis.Redis.from_url(REDIS_URL)
        try:
            keys = sum(1 for _ in client.scan_iter(match=location + "*", count=1000))
            return keys + sum(client.zcard(location + key) for key in ("events:time", "finished", "bare"))
        finally:
            client.close()
    with psycopg.connect(POSTGRES_URL) as db:
        return sum(db.execute(f'SELECT count(*) FROM "{location}".{table}').fetchone()[0] for table in ROW_TABLES)


def event(name: str = "deal.close", *, created_at: float | None = None) -> EventRecord:
    payload = json.dumps({"event": name, "n": uuid.uuid4().hex[:8]}).encode()
    return EventRecord(f"msg_{uuid.uuid4().hex}", name, payload, time.time() if created_at is None else created_at)


def attempt(outcome: Outcome = "delivered", status: int | None = 200, *, retry_at: float | None = None) -> Attempt:
    return Attempt(time.time(), 0.012, status, f"HTTP {status}", outcome, retry_at)


def claim_all(outbox: Outbox, owner: str = "worker", *, now: float | None = None) -> list[Due]:
    return outbox.claim(owner, limit=EVERYTHING, lease=LEASE, now=now)


def routes(dues: list[Due]) -> set[tuple[str, str]]:
    """(event name, subscription URL) of each claimed delivery."""
    return {(due.event.name, due.subscription.url) for due in dues}


def rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


def counts(status: Status) -> tuple[int, int, int]:
    return status.pending, status.delivered, status.dead
