# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""LISTEN on the outbox's channel, on a connection and a thread of its own: PostgreSQL sends a NOTIFY at the commit
of a transaction that made due deliveries (never at a rollback), so workers wake at once instead of at their next
poll, and an emitter learns that the application's transaction holding its events committed.

The thread makes its connection anew after a failure (a restart of the server), backing off up to `MAX_BACKOFF`
seconds, and wakes every watcher once it listens again (what was committed meanwhile was not announced)."""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Final

from ..capabilities import OnCommit

if TYPE_CHECKING:
    from psycopg import Connection
    from psycopg.rows import TupleRow

__all__ = ["Listener"]

TICK: Final = 0.5  # seconds between looks at the stop flag while nothing arrives
MAX_BACKOFF: Final = 5.0
READY_TIMEOUT: Final = 5.0  # how long `expect` waits for the thread to listen
FORGET_AFTER: Final = 3600.0  # seconds after which a transaction never announced is taken as rolled back
logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".outbox")
_tokens = itertools.count()


class Listener:
    """One thread LISTENing on `channel` for as long as the outbox is open (started at first use)."""

    def __init__(self, connect: Callable[[], Connection[TupleRow]], channel: str, where: str) -> None:
        """`connect`: a new autocommit psycopg connection; `where`: the outbox as messages name it."""
        self._connect, self._channel, self._where = connect, channel, where
        self._lock = threading.Lock()
        self._watchers: dict[int, Callable[[], None]] = {}
        self._expected: dict[str, tuple[float, OnCommit]] = {}  # token -> (when, what to call at its commit)
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, wake: Callable[[], None]) -> Callable[[], None]:
        """Call `wake()` at each announced commit; returns the function that stops it."""
        key = next(_tokens)
        with self._lock:
            self._watchers[key] = wake
        self._start()

        def unwatch() -> None:
            with self._lock:
                self._watchers.pop(key, None)

        return unwatch

    def expect(self, on_commit: OnCommit) -> str:
        """A token to send with the transaction's NOTIFY; `on_commit()` is called when it arrives (on this
        listener's thread). If the thread can't listen within READY_TIMEOUT, a warning says the call may never come."""
        token = f"{os.getpid()}:{id(self):x}:{next(_tokens)}"
        now = time.monotonic()
        with self._lock:
            for old in [t for t, (at, _) in self._expected.items() if now - at > FORGET_AFTER]:
                del self._expected[old]  # rolled back, or announced while the connection was down
            self._expected[token] = (now, on_commit)
        self._start()
        if not self._ready.wait(READY_TIMEOUT):
            logger.warning("not listening on %s: in-process handlers of events emitted in your transaction may not "
                           "run", self._where)  # fmt: skip
        return token

    def forget(self, token: str) -> None:
        """The transaction failed before it could commit: nothing to wait for."""
        with self._lock:
            self._expected.pop(token, None)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(TICK * 4)

    def _start(self) -> None:
        with self._lock:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="salesman-events-listen", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        backoff = 0.1
        while not self._stop.is_set():
            try:
                db = self._connect()
            except Exception as error:
                logger.debug("can't listen on %s: %s", self._where, error)
                self._stop.wait(backoff)
                backoff = min(MAX_BACKOFF, backoff * 2)
                continue
            try:
                backoff = 0.1
                self._listen(db)
            except Exception as error:
                if not self._stop.is_set():
                    logger.warning("stopped listening on %s (%s); listening again", self._where, error)
            finally:
                self._ready.clear()
                with suppress(Exception):  # already lost
                    db.close()

    def _listen(self, db: Connection[TupleRow]) -> None:
        from psycopg import sql

        db.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
        self._ready.set()
        self._wake()  # what was committed while nobody listened
        while not self._stop.is_set():
            for notice in db.notifies(timeout=TICK):
                self._arrived(notice.payload)

    def _arrived(self, token: str) -> None:
        with self._lock:
            expected = self._expected.pop(token, None) if token else None
        if expected is not None:
            try:
                expected[1]()
            except Exception:
                logger.exception("after the commit of events emitted in a transaction")
        self._wake()

    def _wake(self) -> None:
        with self._lock:
            watchers = list(self._watchers.values())
        for wake in watchers:
            try:
                wake()
            except Exception:
                logger.exception("waking a worker")
