# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The seen-id store in a SQLite file."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Final, TypeVar

from ...storage.sqlite import use_wal
from .store import DEFAULT_LEASE_SECONDS, DEFAULT_TTL_SECONDS, PURGE_INTERVAL_SECONDS, Claim, positive

__all__ = ["SQLiteStore"]

SQLITE_BUSY_TIMEOUT_SECONDS: Final = 10.0
_T = TypeVar("_T")

# `owner` is NULL for done rows, and for in-flight rows written before claims had owners (nobody can release
# those: they expire with their lease).
_SQLITE_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS seen (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    expires_at REAL NOT NULL,
    owner TEXT
) WITHOUT ROWID
"""
_SQLITE_COLUMNS: Final = "SELECT name FROM pragma_table_info('seen')"
_SQLITE_ADD_OWNER: Final = "ALTER TABLE seen ADD COLUMN owner TEXT"  # a file made by the version without owners
# The WHERE makes the upsert a no-op while an unexpired row exists; rowcount then tells the outcome.
_SQLITE_CLAIM: Final = """
INSERT INTO seen (key, state, expires_at, owner) VALUES (?1, 'in_progress', ?2, ?4)
ON CONFLICT (key) DO UPDATE SET state = 'in_progress', expires_at = excluded.expires_at, owner = excluded.owner
WHERE seen.expires_at <= ?3
"""
_SQLITE_COMPLETE: Final = "INSERT OR REPLACE INTO seen (key, state, expires_at, owner) VALUES (?, 'done', ?, NULL)"
_SQLITE_RELEASE: Final = "DELETE FROM seen WHERE key = ? AND state = 'in_progress' AND owner = ?"
_SQLITE_STATE: Final = "SELECT state FROM seen WHERE key = ?"
_SQLITE_PURGE: Final = "DELETE FROM seen WHERE expires_at <= ?"


class SQLiteStore:
    """A store in a SQLite file, shared by the threads and processes that open the same path."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._conn = sqlite3.connect(
            path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        self._lock = threading.Lock()
        self._last_purge = -PURGE_INTERVAL_SECONDS
        with self._lock:
            use_wal(self._conn, SQLITE_BUSY_TIMEOUT_SECONDS)
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._transaction(self._create_or_upgrade)

    def claim(self, key: str, *, owner: str, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        positive(lease, "lease")
        with self._lock:
            self._maybe_purge()
            return self._transaction(lambda: self._claim_in_transaction(key, owner, lease))

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        """Mark `key` as handled, whoever holds it (see `SeenStore.complete`)."""
        positive(ttl, "ttl")
        with self._lock:
            self._conn.execute(_SQLITE_COMPLETE, (key, time.time() + ttl))

    def release(self, key: str, *, owner: str) -> None:
        with self._lock:
            self._conn.execute(_SQLITE_RELEASE, (key, owner))

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def _transaction(self, body: Callable[[], _T]) -> _T:
        """`body` in a write transaction (taken up front, so that concurrent writers queue instead of deadlocking)."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            result = body()
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return result

    def _create_or_upgrade(self) -> None:
        self._conn.execute(_SQLITE_SCHEMA)
        if "owner" not in {name for (name,) in self._conn.execute(_SQLITE_COLUMNS)}:
            self._conn.execute(_SQLITE_ADD_OWNER)

    def _claim_in_transaction(self, key: str, owner: str, lease: float) -> Claim:
        now = time.time()  # wall clock, not monotonic: other processes compare against the same rows
        if self._conn.execute(_SQLITE_CLAIM, (key, now + lease, now, owner)).rowcount == 1:
            return Claim.NEW
        (state,) = self._conn.execute(_SQLITE_STATE, (key,)).fetchone()
        return Claim(state)

    def _maybe_purge(self) -> None:
        if time.monotonic() - self._last_purge >= PURGE_INTERVAL_SECONDS:
            self._last_purge = time.monotonic()
            self._conn.execute(_SQLITE_PURGE, (time.time(),))
