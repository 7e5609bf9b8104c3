# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The SQLite outbox's connections: one per thread to the same file, each with its pragmas and its cache of the
subscriptions, and transactions that are committed or rolled back and reported as `OutboxError`."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from ...storage.sqlite import use_wal
from ..interface import OutboxError, Subscription

__all__ = ["BEGIN_READ", "BEGIN_WRITE", "Connection", "Connections"]

AUTOCHECKPOINT_BYTES = 80 * 1024 * 1024  # of WAL; SQLite's 1,000 pages put a checkpoint in every ~150th emit
BEGIN_WRITE: Final = "BEGIN IMMEDIATE"  # takes the write lock at once, so the transaction never deadlocks
BEGIN_READ: Final = "BEGIN DEFERRED"
WRITE_POLL_FIRST: Final = 0.00005  # seconds between tries for the write lock, doubling up to WRITE_POLL_LAST
WRITE_POLL_LAST: Final = 0.001

_ERROR_HINTS: Final = {
    sqlite3.SQLITE_BUSY: "is locked by another connection (waited {timeout} s)",
    sqlite3.SQLITE_LOCKED: "is locked by another connection (waited {timeout} s)",
    sqlite3.SQLITE_FULL: "is full (no space left on the disk, or its size limit reached)",
    sqlite3.SQLITE_READONLY: "is read-only",
    sqlite3.SQLITE_IOERR: "had an I/O error",
    sqlite3.SQLITE_CANTOPEN: "can't be opened",
    sqlite3.SQLITE_CORRUPT: "is corrupt",
    sqlite3.SQLITE_NOTADB: "is not a SQLite database",
}


@dataclass
class Connection:
    """One thread's connection and its cache of the subscriptions (valid while the file's version is unchanged)."""

    db: sqlite3.Connection
    thread: threading.Thread
    data_version: int = -1  # PRAGMA data_version when last checked; it moves when another connection commits
    subscriptions_version: int = -1
    subscriptions: dict[int, Subscription] = field(default_factory=dict)
    routes: dict[str, tuple[int, ...]] = field(default_factory=dict)  # event name -> enabled matching ones


class Connections:
    """Every thread's connection to one outbox file."""

    def __init__(
        self, path: Path, *, timeout: float, synchronous: Literal["NORMAL", "FULL"], max_bytes: int | None
    ) -> None:
        self.path, self.timeout, self._synchronous, self._max_bytes = path, timeout, synchronous, max_bytes
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[Connection] = []
        self._closed = False

    @contextmanager
    def transaction(self, begin: str = BEGIN_WRITE) -> Iterator[Connection]:
        """One transaction on this thread's connection: committed, or rolled back and reported as OutboxError."""
        try:
            c = self.mine()
            if begin == BEGIN_WRITE:
                self._begin_write(c.db)
            else:
                c.db.execute(begin)
            try:
                yield c
                c.db.execute("COMMIT")
            except BaseException:
                if c.db.in_transaction:
                    with suppress(sqlite3.Error):
                        c.db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise self.error(error) from error

    def _begin_write(self, db: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE, waiting up to `timeout` for the write lock by polling every 50 µs to 1 ms. SQLite's own
        busy handler sleeps 1, 2, 5, 10, 15… ms between tries: a writer behind a transaction of a fraction of a
        millisecond (a worker's, in another process) would wait several milliseconds."""
        db.execute("PRAGMA busy_timeout = 0")
        try:
            deadline, pause = time.monotonic() + self.timeout, WRITE_POLL_FIRST
            while True:
                try:
                    db.execute(BEGIN_WRITE)
                    return
                except sqlite3.OperationalError as error:
                    if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                        raise
                time.sleep(pause)
                pause = min(pause * 2, WRITE_POLL_LAST)
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    def mine(self) -> Connection:
        """This thread's connection, opened on first use."""
        mine: Connection | None = getattr(self._local, "connection", None)
        if mine is not None and not self._closed:
            return mine
        with self._lock:
            if self._closed:
                raise OutboxError(f"the outbox {self.path} is closed")
            for dead in [c for c in self._open if not c.thread.is_alive()]:
                dead.db.close()  # its thread has ended: nothing else can use it
                self._open.remove(dead)
            mine = Connection(self._connect(), threading.current_thread())
            self._open.append(mine)
        self._local.connection = mine
        return mine

    def close(self) -> None:
        """Close every thread's connection; none can be opened afterwards."""
        with self._lock:
            self._closed = True
            for c in self._open:
                c.db.close()
            self._open.clear()

    def error(self, error: sqlite3.Error) -> OutboxError:
        """A SQLite error as the OutboxError that says what happened to the file."""
        code = getattr(error, "sqlite_errorcode", None)
        hint = _ERROR_HINTS.get(code & 0xFF if code is not None else -1, "failed")
        return OutboxError(f"the outbox {self.path} {hint.format(timeout=self.timeout)}: {error}")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
        try:
            use_wal(db, self.timeout)
            db.execute(f"PRAGMA synchronous = {self._synchronous}")
            (page_size,) = db.execute("PRAGMA page_size").fetchone()
            # Checkpoints are the worker's job (`maintain`); this only caps the WAL if no worker runs.
            db.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_BYTES // page_size}")
            db.execute("PRAGMA foreign_keys = ON")
            if self._max_bytes is not None:
                db.execute(f"PRAGMA max_page_count = {max(1, self._max_bytes // page_size)}")
        except BaseException:
            db.close()
            raise
        return db
