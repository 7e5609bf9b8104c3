# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The quarantine in a SQLite file, shared by the threads and processes that open the same path."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from typing import Any, Final

from ...storage.sqlite import use_wal
from .store import DEFAULT_MAX_ENTRIES, KeptRequest

__all__ = ["SQLiteQuarantine"]

BUSY_TIMEOUT_SECONDS: Final = 10.0
_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS quarantine (
    id TEXT PRIMARY KEY,
    received_at REAL NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    event TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query BLOB NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS quarantine_by_time ON quarantine (received_at, id);
"""
_COLUMNS: Final = "id, received_at, reason, detail, event, method, path, query, headers, body"
# Inserted only while fewer than the bound are kept: the count and the insert in one statement.
_KEEP: Final = f"""
INSERT INTO quarantine ({_COLUMNS}) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
WHERE (SELECT count(*) FROM quarantine) < ?
"""
_FIND: Final = f"""
SELECT {_COLUMNS} FROM quarantine WHERE (?1 IS NULL OR event = ?1) AND (?2 IS NULL OR received_at >= ?2)
ORDER BY received_at, id LIMIT ?3
"""


class SQLiteQuarantine:
    """Kept requests in a table of a SQLite file (WAL mode)."""

    def __init__(self, path: str | os.PathLike[str], *, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries!r}")
        self.max_entries = max_entries
        self._conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            use_wal(self._conn, BUSY_TIMEOUT_SECONDS)
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(_SCHEMA)

    def keep(self, kept: KeptRequest) -> bool:
        row = (*_row(kept), self.max_entries)
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")  # the count and the insert see the same table
            try:
                stored = self._conn.execute(_KEEP, row).rowcount == 1
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        return stored

    def get(self, kept_id: str) -> KeptRequest | None:
        with self._lock:
            row = self._conn.execute(f"SELECT {_COLUMNS} FROM quarantine WHERE id = ?", (kept_id,)).fetchone()
        return None if row is None else _kept(row)

    def find(
        self, *, event: str | None = None, since: float | None = None, limit: int | None = None
    ) -> list[KeptRequest]:
        with self._lock:
            rows = self._conn.execute(_FIND, (event, since, -1 if limit is None else limit)).fetchall()
        return [_kept(row) for row in rows]

    def update(self, kept_id: str, reason: str, detail: str) -> None:
        with self._lock:
            self._conn.execute("UPDATE quarantine SET reason = ?, detail = ? WHERE id = ?", (reason, detail, kept_id))

    def remove(self, kept_id: str) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM quarantine WHERE id = ?", (kept_id,))

    def count(self) -> int:
        with self._lock:
            (count,) = self._conn.execute("SELECT count(*) FROM quarantine").fetchone()
        return int(count)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _row(kept: KeptRequest) -> tuple[Any, ...]:
    headers = json.dumps(kept.headers, ensure_ascii=False)
    return (kept.id, kept.received_at, kept.reason, kept.detail, kept.event, kept.method, kept.path, kept.query,
            headers, kept.body)  # fmt: skip


def _kept(row: tuple[Any, ...]) -> KeptRequest:
    id_, received_at, reason, detail, event, method, path, query, headers, body = row
    pairs = tuple((str(k), str(v)) for k, v in json.loads(headers))
    return KeptRequest(id_, received_at, reason, detail, event, method, path, bytes(query), pairs, bytes(body))
