# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The console's audit log: who changed what, and when, kept beside the outbox it changed (the same SQLite file,
Redis server and prefix, or PostgreSQL schema), so every console on that outbox shows one history."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from typing import Any, Final, Protocol

from ..storage.urls import Engine, open_by_url

__all__ = ["AuditEntry", "AuditLog", "open_audit"]

KEPT_ENTRIES: Final = 100_000  # the newest entries a Redis log keeps
REDIS_KEY: Final = "salesman-events:console:audit"
TABLE: Final = "console_audit"


@dataclass(frozen=True)
class AuditEntry:
    at: float  # unix time
    who: str
    action: str  # "subscription.create", "delivery.replay", …
    detail: dict[str, Any]  # what was changed; never a secret


class AuditLog(Protocol):
    def add(self, entry: AuditEntry) -> None: ...

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        """The newest entries first."""
        ...


def _entry(at: float, who: str, action: str, detail: str) -> AuditEntry:
    return AuditEntry(float(at), who, action, json.loads(detail))


class SQLiteAudit:
    def __init__(self, path: str) -> None:
        self._path = path
        with closing(self._connect()) as db, db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, at REAL NOT NULL, who TEXT NOT NULL,"
                " action TEXT NOT NULL, detail TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._path, timeout=5.0)

    def add(self, entry: AuditEntry) -> None:
        row = (entry.at, entry.who, entry.action, json.dumps(entry.detail, ensure_ascii=False))
        with closing(self._connect()) as db, db:
            db.execute(f"INSERT INTO {TABLE} (at, who, action, detail) VALUES (?, ?, ?, ?)", row)

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        with closing(self._connect()) as db:
            rows = db.execute(f"SELECT at, who, action, detail FROM {TABLE} ORDER BY id DESC LIMIT ?", (limit,))
            return [_entry(*row) for row in rows]


class RedisAudit:
    def __init__(self, url: str, *, key: str = REDIS_KEY) -> None:
        import redis

        self._redis, self._key = redis.Redis.from_url(url), key

    def add(self, entry: AuditEntry) -> None:
        record = json.dumps([entry.at, entry.who, entry.action, json.dumps(entry.detail, ensure_ascii=False)])
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.lpush(self._key, record)
            pipe.ltrim(self._key, 0, KEPT_ENTRIES - 1)
            pipe.execute()

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        return [_entry(*json.loads(raw)) for raw in self._redis.lrange(self._key, 0, limit - 1)]


class PostgresAudit:
    def __init__(self, url: str, *, schema: str | None = None) -> None:
        """`schema`: where the table lives; else the URL's `?schema=`, else the outbox's default."""
        from ..outbox.postgres import split_schema
        from ..outbox.postgres.schema import quoted

        self._url, named = split_schema(url)
        where = quoted(schema or named)
        self._table = f"{where}.{TABLE}"
        self._run(f"CREATE SCHEMA IF NOT EXISTS {where}")
        self._run(
            f"CREATE TABLE IF NOT EXISTS {self._table} (id BIGSERIAL PRIMARY KEY, at DOUBLE PRECISION NOT NULL,"
            " who TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)"
        )

    def _run(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self._url, autocommit=True) as db:
            cursor = db.execute(statement.encode(), params)
            return cursor.fetchall() if cursor.description else []

    def add(self, entry: AuditEntry) -> None:
        row = (entry.at, entry.who, entry.action, json.dumps(entry.detail, ensure_ascii=False))
        self._run(f"INSERT INTO {self._table} (at, who, action, detail) VALUES (%s, %s, %s, %s)", row)

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        rows = self._run(f"SELECT at, who, action, detail FROM {self._table} ORDER BY id DESC LIMIT %s", (limit,))
        return [_entry(*row) for row in rows]


def open_audit(outbox_url: str) -> AuditLog:
    """The audit log kept beside the outbox at `outbox_url`."""
    openers: dict[Engine, Callable[[str], AuditLog]] = {
        "sqlite": SQLiteAudit,
        "redis": RedisAudit,
        "postgres": PostgresAudit,
    }
    return open_by_url(outbox_url, "outbox", openers)
