# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The PostgreSQL outbox's own connections: one per thread, in autocommit (each statement its own transaction, an
explicit transaction where an operation takes several), checked before use and made anew after a failure, with
every error reported as an `OutboxError` that says where and why."""

from __future__ import annotations

import re
import select
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ..interface import OutboxError

if TYPE_CHECKING:
    from psycopg import Connection
    from psycopg.rows import TupleRow

__all__ = ["Connections", "connect", "hidden_password"]

APPLICATION_NAME: Final = "salesman-events"


def hidden_password(url: str) -> str:
    """The URL as it may be shown in a message: without its user info."""
    return re.sub(r"//[^@/]*@", "//", url)


def connect(conninfo: str, timeout: float) -> Connection[TupleRow]:
    """A new autocommit connection (psycopg's errors are left to the caller)."""
    import psycopg

    return psycopg.connect(
        conninfo, autocommit=True, connect_timeout=max(1, round(timeout)), application_name=APPLICATION_NAME
    )


@dataclass
class _Mine:
    db: Connection[TupleRow]
    thread: threading.Thread


class Connections:
    """Every thread's connection to one database."""

    def __init__(self, conninfo: str, where: str, *, timeout: float, setup: str = "") -> None:
        """`where`: the outbox as messages name it (no password); `timeout`: seconds to connect; `setup`: a
        statement each new connection runs first (a `SET`)."""
        import psycopg

        self._conninfo, self.where, self._timeout, self._setup = conninfo, where, timeout, setup
        self._unreachable: type[Exception] = psycopg.OperationalError
        self._failed: type[Exception] = psycopg.Error
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[_Mine] = []
        self._closed = False

    @contextmanager
    def session(self) -> Iterator[Connection[TupleRow]]:
        """This thread's connection for one or more statements; psycopg's errors become OutboxError, and a
        connection that failed is closed (the next call makes a new one)."""
        db = self._mine()
        try:
            yield db
        except self._failed as error:
            if db.broken or db.closed or isinstance(error, self._unreachable):
                self._drop()
            raise self.error(error) from error

    @contextmanager
    def transaction(self) -> Iterator[Connection[TupleRow]]:
        """`session` in one transaction: committed at the end of the block, or rolled back."""
        with self.session() as db, db.transaction():
            yield db

    def error(self, error: Exception) -> OutboxError:
        """psycopg's error as the OutboxError that tells what happened."""
        if isinstance(error, OutboxError):
            return error
        how = "is unreachable" if isinstance(error, self._unreachable) else "failed"
        return OutboxError(f"the PostgreSQL outbox {self.where} {how}: {str(error).strip()}")

    def close(self) -> None:
        """Close every thread's connection; none can be opened afterwards."""
        with self._lock:
            self._closed = True
            for mine in self._open:
                mine.db.close()
            self._open.clear()

    def _mine(self) -> Connection[TupleRow]:
        mine: _Mine | None = getattr(self._local, "mine", None)
        if mine is not None and not self._closed and _usable(mine.db):
            return mine.db
        if mine is not None:
            self._drop()
        with self._lock:
            if self._closed:
                raise OutboxError(f"the PostgreSQL outbox {self.where} is closed")
            for gone in [m for m in self._open if not m.thread.is_alive()]:
                gone.db.close()  # its thread has ended: nothing else can use it
                self._open.remove(gone)
        try:
            db = connect(self._conninfo, self._timeout)
            if self._setup:
                db.execute(self._setup)  # a constant of the outbox's own
        except self._failed as error:
            raise self.error(error) from error
        mine = _Mine(db, threading.current_thread())
        with self._lock:
            self._open.append(mine)
        self._local.mine = mine
        return db

    def _drop(self) -> None:
        """Close this thread's connection."""
        mine: _Mine | None = getattr(self._local, "mine", None)
        self._local.mine = None
        if mine is not None:
            with self._lock, suppress(ValueError):
                self._open.remove(mine)
            with suppress(Exception):
                mine.db.close()


def _usable(db: Connection[TupleRow]) -> bool:
    """False for a connection known to be lost: closed, broken, or (idle, so nothing is due from the server) with
    something to read, which is the server's goodbye (a restart, a terminated backend). A check without a round
    trip, so that the first operation after a restart of the server is not lost to the old connection."""
    if db.closed or db.broken:
        return False
    try:
        readable, _, _ = select.select([db.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable
